// The seller's billing state and its transitions (rules R5–R8 and R11 in DESIGN.md) as a plain
// class: no Temporal, no I/O, the time passed in. The workflow shell (seller-billing.ts) runs the
// activities the core asks for and hands their results back.
import {
  addMicros,
  billingCycleContaining,
  ladderLimitMinor,
  microsPerMinorUnit,
  minorToMicros,
  nextLadderStepMinor,
  nextDunningRetryAtMs,
  planCharge,
  scheduledRetriesDoneAfter,
  type CreditLadder,
} from '../rules';
import type {
  AppliedCredit,
  BillingEvent,
  ChargeFailureDetails,
  ChargeReceipt,
  ChargeRequest,
  NotifyRequest,
} from './activity-contracts';
import { billingStateView, freshState, ladderAtBase, upgradeCarried } from './billing-state';
import type {
  BillingCommandSignal,
  BillingConfig,
  BillingProjection,
  BillingStateView,
  BillingStatus,
  CarriedBillingState,
  ChargeReason,
  CreditLadderProgress,
  SellerBillingInput,
  SpendBatchSignal,
} from './messages';

/** How many applied spend batch ids are remembered to ignore a re-sent batch (R11). */
export const REMEMBERED_BATCH_IDS = 2_000;

/** How many applied billing command ids are remembered to ignore a redelivered command. */
export const REMEMBERED_COMMAND_IDS = 500;

/** Reports a millisecond can version apart; times a 2026 instant, still a safe integer. */
const PROJECTION_VERSIONS_PER_MS = 1_024;

export type ChargeFailure = ChargeFailureDetails & { requiresAction: boolean };

/** What a due charge comes to: a charge, settling a failing seller that owes nothing chargeable,
 * or waiting because the spend is below the minimum charge and carries over (R5). */
export type ChargeStep =
  { kind: 'charge'; request: ChargeRequest } | { kind: 'settle' } | { kind: 'wait' };

export type CreditLimitStep = Extract<BillingEvent, { kind: 'credit_limit_step' }>;

export interface SucceededCharge {
  idempotencyKey: string;
  event: Extract<BillingEvent, { kind: 'payment_succeeded' }>;
  /** R12: the ladder step this payment earned, if any. */
  limitStep: CreditLimitStep | null;
}

export interface FailedCharge {
  request: ChargeRequest;
  failure: ChargeFailure;
  nextRetryAt: string | null;
  /** Only a failure of an active seller pauses campaigns; a failing one's stay paused (R7). */
  pausesCampaigns: boolean;
  /** R12: the fall back to the base, when the seller was above it. */
  limitStep: CreditLimitStep | null;
}

export interface BillingCoreOptions {
  /** Whether this run applies the credit ladder (R12); false replays runs recorded before it. */
  creditLadder?: boolean;
}

/**
 * A seller is `active` (charged at the limit and at each cycle end), `past_due` (a charge failed:
 * campaigns paused, retried on the dunning schedule and when the card is updated) or `delinquent`
 * (the schedule is used up: only a card update retries). A payment makes it active again.
 */
export class SellerBillingCore {
  private readonly state: CarriedBillingState;
  private readonly appliedBatchIds: Set<string>;
  private readonly appliedCommandIds: Set<string>;
  private readonly ladderAllowed: boolean;
  private retryRequested = false;

  constructor(
    private input: SellerBillingInput,
    nowMs: number,
    options: BillingCoreOptions = {},
  ) {
    this.state = input.carried ? upgradeCarried(input.carried) : freshState(input, nowMs);
    this.appliedBatchIds = new Set(this.state.appliedBatchIds);
    this.appliedCommandIds = new Set(this.state.appliedCommandIds);
    this.ladderAllowed = options.creditLadder ?? true;
  }

  get status(): BillingStatus {
    return this.state.status;
  }

  /** The campaigns billing paused and will resume once a payment succeeds (R7). */
  get pausedCampaignIds(): string[] {
    return [...this.state.pausedCampaignIds];
  }

