// Relay pass cost against the unsignalled backlog: spend events recorded through the ledger, as
// ingestion records them, rows and running sums alike (10,000, 100,000 and 1,000,000 by default)
// over 1,000 sellers, spread evenly and skewed (one event for each of 999 sellers, the rest on
// one seller); per size the p50 of a fresh relay's database work (pending sums and the claim,
// every seller due) over several passes, the claim undone between passes.
// Run: npx tsx bench/relay-pass.ts [passes] [sizes, comma-separated] [shapes: even,skewed]
import type { Database } from '../db/client';
import { createLogger } from '../observability/logger';
import { recordSpendEvents } from '../spend/ledger';
import { SpendRelay } from '../spend/relay';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import { createMarketplace } from '../test/support/fixtures';
import { percentile, startBenchDatabase } from './environment';
import { seedSelfServiceSellers, type SeededSeller } from './support/month-end-sellers';

const PASSES = Number(process.argv[2] ?? 5);
const SIZES = (process.argv[3] ?? '10000,100000,1000000').split(',').map(Number);
const SELLERS = 1_000;

/** Which seller (index into the sellers) the g-th event belongs to, g from 0. */
const SHAPES = {
  even: (g: number) => g % SELLERS,
  skewed: (g: number) => (g < SELLERS - 1 ? g + 1 : 0),
} as const;

/** Events per ledger call: the size of an ad server's request. */
const REQUEST_EVENTS = 1_000;

/**
 * A fresh relay has signalled no one, so every seller with pending spend is due without a
 * headroom read: the pass is pure database work and the billing client is never called.
 */
const unusedBilling = new Proxy({} as SellerBillingClient, {
  get() {
    throw new Error('the relay pass benchmark signals no workflow');
  },
});

const SHAPE_NAMES = (process.argv[4] ?? Object.keys(SHAPES).join(',')).split(',') as Array<
  keyof typeof SHAPES
>;

async function seedBacklog(
  db: Database,
  marketplaceId: string,
  sellers: SeededSeller[],
  rows: number,
  shape: keyof typeof SHAPES,
): Promise<void> {
  await db.$executeRawUnsafe(
    'TRUNCATE spend_events, spend_pending, spend_relay_batches, spend_relay_holds',
  );
  const occurredAt = new Date().toISOString();
  for (let from = 0; from < rows; from += REQUEST_EVENTS) {
    const events = Array.from({ length: Math.min(REQUEST_EVENTS, rows - from) }, (_, i) => {
      const g = from + i;
      const seller = sellers[SHAPES[shape](g)]!;
      return {
        eventId: `backlog-${g}`,
        sellerId: seller.sellerId,
        campaignId: seller.campaignId,
        amountMicros: 1_000 + (g % 5_000),
        occurredAt,
      };
    });
    await recordSpendEvents(db, marketplaceId, events);
  }
  await db.$executeRawUnsafe('DROP TABLE IF EXISTS spend_pending_seeded');
  await db.$executeRawUnsafe('CREATE TABLE spend_pending_seeded AS TABLE spend_pending');
  await db.$executeRawUnsafe('VACUUM ANALYZE spend_events, spend_pending');
}

/** Puts the pending sums back as seeded: the next pass meets the same backlog. */
async function undoClaims(db: Database): Promise<void> {
  await db.$executeRawUnsafe('TRUNCATE spend_pending, spend_relay_batches');
  await db.$executeRawUnsafe('INSERT INTO spend_pending SELECT * FROM spend_pending_seeded');
  await db.$executeRawUnsafe('VACUUM ANALYZE spend_pending');
}

async function measure(db: Database) {
  const logger = createLogger('relay-pass-bench');
  const timesMs: number[] = [];
  let sums = 0;
  let batches = 0;
  let carriedMicros = 0n;
  for (let pass = 0; pass < PASSES; pass += 1) {
    const relay = new SpendRelay({ db, billing: unusedBilling, logger });
    const startedAt = performance.now();
    const claimed = await relay.claimDue();
    timesMs.push(performance.now() - startedAt);
    batches = claimed.length;
    carriedMicros = claimed.reduce((sum, batch) => sum + BigInt(batch.totalMicros), 0n);
    sums = await seededSums(db);
    await undoClaims(db);
  }
  timesMs.sort((a, b) => a - b);
  return { p50: percentile(timesMs, 50), max: timesMs.at(-1)!, sums, batches, carriedMicros };
}

async function seededSums(db: Database): Promise<number> {
  const [row] = await db.$queryRawUnsafe<[{ n: bigint }]>(
    'SELECT count(*) AS n FROM spend_pending_seeded',
  );
  return Number(row.n);
}

async function ledgerMicros(db: Database): Promise<bigint> {
  const [row] = await db.$queryRawUnsafe<[{ micros: string }]>(
    'SELECT sum(amount_micros)::text AS micros FROM spend_events',
  );
  return BigInt(row.micros);
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  try {
    const marketplace = await createMarketplace(database.db);
    const sellers = await seedSelfServiceSellers(database.db, marketplace.id, SELLERS);
    console.log(`${SELLERS} sellers, p50 of ${PASSES} passes (pending sums + claim, all due)`);
    for (const shape of SHAPE_NAMES) {
      for (const rows of SIZES) {
        await seedBacklog(database.db, marketplace.id, sellers, rows, shape);
        const result = await measure(database.db);
        const ledger = await ledgerMicros(database.db);
        console.log(
          `${shape.padEnd(6)} ${rows.toLocaleString('en').padStart(9)} rows: p50 ${result.p50.toFixed(1)} ms ` +
            `(max ${result.max.toFixed(1)} ms), ${result.sums} sums taken into ${result.batches} batches per pass, ` +
            `carrying ${result.carriedMicros === ledger ? 'the whole ledger' : `${result.carriedMicros} of ${ledger} µ`}`,
        );
      }
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
