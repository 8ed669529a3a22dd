// Authenticate a payment in Stripe mode: the page loads Stripe.js on the marketplace's connected
// account with the PaymentIntent's client secret (Stripe.js runs the bank's check), under the
// Stripe policy; posting it afterwards does not settle the charge (Stripe's webhook does).
// Without a publishable key the page loads nothing.
import { StripeGateway } from '../../payments/stripe-gateway';
import { keyFor, startApi, clientFor, useDatabaseAndApi, type RunningApi } from '../support/api';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';

const context = useDatabaseAndApi();

async function stripeApi(publishableKey?: string): Promise<RunningApi> {
  return startApi({
    db: context.database.db,
    // No call reaches Stripe on these pages: an unreachable host proves it.
    gateway: new StripeGateway({
      secretKey: 'sk_test_pages',
      host: '127.0.0.1',
      port: 9,
      protocol: 'http',
    }),
    portal: { stripePublishableKey: publishableKey },
  });
}

/** A seller signed in, with a payment waiting for 3-D Secure on `acct_auth_…`. */
async function waitingPayment(api: RunningApi) {
  const { db } = context.database;
  const marketplace = await createMarketplace(db, { currency: 'EUR' });
  const accountId = `acct_auth_${marketplace.id.slice(0, 8)}`;
  await connectStripe(db, marketplace.id, { accountId });
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const payment = await db.payment.create({
    data: {
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      idempotencyKey: `auth:${seller.id}`,
      chargeSequence: 1,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: 12_000n,
      currency: 'EUR',
      status: 'requires_action',
      gateway: 'stripe',
      gatewayPaymentId: 'pi_auth_1',
      actionClientSecret: 'pi_auth_1_secret_abc',
      failureCode: 'authentication_required',
      cycleStartsAt: new Date('2026-11-01T00:00:00Z'),
      cycleEndsAt: new Date('2026-12-01T00:00:00Z'),
    },
  });
  const key = await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id });
  const link = await clientFor(api, key)('POST', `/v1/sellers/${seller.id}/portal-links`);
  const entered = await fetch(link.body.url, { redirect: 'manual' });
  const cookie = entered.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const url = `${api.url}/portal/sellers/${seller.id}/payments/${payment.id}/authenticate`;
  const response = await fetch(url, { headers: { cookie } });
  return { accountId, payment, url, cookie, response, html: await response.text() };
}

test('in Stripe mode the page hands the client secret to Stripe.js on the connected account', async () => {
  const api = await stripeApi('pk_test_pages');
  try {
    const { accountId, payment, url, cookie, response, html } = await waitingPayment(api);
    expect(response.status).toBe(200);
    expect(html).toContain('<script src="https://js.stripe.com/v3/"></script>');
    expect(html).toContain('<script src="/portal/assets/stripe-authenticate.js" defer></script>');
    expect(html).toContain('data-publishable-key="pk_test_pages"');
    expect(html).toContain(`data-stripe-account="${accountId}"`);
    expect(html).toContain('data-client-secret="pi_auth_1_secret_abc"');
    expect(html).not.toMatch(/Simulated|Confirm the payment/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' https://js.stripe.com");
    expect(csp).not.toContain('unsafe');
    const script = await fetch(`${api.url}/portal/assets/stripe-authenticate.js`);
    expect(await script.text()).toContain('confirmCardPayment(form.dataset.clientSecret)');

    // The form's POST after Stripe.js: the charge stays as it is until Stripe's webhook.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const posted = await fetch(url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf)}`,
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/\/payments\?done=payment_authenticating$/);
    const after = await context.database.db.payment.findUniqueOrThrow({
      where: { id: payment.id },
    });
    expect(after.status).toBe('requires_action');
  } finally {
    await api.close();
  }
});

test('in Stripe mode without a publishable key the page loads no script', async () => {
  const api = await stripeApi(undefined);
  try {
    const { response, html } = await waitingPayment(api);
    expect(response.status).toBe(200);
    expect(html).toContain('Card payments are not set up here yet');
    expect(html).not.toMatch(/<script|data-client-secret/);
    expect(response.headers.get('content-security-policy')).not.toContain('stripe');
  } finally {
    await api.close();
  }
});
