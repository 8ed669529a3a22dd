// Relay pass cost against the unsignalled backlog: ledger rows seeded straight with SQL
// (10,000, 100,000 and 1,000,000 by default) over 1,000 sellers, spread evenly and skewed (one
// row for each of 999 sellers, the rest on one seller); per size the p50 of a fresh relay's
// database work (pending sums and the claim, every seller due) over several passes, the claim
// undone between passes.
// Run: npx tsx bench/relay-pass.ts [passes] [sizes, comma-separated] [shapes: even,skewed]
import type { Database } from '../db/client';
import { createLogger } from '../observability/logger';
import { SpendRelay } from '../spend/relay';
import type { SellerBillingClient } from '../temporal/seller-billing-client';
import { createMarketplace } from '../test/support/fixtures';
import { percentile, startBenchDatabase } from './environment';
import { seedSelfServiceSellers, type SeededSeller } from './support/month-end-sellers';

const PASSES = Number(process.argv[2] ?? 5);
const SIZES = (process.argv[3] ?? '10000,100000,1000000').split(',').map(Number);
const SELLERS = 1_000;

/** Which seller the g-th row belongs to, as SQL over g (1-based index into the seller arrays). */
const SHAPES = {
  even: `1 + g % ${SELLERS}`,
  skewed: `CASE WHEN g < ${SELLERS} THEN 1 + g ELSE 1 END`,
} as const;

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
  await db.$executeRawUnsafe('TRUNCATE spend_events, spend_relay_batches, spend_relay_holds');
  await db.$executeRawUnsafe(
    `INSERT INTO spend_events (marketplace_id, event_id, seller_id, campaign_id, amount_micros, occurred_at, billable)
     SELECT $1::uuid, 'backlog-' || g, ($2::uuid[])[${SHAPES[shape]}], ($3::uuid[])[${SHAPES[shape]}],
       1000 + g % 5000, now() AT TIME ZONE 'UTC', true
     FROM generate_series(1, $4::int) g`,
    marketplaceId,
    sellers.map((s) => s.sellerId),
    sellers.map((s) => s.campaignId),
    rows,
  );
  await db.$executeRawUnsafe('VACUUM ANALYZE spend_events');
}

/**
 * Puts the claimed rows back: the next pass meets the same backlog. The batch rows stay (a pass
 * never reads them); deleting them would check every ledger row per batch, relay_batch_id having
 * no index.
 */
async function undoClaims(db: Database): Promise<void> {
  await db.$executeRawUnsafe(
    'UPDATE spend_events SET relay_batch_id = NULL WHERE relay_batch_id IS NOT NULL',
  );
  await db.$executeRawUnsafe('VACUUM ANALYZE spend_events');
}

async function measure(db: Database) {
  const logger = createLogger('relay-pass-bench');
  const timesMs: number[] = [];
  let claimedRows = 0;
  let batches = 0;
  for (let pass = 0; pass < PASSES; pass += 1) {
    const relay = new SpendRelay({ db, billing: unusedBilling, logger });
    const startedAt = performance.now();
    const claimed = await relay.claimDue();
    timesMs.push(performance.now() - startedAt);
    batches = claimed.length;
    const [{ count }] = await db.$queryRawUnsafe<[{ count: bigint }]>(
      'SELECT count(*) FROM spend_events WHERE relay_batch_id IS NOT NULL',
    );
    claimedRows = Number(count);
    await undoClaims(db);
  }
  timesMs.sort((a, b) => a - b);
  return { p50: percentile(timesMs, 50), max: timesMs.at(-1)!, claimedRows, batches };
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
        console.log(
          `${shape.padEnd(6)} ${rows.toLocaleString('en').padStart(9)} rows: p50 ${result.p50.toFixed(1)} ms ` +
            `(max ${result.max.toFixed(1)} ms), ${result.claimedRows} rows claimed in ${result.batches} batches per pass`,
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
