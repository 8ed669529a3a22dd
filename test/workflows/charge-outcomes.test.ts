// The billing workflow charging through the simulated gateway with Stripe's test cards: a card
// that succeeds; a generic decline (campaigns pause, and a new card saved through the API is
// charged at once); a card that needs 3-D Secure (the seller gets the client secret, and the
// later success reported by Stripe's webhook settles the charge without charging again); and a
// network failure, a Stripe 429 or lock timeout that Temporal retries with the same idempotency
// key, with backoff, until it succeeds; a failing default followed by a backup card (R13).
import Stripe from 'stripe';
import { createLogger } from '../../observability/logger';
import { TransientGatewayError, type OffSessionChargeRequest } from '../../payments/gateway';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { gatewayErrorOf } from '../../payments/stripe-errors';
import { sellerBillingInput } from '../../temporal/billing-input';
import { sellerBillingWorkflowId } from '../../workflows/ids';
import type { BillingStateView } from '../../workflows/messages';
import { sellerBilling } from '../../workflows/seller-billing';
import type { BillingWorkers } from '../../worker/billing-worker';
import { clientFor, keyFor, startApi, TEST_WEBHOOK_SECRET, type RunningApi } from '../support/api';
import {
  addSavedCard,
  connectStripe,
  createMarketplace,
  createSelfServiceSeller,
} from '../support/fixtures';
import { pdfText } from '../support/pdf-text';
import { useTemporalAndDatabase } from '../support/servers';
import { createTestWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

/** The simulated gateway behind a network or a Stripe that refuses the first `failures` charge
 * requests with the error `refusal` makes. */
class RefusingGateway extends SimulatedGateway {
  readonly chargeKeys: string[] = [];
  constructor(
    private failures: number,
    private readonly refusal: () => Error,
  ) {
    super();
  }
  override chargeOffSession(request: OffSessionChargeRequest) {
    this.chargeKeys.push(request.idempotencyKey);
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(this.refusal());
    }
    return super.chargeOffSession(request);
  }
}

/** Stripe refusing a request under load, as the Stripe adapter maps it (payments/stripe-errors). */
const stripeRefusal = (statusCode: number, code: string) => () =>
  gatewayErrorOf(
    Stripe.errors.StripeError.generate({
      type: 'invalid_request_error',
      code,
      message: code,
      statusCode,
    }),
  ) as Error;

const servers = useTemporalAndDatabase();

async function withBilling(
  gateway: SimulatedGateway,
  card: string,
  body: (context: {
    marketplaceId: string;
    sellerId: string;
    campaignId: string;
    api: RunningApi;
    worker: BillingWorkers;
  }) => Promise<void>,
  /** Runs once the seller exists, before its spend goes over the limit. */
  setUp?: (sellerId: string) => Promise<void>,
): Promise<string> {
  const { db } = servers.database;
  const worker = await createTestWorker(
    servers.env,
    { db, gateway, logger: createLogger('test') },
    `billing-${Math.random()}`,
  );
  const marketplace = await createMarketplace(db, { defaultCreditLimitMinor: 10_000 });
  await connectStripe(db, marketplace.id);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: card,
  });
  await setUp?.(seller.id);
  const api = await startApi({ db, billing: servers.billing, gateway });
  try {
    await worker.runUntil(async () => {
      await billingOnQueue(worker, marketplace.id, seller.id);
      await servers.billing.signalSpend(marketplace.id, seller.id, {
        batchId: 'over-the-limit',
        totalMicros: 120_000_000,
        byCampaignMicros: { [campaigns[0]!.id]: 120_000_000 },
      });
      await body({
        marketplaceId: marketplace.id,
        sellerId: seller.id,
        campaignId: campaigns[0]!.id,
        api,
        worker,
      });
    });
  } finally {
    await api.close();
  }
  return seller.id;
}

