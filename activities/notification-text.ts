// What each billing event says to each recipient: subject and body with the amount, currency,
// card, receipt link or failure reason, and what to do next.
import { formatMinor, microsPerMinorUnit } from '../rules';
import type { BillingEvent } from '../workflows/activity-contracts';

export type RecipientRole = 'seller' | 'admin';

export interface ComposedNotification {
  recipientRole: RecipientRole;
  subject: string;
  body: string;
}

export interface NotificationContext {
  sellerName: string;
  marketplaceName: string;
  /** Base of the links in the text (PUBLIC_API_URL). */
  publicApiUrl: string;
  /** The seller's default card: the one a failed charge was made to, if it has one. */
  defaultCard: { brand: string; last4: string } | null;
}

/** Where the seller and the admins download a payment's receipt (GET …/receipt.pdf). */
function receiptUrl(publicApiUrl: string, paymentId: string): string {
  return `${publicApiUrl.replace(/\/+$/, '')}/v1/payments/${paymentId}/receipt.pdf`;
}

/** Where the seller and the admins download a credit note (credits and refunds, R14). */
function creditNoteUrl(publicApiUrl: string, kind: 'credits' | 'refunds', id: string): string {
  return `${publicApiUrl.replace(/\/+$/, '')}/v1/${kind}/${id}/credit-note.pdf`;
}

export function composeNotifications(
  event: BillingEvent,
  context: NotificationContext,
): ComposedNotification[] {
  switch (event.kind) {
    case 'payment_succeeded': {
      const amount = formatMinor(event.amountMinor, event.currency);
      const card = `${event.cardBrand} ending ${event.cardLast4}`;
      const receipt = `Receipt no. ${event.receiptNumber}: ${receiptUrl(context.publicApiUrl, event.paymentId)}`;
      const resumed =
        event.resumedCampaignIds.length > 0
          ? ` ${event.resumedCampaignIds.length} paused campaign(s) are running again.`
          : '';
      const failed = event.defaultCardFailure;
      const defaultFailed = failed
        ? ` The default card, ${failed.cardBrand} ending ${failed.cardLast4}, failed (${failed.failureMessage}), so a backup card paid.`
        : '';
      const sellerNext = failed
        ? 'Check your default card under Manage payments, or make the card that paid your default.'
        : 'Nothing else to do: your campaigns keep running.';
      return [
        {
          recipientRole: 'seller',
          subject: `Payment of ${amount} received`,
          body: `We charged ${amount} to your ${card}.${defaultFailed}${resumed}\n\n${receipt}\n${sellerNext}`,
        },
        {
          recipientRole: 'admin',
          subject: `${context.sellerName} paid ${amount}`,
          body: `${context.sellerName} paid ${amount} with a ${card}.${defaultFailed}${resumed}\n\n${receipt}\nIt is also in the Payments tab; nothing to do.`,
        },
      ];
    }
    case 'payment_failed': {
      const amount = formatMinor(event.amountMinor, event.currency);
      const card = context.defaultCard
        ? ` to ${context.defaultCard.brand} ending ${context.defaultCard.last4}`
        : '';
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
          body: `We could not charge ${amount}${card}: ${event.failureMessage}${paused} ${action}${next}`,
        },
        {
          recipientRole: 'admin',
          subject: `Payment of ${amount} by ${context.sellerName} failed`,
          body: `The charge of ${amount} to ${context.sellerName}${card} failed (${event.failureCode}: ${event.failureMessage}).${paused}${next} The seller has been asked to update its card; nothing to do unless you want to contact them.`,
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
          subject: `${context.sellerName} is delinquent`,
          body: `Every scheduled retry of ${context.sellerName}'s ${amount} payment failed. Its campaigns stay paused until it updates its card and a payment succeeds.`,
        },
      ];
    }
    case 'credit_issued': {
      const amount = formatMinor(event.amountMinor, event.currency);
      const note = `Credit note no. ${event.creditNoteNumber}: ${creditNoteUrl(context.publicApiUrl, 'credits', event.creditId)}`;
      return [
        {
          recipientRole: 'seller',
          subject: `Credit of ${amount} applied`,
          body: `${context.marketplaceName} credited ${amount} against your unbilled spend (${event.reason}). Your next charge is that much smaller.\n\n${note}`,
        },
        {
          recipientRole: 'admin',
          subject: `Credit of ${amount} to ${context.sellerName} applied`,
          body: `${amount} was taken off ${context.sellerName}'s unbilled spend (${event.reason}).\n\n${note}`,
        },
      ];
    }
    case 'payment_refunded': {
      const amount = formatMinor(event.amountMinor, event.currency);
      const note = `Credit note no. ${event.creditNoteNumber}: ${creditNoteUrl(context.publicApiUrl, 'refunds', event.refundId)}`;
      return [
        {
          recipientRole: 'seller',
          subject: `Refund of ${amount}`,
          body: `${context.marketplaceName} refunded ${amount} of a past payment to the card it was paid with (${event.reason}). Banks usually show it within 5 to 10 days.\n\n${note}`,
        },
        {
          recipientRole: 'admin',
          subject: `${context.sellerName} refunded ${amount}`,
          body: `${amount} of ${context.sellerName}'s payment was refunded (${event.reason}).\n\n${note}`,
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
    case 'credit_limit_step': {
      const now = formatMinor(event.creditLimitMinor, event.currency);
      const next = formatMinor(event.nextCreditLimitMinor, event.currency);
      const from = `from the start of your next billing cycle (${event.effectiveAt})`;
      const until =
        event.nextCreditLimitMinor === event.creditLimitMinor ? '' : ` Until then it stays ${now}.`;
      return [
        event.direction === 'up'
          ? {
              recipientRole: 'seller',
              subject: `Your credit limit rises to ${next}`,
              body: `Thanks to your successful payments in a row, your credit limit is ${next} ${from}.${until} Your card is charged less often, in larger amounts.`,
            }
          : {
              recipientRole: 'seller',
              subject: `Your credit limit returns to ${next}`,
              body: `A payment failed, so your credit limit is ${next} ${from}.${until} Successful payments in a row raise it again, step by step.`,
            },
      ];
    }
  }
}
