// The seller billing workflow's input, state view and messages (signals, the update and the query).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CreditLadder } from '../rules/credit-ladder';
import type { MicrosTotal } from '../rules/micros-total';

export type BillingStatus = 'active' | 'past_due' | 'delinquent';
export type ChargeReason = 'credit_limit' | 'cycle_end' | 'dunning_retry' | 'card_updated';

export interface BillingSettings {
  currency: string;
  timeZone: string;
  minimumChargeMinor: number;
  /** Days after the first failure on which dunning retries (e.g. [1, 3, 7]). */
  dunningScheduleDays: number[];
  /** Percent of the credit limit at which the seller gets a spend alert once per cycle. */
  spendAlertPercent: number;
  /** R12: the ladder the seller climbs; null or absent when off or the seller has an override. */
  creditLadder?: CreditLadder | null;
}

export interface SellerBillingInput {
  marketplaceId: string;
  sellerId: string;
  settings: BillingSettings;
  creditLimitMinor: number;
  /** For people reading the workflow in the Temporal UI; absent in runs started before it. */
  names?: { seller: string; marketplace: string };
  /** Continue as new once history reaches this many events (Temporal also suggests it on its own). */
  continueAsNewAfterEvents?: number;
  /** Present when the workflow continues as new: everything carried from the previous run. */
  carried?: CarriedBillingState;
}

export interface LastPayment {
  idempotencyKey: string;
  amountMinor: number;
  status: 'succeeded' | 'failed' | 'requires_action';
  reason: ChargeReason;
  at: string;
  failureCode?: string;
  failureMessage?: string;
}

export interface DunningState {
  failedAttempts: number;
  /** Scheduled retries already made (the initial failure counts as 0). */
  scheduledRetriesDone: number;
  firstFailedAt: string;
  lastFailureCode: string;
  lastFailureMessage: string;
  requiresAction: boolean;
  /** When the next scheduled retry runs; null once the seller is delinquent. */
  nextRetryAt: string | null;
}

/**
 * The state carried across continue-as-new. Totals that grow without bound are decimal strings
 * (rules/micros-total.ts); releases before that carried numbers, which a new run converts.
 */
export interface CarriedBillingState {
  status: BillingStatus;
  cycleStartsAtMs: number;
  cycleEndsAtMs: number;
  unbilledMicros: number;
  creditLimitMinor: number;
  pendingCreditLimitMinor: number | null;
  spendThisCycleMicros: MicrosTotal;
  lateSpendThisCycleMicros: MicrosTotal;
  spendByCampaignMicros: Record<string, MicrosTotal>;
  spendAlertSent: boolean;
  chargeSequence: number;
  chargeAttempt: number;
  pausedCampaignIds: string[];
  dunning: DunningState | null;
  lastPayment: LastPayment | null;
  appliedBatchIds: string[];
  lifetimeSpendMicros: MicrosTotal;
  lifetimeChargedMicros: MicrosTotal;
  /** Billing commands already applied, so a redelivered one is ignored (absent before commands). */
  appliedCommandIds?: string[];
  /** The version of the stored limit and settings the run holds (absent before commands). */
  configVersion?: number;
  /** The version of the last billing projection reported (absent before projections). */
  projectionVersion?: number;
  /** Credits received and not yet applied (absent before credits, R14). */
  queuedCredits?: CreditCommand[];
  /** Micros taken off unbilled spend by credits, ever (absent before credits, R14). */
  lifetimeCreditedMicros?: MicrosTotal;
  /** R12: where the seller stands on the credit ladder (absent before graduated limits). */
  creditLadder?: CreditLadderProgress;
}

/** R12: the seller's place on the credit ladder, kept whether or not the ladder is on. */
export interface CreditLadderProgress {
  /** The stored limit the ladder starts from: the marketplace default. */
  baseLimitMinor: number;
  /** The highest step earned, in force or pending; null at the base. */
  earnedLimitMinor: number | null;
  /** Successful charges in a row since the last step earned or the last failure. */
  chargesInARow: number;
}

