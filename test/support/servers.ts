// For a test file that drives workflows itself: the time-skipping Temporal server and a fresh
// database, started before its tests and stopped after, with a billing client on both.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { createTestDatabase, type TestDatabase } from './database';
import { createTimeSkippingEnvironment } from './temporal';

export interface TestServers {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  billing: SellerBillingClient;
}

/** Registers the file's beforeAll/afterAll; the returned handle is filled before the tests run. */
export function useTemporalAndDatabase(): TestServers {
  const servers = {} as TestServers;
  beforeAll(async () => {
    [servers.env, servers.database] = await Promise.all([
      createTimeSkippingEnvironment(),
      createTestDatabase(),
    ]);
    servers.billing = new SellerBillingClient(servers.env.client, servers.database.db);
  });
  afterAll(async () => {
    await servers.database?.close();
    await servers.env?.teardown();
  });
  return servers;
}
