// Who may call what: every endpoint × every kind of key, in and out of scope, each answer
// checked. The rule: no key (or an unknown one) → 401; a key of the wrong role → 403; the right
// role outside its scope (another marketplace, another seller) → 404, so ids don't leak; the
// right role in scope → the endpoint's success status. Out-of-scope and wrong-role calls run
// before the in-scope one, so each row also shows they change nothing the success depends on.
import type { Role } from '../../api/api-keys';
import { documentedRoutes } from '../../api/openapi/routes';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';

type Caller =
  'platform' | 'admin M1' | 'admin M2' | 'seller S1' | 'seller S2' | 'ingest M1' | 'no key';

const CALLERS: Record<Caller, { role: Role | null; inScope: boolean }> = {
  platform: { role: 'platform', inScope: true },
  'admin M1': { role: 'marketplace_admin', inScope: true },
  'admin M2': { role: 'marketplace_admin', inScope: false },
  'seller S1': { role: 'seller', inScope: true },
  'seller S2': { role: 'seller', inScope: false },
  'ingest M1': { role: 'ingest', inScope: true },
  'no key': { role: null, inScope: false },
};

interface World {
  M1: string;
  S1: string;
  campaign: string;
  otherCard: string;
  card: string;
  receiptPayment: string;
  actionPayment: string;
  adminNotification: string;
  sellerNotification: string;
  webhook: string;
  invitation: string;
  setupIntent: () => Promise<string>;
}

interface Row {
  method: string;
  path: (w: World) => string;
  /** Roles the endpoint serves; empty for endpoints without an API key. */
  roles: Role[];
  ok: number;
  body?: (w: World) => unknown;
}

/** Placeholders naming each test after its route. */
const PATH_NAMES = new Proxy({} as World, { get: (_target, name) => `:${String(name)}` });

const row = (
  method: string,
  path: (w: World) => string,
  roles: Role[],
  ok: number,
  body?: Row['body'],
): Row => ({ method, path, roles, ok, body });

const ADMIN: Role[] = ['marketplace_admin'];
const SELLER: Role[] = ['seller'];
const EITHER: Role[] = ['seller', 'marketplace_admin'];