/** The seller's payment rows as a person reads them: attempt, status, receipt, amount, card. */
async function paymentsOf(sellerId: string) {
  const rows = await servers.database.db.payment.findMany({
    where: { sellerId },
    // A backup card's key extends its charge's: it comes after the default's attempt.
    orderBy: [{ attempt: 'asc' }, { idempotencyKey: 'asc' }],
  });
  return rows.map((p) => [
    p.attempt,
    p.status,
    p.receiptNumber,
    Number(p.amountMinor),
    p.cardBrand,
  ]);
}

/** Starts the seller's workflow on this test's own task queue (and so with this test's gateway). */
async function billingOnQueue(worker: BillingWorkers, marketplaceId: string, sellerId: string) {
  await servers.env.client.workflow.start(sellerBilling, {
    workflowId: sellerBillingWorkflowId(marketplaceId, sellerId),
    taskQueue: worker.taskQueue,
    args: [await sellerBillingInput(servers.database.db, marketplaceId, sellerId)],
  });
}

/** The seller's billing state once `done` holds for it. */
async function stateWhen(
  marketplaceId: string,
  sellerId: string,
  done: (state: BillingStateView | null) => boolean,
): Promise<BillingStateView | null> {
  let state: BillingStateView | null = null;
  await waitFor(async () => done((state = await servers.billing.state(marketplaceId, sellerId))));
  return state;
}

test('a test card that succeeds is charged once and gets receipt number 1', async () => {
  const gateway = new SimulatedGateway();
  const sellerId = await withBilling(
    gateway,
    'pm_card_visa',
    async ({ marketplaceId, sellerId }) => {
      const state = await stateWhen(
        marketplaceId,
        sellerId,
        (s) => s?.lastPayment?.status === 'succeeded',
      );
      expect(state).toMatchObject({ status: 'active', unbilledMicros: 0 });
    },
  );
  expect(await paymentsOf(sellerId)).toEqual([[1, 'succeeded', 1, 12_000, 'visa']]);
  expect(gateway.succeededKeys()).toHaveLength(1);
});

test('a declined card pauses campaigns; a new card saved through the API is charged at once', async () => {
  const { db } = servers.database;
  const gateway = new SimulatedGateway();
  const sellerId = await withBilling(
    gateway,
    'pm_card_chargeDeclined',
    async ({ marketplaceId, sellerId, campaignId, api }) => {
      const failed = await stateWhen(marketplaceId, sellerId, (s) => s?.status === 'past_due');
      expect(failed?.dunning).toMatchObject({
        lastFailureCode: 'generic_decline',
        lastFailureMessage: 'Your card was declined. Use another card or contact your bank.',
        requiresAction: false,
      });
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe(
        'paused',
      );

      const seller = clientFor(api, await keyFor(db, 'seller', { marketplaceId, sellerId }));
      const setup = await seller('POST', `/v1/sellers/${sellerId}/payment-methods/setup-intent`);
      const confirmed = await seller('POST', `/v1/sellers/${sellerId}/payment-methods/confirm`, {
        setupIntentId: setup.body.setupIntentId as string,
        card: '5555555555554444',
      });
      expect(confirmed.status).toBe(201);

      const recovered = await stateWhen(marketplaceId, sellerId, (s) => s?.status === 'active');
      expect(recovered?.lastPayment).toMatchObject({
        status: 'succeeded',
        reason: 'card_updated',
        amountMinor: 12_000,
      });
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe(
        'active',
      );
    },
  );
  expect(await paymentsOf(sellerId)).toEqual([
    [1, 'failed', null, 12_000, 'visa'],
    [2, 'succeeded', 1, 12_000, 'mastercard'],
  ]);
});

