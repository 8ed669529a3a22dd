// Builds the billing worker: the seller billing workflows and their activities on one queue, and
// the charge activity on its own queue, whose rate limit paces charges across every worker.
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createBillingActivities, type ActivityDependencies } from '../activities';
import { BILLING_TASK_QUEUE, chargeTaskQueue } from '../workflows/ids';

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');

/**
 * Workflows kept in memory between their tasks. bench/month-end.ts measured the worker at about
 * 350-380 MB idle and 270-350 KB more per cached seller workflow (some 2,600 per GB of the whole
 * worker at 3,000 cached, against Temporal's published 600 per GB), and closing 10,000 sellers at
 * once peaked at 1,807 MB with 3,000 cached. 3,000 keeps a worker under 2 GB through a month end.
 * A seller outside the cache replays its history at its next task, which is short (one cycle), so
 * a smaller cache costs CPU, not correctness (12,000 closed the same 10,000 sellers 15 % sooner
 * at 2.7 GB); WORKER_MAX_CACHED_WORKFLOWS overrides it. The SDK's default grows with the heap
 * limit, not with the memory given.
 */
export const MAX_CACHED_WORKFLOWS = 3_000;

/**
 * Workflow tasks run on the worker's one workflow thread, so more slots than this only queue
 * in memory; 40 (the SDK's default) kept that thread busy in the month-end benchmark.
 */
export const WORKFLOW_TASK_SLOTS = 40;

/**
 * Charges in flight per worker. The server paces how many start; what is in flight is the rate
 * times the gateway's answer time (40/s × 300 ms = 12), and each charge then records its
 * payment in a transaction that waits on the marketplace's receipt number. With the SDK's
 * default of 100, month end filled the database pool with waiting charges and some failed to
 * start their transaction within 2 s (retried, so still charged once, but later). 20 leaves
 * room in the worker's pool of DATABASE_POOL_SIZE connections for the relays and activities.
 */
export const CHARGE_ACTIVITY_SLOTS = 20;

/** Database connections of a worker process: the charge slots plus room for the rest. */
export const DATABASE_POOL_SIZE = 30;

/** The two Temporal workers of one process, run and stopped together. */
export class BillingWorkers {
  constructor(
    readonly workflows: Worker,
    readonly charges: Worker,
  ) {}

  /** The workflows' task queue (start a seller's workflow here). */
  get taskQueue(): string {
    return this.workflows.options.taskQueue;
  }

  /** Runs both until shut down; when one stops with an error, the other is shut down too. */
  async run(): Promise<void> {
    const runs = [this.workflows.run(), this.charges.run()];
    try {
      await Promise.all(runs);
    } catch (error) {
      this.shutdown();
      await Promise.allSettled(runs);
      throw error;
    }
  }

  /** Runs both while `fn` runs, then shuts them down. */
  runUntil<R>(fn: () => Promise<R>): Promise<R> {
    return this.workflows.runUntil(() => this.charges.runUntil(fn));
  }

  shutdown(): void {
    for (const worker of [this.workflows, this.charges]) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  }
}

export async function createBillingWorker(options: {
  connection: NativeConnection;
  namespace: string;
  dependencies: ActivityDependencies;
  /** Charges a second across every worker polling the charge queue (CHARGE_RATE_PER_SECOND). */
  chargeRatePerSecond: number;
  /** Workflows kept in memory (WORKER_MAX_CACHED_WORKFLOWS); MAX_CACHED_WORKFLOWS unless said. */
  maxCachedWorkflows?: number;
  /** A prebuilt bundle (tests build one per run); otherwise the worker bundles the workflows. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  taskQueue?: string;
}): Promise<BillingWorkers> {
  const taskQueue = options.taskQueue ?? BILLING_TASK_QUEUE;
  const activities = createBillingActivities(options.dependencies);
  const workflows = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue,
    // chargeSeller stays here too: a charge scheduled on this queue before charges had their own
    // queue keeps retrying on it.
    activities,
    maxCachedWorkflows: options.maxCachedWorkflows ?? MAX_CACHED_WORKFLOWS,
    maxConcurrentWorkflowTaskExecutions: WORKFLOW_TASK_SLOTS,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
  });
  const charges = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: chargeTaskQueue(taskQueue),
    activities: { chargeSeller: activities.chargeSeller },
    // Enforced by the server for the whole queue, whichever worker polls: every worker must be
    // given the same rate, since the last one to poll sets it.
    maxTaskQueueActivitiesPerSecond: options.chargeRatePerSecond,
    maxConcurrentActivityTaskExecutions: CHARGE_ACTIVITY_SLOTS,
  });
  return new BillingWorkers(workflows, charges);
}
