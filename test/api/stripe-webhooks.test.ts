// Stripe webhooks: signed with the SDK's test-header helper like Stripe signs them. A forged or
// unsigned delivery is refused with nothing processed; each event is processed once (a
// redelivery is acknowledged and ignored); each handled type changes what it reports.
import Stripe from 'stripe';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { startApi, TEST_WEBHOOK_SECRET, type RunningApi } from '../support/api';
import { useTemporalAndDatabase } from '../support/servers';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';

let api: RunningApi;
let eventCount = 0;

const servers = useTemporalAndDatabase();
beforeAll(async () => {
  api = await startApi({
    db: servers.database.db,
    billing: servers.billing,
    gateway: new SimulatedGateway(),
  });
});
afterAll(() => api?.close());

function stripeEvent(type: string, object: Record<string, unknown>, account?: string) {
  eventCount += 1;
  return {
    id: `evt_test_${eventCount}_${Date.now()}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type,
    account,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

interface WebhookAnswer {
  received?: boolean;
  duplicate?: boolean;
  error?: { code: string; message: string };
}

async function deliver(
  event: object,
  options: { secret?: string; signature?: string | null } = {},
) {
  const payload = JSON.stringify(event);
  const signature =
    options.signature === undefined
      ? Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.secret ?? TEST_WEBHOOK_SECRET,
        })
      : options.signature;
  const response = await fetch(`${api.url}/v1/stripe/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'stripe-signature': signature } : {}),
    },
    body: payload,
  });
  return { status: response.status, body: (await response.json()) as WebhookAnswer };
}

async function marketplaceWithSeller() {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db);
  const connection = await connectStripe(db, marketplace.id, { chargesEnabled: false });
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  return { marketplace, connection, seller };
}

test('a forged or unsigned delivery answers 400 and nothing is processed', async () => {
  const { db } = servers.database;
  const { connection } = await marketplaceWithSeller();
  const event = stripeEvent('account.updated', {
    id: connection.accountId,
    object: 'account',
    charges_enabled: true,
    details_submitted: true,
  });

  const forged = await deliver(event, { secret: 'whsec_not_the_endpoint_secret' });
  expect(forged.status).toBe(400);
  expect(forged.body.error?.code).toBe('invalid_signature');
  const unsigned = await deliver(event, { signature: null });
  expect(unsigned.status).toBe(400);
  const tampered = Stripe.webhooks.generateTestHeaderString({
    payload: '{"id":"evt_other"}',
    secret: TEST_WEBHOOK_SECRET,
  });
  expect((await deliver(event, { signature: tampered })).status).toBe(400);

  expect(await db.stripeWebhookEvent.count({ where: { id: event.id } })).toBe(0);
  expect(
    (
      await db.stripeConnection.findUniqueOrThrow({
        where: { marketplaceId: connection.marketplaceId },
      })
    ).chargesEnabled,
  ).toBe(false);
});

test('a signed event without an id, a type or data.object answers 400 and nothing is processed', async () => {
  const { db } = servers.database;
  const before = await db.stripeWebhookEvent.count();
  const event = stripeEvent('account.updated', { id: 'acct_x', object: 'account' });
  const without = (field: string) =>
    Object.fromEntries(Object.entries(event).filter(([key]) => key !== field));
  const malformed = [
    without('id'),
    { ...event, id: '' },
    { ...event, id: 42 },
    { ...event, id: 'evt_\u0000' },
    without('type'),
    { ...event, data: {} },
    { ...event, data: { object: null } },
    { ...event, data: 'object' },
    [],
    'evt',
    null,
  ];
  for (const body of malformed) {
    const answer = await deliver(body as object);
    expect({ body, status: answer.status, code: answer.body.error?.code }).toEqual({
      body,
      status: 400,
      code: 'invalid_event',
    });
  }
  expect(await db.stripeWebhookEvent.count()).toBe(before);
});

test('account.updated stores that the account can charge; a redelivery is acknowledged and ignored', async () => {
  const { db } = servers.database;
  const { connection } = await marketplaceWithSeller();
  const enabled = stripeEvent('account.updated', {
    id: connection.accountId,
    object: 'account',
    charges_enabled: true,
    details_submitted: true,
  });
  expect(await deliver(enabled)).toEqual({
    status: 200,
    body: { received: true, duplicate: false },
  });
  const stored = await db.stripeConnection.findUniqueOrThrow({
    where: { marketplaceId: connection.marketplaceId },
  });
  expect(stored).toMatchObject({ chargesEnabled: true, detailsSubmitted: true });

  // The account is later restricted; an old event delivered again must not turn it back on.
  await db.stripeConnection.update({
    where: { marketplaceId: connection.marketplaceId },
    data: { chargesEnabled: false },
  });
  expect(await deliver(enabled)).toEqual({
    status: 200,
    body: { received: true, duplicate: true },
  });
  expect(
    (
      await db.stripeConnection.findUniqueOrThrow({
        where: { marketplaceId: connection.marketplaceId },
      })
    ).chargesEnabled,
  ).toBe(false);
  const record = await db.stripeWebhookEvent.findUniqueOrThrow({ where: { id: enabled.id } });
  expect(record).toMatchObject({ type: 'account.updated', processedAt: expect.any(Date) as Date });
});

