// R13 backup cards in the charge activity, on a real database: when the default card fails, the
// seller's other valid cards are tried (most recently added first, expired and removed ones
// never), each with its own idempotency key; at most one of them pays, whatever is retried.
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createChargeActivities } from '../../activities/charges';
import { createLogger } from '../../observability/logger';
import { backupAttemptKey } from '../../payments/backup-cards';
import type { OffSessionChargeRequest, OffSessionChargeResult } from '../../payments/gateway';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import {
  CHARGE_FAILURE_TYPES,
  type ChargeReceipt,
  type ChargeRequest,
} from '../../workflows/activity-contracts';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { addSavedCard, createMarketplace, createSelfServiceSeller } from '../support/fixtures';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

/** A seller whose default card is `defaultCard`, with the further cards given (oldest first). */
async function sellerWithCards(defaultCard: string, others: string[]) {
  const { db } = database;
  const marketplace = await createMarketplace(db);
  const { seller } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: null,
  });
  await db.seller.update({ where: { id: seller.id }, data: { gatewayCustomerId: 'cus_sim_x' } });
  const primary = await addSavedCard(db, seller.id, defaultCard, { createdAt: day(1) });
  await db.paymentMethod.update({ where: { id: primary.id }, data: { isDefault: true } });
  const cards = [];
  for (const [i, pm] of others.entries()) {
    cards.push(await addSavedCard(db, seller.id, pm, { createdAt: day(2 + i) }));
  }
  const request: ChargeRequest = {
    marketplaceId: marketplace.id,
    sellerId: seller.id,
    idempotencyKey: `charge:${marketplace.id}:${seller.id}:1:1`,
    chargeSequence: 1,
    attempt: 1,
    reason: 'credit_limit',
    amountMinor: 12_000,
    currency: 'USD',
    minimumChargeMinor: 50,
    cycleStartsAtMs: Date.UTC(2026, 10, 1),
    cycleEndsAtMs: Date.UTC(2026, 11, 1),
  };
  return { seller, primary, cards, request };
}

function chargeSellerWith(gateway: SimulatedGateway) {
  const { chargeSeller } = createChargeActivities({
    db: database.db,
    gateway,
    logger: createLogger('test'),
  });
  return (request: ChargeRequest): Promise<ChargeReceipt> =>
    new MockActivityEnvironment().run(chargeSeller, request);
}

async function failureOf(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApplicationFailure))
    throw new Error(`expected a failure, got ${String(error)}`);
  return error;
}

const succeededPayments = (sellerId: string) =>
  database.db.payment.findMany({ where: { sellerId, status: 'succeeded' } });

// The backup that is tried first declines too (another of Stripe's declining test cards).
test.each([
  ['declined', 'pm_card_chargeDeclined', 'generic_decline', 'pm_card_chargeDeclinedExpiredCard'],
  [
    'declined for insufficient funds',
    'pm_card_chargeDeclinedInsufficientFunds',
    'insufficient_funds',
    'pm_card_chargeDeclined',
  ],
  [
    'refused for its expiry',
    'pm_card_chargeDeclinedExpiredCard',
    'expired_card',
    'pm_card_chargeDeclinedInsufficientFunds',
  ],
])(
  'a default card %s is followed by the most recently added valid card, which pays under its own key',
  async (_, defaultCard, failureCode, decliningBackup) => {
    const gateway = new SimulatedGateway();
    const { seller, cards, request } = await sellerWithCards(defaultCard, [
      'pm_card_visa',
      decliningBackup,
      'pm_card_mastercard',
      'pm_card_amex',
    ]);
    const [, declinedBackup, mastercard, amex] = cards;
    // The newest card expired; the second newest was removed: neither is tried.
    await database.db.paymentMethod.update({
      where: { id: amex!.id },
      data: { expMonth: 1, expYear: 2020 },
    });
    await database.db.paymentMethod.update({
      where: { id: mastercard!.id },
      data: { removedAt: new Date() },
    });
    const receipt = await chargeSellerWith(gateway)(request);

    expect(gateway.charges().map((charge) => charge.idempotencyKey)).toEqual([
      request.idempotencyKey,
      backupAttemptKey(request.idempotencyKey, declinedBackup!),
      backupAttemptKey(request.idempotencyKey, cards[0]!),
    ]);
    expect(gateway.succeededKeys()).toEqual([backupAttemptKey(request.idempotencyKey, cards[0]!)]);
    expect(receipt).toMatchObject({
      amountMinor: 12_000,
      coveredMinor: 12_000,
      cardBrand: 'visa',
      cardLast4: '4242',
      defaultCardFailure: { failureCode },
    });
    const paid = await succeededPayments(seller.id);
    expect(paid.map((p) => [p.id, p.backupOfKey, p.cardLast4])).toEqual([
      [receipt.paymentId, request.idempotencyKey, '4242'],
    ]);
  },
);

test('with backup charging turned off, the default card failure stands and no other card is charged', async () => {
  const gateway = new SimulatedGateway();
  const { seller, request } = await sellerWithCards('pm_card_chargeDeclined', ['pm_card_visa']);
  await database.db.seller.update({ where: { id: seller.id }, data: { backupCharging: false } });
  const failure = await failureOf(chargeSellerWith(gateway)(request));
  expect(failure.type).toBe(CHARGE_FAILURE_TYPES.declined);
  expect(gateway.charges().map((charge) => charge.idempotencyKey)).toEqual([
    request.idempotencyKey,
  ]);
});

