// A seller as its admins and it itself see it: billing mode and reason, its credit-limit
// override, whether its reported spend flows to billing, and its live billing state.
import type { Seller, SpendRelayHold } from '../generated/prisma';
import type { BillingStateView } from '../workflows/messages';

/** Whether the seller's reported spend reaches its billing, and if not, why (spend/relay.ts). */
function spendRelayView(hold: SpendRelayHold | undefined) {
  return hold
    ? { status: 'held', reason: hold.reason, since: hold.heldAt, retryAt: hold.retryAt }
    : { status: 'flowing' };
}

export function sellerView(seller: Seller, hold: SpendRelayHold | undefined) {
  return {
    id: seller.id,
    name: seller.name,
    email: seller.email,
    billingMode: seller.billingMode,
    billingModeReason: seller.billingModeReason,
    creditLimitOverrideMinor:
      seller.creditLimitOverrideMinor === null ? null : Number(seller.creditLimitOverrideMinor),
    spendRelay: spendRelayView(hold),
  };
}

export function billingView(state: BillingStateView) {
  return {
    status: state.status,
    cycle: state.cycle,
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