const ROWS: Row[] = [
  row(
    'POST',
    () => '/v1/marketplaces',
    ['platform'],
    201,
    () => ({ name: 'Another' }),
  ),
  row('POST', (w) => `/v1/marketplaces/${w.M1}/payments/enable`, ['platform'], 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/payment-settings`, ADMIN, 200),
  row(
    'PATCH',
    (w) => `/v1/marketplaces/${w.M1}/payment-settings`,
    ADMIN,
    200,
    () => ({
      spendAlertPercent: 75,
    }),
  ),
  row(
    'PUT',
    (w) => `/v1/marketplaces/${w.M1}/sellers/${w.S1}/credit-limit`,
    ADMIN,
    200,
    () => ({
      creditLimitMinor: 20_000,
    }),
  ),
  row('POST', (w) => `/v1/marketplaces/${w.M1}/stripe/connect`, ADMIN, 201),
  row('POST', (w) => `/v1/marketplaces/${w.M1}/stripe/refresh`, ADMIN, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/stripe`, ADMIN, 200),
  row(
    'POST',
    (w) => `/v1/marketplaces/${w.M1}/invitations`,
    ADMIN,
    201,
    () => ({
      email: 'invitee@shop.example',
    }),
  ),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/invitations`, ADMIN, 200),
  row('POST', (w) => `/v1/marketplaces/${w.M1}/invitations/${w.invitation}/revoke`, ADMIN, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/sellers`, ADMIN, 200),
  row('GET', (w) => `/v1/sellers/${w.S1}/billing`, EITHER, 200),
  row('POST', (w) => `/v1/sellers/${w.S1}/payment-methods/setup-intent`, SELLER, 201),
  row(
    'POST',
    (w) => `/v1/sellers/${w.S1}/payment-methods/confirm`,
    SELLER,
    201,
    async (w) => ({
      setupIntentId: await w.setupIntent(),
      card: '4242424242424242',
    }),
  ),
  row('GET', (w) => `/v1/sellers/${w.S1}/payment-methods`, SELLER, 200),
  row('POST', (w) => `/v1/sellers/${w.S1}/payment-methods/${w.card}/default`, SELLER, 200),
  row('DELETE', (w) => `/v1/sellers/${w.S1}/payment-methods/${w.otherCard}`, SELLER, 200),
  row(
    'POST',
    (w) => `/v1/sellers/${w.S1}/campaigns`,
    SELLER,
    201,
    () => ({ name: 'New' }),
  ),
  row('GET', (w) => `/v1/sellers/${w.S1}/campaigns`, EITHER, 200),
  row('POST', (w) => `/v1/campaigns/${w.campaign}/pause`, SELLER, 200),
  row('POST', (w) => `/v1/campaigns/${w.campaign}/resume`, SELLER, 200),
  row('POST', (w) => `/v1/campaigns/${w.campaign}/end`, SELLER, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/payments`, ADMIN, 200),
  row('GET', (w) => `/v1/sellers/${w.S1}/payments`, EITHER, 200),
  row('GET', (w) => `/v1/payments/${w.receiptPayment}/receipt.pdf`, EITHER, 200),
  row('GET', (w) => `/v1/payments/${w.actionPayment}/authentication`, SELLER, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/notifications`, ADMIN, 200),
  row(
    'POST',
    (w) => `/v1/marketplaces/${w.M1}/webhooks`,
    ADMIN,
    201,
    () => ({
      url: 'https://hooks.market.example/billing',
    }),
  ),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/webhooks`, ADMIN, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/webhooks/${w.webhook}/deliveries`, ADMIN, 200),
  row('DELETE', (w) => `/v1/marketplaces/${w.M1}/webhooks/${w.webhook}`, ADMIN, 200),
  row(
    'POST',
    (w) => `/v1/marketplaces/${w.M1}/notifications/${w.adminNotification}/read`,
    ADMIN,
    200,
  ),
  row('GET', (w) => `/v1/sellers/${w.S1}/notifications`, SELLER, 200),
  row('POST', (w) => `/v1/sellers/${w.S1}/notifications/${w.sellerNotification}/read`, SELLER, 200),
  row('GET', (w) => `/v1/sellers/${w.S1}/spend/daily?from=2026-11-01&to=2026-11-30`, EITHER, 200),
  row(
    'POST',
    () => '/v1/spend-events',
    ['ingest'],
    202,
    (w) => ({
      events: [
        {
          eventId: 'matrix-1',
          sellerId: w.S1,
          campaignId: w.campaign,
          amountMicros: 1_000,
          occurredAt: new Date().toISOString(),
        },
      ],
    }),
  ),
];

/** Endpoints without an API key answer every caller the same. */
const OPEN_ROWS: Row[] = [
  row('GET', () => '/v1/openapi.json', [], 200),
  row('GET', () => '/v1/docs', [], 200),
  row(
    'POST',
    () => '/v1/invitations/accept',
    [],
    404,
    () => ({ token: 'inv_unknown' }),
  ),
  row(
    'POST',
    () => '/v1/stripe/webhooks',
    [],
    400,
    () => ({ id: 'evt_unsigned' }),
  ),
];

function expectedStatus(row: Row, caller: Caller): number {
  const { role, inScope } = CALLERS[caller];
  if (row.roles.length === 0) return row.ok;
  if (role === null) return 401;
  if (!row.roles.includes(role)) return 403;
  return inScope ? row.ok : 404;
}

const ERROR_CODES: Record<number, string> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
};

let stack: ApiStack;
let world: World;
const keys = {} as Record<Caller, string>;

async function marketplaceWithSeller(billing: SellerBillingClient) {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db);
  const adminKey = await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id });
  await clientFor(stack.api, adminKey)('POST', `/v1/marketplaces/${marketplace.id}/stripe/connect`);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id);
  await billing.start(marketplace.id, seller.id);
  const sellerKey = await keyFor(db, 'seller', {
    marketplaceId: marketplace.id,
    sellerId: seller.id,
  });
  return { marketplace, seller, campaign: campaigns[0]?.id as string, adminKey, sellerKey };
}

async function paymentOf(M: string, S: string, sequence: number, status: string) {
  return stack.database.db.payment.create({
    data: {
      marketplaceId: M,
      sellerId: S,
      idempotencyKey: `charge:${M}:${S}:${sequence}:1`,
      chargeSequence: sequence,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: 10_000n,
      currency: 'USD',
      status,
      gateway: 'simulated',
      cycleStartsAt: new Date('2026-11-01T00:00:00Z'),
      cycleEndsAt: new Date('2026-12-01T00:00:00Z'),
      receiptNumber: status === 'succeeded' ? sequence : null,
      actionClientSecret: status === 'requires_action' ? 'pi_sim_secret' : null,
    },
  });
}

