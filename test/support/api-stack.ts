// The whole system for an API test file: the time-skipping Temporal server, a fresh database, a
// real billing worker on the simulated gateway, the API, and optionally the spend relay.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { SpendRelay } from '../../spend/relay';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { startApi, type RunningApi } from './api';
import { createTestDatabase, type TestDatabase } from './database';
import { createTestWorker, createTimeSkippingEnvironment } from './temporal';

export interface ApiStack {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  billing: SellerBillingClient;
  api: RunningApi;
  stop(): Promise<void>;
}

export async function startApiStack(options: { relay?: boolean } = {}): Promise<ApiStack> {
  const [env, database] = await Promise.all([
    createTimeSkippingEnvironment(),
    createTestDatabase(),
  ]);
  const { db } = database;
  const gateway = new SimulatedGateway();
  const logger = createLogger('test-stack');
  const worker = await createTestWorker(env, { db, gateway, logger });
  const running = worker.run();
  const billing = new SellerBillingClient(env.client, db);
  const stopRelay = new AbortController();
  const relaying = options.relay
    ? new SpendRelay({ db, billing, logger }).run(stopRelay.signal)
    : Promise.resolve();
  const api = await startApi({ db, billing, gateway });
  return {
    env,
    database,
    billing,
    api,
    async stop() {
      await api.close();
      stopRelay.abort();
      await relaying;
      worker.shutdown();
      await running;
      await database.close();
      await env.teardown();
    },
  };
}