  /** Counts a spend batch once (R11), whatever the status and also while a charge is in flight
   * (R6). Returns false for a batch already counted. */
  accrueSpend(batch: SpendBatchSignal): boolean {
    if (this.appliedBatchIds.has(batch.batchId)) return false;
    remember(this.appliedBatchIds, batch.batchId, REMEMBERED_BATCH_IDS);
    const state = this.state;
    state.unbilledMicros += batch.totalMicros;
    state.spendThisCycleMicros = addMicros(state.spendThisCycleMicros, batch.totalMicros);
    state.lateSpendThisCycleMicros = addMicros(
      state.lateSpendThisCycleMicros,
      batch.lateMicros ?? 0,
    );
    state.lifetimeSpendMicros = addMicros(state.lifetimeSpendMicros, batch.totalMicros);
    for (const [campaignId, micros] of Object.entries(batch.byCampaignMicros)) {
      state.spendByCampaignMicros[campaignId] = addMicros(
        state.spendByCampaignMicros[campaignId],
        micros,
      );
    }
    return true;
  }

  /** A new limit waits for the next cycle; a later change replaces a pending one (R8). */
  changeCreditLimit(creditLimitMinor: number): void {
    this.ladderProgress.baseLimitMinor = creditLimitMinor;
    this.state.pendingCreditLimitMinor = creditLimitMinor;
  }

  /**
   * Applies a billing command once: the stored limit and settings it carries when they are newer
   * than those held, then what its kind asks. Returns false for a command already applied.
   */
  applyCommand(command: BillingCommandSignal): boolean {
    if (this.appliedCommandIds.has(command.commandId)) return false;
    remember(this.appliedCommandIds, command.commandId, REMEMBERED_COMMAND_IDS);
    this.applyConfig(command.config);
    if (command.kind === 'payment_method_updated' || command.kind === 'payment_authenticated') {
      this.cardUpdated();
    }
    if (command.kind === 'credit_issued' && command.credit) {
      this.state.queuedCredits = [...(this.state.queuedCredits ?? []), command.credit];
    }
    return true;
  }

  /**
   * Applies the credits received since the last step (R14): each takes off at most the whole
   * minor units then unbilled, so unbilled never goes below zero and a sub-minor remainder carries
   * as R5 says. The shell calls this only between charges: a charge in flight was planned from
   * the unbilled amount before the credit, and deducting both would drive it below zero.
   */
  applyQueuedCredits(): AppliedCredit[] {
    const state = this.state;
    const { marketplaceId, sellerId, settings } = this.input;
    const microsPerMinor = microsPerMinorUnit(settings.currency);
    const queued = state.queuedCredits ?? [];
    state.queuedCredits = [];
    return queued.map((credit) => {
      const unbilledWholeMinor = Math.floor(Math.max(state.unbilledMicros, 0) / microsPerMinor);
      const appliedMinor = Math.min(credit.amountMinor, unbilledWholeMinor);
      state.unbilledMicros -= appliedMinor * microsPerMinor;
      state.lifetimeCreditedMicros = addMicros(
        state.lifetimeCreditedMicros,
        appliedMinor * microsPerMinor,
      );
      return { marketplaceId, sellerId, creditId: credit.creditId, appliedMinor };
    });
  }

  /**
   * A limit waits for the next cycle (R8), and one equal to the limit in force cancels a pending
   * change. The minimum charge and the alert share apply from now; a dunning schedule from the
   * next failure, since a retry already scheduled keeps its date. The stored limit is the base of
   * the credit ladder (R12); switching the ladder off, or an override, forgets the steps earned.
   */
  private applyConfig(config: BillingConfig): void {
    const state = this.state;
    if (config.version <= (state.configVersion ?? -1)) return;
    state.configVersion = config.version;
    this.input = {
      ...this.input,
      settings: {
        ...this.input.settings,
        minimumChargeMinor: config.minimumChargeMinor,
        dunningScheduleDays: [...config.dunningScheduleDays],
        spendAlertPercent: config.spendAlertPercent,
        creditLadder: config.creditLadder,
      },
    };
    if (!this.ladder()) state.creditLadder = ladderAtBase(config.creditLimitMinor);
    this.ladderProgress.baseLimitMinor = config.creditLimitMinor;
    this.aimAtTargetLimit();
  }

