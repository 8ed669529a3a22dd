// `npm run create-platform-key`: issues a platform API key in DATABASE_URL (by default the
// embedded database `npm start` runs) and prints it once; only its hash is stored.
import { issueApiKey } from '../access/api-keys';
import { createDatabaseClient } from '../db/client';

async function main(): Promise<void> {
  const port = process.env.EMBEDDED_POSTGRES_PORT ?? '5433';
  const url =
    process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${port}/billing`;
  const db = createDatabaseClient(url);
  try {
    console.log(await issueApiKey(db, { role: 'platform', label: 'create-platform-key' }));
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
