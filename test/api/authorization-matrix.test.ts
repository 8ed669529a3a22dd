// Who may call what: every endpoint × every kind of key, in and out of scope, each answer
// checked. The rule: no key (or an unknown one) → 401; a key of the wrong role → 403; the right
// role outside its scope → 404, so ids don't leak; the right role in scope → the endpoint's
// success status. Out of scope means another marketplace, and also — the commonest case — another
// seller of the same marketplace. A caller of the right role also tries its own marketplace or
// seller in the path with the other ids of the row (another seller's card, campaign, webhook...).
// Out-of-scope and wrong-role calls run before the in-scope one, so each row also shows they
// change nothing the success depends on.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../access/api-keys';
import { documentedRoutes } from '../../api/openapi/routes';
import { SellerBillingClient } from '../../temporal/seller-billing-client';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

/** Every row acts on marketplace M1 and its seller S1; S1b is another seller of M1, S2 is M2's. */
interface Caller {
  role: Role | null;
  marketplace?: 'M1' | 'M2';
  seller?: 'S1' | 'S1b' | 'S2';
}

const CALLERS = {
  platform: { role: 'platform' },
  'admin M1': { role: 'marketplace_admin', marketplace: 'M1' },
  'admin M2': { role: 'marketplace_admin', marketplace: 'M2' },
  'seller S1': { role: 'seller', marketplace: 'M1', seller: 'S1' },
  'seller S1b (same marketplace)': { role: 'seller', marketplace: 'M1', seller: 'S1b' },
  'seller S2': { role: 'seller', marketplace: 'M2', seller: 'S2' },
  'ingest M1': { role: 'ingest', marketplace: 'M1' },
  'ingest M2': { role: 'ingest', marketplace: 'M2' },
  'no key': { role: null },
} satisfies Record<string, Caller>;

type CallerName = keyof typeof CALLERS;

/** The scope rule, stated once: what a key of each role reaches of M1 and S1. */
function inScope(caller: Caller): boolean {
  switch (caller.role) {
    case 'platform':
      return true;
    case 'seller':
      return caller.seller === 'S1';
    case 'marketplace_admin':
    case 'ingest':
      return caller.marketplace === 'M1';
    default:
      return false;
  }
}

/** The path id a caller of the right role can put its own scope into: its seller, or marketplace. */
const ownPathKey = (caller: Caller) =>
  caller.role === 'seller' ? ('S1' as const) : ('M1' as const);

interface World {
  M1: string;
  M2: string;
  S1: string;
  S1b: string;
  S2: string;
  campaign: string;
  otherCard: string;
  card: string;
  receiptPayment: string;
  actionPayment: string;
  adminNotification: string;
  sellerNotification: string;
  webhook: string;
  invitation: string;
  reconciliation: string;
  setupIntent: () => Promise<string>;
  refundablePayment: string;
  credit: string;
  refund: string;
}

interface Answer {
  status: number;
  /** The body's expected shape; left out for successes, which the endpoint's own tests check. */
  body?: unknown;
}

interface Row {
  method: string;
  path: (w: World) => string;
  /** Roles the endpoint serves; empty for endpoints without an API key. */
  roles: Role[];
  ok: number;
  body?: (w: World) => unknown;
  /** What a caller of the right role outside the scope gets, when not a 404. */
  outOfScope?: Answer;
}

/** Placeholders naming each test after its route. */
const PATH_NAMES = new Proxy({} as World, { get: (_target, name) => `:${String(name)}` });

