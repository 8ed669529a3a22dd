// Seller list latency at scale: a marketplace of N self-service sellers (default 10,000) seeded
// straight into the database with their billing projection rows, some with unsignalled spend and
// some set aside by the relay; the API (in this process, no Temporal server running at all) is
// asked for pages of 50, walking the cursor from the newest seller on, and the p50/p95 of the
// request latency are printed.
// Run: npx tsx bench/seller-list.ts [sellers] [requests] [pageSize]
import { issueApiKey } from '../access/api-keys';
import { createLogger } from '../observability/logger';
import { recordProjections } from '../sellers/billing-projection';
import { recordSpendEvents } from '../spend/ledger';
import { startApi } from '../test/support/api';
import { createMarketplace } from '../test/support/fixtures';
import { percentile, startBenchDatabase } from './environment';
import { seedSelfServiceSellers } from './support/month-end-sellers';

const SELLERS = Number(process.argv[2] ?? 10_000);
const REQUESTS = Number(process.argv[3] ?? 500);
const PAGE_SIZE = Number(process.argv[4] ?? 50);
const CHUNK = 1_000;

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const { db } = database;
  const logger = createLogger('bench');
  logger.level = 'warn';
  const api = await startApi({ db, logger });
  try {
    const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
    const sellers = await seedSelfServiceSellers(db, marketplace.id, SELLERS);
    const cycleStartsAtMs = Date.parse('2026-11-01T00:00:00Z');
    const cycleEndsAtMs = Date.parse('2026-12-01T00:00:00Z');
    for (let from = 0; from < sellers.length; from += CHUNK) {
      const chunk = sellers.slice(from, from + CHUNK);
      await recordProjections(
        db,
        chunk.map(({ sellerId }, i) => ({
          marketplaceId: marketplace.id,
          sellerId,
          version: 1,
          status: (from + i) % 20 === 0 ? 'past_due' : 'active',
          creditLimitMinor: 10_000,
          pendingCreditLimitMinor: (from + i) % 7 === 0 ? 25_000 : null,
          unbilledMicros: ((from + i) % 100) * 1_000_000,
          cycleStartsAtMs,
          cycleEndsAtMs,
        })),
      );
      // A fifth of the sellers have spend the relay has not delivered yet.
      await recordSpendEvents(
        db,
        marketplace.id,
        chunk
          .filter((_, i) => (from + i) % 5 === 0)
          .map(({ sellerId, campaignId }) => ({
            eventId: `pending-${sellerId}`,
            sellerId,
            campaignId,
            amountMicros: 1_500_000,
            occurredAt: new Date().toISOString(),
          })),
      );
    }
    await db.spendRelayHold.createMany({
      data: sellers
        .filter((_, i) => i % 50 === 0)
        .map(({ sellerId }) => ({
          sellerId,
          marketplaceId: marketplace.id,
          reason: 'workflow_not_running',
          retryAt: new Date(Date.now() + 3_600_000),
        })),
    });
    await db.$executeRawUnsafe('ANALYZE');
    const key = await issueApiKey(db, { role: 'marketplace_admin', marketplaceId: marketplace.id });

    const latencies: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (let request = 0; request < REQUESTS; request += 1) {
      const query: string = `limit=${PAGE_SIZE}${cursor ? `&cursor=${cursor}` : ''}`;
      const startedAt = performance.now();
      const answer = await fetch(`${api.url}/v1/marketplaces/${marketplace.id}/sellers?${query}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const body = (await answer.json()) as { sellers: unknown[]; nextCursor: string | null };
      latencies.push(performance.now() - startedAt);
      if (answer.status !== 200 || body.sellers.length === 0) {
        throw new Error(`page ${request}: ${answer.status} ${JSON.stringify(body).slice(0, 200)}`);
      }
      pages += 1;
      cursor = body.nextCursor; // past the oldest seller, start again from the newest
    }
    latencies.sort((a, b) => a - b);
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(
      `${SELLERS} sellers in one marketplace, ${pages} pages of ${PAGE_SIZE} (walking the cursor, no Temporal server running)`,
    );
    console.log(
      `page latency: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies[latencies.length - 1] ?? NaN)}`,
    );
  } finally {
    await api.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
