// What each billing event says to each recipient: subject and body with the amount, currency,
// card, receipt number or failure reason, and what to do next.
import { formatMinor, microsPerMinorUnit } from '../rules';
import type { BillingEvent } from '../workflows/activity-contracts';

export type RecipientRole = 'seller' | 'admin';

export interface ComposedNotification {
  recipientRole: RecipientRole;
  subject: string;
  body: string;
}

export function composeNotifications(
  event: BillingEvent,
  names: { sellerName: string; marketplaceName: string },
): ComposedNotification[] {
  switch (event.kind) {
    case 'payment_succeeded': {
      const amount = formatMinor(event.amountMinor, event.currency);
      const card = `${event.cardBrand} ending ${event.cardLast4}`;
      const resumed =
        event.resumedCampaignIds.length > 0
          ? ` ${event.resumedCampaignIds.length} paused campaign(s) are running again.`
          : '';
      return [
        {
          recipientRole: 'seller',
          subject: `Payment of ${amount} received`,
          body: `We charged ${amount} to your ${card}. Receipt no. ${event.receiptNumber}.${resumed}`,
        },
        {
          recipientRole: 'admin',
          subject: `${names.sellerName} paid ${amount}`,
          body: `${names.sellerName} paid ${amount} with a ${card}. Receipt no. ${event.receiptNumber} is in the Payments tab.${resumed}`,
        },
      ];
    }
    case 'payment_failed': {
      const amount = formatMinor(event.amountMinor, event.currency);
      const next = event.nextRetryAt ? ` We will try again on ${event.nextRetryAt}.` : '';
      const action = event.requiresAction
        ? 'Your bank asks you to authenticate this payment: open Manage payments and confirm it, or add another card.'
        : 'Update your card under Manage payments and we will retry at once.';
      const paused =
        event.pausedCampaignIds.length > 0
          ? ` Your ${event.pausedCampaignIds.length} active campaign(s) are paused until a payment succeeds.`
          : '';
      return [
        {
          recipientRole: 'seller',
          subject: `Payment of ${amount} failed`,
          body: `We could not charge ${amount}: ${event.failureMessage}${paused} ${action}${next}`,
        },
        {
          recipientRole: 'admin',
          subject: `Payment of ${amount} by ${names.sellerName} failed`,
          body: `The charge of ${amount} to ${names.sellerName} failed (${event.failureCode}: ${event.failureMessage}).${paused}${next}`,
        },
      ];
    }
    case 'seller_delinquent': {
      const amount = formatMinor(event.amountMinor, event.currency);
      return [
        {
          recipientRole: 'seller',
          subject: 'Your campaigns stay paused: payment overdue',
          body: `Every retry of the ${amount} payment failed (${event.failureMessage}). Your campaigns stay paused until you update your card under Manage payments and the payment succeeds.`,
        },
        {
          recipientRole: 'admin',
          subject: `${names.sellerName} is delinquent`,
          body: `Every scheduled retry of ${names.sellerName}'s ${amount} payment failed. Its campaigns stay paused until it updates its card and a payment succeeds.`,
        },
      ];
    }
    case 'spend_alert': {
      const unbilledMinor = Math.floor(event.unbilledMicros / microsPerMinorUnit(event.currency));
      const unbilled = formatMinor(unbilledMinor, event.currency);
      const limit = formatMinor(event.creditLimitMinor, event.currency);
      return [
        {
          recipientRole: 'seller',
          subject: `You have used ${event.percent}% of your credit limit`,
          body: `Your unbilled spend is ${unbilled} of your ${limit} credit limit. Your card will be charged when it reaches the limit; your campaigns keep running.`,
        },
      ];
    }
  }
}
