// Delay from acknowledging the event that crosses a seller's credit limit (HTTP 202) to the
// charge starting (the chargeSeller activity's start in the workflow history), with the relay
// running its default policy beside a worker on the Temporal dev server.
// Run: npx tsx bench/crossing-delay.ts [trials]
import { tsToMs } from '@temporalio/common/lib/time';
import { createLogger } from '../observability/logger';
import { SpendRelay } from '../spend/relay';
import { callApi, startApi } from '../test/support/api';
import { sellerBillingWorkflowId } from '../workflows/ids';
import {
  createBenchMarketplace,
  percentile,
  startBenchDatabase,
  startBenchTemporal,
} from './environment';

const TRIALS = Number(process.argv[2] ?? 20);

async function until(predicate: () => Promise<boolean>): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const temporal = await startBenchTemporal(database.db);
  const api = await startApi({ db: database.db });
  const logger = createLogger('bench');
  logger.level = 'warn';
  const relay = new SpendRelay({ db: database.db, billing: temporal.billing, logger });
  const stopRelay = new AbortController();
  const relayLoop = relay.run(stopRelay.signal);
  try {
    // $100 limit; each trial: $60 (signalled at once, the seller's first), then $45 crossing it.
    const market = await createBenchMarketplace(database.db, {
      sellers: TRIALS,
      campaignsPerSeller: 1,
      creditLimitMinor: 10_000,
    });
    const delays: number[] = [];
    for (const [trial, { sellerId, campaignIds }] of market.sellers.entries()) {
      await temporal.billing.start(market.marketplaceId, sellerId);
      const report = (eventId: string, amountMicros: number) =>
        callApi(api.url, market.ingestKey, '/v1/spend-events', {
          events: [
            {
              eventId,
              sellerId,
              campaignId: campaignIds[0],
              amountMicros,
              occurredAt: new Date().toISOString(),
            },
          ],
        });
      await report(`t${trial}-below`, 60_000_000);
      await until(
        async () =>
          (await temporal.billing.state(market.marketplaceId, sellerId))?.unbilledMicros ===
          60_000_000,
      );
      await new Promise((resolve) =>
        setTimeout(resolve, Math.random() * relay.policy.pollIntervalMs),
      );
      const answer = await report(`t${trial}-crossing`, 45_000_000);
      const acknowledgedAtMs = Date.now();
      if (answer.status !== 202)
        throw new Error(`crossing event not acknowledged: ${answer.status}`);
      const handle = temporal.env.client.workflow.getHandle(
        sellerBillingWorkflowId(market.marketplaceId, sellerId),
      );
      let chargeStartedAtMs: number | null = null;
      await until(async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        const scheduled = events.find(
          (event) =>
            event.activityTaskScheduledEventAttributes?.activityType?.name === 'chargeSeller',
        );
        const started = events.find(
          (event) =>
            scheduled &&
            String(event.activityTaskStartedEventAttributes?.scheduledEventId) ===
              String(scheduled.eventId),
        );
        if (started) chargeStartedAtMs = tsToMs(started.eventTime);
        return chargeStartedAtMs !== null;
      });
      delays.push(chargeStartedAtMs! - acknowledgedAtMs);
    }
    delays.sort((a, b) => a - b);
    console.log(
      `relay policy: poll ${relay.policy.pollIntervalMs} ms, routine interval ${relay.policy.signalIntervalMs} ms`,
    );
    console.log(
      `crossing acknowledged -> charge started, ${TRIALS} trials: median ${percentile(delays, 50)} ms, p90 ${percentile(delays, 90)} ms, max ${delays.at(-1)} ms`,
    );
  } finally {
    stopRelay.abort();
    await relayLoop;
    await api.kill();
    await temporal.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