const row = (
  method: string,
  path: (w: World) => string,
  roles: Role[],
  ok: number,
  body?: Row['body'],
  outOfScope?: Answer,
): Row => ({ method, path, roles, ok, body, outOfScope });

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
  row('GET', (w) => `/v1/marketplaces/${w.M1}/exposure`, ADMIN, 200),
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
    'PUT',
    (w) => `/v1/sellers/${w.S1}/payment-methods/backup-charging`,
    SELLER,
    200,
    () => ({ enabled: false }),
  ),
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
  row('GET', (w) => `/v1/marketplaces/${w.M1}/payments.csv`, ADMIN, 200),
  row('GET', (w) => `/v1/sellers/${w.S1}/payments.csv`, EITHER, 200),
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
    (w) => `/v1/marketplaces/${w.M1}/portal-links`,
    ADMIN,
    201,
    (w) => ({ for: 'seller', sellerId: w.S1 }),
  ),
  row('POST', (w) => `/v1/sellers/${w.S1}/portal-links`, EITHER, 201),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/reconciliations`, ADMIN, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/reconciliations/${w.reconciliation}`, ADMIN, 200),
  row(
    'POST',
    (w) => `/v1/marketplaces/${w.M1}/reconciliations`,
    ADMIN,
    202,
    () => ({ day: '2026-01-15' }),
  ),
  row(
    'POST',
    (w) => `/v1/sellers/${w.S1}/credits`,
    ADMIN,
    201,
    () => ({ amountMinor: 1, reason: 'Invalid traffic' }),
  ),
  row('GET', (w) => `/v1/sellers/${w.S1}/credits`, EITHER, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/credits`, ADMIN, 200),
  row('GET', (w) => `/v1/credits/${w.credit}/credit-note.pdf`, EITHER, 200),
  row(
    'POST',
    (w) => `/v1/payments/${w.refundablePayment}/refunds`,
    ADMIN,
    201,
    () => ({ amountMinor: 1, reason: 'Invalid traffic' }),
  ),
  row('GET', (w) => `/v1/sellers/${w.S1}/refunds`, EITHER, 200),
  row('GET', (w) => `/v1/marketplaces/${w.M1}/refunds`, ADMIN, 200),
  row('GET', (w) => `/v1/refunds/${w.refund}/credit-note.pdf`, EITHER, 200),
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
    // Another marketplace's seller is no seller of this ingest key: the event is refused.
    {
      status: 202,
      body: {
        accepted: 0,
        duplicates: 0,
        rejected: [expect.objectContaining({ index: 0, code: 'unknown_campaign' })],
      },
    },
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

const notFoundAnswer: Answer = {
  status: 404,
  body: {
    error: { code: 'not_found', message: expect.any(String), requestId: expect.any(String) },
  },
};

function expectedAnswer(row: Row, caller: Caller): Answer {
  const error = (status: number, code: string) => ({
    status,
    body: { error: { code, message: expect.any(String), requestId: expect.any(String) } },
  });
  if (row.roles.length === 0) return { status: row.ok };
  if (caller.role === null) return error(401, 'unauthenticated');
  if (!row.roles.includes(caller.role)) return error(403, 'forbidden');
  if (!inScope(caller)) return row.outOfScope ?? notFoundAnswer;
  return { status: row.ok };
}

/**
 * The row's path with the caller's own marketplace or seller where the row has M1 or S1, when the
 * path still names something of M1's or S1's (a card, a campaign, a webhook, S1 under M2...).
 */
function pathWithOwnScope(row: Row, caller: Caller): ((w: World) => string) | null {
  const own = ownPathKey(caller);
  const ownId = own === 'S1' ? caller.seller : caller.marketplace;
  if (!ownId || !caller.role || !row.roles.includes(caller.role) || inScope(caller)) return null;
  const named = row.path(PATH_NAMES).match(/:\w+/g) ?? [];
  if (!named.some((name) => name !== `:${own}`)) return null;
  return (w) => row.path({ ...w, [own]: w[ownId] });
}

let stack: ApiStack;
let world: World;
const keys = {} as Record<CallerName, string>;

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
  const { seller: neighbour } = await createSelfServiceSeller(db, M1, { name: 'Neighbour' });
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
  const callerKeys: Record<CallerName, string> = {
    platform: await keyFor(db, 'platform'),
    'admin M1': one.adminKey,
    'admin M2': two.adminKey,
    'seller S1': one.sellerKey,
    'seller S1b (same marketplace)': await keyFor(db, 'seller', {
      marketplaceId: M1,
      sellerId: neighbour.id,
    }),
    'seller S2': two.sellerKey,
    'ingest M1': await keyFor(db, 'ingest', { marketplaceId: M1 }),
    'ingest M2': await keyFor(db, 'ingest', { marketplaceId: two.marketplace.id }),
    'no key': 'sk_unknown_key',
  };
  Object.assign(keys, callerKeys);
  const sellerS1 = clientFor(stack.api, one.sellerKey);
  world = {
    M1,
    M2: two.marketplace.id,
    S1,
    S1b: neighbour.id,
    S2: two.seller.id,
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
    reconciliation: (
      await db.reconciliationRun.create({
        data: {
          marketplaceId: M1,
          runKey: 'matrix-run',
          day: '2026-01-14',
          periodStartsAt: new Date('2026-01-14T00:00:00Z'),
          periodEndsAt: new Date('2026-01-15T00:00:00Z'),
          gateway: 'simulated',
          trigger: 'schedule',
          ourRecords: 0,
          gatewayRecords: 0,
          differenceCount: 0,
        },
      })
    ).id,
    setupIntent: async () =>
      (await sellerS1('POST', `/v1/sellers/${S1}/payment-methods/setup-intent`)).body
        .setupIntentId as string,
    ...(await creditsAndRefunds(M1, S1, one.campaign)),
  };
});

/** S1 has unbilled spend to credit, a payment to refund, and a credit and a refund with notes. */
async function creditsAndRefunds(M1: string, S1: string, campaign: string) {
  const { db } = stack.database;
  await stack.billing.signalSpend(M1, S1, {
    batchId: 'matrix-spend',
    totalMicros: 10_000_000,
    byCampaignMicros: { [campaign]: 10_000_000 },
  });
  await waitFor(async () => ((await stack.billing.state(M1, S1))?.unbilledMicros ?? 0) > 0);
  const refundable = await db.payment.update({
    where: { id: (await paymentOf(M1, S1, 3, 'succeeded')).id },
    data: { gatewayPaymentId: 'pi_sim_matrix' },
  });
  const credit = await db.credit.create({
    data: {
      marketplaceId: M1,
      sellerId: S1,
      billingCommandId: randomUUID(),
      requestedMinor: 1_00n,
      appliedMinor: 1_00n,
      currency: 'USD',
      reason: 'Invalid traffic',
      status: 'applied',
      creditNoteNumber: 1,
      appliedAt: new Date(),
    },
  });
  const refund = await db.refund.create({
    data: {
      marketplaceId: M1,
      sellerId: S1,
      paymentId: refundable.id,
      idempotencyKey: 'refund:matrix',
      amountMinor: 1_00n,
      currency: 'USD',
      reason: 'Invalid traffic',
      status: 'succeeded',
      gateway: 'simulated',
      gatewayRefundId: 're_sim_matrix',
      creditNoteNumber: 2,
    },
  });
  return { refundablePayment: refundable.id, credit: credit.id, refund: refund.id };
}

afterAll(() => stack?.stop());

const callers = Object.keys(CALLERS) as CallerName[];
/** In-scope callers last: the success may change what the other calls would see. */
const inScopeLast = [...callers].sort(
  (a, b) => Number(inScope(CALLERS[a])) - Number(inScope(CALLERS[b])),
);

test.each([...ROWS, ...OPEN_ROWS].map((r) => [`${r.method} ${r.path(PATH_NAMES)}`, r] as const))(
  '%s',
  async (_name, endpoint) => {
    const answers: Record<string, Answer> = {};
    const expected: Record<string, Answer> = {};
    const call = async (label: string, caller: CallerName, path: (w: World) => string) => {
      const body = await endpoint.body?.(world);
      const answer = await clientFor(stack.api, keys[caller])(endpoint.method, path(world), body);
      const want = expectedAnswer(endpoint, CALLERS[caller]);
      answers[label] = want.body === undefined ? { status: answer.status } : answer;
      expected[label] = want;
    };
    for (const caller of inScopeLast) {
      const ownScope = pathWithOwnScope(endpoint, CALLERS[caller]);
      if (ownScope) await call(`${caller}, own id in the path`, caller, ownScope);
      await call(caller, caller, endpoint.path);
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