  /** A failing seller that updates its card is retried at once (R7). */
  cardUpdated(): void {
    if (this.state.status !== 'active') this.retryRequested = true;
  }

  /** True when something is due before the next timer: a limit charge, a retry the seller asked
   * for by updating its card, a spend alert, or a credit to apply. */
  actionDue(): boolean {
    return (
      this.limitChargeDue() ||
      this.retryRequested ||
      this.alertDue() ||
      (this.state.queuedCredits?.length ?? 0) > 0
    );
  }

  /** When the next timer fires: the cycle end, or sooner the next dunning retry while past due. */
  wakeAtMs(): number {
    const { dunning, status, cycleEndsAtMs } = this.state;
    if (status !== 'past_due' || !dunning?.nextRetryAt) return cycleEndsAtMs;
    return Math.min(cycleEndsAtMs, Date.parse(dunning.nextRetryAt));
  }

  cycleEnded(nowMs: number): boolean {
    return nowMs >= this.state.cycleEndsAtMs;
  }

  /** At the cycle end an active seller is charged what is unbilled (R5b); a failing seller is
   * charged by its dunning retries instead. */
  chargesAtCycleEnd(): boolean {
    return this.state.status === 'active';
  }

  /** The charge due now, if any: a failing seller's retry first, else a limit charge (R5a). */
  chargeDue(nowMs: number): ChargeReason | null {
    if (this.retryDue(nowMs)) return this.retryRequested ? 'card_updated' : 'dunning_retry';
    return this.limitChargeDue() ? 'credit_limit' : null;
  }

  /** Once a cycle, when unbilled spend reaches the alert share of the limit: the alert to send. */
  takeSpendAlert(): NotifyRequest | null {
    if (!this.alertDue()) return null;
    this.state.spendAlertSent = true;
    const { marketplaceId, sellerId, settings } = this.input;
    return {
      marketplaceId,
      sellerId,
      dedupeKey: `spend-alert:${marketplaceId}:${sellerId}:${this.state.cycleStartsAtMs}`,
      event: {
        kind: 'spend_alert',
        unbilledMicros: this.state.unbilledMicros,
        creditLimitMinor: this.state.creditLimitMinor,
        currency: settings.currency,
        percent: settings.spendAlertPercent,
      },
    };
  }

  /** Whole minor units of the unbilled spend; the remainder and amounts below the minimum
   * charge carry over (R5). The idempotency key is the same for every retry of an attempt (R11). */
  planCharge(reason: ChargeReason): ChargeStep {
    const { marketplaceId, sellerId, settings } = this.input;
    const state = this.state;
    const plan = planCharge(state.unbilledMicros, settings.currency, settings.minimumChargeMinor);
    if (!plan) return state.status === 'active' ? { kind: 'wait' } : { kind: 'settle' };
    return {
      kind: 'charge',
      request: {
        marketplaceId,
        sellerId,
        idempotencyKey: `charge:${marketplaceId}:${sellerId}:${state.chargeSequence}:${state.chargeAttempt}`,
        chargeSequence: state.chargeSequence,
        attempt: state.chargeAttempt,
        reason,
        amountMinor: plan.amountMinor,
        currency: settings.currency,
        minimumChargeMinor: settings.minimumChargeMinor,
        cycleStartsAtMs: state.cycleStartsAtMs,
        cycleEndsAtMs: state.cycleEndsAtMs,
      },
    };
  }

