// R4: a self-service seller saves cards through a SetupIntent (simulated gateway: confirmed with
// Stripe's test cards), lists them with the expiry flag, chooses the default and removes cards;
// no card number is ever stored, and keys reach only their own seller.

import { SimulatedGateway } from '../../payments/simulated-gateway';
import { StripeGateway } from '../../payments/stripe-gateway';
import { clientFor, keyFor, startApi, type RunningApi } from '../support/api';
import { startStripeMock } from '../support/stripe-mock';
import { useTemporalAndDatabase } from '../support/servers';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';

let api: RunningApi;

const servers = useTemporalAndDatabase();
beforeAll(async () => {
  api = await startApi({
    db: servers.database.db,
    billing: servers.billing,
    gateway: new SimulatedGateway(),
  });
});
afterAll(() => api?.close());

async function newSeller(options: { chargesEnabled?: boolean; marketplaceId?: string } = {}) {
  const { db } = servers.database;
  const marketplace = options.marketplaceId
    ? await db.marketplace.findUniqueOrThrow({ where: { id: options.marketplaceId } })
    : await createMarketplace(db);
  if (!options.marketplaceId) {
    await connectStripe(db, marketplace.id, { chargesEnabled: options.chargesEnabled ?? true });
  }
  const { seller } = await createSelfServiceSeller(db, marketplace.id, { paymentMethodId: null });
  const call = clientFor(
    api,
    await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id }),
  );
  return { marketplace, seller, call };
}

async function addCard(call: ReturnType<typeof clientFor>, sellerId: string, card: string) {
  const setup = await call('POST', `/v1/sellers/${sellerId}/payment-methods/setup-intent`);
  expect(setup.status).toBe(201);
  return call('POST', `/v1/sellers/${sellerId}/payment-methods/confirm`, {
    setupIntentId: setup.body.setupIntentId as string,
    card,
  });
}

test('a seller saves a card: SetupIntent, confirm, stored as default without the number', async () => {
  const { db } = servers.database;
  const { seller, call } = await newSeller();
  const setup = await call('POST', `/v1/sellers/${seller.id}/payment-methods/setup-intent`);
  expect(setup.status).toBe(201);
  expect(setup.body).toMatchObject({
    gateway: 'simulated',
    setupIntentId: expect.stringMatching(/^seti_sim_/) as string,
    clientSecret: expect.stringContaining('_secret_') as string,
    connectedAccountId: expect.stringMatching(/^acct_/) as string,
  });
  const customerId = (await db.seller.findUniqueOrThrow({ where: { id: seller.id } }))
    .gatewayCustomerId;
  expect(customerId).toMatch(/^cus_sim_/);

  const confirmed = await call('POST', `/v1/sellers/${seller.id}/payment-methods/confirm`, {
    setupIntentId: setup.body.setupIntentId as string,
    card: '4242 4242 4242 4242',
  });
  expect(confirmed.status).toBe(201);
  expect(confirmed.body).toEqual({
    gateway: 'simulated',
    paymentMethod: {
      id: expect.any(String) as string,
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2034,
      isDefault: true,
      expiresBeforeCycleEnd: false,
    },
  });
  const rows = await db.paymentMethod.findMany({ where: { sellerId: seller.id } });
  expect(rows).toHaveLength(1);
  expect(JSON.stringify(rows)).not.toContain('4242424242424242');
  // The seller's customer is unchanged: the card went onto the same Customer.
  expect((await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).gatewayCustomerId).toBe(
    customerId,
  );
});

test('cards are listed with the default and a flag for one expiring before the cycle ends', async () => {
  const { db } = servers.database;
  const { seller, call } = await newSeller();
  const visa = (await addCard(call, seller.id, 'pm_card_visa')).body.paymentMethod;
  const mastercard = (await addCard(call, seller.id, '5555555555554444')).body.paymentMethod;
  expect(mastercard).toMatchObject({ brand: 'mastercard', last4: '4444', isDefault: true });

  // The Visa card expires this month: the cycle-end charge would find it expired.
  const now = new Date();
  await db.paymentMethod.update({
    where: { id: visa.id as string },
    data: { expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() },
  });
  const listed = await call('GET', `/v1/sellers/${seller.id}/payment-methods`);
  expect(listed.status).toBe(200);
  expect(listed.body.gateway).toBe('simulated');
  expect(listed.body.paymentMethods).toEqual([
    expect.objectContaining({ id: visa.id, isDefault: false, expiresBeforeCycleEnd: true }),
    expect.objectContaining({ id: mastercard.id, isDefault: true, expiresBeforeCycleEnd: false }),
  ]);
});

