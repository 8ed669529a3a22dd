// A relay pass whose cost does not grow with the backlog (real Temporal test server, real
// PostgreSQL): each pass claims at most one slice of a seller's oldest unclaimed rows and leaves
// the rest for the next, every micro reaches the workflow once, and relays side by side still
// claim disjoint rows.
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { recordSpendEvents } from '../../spend/ledger';
import { RELAY_SLICE_ROWS, SpendRelay, type RelayBatch } from '../../spend/relay';
import { createMarketplace, createSelfServiceSeller, spendEvent } from '../support/fixtures';
import { createTestWorker } from '../support/temporal';
import { useTemporalAndDatabase } from '../support/servers';

const logger = createLogger('relay-slice-test');
const servers = useTemporalAndDatabase();

/** `count` events of a few varied amounts for the seller, through the ledger, in chunks. */
async function backlog(
  marketplaceId: string,
  seller: { id: string; campaignId: string },
  count: number,
): Promise<bigint> {
  const amounts = Array.from({ length: count }, (_, i) => 1_000 + (i % 7) * 13);
  for (let from = 0; from < count; from += 500) {
    await recordSpendEvents(
      servers.database.db,
      marketplaceId,
      amounts
        .slice(from, from + 500)
        .map((micros, i) =>
          spendEvent(`${seller.id}-${from + i}`, seller.id, seller.campaignId, micros),
        ),
    );
  }
  return amounts.reduce((sum, micros) => sum + BigInt(micros), 0n);
}

async function sellerWithCampaign(marketplaceId: string, name: string) {
  const { seller, campaigns } = await createSelfServiceSeller(servers.database.db, marketplaceId, {
    name,
  });
  return { id: seller.id, campaignId: campaigns[0]!.id };
}

/** The ids of the rows a batch claimed, and whether its total is exactly their sum. */
async function rowsOf(batch: RelayBatch) {
  const rows = await servers.database.db.spendEvent.findMany({
    where: { relayBatchId: batch.id },
    select: { id: true, amountMicros: true },
  });
  const sum = rows.reduce((total, row) => total + row.amountMicros, 0n);
  return { ids: rows.map((row) => row.id), exact: sum === BigInt(batch.totalMicros) };
}

async function unclaimedIds(sellerId: string): Promise<bigint[]> {
  const rows = await servers.database.db.spendEvent.findMany({
    where: { sellerId, relayBatchId: null },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

test("a pass claims at most one slice of a seller's oldest rows, leaves the rest for the next, and every micro reaches the workflow once", async () => {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const busy = await sellerWithCampaign(marketplace.id, 'Busy');
  const quiet = await sellerWithCampaign(marketplace.id, 'Quiet');
  await servers.billing.start(marketplace.id, busy.id);
  await servers.billing.start(marketplace.id, quiet.id);
  const busyTotal = await backlog(marketplace.id, busy, 2 * RELAY_SLICE_ROWS + 37);
  const quietTotal = await backlog(marketplace.id, quiet, 5);

  const worker = await createTestWorker(servers.env, {
    db,
    gateway: new SimulatedGateway(),
    logger,
  });
  // Due at every pass: the slice alone decides how much each pass carries.
  const relay = new SpendRelay({
    db,
    billing: servers.billing,
    logger,
    policy: { signalIntervalMs: 0 },
  });
  const busyClaims: number[] = [];
  const spendOf = async (sellerId: string) =>
    (await servers.billing.state(marketplace.id, sellerId))!.spendThisCycleMicros;
  await worker.runUntil(async () => {
    for (;;) {
      const batches = await relay.pass();
      if (batches.length === 0) break;
      for (const batch of batches) {
        const { ids, exact } = await rowsOf(batch);
        expect(exact).toBe(true);
        expect(ids.length).toBeLessThanOrEqual(RELAY_SLICE_ROWS);
        if (batch.sellerId !== busy.id) continue;
        busyClaims.push(ids.length);
        // The oldest rows go first: everything left behind came later.
        const left = await unclaimedIds(busy.id);
        const newestClaimed = ids.reduce((a, b) => (a > b ? a : b));
        expect(left.every((id) => id > newestClaimed)).toBe(true);
      }
    }
    expect(await spendOf(busy.id)).toBe(String(busyTotal));
    expect(await spendOf(quiet.id)).toBe(String(quietTotal));
  });

  expect(busyClaims).toEqual([RELAY_SLICE_ROWS, RELAY_SLICE_ROWS, 37]);
  expect(await unclaimedIds(busy.id)).toEqual([]);
  expect(await unclaimedIds(quiet.id)).toEqual([]);
});

test('two relays side by side claim disjoint slices: no row in two batches, every batch exact, nothing left', async () => {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db);
  const sellers = await Promise.all(
    [1, 2, 3].map((n) => sellerWithCampaign(marketplace.id, `Side ${n}`)),
  );
  let total = 0n;
  for (const seller of sellers) {
    total += await backlog(marketplace.id, seller, RELAY_SLICE_ROWS + RELAY_SLICE_ROWS / 2);
  }
  const relays = [0, 1].map(() => new SpendRelay({ db, billing: servers.billing, logger }));

  const batches: RelayBatch[] = [];
  for (;;) {
    const round = (await Promise.all(relays.map((relay) => relay.claimDue()))).flat();
    if (round.length === 0) break;
    batches.push(...round);
  }

  const claimedIds = new Set<bigint>();
  let claimedRows = 0;
  for (const batch of batches) {
    const { ids, exact } = await rowsOf(batch);
    expect(exact).toBe(true);
    expect(ids.length).toBeLessThanOrEqual(RELAY_SLICE_ROWS);
    ids.forEach((id) => claimedIds.add(id));
    claimedRows += ids.length;
  }
  expect(claimedIds.size).toBe(claimedRows);
  expect(claimedRows).toBe(sellers.length * (RELAY_SLICE_ROWS + RELAY_SLICE_ROWS / 2));
  expect(batches.reduce((sum, batch) => sum + BigInt(batch.totalMicros), 0n)).toBe(total);
  for (const seller of sellers) expect(await unclaimedIds(seller.id)).toEqual([]);
});