test('when every backup card fails too, the failure reported is the default card’s', async () => {
  const gateway = new SimulatedGateway();
  const { seller, request } = await sellerWithCards('pm_card_chargeDeclinedInsufficientFunds', [
    'pm_card_chargeDeclined',
    'pm_card_authenticationRequired',
  ]);
  const failure = await failureOf(chargeSellerWith(gateway)(request));
  expect(failure.type).toBe(CHARGE_FAILURE_TYPES.declined);
  expect(failure.details?.[0]).toMatchObject({ code: 'insufficient_funds' });
  expect(gateway.charges()).toHaveLength(3);
  const rows = await database.db.payment.findMany({ where: { sellerId: seller.id } });
  // A backup card's own 3-D Secure is never asked for: its attempt is recorded as failed.
  expect(rows.map((p) => p.status).sort()).toEqual(['failed', 'failed', 'failed']);
  expect(rows.every((p) => p.actionClientSecret === null)).toBe(true);
});

test('a default card needing authentication: the backups are tried off-session; if all fail, the authentication request stands', async () => {
  const gateway = new SimulatedGateway();
  const { seller, request } = await sellerWithCards('pm_card_authenticationRequired', [
    'pm_card_chargeDeclined',
  ]);
  const failure = await failureOf(chargeSellerWith(gateway)(request));
  expect(failure.type).toBe(CHARGE_FAILURE_TYPES.authenticationRequired);
  expect(gateway.charges()).toHaveLength(2);
  const waiting = await database.db.payment.findUniqueOrThrow({
    where: { idempotencyKey: request.idempotencyKey },
  });
  expect(waiting.status).toBe('requires_action');
  expect(waiting.actionClientSecret).not.toBeNull();
  expect(gateway.cancelledCharges()).toEqual([]);
  expect(await succeededPayments(seller.id)).toEqual([]);
});

test('a default card needing authentication: when a backup card pays, the authentication request is withdrawn and cancelled at the gateway', async () => {
  const gateway = new SimulatedGateway();
  const { request } = await sellerWithCards('pm_card_authenticationRequired', ['pm_card_visa']);
  const charge = chargeSellerWith(gateway);
  const receipt = await charge(request);
  expect(receipt.defaultCardFailure).toMatchObject({ failureCode: 'authentication_required' });
  const withdrawn = await database.db.payment.findUniqueOrThrow({
    where: { idempotencyKey: request.idempotencyKey },
  });
  expect(withdrawn).toMatchObject({ status: 'failed', actionClientSecret: null });
  // The waiting PaymentIntent can never succeed as well: it is cancelled, once, even on a retry.
  expect(gateway.cancelledCharges()).toEqual([withdrawn.gatewayPaymentId]);
  expect(await charge(request)).toEqual(receipt);
  expect(gateway.cancelledCharges()).toEqual([withdrawn.gatewayPaymentId]);
});

test('a retried charge paid by a backup card returns the same receipt and charges nothing more', async () => {
  const gateway = new SimulatedGateway();
  const { seller, request } = await sellerWithCards('pm_card_chargeDeclined', [
    'pm_card_visa',
    'pm_card_mastercard',
  ]);
  const charge = chargeSellerWith(gateway);
  const first = await charge(request);
  const again = await charge(request);
  expect(again).toEqual(first);
  expect(gateway.charges()).toHaveLength(2);
  expect(await succeededPayments(seller.id)).toHaveLength(1);
});

/** A gateway whose worker dies once, just after the gateway charged a backup card. */
class DiesAfterBackupCharge extends SimulatedGateway {
  private died = false;

  override async chargeOffSession(
    request: OffSessionChargeRequest,
  ): Promise<OffSessionChargeResult> {
    const result = await super.chargeOffSession(request);
    if (!this.died && request.idempotencyKey.includes(':backup:')) {
      this.died = true;
      throw new Error('worker killed before the outcome was recorded');
    }
    return result;
  }
}

test.each([
  ['a newer card was added', 'added'],
  ['the charged card was removed', 'removed'],
  ['backup charging was turned off', 'off'],
] as const)(
  'a charge whose worker died after the gateway charged a backup card is retried without a second success, even if %s',
  async (_, change) => {
    const gateway = new DiesAfterBackupCharge();
    const { seller, cards, request } = await sellerWithCards('pm_card_chargeDeclined', [
      'pm_card_visa',
    ]);
    const charge = chargeSellerWith(gateway);
    await expect(charge(request)).rejects.toThrow('worker killed');
    const { db } = database;
    if (change === 'added') {
      await addSavedCard(db, seller.id, 'pm_card_mastercard', { createdAt: new Date() });
    } else if (change === 'removed') {
      await db.paymentMethod.update({
        where: { id: cards[0]!.id },
        data: { removedAt: new Date() },
      });
    } else {
      await db.seller.update({ where: { id: seller.id }, data: { backupCharging: false } });
    }
    const receipt = await charge(request);
    const chargedKey = backupAttemptKey(request.idempotencyKey, cards[0]!);
    expect(gateway.succeededKeys()).toEqual([chargedKey]);
    expect(receipt).toMatchObject({ cardLast4: '4242', coveredMinor: 12_000 });
    expect((await succeededPayments(seller.id)).map((p) => p.idempotencyKey)).toEqual([chargedKey]);
  },
);
