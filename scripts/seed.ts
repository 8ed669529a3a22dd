// `npm run seed`: seeds the demo marketplace into DATABASE_URL and prints its ids and API keys.
import { Client } from '@temporalio/client';
import { readEnvironment } from '../config/environment';
import { createDatabaseClient } from '../db/client';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { seedDemo } from './demo-data';
import { backgroundTemporalConnection } from '../temporal/client-connection';

async function main(): Promise<void> {
  const env = readEnvironment();
  const db = createDatabaseClient(env.DATABASE_URL);
  const connection = await backgroundTemporalConnection(env.TEMPORAL_ADDRESS);
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const credentials = await seedDemo(db, new SellerBillingClient(client, db));
    console.log(JSON.stringify(credentials, null, 2));
  } finally {
    await connection.close();
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
