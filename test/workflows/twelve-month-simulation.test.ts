// A seeded year of billing: random spend (with re-sent batches), random credit-limit changes,
// random card declines and fixes, and the admin's credits and refunds for invalid traffic (R14,
// some asking for more than is unbilled or refundable). Whatever happens, money adds up to the
// micro, no charge succeeds twice, no refund exceeds its payment, and campaigns run exactly when
// the seller is in good standing.
import { BillingHarness, DOLLARS, type SellerUnderTest } from '../support/billing-harness';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DAY_MS } from '../../rules';
import { workflowBundle } from '../support/temporal';
import { waitFor } from '../support/wait-for';

let harness: BillingHarness;
beforeAll(async () => {
  harness = await BillingHarness.start();
});
afterAll(() => harness?.stop());

/** mulberry32: a small seeded PRNG, so a failing year can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DECLINING_CARDS = ['pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds'];

/** Waits until billing has settled: campaigns are active exactly when the seller is in good standing. */
async function campaignsMatchStanding(seller: SellerUnderTest): Promise<void> {
  await waitFor(async () => {
    const state = await seller.state();
    if (state.chargeInFlight) return false;
    const statuses = await seller.campaignStatuses();
    const expected = state.status === 'active' ? 'active' : 'paused';
    return statuses.every((status) => status === expected);
  });
}

