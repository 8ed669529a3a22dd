// Builds the billing worker: the seller billing workflows and their activities on one queue, and
// the charge activity on its own queue, whose rate limit paces charges across every worker.
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createBillingActivities, type ActivityDependencies } from '../activities';
import { BILLING_TASK_QUEUE, chargeTaskQueue } from '../workflows/ids';

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');

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
  });
  return new BillingWorkers(workflows, charges);
}
