// Temporal for tests: the time-skipping test server from the provisioned native binary (or the
// dev server from the provisioned CLI, for what the test server lacks), and the billing workers
// built on the run's workflow bundle.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { ActivityDependencies } from '../../activities';
import { DEFAULT_CHARGE_RATE_PER_SECOND } from '../../payments/charge-rate';
import { createBillingWorker, type BillingWorkers } from '../../worker/billing-worker';
import { retriesWithinDeadline } from '../../temporal/client-connection';
import { registerBillingSearchAttributes } from '../../temporal/search-attributes';
import { toolPath } from '../../scripts/tools-dir';

// SDK logs only on errors: declined cards are expected activity failures in these tests, and the
// test server's missing capabilities (heartbeat details on failure) are known.
Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
});

export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: toolPath('temporal-test-server') } },
    plugins: [retriesWithinDeadline],
  });
  await registerBillingSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export function workflowBundle(): { codePath: string } {
  const codePath = process.env.TEST_WORKFLOW_BUNDLE;
  if (!codePath) throw new Error('TEST_WORKFLOW_BUNDLE is not set: run tests through jest');
  return { codePath };
}

/** The billing workers (workflows, and charges on their own queue) on the run's bundle. */
export function createTestWorker(
  env: TestWorkflowEnvironment,
  dependencies: ActivityDependencies,
  taskQueue?: string,
  chargeRatePerSecond: number = DEFAULT_CHARGE_RATE_PER_SECOND.simulated,
): Promise<BillingWorkers> {
  return createBillingWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    dependencies,
    workflowBundle: workflowBundle(),
    taskQueue,
    chargeRatePerSecond,
  });
}
