// A seller as its admins and it itself see it: billing mode and reason, its credit-limit
// override, whether its reported spend flows to billing (and how much waits for the relay), and
// its live billing state.
import type { Seller, SpendRelayHold } from '../generated/prisma';
import type { BillingStateView } from '../workflows/messages';
import type { SellerListItem } from './queries';

/** Whether the seller's reported spend reaches its billing, and if not, why (spend/relay.ts). */
function spendRelayView(hold: SpendRelayHold | undefined, pendingSignalMicros: number) {
  return hold
    ? {
        status: 'held',
        reason: hold.reason,
        since: hold.heldAt,
        retryAt: hold.retryAt,
        pendingSignalMicros,
      }
    : { status: 'flowing', pendingSignalMicros };
}

export function sellerView(
  seller: Seller,
  hold: SpendRelayHold | undefined,
  pendingSignalMicros: number,
) {
  return {
    id: seller.id,
    name: seller.name,
    email: seller.email,
    billingMode: seller.billingMode,
    billingModeReason: seller.billingModeReason,
    creditLimitOverrideMinor:
      seller.creditLimitOverrideMinor === null ? null : Number(seller.creditLimitOverrideMinor),
    spendRelay: spendRelayView(hold, pendingSignalMicros),
  };
}

export function billingView(state: BillingStateView) {
  return {
    status: state.status,
    cycle: state.cycle,
    // Includes the spend the relay has not signalled yet (sellers/queries.ts).
    unbilledMicros: state.unbilledMicros,
    creditLimitMinor: state.creditLimitMinor,
    pendingCreditLimitMinor: state.pendingCreditLimitMinor,
    spendThisCycleMicros: state.spendThisCycleMicros,
    spendByCampaignMicros: state.spendByCampaignMicros,
    chargeInFlight: state.chargeInFlight,
    lastPayment: state.lastPayment,
    dunning: state.dunning,
    pausedCampaignIds: state.pausedCampaignIds,
  };
}

/** A list row's billing fields: all null for a managed seller or one not reported yet. */
export function listedBillingView(billing: SellerListItem['billing']) {
  const known = billing && billing !== 'unavailable' ? billing : null;
  return {
    billingStatus: known ? known.status : billing,
    unbilledMicros: known?.unbilledMicros ?? null,
    creditLimitMinor: known?.creditLimitMinor ?? null,
    pendingCreditLimitMinor: known?.pendingCreditLimitMinor ?? null,
    cycleEndsAt: known?.cycleEndsAt ?? null,
  };
}
