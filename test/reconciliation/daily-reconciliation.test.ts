// R16: a day's reconciliation plants each kind of difference between our payments and refunds
// and the gateway's record of its charges and refunds (the simulated gateway's own tables;
// Stripe's through stripe-mock) and sees each one reported: stored with the run, in the API, and
// to the admin.
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../observability/logger';
import type { PaymentGateway } from '../../payments/gateway';
import { DatabaseChargeRecord } from '../../payments/simulated-charge-record';
import { SimulatedGateway } from '../../payments/simulated-gateway';
import { StripeGateway } from '../../payments/stripe-gateway';
import { reconcileDay } from '../../reconciliation/reconcile-day';
import { BILLING_TASK_QUEUE } from '../../workflows/ids';
import { marketplaceReconciliation } from '../../workflows/reconciliation';
import { clientFor, keyFor, startApi, type RunningApi } from '../support/api';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { useTemporalAndDatabase } from '../support/servers';
import { startStripeMock, type StripeMock } from '../support/stripe-mock';
import { createTestWorker } from '../support/temporal';
import { waitFor } from '../support/wait-for';

const servers = useTemporalAndDatabase();
const logger = createLogger('test-reconciliation');
let api: RunningApi;
let gateway: SimulatedGateway;

beforeAll(async () => {
  gateway = new SimulatedGateway({ record: new DatabaseChargeRecord(servers.database.db) });
  api = await startApi({ db: servers.database.db, billing: servers.billing, gateway });
});
afterAll(() => api?.close());

/** 20 November 2026 in Paris: 2026-11-19T23:00Z to 2026-11-20T23:00Z. */
const DAY = '2026-11-20';
const NOON = new Date('2026-11-20T11:00:00Z');

async function parisMarketplace() {
  const { db } = servers.database;
  const marketplace = await createMarketplace(db, { currency: 'EUR', timeZone: 'Europe/Paris' });
  const account = await connectStripe(db, marketplace.id);
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const adminKey = await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id });
  return { marketplace, seller, accountId: account.accountId, admin: clientFor(api, adminKey) };
}

/** A charge the gateway makes (and records) on the account. */
async function gatewayCharge(
  accountId: string,
  amountMinor: number,
  paymentMethodId = 'pm_card_visa',
): Promise<string> {
  const result = await gateway.chargeOffSession({
    idempotencyKey: `charge:${randomUUID()}`,
    amountMinor,
    currency: 'EUR',
    customerId: 'cus_sim_reconciliation',
    paymentMethodId,
    connectedAccountId: accountId,
    description: 'Advertising spend',
    metadata: {},
  });
  return result.gatewayPaymentId ?? '';
}

/** A payment row of ours, as the charge activity writes it, made at `createdAt`. */
function ourPayment(
  seller: { id: string; marketplaceId: string },
  fields: {
    gatewayPaymentId: string | null;
    amountMinor: number;
    status: string;
    gateway?: string;
    createdAt?: Date;
  },
) {
  const key = `charge:${randomUUID()}`;
  return servers.database.db.payment.create({
    data: {
      marketplaceId: seller.marketplaceId,
      sellerId: seller.id,
      idempotencyKey: key,
      chargeSequence: 1,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: BigInt(fields.amountMinor),
      currency: 'EUR',
      status: fields.status,
      gateway: fields.gateway ?? 'simulated',
      gatewayPaymentId: fields.gatewayPaymentId,
      cycleStartsAt: new Date('2026-11-01T00:00:00Z'),
      cycleEndsAt: new Date('2026-12-01T00:00:00Z'),
      createdAt: fields.createdAt ?? NOON,
    },
  });
}

/** Moves what the simulated gateway recorded for the account into the day under test. */
async function gatewayRecordedAtNoon(accountId: string) {
  const { db } = servers.database;
  await db.simulatedGatewayCharge.updateMany({ where: { accountId }, data: { createdAt: NOON } });
  await db.simulatedGatewayRefund.updateMany({ where: { accountId }, data: { createdAt: NOON } });
}

/** A refund the gateway makes (and records) on the account. */
async function gatewayRefund(accountId: string, amountMinor: number): Promise<string> {
  const result = await gateway.refundPayment({
    idempotencyKey: `refund:${randomUUID()}`,
    connectedAccountId: accountId,
    gatewayPaymentId: 'pi_sim_refunded',
    amountMinor,
    currency: 'EUR',
    metadata: {},
  });
  return result.gatewayRefundId ?? '';
}