test('R13: backup charging is on for a new seller; the seller turns it off and on again', async () => {
  const { db } = servers.database;
  const { seller, call } = await newSeller();
  const path = `/v1/sellers/${seller.id}/payment-methods/backup-charging`;
  const listed = () => call('GET', `/v1/sellers/${seller.id}/payment-methods`);
  expect((await listed()).body.backupCharging).toBe(true);

  for (const enabled of [false, true, false]) {
    const set = await call('PUT', path, { enabled });
    expect(set).toMatchObject({ status: 200, body: { enabled } });
    expect((await listed()).body.backupCharging).toBe(enabled);
    expect((await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).backupCharging).toBe(
      enabled,
    );
  }
});

test.each([
  ['no body', undefined],
  ['a string', { enabled: 'false' }],
  ['a number', { enabled: 0 }],
  ['an unknown field', { enabled: true, cards: 'all' }],
])(
  'R13: a backup charging setting with %s is refused with a 400 and changes nothing',
  async (_, body) => {
    const { db } = servers.database;
    const { seller, call } = await newSeller();
    const refused = await call(
      'PUT',
      `/v1/sellers/${seller.id}/payment-methods/backup-charging`,
      body,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: expect.any(String) as string });
    expect((await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).backupCharging).toBe(
      true,
    );
  },
);

test('the seller chooses the default; removing the default hands over to the other card', async () => {
  const { db } = servers.database;
  const { seller, call } = await newSeller();
  const visa = (await addCard(call, seller.id, 'pm_card_visa')).body.paymentMethod;
  const amex = (await addCard(call, seller.id, 'pm_card_amex')).body.paymentMethod;

  const chosen = await call('POST', `/v1/sellers/${seller.id}/payment-methods/${visa.id}/default`);
  expect(chosen.body).toMatchObject({
    gateway: 'simulated',
    paymentMethod: { id: visa.id, isDefault: true },
  });
  const removed = await call('DELETE', `/v1/sellers/${seller.id}/payment-methods/${visa.id}`);
  expect(removed.body).toEqual({
    gateway: 'simulated',
    removed: visa.id,
    defaultPaymentMethod: expect.objectContaining({ id: amex.id, isDefault: true }) as object,
  });
  const listed = await call('GET', `/v1/sellers/${seller.id}/payment-methods`);
  expect(listed.body.paymentMethods).toEqual([
    expect.objectContaining({ id: amex.id, isDefault: true }),
  ]);
  expect(
    (await db.paymentMethod.findUniqueOrThrow({ where: { id: visa.id as string } })).removedAt,
  ).not.toBeNull();
  expect((await call('DELETE', `/v1/sellers/${seller.id}/payment-methods/${visa.id}`)).status).toBe(
    404,
  );
});

test('the simulated gateway takes only Stripe test cards; an unconfirmed set-up is refused', async () => {
  const { seller, call } = await newSeller();
  const unknown = await addCard(call, seller.id, '4111111111111111');
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toMatchObject({ code: 'unknown_test_card', field: 'card' });

  const setup = await call('POST', `/v1/sellers/${seller.id}/payment-methods/setup-intent`);
  const unconfirmed = await call('POST', `/v1/sellers/${seller.id}/payment-methods/confirm`, {
    setupIntentId: setup.body.setupIntentId as string,
  });
  expect(unconfirmed.status).toBe(409);
  expect(unconfirmed.body.error.code).toBe('setup_incomplete');
});

test('cards need a self-service seller on a marketplace that can charge', async () => {
  const { db } = servers.database;
  const pending = await newSeller({ chargesEnabled: false });
  const refused = await pending.call(
    'POST',
    `/v1/sellers/${pending.seller.id}/payment-methods/setup-intent`,
  );
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('stripe_not_ready');

  const { marketplace, call } = await newSeller();
  const managed = await db.seller.create({
    data: { marketplaceId: marketplace.id, name: 'Managed', email: 'managed@example.com' },
  });
  const managedCall = clientFor(
    api,
    await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: managed.id }),
  );
  const notSelfService = await managedCall(
    'POST',
    `/v1/sellers/${managed.id}/payment-methods/setup-intent`,
  );
  expect(notSelfService.body.error.code).toBe('not_self_service');

  // Another seller's cards are not found; an admin key is not a seller key.
  expect((await call('GET', `/v1/sellers/${managed.id}/payment-methods`)).status).toBe(404);
  const admin = clientFor(
    api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  expect((await admin('GET', `/v1/sellers/${managed.id}/payment-methods`)).status).toBe(403);
});

