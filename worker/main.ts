// The worker process: runs seller billing workflows and activities until stopped.
import { NativeConnection } from '@temporalio/worker';
import { readEnvironment } from '../config/environment';
import { createDatabaseClient } from '../db/client';
import { createLogger } from '../observability/logger';
import { selectGateway } from '../payments/select-gateway';
import { createBillingWorker } from './billing-worker';

async function main(): Promise<void> {
  const env = readEnvironment();
  const logger = createLogger('worker');
  const db = createDatabaseClient(env.DATABASE_URL);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await createBillingWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dependencies: { db, gateway: selectGateway(env, logger), logger },
  });
  logger.info({ temporal: env.TEMPORAL_ADDRESS, taskQueue: 'billing' }, 'worker running');
  try {
    await worker.run();
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