/** A refund row of ours, of a payment of ours, as payments/refunds.ts writes it. */
async function ourRefund(
  seller: { id: string; marketplaceId: string },
  fields: {
    gatewayRefundId: string | null;
    amountMinor: number;
    status: string;
    gateway?: string;
    createdAt?: Date;
  },
) {
  const payment = await ourPayment(seller, {
    gatewayPaymentId: null,
    amountMinor: 10_000,
    status: 'failed',
    gateway: fields.gateway,
    createdAt: new Date('2026-11-02T11:00:00Z'),
  });
  return servers.database.db.refund.create({
    data: {
      marketplaceId: seller.marketplaceId,
      sellerId: seller.id,
      paymentId: payment.id,
      idempotencyKey: `refund:${randomUUID()}`,
      amountMinor: BigInt(fields.amountMinor),
      currency: 'EUR',
      reason: 'Duplicate charge',
      status: fields.status,
      gateway: fields.gateway ?? 'simulated',
      gatewayRefundId: fields.gatewayRefundId,
      createdAt: fields.createdAt ?? NOON,
    },
  });
}

test('each kind of difference is found, stored with its run, shown in the API and told to the admin', async () => {
  const { db } = servers.database;
  const { marketplace, seller, accountId, admin } = await parisMarketplace();
  const other = await parisMarketplace();

  const agreed = await gatewayCharge(accountId, 5_000);
  await ourPayment(seller, { gatewayPaymentId: agreed, amountMinor: 5_000, status: 'succeeded' });
  const onlyAtGateway = await gatewayCharge(accountId, 2_500);
  const amountDiffers = await gatewayCharge(accountId, 5_000);
  await ourPayment(seller, {
    gatewayPaymentId: amountDiffers,
    amountMinor: 4_000,
    status: 'succeeded',
  });
  const statusDiffers = await gatewayCharge(accountId, 7_000, 'pm_card_chargeDeclined');
  await ourPayment(seller, {
    gatewayPaymentId: statusDiffers,
    amountMinor: 7_000,
    status: 'succeeded',
  });
  const onlyOurs = await ourPayment(seller, {
    gatewayPaymentId: 'pi_sim_never_charged',
    amountMinor: 3_000,
    status: 'succeeded',
  });
  // Never reached the gateway (no card): nothing to compare.
  await ourPayment(seller, { gatewayPaymentId: null, amountMinor: 900, status: 'failed' });
  // Another marketplace's charge, on its own account: not this marketplace's difference.
  await gatewayCharge(other.accountId, 1_234);
  await gatewayRecordedAtNoon(accountId);
  await gatewayRecordedAtNoon(other.accountId);

  const worker = await createTestWorker(servers.env, { db, gateway, logger });
  const summary = await worker.runUntil(() =>
    servers.env.client.workflow.execute(marketplaceReconciliation, {
      workflowId: `reconciliation-test:${marketplace.id}`,
      taskQueue: BILLING_TASK_QUEUE,
      args: [{ marketplaceId: marketplace.id, day: DAY, trigger: 'on_demand' }],
    }),
  );
  expect(summary).toEqual({ runId: expect.any(String), day: DAY, differenceCount: 4 });

  const expectedDifferences = [
    {
      kind: 'amount_mismatch',
      gatewayId: amountDiffers,
      ourAmountMinor: 4_000,
      gatewayAmountMinor: 5_000,
      ourStatus: 'succeeded',
      gatewayStatus: 'succeeded',
    },
    {
      kind: 'status_mismatch',
      gatewayId: statusDiffers,
      ourAmountMinor: 7_000,
      gatewayAmountMinor: 7_000,
      ourStatus: 'succeeded',
      gatewayStatus: 'failed',
    },
    {
      kind: 'missing_at_gateway',
      gatewayId: 'pi_sim_never_charged',
      ourRecordId: onlyOurs.id,
      sellerId: seller.id,
      ourAmountMinor: 3_000,
      gatewayAmountMinor: null,
    },
    {
      kind: 'missing_in_database',
      gatewayId: onlyAtGateway,
      ourRecordId: null,
      ourAmountMinor: null,
      gatewayAmountMinor: 2_500,
      gatewayStatus: 'succeeded',
    },
  ];
  const list = await admin('GET', `/v1/marketplaces/${marketplace.id}/reconciliations`);
  expect(list.status).toBe(200);
  expect(list.body.reconciliations).toEqual([
    expect.objectContaining({
      id: summary.runId,
      day: DAY,
      periodStartsAt: '2026-11-19T23:00:00.000Z',
      periodEndsAt: '2026-11-20T23:00:00.000Z',
      gateway: 'simulated',
      trigger: 'on_demand',
      ourRecords: 4,
      gatewayRecords: 4,
      differenceCount: 4,
    }),
  ]);
  const run = await admin(
    'GET',
    `/v1/marketplaces/${marketplace.id}/reconciliations/${summary.runId}`,
  );
  expect(run.status).toBe(200);
  expect(run.body.differences).toHaveLength(4);
  expect(run.body.differences).toEqual(
    expect.arrayContaining(
      expectedDifferences.map((difference): unknown =>
        expect.objectContaining({ ...difference, recordKind: 'charge', currency: 'EUR' }),
      ),
    ),
  );
  // Nothing is corrected: our payments are as they were.
  expect(await db.payment.count({ where: { marketplaceId: marketplace.id } })).toBe(5);
  expect(await db.payment.findUniqueOrThrow({ where: { id: onlyOurs.id } })).toMatchObject({
    status: 'succeeded',
    amountMinor: 3_000n,
  });

  const notifications = await db.notification.findMany({
    where: { marketplaceId: marketplace.id, kind: 'reconciliation_differences' },
  });
  expect(notifications).toHaveLength(1);
  const [notification] = notifications;
  expect(notification).toMatchObject({ recipientRole: 'admin', emailTo: null, emailSentAt: null });
  expect(notification?.subject).toContain(`Reconciliation of ${DAY}: 4 difference(s)`);
  for (const id of [amountDiffers, statusDiffers, 'pi_sim_never_charged', onlyAtGateway]) {
    expect(notification?.body).toContain(id);
  }
  expect(notification?.body).toContain(`/portal/marketplaces/${marketplace.id}/reconciliations/`);

  // The other marketplace's day differs only by its own charge, never by this one's.
  const otherRun = await reconcileDay(
    { db, gateway, logger },
    {
      marketplaceId: other.marketplace.id,
      day: DAY,
      trigger: 'on_demand',
      runKey: randomUUID(),
      asOfMs: Date.now(),
    },
  );
  expect(otherRun.differenceCount).toBe(1);
});

