// The walking skeleton end to end: the ad server posts spend for the demo seller over HTTP, the
// spend relay carries it to the seller's workflow, and once it crosses the credit limit a real
// worker charges the card, exactly once.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { seedDemo, type DemoCredentials } from '../../scripts/demo-data';
import { SpendRelay } from '../../spend/relay';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { callApi, startApi, type RunningApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestWorker, createTimeSkippingEnvironment } from '../support/temporal';
import { waitFor } from '../support/wait-for';

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: RunningApi;
let demo: DemoCredentials;
let billing: SellerBillingClient;

beforeAll(async () => {
  [env, database] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase()]);
  billing = new SellerBillingClient(env.client, database.db);
  api = await startApi({ db: database.db });
  demo = await seedDemo(database.db, billing);
});
afterAll(async () => {
  await api?.kill();
  await database?.close();
  await env?.teardown();
});

const spend = (eventId: string, amountMicros: number) => ({
  eventId,
  sellerId: demo.sellerId,
  campaignId: demo.campaignId,
  amountMicros,
  occurredAt: new Date().toISOString(),
});

test('spend posted for the demo seller that crosses its $100 limit is charged once', async () => {
  const { db } = database;
  const logger = createLogger('test');
  const worker = await createTestWorker(env, { db, gateway: new SimulatedGateway(), logger });
  const relay = new SpendRelay({ db, billing, logger });
  const stopRelay = new AbortController();
  const relaying = relay.run(stopRelay.signal);
  await worker.runUntil(async () => {
    const first = await callApi(api.url, demo.ingestKey, '/v1/spend-events', {
      events: [spend('imp-1', 40_000_000), spend('imp-2', 30_000_000)],
    });
    expect(first).toEqual({ status: 202, body: { accepted: 2, duplicates: 0, rejected: [] } });

    const second = await callApi(api.url, demo.ingestKey, '/v1/spend-events', {
      events: [spend('imp-2', 30_000_000), spend('imp-3', 35_000_000)],
    });
    expect(second).toEqual({ status: 202, body: { accepted: 1, duplicates: 1, rejected: [] } });

    await waitFor(async () => (await db.payment.count()) === 1);
  });
  stopRelay.abort();
  await relaying;

  const payments = await db.payment.findMany();
  expect(payments).toHaveLength(1);
  expect(payments[0]).toMatchObject({
    sellerId: demo.sellerId,
    amountMinor: 10_500n,
    status: 'succeeded',
  });
  expect(await db.spendEvent.count()).toBe(3);
});

test('the spend endpoint refuses a missing key and a key of another role', async () => {
  const body = { events: [spend('imp-x', 1)] };
  expect((await callApi(api.url, '', '/v1/spend-events', body)).status).toBe(401);
  const asSeller = await callApi<{ error: { code: string } }>(
    api.url,
    demo.sellerKey,
    '/v1/spend-events',
    body,
  );
  expect(asSeller.status).toBe(403);
  expect(asSeller.body.error.code).toBe('forbidden');
  expect(await database.db.spendEvent.count({ where: { eventId: 'imp-x' } })).toBe(0);
});
