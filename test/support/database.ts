// A fresh, migrated database for one test file on the run's PostgreSQL server.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDatabaseClient, type Database } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';

export interface TestDatabase {
  db: Database;
  url: string;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run tests through jest');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  const db = createDatabaseClient(url.toString());
  return { db, url: url.toString(), close: () => db.$disconnect() };
}
