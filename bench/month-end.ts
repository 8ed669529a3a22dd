// Month end at scale: N self-service sellers of one marketplace (one time zone) with unbilled
// spend reach their cycle end at the same instant; a real worker process (worker/main.ts, with
// its relays) charges them through the simulated gateway answering in 300 ms, paced by the
// charge queue's rate limit. Prints how long the closing took, the charge rates, workflow tasks
// per second, the worker's memory per cached workflow, and checks that exactly N charges
// succeeded, none twice.
// Run: npx tsx bench/month-end.ts [sellers=1000] [chargeRatePerSecond=40] [chargeDelayMs=300]
// Against a Temporal server of your own: TEMPORAL_ADDRESS=host:7233 npx tsx bench/month-end.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tsToMs } from '@temporalio/common/lib/time';
import type { Database } from '../db/client';
import { mostChargesInAnySecond } from '../payments/charge-rate';
import { startOptions } from '../temporal/seller-billing-client';
import { sellerBilling } from '../workflows/seller-billing';
import { createMarketplace } from '../test/support/fixtures';
import { startBenchDatabase } from './environment';
import { runNearCycleEnd, seedSelfServiceSellers } from './support/month-end-sellers';
import { temporalTarget, type TemporalTarget } from './support/temporal-target';
import { startWorkerProcess, type WorkerProcess } from '../test/support/worker-process';

const SELLERS = Number(process.argv[2] ?? 1_000);
const CHARGE_RATE_PER_SECOND = Number(process.argv[3] ?? 40);
const CHARGE_DELAY_MS = Number(process.argv[4] ?? 300);
/** $50 of a $100 limit: below the limit, so the only charge is the cycle-end one. */
const UNBILLED_MICROS = 50_000_000;
const TIME_ZONE = 'Europe/Paris';

interface Sample {
  atMs: number;
  rssBytes: number;
  cachedWorkflows: number;
  workflowTasks: number;
  settled: number;
}

async function sample(db: Database, worker: WorkerProcess): Promise<Sample> {
  const [cachedWorkflows, workflowTasks, settled] = await Promise.all([
    worker.sdkMetric('temporal_sticky_cache_size'),
    worker.sdkMetric('temporal_workflow_task_execution_latency_count'),
    db.payment.count({ where: { status: 'succeeded' } }),
  ]);
  return { atMs: Date.now(), rssBytes: worker.rssBytes(), cachedWorkflows, workflowTasks, settled };
}

/** Runs `task` over `items`, `concurrency` at a time. */
async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!);
      }
    }),
  );
  return results;
}