test('each kind of refund difference is found, stored with its run and told to the admin', async () => {
  const { db } = servers.database;
  const { marketplace, seller, accountId, admin } = await parisMarketplace();
  const other = await parisMarketplace();

  const agreed = await gatewayRefund(accountId, 1_000);
  await ourRefund(seller, { gatewayRefundId: agreed, amountMinor: 1_000, status: 'succeeded' });
  const onlyAtGateway = await gatewayRefund(accountId, 600);
  const amountDiffers = await gatewayRefund(accountId, 2_000);
  await ourRefund(seller, {
    gatewayRefundId: amountDiffers,
    amountMinor: 1_500,
    status: 'succeeded',
  });
  // Ours still waits for the bank (processing) while the gateway says it succeeded.
  const statusDiffers = await gatewayRefund(accountId, 700);
  await ourRefund(seller, {
    gatewayRefundId: statusDiffers,
    amountMinor: 700,
    status: 'processing',
  });
  const onlyOurs = await ourRefund(seller, {
    gatewayRefundId: 're_sim_never_refunded',
    amountMinor: 300,
    status: 'succeeded',
  });
  // Refused before the gateway gave it an id: nothing to compare.
  await ourRefund(seller, { gatewayRefundId: null, amountMinor: 900, status: 'failed' });
  // Another marketplace's refund, on its own account: not this marketplace's difference.
  await gatewayRefund(other.accountId, 1_234);
  await gatewayRecordedAtNoon(accountId);
  await gatewayRecordedAtNoon(other.accountId);

  const summary = await reconcileDay(
    { db, gateway, logger },
    {
      marketplaceId: marketplace.id,
      day: DAY,
      trigger: 'on_demand',
      runKey: randomUUID(),
      asOfMs: Date.now(),
    },
  );
  expect(summary).toEqual({ runId: expect.any(String), day: DAY, differenceCount: 4 });

  const run = await admin(
    'GET',
    `/v1/marketplaces/${marketplace.id}/reconciliations/${summary.runId}`,
  );
  expect(run.status).toBe(200);
  expect(run.body.reconciliation).toMatchObject({
    ourRecords: 4,
    gatewayRecords: 4,
    differenceCount: 4,
  });
  expect(run.body.differences).toHaveLength(4);
  expect(run.body.differences).toEqual(
    expect.arrayContaining(
      [
        {
          kind: 'amount_mismatch',
          gatewayId: amountDiffers,
          ourAmountMinor: 1_500,
          gatewayAmountMinor: 2_000,
          ourStatus: 'succeeded',
          gatewayStatus: 'succeeded',
        },
        {
          kind: 'status_mismatch',
          gatewayId: statusDiffers,
          ourAmountMinor: 700,
          gatewayAmountMinor: 700,
          ourStatus: 'pending',
          gatewayStatus: 'succeeded',
        },
        {
          kind: 'missing_at_gateway',
          gatewayId: 're_sim_never_refunded',
          ourRecordId: onlyOurs.id,
          sellerId: seller.id,
          ourAmountMinor: 300,
          gatewayAmountMinor: null,
        },
        {
          kind: 'missing_in_database',
          gatewayId: onlyAtGateway,
          ourRecordId: null,
          ourAmountMinor: null,
          gatewayAmountMinor: 600,
          gatewayStatus: 'succeeded',
        },
      ].map((difference): unknown =>
        expect.objectContaining({ ...difference, recordKind: 'refund', currency: 'EUR' }),
      ),
    ),
  );
  // Nothing is corrected: our refunds are as they were.
  expect(await db.refund.findUniqueOrThrow({ where: { id: onlyOurs.id } })).toMatchObject({
    status: 'succeeded',
    amountMinor: 300n,
  });
  const notification = await db.notification.findFirstOrThrow({
    where: { marketplaceId: marketplace.id, kind: 'reconciliation_differences' },
  });
  for (const id of [amountDiffers, statusDiffers, 're_sim_never_refunded', onlyAtGateway]) {
    expect(notification.body).toContain(id);
  }
});

