// Charges stay within the configured rate however many sellers cross their limit at once: the
// charge activity runs on its own task queue whose rate limit the Temporal server enforces for
// every worker. The time-skipping server has no such limit, so this file runs the dev server.
import { tsToMs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLogger } from '../../observability/logger';
import { mostChargesInAnySecond } from '../../payments/charge-rate';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { startDevServer } from '../support/dev-server';
import { createTestWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

let env: TestWorkflowEnvironment;
let database: TestDatabase;

beforeAll(async () => {
  [env, database] = await Promise.all([startDevServer(), createTestDatabase()]);
});
afterAll(async () => {
  await database?.close();
  await env?.teardown();
});

/** When the server handed each charge to a worker: the instant its rate limit governs. */
async function chargeDispatchTimesMs(marketplaceId: string, sellerIds: string[]) {
  const times = await Promise.all(
    sellerIds.map(async (sellerId) => {
      const handle = env.client.workflow.getHandle(
        sellerBillingWorkflowId(marketplaceId, sellerId),
      );
      const events = (await handle.fetchHistory()).events ?? [];
      const scheduledIds = new Set(
        events
          .filter(
            (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'chargeSeller',
          )
          .map((e) => String(e.eventId)),
      );
      return events
        .filter((e) =>
          scheduledIds.has(String(e.activityTaskStartedEventAttributes?.scheduledEventId)),
        )
        .map((e) => tsToMs(e.eventTime));
    }),
  );
  return times.flat().sort((a, b) => a - b);
}

/** The most of `sortedTimesMs` that fall within any one second. */
function mostInAnySecond(sortedTimesMs: number[]): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < sortedTimesMs.length; last += 1) {
    while (sortedTimesMs[last]! - sortedTimesMs[first]! >= 1000) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

test('30 sellers crossing their limit at once are charged within the rate limit of 5 a second', async () => {
  const { db } = database;
  const ratePerSecond = 5;
  const gateway = new SimulatedGateway();
  const billing = new SellerBillingClient(env.client, db);
  const worker = await createTestWorker(
    env,
    { db, gateway, logger: createLogger('test') },
    undefined,
    ratePerSecond,
  );
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const sellers: Array<Awaited<ReturnType<typeof createSelfServiceSeller>>> = [];
  for (let i = 0; i < 30; i += 1) {
    sellers.push(await createSelfServiceSeller(db, marketplace.id, { name: `Seller ${i}` }));
  }

  await worker.runUntil(async () => {
    for (const { seller } of sellers) await billing.start(marketplace.id, seller.id);
    await Promise.all(
      sellers.map(({ seller, campaigns }) =>
        billing.signalSpend(marketplace.id, seller.id, {
          batchId: 'over-the-limit',
          totalMicros: 120_000_000,
          byCampaignMicros: { [campaigns[0]!.id]: 120_000_000 },
        }),
      ),
    );
    await waitFor(
      async () => (await db.payment.count({ where: { status: 'succeeded' } })) === sellers.length,
      120_000,
    );
  });

  const sellerIds = sellers.map(({ seller }) => seller.id);
  const dispatched = await chargeDispatchTimesMs(marketplace.id, sellerIds);
  expect(dispatched).toHaveLength(sellers.length);
  expect(gateway.succeededKeys()).toHaveLength(sellers.length);
  // Unlimited, all 30 would start within the same second.
  expect(mostInAnySecond(dispatched)).toBeLessThanOrEqual(mostChargesInAnySecond(ratePerSecond));
});