/** The most of `sortedTimesMs` within any one second, and the most in one calendar second. */
function peaks(sortedTimesMs: number[]): { slidingSecond: number; calendarSecond: number } {
  let slidingSecond = 0;
  let first = 0;
  const perSecond = new Map<number, number>();
  for (let last = 0; last < sortedTimesMs.length; last += 1) {
    while (sortedTimesMs[last]! - sortedTimesMs[first]! >= 1000) first += 1;
    slidingSecond = Math.max(slidingSecond, last - first + 1);
    const second = Math.floor(sortedTimesMs[last]! / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return { slidingSecond, calendarSecond: Math.max(0, ...perSecond.values()) };
}

/** When the server handed each seller's cycle-end charge to a worker (its first run's history). */
async function chargeDispatchTimesMs(
  temporal: TemporalTarget,
  runs: Array<{ workflowId: string; runId: string }>,
): Promise<number[]> {
  const times = await inParallel(runs, 16, async ({ workflowId, runId }) => {
    const events =
      (await temporal.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    const scheduled = events.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'chargeSeller',
    );
    const started = events.find(
      (e) =>
        scheduled &&
        String(e.activityTaskStartedEventAttributes?.scheduledEventId) ===
          String(scheduled.eventId),
    );
    return started ? tsToMs(started.eventTime) : null;
  });
  return times.filter((t): t is number => t !== null).sort((a, b) => a - b);
}

/** Exactly one succeeded cycle-end charge per seller, and no other payment row. */
async function checkExactlyOnce(db: Database, marketplaceId: string) {
  const [row] = await db.$queryRaw<
    Array<{ rows: bigint; succeeded: bigint; sellers: bigint; keys: bigint; twice: bigint }>
  >`
    SELECT count(*) AS rows,
           count(*) FILTER (WHERE status = 'succeeded' AND reason = 'cycle_end') AS succeeded,
           count(DISTINCT seller_id) AS sellers,
           count(DISTINCT idempotency_key) AS keys,
           (SELECT count(*) FROM (SELECT seller_id FROM payments WHERE marketplace_id = ${marketplaceId}::uuid
              GROUP BY seller_id HAVING count(*) > 1) AS charged_twice) AS twice
    FROM payments WHERE marketplace_id = ${marketplaceId}::uuid`;
  return {
    rows: Number(row!.rows),
    succeeded: Number(row!.succeeded),
    sellers: Number(row!.sellers),
    keys: Number(row!.keys),
    sellersChargedTwice: Number(row!.twice),
  };
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'month-end-'));
  const database = await startBenchDatabase();
  const temporal = await temporalTarget();
  let worker: WorkerProcess | null = null;
  try {
    const { db } = database;
    const marketplace = await createMarketplace(db, {
      timeZone: TIME_ZONE,
      defaultCreditLimitMinor: 10_000,
      currency: 'EUR',
    });
    const seeded = await seedSelfServiceSellers(db, marketplace.id, SELLERS);
    const campaignOf = new Map(seeded.map((s) => [s.sellerId, s.campaignId]));
    const rows = await db.seller.findMany({
      where: { marketplaceId: marketplace.id },
      include: { marketplace: true },
    });

    worker = await startWorkerProcess({
      databaseUrl: database.url,
      temporalAddress: temporal.address,
      namespace: temporal.namespace,
      logFile: path.join(logDir, 'worker.log'),
      env: {
        CHARGE_RATE_PER_SECOND: String(CHARGE_RATE_PER_SECOND),
        SIMULATED_CHARGE_DELAY_MS: String(CHARGE_DELAY_MS),
      },
    });
    const idle = await sample(db, worker);

    // Enough time to start every workflow (and for each to run its first task) before the end.
    const cycleEndsAtMs = Date.now() + 20_000 + SELLERS * 15;
    const startedAtMs = Date.now();
    const runs = await inParallel(rows, 32, async (row) => {
      const input = runNearCycleEnd(row, campaignOf.get(row.id)!, {
        unbilledMicros: UNBILLED_MICROS,
        cycleEndsAtMs,
      });
      const handle = await temporal.client.workflow.start(sellerBilling, {
        ...startOptions(marketplace.id, row.id),
        args: [input],
      });
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    });
    const startsTookMs = Date.now() - startedAtMs;
    if (Date.now() >= cycleEndsAtMs) {
      throw new Error(`starting ${SELLERS} workflows took ${startsTookMs} ms, past the cycle end`);
    }

    const samples: Sample[] = [];
    while (Date.now() < cycleEndsAtMs - 1_000) {
      samples.push(await sample(db, worker));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const beforeEnd = samples.at(-1) ?? (await sample(db, worker));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cycleEndsAtMs - Date.now())));
    const deadline = cycleEndsAtMs + 120_000 + (SELLERS / CHARGE_RATE_PER_SECOND) * 3_000;
    for (;;) {
      const now = await sample(db, worker);
      samples.push(now);
      if (now.settled >= SELLERS || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const afterEnd = samples.at(-1)!;

    const settledTimes = (
      await db.payment.findMany({
        where: { marketplaceId: marketplace.id, status: 'succeeded' },
        select: { createdAt: true },
      })
    )
      .map((p) => p.createdAt.getTime())
      .sort((a, b) => a - b);
    const dispatched = await chargeDispatchTimesMs(temporal, runs);
    const checks = await checkExactlyOnce(db, marketplace.id);
    const lastSettledMs = settledTimes.at(-1) ?? NaN;
    const closingSeconds = (lastSettledMs - cycleEndsAtMs) / 1000;
    const settledSpanSeconds = ((settledTimes.at(-1) ?? 0) - (settledTimes[0] ?? 0)) / 1000;
    const settledPeaks = peaks(settledTimes);
    const dispatchPeaks = peaks(dispatched);
    const peakCached = samples.reduce((best, s) =>
      s.cachedWorkflows > best.cachedWorkflows ? s : best,
    );
    const perCachedMb = mb(beforeEnd.rssBytes - idle.rssBytes) / beforeEnd.cachedWorkflows;

    console.log(`server: ${temporal.description}`);
    console.log(
      `${SELLERS} sellers, one time zone (${TIME_ZONE}); charge rate ${CHARGE_RATE_PER_SECOND}/s, gateway ${CHARGE_DELAY_MS} ms per charge`,
    );
    console.log(
      `workflow starts: ${startsTookMs} ms (${((SELLERS / startsTookMs) * 1000).toFixed(0)}/s)`,
    );
    console.log(
      `cycle end -> last charge settled: ${closingSeconds.toFixed(1)} s (first settled after ${((settledTimes[0]! - cycleEndsAtMs) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `charges settled per second: mean ${(settledTimes.length / settledSpanSeconds).toFixed(1)}, peak ${settledPeaks.calendarSecond} (calendar second), highest in any second ${settledPeaks.slidingSecond}`,
    );
    console.log(
      `charges started (server dispatch) in any second: highest ${dispatchPeaks.slidingSecond}; Temporal's bound at ${CHARGE_RATE_PER_SECOND}/s: ${mostChargesInAnySecond(CHARGE_RATE_PER_SECOND)}`,
    );
    console.log(
      `workflow tasks per second, cycle end -> last settled: ${((afterEnd.workflowTasks - beforeEnd.workflowTasks) / closingSeconds).toFixed(1)} (${afterEnd.workflowTasks - beforeEnd.workflowTasks} tasks)`,
    );
    console.log(
      `worker RSS: idle ${mb(idle.rssBytes).toFixed(0)} MB; ${beforeEnd.cachedWorkflows} cached workflows before the end ${mb(beforeEnd.rssBytes).toFixed(0)} MB; most cached ${peakCached.cachedWorkflows} at ${mb(peakCached.rssBytes).toFixed(0)} MB; highest ${mb(Math.max(...samples.map((s) => s.rssBytes))).toFixed(0)} MB`,
    );
    console.log(
      `RSS per cached workflow: ${(perCachedMb * 1024).toFixed(0)} KB above idle (${(1024 / perCachedMb).toFixed(0)} per GB); whole worker ${(mb(beforeEnd.rssBytes) / beforeEnd.cachedWorkflows).toFixed(2)} MB each (${((beforeEnd.cachedWorkflows / mb(beforeEnd.rssBytes)) * 1024).toFixed(0)} per GB)`,
    );
    const exactlyOnce =
      checks.succeeded === SELLERS &&
      checks.rows === SELLERS &&
      checks.sellers === SELLERS &&
      checks.keys === SELLERS &&
      checks.sellersChargedTwice === 0;
    console.log(
      `payments: ${checks.succeeded} succeeded cycle-end charges of ${SELLERS}; ${checks.rows} rows, ${checks.sellers} sellers, ${checks.sellersChargedTwice} charged twice -> ${exactlyOnce ? 'exactly once' : 'FAILED'}`,
    );
    console.log(`worker log: ${worker.logFile}`);
    if (!exactlyOnce) process.exitCode = 1;
  } finally {
    await worker?.stop();
    await temporal.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
