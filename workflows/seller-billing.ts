// The seller billing workflow: one per self-service seller. It accrues spend, charges the card
// at the credit limit and at each cycle end, applies limit changes at the next cycle, and pauses
// campaigns and runs dunning when a payment fails (rules R5–R8, R11 in DESIGN.md).
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createBillingActivities } from '../activities';
import {
  CHARGE_FAILURE_TYPES,
  type ChargeFailureDetails,
  type BillingEvent,
} from './activity-contracts';
import {
  addMicros,
  billingCycleContaining,
  microsTotalOf,
  minorToMicros,
  planCharge,
} from '../rules';
import { billingStatusSearchAttribute } from './ids';
import {
  billingStateQuery,
  creditLimitChangedSignal,
  paymentMethodUpdatedSignal,
  spendSignal,
  type BillingStateView,
  type CarriedBillingState,
  type ChargeReason,
  type SellerBillingInput,
  type SpendBatchSignal,
} from './messages';

const { chargeSeller } = proxyActivities<ReturnType<typeof createBillingActivities>>({
  // A gateway call answers within seconds; the Stripe adapter's own timeout is shorter than this.
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: Object.values(CHARGE_FAILURE_TYPES),
  },
});

const { notify, pauseCampaignsForBilling, resumeCampaignsPausedByBilling } = proxyActivities<
  ReturnType<typeof createBillingActivities>
