// The spend relay from the ledger to the billing workflows (real Temporal test server, real
// PostgreSQL): sums per campaign, exactly once across crashes and relays side by side, late spend
// shown as late, managed sellers never charged, and a limit crossing charged without waiting for the routine signal.
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { billingCycleContaining } from '../../rules';
import { recordSpendEvents } from '../../spend/ledger';
import { SpendRelay } from '../../spend/relay';
import type { RelayPolicy } from '../../spend/relay-policy';
import {
  createManagedSeller,
  createMarketplace,
  createSelfServiceSeller,
  spendEvent,
} from '../support/fixtures';
import { createTestWorker } from '../support/temporal';
import { useTemporalAndDatabase } from '../support/servers';
import { waitFor } from '../support/wait-for';

const logger = createLogger('relay-test');
const servers = useTemporalAndDatabase();

/** A worker lives for one run: each test gets its own. */
async function withWorker(fn: () => Promise<void>): Promise<void> {
  const worker = await createTestWorker(servers.env, {
    db: servers.database.db,
    gateway: new SimulatedGateway(),
    logger,
  });
  await worker.runUntil(fn);
}

const relay = (policy: Partial<RelayPolicy> = {}) =>
  new SpendRelay({ db: servers.database.db, billing: servers.billing, logger, policy });

/** A marketplace ($100 default limit) with one self-service seller whose workflow runs. */
async function selfServiceSeller(campaigns = 1) {
  const marketplace = await createMarketplace(servers.database.db, {
    defaultCreditLimitMinor: 10_000,
  });
  const { seller, campaigns: created } = await createSelfServiceSeller(
    servers.database.db,
    marketplace.id,
    { campaigns },
  );
  await servers.billing.start(marketplace.id, seller.id);
  const ingest = (events: ReturnType<typeof spendEvent>[]) =>
    recordSpendEvents(servers.database.db, marketplace.id, events);
  const state = async () => (await servers.billing.state(marketplace.id, seller.id))!;
  return { marketplace, seller, campaignIds: created.map((c) => c.id), ingest, state };
}

test("committed spend reaches the workflow as one batch with per-campaign sums; a managed seller's never does", async () => {
  await withWorker(async () => {
    const { marketplace, seller, campaignIds, ingest, state } = await selfServiceSeller(2);
    const [c1, c2] = campaignIds as [string, string];
    const managed = await createManagedSeller(servers.database.db, marketplace.id);
    await ingest([
      spendEvent('sum-1', seller.id, c1, 1_500_000),
      spendEvent('sum-2', seller.id, c2, 2_000_000),
      spendEvent('sum-3', seller.id, c1, 250_000),
      // Far above the limit: charged if it ever reached a workflow.
      spendEvent('sum-managed', managed.seller.id, managed.campaign.id, 900_000_000),
    ]);

    const batches = await relay().pass();
    expect(batches).toEqual([
      expect.objectContaining({
        sellerId: seller.id,
        totalMicros: 3_750_000,
        byCampaignMicros: { [c1]: 1_750_000, [c2]: 2_000_000 },
      }),
    ]);
    expect(await state()).toMatchObject({
      spendThisCycleMicros: '3750000',
      spendByCampaignMicros: { [c1]: '1750000', [c2]: '2000000' },
      lateSpendThisCycleMicros: '0',
    });
    const stored = await servers.database.db.spendRelayBatch.findUniqueOrThrow({
      where: { id: batches[0]!.id },
    });
    expect(stored.signalledAt).not.toBeNull();

    // The managed seller's spend stays in the ledger, never pending, uncharged, with no workflow.
    expect(await relay().pass()).toEqual([]);
    expect(await servers.database.db.spendEvent.count({ where: { eventId: 'sum-managed' } })).toBe(
      1,
    );
    expect(
      await servers.database.db.spendPending.count({ where: { sellerId: managed.seller.id } }),
    ).toBe(0);
    expect(await servers.billing.state(marketplace.id, managed.seller.id)).toBeNull();
    expect(
      await servers.database.db.payment.count({ where: { sellerId: managed.seller.id } }),
    ).toBe(0);
  });
});

