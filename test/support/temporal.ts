// Temporal for tests: the time-skipping test server from the provisioned native binary (or the
// dev server from the provisioned CLI, for what the test server lacks), and a billing worker
// built on the run's workflow bundle.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import type { ActivityDependencies } from '../../activities';
import { createBillingWorker } from '../../worker/billing-worker';
import { registerBillingSearchAttributes } from '../../temporal/search-attributes';
import { toolPath } from '../../scripts/tools-dir';

// SDK logs only on errors: declined cards are expected activity failures in these tests.
Runtime.install({ logger: new DefaultLogger('ERROR') });

export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } },
  });
  await registerBillingSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** The Temporal dev server, in memory: a real server for operator commands (reset) the
 * time-skipping server does not implement. */
export async function createDevServerEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: toolPath('temporal') },
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
    },
  });
  await registerBillingSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export function workflowBundle(): { codePath: string } {
  const codePath = process.env.TEST_WORKFLOW_BUNDLE;
  if (!codePath) throw new Error('TEST_WORKFLOW_BUNDLE is not set: run tests through jest');
  return { codePath };
}

export function createTestWorker(
  env: TestWorkflowEnvironment,
  dependencies: ActivityDependencies,
  taskQueue?: string,
): Promise<Worker> {
  return createBillingWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    dependencies,
    workflowBundle: workflowBundle(),
    taskQueue,
  });
}
