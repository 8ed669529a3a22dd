// What every benchmark starts from: its own embedded PostgreSQL with a migrated database, a
// marketplace of self-service sellers with campaigns and an ingest key, and the Temporal dev server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { issueApiKey } from '../access/api-keys';
import { createDatabaseClient, type Database } from '../db/client';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { migrateDatabase } from '../db/migrate';
import { createLogger } from '../observability/logger';
import { DEFAULT_CHARGE_RATE_PER_SECOND } from '../payments/charge-rate';
import { SimulatedGateway } from '../payments/simulated-gateway';
import { freePort } from '../scripts/free-port';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { createBillingWorker } from '../worker/billing-worker';
import { startDevServer } from '../test/support/dev-server';
import { createMarketplace, createSelfServiceSeller } from '../test/support/fixtures';

export interface BenchDatabase {
  url: string;
  db: Database;
  stop(): Promise<void>;
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-bench-'));
  fs.chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'postgres'),
    port: await freePort(),
  });
  await server.createDatabase('bench');
  const url = server.urlFor('bench');
  await migrateDatabase(url);
  const db = createDatabaseClient(url, 20);
  return {
    url,
    db,
    stop: async () => {
      await db.$disconnect();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchMarketplace {
  marketplaceId: string;
  ingestKey: string;
  sellers: Array<{ sellerId: string; campaignIds: string[] }>;
}

export async function createBenchMarketplace(
  db: Database,
  options: { sellers: number; campaignsPerSeller: number; creditLimitMinor: number },
): Promise<BenchMarketplace> {
  const marketplace = await createMarketplace(db, {
    defaultCreditLimitMinor: options.creditLimitMinor,
  });
  const sellers = [];
  for (let i = 0; i < options.sellers; i += 1) {
    const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, {
      campaigns: options.campaignsPerSeller,
      name: `Bench Seller ${i}`,
    });
    sellers.push({ sellerId: seller.id, campaignIds: campaigns.map((c) => c.id) });
  }
  const ingestKey = await issueApiKey(db, { role: 'ingest', marketplaceId: marketplace.id });
  return { marketplaceId: marketplace.id, ingestKey, sellers };
}

export function percentile(sortedValues: number[], p: number): number {
  return (
    sortedValues[Math.min(sortedValues.length - 1, Math.floor((p / 100) * sortedValues.length))] ??
    NaN
  );
}

export interface BenchTemporal {
  env: TestWorkflowEnvironment;
  billing: SellerBillingClient;
  stop(): Promise<void>;
}

/** The Temporal dev server (the provisioned CLI) with a billing worker running on it. */
export async function startBenchTemporal(db: Database): Promise<BenchTemporal> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await startDevServer();
  const logger = createLogger('bench');
  logger.level = 'warn';
  const worker = await createBillingWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    dependencies: { db, gateway: new SimulatedGateway(), logger },
    chargeRatePerSecond: DEFAULT_CHARGE_RATE_PER_SECOND.simulated,
  });
  const running = worker.run();
  return {
    env,
    billing: new SellerBillingClient(env.client, db),
    stop: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
