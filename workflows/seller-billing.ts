// The seller billing workflow, one per self-service seller: the Temporal shell around the billing
// core (billing-core.ts). It hands messages to the core, waits until something is due, runs the
// activities the core asks for and continues as new at each cycle end (R5–R8, R11 in DESIGN.md).
import {
  type ActivityOptions,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createBillingActivities } from '../activities';
import { CHARGE_FAILURE_TYPES, type NotifyRequest } from './activity-contracts';
import { SellerBillingCore, type SucceededCharge } from './billing-core';
import { billingDetails } from './billing-details';
import { chargeFailureOf } from './charge-failures';
import { billingStatusSearchAttribute, chargeTaskQueue } from './ids';
import {
  billingCommandSignal,
  billingStateQuery,
  creditLimitChangedSignal,
  deliverSpendUpdate,
  paymentMethodUpdatedSignal,
  spendSignal,
  type ChargeReason,
  type SellerBillingInput,
} from './messages';

/** The charge activity's options; its task queue is the workflow's own plus `-charges`. */
const CHARGE_ACTIVITY_OPTIONS = {
  // A gateway call answers within seconds; the Stripe adapter's own timeout is shorter than this.
  startToCloseTimeout: '30 seconds',
  // Time spent waiting under the charge queue's rate limit at month end does not count above:
  // 10,000 sellers at 40 charges a second wait up to about 4 minutes for their turn.
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: Object.values(CHARGE_FAILURE_TYPES),
  },
} satisfies ActivityOptions;

/** Bookkeeping: a few database writes each (a notification, the projection, campaigns). */
const BOOKKEEPING_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} satisfies ActivityOptions;

type BillingActivities = ReturnType<typeof createBillingActivities>;
type Bookkeeping = Pick<
  BillingActivities,
  | 'notify'
  | 'pauseCampaignsForBilling'
  | 'recordBillingProjection'
  | 'recordCreditApplied'
  | 'resumeCampaignsPausedByBilling'
>;

/**
 * Bookkeeping runs as local activities: in the worker, inside the workflow task that asks for it,
 * recorded as one marker. As activities each also cost the server a task to dispatch and the
 * workflow a task to resume; at month end, with every seller charged at once, those were more
 * than half the work (bench/month-end.ts). Runs recorded before replay with activities.
 */
function bookkeeping(): Bookkeeping {
  return patched('local-bookkeeping')
    ? proxyLocalActivities<BillingActivities>(BOOKKEEPING_OPTIONS)
    : proxyActivities<BillingActivities>(BOOKKEEPING_OPTIONS);
}

export async function sellerBilling(input: SellerBillingInput): Promise<void> {
  const { marketplaceId, sellerId } = input;
  const {
    notify,
    pauseCampaignsForBilling,
    recordBillingProjection,
    recordCreditApplied,
    resumeCampaignsPausedByBilling,
  } = bookkeeping();
  // Runs recorded before graduated credit limits (R12) replay without them.
  const core = new SellerBillingCore(input, Date.now(), { creditLadder: patched('credit-ladder') });
  // Charges run on their own queue, whose rate limit paces them across every worker. No patch is
  // needed: a scheduled activity's task queue is not part of what replay compares.
  const { chargeSeller } = proxyActivities<BillingActivities>({
    ...CHARGE_ACTIVITY_OPTIONS,
    taskQueue: chargeTaskQueue(workflowInfo().taskQueue),
  });
  let chargeInFlight = false;
  // Runs started before the projection replay without its reports; later runs report at their
  // start (a new cycle, a pending limit now in force), after each command and each charge.
  const projecting = patched('billing-projection');
  let projectionDue = projecting;

  // What the Temporal UI shows as the workflow's current details; no history event is written.
  const publishDetails = () => setCurrentDetails(billingDetails(input, core.view(chargeInFlight)));

  setHandler(spendSignal, (batch) => {
    core.accrueSpend(batch);
    publishDetails();
  });
  // The spend relay learns the headroom from the answer instead of querying each busy seller.
  setHandler(deliverSpendUpdate, (batch) => {
    core.accrueSpend(batch);
    publishDetails();
    return core.projection(Date.now());
  });
  setHandler(creditLimitChangedSignal, ({ creditLimitMinor }) => {
    core.changeCreditLimit(creditLimitMinor);
    projectionDue = projecting;
    publishDetails();
  });
  setHandler(paymentMethodUpdatedSignal, () => core.cardUpdated());
  setHandler(billingCommandSignal, (command) => {
    if (core.applyCommand(command)) projectionDue = projecting;
    publishDetails();
  });
  setHandler(billingStateQuery, () => core.view(chargeInFlight));

  const continueAsNewDue = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterEvents !== undefined &&
      workflowInfo().historyLength >= input.continueAsNewAfterEvents);

  /** Runs a transition and publishes a status change as the BillingStatus search attribute. */
  function transition<T>(apply: () => T): T {
    const before = core.status;
    const result = apply();
    if (core.status !== before) {
      upsertSearchAttributes([{ key: billingStatusSearchAttribute, value: core.status }]);
    }
    return result;
  }

  async function notifyAll(notices: NotifyRequest[]): Promise<void> {
    for (const notice of notices) await notify(notice);
  }

  async function settle(succeeded: SucceededCharge | null): Promise<void> {
    const paused = core.pausedCampaignIds;
    const resumed =
      paused.length > 0
        ? await resumeCampaignsPausedByBilling({ sellerId, campaignIds: paused })
        : [];
    await notifyAll(transition(() => core.settled(succeeded, resumed)));
  }

  async function attemptCharge(reason: ChargeReason): Promise<void> {
    const step = core.planCharge(reason);
    if (step.kind === 'settle') await settle(null);
    if (step.kind !== 'charge') return;
    chargeInFlight = true;
    publishDetails();
    try {
      const receipt = await chargeSeller(step.request);
      await settle(core.chargeSucceeded(step.request, receipt, Date.now()));
    } catch (error) {
      const failure = chargeFailureOf(error);
      if (!failure) throw error;
      const failed = core.chargeFailed(step.request, failure, Date.now());
      const pausedNow = failed.pausesCampaigns
        ? await pauseCampaignsForBilling({ marketplaceId, sellerId })
        : [];
      await notifyAll(transition(() => core.failureRecorded(failed, pausedNow)));
    } finally {
      chargeInFlight = false;
    }
  }

  /** Reports the state to the projection when something other than spend changed it. */
  async function reportProjection(): Promise<void> {
    if (!projectionDue) return;
    projectionDue = false;
    await recordBillingProjection(core.projection(Date.now()));
  }

  for (;;) {
    await reportProjection();
    publishDetails();
    await condition(
      () => core.actionDue() || projectionDue || continueAsNewDue(),
      Math.max(core.wakeAtMs() - Date.now(), 1),
    );
    // Credits (R14) come only with a command kind no earlier run received, so no recorded
    // history reaches these activities and no patch is needed (test/workflows/replay.test.ts).
    for (const credit of core.applyQueuedCredits()) await recordCreditApplied(credit);
    const now = Date.now();
    const alert = core.takeSpendAlert();
    if (alert) await notify(alert);
    if (core.cycleEnded(now)) {
      if (core.chargesAtCycleEnd()) await attemptCharge('cycle_end');
      core.startNextCycle();
      break;
    }
    const reason = core.chargeDue(now);
    if (reason) {
      await attemptCharge(reason);
      projectionDue = projecting;
    }
    if (continueAsNewDue()) break;
  }

  await condition(allHandlersFinished);
  await continueAsNew<typeof sellerBilling>(core.continuation());
}
