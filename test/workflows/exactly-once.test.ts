// R11: a spend batch counts once, a charge happens once however often a step is retried, and
// continue-as-new under a burst of signals loses nothing.
import { TransientGatewayError } from '../../payments/gateway';
import { BillingHarness, DOLLARS } from '../support/billing-harness';
import { waitFor } from '../support/wait-for';

let harness: BillingHarness;
/** How the network in front of the gateway misbehaves for the next charge, if at all. */
let nextChargeFault: 'none' | 'answer_lost' | 'hang_after_charging' = 'none';
let gatewayCalls = 0;
let releaseHungCall: () => void = () => {};

beforeAll(async () => {
  harness = await BillingHarness.start((charge) => async (request) => {
    gatewayCalls += 1;
    const result = await charge(request);
    const fault = nextChargeFault;
    nextChargeFault = 'none';
    if (fault === 'answer_lost') throw new TransientGatewayError('connection reset by peer');
    if (fault === 'hang_after_charging') {
      await new Promise<void>((resolve) => (releaseHungCall = resolve));
    }
    return result;
  });
});
afterAll(async () => {
  releaseHungCall();
  await harness?.stop();
});

function succeededCharges() {
  return harness.gateway.charges().filter((charge) => charge.result.status === 'succeeded');
}

test('R11: a spend batch signalled twice counts once, also after the workflow continued as new', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 1_000_00 });
  const batchId = await seller.spend(40 * DOLLARS);
  await seller.spend(40 * DOLLARS, { batchId });
  expect((await seller.state()).unbilledMicros).toBe(40 * DOLLARS);

  const before = await seller.handle().describe();
  await harness.sleepPast((await seller.state()).cycle.endsAt); // cycle end: charge, continue as new
  await seller.stateWhen((s) => s.lifetimeChargedMicros === String(40 * DOLLARS));
  const after = await seller.handle().describe();
  expect(after.runId).not.toBe(before.runId);

  await seller.spend(40 * DOLLARS, { batchId }); // the relay re-sends a batch it never confirmed
  const state = await seller.state();
  expect(state).toMatchObject({ unbilledMicros: 0, lifetimeSpendMicros: String(40 * DOLLARS) });
});

test('R11: a charge whose answer was lost is retried with the same idempotency key and charges once', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00 });
  const callsBefore = gatewayCalls;
  nextChargeFault = 'answer_lost';
  await seller.spend(100 * DOLLARS);
  await seller.stateWhen((s) => s.lastPayment?.status === 'succeeded');
  expect(gatewayCalls - callsBefore).toBe(2); // the first answer was lost, the retry replayed it
  const payments = await seller.payments();
  expect(payments).toHaveLength(1);
  const charges = succeededCharges().filter(
    (c) => c.idempotencyKey === payments[0]?.idempotencyKey,
  );
  expect(charges).toHaveLength(1);
});

test('R11: an activity that timed out after the gateway charged is retried with the same key and does not charge twice', async () => {
  const seller = await harness.seller({ defaultCreditLimitMinor: 100_00 });
  const chargesBefore = harness.gateway.charges().length;
  nextChargeFault = 'hang_after_charging';
  await seller.spend(100 * DOLLARS);
  await waitFor(() => Promise.resolve(harness.gateway.charges().length === chargesBefore + 1));
  await harness.env.sleep('1 minute'); // past the activity's 30-second start-to-close timeout
  const state = await seller.stateWhen((s) => s.lastPayment?.status === 'succeeded');
  releaseHungCall();
  expect(state.unbilledMicros).toBe(0);
  expect(harness.gateway.charges().length).toBe(chargesBefore + 1);
  const payments = await seller.payments();
  expect(payments.map((p) => [p.status, Number(p.amountMinor)])).toEqual([['succeeded', 100_00]]);
});

test('continue-as-new under a burst of spend signals loses nothing and counts nothing twice', async () => {
  const seller = await harness.seller({
    defaultCreditLimitMinor: 50_00,
    campaigns: 3,
    continueAsNewAfterEvents: 60,
  });
  const firstRun = (await seller.handle().describe()).runId;
  let expectedMicros = 0;
  const signals: Promise<string>[] = [];
  for (let i = 0; i < 400; i += 1) {
    const micros = 1_000_000 + ((i * 7_919) % 3_000_000);
    expectedMicros += micros;
    signals.push(seller.spend(micros, { campaign: i % 3, batchId: `burst-${i}` }));
  }
  await Promise.all(signals);
  // A few re-sent batches on top of the burst must not count again.
  await Promise.all([0, 99, 399].map((i) => seller.spend(5 * DOLLARS, { batchId: `burst-${i}` })));

  const state = await seller.stateWhen(
    (s) =>
      s.lifetimeSpendMicros === String(expectedMicros) &&
      !s.chargeInFlight &&
      s.unbilledMicros < 50 * DOLLARS,
  );
  expect((await seller.handle().describe()).runId).not.toBe(firstRun);
  expect(BigInt(state.lifetimeChargedMicros) + BigInt(state.unbilledMicros)).toBe(
    BigInt(expectedMicros),
  );
  const byCampaign = Object.values(state.spendByCampaignMicros).reduce(
    (sum, micros) => sum + BigInt(micros),
    0n,
  );
  expect(byCampaign).toBe(BigInt(expectedMicros));
  const payments = await seller.payments();
  const chargedMinor = payments.reduce((sum, p) => sum + Number(p.amountMinor), 0);
  expect(String(chargedMinor * 10_000)).toBe(state.lifetimeChargedMicros);
  expect(new Set(payments.map((p) => p.idempotencyKey)).size).toBe(payments.length);
});
