// Ingest throughput: spend events acknowledged per second through HTTP (1,000-event batches for
// 60 s, p50/p99 latency) next to the raw PostgreSQL insert rate of the same rows on the same
// server (the ceiling). Run: npx tsx bench/ingest.ts [seconds] [concurrency]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../scripts/free-port';
import {
  createBenchMarketplace,
  percentile,
  startBenchDatabase,
  type BenchMarketplace,
} from './environment';

const DURATION_MS = Number(process.argv[2] ?? 60) * 1000;
const CONCURRENCY = Number(process.argv[3] ?? 4);
const BATCH = 1_000;

function batchOf(market: BenchMarketplace, tag: string, index: number) {
  const occurredAt = new Date().toISOString();
  return Array.from({ length: BATCH }, (_, i) => {
    const seller = market.sellers[(index + i) % market.sellers.length]!;
    return {
      eventId: `${tag}-${index}-${i}`,
      sellerId: seller.sellerId,
      campaignId: seller.campaignIds[i % seller.campaignIds.length]!,
      amountMicros: 1_000 + (i % 5_000),
      occurredAt,
    };
  });
}

async function startApiProcess(databaseUrl: string): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, '..', 'api', 'main.ts')],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, API_PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: 'inherit',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (
      await fetch(`${url}/livez`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop: () => child.kill('SIGTERM') };
}

async function httpRun(url: string, market: BenchMarketplace) {
  const latencies: number[] = [];
  let acknowledged = 0;
  let next = 0;
  const endAt = Date.now() + DURATION_MS;
  const startedAt = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < endAt) {
        const body = JSON.stringify({ events: batchOf(market, 'http', next++) });
        const sentAt = performance.now();
        const response = await fetch(`${url}/v1/spend-events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${market.ingestKey}`,
            'content-type': 'application/json',
          },
          body,
        });
        const answer = (await response.json()) as { accepted: number; duplicates: number };
        if (response.status !== 202)
          throw new Error(`HTTP ${response.status}: ${JSON.stringify(answer)}`);
        latencies.push(performance.now() - sentAt);
        acknowledged += answer.accepted + answer.duplicates;
      }
    }),
  );
  const seconds = (Date.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: acknowledged / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
  };
}

/** The same rows, the same multi-row INSERT the ledger runs, straight over pg: the ceiling. */
async function rawRun(databaseUrl: string, market: BenchMarketplace, durationMs: number) {
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  let inserted = 0;
  let next = 0;
  const startedAt = Date.now();
  const endAt = startedAt + durationMs;
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < endAt) {
        const events = batchOf(market, 'raw', next++);
        const result = await client.query(
          `INSERT INTO spend_events (marketplace_id, event_id, seller_id, campaign_id, amount_micros, occurred_at, billable)
           SELECT $1::uuid, e.event_id, e.seller_id, e.campaign_id, e.amount_micros, e.occurred_at AT TIME ZONE 'UTC', true
           FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::bigint[], $6::timestamptz[])
             AS e(event_id, seller_id, campaign_id, amount_micros, occurred_at)
           ON CONFLICT (marketplace_id, event_id) DO NOTHING`,
          [
            market.marketplaceId,
            events.map((e) => e.eventId),
            events.map((e) => e.sellerId),
            events.map((e) => e.campaignId),
            events.map((e) => String(e.amountMicros)),
            events.map((e) => e.occurredAt),
          ],
        );
        inserted += result.rowCount ?? 0;
      }
    }),
  );
  const seconds = (Date.now() - startedAt) / 1000;
  await Promise.all(clients.map((client) => client.end()));
  return { rowsPerSecond: inserted / seconds };
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const market = await createBenchMarketplace(database.db, {
    sellers: 200,
    campaignsPerSeller: 3,
    creditLimitMinor: 10_000_000,
  });
  const api = await startApiProcess(database.url);
  try {
    console.log(
      `HTTP: ${CONCURRENCY} concurrent clients, ${BATCH}-event batches, ${DURATION_MS / 1000} s ...`,
    );
    const http = await httpRun(api.url, market);
    console.log(
      `raw PostgreSQL: same rows, same multi-row INSERT, ${CONCURRENCY} connections, 20 s ...`,
    );
    const raw = await rawRun(database.url, market, 20_000);
    console.log('');
    console.log(
      `HTTP ingest:     ${Math.round(http.eventsPerSecond)} events/s acknowledged (${http.requests} requests)`,
    );
    console.log(
      `  latency:       p50 ${http.p50.toFixed(1)} ms, p99 ${http.p99.toFixed(1)} ms per 1,000-event request`,
    );
    console.log(`raw INSERT:      ${Math.round(raw.rowsPerSecond)} rows/s (ceiling)`);
    console.log(
      `HTTP / ceiling:  ${((100 * http.eventsPerSecond) / raw.rowsPerSecond).toFixed(1)} %`,
    );
  } finally {
    api.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