test('a card that needs 3-D Secure: the seller authenticates and Stripe’s webhook settles the charge once', async () => {
  const { db } = servers.database;
  const gateway = new SimulatedGateway();
  const sellerId = await withBilling(
    gateway,
    'pm_card_authenticationRequired',
    async ({ marketplaceId, sellerId, campaignId, api }) => {
      const waiting = await stateWhen(marketplaceId, sellerId, (s) => s?.status === 'past_due');
      expect(waiting?.dunning).toMatchObject({
        lastFailureCode: 'authentication_required',
        requiresAction: true,
      });
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe(
        'paused',
      );
      const payment = await db.payment.findFirstOrThrow({
        where: { sellerId, status: 'requires_action' },
      });

      // The seller's page gets what Stripe.js needs to authenticate the PaymentIntent.
      const seller = clientFor(api, await keyFor(db, 'seller', { marketplaceId, sellerId }));
      const authentication = await seller('GET', `/v1/payments/${payment.id}/authentication`);
      expect(authentication.body).toMatchObject({
        gateway: 'simulated',
        paymentIntentId: payment.gatewayPaymentId,
        clientSecret: `${payment.gatewayPaymentId}_secret_simulated`,
        amountMinor: 12_000,
      });

      // The seller authenticates; Stripe reports that the PaymentIntent succeeded.
      const connection = await db.stripeConnection.findUniqueOrThrow({ where: { marketplaceId } });
      const payload = JSON.stringify({
        id: `evt_auth_${payment.id}`,
        object: 'event',
        type: 'payment_intent.succeeded',
        account: connection.accountId,
        data: {
          object: {
            id: payment.gatewayPaymentId,
            object: 'payment_intent',
            status: 'succeeded',
            metadata: { charge_id: payment.idempotencyKey },
          },
        },
      });
      const delivered = await fetch(`${api.url}/v1/stripe/webhooks`, {
        method: 'POST',
        headers: {
          'stripe-signature': Stripe.webhooks.generateTestHeaderString({
            payload,
            secret: TEST_WEBHOOK_SECRET,
          }),
        },
        body: payload,
      });
      expect(delivered.status).toBe(200);

      const settled = await stateWhen(marketplaceId, sellerId, (s) => s?.status === 'active');
      expect(settled).toMatchObject({
        unbilledMicros: 0,
        lastPayment: { status: 'succeeded', amountMinor: 12_000 },
      });
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe(
        'active',
      );
    },
  );
  // One payment, settled by the webhook with its receipt; the workflow's retry charged nothing.
  expect(await paymentsOf(sellerId)).toEqual([[1, 'succeeded', 1, 12_000, 'visa']]);
  expect(gateway.succeededKeys()).toEqual([]);
});

test.each([
  ['a dropped connection', () => new TransientGatewayError('connection reset by peer')],
  ['a Stripe 429 rate_limit', stripeRefusal(429, 'rate_limit')],
  ['a Stripe 409 lock_timeout', stripeRefusal(409, 'lock_timeout')],
])(
  '%s is retried with the same idempotency key until the charge succeeds, once',
  async (_what, refusal) => {
    const gateway = new RefusingGateway(2, refusal);
    const sellerId = await withBilling(
      gateway,
      'pm_card_visa',
      async ({ marketplaceId, sellerId }) => {
        const state = await stateWhen(
          marketplaceId,
          sellerId,
          (s) => s?.lastPayment?.status === 'succeeded',
        );
        expect(state?.status).toBe('active');
      },
    );
    expect(gateway.chargeKeys).toHaveLength(3);
    expect(new Set(gateway.chargeKeys).size).toBe(1);
    expect(gateway.succeededKeys()).toEqual([gateway.chargeKeys[0]]);
    expect(await paymentsOf(sellerId)).toEqual([[1, 'succeeded', 1, 12_000, 'visa']]);
  },
);

/** Saves Stripe's visa test card as the seller's backup, older than its default card. */
const withVisaBackup = async (sellerId: string) => {
  await addSavedCard(servers.database.db, sellerId, 'pm_card_visa', { createdAt: new Date(0) });
};

