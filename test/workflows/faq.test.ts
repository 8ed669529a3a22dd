// The source document's FAQ, one test per answer, on the real time-skipping server.
import { BillingHarness, DOLLARS } from '../support/billing-harness';

let harness: BillingHarness;
let releaseCharges: () => void = () => {};
let chargesHeld = false;

beforeAll(async () => {
  // A gateway whose answers a test can hold back, to look at a charge while it is in flight.
  harness = await BillingHarness.start((charge) => async (request) => {
    if (chargesHeld) await new Promise<void>((resolve) => (releaseCharges = resolve));
    return charge(request);
  });
});
afterAll(() => harness?.stop());

test('FAQ 1: the card is charged when spend reaches the credit limit, and at the end of the monthly cycle', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00 });
  await seller.spend(30 * DOLLARS);
  expect((await seller.state()).unbilledMicros).toBe(30 * DOLLARS);
  expect(await seller.payments()).toHaveLength(0);

  await seller.spend(75 * DOLLARS);
  await seller.stateWhen((s) => s.lastPayment?.status === 'succeeded');
  await seller.spend(20 * DOLLARS);
  const beforeMonthEnd = await seller.state();
  expect(beforeMonthEnd.unbilledMicros).toBe(20 * DOLLARS);

  await harness.sleepPast(beforeMonthEnd.cycle.endsAt);
  const nextCycle = await seller.stateWhen(
    (s) => s.cycle.startsAt === beforeMonthEnd.cycle.endsAt && s.unbilledMicros === 0,
  );
  expect(nextCycle.lastPayment).toMatchObject({ reason: 'cycle_end', amountMinor: 20_00 });

  const payments = await seller.payments();
  expect(payments.map((p) => [p.reason, Number(p.amountMinor), p.status])).toEqual([
    ['credit_limit', 105_00, 'succeeded'],
    ['cycle_end', 20_00, 'succeeded'],
  ]);
});

test('FAQ 2: reaching the credit limit never stops campaigns; only a failed payment pauses them', async () => {
  const paying = await harness.seller({ defaultCreditLimitMinor: 100_00, campaigns: 2 });
  chargesHeld = true;
  await paying.spend(100 * DOLLARS);
  await paying.stateWhen((s) => s.chargeInFlight);
  // Spend keeps accruing while the charge is in flight, and the campaigns keep running.
  await paying.spend(7 * DOLLARS, { campaign: 1 });
  expect((await paying.state()).unbilledMicros).toBe(107 * DOLLARS);
  expect(await paying.campaignStatuses()).toEqual(['active', 'active']);
  chargesHeld = false;
  releaseCharges();
  const settled = await paying.stateWhen(
    (s) => !s.chargeInFlight && s.lastPayment?.status === 'succeeded',
  );
  expect(settled.unbilledMicros).toBe(7 * DOLLARS); // only what was charged is deducted
  expect(await paying.campaignStatuses()).toEqual(['active', 'active']);

  const declined = await harness.seller({
    defaultCreditLimitMinor: 100_00,
    campaigns: 2,
    paymentMethodId: 'pm_card_chargeDeclined',
  });
  await declined.spend(100 * DOLLARS);
  const failed = await declined.stateWhen((s) => s.status === 'past_due');
  expect(failed.pausedCampaignIds).toHaveLength(2);
  expect(await declined.campaignStatuses()).toEqual(['paused', 'paused']);
});

test('FAQ 3: a credit-limit change takes effect at the next monthly cycle', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00 });
  await seller.changeCreditLimit(50_00);
  await seller.spend(60 * DOLLARS);
  let state = await seller.state();
  expect(state).toMatchObject({ creditLimitMinor: 100_00, pendingCreditLimitMinor: 50_00 });
  expect(await seller.payments()).toHaveLength(0); // $60 is over the new limit, not the one in force

  await seller.changeCreditLimit(200_00); // a later change replaces the pending one
  state = await seller.state();
  expect(state).toMatchObject({ creditLimitMinor: 100_00, pendingCreditLimitMinor: 200_00 });

  await harness.sleepPast(state.cycle.endsAt);
  state = await seller.stateWhen((s) => s.creditLimitMinor === 200_00 && s.unbilledMicros === 0);
  expect(state.pendingCreditLimitMinor).toBeNull();

  await seller.spend(150 * DOLLARS);
  expect((await seller.state()).unbilledMicros).toBe(150 * DOLLARS); // under the new $200 limit
  await seller.spend(60 * DOLLARS);
  await seller.stateWhen((s) => s.unbilledMicros === 0);
  const payments = await seller.payments();
  expect(payments.map((p) => [p.reason, Number(p.amountMinor)])).toEqual([
    ['cycle_end', 60_00],
    ['credit_limit', 210_00],
  ]);
});