test('a relay killed after signalling, or after claiming, never applies spend twice or loses it', async () => {
  await withWorker(async () => {
    const { seller, campaignIds, ingest, state } = await selfServiceSeller();
    const [campaignId] = campaignIds as [string];

    await ingest([spendEvent('crash-1', seller.id, campaignId, 4_000_000)]);
    const crashedAfterSignal = relay();
    const [signalled] = await crashedAfterSignal.claimDue();
    await crashedAfterSignal.signal(signalled!); // ...and dies before marking the batch.

    await ingest([spendEvent('crash-2', seller.id, campaignId, 1_000_000)]);
    const [claimedOnly] = await relay().claimDue(); // dies before signalling.

    const restarted = relay({ resendUnconfirmedAfterMs: 0 });
    await restarted.pass();
    const batches = await servers.database.db.spendRelayBatch.findMany({
      where: { sellerId: seller.id },
    });
    expect(batches.map((b) => b.id).sort()).toEqual([signalled!.id, claimedOnly!.id].sort());
    expect(batches.every((b) => b.signalledAt !== null)).toBe(true);
    expect((await state()).spendThisCycleMicros).toBe('5000000');

    // Resending again (another crash before marking) still changes nothing.
    await restarted.signal(signalled!);
    expect((await state()).spendThisCycleMicros).toBe('5000000');
  });
});

test('two relays side by side claim disjoint sums and the workflow gets every micro once', async () => {
  await withWorker(async () => {
    const { seller, campaignIds, ingest, state } = await selfServiceSeller();
    const [campaignId] = campaignIds as [string];
    const relays = [relay({ signalIntervalMs: 0 }), relay({ signalIntervalMs: 0 })];
    let ingesting = true;
    const running = relays.map(async (r) => {
      while (ingesting) await r.pass();
    });
    for (let b = 0; b < 20; b += 1) {
      await ingest(
        Array.from({ length: 50 }, (_, i) =>
          spendEvent(`side-${b}-${i}`, seller.id, campaignId, 10_000 + i),
        ),
      );
    }
    ingesting = false;
    await Promise.all(running);
    await relays[0]!.pass();

    const expected = 20 * (50 * 10_000 + (49 * 50) / 2);
    const batches = await servers.database.db.spendRelayBatch.findMany({
      where: { sellerId: seller.id },
    });
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((sum, b) => sum + b.totalMicros, 0n)).toBe(BigInt(expected));
    expect(await servers.database.db.spendPending.count({ where: { sellerId: seller.id } })).toBe(
      0,
    );
    expect((await state()).spendThisCycleMicros).toBe(String(expected));
  });
});

test('spend that occurred before the current cycle is billed now and shown as late', async () => {
  await withWorker(async () => {
    const { marketplace, seller, campaignIds, ingest, state } = await selfServiceSeller();
    const [campaignId] = campaignIds as [string];
    const cycleStartsAtMs = billingCycleContaining(Date.now(), marketplace.timeZone).startsAtMs;
    await ingest([
      spendEvent(
        'late-1',
        seller.id,
        campaignId,
        700_000,
        new Date(cycleStartsAtMs - 3_600_000).toISOString(),
      ),
      spendEvent('late-2', seller.id, campaignId, 300_000),
    ]);
    await relay().pass();
    expect(await state()).toMatchObject({
      spendThisCycleMicros: '1000000',
      lateSpendThisCycleMicros: '700000',
      unbilledMicros: 1_000_000,
    });
  });
});

test('a limit crossing is charged at the limit, long before the routine interval', async () => {
  await withWorker(async () => {
    const { seller, campaignIds, ingest, state } = await selfServiceSeller();
    const [campaignId] = campaignIds as [string];
    const running = relay(); // default policy: 500 ms poll, 15-minute routine interval
    const stop = new AbortController();
    const loop = running.run(stop.signal);
    try {
      await ingest([spendEvent('cross-1', seller.id, campaignId, 60_000_000)]);
      await waitFor(async () => (await state()).unbilledMicros === 60_000_000);

      await ingest([spendEvent('cross-2', seller.id, campaignId, 45_000_000)]); // $105 > $100
      await waitFor(async () => (await state()).lastPayment !== null);
      // Charged at the limit, not by the 15-minute routine signal nor at the cycle end. How fast
      // is measured by bench/crossing-delay.ts, not asserted against this machine's clock.
      expect(running.policy.signalIntervalMs).toBe(900_000);
      expect((await state()).lastPayment).toMatchObject({
        amountMinor: 10_500,
        status: 'succeeded',
        reason: 'credit_limit',
      });
    } finally {
      stop.abort();
      await loop;
    }
  });
});
