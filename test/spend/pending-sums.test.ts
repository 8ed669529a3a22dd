// The running sums the relay claims instead of ledger rows (real PostgreSQL; real Temporal test
// server for the delivery): they always equal the billable ledger rows not yet carried, however
// requests and relays interleave, so nothing is lost or counted twice; and a pass carries a deep
// backlog in one batch, reading the sums, not the rows.
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { DAY_MS } from '../../rules';
import { recordSpendEvents } from '../../spend/ledger';
import { SpendRelay, type RelayBatch } from '../../spend/relay';
import {
  createManagedSeller,
  createMarketplace,
  createSelfServiceSeller,
  spendEvent,
} from '../support/fixtures';
import { createTestWorker } from '../support/temporal';
import { useTemporalAndDatabase } from '../support/servers';

const logger = createLogger('pending-sums-test');
const servers = useTemporalAndDatabase();

/** Per seller: the billable ledger rows, what batches carried, and what is still pending. */
async function accounts(sellerIds: string[]) {
  const rows = await servers.database.db.$queryRaw<
    Array<{ seller_id: string; ledger: string; carried: string; pending: string }>
  >`
    SELECT s.id::text AS seller_id,
      (SELECT coalesce(sum(amount_micros), 0) FROM spend_events
        WHERE seller_id = s.id AND billable)::text AS ledger,
      (SELECT coalesce(sum(total_micros), 0) FROM spend_relay_batches
        WHERE seller_id = s.id)::text AS carried,
      (SELECT coalesce(sum(micros), 0) FROM spend_pending WHERE seller_id = s.id)::text AS pending
    FROM sellers s WHERE s.id = ANY(${sellerIds}::uuid[]) ORDER BY s.id`;
  return rows.map((row) => ({
    sellerId: row.seller_id,
    ledger: BigInt(row.ledger),
    carried: BigInt(row.carried),
    pending: BigInt(row.pending),
  }));
}

test('ledger = carried + pending for every seller while requests, resent events and two relays interleave', async () => {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db, { timeZone: 'Pacific/Auckland' });
  const sellers = await Promise.all(
    [1, 2, 3].map((n) =>
      createSelfServiceSeller(db, marketplace.id, { name: `Seller ${n}`, campaigns: 2 }),
    ),
  );
  const managed = await createManagedSeller(db, marketplace.id);
  const lastMonth = new Date(Date.now() - 35 * DAY_MS).toISOString();
  /** Request r: 40 events over every seller and campaign, 10 of them those of request r − 1. */
  const request = (r: number) =>
    Array.from({ length: 40 }, (_, i) => {
      const n = i < 10 && r > 0 ? r - 1 : r;
      const { seller, campaigns } = sellers[i % 3]!;
      return spendEvent(
        `r${n}-${i}`,
        seller.id,
        campaigns[i % 2]!.id,
        1_000 + i * 7 + n,
        i === 39 ? lastMonth : undefined,
      );
    }).concat(spendEvent(`managed-${r}`, managed.seller.id, managed.campaign.id, 5_000_000));
  const relays = [0, 1].map(
    () => new SpendRelay({ db, billing: servers.billing, logger, policy: { signalIntervalMs: 0 } }),
  );

  const batches: RelayBatch[] = [];
  let ingesting = true;
  const claiming = relays.map(async (relay) => {
    while (ingesting) batches.push(...(await relay.claimDue()));
  });
  for (let wave = 0; wave < 10; wave += 1) {
    await Promise.all(
      [0, 1, 2, 3].map((k) => recordSpendEvents(db, marketplace.id, request(wave * 4 + k))),
    );
  }
  ingesting = false;
  await Promise.all(claiming);

  const ids = sellers.map((s) => s.seller.id);
  const mid = await accounts(ids);
  for (const account of mid) expect(account.ledger).toBe(account.carried + account.pending);
  expect(mid.every((account) => account.ledger > 0n)).toBe(true);

  for (;;) {
    const round = (await Promise.all(relays.map((relay) => relay.claimDue()))).flat();
    if (round.length === 0) break;
    batches.push(...round);
  }
  const end = await accounts(ids);
  for (const account of end) {
    expect(account.pending).toBe(0n);
    expect(account.carried).toBe(account.ledger);
  }
  // Each seller's events of a month ago came in its batches as late spend, and only those.
  const lateLedger = await db.$queryRaw<Array<{ micros: string }>>`
    SELECT coalesce(sum(amount_micros), 0)::text AS micros FROM spend_events
    WHERE seller_id = ANY(${ids}::uuid[]) AND event_id LIKE '%-39'`;
  const late = batches.reduce((sum, batch) => sum + BigInt(batch.lateMicros), 0n);
  expect(late).toBe(BigInt(lateLedger[0]!.micros));
  expect(await db.spendPending.count({ where: { sellerId: managed.seller.id } })).toBe(0);
  expect(await db.spendRelayBatch.count({ where: { sellerId: managed.seller.id } })).toBe(0);
});

test('a deep backlog is carried in one batch, and the workflow gets every micro once', async () => {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  await servers.billing.start(marketplace.id, seller.id);
  let total = 0;
  for (let chunk = 0; chunk < 5; chunk += 1) {
    const events = Array.from({ length: 500 }, (_, i) =>
      spendEvent(`deep-${chunk}-${i}`, seller.id, campaigns[0]!.id, 1_000 + (i % 7) * 13),
    );
    total += events.reduce((sum, event) => sum + event.amountMicros, 0);
    await recordSpendEvents(db, marketplace.id, events);
  }
  expect(await db.spendPending.count({ where: { sellerId: seller.id } })).toBe(1);

  const worker = await createTestWorker(servers.env, {
    db,
    gateway: new SimulatedGateway(),
    logger,
  });
  const relay = new SpendRelay({ db, billing: servers.billing, logger });
  const { batches, spend } = await worker.runUntil(async () => ({
    batches: await relay.pass(),
    spend: (await servers.billing.state(marketplace.id, seller.id))!.spendThisCycleMicros,
  }));

  expect(batches).toEqual([expect.objectContaining({ sellerId: seller.id, totalMicros: total })]);
  expect(spend).toBe(String(total));
  expect(await db.spendPending.count({ where: { sellerId: seller.id } })).toBe(0);
});
