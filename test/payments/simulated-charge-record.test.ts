// The simulated gateway keeps what it charged and refunded in the database, as Stripe does: a
// gateway in another process (a restarted worker) replays the kept answer for a repeated key and
// refuses the key with another amount, and the reconciliation reads the record per account.
import type { OffSessionChargeRequest, RefundRequest } from '../../payments/gateway';
import { DatabaseChargeRecord } from '../../payments/simulated-charge-record';
import { IdempotencyKeyReusedError, SimulatedGateway } from '../../payments/simulated-gateway';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const request = (overrides: Partial<OffSessionChargeRequest> = {}): OffSessionChargeRequest => ({
  idempotencyKey: 'charge:record:1',
  amountMinor: 4_200,
  currency: 'EUR',
  customerId: 'cus_sim_record',
  paymentMethodId: 'pm_card_visa',
  connectedAccountId: 'acct_sim_record',
  description: 'Advertising spend',
  metadata: {},
  ...overrides,
});

test('a repeated key replays the kept charge in another process; other parameters are refused', async () => {
  const record = () => new DatabaseChargeRecord(database.db);
  const first = await new SimulatedGateway({ record: record() }).chargeOffSession(request());
  const restarted = new SimulatedGateway({ record: record() });
  expect(await restarted.chargeOffSession(request())).toEqual(first);
  await expect(restarted.chargeOffSession(request({ amountMinor: 4_201 }))).rejects.toBeInstanceOf(
    IdempotencyKeyReusedError,
  );
  const declined = await restarted.chargeOffSession(
    request({ idempotencyKey: 'charge:record:2', paymentMethodId: 'pm_card_chargeDeclined' }),
  );
  await restarted.chargeOffSession(
    request({ idempotencyKey: 'charge:record:3', connectedAccountId: 'acct_sim_elsewhere' }),
  );

  const listed = await new SimulatedGateway({ record: record() }).listCharges({
    connectedAccountId: 'acct_sim_record',
    fromMs: 0,
    toMs: Date.now() + 1,
  });
  expect(listed).toEqual([
    {
      gatewayPaymentId: first.gatewayPaymentId,
      amountMinor: 4_200,
      currency: 'EUR',
      status: 'succeeded',
      createdAtMs: expect.any(Number),
    },
    expect.objectContaining({ gatewayPaymentId: declined.gatewayPaymentId, status: 'failed' }),
  ]);
  expect(await database.db.simulatedGatewayCharge.count()).toBe(3);
});

test('refunds are kept too: another process replays a kept refund, refuses other parameters, and lists them per account', async () => {
  const record = () => new DatabaseChargeRecord(database.db);
  const refund = (idempotencyKey: string, overrides: Partial<RefundRequest> = {}) => ({
    idempotencyKey,
    connectedAccountId: 'acct_sim_refunds',
    gatewayPaymentId: 'pi_sim_paid',
    amountMinor: 700,
    currency: 'EUR',
    metadata: {},
    ...overrides,
  });
  const first = await new SimulatedGateway({ record: record() }).refundPayment(refund('refund:1'));
  const restarted = new SimulatedGateway({ record: record() });
  expect(await restarted.refundPayment(refund('refund:1'))).toEqual(first);
  await expect(
    restarted.refundPayment(refund('refund:1', { amountMinor: 701 })),
  ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  await restarted.refundPayment(refund('refund:2', { connectedAccountId: 'acct_sim_elsewhere' }));

  const listed = await new SimulatedGateway({ record: record() }).listRefunds({
    connectedAccountId: 'acct_sim_refunds',
    fromMs: 0,
    toMs: Date.now() + 1,
  });
  expect(listed).toEqual([
    {
      gatewayRefundId: first.gatewayRefundId,
      amountMinor: 700,
      currency: 'EUR',
      status: 'succeeded',
      createdAtMs: expect.any(Number),
    },
  ]);
  expect(await database.db.simulatedGatewayRefund.count()).toBe(2);
});
