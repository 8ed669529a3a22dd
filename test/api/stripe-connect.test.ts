// R1: the marketplace admin connects Stripe. Onboarding gives an account link with the
// configured addresses; whether the account can charge is stored; self-service cannot be
// switched on before it can. Run on both gateways: simulated (onboarding completes at once) and
// Stripe (stripe-mock behind the adapter).

import { Client } from '@temporalio/client';
import { DomainError } from '../../domain/errors';
import { assertCanEnableSelfService } from '../../settings/self-service-guard';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { StripeGateway } from '../../payments/stripe-gateway';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { clientFor, keyFor, startApi, TEST_CONNECT_URLS, type RunningApi } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { connectStripe, createMarketplace } from '../support/fixtures';
import { startStripeMock, type StripeMock } from '../support/stripe-mock';

let database: TestDatabase;
let mock: StripeMock;
let simulatedApi: RunningApi;
let stripeApi: RunningApi;

beforeAll(async () => {
  [database, mock] = await Promise.all([createTestDatabase(), startStripeMock()]);
  // These routes never reach Temporal; the client connects lazily, so none is started.
  const billing = new SellerBillingClient(new Client(), database.db);
  simulatedApi = await startApi({
    db: database.db,
    billing,
    gateway: new SimulatedGateway(),
  });
  stripeApi = await startApi({
    db: database.db,
    billing,
    gateway: new StripeGateway({
      secretKey: 'sk_test_connect',
      host: mock.host,
      port: mock.port,
      protocol: 'http',
    }),
  });
});
afterAll(async () => {
  await simulatedApi?.close();
  await stripeApi?.close();
  await mock?.stop();
  await database?.close();
});

test('simulated: onboarding completes at once and the account can charge', async () => {
  const { db } = database;
  const marketplace = await createMarketplace(db);
  const admin = clientFor(
    simulatedApi,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );

  expect((await admin('GET', `/v1/marketplaces/${marketplace.id}/stripe`)).body).toEqual({
    gateway: 'simulated',
    stripe: null,
    canEnableSelfService: false,
  });
  const connect = await admin('POST', `/v1/marketplaces/${marketplace.id}/stripe/connect`);
  expect(connect.status).toBe(201);
  expect(connect.body).toMatchObject({
    gateway: 'simulated',
    onboardingUrl: TEST_CONNECT_URLS.returnUrl,
    stripe: { accountId: expect.stringMatching(/^acct_sim_/) as string, chargesEnabled: true },
  });
  // Connecting again reuses the account and only makes a new link.
  const again = await admin('POST', `/v1/marketplaces/${marketplace.id}/stripe/connect`);
  expect(again.body.stripe).toEqual(connect.body.stripe);
  expect((await admin('GET', `/v1/marketplaces/${marketplace.id}/stripe`)).body).toMatchObject({
    canEnableSelfService: true,
  });
  await expect(assertCanEnableSelfService(db, marketplace.id)).resolves.toBeUndefined();
});

test('stripe: the admin gets Stripe’s onboarding link; refresh stores what Stripe says', async () => {
  const { db } = database;
  const marketplace = await createMarketplace(db);
  const admin = clientFor(
    stripeApi,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  mock.requests.length = 0;

  const connect = await admin('POST', `/v1/marketplaces/${marketplace.id}/stripe/connect`);
  expect(connect.status).toBe(201);
  expect(connect.body).toMatchObject({
    gateway: 'stripe',
    onboardingUrl: expect.stringMatching(/^https:\/\//) as string,
  });
  const accountId = connect.body.stripe.accountId as string;
  expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'POST /v1/accounts',
    'POST /v1/account_links',
  ]);
  expect(mock.requests[0]!.headers['idempotency-key']).toBe(`connect-account:${marketplace.id}`);
  expect(mock.requests[1]!.form.get('return_url')).toBe(TEST_CONNECT_URLS.returnUrl);
  expect(mock.requests[1]!.form.get('refresh_url')).toBe(TEST_CONNECT_URLS.refreshUrl);

  // stripe-mock's account cannot charge: self-service stays off.
  const refresh = await admin('POST', `/v1/marketplaces/${marketplace.id}/stripe/refresh`);
  expect(refresh.body).toEqual({
    gateway: 'stripe',
    stripe: { accountId, chargesEnabled: false, detailsSubmitted: false },
  });
  await expect(assertCanEnableSelfService(db, marketplace.id)).rejects.toMatchObject({
    status: 409,
    code: 'stripe_cannot_charge',
  });
});

test('self-service needs Payments enabled and a connected account that can charge', async () => {
  const { db } = database;
  const notEnabled = await db.marketplace.create({ data: { name: 'No payments' } });
  await expect(assertCanEnableSelfService(db, notEnabled.id)).rejects.toMatchObject({
    code: 'payments_not_enabled',
  });
  const admin = clientFor(
    simulatedApi,
    await keyFor(db, 'marketplace_admin', { marketplaceId: notEnabled.id }),
  );
  expect(
    (await admin('POST', `/v1/marketplaces/${notEnabled.id}/stripe/connect`)).body.error.code,
  ).toBe('payments_not_enabled');

  const unconnected = await createMarketplace(db);
  await expect(assertCanEnableSelfService(db, unconnected.id)).rejects.toMatchObject({
    code: 'stripe_not_connected',
  });
  const pending = await createMarketplace(db);
  await connectStripe(db, pending.id, { chargesEnabled: false });
  const failure = await assertCanEnableSelfService(db, pending.id).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(DomainError);
  expect(failure).toMatchObject({ status: 409, code: 'stripe_cannot_charge' });
});

test('an admin sees only its own marketplace; other roles are refused', async () => {
  const { db } = database;
  const mine = await createMarketplace(db);
  const other = await createMarketplace(db);
  const admin = clientFor(
    simulatedApi,
    await keyFor(db, 'marketplace_admin', { marketplaceId: mine.id }),
  );
  for (const path of ['/stripe', '/stripe/refresh', '/stripe/connect']) {
    const method = path === '/stripe' ? 'GET' : 'POST';
    expect((await admin(method, `/v1/marketplaces/${other.id}${path}`)).status).toBe(404);
  }
  expect(await db.stripeConnection.count({ where: { marketplaceId: other.id } })).toBe(0);
  const ingest = clientFor(simulatedApi, await keyFor(db, 'ingest', { marketplaceId: mine.id }));
  expect((await ingest('POST', `/v1/marketplaces/${mine.id}/stripe/connect`)).status).toBe(403);
});