test('a day that agrees is recorded without a notification, and a retried run is written once', async () => {
  const { db } = servers.database;
  const { marketplace, seller, accountId } = await parisMarketplace();
  const charged = await gatewayCharge(accountId, 12_345);
  await ourPayment(seller, { gatewayPaymentId: charged, amountMinor: 12_345, status: 'succeeded' });
  const declined = await gatewayCharge(accountId, 800, 'pm_card_chargeDeclined');
  await ourPayment(seller, { gatewayPaymentId: declined, amountMinor: 800, status: 'failed' });
  await gatewayRecordedAtNoon(accountId);

  const request = {
    marketplaceId: marketplace.id,
    day: null,
    trigger: 'schedule' as const,
    runKey: `reconciliation:${marketplace.id}/run-1`,
    // The schedule's run on the next morning: the day before is the one under test.
    asOfMs: Date.parse('2026-11-21T01:00:00Z'),
  };
  const first = await reconcileDay({ db, gateway, logger }, request);
  const again = await reconcileDay({ db, gateway, logger }, request);
  expect(first).toEqual({ runId: expect.any(String), day: DAY, differenceCount: 0 });
  expect(again).toEqual(first);
  expect(await db.reconciliationRun.count({ where: { marketplaceId: marketplace.id } })).toBe(1);
  expect(
    await db.notification.count({
      where: { marketplaceId: marketplace.id, kind: 'reconciliation_differences' },
    }),
  ).toBe(0);
});

test('on demand through the API: a past day runs, a day not over yet is refused', async () => {
  const { db } = servers.database;
  const { marketplace, admin } = await parisMarketplace();
  const path = `/v1/marketplaces/${marketplace.id}/reconciliations`;
  const tomorrow = new Date(Date.now() + 36 * 60 * 60 * 1000).toISOString().slice(0, 10);
  expect(await admin('POST', path, { day: tomorrow })).toEqual({
    status: 400,
    body: {
      error: expect.objectContaining({ code: 'day_not_over', field: 'day' }),
    },
  });
  expect((await admin('POST', path, { day: '2026-02-30' })).status).toBe(400);

  const worker = await createTestWorker(servers.env, { db, gateway, logger });
  await worker.runUntil(async () => {
    const started = await admin('POST', path, { day: DAY });
    expect(started).toEqual({ status: 202, body: { workflowId: expect.any(String) } });
    await waitFor(
      async () =>
        (await db.reconciliationRun.count({ where: { marketplaceId: marketplace.id } })) === 1,
    );
  });
  const { body } = await admin('GET', path);
  expect(body.reconciliations).toEqual([
    expect.objectContaining({ day: DAY, trigger: 'on_demand', differenceCount: 0 }),
  ]);
});