describe.each([
  ['a declining card', '4000000000000002'],
  ['a succeeding card', '4242424242424242'],
  ['a test PaymentMethod id', 'pm_card_visa'],
])('another seller confirming with %s', (_name, card) => {
  test.each([
    ['of the same marketplace', true],
    ['of another marketplace', false],
  ])('%s: 404, and the SetupIntent is untouched', async (_where, sameMarketplace) => {
    const { db } = servers.database;
    const owner = await newSeller();
    const intruder = await newSeller(
      sameMarketplace ? { marketplaceId: owner.marketplace.id } : {},
    );
    // The intruder has a Customer of its own, so the check is whose, not whether.
    await intruder.call('POST', `/v1/sellers/${intruder.seller.id}/payment-methods/setup-intent`);
    const setup = await owner.call(
      'POST',
      `/v1/sellers/${owner.seller.id}/payment-methods/setup-intent`,
    );
    const setupIntentId = setup.body.setupIntentId as string;

    const attempt = await intruder.call(
      'POST',
      `/v1/sellers/${intruder.seller.id}/payment-methods/confirm`,
      { setupIntentId, card },
    );
    expect(attempt.status).toBe(404);
    expect(attempt.body).toEqual({
      error: {
        code: 'not_found',
        message: expect.any(String) as string,
        requestId: expect.any(String) as string,
      },
    });
    const cardsOf = (sellerId: string) => db.paymentMethod.count({ where: { sellerId } });
    expect([await cardsOf(owner.seller.id), await cardsOf(intruder.seller.id)]).toEqual([0, 0]);

    // Still unconfirmed; then the owner confirms it with its own card and gets that card.
    const confirmOwn = (body: object) =>
      owner.call('POST', `/v1/sellers/${owner.seller.id}/payment-methods/confirm`, {
        setupIntentId,
        ...body,
      });
    expect(await confirmOwn({})).toMatchObject({
      status: 409,
      body: { error: { code: 'setup_incomplete' } },
    });
    const own = await confirmOwn({ card: '5555555555554444' });
    expect(own.status).toBe(201);
    expect(own.body.paymentMethod).toMatchObject({ brand: 'mastercard', last4: '4444' });
    expect(await cardsOf(owner.seller.id)).toBe(1);
  });
});

test('a SetupIntent the gateway does not know is not found, with or without a card', async () => {
  const { seller, call } = await newSeller();
  await call('POST', `/v1/sellers/${seller.id}/payment-methods/setup-intent`);
  for (const body of [{}, { card: '4242424242424242' }]) {
    const answer = await call('POST', `/v1/sellers/${seller.id}/payment-methods/confirm`, {
      setupIntentId: 'seti_sim_unknown',
      ...body,
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  }
});

test('on Stripe, card details in a confirm call are refused and nothing reaches Stripe', async () => {
  const { db } = servers.database;
  const mock = await startStripeMock();
  const stripeApi = await startApi({
    db,
    billing: servers.billing,
    gateway: new StripeGateway({
      secretKey: 'sk_test_cards',
      host: mock.host,
      port: mock.port,
      protocol: 'http',
    }),
  });
  try {
    const { seller } = await newSeller();
    const call = clientFor(
      stripeApi,
      await keyFor(db, 'seller', { marketplaceId: seller.marketplaceId, sellerId: seller.id }),
    );
    for (const card of ['4242424242424242', 'pm_card_visa', '4000 0000 0000 0002', 'x']) {
      const refused = await call('POST', `/v1/sellers/${seller.id}/payment-methods/confirm`, {
        setupIntentId: 'seti_from_elements',
        card,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'card_not_accepted', field: 'card' });
    }
    expect(mock.requests).toEqual([]);
  } finally {
    await stripeApi.close();
    await mock.stop();
  }
});
