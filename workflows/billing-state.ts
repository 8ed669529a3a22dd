// The seller's carried billing state: a fresh one for a new seller, the one an older run carried
// made exact, and the view of it a dashboard queries.
import {
  billingCycleContaining,
  ladderLimitMinor,
  microsTotalOf,
  nextLadderStepMinor,
  planCharge,
  type CreditLadder,
} from '../rules';
import type {
  BillingStateView,
  CarriedBillingState,
  CreditLadderProgress,
  SellerBillingInput,
} from './messages';

export function freshState(input: SellerBillingInput, nowMs: number): CarriedBillingState {
  const cycle = billingCycleContaining(nowMs, input.settings.timeZone);
  return {
    status: 'active',
    cycleStartsAtMs: cycle.startsAtMs,
    cycleEndsAtMs: cycle.endsAtMs,
    unbilledMicros: 0,
    creditLimitMinor: input.creditLimitMinor,
    pendingCreditLimitMinor: null,
    spendThisCycleMicros: '0',
    lateSpendThisCycleMicros: '0',
    spendByCampaignMicros: {},
    spendAlertSent: false,
    chargeSequence: 1,
    chargeAttempt: 1,
    pausedCampaignIds: [],
    dunning: null,
    lastPayment: null,
    appliedBatchIds: [],
    lifetimeSpendMicros: '0',
    lifetimeChargedMicros: '0',
    appliedCommandIds: [],
    configVersion: NO_CONFIG_VERSION,
    creditLadder: ladderAtBase(input.creditLimitMinor),
    queuedCredits: [],
    lifetimeCreditedMicros: '0',
    projectionVersion: 0,
  };
}

/** R12: at the base of the ladder, no charge counted yet. */
export function ladderAtBase(baseLimitMinor: number): CreditLadderProgress {
  return { baseLimitMinor, earnedLimitMinor: null, chargesInARow: 0 };
}

/** Below every stored version: the first delivered reading always applies. */
const NO_CONFIG_VERSION = -1;

/** The carried state with every total as a decimal string (older runs carried numbers) and the
 * command fields older runs did not carry. */
export function upgradeCarried(carried: CarriedBillingState): CarriedBillingState {
  return {
    ...carried,
    appliedCommandIds: carried.appliedCommandIds ?? [],
    configVersion: carried.configVersion ?? NO_CONFIG_VERSION,
    creditLadder:
      carried.creditLadder ??
      ladderAtBase(carried.pendingCreditLimitMinor ?? carried.creditLimitMinor),
    queuedCredits: carried.queuedCredits ?? [],
    lifetimeCreditedMicros: microsTotalOf(carried.lifetimeCreditedMicros ?? '0'),
    projectionVersion: carried.projectionVersion ?? 0,
    spendThisCycleMicros: microsTotalOf(carried.spendThisCycleMicros),
    lateSpendThisCycleMicros: microsTotalOf(carried.lateSpendThisCycleMicros),
    spendByCampaignMicros: Object.fromEntries(
      Object.entries(carried.spendByCampaignMicros).map(([id, micros]) => [
        id,
        microsTotalOf(micros),
      ]),
    ),
    lifetimeSpendMicros: microsTotalOf(carried.lifetimeSpendMicros),
    lifetimeChargedMicros: microsTotalOf(carried.lifetimeChargedMicros),
  };
}

/** What a dashboard sees of the state, from the `billingState` query. */
export function billingStateView(
  input: SellerBillingInput,
  state: CarriedBillingState,
  chargeInFlight: boolean,
  ladder: CreditLadder | null = null,
): BillingStateView {
  const { marketplaceId, sellerId, settings } = input;
  return {
    marketplaceId,
    sellerId,
    currency: settings.currency,
    status: state.status,
    cycle: {
      startsAt: new Date(state.cycleStartsAtMs).toISOString(),
      endsAt: new Date(state.cycleEndsAtMs).toISOString(),
    },
    unbilledMicros: state.unbilledMicros,
    creditLimitMinor: state.creditLimitMinor,
    pendingCreditLimitMinor: state.pendingCreditLimitMinor,
    spendThisCycleMicros: state.spendThisCycleMicros,
    lateSpendThisCycleMicros: state.lateSpendThisCycleMicros,
    spendByCampaignMicros: { ...state.spendByCampaignMicros },
    carriedBelowMinimum:
      state.unbilledMicros > 0 &&
      planCharge(state.unbilledMicros, settings.currency, settings.minimumChargeMinor) === null,
    chargeInFlight,
    lastPayment: state.lastPayment,
    dunning: state.dunning,
    pausedCampaignIds: [...state.pausedCampaignIds],
    lifetimeSpendMicros: state.lifetimeSpendMicros,
    lifetimeChargedMicros: state.lifetimeChargedMicros,
    creditLadder: ladderView(ladder, state.creditLadder),
  };
}

function ladderView(
  ladder: CreditLadder | null,
  progress: CreditLadderProgress | undefined,
): BillingStateView['creditLadder'] {
  if (!ladder || !progress) return null;
  const held = ladderLimitMinor(progress.baseLimitMinor, ladder, progress.earnedLimitMinor);
  return {
    chargesInARow: progress.chargesInARow,
    chargesPerStep: ladder.chargesPerStep,
    nextStepMinor: nextLadderStepMinor(ladder, held),
  };
}
