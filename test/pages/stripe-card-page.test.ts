// Add a card in Stripe mode: the page loads Stripe.js with the publishable key and the
// marketplace's connected account, holds the SetupIntent made for the seller, never a field for a
// card number, and only this page's policy lets Stripe's script and frames in. Without a
// publishable key the page says card entry is not configured and loads nothing.
import { StripeGateway } from '../../payments/stripe-gateway';
import { keyFor, startApi, clientFor, useDatabaseAndApi, type RunningApi } from '../support/api';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { startStripeMock, type StripeMock } from '../support/stripe-mock';

const context = useDatabaseAndApi();
let mock: StripeMock;
beforeAll(async () => {
  mock = await startStripeMock();
});
afterAll(() => mock?.stop());

async function stripeApi(publishableKey?: string): Promise<RunningApi> {
  return startApi({
    db: context.database.db,
    gateway: new StripeGateway({
      secretKey: 'sk_test_pages',
      host: mock.host,
      port: mock.port,
      protocol: 'http',
    }),
    portal: { stripePublishableKey: publishableKey },
  });
}

/** The add-card page of a fresh seller on a marketplace connected as `acct_pages_…`. */
async function addCardPage(api: RunningApi) {
  const { db } = context.database;
  const marketplace = await createMarketplace(db, { currency: 'EUR' });
  const accountId = `acct_pages_${marketplace.id.slice(0, 8)}`;
  await connectStripe(db, marketplace.id, { accountId });
  const { seller } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: null,
    campaigns: 0,
  });
  const key = await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id });
  const link = await clientFor(api, key)('POST', `/v1/sellers/${seller.id}/portal-links`);
  const entered = await fetch(link.body.url, { redirect: 'manual' });
  const cookie = entered.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const response = await fetch(`${api.url}/portal/sellers/${seller.id}/cards/new`, {
    headers: { cookie },
  });
  return { accountId, response, html: await response.text() };
}

test('in Stripe mode the card page loads Stripe.js on the connected account, with no card field', async () => {
  const api = await stripeApi('pk_test_pages');
  try {
    const { accountId, response, html } = await addCardPage(api);
    expect(response.status).toBe(200);
    expect(html).toContain('<script src="https://js.stripe.com/v3/"></script>');
    expect(html).toContain('<script src="/portal/assets/stripe-card.js" defer></script>');
    expect(html).toContain('data-publishable-key="pk_test_pages"');
    expect(html).toContain(`data-stripe-account="${accountId}"`);
    expect(html).toMatch(/data-client-secret="seti_\w+"/);
    expect(html).toMatch(/name="setupIntentId" value="seti_\w+"/);
    expect(html).not.toMatch(/name="card"|cc-number|inputmode="numeric"|Simulated/i);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' https://js.stripe.com");
    expect(csp).toContain('frame-src https://js.stripe.com');
    expect(csp).not.toContain('unsafe');
  } finally {
    await api.close();
  }
});

test('in Stripe mode without a publishable key the page says so and loads no script', async () => {
  const api = await stripeApi(undefined);
  try {
    const { response, html } = await addCardPage(api);
    expect(response.status).toBe(200);
    expect(html).toContain('Card entry is not configured on this server');
    expect(html).not.toMatch(/<script|name="card"/);
    expect(response.headers.get('content-security-policy')).not.toContain('stripe');
  } finally {
    await api.close();
  }
});