  /** Deducts what the receipt covers: normally the whole charge, less when an earlier attempt was
   * settled out of band and the rest is below the minimum charge. */
  chargeSucceeded(request: ChargeRequest, receipt: ChargeReceipt, nowMs: number): SucceededCharge {
    const state = this.state;
    const coveredMicros = minorToMicros(receipt.coveredMinor, request.currency);
    state.unbilledMicros -= coveredMicros;
    state.lifetimeChargedMicros = addMicros(state.lifetimeChargedMicros, coveredMicros);
    state.chargeSequence += 1;
    state.chargeAttempt = 1;
    state.lastPayment = {
      idempotencyKey: request.idempotencyKey,
      amountMinor: receipt.coveredMinor,
      status: 'succeeded',
      reason: request.reason,
      at: new Date(nowMs).toISOString(),
    };
    return {
      idempotencyKey: request.idempotencyKey,
      event: {
        kind: 'payment_succeeded',
        amountMinor: receipt.amountMinor,
        currency: request.currency,
        cardBrand: receipt.cardBrand,
        cardLast4: receipt.cardLast4,
        paymentId: receipt.paymentId,
        receiptNumber: receipt.receiptNumber,
        resumedCampaignIds: [],
        ...(receipt.defaultCardFailure ? { defaultCardFailure: receipt.defaultCardFailure } : {}),
      },
      limitStep: this.climbLadder(),
    };
  }

  /** Paid, or nothing chargeable is owed: the seller is active again once the campaigns billing
   * paused are resumed (R7). Returns the payment notification to send, if a payment was made. */
  settled(succeeded: SucceededCharge | null, resumedCampaignIds: string[]): NotifyRequest[] {
    this.state.pausedCampaignIds = [];
    this.state.status = 'active';
    this.state.dunning = null;
    this.retryRequested = false;
    if (!succeeded) return [];
    const notices = [
      this.notice(`${succeeded.idempotencyKey}:succeeded`, {
        ...succeeded.event,
        resumedCampaignIds,
      }),
    ];
    if (succeeded.limitStep) {
      notices.push(this.notice(`${succeeded.idempotencyKey}:credit-limit`, succeeded.limitStep));
    }
    return notices;
  }

  /** Records a failed charge and schedules the next retry from the first failure (R7); the
   * status moves once the shell has paused campaigns (`failureRecorded`). */
  chargeFailed(request: ChargeRequest, failure: ChargeFailure, nowMs: number): FailedCharge {
    const state = this.state;
    const nowIso = new Date(nowMs).toISOString();
    state.chargeAttempt += 1;
    state.lastPayment = {
      idempotencyKey: request.idempotencyKey,
      amountMinor: request.amountMinor,
      status: failure.requiresAction ? 'requires_action' : 'failed',
      reason: request.reason,
      at: nowIso,
      failureCode: failure.code,
      failureMessage: failure.message,
    };
    const firstFailedAt = state.dunning?.firstFailedAt ?? nowIso;
    const scheduledRetriesDone = scheduledRetriesDoneAfter(
      state.dunning?.scheduledRetriesDone ?? null,
      request.reason === 'card_updated',
    );
    const nextRetryAtMs = nextDunningRetryAtMs(
      this.input.settings.dunningScheduleDays,
      scheduledRetriesDone,
      Date.parse(firstFailedAt),
      nowMs,
    );
    const nextRetryAt = nextRetryAtMs === null ? null : new Date(nextRetryAtMs).toISOString();
    state.dunning = {
      failedAttempts: (state.dunning?.failedAttempts ?? 0) + 1,
      scheduledRetriesDone,
      firstFailedAt,
      lastFailureCode: failure.code,
      lastFailureMessage: failure.message,
      requiresAction: failure.requiresAction,
      nextRetryAt,
    };
    this.retryRequested = false;
    return {
      request,
      failure,
      nextRetryAt,
      pausesCampaigns: state.status === 'active',
      limitStep: this.fallBackToBase(),
    };
  }