test('payment_intent.succeeded settles a charge that waited for authentication, once, with a receipt number', async () => {
  const { db } = servers.database;
  const { marketplace, connection, seller } = await marketplaceWithSeller();
  const idempotencyKey = `charge:${marketplace.id}:${seller.id}:1:1`;
  const payment = await db.payment.create({
    data: {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      idempotencyKey,
      chargeSequence: 1,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: 10_512n,
      currency: 'USD',
      status: 'requires_action',
      failureCode: 'authentication_required',
      gateway: 'stripe',
      gatewayPaymentId: 'pi_auth_1',
      actionClientSecret: 'pi_auth_1_secret_x',
      cycleStartsAt: new Date('2026-11-01T00:00:00Z'),
      cycleEndsAt: new Date('2026-12-01T00:00:00Z'),
    },
  });
  const paymentIntent = {
    id: 'pi_auth_1',
    object: 'payment_intent',
    status: 'succeeded',
    amount: 10_512,
    metadata: { charge_id: idempotencyKey },
    latest_charge: 'ch_1',
  };
  // Another marketplace's account cannot settle this charge by copying its id into metadata.
  const spoofed = stripeEvent('payment_intent.succeeded', paymentIntent, 'acct_someone_else');
  expect((await deliver(spoofed)).body).toEqual({ received: true, duplicate: false });
  expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe(
    'requires_action',
  );

  const succeeded = stripeEvent('payment_intent.succeeded', paymentIntent, connection.accountId);
  expect((await deliver(succeeded)).body).toEqual({ received: true, duplicate: false });
  expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
    status: 'succeeded',
    receiptNumber: 1,
    failureCode: null,
    actionClientSecret: null,
  });
  expect((await deliver(succeeded)).body).toEqual({ received: true, duplicate: true });
  expect(
    (await db.marketplace.findUniqueOrThrow({ where: { id: marketplace.id } })).nextReceiptNumber,
  ).toBe(2);

  // A late payment_failed for the same PaymentIntent does not undo the success.
  const lateFailure = stripeEvent(
    'payment_intent.payment_failed',
    {
      id: 'pi_auth_1',
      object: 'payment_intent',
      status: 'requires_payment_method',
      metadata: { charge_id: idempotencyKey },
    },
    connection.accountId,
  );
  await deliver(lateFailure);
  expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe(
    'succeeded',
  );
});

test('payment_intent.payment_failed records the decline in words the seller understands', async () => {
  const { db } = servers.database;
  const { marketplace, connection, seller } = await marketplaceWithSeller();
  const idempotencyKey = `charge:${marketplace.id}:${seller.id}:1:1`;
  await db.payment.create({
    data: {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      idempotencyKey,
      chargeSequence: 1,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: 5_000n,
      currency: 'USD',
      status: 'requires_action',
      gateway: 'stripe',
      gatewayPaymentId: 'pi_fail_1',
      cycleStartsAt: new Date('2026-11-01T00:00:00Z'),
      cycleEndsAt: new Date('2026-12-01T00:00:00Z'),
    },
  });
  await deliver(
    stripeEvent(
      'payment_intent.payment_failed',
      {
        id: 'pi_fail_1',
        object: 'payment_intent',
        status: 'requires_payment_method',
        metadata: { charge_id: idempotencyKey },
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        },
      },
      connection.accountId,
    ),
  );
  expect(await db.payment.findUniqueOrThrow({ where: { idempotencyKey } })).toMatchObject({
    status: 'failed',
    failureCode: 'insufficient_funds',
    failureMessage: 'Your card has insufficient funds. Use another card or add funds.',
  });
});

test('setup_intent.succeeded saves the card as default; payment_method events update and remove it', async () => {
  const { db } = servers.database;
  const { connection, seller } = await marketplaceWithSeller();
  const customerId = seller.gatewayCustomerId!;
  await deliver(
    stripeEvent(
      'setup_intent.succeeded',
      {
        id: 'seti_1',
        object: 'setup_intent',
        status: 'succeeded',
        usage: 'off_session',
        customer: customerId,
        payment_method: 'pm_card_mastercard',
        client_secret: 'seti_1_secret',
      },
      connection.accountId,
    ),
  );
  const cards = await db.paymentMethod.findMany({
    where: { sellerId: seller.id, removedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  expect(cards.map((c) => [c.gatewayPaymentMethodId, c.brand, c.last4, c.isDefault])).toEqual([
    ['pm_card_visa', 'visa', '4242', false],
    ['pm_card_mastercard', 'mastercard', '4444', true],
  ]);

  const card = { brand: 'mastercard', last4: '4444', exp_month: 3, exp_year: 2031 };
  await deliver(
    stripeEvent(
      'payment_method.updated',
      {
        id: 'pm_card_mastercard',
        object: 'payment_method',
        type: 'card',
        customer: customerId,
        card,
      },
      connection.accountId,
    ),
  );
  expect(
    await db.paymentMethod.findFirstOrThrow({
      where: { gatewayPaymentMethodId: 'pm_card_mastercard' },
    }),
  ).toMatchObject({
    expMonth: 3,
    expYear: 2031,
  });

  await deliver(
    stripeEvent(
      'payment_method.detached',
      { id: 'pm_card_mastercard', object: 'payment_method', type: 'card', customer: null, card },
      connection.accountId,
    ),
  );
  const left = await db.paymentMethod.findMany({ where: { sellerId: seller.id, removedAt: null } });
  expect(left.map((c) => [c.gatewayPaymentMethodId, c.isDefault])).toEqual([
    ['pm_card_visa', true],
  ]);
});
