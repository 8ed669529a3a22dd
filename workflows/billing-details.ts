// What an operator reads in the Temporal Web UI about one seller's billing workflow: a one-line
// summary fixed at start, and current details the workflow refreshes as its state moves. Pure
// and deterministic (workflow code), built from the billing state view.
import { formatMinor, microsPerMinorUnit } from '../rules';
import type { BillingStateView, ChargeReason, SellerBillingInput } from './messages';

/** Who the workflow bills, in one line: "Demo Seller · Demo Marketplace (USD)". */
export function billingSummary(input: SellerBillingInput): string {
  const seller = input.names?.seller ?? `seller ${input.sellerId}`;
  const marketplace = input.names?.marketplace ?? `marketplace ${input.marketplaceId}`;
  return `${seller} · ${marketplace} (${input.settings.currency})`;
}

/** Fixed at start, under the summary: whom the ids in the workflow id name, and the terms. */
export function billingStaticDetails(input: SellerBillingInput): string {
  const { settings } = input;
  return [
    `Seller: **${input.names?.seller ?? 'unnamed'}** (${input.sellerId})`,
    `Marketplace: **${input.names?.marketplace ?? 'unnamed'}** (${input.marketplaceId})`,
    `Currency ${settings.currency}, cycles in ${settings.timeZone}`,
    `Credit limit at start: ${formatMinor(input.creditLimitMinor, settings.currency)}`,
  ].join('\n');
}

const CHARGE_REASONS: Record<ChargeReason, string> = {
  credit_limit: 'the credit limit was reached',
  cycle_end: 'the cycle ended',
  dunning_retry: 'a dunning retry',
  card_updated: 'the card was updated',
};

/** The state an operator needs, as Temporal markdown: status, money, the next charge, dunning. */
export function billingDetails(input: SellerBillingInput, view: BillingStateView): string {
  const money = (minor: number) => formatMinor(minor, view.currency);
  const unbilledMinor = Math.floor(view.unbilledMicros / microsPerMinorUnit(view.currency));
  const pending =
    view.pendingCreditLimitMinor === null
      ? ''
      : `; **${money(view.pendingCreditLimitMinor)}** from the next cycle`;
  const lines = [
    `**${billingSummary(input)}**`,
    `Status: **${view.status}**${view.chargeInFlight ? ' (charging now)' : ''}`,
    `Unbilled: **${money(unbilledMinor)}** of a **${money(view.creditLimitMinor)}** limit${pending}`,
    `Cycle: ${readable(view.cycle.startsAt)} → ${readable(view.cycle.endsAt)}`,
    `Next charge: ${nextCharge(view)}`,
  ];
  if (view.lastPayment) {
    const { status, amountMinor, reason, at } = view.lastPayment;
    lines.push(
      `Last payment: ${status}, ${money(amountMinor)} (${CHARGE_REASONS[reason]}) at ${readable(at)}`,
    );
  }
  if (view.dunning) {
    const { failedAttempts, lastFailureCode, nextRetryAt } = view.dunning;
    lines.push(
      `Dunning: ${failedAttempts} failed (${lastFailureCode}); ${nextRetryAt ? `next retry ${readable(nextRetryAt)}` : 'no retry left: waits for a new card'}`,
    );
  }
  if (view.pausedCampaignIds.length > 0) {
    lines.push(`Campaigns paused by billing: ${view.pausedCampaignIds.length}`);
  }
  return lines.join('\n');
}

function nextCharge(view: BillingStateView): string {
  if (view.status === 'active')
    return `at the credit limit, or at the cycle end (${readable(view.cycle.endsAt)})`;
  if (view.dunning?.nextRetryAt)
    return `dunning retry at ${readable(view.dunning.nextRetryAt)}, or when the card is updated`;
  return 'when the seller updates its card';
}

/** An instant as a person writes it, "2026-12-01 00:00 UTC", rather than ISO 8601 to the ms. */
function readable(iso: string): string {
  return iso.replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d(?:\.\d+)?Z$/, '$1 $2 UTC');
}
