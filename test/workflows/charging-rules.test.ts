// R5: what is charged and when — whole minor units, carried remainders, the minimum charge, the
// marketplace's time zone, other currencies — and the once-a-cycle spend alert.
import { BillingHarness, DOLLARS } from '../support/billing-harness';

let harness: BillingHarness;
beforeAll(async () => {
  harness = await BillingHarness.start();
});
afterAll(() => harness?.stop());

test('R5: a limit charge is whole cents rounded down, and the sub-cent remainder is carried to the next charge', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 10_00 });
  await seller.spend(10_009_999); // $10.009999
  let state = await seller.stateWhen((s) => s.lastPayment?.status === 'succeeded');
  expect(state.lastPayment?.amountMinor).toBe(10_00);
  expect(state.unbilledMicros).toBe(9_999);
  expect(state.carriedBelowMinimum).toBe(true);

  await seller.spend(10 * DOLLARS - 9_999 + 10_001); // reaches $10.010001
  state = await seller.stateWhen((s) => s.lifetimeChargedMicros === '20010000');
  expect(state.lastPayment?.amountMinor).toBe(10_01);
  expect(state.unbilledMicros).toBe(1);
  expect(BigInt(state.lifetimeSpendMicros)).toBe(
    BigInt(state.lifetimeChargedMicros) + BigInt(state.unbilledMicros),
  );
});

test('R5: at the cycle end an amount below the minimum charge is carried into the next cycle, and the state says so', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00, minimumChargeMinor: 50 });
  await seller.spend(300_000); // 30 cents
  let state = await seller.state();
  await harness.sleepPast(state.cycle.endsAt);
  const previousEnd = state.cycle.endsAt;
  state = await seller.stateWhen((s) => s.cycle.startsAt === previousEnd);
  expect(state).toMatchObject({
    unbilledMicros: 300_000,
    carriedBelowMinimum: true,
    lastPayment: null,
  });
  expect(await seller.payments()).toHaveLength(0);

  await seller.spend(300_000);
  await harness.sleepPast(state.cycle.endsAt);
  const secondEnd = state.cycle.endsAt;
  state = await seller.stateWhen((s) => s.cycle.startsAt === secondEnd);
  expect(state).toMatchObject({ unbilledMicros: 0, carriedBelowMinimum: false });
  expect((await seller.payments()).map((p) => [p.reason, Number(p.amountMinor)])).toEqual([
    ['cycle_end', 60],
  ]);
});

test("R5: the cycle follows the marketplace's time zone: it ends at local midnight on the 1st in New York", async () => {
  const seller = await harness.seller({
    defaultCreditLimitMinor: 100_00,
    timeZone: 'America/New_York',
  });
  await seller.spend(12 * DOLLARS);
  const state = await seller.state();
  const newYork = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  expect(newYork.format(new Date(state.cycle.startsAt))).toBe('1, 00:00');
  expect(newYork.format(new Date(state.cycle.endsAt))).toBe('1, 00:00');
  expect(new Date(state.cycle.endsAt).getUTCHours()).toBeGreaterThanOrEqual(4); // not UTC midnight
  // One hour before the local month end nothing is charged yet…
  await harness.sleepPast(state.cycle.endsAt, -60 * 60 * 1000);
  expect(await seller.payments()).toHaveLength(0);
  // …and just after it the month's spend is.
  await harness.sleepPast(state.cycle.endsAt, 60 * 60 * 1000);
  await seller.stateWhen((s) => s.unbilledMicros === 0);
  const [payment] = await seller.payments();
  expect(payment?.cycleEndsAt.toISOString()).toBe(state.cycle.endsAt);
  expect(Number(payment?.amountMinor)).toBe(12_00);
});

test('R2/R5: a yen marketplace charges whole yen with a 50-yen minimum', async () => {
  const seller = await harness.seller({
    currency: 'JPY',
    defaultCreditLimitMinor: 10_000,
    minimumChargeMinor: 50,
  });
  await seller.spend(10_000_500_000); // ¥10,000.5
  const state = await seller.stateWhen((s) => s.lastPayment?.status === 'succeeded');
  expect(state.lastPayment?.amountMinor).toBe(10_000);
  expect(state.unbilledMicros).toBe(500_000);
  const [payment] = await seller.payments();
  expect(payment?.currency).toBe('JPY');
});

test('spend alert: the seller is told once per cycle when unbilled spend crosses 80% of the limit', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00, spendAlertPercent: 80 });
  await seller.spend(79 * DOLLARS);
  expect(await seller.notifications('spend_alert')).toHaveLength(0);
  await seller.spend(2 * DOLLARS);
  await seller.notificationsWhen('spend_alert', 1);
  await seller.spend(5 * DOLLARS);
  await seller.stateWhen((s) => s.unbilledMicros === 86 * DOLLARS);
  const alerts = await seller.notifications('spend_alert');
  expect(alerts).toHaveLength(1);
  expect(alerts[0]).toMatchObject({
    recipientRole: 'seller',
    subject: 'You have used 80% of your credit limit',
  });
  expect(alerts[0]?.body).toContain('81.00 USD of your 100.00 USD credit limit');
});
