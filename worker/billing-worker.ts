// Builds the billing worker: the seller billing workflows plus their activities on one queue.
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createBillingActivities, type ActivityDependencies } from '../activities';
import { BILLING_TASK_QUEUE } from '../workflows/ids';

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');

export async function createBillingWorker(options: {
  connection: NativeConnection;
  namespace: string;
  dependencies: ActivityDependencies;
  /** A prebuilt bundle (tests build one per run); otherwise the worker bundles the workflows. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  taskQueue?: string;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? BILLING_TASK_QUEUE,
    activities: createBillingActivities(options.dependencies),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
  });
}