>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** How many applied spend batch ids are remembered to ignore a re-sent batch (R11). */
const REMEMBERED_BATCH_IDS = 2_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export async function sellerBilling(input: SellerBillingInput): Promise<void> {
  const { marketplaceId, sellerId, settings } = input;
  const state = input.carried ? withExactTotals(input.carried) : freshState(input);
  const appliedBatchIds = new Set(state.appliedBatchIds);
  let chargeInFlight = false;
  let retryRequested = false;

  setHandler(spendSignal, (batch: SpendBatchSignal) => {
    if (appliedBatchIds.has(batch.batchId)) return;
    rememberBatch(appliedBatchIds, batch.batchId);
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
  });
  setHandler(creditLimitChangedSignal, ({ creditLimitMinor }) => {
    state.pendingCreditLimitMinor = creditLimitMinor;
  });
  setHandler(paymentMethodUpdatedSignal, () => {
    if (state.status !== 'active') retryRequested = true;
  });
  setHandler(billingStateQuery, (): BillingStateView => viewOf(input, state, chargeInFlight));

  const continueAsNewDue = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterEvents !== undefined &&
      workflowInfo().historyLength >= input.continueAsNewAfterEvents);
  const limitMicros = () =>
    Math.max(
      minorToMicros(state.creditLimitMinor, settings.currency),
      minorToMicros(settings.minimumChargeMinor, settings.currency),
    );
  const alertDue = () =>
    !state.spendAlertSent &&
    state.creditLimitMinor > 0 &&
    state.unbilledMicros * 100 >=
      minorToMicros(state.creditLimitMinor, settings.currency) * settings.spendAlertPercent;
  const limitChargeDue = () => state.status === 'active' && state.unbilledMicros >= limitMicros();
  const retryDue = (now: number) =>
    state.status !== 'active' &&
    (retryRequested ||
      (state.dunning?.nextRetryAt != null && now >= Date.parse(state.dunning.nextRetryAt)));

  async function attemptCharge(reason: ChargeReason): Promise<void> {
    const plan = planCharge(state.unbilledMicros, settings.currency, settings.minimumChargeMinor);
    if (!plan) {
      // Nothing chargeable yet (below the minimum). A failing seller stays paused until a
      // payment succeeds, so a past-due seller with nothing to charge is settled at once.
      if (state.status !== 'active') await recover(null);
      return;
    }
    const attempt = state.chargeAttempt;
    const idempotencyKey = `charge:${marketplaceId}:${sellerId}:${state.chargeSequence}:${attempt}`;
    chargeInFlight = true;
    try {
      const receipt = await chargeSeller({
        marketplaceId,
        sellerId,
        idempotencyKey,
        chargeSequence: state.chargeSequence,
        attempt,
        reason,
        amountMinor: plan.amountMinor,
        currency: settings.currency,
        minimumChargeMinor: settings.minimumChargeMinor,
        cycleStartsAtMs: state.cycleStartsAtMs,
        cycleEndsAtMs: state.cycleEndsAtMs,
      });
      // Deduct what is paid, which the activity reports: normally the whole plan, less when an
      // earlier attempt was settled out of band and the rest is below the minimum charge.
      const coveredMicros = minorToMicros(receipt.coveredMinor, settings.currency);
      state.unbilledMicros -= coveredMicros;
      state.lifetimeChargedMicros = addMicros(state.lifetimeChargedMicros, coveredMicros);
      state.chargeSequence += 1;
      state.chargeAttempt = 1;
      state.lastPayment = {
        idempotencyKey,
        amountMinor: receipt.coveredMinor,
        status: 'succeeded',
        reason,
        at: new Date().toISOString(),
      };
      await recover(
        {
          kind: 'payment_succeeded',
          amountMinor: receipt.amountMinor,
          currency: settings.currency,
          cardBrand: receipt.cardBrand,
          cardLast4: receipt.cardLast4,
          paymentId: receipt.paymentId,
          receiptNumber: receipt.receiptNumber,
          resumedCampaignIds: [],
        },
        idempotencyKey,
      );
    } catch (error) {
      const failure = chargeFailureOf(error);
      if (!failure) throw error;
      state.chargeAttempt += 1;
      await failed(reason, idempotencyKey, plan.amountMinor, failure);
    } finally {
      chargeInFlight = false;
    }
  }

  /** A payment succeeded (or nothing is owed any more): resume what billing paused. */
  async function recover(
    succeeded: Extract<BillingEvent, { kind: 'payment_succeeded' }> | null,
    idempotencyKey?: string,
  ): Promise<void> {
    let resumed: string[] = [];
    if (state.pausedCampaignIds.length > 0) {
      resumed = await resumeCampaignsPausedByBilling({
        sellerId,
        campaignIds: state.pausedCampaignIds,
      });
      state.pausedCampaignIds = [];
    }
    setStatus('active');
    state.dunning = null;
    retryRequested = false;
    if (succeeded && idempotencyKey) {
      await notify({
        marketplaceId,
        sellerId,
        dedupeKey: `${idempotencyKey}:succeeded`,
        event: { ...succeeded, resumedCampaignIds: resumed },
      });
    }
  }

  async function failed(
    reason: ChargeReason,
    idempotencyKey: string,
    amountMinor: number,
    failure: ChargeFailureDetails & { requiresAction: boolean },
  ): Promise<void> {
    const now = Date.now();
    const nowIso = new Date(now).toISOString();
    state.lastPayment = {
      idempotencyKey,
      amountMinor,
      status: failure.requiresAction ? 'requires_action' : 'failed',
      reason,
      at: nowIso,
      failureCode: failure.code,
      failureMessage: failure.message,
    };
    const firstFailedAt = state.dunning?.firstFailedAt ?? nowIso;
    // Only the initial failure and scheduled retries advance the schedule; an attempt made
    // because the seller updated its card leaves the next scheduled retry where it was.
    const scheduledRetriesDone =
      (state.dunning?.scheduledRetriesDone ?? -1) + (reason === 'card_updated' ? 0 : 1);
    const retryOffsetDays = settings.dunningScheduleDays[scheduledRetriesDone];
    const nextRetryAt =
      retryOffsetDays === undefined
        ? null
        : new Date(
            Math.max(now, Date.parse(firstFailedAt) + retryOffsetDays * DAY_MS),
          ).toISOString();
    state.dunning = {
      failedAttempts: (state.dunning?.failedAttempts ?? 0) + 1,
      scheduledRetriesDone,
      firstFailedAt,
      lastFailureCode: failure.code,
      lastFailureMessage: failure.message,
      requiresAction: failure.requiresAction,
      nextRetryAt,
    };
    retryRequested = false;
    let pausedNow: string[] = [];
    if (state.status === 'active') {
      pausedNow = await pauseCampaignsForBilling({ marketplaceId, sellerId });
      state.pausedCampaignIds = pausedNow;
    }
    const becameDelinquent = nextRetryAt === null && state.status !== 'delinquent';
    setStatus(nextRetryAt === null ? 'delinquent' : 'past_due');
    await notify({
      marketplaceId,
      sellerId,
      dedupeKey: `${idempotencyKey}:failed`,
      event: {
        kind: 'payment_failed',
        amountMinor,
        currency: settings.currency,
        failureCode: failure.code,
        failureMessage: failure.message,
        requiresAction: failure.requiresAction,
        nextRetryAt,
        pausedCampaignIds: pausedNow,
      },
    });
    if (becameDelinquent) {
      await notify({
        marketplaceId,
        sellerId,
        dedupeKey: `${idempotencyKey}:delinquent`,
        event: {
          kind: 'seller_delinquent',
          amountMinor,
          currency: settings.currency,
          failureMessage: failure.message,
        },
      });
    }
  }

  function setStatus(status: CarriedBillingState['status']): void {
    if (state.status === status) return;
    state.status = status;
    upsertSearchAttributes([{ key: billingStatusSearchAttribute, value: status }]);
  }

  for (;;) {
    const wakeAt = Math.min(
      state.cycleEndsAtMs,
      state.status === 'past_due' && state.dunning?.nextRetryAt
        ? Date.parse(state.dunning.nextRetryAt)
        : Number.MAX_SAFE_INTEGER,
    );
    await condition(
      () => limitChargeDue() || retryRequested || alertDue() || continueAsNewDue(),
      Math.max(wakeAt - Date.now(), 1),
    );
    const now = Date.now();

    if (alertDue()) {
      state.spendAlertSent = true;
      await notify({
        marketplaceId,
        sellerId,
        dedupeKey: `spend-alert:${marketplaceId}:${sellerId}:${state.cycleStartsAtMs}`,
        event: {
          kind: 'spend_alert',
          unbilledMicros: state.unbilledMicros,
          creditLimitMinor: state.creditLimitMinor,
          currency: settings.currency,
          percent: settings.spendAlertPercent,
        },
      });
    }

    if (now >= state.cycleEndsAtMs) {
      if (state.status === 'active') await attemptCharge('cycle_end');
      startNextCycle(state, settings.timeZone);
      break;
    }
    if (retryDue(now)) {
      await attemptCharge(retryRequested ? 'card_updated' : 'dunning_retry');
    } else if (limitChargeDue()) {
      await attemptCharge('credit_limit');
    }
    if (continueAsNewDue()) break;
  }

  await condition(allHandlersFinished);
  state.appliedBatchIds = [...appliedBatchIds];
  await continueAsNew<typeof sellerBilling>({ ...input, carried: state });
}