  /** After the pause: past due while retries remain, delinquent once they are used up. Returns
   * the failure notification, and the delinquency one the first time. */
  failureRecorded(failed: FailedCharge, pausedNowCampaignIds: string[]): NotifyRequest[] {
    const { request, failure, nextRetryAt } = failed;
    if (failed.pausesCampaigns) this.state.pausedCampaignIds = pausedNowCampaignIds;
    const becameDelinquent = nextRetryAt === null && this.state.status !== 'delinquent';
    this.state.status = nextRetryAt === null ? 'delinquent' : 'past_due';
    const notices = [
      this.notice(`${request.idempotencyKey}:failed`, {
        kind: 'payment_failed',
        amountMinor: request.amountMinor,
        currency: request.currency,
        failureCode: failure.code,
        failureMessage: failure.message,
        requiresAction: failure.requiresAction,
        nextRetryAt,
        pausedCampaignIds: failed.pausesCampaigns ? pausedNowCampaignIds : [],
      }),
    ];
    if (becameDelinquent) {
      notices.push(
        this.notice(`${request.idempotencyKey}:delinquent`, {
          kind: 'seller_delinquent',
          amountMinor: request.amountMinor,
          currency: request.currency,
          failureMessage: failure.message,
        }),
      );
    }
    if (failed.limitStep) {
      notices.push(this.notice(`${request.idempotencyKey}:credit-limit`, failed.limitStep));
    }
    return notices;
  }

  /** Rolls into the next cycle: a pending limit takes effect now (R8). */
  startNextCycle(): void {
    const state = this.state;
    const next = billingCycleContaining(state.cycleEndsAtMs, this.input.settings.timeZone);
    state.cycleStartsAtMs = next.startsAtMs;
    state.cycleEndsAtMs = next.endsAtMs;
    if (state.pendingCreditLimitMinor !== null) {
      state.creditLimitMinor = state.pendingCreditLimitMinor;
      state.pendingCreditLimitMinor = null;
    }
    state.spendThisCycleMicros = '0';
    state.lateSpendThisCycleMicros = '0';
    state.spendByCampaignMicros = {};
    state.spendAlertSent = false;
  }

  /** The next run's input when the workflow continues as new: the settings in force and the
   * state carried. */
  continuation(): SellerBillingInput {
    return {
      ...this.input,
      carried: {
        ...this.state,
        appliedBatchIds: [...this.appliedBatchIds],
        appliedCommandIds: [...this.appliedCommandIds],
      },
    };
  }

  view(chargeInFlight: boolean): BillingStateView {
    return billingStateView(this.input, this.state, chargeInFlight, this.ladder());
  }

  /** R12: the ladder this seller climbs, if its marketplace has one and it has no override. */
  private ladder(): CreditLadder | null {
    return this.ladderAllowed ? (this.input.settings.creditLadder ?? null) : null;
  }

  private get ladderProgress(): CreditLadderProgress {
    this.state.creditLadder ??= ladderAtBase(this.state.creditLimitMinor);
    return this.state.creditLadder;
  }

  /** The limit the seller is due from the next cycle: the base, or the ladder step earned. */
  private targetLimitMinor(): number {
    const { baseLimitMinor, earnedLimitMinor } = this.ladderProgress;
    return ladderLimitMinor(baseLimitMinor, this.ladder(), earnedLimitMinor);
  }

  /** R8: the limit due waits for the next cycle; one equal to the limit in force is not pending. */
  private aimAtTargetLimit(): void {
    const target = this.targetLimitMinor();
    this.state.pendingCreditLimitMinor = target === this.state.creditLimitMinor ? null : target;
  }

  /**
   * R12: a successful charge counts toward the next step. A step earned is pending until the next
   * cycle (R8), and the next one is earned only once it is in force: one step per cycle at most.
   */
  private climbLadder(): CreditLimitStep | null {
    const ladder = this.ladder();
    if (!ladder) return null;
    const progress = this.ladderProgress;
    progress.chargesInARow += 1;
    const held = this.targetLimitMinor();
    if (progress.chargesInARow < ladder.chargesPerStep || held > this.state.creditLimitMinor) {
      return null;
    }
    const next = nextLadderStepMinor(ladder, held);
    if (next === null) return null;
    progress.earnedLimitMinor = next;
    progress.chargesInARow = 0;
    return this.limitStep('up');
  }

