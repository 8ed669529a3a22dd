// The charge activity when an earlier attempt of the same charge was settled out of band (the
// seller completed 3-D Secure and Stripe's webhook recorded the success): the retry charges
// only what that payment did not cover, and nothing when it covered everything.
import { MockActivityEnvironment } from '@temporalio/testing';
import { createChargeActivities } from '../../activities/charges';
import type { ChargeRequest } from '../../workflows/activity-contracts';
import { createLogger } from '../../observability/logger';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function sellerWithSettledFirstAttempt(settledMinor: number) {
  const { db } = database;
  const marketplace = await createMarketplace(db);
  await connectStripe(db, marketplace.id);
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const request = (attempt: number, amountMinor: number): ChargeRequest => ({
    marketplaceId: marketplace.id,
    sellerId: seller.id,
    idempotencyKey: `charge:${marketplace.id}:${seller.id}:1:${attempt}`,
    chargeSequence: 1,
    attempt,
    reason: attempt === 1 ? 'credit_limit' : 'card_updated',
    amountMinor,
    currency: 'USD',
    minimumChargeMinor: 50,
    cycleStartsAtMs: Date.UTC(2026, 10, 1),
    cycleEndsAtMs: Date.UTC(2026, 11, 1),
  });
  await db.payment.create({
    data: {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      idempotencyKey: request(1, settledMinor).idempotencyKey,
      chargeSequence: 1,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: BigInt(settledMinor),
      currency: 'USD',
      status: 'succeeded',
      gateway: 'stripe',
      gatewayPaymentId: 'pi_authenticated',
      receiptNumber: 1,
      cycleStartsAt: new Date(Date.UTC(2026, 10, 1)),
      cycleEndsAt: new Date(Date.UTC(2026, 11, 1)),
    },
  });
  await db.marketplace.update({ where: { id: marketplace.id }, data: { nextReceiptNumber: 2 } });
  return { request, sellerId: seller.id };
}

function chargeSellerWith(gateway: SimulatedGateway) {
  const { chargeSeller } = createChargeActivities({
    db: database.db,
    gateway,
    logger: createLogger('test'),
  });
  return (request: ChargeRequest) => new MockActivityEnvironment().run(chargeSeller, request);
}

test('a retry of a charge already settled in full returns its receipt and charges nothing', async () => {
  const gateway = new SimulatedGateway();
  const { request } = await sellerWithSettledFirstAttempt(12_000);
  const receipt = await chargeSellerWith(gateway)(request(2, 12_000));
  expect(receipt).toMatchObject({
    gatewayPaymentId: 'pi_authenticated',
    amountMinor: 12_000,
    coveredMinor: 12_000,
    receiptNumber: 1,
  });
  expect(gateway.succeededKeys()).toEqual([]);
});

test('spend that arrived after the settled attempt is charged as the remainder, with its own receipt', async () => {
  const gateway = new SimulatedGateway();
  const { request, sellerId } = await sellerWithSettledFirstAttempt(12_000);
  const receipt = await chargeSellerWith(gateway)(request(2, 15_000));
  expect(receipt).toMatchObject({
    amountMinor: 3_000,
    coveredMinor: 15_000,
    receiptNumber: 2,
    cardLast4: '4242',
  });
  expect(gateway.succeededKeys()).toEqual([request(2, 0).idempotencyKey]);
  const payments = await database.db.payment.findMany({
    where: { sellerId },
    orderBy: { attempt: 'asc' },
  });
  expect(payments.map((p) => [p.attempt, Number(p.amountMinor), p.receiptNumber])).toEqual([
    [1, 12_000, 1],
    [2, 3_000, 2],
  ]);
});

test('a remainder below the minimum charge is not sent to the gateway: it stays unbilled for the next charge', async () => {
  const gateway = new SimulatedGateway();
  const { request, sellerId } = await sellerWithSettledFirstAttempt(12_000);
  const receipt = await chargeSellerWith(gateway)(request(2, 12_030));
  // Only the settled 120.00 is covered; the 0.30 left is below the 0.50 minimum and carries.
  expect(receipt).toMatchObject({ amountMinor: 12_000, coveredMinor: 12_000, receiptNumber: 1 });
  expect(gateway.charges()).toEqual([]);
  expect(await database.db.payment.count({ where: { sellerId } })).toBe(1);
});