describe('with Stripe (stripe-mock)', () => {
  let mock: StripeMock;
  let stripe: PaymentGateway;
  beforeAll(async () => {
    mock = await startStripeMock();
    stripe = new StripeGateway({
      secretKey: 'sk_test_reconciliation',
      host: mock.host,
      port: mock.port,
      protocol: 'http',
    });
  });
  afterAll(() => mock?.stop());

  test('charges and refunds listed on the connected account for the day are compared with ours', async () => {
    const { db } = servers.database;
    const marketplace = await createMarketplace(db, { currency: 'USD', timeZone: 'UTC' });
    await connectStripe(db, marketplace.id, { accountId: 'acct_reconciliation' });
    const { seller } = await createSelfServiceSeller(db, marketplace.id);
    // stripe-mock is stateless: whatever the range, it lists its one canned charge.
    const [canned] = await stripe.listCharges({
      connectedAccountId: 'acct_reconciliation',
      fromMs: 0,
      toMs: Date.now(),
    });
    if (!canned) throw new Error('stripe-mock listed no charge');
    const cannedAt = new Date(canned.createdAtMs);
    const day = cannedAt.toISOString().slice(0, 10);
    await ourPayment(seller, {
      gateway: 'stripe',
      gatewayPaymentId: canned.gatewayPaymentId,
      amountMinor: canned.amountMinor + 1,
      status: canned.status === 'succeeded' ? 'succeeded' : 'failed',
      createdAt: cannedAt,
    });
    await ourPayment(seller, {
      gateway: 'stripe',
      gatewayPaymentId: 'pi_not_at_stripe',
      amountMinor: 500,
      status: 'succeeded',
      createdAt: cannedAt,
    });
    const [cannedRefund] = await stripe.listRefunds({
      connectedAccountId: 'acct_reconciliation',
      fromMs: 0,
      toMs: Date.now(),
    });
    if (!cannedRefund) throw new Error('stripe-mock listed no refund');
    await ourRefund(seller, {
      gateway: 'stripe',
      gatewayRefundId: cannedRefund.gatewayRefundId,
      amountMinor: cannedRefund.amountMinor + 1,
      status: cannedRefund.status === 'pending' ? 'processing' : cannedRefund.status,
      createdAt: new Date(cannedRefund.createdAtMs),
    });
    mock.requests.length = 0;

    const run = await reconcileDay(
      { db, gateway: stripe, logger },
      {
        marketplaceId: marketplace.id,
        day,
        trigger: 'on_demand',
        runKey: randomUUID(),
        asOfMs: Date.now(),
      },
    );

    const differences = await db.reconciliationDifference.findMany({
      where: { runId: run.runId },
      orderBy: [{ kind: 'asc' }, { recordKind: 'asc' }],
    });
    expect(differences.map((d) => [d.kind, d.recordKind, d.gatewayId])).toEqual([
      ['amount_mismatch', 'charge', canned.gatewayPaymentId],
      ['amount_mismatch', 'refund', cannedRefund.gatewayRefundId],
      ['missing_at_gateway', 'charge', 'pi_not_at_stripe'],
    ]);
    const dayStart = Date.parse(`${day}T00:00:00Z`) / 1000;
    const requests = [...mock.requests].sort((a, b) => a.path.localeCompare(b.path));
    expect(requests.map((request) => request.path.split('?')[0])).toEqual([
      '/v1/charges',
      '/v1/refunds',
    ]);
    for (const request of requests) {
      const query = new URL(request.path, 'http://stripe.test').searchParams;
      expect(request).toMatchObject({ method: 'GET' });
      expect(request.headers['stripe-account']).toBe('acct_reconciliation');
      expect(query.get('created[gte]')).toBe(String(dayStart - 3600));
      expect(query.get('created[lt]')).toBe(String(dayStart + 86_400 + 3600));
    }
  });
});