  /**
   * R12: a failed payment sets the seller back to the base at the next cycle, like every limit
   * change (R8): while it is failing it is not charged at the limit anyway (R5a). The count of
   * charges in a row starts again; a seller already at the base is not told twice.
   */
  private fallBackToBase(): CreditLimitStep | null {
    if (!this.ladder()) return null;
    const progress = this.ladderProgress;
    const wasAboveBase = this.targetLimitMinor() !== progress.baseLimitMinor;
    progress.chargesInARow = 0;
    progress.earnedLimitMinor = null;
    return wasAboveBase ? this.limitStep('back_to_base') : null;
  }

  private limitStep(direction: CreditLimitStep['direction']): CreditLimitStep {
    this.aimAtTargetLimit();
    return {
      kind: 'credit_limit_step',
      direction,
      creditLimitMinor: this.state.creditLimitMinor,
      nextCreditLimitMinor: this.targetLimitMinor(),
      currency: this.input.settings.currency,
      effectiveAt: new Date(this.state.cycleEndsAtMs).toISOString(),
    };
  }

  /**
   * A report of the state for lists and the spend relay. Its version is the workflow's time in
   * ms × 1,024, or one more than the last when that is higher (several reports in a millisecond):
   * it rises within a run, across runs, and past a terminated run's after an operator's reset,
   * whose run counts again from an earlier state.
   */
  projection(nowMs: number): BillingProjection {
    const state = this.state;
    state.projectionVersion = Math.max(
      nowMs * PROJECTION_VERSIONS_PER_MS,
      (state.projectionVersion ?? 0) + 1,
    );
    return {
      marketplaceId: this.input.marketplaceId,
      sellerId: this.input.sellerId,
      version: state.projectionVersion,
      status: state.status,
      creditLimitMinor: state.creditLimitMinor,
      pendingCreditLimitMinor: state.pendingCreditLimitMinor,
      unbilledMicros: state.unbilledMicros,
      cycleStartsAtMs: state.cycleStartsAtMs,
      cycleEndsAtMs: state.cycleEndsAtMs,
    };
  }

  /** The limit charge threshold: the limit in force, but never below the minimum charge. */
  private limitMicros(): number {
    const { settings } = this.input;
    return Math.max(
      minorToMicros(this.state.creditLimitMinor, settings.currency),
      minorToMicros(settings.minimumChargeMinor, settings.currency),
    );
  }

  /** R5a: only an active seller is charged at the limit; a failing one waits for its retries. */
  private limitChargeDue(): boolean {
    return this.state.status === 'active' && this.state.unbilledMicros >= this.limitMicros();
  }

  private retryDue(nowMs: number): boolean {
    const { status, dunning } = this.state;
    if (status === 'active') return false;
    return (
      this.retryRequested ||
      (dunning?.nextRetryAt != null && nowMs >= Date.parse(dunning.nextRetryAt))
    );
  }

  private alertDue(): boolean {
    const { settings } = this.input;
    const { spendAlertSent, creditLimitMinor, unbilledMicros } = this.state;
    return (
      !spendAlertSent &&
      creditLimitMinor > 0 &&
      unbilledMicros * 100 >=
        minorToMicros(creditLimitMinor, settings.currency) * settings.spendAlertPercent
    );
  }

  private notice(dedupeKey: string, event: BillingEvent): NotifyRequest {
    return {
      marketplaceId: this.input.marketplaceId,
      sellerId: this.input.sellerId,
      dedupeKey,
      event,
    };
  }
}

/** Adds an id to a bounded set in insertion order, forgetting the oldest past `capacity`. */
function remember(ids: Set<string>, id: string, capacity: number): void {
  ids.add(id);
  if (ids.size > capacity) {
    const oldest = ids.values().next().value;
    if (oldest !== undefined) ids.delete(oldest);
  }
}