/** What a dashboard needs, from the `billingState` query. */
export interface BillingStateView {
  marketplaceId: string;
  sellerId: string;
  currency: string;
  status: BillingStatus;
  cycle: { startsAt: string; endsAt: string };
  unbilledMicros: number;
  creditLimitMinor: number;
  pendingCreditLimitMinor: number | null;
  spendThisCycleMicros: MicrosTotal;
  lateSpendThisCycleMicros: MicrosTotal;
  spendByCampaignMicros: Record<string, MicrosTotal>;
  /** True when unbilled spend is below the minimum charge and waits for the next charge. */
  carriedBelowMinimum: boolean;
  chargeInFlight: boolean;
  lastPayment: LastPayment | null;
  dunning: DunningState | null;
  pausedCampaignIds: string[];
  lifetimeSpendMicros: MicrosTotal;
  lifetimeChargedMicros: MicrosTotal;
  /** R12: progress toward the next step; null when the seller climbs no ladder. */
  creditLadder: {
    chargesInARow: number;
    chargesPerStep: number;
    /** The next step's limit; null at the top. */
    nextStepMinor: number | null;
  } | null;
}

export interface SpendBatchSignal {
  batchId: string;
  totalMicros: number;
  byCampaignMicros: Record<string, number>;
  /** Part of the total that occurred in a cycle already closed (billed now, shown as late). */
  lateMicros?: number;
}

/** Why a billing command was written: the seller became self-service, something its workflow
 * holds changed, or a failing payment can be retried (a new card, or the seller authenticated). */
export type BillingCommandKind =
  | 'start'
  | 'credit_limit_changed'
  | 'payment_method_updated'
  | 'payment_authenticated'
  | 'settings_changed'
  | 'credit_issued';

/**
 * The seller's stored limit and payment settings, read when a command is delivered. The version
 * rises with every change, so of two readings delivered out of order the newer one wins.
 */
export interface BillingConfig {
  version: number;
  creditLimitMinor: number;
  minimumChargeMinor: number;
  dunningScheduleDays: number[];
  spendAlertPercent: number;
  /** R12: the ladder, null when off or the seller has an override (absent before R12). */
  creditLadder?: CreditLadder | null;
}

/** A billing command from the outbox (billing-commands/): its id is applied once. */
export interface BillingCommandSignal {
  commandId: string;
  kind: BillingCommandKind;
  config: BillingConfig;
  /** With `credit_issued`: the credit to take off unbilled spend (R14). */
  credit?: CreditCommand;
}

/** A credit an admin issued against unbilled spend, as its billing command carries it. */
export interface CreditCommand {
  creditId: string;
  amountMinor: number;
}

/**
 * What lists and the spend relay need of the billing state, reported by the workflow (the
 * `recordBillingProjection` activity, the `deliverSpend` update's result). The version rises
 * with every report across runs, so of two reports stored out of order the newer one wins.
 */
export interface BillingProjection {
  marketplaceId: string;
  sellerId: string;
  version: number;
  status: BillingStatus;
  creditLimitMinor: number;
  pendingCreditLimitMinor: number | null;
  unbilledMicros: number;
  cycleStartsAtMs: number;
  cycleEndsAtMs: number;
}

/** Sent before the spend update; kept so runs that received it replay. */
export const spendSignal = defineSignal<[SpendBatchSignal]>('spend');
export const billingCommandSignal = defineSignal<[BillingCommandSignal]>('billingCommand');
/** Sent before the command outbox; kept so runs that received it replay. */
export const creditLimitChangedSignal =
  defineSignal<[{ creditLimitMinor: number }]>('creditLimitChanged');
/** Sent before the command outbox; kept so runs that received it replay. */
export const paymentMethodUpdatedSignal = defineSignal<[]>('paymentMethodUpdated');
/** A spend batch, applied once per batch id (a resent one is ignored); answers the projection. */
export const deliverSpendUpdate = defineUpdate<BillingProjection, [SpendBatchSignal]>(
  'deliverSpend',
);
export const billingStateQuery = defineQuery<BillingStateView>('billingState');
