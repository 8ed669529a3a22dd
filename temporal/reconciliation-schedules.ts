// The daily reconciliation's Temporal Schedules, one per marketplace with Payments (R16), and its
// on-demand runs. A Schedule is made when Payments is enabled and again by the worker for every
// such marketplace (idempotent: one that exists is kept, its time zone brought up to date), so
// operators find each in the Temporal UI under Schedules, named by the marketplace's id.
import { randomUUID } from 'node:crypto';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import {
  BILLING_TASK_QUEUE,
  onDemandReconciliationWorkflowId,
  reconciliationScheduleId,
} from '../workflows/ids';
import { marketplaceReconciliation } from '../workflows/reconciliation';
import { BACKGROUND_TEMPORAL_CALL_TIMEOUT_MS, boundedCall } from './bounded-call';

/**
 * The local time each run starts, for the day before. Two hours after midnight: past the hour of
 * margin the comparison reads beyond the day (reconciliation/compare.ts), and late enough for a
 * payment settled just before midnight (3-D Secure, webhooks) to be recorded on both sides.
 */
export const RECONCILIATION_LOCAL_TIME = { hour: 2, minute: 0 } as const;

export interface ScheduledMarketplace {
  id: string;
  name: string;
  timeZone: string;
}

export class ReconciliationSchedules {
  private readonly callTimeoutMs: number;
  private readonly taskQueue: string;

  constructor(
    private readonly client: Client,
    options: { callTimeoutMs?: number; taskQueue?: string } = {},
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? BACKGROUND_TEMPORAL_CALL_TIMEOUT_MS;
    this.taskQueue = options.taskQueue ?? BILLING_TASK_QUEUE;
  }

  /** Makes the marketplace's Schedule, or brings an existing one's time zone up to date. */
  async ensure(marketplace: ScheduledMarketplace): Promise<'created' | 'kept' | 'updated'> {
    const spec = { calendars: [RECONCILIATION_LOCAL_TIME], timezone: marketplace.timeZone };
    try {
      await this.bounded(() =>
        this.client.schedule.create({
          scheduleId: reconciliationScheduleId(marketplace.id),
          spec,
          action: {
            type: 'startWorkflow',
            workflowType: marketplaceReconciliation,
            workflowId: reconciliationScheduleId(marketplace.id),
            taskQueue: this.taskQueue,
            args: [{ marketplaceId: marketplace.id, day: null, trigger: 'schedule' }],
            staticSummary: `Daily reconciliation of ${marketplace.name} with its payment gateway`,
          },
          // A run missed while Temporal was down is still taken within the day it was for.
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
          memo: {
            marketplaceId: marketplace.id,
            marketplaceName: marketplace.name,
            what: 'Compares the previous local day of payments with the gateway (R16)',
          },
          state: { note: `Daily at 02:00 ${marketplace.timeZone}, for the day before` },
        }),
      );
      return 'created';
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
    const handle = this.client.schedule.getHandle(reconciliationScheduleId(marketplace.id));
    const description = await this.bounded(() => handle.describe());
    if (description.spec.timezone === marketplace.timeZone) return 'kept';
    await this.bounded(() => handle.update((previous) => ({ ...previous, spec })));
    return 'updated';
  }

  /** Starts a run for `day` (YYYY-MM-DD; null: the day before today); answers its workflow id. */
  async runNow(marketplaceId: string, day: string | null): Promise<{ workflowId: string }> {
    const handle = await this.bounded(() =>
      this.client.workflow.start(marketplaceReconciliation, {
        workflowId: onDemandReconciliationWorkflowId(marketplaceId, randomUUID()),
        taskQueue: this.taskQueue,
        args: [{ marketplaceId, day, trigger: 'on_demand' }],
        staticSummary: `Reconciliation on demand${day ? ` of ${day}` : ''}`,
      }),
    );
    return { workflowId: handle.workflowId };
  }

  private bounded<T>(call: () => Promise<T>): Promise<T> {
    return boundedCall(this.client, this.callTimeoutMs, call);
  }
}
