// The Temporal dev server (the provisioned CLI), in memory, with the billing search attributes: a
// real server in real time, for what the time-skipping server does not implement (a task queue's
// rate limit, operator commands such as reset) and for the benchmarks.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { toolPath } from '../../scripts/tools-dir';
import { retriesWithinDeadline } from '../../temporal/client-connection';
import { registerBillingSearchAttributes } from '../../temporal/search-attributes';

export async function startDevServer(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: toolPath('temporal') },
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
    },
    plugins: [retriesWithinDeadline],
  });
  await registerBillingSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
