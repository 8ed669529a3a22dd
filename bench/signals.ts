// Deliveries, Temporal reads and workflow history events per continuously active seller-month:
// one seller reports one spend event a second; the real relay (its policy on a simulated clock)
// delivers spend to the real workflow on the Temporal dev server, each delivery an update that
// answers the new headroom, so the relay reads no workflow to decide. After a warm-up hour (so limit crossings recur at their
// steady rate), measured hours are averaged and extrapolated to 30 days.
// Run: npx tsx bench/signals.ts [measuredHours] [eventMicros] [creditLimitMinor]
import { recordSpendEvents } from '../spend/ledger';
import { SpendRelay } from '../spend/relay';
import { createLogger } from '../observability/logger';
import { SellerBillingClient } from '../temporal/seller-billing-client';
import { sellerBillingWorkflowId } from '../workflows/ids';
import { createBenchMarketplace, startBenchDatabase, startBenchTemporal } from './environment';

const MEASURED_HOURS = Number(process.argv[2] ?? 3);
const EVENT_MICROS = Number(process.argv[3] ?? 50_000); // $0.05 a second: $180 an hour
const CREDIT_LIMIT_MINOR = Number(process.argv[4] ?? 10_000); // $100: a crossing every ~33 minutes
const WARM_UP_SECONDS = 3_600;
const SIMULATED_SECONDS = WARM_UP_SECONDS + MEASURED_HOURS * 3_600;
const HOURS_PER_MONTH = 30 * 24;

/** Counts what the relay asks of the workflow: headroom reads (billingState queries, which add
 * no history) and spend deliveries (updates, which answer the new headroom). */
class CountingBillingClient extends SellerBillingClient {
  reads = 0;
  deliveries = 0;
  override state(...args: Parameters<SellerBillingClient['state']>) {
    this.reads += 1;
    return super.state(...args);
  }
  override deliverSpend(...args: Parameters<SellerBillingClient['deliverSpend']>) {
    this.deliveries += 1;
    return super.deliverSpend(...args);
  }
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const temporal = await startBenchTemporal(database.db);
  try {
    const market = await createBenchMarketplace(database.db, {
      sellers: 1,
      campaignsPerSeller: 3,
      creditLimitMinor: CREDIT_LIMIT_MINOR,
    });
    const { sellerId, campaignIds } = market.sellers[0]!;
    await temporal.billing.start(market.marketplaceId, sellerId);
    const handle = temporal.env.client.workflow.getHandle(
      sellerBillingWorkflowId(market.marketplaceId, sellerId),
    );
    const historyLength = async () => (await handle.fetchHistory()).events?.length ?? 0;
    let historyBefore = 0;
    let readsBefore = 0;
    let deliveriesBefore = 0;
    let chargesBefore = 0;

    let simulatedNowMs = Date.now();
    const billing = new CountingBillingClient(temporal.env.client, database.db);
    const relay = new SpendRelay({
      db: database.db,
      billing,
      logger: createLogger('bench'),
      now: () => simulatedNowMs,
    });
    let signals = 0;
    let passes = 0;
    for (let second = 0; second < SIMULATED_SECONDS; second += 1) {
      if (second === WARM_UP_SECONDS) {
        await new Promise((resolve) => setTimeout(resolve, 1_000)); // let a running charge finish
        [historyBefore, readsBefore, deliveriesBefore, chargesBefore, signals] = [
          await historyLength(),
          billing.reads,
          billing.deliveries,
          await database.db.payment.count(),
          0,
        ];
      }
      await recordSpendEvents(
        database.db,
        market.marketplaceId,
        [
          {
            eventId: `s-${second}`,
            sellerId,
            campaignId: campaignIds[second % campaignIds.length]!,
            amountMicros: EVENT_MICROS,
            occurredAt: new Date(simulatedNowMs).toISOString(),
          },
        ],
        simulatedNowMs,
      );
      signals += (await relay.pass()).length;
      if (second >= WARM_UP_SECONDS) passes += 1;
      simulatedNowMs += 1_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the last charge finish
    const state = (await temporal.billing.state(market.marketplaceId, sellerId))!;
    const perHour = (count: number) => Math.round((10 * count) / MEASURED_HOURS) / 10;
    const historyPerHour = perHour((await historyLength()) - historyBefore);
    const chargesPerHour = perHour((await database.db.payment.count()) - chargesBefore);

    console.log(
      `seller: 1 event/s of ${EVENT_MICROS} micros, credit limit ${CREDIT_LIMIT_MINOR} minor units, relay policy ${JSON.stringify(relay.policy)}`,
    );
    const deliveriesPerHour = perHour(billing.deliveries - deliveriesBefore);
    const readsPerHour = perHour(billing.reads - readsBefore);
    console.log(
      `per simulated hour (mean of ${MEASURED_HOURS} after a warm-up hour): ${perHour(signals)} batches, ${deliveriesPerHour} deliveries (updates), ${readsPerHour} billingState reads (queries), ${perHour(passes)} relay passes (one projection read each, in the database), ${chargesPerHour} limit charges, ${historyPerHour} history events`,
    );
    console.log(
      `workflow saw ${state.lifetimeSpendMicros} of ${SIMULATED_SECONDS * EVENT_MICROS} micros (the rest waits for the next delivery)`,
    );
    console.log(
      `per seller-month (x${HOURS_PER_MONTH} hours): ${Math.round(perHour(signals) * HOURS_PER_MONTH)} batches delivered, ${Math.round(deliveriesPerHour * HOURS_PER_MONTH)} updates, ${Math.round(readsPerHour * HOURS_PER_MONTH)} Temporal reads, ${Math.round(historyPerHour * HOURS_PER_MONTH)} history events`,
    );
  } finally {
    await temporal.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