test('R13: a declined default card is followed by the backup card, which pays: no pause, and the receipt and e-mail name both cards', async () => {
  const { db } = servers.database;
  const gateway = new SimulatedGateway();
  let receiptText = '';
  const sellerId = await withBilling(
    gateway,
    'pm_card_chargeDeclinedInsufficientFunds',
    async ({ marketplaceId, sellerId, campaignId, api }) => {
      const paid = await stateWhen(
        marketplaceId,
        sellerId,
        (s) => s?.lastPayment?.status === 'succeeded',
      );
      expect(paid).toMatchObject({ status: 'active', unbilledMicros: 0 });
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe(
        'active',
      );
      const payment = await db.payment.findFirstOrThrow({
        where: { sellerId, status: 'succeeded' },
      });
      const key = await keyFor(db, 'seller', { marketplaceId, sellerId });
      const pdf = await fetch(`${api.url}/v1/payments/${payment.id}/receipt.pdf`, {
        headers: { authorization: `Bearer ${key}` },
      });
      receiptText = await pdfText(Buffer.from(await pdf.arrayBuffer()));
      // The payment's notifications (seller and admin) are stored while the worker runs.
      await waitFor(
        async () =>
          (await db.notification.count({ where: { sellerId, kind: 'payment_succeeded' } })) === 2,
      );
    },
    async (sellerId) => {
      // The fixture saves every default card as 4242: this one is the card ending 9995.
      await db.paymentMethod.updateMany({ where: { sellerId }, data: { last4: '9995' } });
      await withVisaBackup(sellerId);
    },
  );
  expect(await paymentsOf(sellerId)).toEqual([
    [1, 'failed', null, 12_000, 'visa'],
    [1, 'succeeded', 1, 12_000, 'visa'],
  ]);
  expect(gateway.succeededKeys()).toHaveLength(1);
  expect(receiptText).toContain('Visa ending in 4242 (backup card)');
  expect(receiptText).toMatch(/Default card\s+Visa ending in 9995 failed/);
  const [seller] = await db.notification.findMany({
    where: { sellerId, kind: 'payment_succeeded', recipientRole: 'seller' },
  });
  expect(seller?.body).toContain('to your visa ending 4242');
  expect(seller?.body).toContain('The default card, visa ending 9995, failed');
});

test('R13: with backup charging off, a declined default pauses campaigns and the backup card is not charged', async () => {
  const { db } = servers.database;
  const gateway = new SimulatedGateway();
  const sellerId = await withBilling(
    gateway,
    'pm_card_chargeDeclined',
    async ({ marketplaceId, sellerId, campaignId }) => {
      await stateWhen(marketplaceId, sellerId, (s) => s?.status === 'past_due');
      expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe(
        'paused',
      );
    },
    async (sellerId) => {
      await withVisaBackup(sellerId);
      await db.seller.update({ where: { id: sellerId }, data: { backupCharging: false } });
    },
  );
  expect(await paymentsOf(sellerId)).toEqual([[1, 'failed', null, 12_000, 'visa']]);
  expect(gateway.charges()).toHaveLength(1);
});

/** The simulated gateway whose first answer to a backup card's charge is lost on the way back
 * (the card is charged; the worker sees a dropped connection). */
class LosesFirstBackupAnswer extends SimulatedGateway {
  private lost = false;
  override async chargeOffSession(request: OffSessionChargeRequest) {
    const answer = await super.chargeOffSession(request);
    if (!this.lost && request.idempotencyKey.includes(':backup:')) {
      this.lost = true;
      throw new TransientGatewayError('connection reset by peer');
    }
    return answer;
  }
}

test('R13: an answer lost after a backup card was charged: Temporal retries the charge, which replays that card and pays once', async () => {
  const gateway = new LosesFirstBackupAnswer();
  const sellerId = await withBilling(
    gateway,
    'pm_card_chargeDeclined',
    async ({ marketplaceId, sellerId }) => {
      const paid = await stateWhen(
        marketplaceId,
        sellerId,
        (s) => s?.lastPayment?.status === 'succeeded',
      );
      expect(paid?.status).toBe('active');
    },
    withVisaBackup,
  );
  expect(gateway.succeededKeys()).toHaveLength(1);
  expect(await paymentsOf(sellerId)).toEqual([
    [1, 'failed', null, 12_000, 'visa'],
    [1, 'succeeded', 1, 12_000, 'visa'],
  ]);
});
