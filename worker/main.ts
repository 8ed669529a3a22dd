// The worker process: runs seller billing workflows and activities, and beside them the spend
// relay that signals committed spend to those workflows, until stopped.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { readEnvironment } from '../config/environment';
import { createDatabaseClient } from '../db/client';
import { createLogger } from '../observability/logger';
import { selectGateway } from '../payments/select-gateway';
import { SpendRelay } from '../spend/relay';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { createBillingWorker } from './billing-worker';

async function main(): Promise<void> {
  const env = readEnvironment();
  const logger = createLogger('worker');
  const db = createDatabaseClient(env.DATABASE_URL);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await createBillingWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dependencies: { db, gateway: selectGateway(env, logger), logger },
  });
  const relay = new SpendRelay({
    db,
    billing: new SellerBillingClient(
      new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE }),
      db,
    ),
    logger: logger.child({ component: 'spend-relay' }),
    policy: {
      ...(env.SPEND_RELAY_POLL_INTERVAL_MS
        ? { pollIntervalMs: env.SPEND_RELAY_POLL_INTERVAL_MS }
        : {}),
      ...(env.SPEND_RELAY_SIGNAL_INTERVAL_MS
        ? { signalIntervalMs: env.SPEND_RELAY_SIGNAL_INTERVAL_MS }
        : {}),
    },
  });
  const stopRelay = new AbortController();
  logger.info(
    { temporal: env.TEMPORAL_ADDRESS, taskQueue: 'billing', relay: relay.policy },
    'worker running',
  );
  // worker.run() resolves once the SDK's own SIGINT/SIGTERM handling has shut the worker down.
  const relayStopped = relay.run(stopRelay.signal);
  try {
    await worker.run();
  } finally {
    stopRelay.abort();
    await relayStopped;
    await clientConnection.close();
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
