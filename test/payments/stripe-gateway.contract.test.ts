// Every call of the Stripe adapter against stripe-mock (which validates each request against
// Stripe's OpenAPI spec): what goes on the wire — path, pinned API version, Stripe-Account header
// for calls on the marketplace's connected account, Idempotency-Key on every write — and that
// the answers read back into the port's shapes.
import { TransientGatewayError, type OffSessionChargeRequest } from '../../payments/gateway';
import { STRIPE_API_VERSION, StripeGateway } from '../../payments/stripe-gateway';
import { startStripeMock, type RecordedRequest, type StripeMock } from '../support/stripe-mock';

let mock: StripeMock;
let gateway: StripeGateway;
const account = { connectedAccountId: 'acct_marketplace1' };

beforeAll(async () => {
  mock = await startStripeMock();
  gateway = new StripeGateway({
    secretKey: 'sk_test_contract',
    host: mock.host,
    port: mock.port,
    protocol: 'http',
  });
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(() => {
  mock.requests.length = 0;
});

function onlyRequest(): RecordedRequest {
  expect(mock.requests).toHaveLength(1);
  const request = mock.requests[0]!;
  expect(request.headers['stripe-version']).toBe(STRIPE_API_VERSION);
  return request;
}

test('Connect: creates the marketplace account on the platform with its idempotency key', async () => {
  const created = await gateway.createConnectedAccount({
    idempotencyKey: 'connect-account:mkt-1',
    email: 'admin@market.example',
    metadata: { marketplace_id: 'mkt-1' },
  });
  expect(created.accountId).toMatch(/^acct_/);
  expect(typeof created.chargesEnabled).toBe('boolean');
  const request = onlyRequest();
  expect(request).toMatchObject({ method: 'POST', path: '/v1/accounts' });
  expect(request.headers['idempotency-key']).toBe('connect-account:mkt-1');
  expect(request.headers['stripe-account']).toBeUndefined();
  expect(request.form.get('controller[stripe_dashboard][type]')).toBe('full');
  expect(request.form.get('metadata[marketplace_id]')).toBe('mkt-1');
});

test('Connect: an onboarding link carries the configured return and refresh addresses', async () => {
  const link = await gateway.createAccountLink({
    accountId: 'acct_marketplace1',
    returnUrl: 'https://admin.example/stripe/return',
    refreshUrl: 'https://admin.example/stripe/refresh',
  });
  expect(link.url).toMatch(/^https:\/\//);
  expect(link.expiresAt).toBeInstanceOf(Date);
  const request = onlyRequest();
  expect(request).toMatchObject({ method: 'POST', path: '/v1/account_links' });
  expect(Object.fromEntries(request.form)).toMatchObject({
    account: 'acct_marketplace1',
    type: 'account_onboarding',
    return_url: 'https://admin.example/stripe/return',
    refresh_url: 'https://admin.example/stripe/refresh',
  });
});

test('Connect: retrieving the account reads whether it can charge', async () => {
  const retrieved = await gateway.retrieveAccount('acct_marketplace1');
  expect(retrieved.accountId).toBe('acct_marketplace1');
  expect(typeof retrieved.chargesEnabled).toBe('boolean');
  expect(onlyRequest()).toMatchObject({ method: 'GET', path: '/v1/accounts/acct_marketplace1' });
});

test('cards: the Customer is created on the connected account', async () => {
  const { customerId } = await gateway.createCustomer({
    ...account,
    idempotencyKey: 'customer:seller-1',
    name: 'Acme',
    email: 'acme@example.com',
    metadata: { seller_id: 'seller-1' },
  });
  expect(customerId).toMatch(/^cus_/);
  const request = onlyRequest();
  expect(request).toMatchObject({ method: 'POST', path: '/v1/customers' });
  expect(request.headers['stripe-account']).toBe('acct_marketplace1');
  expect(request.headers['idempotency-key']).toBe('customer:seller-1');
  expect(request.form.get('metadata[seller_id]')).toBe('seller-1');
});

test('cards: a SetupIntent for off-session card use gives a client secret', async () => {
  const setupIntent = await gateway.createSetupIntent({
    ...account,
    idempotencyKey: 'setup-intent:seller-1:1',
    customerId: 'cus_1',
    metadata: { seller_id: 'seller-1' },
  });
  expect(setupIntent.setupIntentId).toMatch(/^seti_/);
  expect(setupIntent.clientSecret).toContain('_secret_');
  const request = onlyRequest();
  expect(request).toMatchObject({ method: 'POST', path: '/v1/setup_intents' });
  expect(request.headers['stripe-account']).toBe('acct_marketplace1');
  expect(request.headers['idempotency-key']).toBe('setup-intent:seller-1:1');
  expect(Object.fromEntries(request.form)).toMatchObject({
    customer: 'cus_1',
    usage: 'off_session',
    'allowed_payment_method_types[0]': 'card',
  });
});

test('cards: SetupIntent and PaymentMethod are read from the connected account', async () => {
  const setupIntent = await gateway.retrieveSetupIntent({ ...account, setupIntentId: 'seti_1' });
  expect(setupIntent?.setupIntentId).toBe('seti_1');
  expect(onlyRequest()).toMatchObject({ method: 'GET', path: '/v1/setup_intents/seti_1' });
  expect(mock.requests[0]!.headers['stripe-account']).toBe('acct_marketplace1');

  mock.requests.length = 0;
  const card = await gateway.retrievePaymentMethod({ ...account, paymentMethodId: 'pm_1' });
  expect(card).toMatchObject({ paymentMethodId: 'pm_1', brand: expect.any(String) as string });
  expect(card.last4).toMatch(/^\d{4}$/);
  expect(card.expYear).toBeGreaterThan(2000);
  expect(onlyRequest()).toMatchObject({ method: 'GET', path: '/v1/payment_methods/pm_1' });
  expect(mock.requests[0]!.headers['stripe-account']).toBe('acct_marketplace1');
});

test('cards: attach, make default and detach are keyed writes on the connected account', async () => {
  await gateway.attachPaymentMethod({
    ...account,
    idempotencyKey: 'attach:pm_1',
    paymentMethodId: 'pm_1',
    customerId: 'cus_1',
  });
  await gateway.setDefaultPaymentMethod({
    ...account,
    idempotencyKey: 'default:pm_1',
    customerId: 'cus_1',
    paymentMethodId: 'pm_1',
  });
  await gateway.detachPaymentMethod({
    ...account,
    idempotencyKey: 'detach:pm_1',
    paymentMethodId: 'pm_1',
  });
  expect(
    mock.requests.map((r) => [
      r.method,
      r.path,
      r.headers['idempotency-key'],
      r.headers['stripe-account'],
    ]),
  ).toEqual([
    ['POST', '/v1/payment_methods/pm_1/attach', 'attach:pm_1', 'acct_marketplace1'],
    ['POST', '/v1/customers/cus_1', 'default:pm_1', 'acct_marketplace1'],
    ['POST', '/v1/payment_methods/pm_1/detach', 'detach:pm_1', 'acct_marketplace1'],
  ]);
  expect(mock.requests[0]!.form.get('customer')).toBe('cus_1');
  expect(mock.requests[1]!.form.get('invoice_settings[default_payment_method]')).toBe('pm_1');
});

/** The charge the workflow asks for with `idempotencyKey`. */
function offSessionCharge(idempotencyKey: string): OffSessionChargeRequest {
  return {
    idempotencyKey,
    amountMinor: 10_512,
    currency: 'USD',
    customerId: 'cus_1',
    paymentMethodId: 'pm_1',
    connectedAccountId: 'acct_marketplace1',
    description: 'Advertising spend, Test Marketplace',
    metadata: {
      marketplace_id: 'mkt-1',
      seller_id: 'seller-1',
      charge_id: idempotencyKey,
      cycle_starts_at: '2026-11-01T00:00:00.000Z',
    },
  };
}

test("charges: an off-session direct charge confirms at once with the workflow's idempotency key", async () => {
  const result = await gateway.chargeOffSession(offSessionCharge('charge:mkt-1:seller-1:3:1'));
  // stripe-mock answers from a fixture (its PaymentIntent is `requires_payment_method`); what
  // matters is that Stripe accepted the request and the answer maps onto a port outcome.
  expect(result.gatewayPaymentId).toMatch(/^pi_/);
  const request = onlyRequest();
  expect(request).toMatchObject({ method: 'POST', path: '/v1/payment_intents' });
  expect(request.headers['idempotency-key']).toBe('charge:mkt-1:seller-1:3:1');
  expect(request.headers['stripe-account']).toBe('acct_marketplace1');
  expect(Object.fromEntries(request.form)).toMatchObject({
    amount: '10512',
    currency: 'usd',
    customer: 'cus_1',
    payment_method: 'pm_1',
    off_session: 'true',
    confirm: 'true',
    'metadata[marketplace_id]': 'mkt-1',
    'metadata[seller_id]': 'seller-1',
    'metadata[charge_id]': 'charge:mkt-1:seller-1:3:1',
    'metadata[cycle_starts_at]': '2026-11-01T00:00:00.000Z',
  });
});

test('charges: a charge waiting for authentication that a backup card paid is cancelled on the connected account, keyed', async () => {
  await gateway.cancelPendingCharge({
    ...account,
    idempotencyKey: 'charge:mkt-1:seller-1:3:1:cancel',
    gatewayPaymentId: 'pi_waiting',
  });
  const request = onlyRequest();
  expect(request).toMatchObject({ method: 'POST', path: '/v1/payment_intents/pi_waiting/cancel' });
  expect(request.headers['idempotency-key']).toBe('charge:mkt-1:seller-1:3:1:cancel');
  expect(request.headers['stripe-account']).toBe('acct_marketplace1');
  expect(request.form.get('cancellation_reason')).toBe('duplicate');
});

test('charges: without a connected account nothing is sent', async () => {
  await expect(
    gateway.chargeOffSession({
      idempotencyKey: 'k',
      amountMinor: 100,
      currency: 'USD',
      customerId: 'cus_1',
      paymentMethodId: 'pm_1',
      connectedAccountId: null,
      description: 'x',
      metadata: {},
    }),
  ).rejects.toThrow(/no connected Stripe account/);
  expect(mock.requests).toHaveLength(0);
});

test('charges: a 429 rate_limit is a transient failure, and the retry carries the same idempotency key', async () => {
  const key = 'charge:mkt-1:seller-1:4:1';
  mock.refuseNext({
    status: 429,
    error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' },
  });
  // The SDK does not retry a 429 itself: the charge activity fails retryably and Temporal
  // schedules it again with the workflow's key, after its backoff.
  await expect(gateway.chargeOffSession(offSessionCharge(key))).rejects.toThrow(
    TransientGatewayError,
  );
  const retried = await gateway.chargeOffSession(offSessionCharge(key));
  expect(retried.gatewayPaymentId).toMatch(/^pi_/);
  expect(mock.requests.map((r) => [r.path, r.headers['idempotency-key']])).toEqual([
    ['/v1/payment_intents', key],
    ['/v1/payment_intents', key],
  ]);
});

test('charges: a 409 lock_timeout is retried under the same idempotency key until Stripe answers', async () => {
  const key = 'charge:mkt-1:seller-1:5:1';
  const lockTimeout = {
    status: 409,
    error: { type: 'invalid_request_error', code: 'lock_timeout', message: 'Lock timeout' },
  };
  // The SDK retries a 409 twice itself; a third refusal fails the activity, which Temporal retries.
  mock.refuseNext(lockTimeout, lockTimeout, lockTimeout);
  await expect(gateway.chargeOffSession(offSessionCharge(key))).rejects.toThrow(
    TransientGatewayError,
  );
  const retried = await gateway.chargeOffSession(offSessionCharge(key));
  expect(retried.gatewayPaymentId).toMatch(/^pi_/);
  expect(mock.requests.map((r) => r.headers['idempotency-key'])).toEqual([key, key, key, key]);
});

const refundRequest = (idempotencyKey: string) => ({
  idempotencyKey,
  connectedAccountId: 'acct_marketplace1',
  gatewayPaymentId: 'pi_paid',
  amountMinor: 2_000,
  currency: 'USD',
  metadata: { marketplace_id: 'mkt-1', payment_id: 'pay-1', refund_id: 'ref-1' },
});

test('refunds: part of a payment is refunded on the connected account with the refund’s idempotency key', async () => {
  const result = await gateway.refundPayment(refundRequest('refund:mkt-1:ref-1'));
  // stripe-mock answers from its fixture refund (succeeded); the answer maps onto the port.
  expect(result).toMatchObject({
    status: 'succeeded',
    gatewayRefundId: expect.stringMatching(/^re_/),
  });
  const request = onlyRequest();
  expect(request).toMatchObject({ method: 'POST', path: '/v1/refunds' });
  expect(request.headers['idempotency-key']).toBe('refund:mkt-1:ref-1');
  expect(request.headers['stripe-account']).toBe('acct_marketplace1');
  expect(Object.fromEntries(request.form)).toEqual({
    payment_intent: 'pi_paid',
    amount: '2000',
    'metadata[marketplace_id]': 'mkt-1',
    'metadata[payment_id]': 'pay-1',
    'metadata[refund_id]': 'ref-1',
  });
});

test('refunds: without a connected account nothing is sent', async () => {
  await expect(
    gateway.refundPayment({ ...refundRequest('k'), connectedAccountId: null }),
  ).rejects.toThrow(/no connected Stripe account/);
  expect(mock.requests).toHaveLength(0);
});

test('refunds: a 429 is a transient failure, and the retry carries the same idempotency key', async () => {
  const key = 'refund:mkt-1:ref-2';
  mock.refuseNext({
    status: 429,
    error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' },
  });
  await expect(gateway.refundPayment(refundRequest(key))).rejects.toThrow(TransientGatewayError);
  await gateway.refundPayment(refundRequest(key));
  expect(mock.requests.map((r) => [r.path, r.headers['idempotency-key']])).toEqual([
    ['/v1/refunds', key],
    ['/v1/refunds', key],
  ]);
});

test('refunds: the reconciliation lists the refunds created in its range on the connected account', async () => {
  const fromMs = Date.parse('2026-11-19T22:00:00.500Z');
  const toMs = Date.parse('2026-11-21T00:00:00.500Z');
  const refunds = await gateway.listRefunds({ ...account, fromMs, toMs });
  // stripe-mock lists its fixture refund whatever the range; it maps onto the port's record.
  expect(refunds).toEqual([
    {
      gatewayRefundId: expect.stringMatching(/^re_/),
      amountMinor: expect.any(Number),
      currency: expect.stringMatching(/^[A-Z]{3}$/),
      status: expect.stringMatching(/^(succeeded|pending|failed)$/),
      createdAtMs: expect.any(Number),
    },
  ]);
  const request = onlyRequest();
  expect(request.method).toBe('GET');
  expect(request.path).toMatch(/^\/v1\/refunds\?/);
  expect(request.headers['stripe-account']).toBe('acct_marketplace1');
  const query = new URL(request.path, 'http://stripe.test').searchParams;
  // Whole seconds that still cover the range: its start rounded down, its end rounded up.
  expect(query.get('created[gte]')).toBe(String(Math.floor(fromMs / 1000)));
  expect(query.get('created[lt]')).toBe(String(Math.ceil(toMs / 1000)));
  expect(query.get('limit')).toBe('100');
});

test('refunds: with no connected account there are no refunds to list and nothing is sent', async () => {
  expect(await gateway.listRefunds({ connectedAccountId: null, fromMs: 0, toMs: 1 })).toEqual([]);
  expect(mock.requests).toHaveLength(0);
});