function freshState(input: SellerBillingInput): CarriedBillingState {
  const cycle = billingCycleContaining(Date.now(), input.settings.timeZone);
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
  };
}

/** The carried state with every total as a decimal string (older runs carried numbers). */
function withExactTotals(carried: CarriedBillingState): CarriedBillingState {
  return {
    ...carried,
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

/** Rolls the state into the next cycle: a pending limit takes effect now (R8). */
function startNextCycle(state: CarriedBillingState, timeZone: string): void {
  const next = billingCycleContaining(state.cycleEndsAtMs, timeZone);
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

function rememberBatch(ids: Set<string>, batchId: string): void {
  ids.add(batchId);
  if (ids.size > REMEMBERED_BATCH_IDS) {
    const oldest = ids.values().next().value;
    if (oldest !== undefined) ids.delete(oldest);
  }
}

function chargeFailureOf(
  error: unknown,
): (ChargeFailureDetails & { requiresAction: boolean }) | null {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) {
    return null;
  }
  const cause = error.cause;
  const known: readonly string[] = Object.values(CHARGE_FAILURE_TYPES);
  if (!cause.type || !known.includes(cause.type)) return null;
  const details = (cause.details?.[0] ?? {}) as Partial<ChargeFailureDetails>;
  return {
    code: details.code ?? cause.type,
    message: details.message ?? cause.message,
    requiresAction: cause.type === CHARGE_FAILURE_TYPES.authenticationRequired,
  };
}

function viewOf(
  input: SellerBillingInput,
  state: CarriedBillingState,
  chargeInFlight: boolean,
): BillingStateView {
  const { settings } = input;
  return {
    marketplaceId: input.marketplaceId,
    sellerId: input.sellerId,
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
  };
}