async function notificationOf(M: string, S: string, recipientRole: string) {
  return stack.database.db.notification.create({
    data: {
      marketplaceId: M,
      sellerId: S,
      recipientRole,
      kind: 'payment_succeeded',
      subject: 'Payment received',
      body: 'A payment succeeded.',
      dedupeKey: `matrix:${S}:${recipientRole}`,
    },
  });
}

beforeAll(async () => {
  stack = await startApiStack();
  const { db } = stack.database;
  const { billing } = stack;

  const one = await marketplaceWithSeller(billing);
  const two = await marketplaceWithSeller(billing);
  const M1 = one.marketplace.id;
  const S1 = one.seller.id;
  const card = await db.paymentMethod.findFirstOrThrow({ where: { sellerId: S1 } });
  const otherCard = await db.paymentMethod.create({
    data: {
      sellerId: S1,
      gatewayPaymentMethodId: 'pm_card_mastercard',
      brand: 'mastercard',
      last4: '4444',
      expMonth: 12,
      expYear: 2034,
    },
  });
  Object.assign(keys, {
    platform: await keyFor(db, 'platform'),
    'admin M1': one.adminKey,
    'admin M2': two.adminKey,
    'seller S1': one.sellerKey,
    'seller S2': two.sellerKey,
    'ingest M1': await keyFor(db, 'ingest', { marketplaceId: M1 }),
    'no key': 'sk_unknown_key',
  });
  const sellerS1 = clientFor(stack.api, one.sellerKey);
  world = {
    M1,
    S1,
    campaign: one.campaign,
    card: card.id,
    otherCard: otherCard.id,
    receiptPayment: (await paymentOf(M1, S1, 1, 'succeeded')).id,
    actionPayment: (await paymentOf(M1, S1, 2, 'requires_action')).id,
    adminNotification: (await notificationOf(M1, S1, 'admin')).id,
    sellerNotification: (await notificationOf(M1, S1, 'seller')).id,
    webhook: (
      await db.marketplaceWebhookEndpoint.create({
        data: { marketplaceId: M1, url: 'https://hooks.market.example/a', secret: 'whsec_matrix' },
      })
    ).id,
    invitation: (
      await db.invitation.create({
        data: {
          marketplaceId: M1,
          email: 'pending@shop.example',
          mode: 'self_service',
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      })
    ).id,
    setupIntent: async () =>
      (await sellerS1('POST', `/v1/sellers/${S1}/payment-methods/setup-intent`)).body
        .setupIntentId as string,
  };
});

afterAll(() => stack?.stop());

const callers = Object.keys(CALLERS) as Caller[];
/** In-scope callers last: the success may change what the other calls would see. */
const inScopeLast = [...callers].sort(
  (a, b) => Number(CALLERS[a].inScope) - Number(CALLERS[b].inScope),
);

test.each([...ROWS, ...OPEN_ROWS].map((r) => [`${r.method} ${r.path(PATH_NAMES)}`, r] as const))(
  '%s',
  async (_name, endpoint) => {
    const answers: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const caller of inScopeLast) {
      const body = await endpoint.body?.(world);
      const answer = await clientFor(stack.api, keys[caller])(
        endpoint.method,
        endpoint.path(world),
        body,
      );
      answers[caller] = answer.status;
      expected[caller] = expectedStatus(endpoint, caller);
      const code = endpoint.roles.length ? ERROR_CODES[answer.status] : undefined;
      if (code) expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
    }
    expect(answers).toEqual(expected);
  },
);

test('the matrix covers every documented route', () => {
  const shape = (method: string, path: string) =>
    `${method.toUpperCase()} ${path.replace(/\?.*$/, '').replace(/:\w+/g, ':_')}`;
  const covered = [...ROWS, ...OPEN_ROWS].map((r) => shape(r.method, r.path(PATH_NAMES)));
  const documented = documentedRoutes.map((r) => shape(r.method, `/v1${r.path}`));
  expect(new Set(covered)).toEqual(
    new Set([...documented, 'GET /v1/openapi.json', 'GET /v1/docs']),
  );
});