test('a seeded 12-month simulation: charged + credited + unbilled equals spend to the micro, refunds stay within payments, no key succeeds twice, campaigns follow standing', async () => {
  const random = seededRandom(20_261_126);
  const seller = await harness.seller({
    defaultCreditLimitMinor: 200_00,
    campaigns: 3,
    dunningScheduleDays: [1, 3, 7],
  });
  const sentBatches: Array<{ batchId: string; micros: number }> = [];
  let totalSpendMicros = 0;
  let cardDeclines = false;
  let limitChanges = 0;
  let cardChanges = 0;
  let creditsRefused = 0;
  let refundsRefused = 0;
  const firstCycleStartsAt = (await seller.state()).cycle.startsAt;

  for (let day = 0; day < 366; day += 2) {
    const roll = random();
    if (roll < 0.08) {
      cardDeclines = !cardDeclines;
      cardChanges += 1;
      if (cardDeclines) {
        await seller.swapCardSilently(DECLINING_CARDS[Math.floor(random() * 2)] as string);
      } else if (random() < 0.6) {
        await seller.updateCard('pm_card_visa');
      } else {
        await seller.swapCardSilently('pm_card_visa');
      }
    } else if (roll < 0.14) {
      limitChanges += 1;
      await seller.changeCreditLimit((50 + Math.floor(random() * 450)) * 100);
    } else if (roll < 0.22) {
      // Mostly a small part of the whole cents unbilled; now and then more than is unbilled.
      const unbilledCents = Math.floor((await seller.state()).unbilledMicros / 10_000);
      const amountMinor =
        random() < 0.2
          ? unbilledCents + 1 + Math.floor(random() * 100_00)
          : 1 + Math.floor(random() * unbilledCents * 0.2);
      if ((await seller.credit(amountMinor)) === null) creditsRefused += 1;
    } else if (roll < 0.3) {
      const paid = (await seller.payments()).filter((p) => p.status === 'succeeded');
      const payment = paid[Math.floor(random() * paid.length)];
      if (payment) {
        const amountMinor = 1 + Math.floor(random() * Number(payment.amountMinor) * 0.7);
        if ((await seller.refund(payment.id, amountMinor)) === null) refundsRefused += 1;
      }
    }
    const batches = Math.floor(random() * 4);
    for (let b = 0; b < batches; b += 1) {
      if (sentBatches.length > 0 && random() < 0.1) {
        const again = sentBatches[Math.floor(random() * sentBatches.length)]!;
        await seller.spend(again.micros, { batchId: again.batchId }); // the relay re-sends one
        continue;
      }
      const micros = 1 + Math.floor(random() * 80 * DOLLARS);
      const batchId = await seller.spend(micros, { campaign: Math.floor(random() * 3) });
      sentBatches.push({ batchId, micros });
      totalSpendMicros += micros;
    }
    await harness.env.sleep('2 days');
    await campaignsMatchStanding(seller);
  }

  const { db } = harness;
  await waitFor(async () => (await db.credit.count({ where: { status: 'pending' } })) === 0);
  const state = await seller.state();
  expect(state.lifetimeSpendMicros).toBe(String(totalSpendMicros));

  // The money invariant (R14), to the micro: what was charged, what credits took off and what is
  // still unbilled make up the spend; refunds give back part of what was charged.
  const credits = await db.credit.findMany({ where: { sellerId: seller.sellerId } });
  const refunds = await db.refund.findMany({ where: { sellerId: seller.sellerId } });
  const creditedMicros = BigInt(sumMinor(credits.map((c) => c.appliedMinor ?? 0n))) * 10_000n;
  const refundedMicros =
    BigInt(sumMinor(refunds.filter((r) => r.status === 'succeeded').map((r) => r.amountMinor))) *
    10_000n;
  const chargedMicros = BigInt(state.lifetimeChargedMicros);
  const unbilledMicros = BigInt(state.unbilledMicros);
  const spendMicros = BigInt(totalSpendMicros);
  expect(chargedMicros + creditedMicros + unbilledMicros).toBe(spendMicros);
  // The same in the brief's terms: what was charged net of refunds plus what is unbilled is the
  // accepted spend, i.e. spend less what credits and refunds took back for invalid traffic.
  expect(chargedMicros - refundedMicros + unbilledMicros).toBe(
    spendMicros - creditedMicros - refundedMicros,
  );
  expect(unbilledMicros).toBeGreaterThanOrEqual(0n);
  console.info(
    `12-month simulation (R14): spend ${spendMicros} µ = charged ${chargedMicros} µ + credited ${creditedMicros} µ + unbilled ${unbilledMicros} µ; refunded ${refundedMicros} µ of the charged (${credits.length} credits, ${creditsRefused} refused; ${refunds.length} refunds, ${refundsRefused} refused)`,
  );

  const payments = await seller.payments();
  const succeeded = payments.filter((p) => p.status === 'succeeded');
  const succeededMinor = succeeded.reduce((sum, p) => sum + Number(p.amountMinor), 0);
  expect(String(succeededMinor * 10_000)).toBe(state.lifetimeChargedMicros);
  const gatewaySuccesses = harness.gateway
    .charges()
    .filter(
      (c) =>
        c.result.status === 'succeeded' &&
        succeeded.some((p) => p.idempotencyKey === c.idempotencyKey),
    );
  expect(gatewaySuccesses).toHaveLength(succeeded.length);
  expect(new Set(gatewaySuccesses.map((c) => c.idempotencyKey)).size).toBe(succeeded.length);
  expect(gatewaySuccesses.reduce((sum, c) => sum + c.amountMinor, 0)).toBe(succeededMinor);

  // No payment gave back more than it paid, and the gateway made exactly the refunds recorded.
  for (const payment of succeeded) {
    const back = refunds.filter((r) => r.paymentId === payment.id && r.status === 'succeeded');
    expect(sumMinor(back.map((r) => r.amountMinor))).toBeLessThanOrEqual(
      Number(payment.amountMinor),
    );
  }
  expect(
    harness.gateway
      .refunds()
      .map((r) => [r.idempotencyKey, r.amountMinor])
      .sort(),
  ).toEqual(refunds.map((r) => [r.idempotencyKey, Number(r.amountMinor)]).sort());
  expect(
    new Set(
      credits
        .map((c) => c.creditNoteNumber)
        .concat(refunds.map((r) => r.creditNoteNumber))
        .filter((n) => n !== null),
    ).size,
  ).toBe(credits.filter((c) => c.status === 'applied').length + refunds.length);

  // The year really exercised the rules: cycle ends, limit charges, declines, retries, limit
  // changes, credits and refunds, some of each refused.
  const reasons = new Set(payments.map((p) => p.reason));
  for (const reason of ['credit_limit', 'cycle_end', 'dunning_retry'])
    expect(reasons.has(reason)).toBe(true);
  expect(payments.some((p) => p.status === 'failed')).toBe(true);
  expect(limitChanges).toBeGreaterThan(5);
  expect(cardChanges).toBeGreaterThan(5);
  expect(credits.filter((c) => c.status === 'applied').length).toBeGreaterThan(5);
  expect(refunds.length).toBeGreaterThan(5);
  expect(creditsRefused).toBeGreaterThan(0);
  const firstCycle = new Date(firstCycleStartsAt);
  const lastCycle = new Date(state.cycle.startsAt);
  const monthsBilled =
    (lastCycle.getUTCFullYear() - firstCycle.getUTCFullYear()) * 12 +
    lastCycle.getUTCMonth() -
    firstCycle.getUTCMonth();
  expect(monthsBilled).toBe(12);
});

