// One seller's undeliverable spend never stops another's billing (real Temporal test server, real
// PostgreSQL): a seller set aside for ledger rows beyond every bound (as the migration to running
// sums leaves one), and a seller with no running workflow, stay aside with their reason while
// another marketplace's crossing is charged; batches stay exact however large the backlog.
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { recordSpendEvents } from '../../spend/ledger';
import { SpendRelay } from '../../spend/relay';
import { MAX_RELAY_BATCH_MICROS } from '../../rules';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';
import { createTestWorker } from '../support/temporal';
import { useTemporalAndDatabase } from '../support/servers';
import { waitFor } from '../support/wait-for';

const logger = createLogger('relay-isolation-test');
const servers = useTemporalAndDatabase();

test("a seller set aside for rows beyond every bound and one without a workflow stay aside; another marketplace's crossing is still charged", async () => {
  const { db } = servers.database;
  const poisoned = await createMarketplace(db);
  const huge = await createSelfServiceSeller(db, poisoned.id, { name: 'Huge' });
  await servers.billing.start(poisoned.id, huge.seller.id);
  // What prisma/migrations/…_spend_pending_sums leaves for a seller with such legacy rows.
  await db.spendRelayHold.create({
    data: {
      sellerId: huge.seller.id,
      marketplaceId: poisoned.id,
      reason: 'spend_out_of_bounds',
      retryAt: new Date('9999-12-31T00:00:00Z'),
    },
  });
  await recordSpendEvents(db, poisoned.id, [
    spendEvent('huge-1', huge.seller.id, huge.campaigns[0]!.id, 7_000_000),
  ]);
  const orphan = await createSelfServiceSeller(db, poisoned.id, { name: 'Terminated' });
  await servers.billing.start(poisoned.id, orphan.seller.id);
  await servers.env.client.workflow
    .getHandle(sellerBillingWorkflowId(poisoned.id, orphan.seller.id))
    .terminate('operator test');
  await recordSpendEvents(db, poisoned.id, [
    spendEvent('orphan-1', orphan.seller.id, orphan.campaigns[0]!.id, 5_000_000),
  ]);

  const healthy = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const payer = await createSelfServiceSeller(db, healthy.id);
  await servers.billing.start(healthy.id, payer.seller.id);

  const worker = await createTestWorker(servers.env, {
    db,
    gateway: new SimulatedGateway(),
    logger,
  });
  const relay = new SpendRelay({ db, billing: servers.billing, logger });
  const stop = new AbortController();
  await worker.runUntil(async () => {
    const loop = relay.run(stop.signal);
    try {
      await recordSpendEvents(db, healthy.id, [
        spendEvent('payer-1', payer.seller.id, payer.campaigns[0]!.id, 120_000_000),
      ]);
      await waitFor(async () => {
        const state = await servers.billing.state(healthy.id, payer.seller.id);
        return state?.lastPayment?.status === 'succeeded';
      });
    } finally {
      stop.abort();
      await loop;
    }
  });

  expect(await db.payment.findMany({ where: { marketplaceId: healthy.id } })).toEqual([
    expect.objectContaining({ amountMinor: 12_000n, status: 'succeeded' }),
  ]);
  const holds = await db.spendRelayHold.findMany({ where: { marketplaceId: poisoned.id } });
  expect(Object.fromEntries(holds.map((h) => [h.sellerId, h.reason]))).toEqual({
    [huge.seller.id]: 'spend_out_of_bounds',
    [orphan.seller.id]: 'workflow_not_running',
  });
  // Nothing of the held seller's spend was taken, and the orphan's spend is kept, not lost.
  expect(await db.spendRelayBatch.count({ where: { sellerId: huge.seller.id } })).toBe(0);
  const stillPending = await db.spendPending.findMany({ where: { sellerId: huge.seller.id } });
  expect(stillPending.map((sum) => sum.micros.toString())).toEqual(['7000000']);
  const orphanBatches = await db.spendRelayBatch.findMany({
    where: { sellerId: orphan.seller.id },
  });
  expect(orphanBatches).toEqual([
    expect.objectContaining({ totalMicros: 5_000_000n, signalledAt: null }),
  ]);
});

test('a held seller is retried after its backoff and released by its next delivery', async () => {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  await recordSpendEvents(db, marketplace.id, [
    spendEvent('late-start-1', seller.id, campaigns[0]!.id, 2_000_000),
  ]);
  let nowMs = Date.now();
  const relay = new SpendRelay({
    db,
    billing: servers.billing,
    logger,
    now: () => nowMs,
    policy: { resendUnconfirmedAfterMs: 0, holdRetryBaseMs: 60_000 },
  });

  await relay.pass(); // no workflow yet: set aside
  expect(await db.spendRelayHold.findUnique({ where: { sellerId: seller.id } })).toMatchObject({
    reason: 'workflow_not_running',
    attempts: 1,
  });
  await servers.billing.start(marketplace.id, seller.id);
  await relay.pass(); // still inside the backoff: left alone
  expect(await db.spendRelayHold.count({ where: { sellerId: seller.id } })).toBe(1);

  nowMs += 61_000;
  // A delivery is an update, answered once a worker runs the workflow's task.
  const worker = await createTestWorker(servers.env, {
    db,
    gateway: new SimulatedGateway(),
    logger,
  });
  await worker.runUntil(() => relay.pass());
  expect(await db.spendRelayHold.count({ where: { sellerId: seller.id } })).toBe(0);
  expect(
    await db.spendRelayBatch.findMany({
      where: { sellerId: seller.id },
      select: { signalledAt: true },
    }),
  ).toEqual([{ signalledAt: expect.any(Date) }]);
});

test('a backlog larger than one exact batch is carried in several, every micro once', async () => {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db, { currency: 'JPY' });
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  const largestYenEvent = 99_999_999_000_000n;
  await recordSpendEvents(
    db,
    marketplace.id,
    Array.from({ length: 12 }, (_, i) =>
      spendEvent(`yen-${i}`, seller.id, campaigns[0]!.id, Number(largestYenEvent)),
    ),
  );
  const relay = new SpendRelay({ db, billing: servers.billing, logger });

  const first = await relay.claimDue();
  const second = await relay.claimDue();
  expect(first).toHaveLength(1);
  expect(first[0]!.totalMicros).toBeLessThanOrEqual(MAX_RELAY_BATCH_MICROS);
  expect(Number.isSafeInteger(second[0]!.totalMicros)).toBe(true);
  expect(BigInt(first[0]!.totalMicros) + BigInt(second[0]!.totalMicros)).toBe(
    12n * largestYenEvent,
  );
  expect(await db.spendPending.count({ where: { sellerId: seller.id } })).toBe(0);
});
