// At a cycle end the charge is the only task the server dispatches to an activity worker: the
// receipt's notification and the projection report are local activities, recorded as markers in
// the workflow's own task (what bench/month-end.ts measures with every seller at once). The
// operator still sees each of them in the history, and their effects are the same.
import { temporal } from '@temporalio/proto';
import { BillingHarness, DOLLARS } from '../support/billing-harness';
import { waitFor } from '../support/wait-for';

const EventType = temporal.api.enums.v1.EventType;

let harness: BillingHarness;
beforeAll(async () => {
  harness = await BillingHarness.start();
});
afterAll(() => harness?.stop());

async function historyOf(workflowId: string, runId: string) {
  const { history } = await harness.env.client.workflowService.getWorkflowExecutionHistory({
    namespace: harness.env.namespace ?? 'default',
    execution: { workflowId, runId },
    maximumPageSize: 10_000,
  });
  return history?.events ?? [];
}

test('a cycle-end charge is the one activity task; its notification and projection report are local activities', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00 });
  await seller.spend(20 * DOLLARS);
  const before = await seller.state();
  const { runId: firstRunId } = await seller.handle().describe();

  await harness.sleepPast(before.cycle.endsAt);
  await seller.stateWhen(
    (s) => s.cycle.startsAt === before.cycle.endsAt && s.lastPayment?.status === 'succeeded',
  );
  await seller.notificationsWhen('payment_succeeded', 1);

  const events = await historyOf(seller.handle().workflowId, firstRunId);
  const scheduled = events
    .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
  expect(scheduled).toEqual(['chargeSeller']);
  const localActivities = events.filter(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED &&
      e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
  );
  // The report at the run's start, the receipt's notification after the charge.
  expect(localActivities.length).toBeGreaterThanOrEqual(2);
  // The new run's report reached the projection: the seller list shows the new cycle.
  const newCycleReported = async () =>
    (
      await harness.db.sellerBillingProjection.findUnique({ where: { sellerId: seller.sellerId } })
    )?.cycleStartsAt.toISOString() === before.cycle.endsAt;
  await waitFor(newCycleReported);
});