/** Every run of the seller's workflow, the first one given, following continue-as-new. */
async function everyRun(seller: SellerUnderTest, firstRunId: string) {
  const { workflowId } = seller.handle();
  const runs: Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }> = [];
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    // One large page: the test server keeps handing out page tokens for a running workflow.
    const answer: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse =
      await harness.env.client.workflowService.getWorkflowExecutionHistory({
        namespace: harness.env.namespace ?? 'default',
        execution: { workflowId, runId },
        maximumPageSize: 100_000,
      });
    const history = answer.history;
    if (!history?.events) throw new Error(`no history for ${workflowId}/${runId}`);
    runs.push({ workflowId: `${workflowId}/${runId}`, history });
    runId =
      history.events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return runs;
}

test('a year on a credit ladder (R12): the seller climbs a step every two good charges, falls back to the base after a failure, and climbs again', async () => {
  const seller = await harness.seller({
    defaultCreditLimitMinor: 100_00,
    campaigns: 1,
    dunningScheduleDays: [1, 3, 7],
    creditLadder: { stepsMinor: [250_00, 500_00, 1_000_00], chargesPerStep: 2 },
  });
  const { runId: firstRunId } = await seller.handle().describe();
  // Start on a cycle boundary, so each month below is a whole cycle.
  const first = await seller.state();
  await harness.sleepPast(first.cycle.endsAt);
  let cycle = (await seller.stateWhen((s) => s.cycle.startsAt === first.cycle.endsAt)).cycle;

  const dayOf = (day: number) => harness.sleepPast(cycle.startsAt, day * DAY_MS);
  let totalSpendMicros = 0;
  const spend = async (micros: number) => {
    await seller.spend(micros);
    totalSpendMicros += micros;
  };
  const inForce: number[] = [];
  const pendingOnDay25: Array<number | null> = [];
  for (let month = 0; month < 12; month += 1) {
    inForce.push((await seller.state()).creditLimitMinor);
    if (month === 9) {
      // Every dunning retry of the failed month-end charge has failed: the seller fixes its card.
      await dayOf(9);
      await seller.updateCard('pm_card_visa');
      await seller.stateWhen((s) => s.status === 'active' && !s.chargeInFlight);
    }
    // $120 a month: at a $100 limit it is charged when it reaches the limit, above at the cycle end.
    await dayOf(10);
    await spend(60 * DOLLARS);
    await dayOf(20);
    await spend(60 * DOLLARS);
    if (month === 8) await seller.swapCardSilently('pm_card_chargeDeclined');
    await dayOf(25);
    await campaignsMatchStanding(seller);
    pendingOnDay25.push((await seller.state()).pendingCreditLimitMinor);
    const endsAt = cycle.endsAt;
    await harness.sleepPast(endsAt);
    cycle = (await seller.stateWhen((s) => s.cycle.startsAt === endsAt && !s.chargeInFlight)).cycle;
  }

  // Two good charges a step, one step a cycle, each in force from the next cycle (R8); the
  // month-9 failure sends the seller back to $100 from the next cycle, and it climbs again.
  expect(inForce).toEqual([
    100_00, 100_00, 250_00, 250_00, 500_00, 500_00, 1_000_00, 1_000_00, 1_000_00, 100_00, 250_00,
    250_00,
  ]);
  // A step earned by a limit charge mid-cycle is shown as pending until the cycle ends.
  expect(pendingOnDay25).toEqual([
    null,
    250_00,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    250_00,
    null,
    null,
  ]);
  const final = await seller.state();
  expect(final).toMatchObject({ creditLimitMinor: 500_00, status: 'active' });

  const steps = await seller.notificationsWhen('credit_limit_step', 6);
  expect(steps.map((n) => n.subject)).toEqual([
    'Your credit limit rises to 250.00 USD',
    'Your credit limit rises to 500.00 USD',
    'Your credit limit rises to 1000.00 USD',
    'Your credit limit returns to 100.00 USD',
    'Your credit limit rises to 250.00 USD',
    'Your credit limit rises to 500.00 USD',
  ]);
  expect(steps.every((n) => n.recipientRole === 'seller' && n.emailTo !== null)).toBe(true);

  const payments = await seller.payments();
  expect(payments.filter((p) => p.status === 'failed').length).toBeGreaterThanOrEqual(1);
  expect(BigInt(final.lifetimeChargedMicros) + BigInt(final.unbilledMicros)).toBe(
    BigInt(totalSpendMicros),
  );

  // Every run of the year, with its steps, failure and retries, replays on today's code.
  const runs = await everyRun(seller, firstRunId);
  expect(runs.length).toBeGreaterThanOrEqual(13);
  const patchedRuns = runs.filter(({ history }) =>
    history.events?.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch'),
  );
  expect(patchedRuns).toHaveLength(runs.length); // each run records the credit-ladder patch
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: workflowBundle() },
    runs,
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
});

function sumMinor(amounts: Array<bigint>): number {
  return amounts.reduce((sum, amount) => sum + Number(amount), 0);
}
