// The admin's Payments tab beyond the seller list, in a real browser (Debian's Chromium) against
// the real stack: Stripe onboarding with the return and refresh pages Stripe sends the admin to;
// invitations (invite, revoke, each accepted seller's outcome); a seller's limit override that
// waits for the next cycle; the notification feed; webhook endpoints and their deliveries; the
// French pages; scope and anti-forgery; axe-core on every page, each screenshot kept.
import type { Page } from 'playwright-core';
import { createNotificationActivities } from '../../activities/notifications';
import { createLogger } from '../../observability/logger';
import { en } from '../../pages/i18n/en';
import { INVITATIONS_PER_PAGE } from '../../pages/admin/invitation-routes';
import { NOTIFICATIONS_PER_PAGE } from '../../pages/notifications/routes';
import type { BillingEvent } from '../../workflows/activity-contracts';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { heading, recordAxe, shown, useBrowser, type AxeCounts } from '../support/browser';
import {
  connectStripe,
  createManagedSeller,
  createMarketplace,
  createSelfServiceSeller,
} from '../support/fixtures';
import { checkPage, englishLeftOn, newPage as openPage, plain } from '../support/page-checks';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack({ connectToPortal: true });
});
afterAll(() => stack?.stop());
const chromium = useBrowser();

const axeCounts: Record<string, AxeCounts> = {};
afterAll(() => recordAxe(axeCounts));

async function newMarketplace(options: { connected?: boolean; paymentsEnabled?: boolean } = {}) {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, {
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    defaultCreditLimitMinor: 10_000,
  });
  if (options.paymentsEnabled === false) {
    await db.marketplace.update({
      where: { id: marketplace.id },
      data: { paymentsEnabled: false, selfServiceEnabled: false },
    });
  }
  if (options.connected ?? true) await connectStripe(db, marketplace.id);
  const adminKey = await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id });
  const admin = clientFor(stack.api, adminKey);
  /** A portal link for the marketplace's admin, asked for with its admin key. */
  const link = async () => {
    const answer = await admin('POST', `/v1/marketplaces/${marketplace.id}/portal-links`, {
      for: 'admin',
    });
    expect(answer.status).toBe(201);
    return answer.body.url as string;
  };
  return { marketplace, admin, link, base: `/portal/marketplaces/${marketplace.id}` };
}

const newPage = (locale?: string) => openPage(chromium.browser, locale);
const check = (page: Page, name: string) => checkPage(page, name, axeCounts);

const path = (page: Page) => new URL(page.url()).pathname;

test('Connect now: Stripe’s onboarding returns to the portal, which reads the status afresh', async () => {
  const { marketplace, link, base } = await newMarketplace({ connected: false });
  const { db } = stack.database;
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Stripe', exact: true }).click();
    await heading(page, 'Stripe');
    expect(await page.locator('#stripe-status').innerText()).toBe('Not connected');
    await check(page, 'admin-stripe-not-connected');
    // Its form may lead on to Stripe's onboarding, and nothing else of Stripe's is allowed.
    const csp = (await page.reload())?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("form-action 'self' https://connect.stripe.com");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('js.stripe.com');

    // The simulated gateway's onboarding completes at once and sends the admin to return_url.
    await page.getByRole('button', { name: 'Connect now' }).click();
    expect(
      await shown(page, '[role=status]', 'Back from Stripe: the connection status is up to date.'),
    ).toBe('Back from Stripe: the connection status is up to date.');
    expect(path(page)).toBe(`${base}/stripe`);
    const connection = await db.stripeConnection.findUniqueOrThrow({
      where: { marketplaceId: marketplace.id },
    });
    expect(await page.locator('#stripe-status').innerText()).toBe(
      'Connected: card payments can be taken',
    );
    await shown(page, 'main', connection.accountId);
    expect(await page.getByRole('button', { name: 'Connect now' }).count()).toBe(0);
    await check(page, 'admin-stripe-connected');

    // Stripe's return page reads the account again (the status stored meanwhile is stale).
    await db.stripeConnection.update({
      where: { marketplaceId: marketplace.id },
      data: { chargesEnabled: false, detailsSubmitted: false },
    });
    await page.reload();
    expect(await page.locator('#stripe-status').innerText()).toBe('Onboarding not finished');
    const returned = await page.goto(`${stack.api.url}/portal/stripe/return`);
    expect(returned?.status()).toBe(200);
    expect(path(page)).toBe(`${base}/stripe`);
    expect(await page.locator('#stripe-status').innerText()).toBe(
      'Connected: card payments can be taken',
    );

    // Stripe's refresh page (an expired onboarding link) starts onboarding again, for the same
    // account, and comes back through the return page.
    await db.stripeConnection.update({
      where: { marketplaceId: marketplace.id },
      data: { chargesEnabled: false },
    });
    await page.goto(`${stack.api.url}/portal/stripe/refresh`);
    await shown(page, '[role=status]', 'Back from Stripe');
    expect(path(page)).toBe(`${base}/stripe`);
    expect(await page.locator('#stripe-status').innerText()).toBe(
      'Connected: card payments can be taken',
    );
    expect(await db.stripeConnection.count({ where: { marketplaceId: marketplace.id } })).toBe(1);
  } finally {
    await context.close();
  }
});

test('Connect now before the platform enabled Payments is refused with the reason', async () => {
  const { link } = await newMarketplace({ connected: false, paymentsEnabled: false });
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Stripe', exact: true }).click();
    await shown(page, '.hint', 'The platform has not enabled Payments for this marketplace yet');
    await page.getByRole('button', { name: 'Connect now' }).click();
    await shown(page, '[role=alert]', en['refusal.payments_not_enabled']);
    expect(await page.locator('#stripe-status').innerText()).toBe('Not connected');
    await check(page, 'admin-stripe-refused');
  } finally {
    await context.close();
  }
});

test('the return and refresh pages are the admin’s only: a seller finds nothing, no session is told how to come back', async () => {
  const { marketplace } = await newMarketplace();
  const { db } = stack.database;
  const { seller } = await createSelfServiceSeller(db, marketplace.id, { paymentMethodId: null });
  const sellerKey = await keyFor(db, 'seller', {
    marketplaceId: marketplace.id,
    sellerId: seller.id,
  });
  const sellerLink = await clientFor(stack.api, sellerKey)(
    'POST',
    `/v1/sellers/${seller.id}/portal-links`,
  );
  const { context, page } = await newPage();
  try {
    for (const where of ['return', 'refresh']) {
      const anonymous = await page.goto(`${stack.api.url}/portal/stripe/${where}`);
      expect([where, anonymous?.status()]).toEqual([where, 401]);
      await heading(page, 'Your session has ended');
    }
    await page.goto(sellerLink.body.url as string);
    await heading(page, 'Manage payments');
    for (const where of ['return', 'refresh']) {
      const asSeller = await page.goto(`${stack.api.url}/portal/stripe/${where}`);
      expect([where, asSeller?.status()]).toEqual([where, 404]);
    }
  } finally {
    await context.close();
  }
});

test('invitations: invite, refuse a bad address, revoke, and each accepted seller’s outcome', async () => {
  const { marketplace, admin, link, base } = await newMarketplace();
  const { db } = stack.database;
  // Two accepted invitations: a new seller (self-service), and one already selling with a
  // campaign (stays managed, with the reason).
  const { seller: managed } = await createManagedSeller(db, marketplace.id);
  for (const email of ['newcomer@shop.example', managed.email]) {
    const invited = await admin('POST', `/v1/marketplaces/${marketplace.id}/invitations`, {
      email,
    });
    expect(invited.status).toBe(201);
    const accepted = await clientFor(stack.api, '')('POST', '/v1/invitations/accept', {
      token: invited.body.token,
    });
    expect(accepted.status).toBeLessThan(300);
  }
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Invitations' }).click();
    await heading(page, 'Invitations');
    await shown(page, '#invitation-mode', 'Invited sellers become: Pay by card (self-service).');
    await shown(page, '#invitation-mode', en['settings.invitationModeWhen']);

    const outcome = async (email: string) =>
      plain(await page.locator('tbody tr', { hasText: email }).innerText());
    expect(await outcome('newcomer@shop.example')).toMatch(
      /Accepted[\s\S]*Self-service\s+New seller: no active campaign and nothing owed\./,
    );
    expect(await outcome(managed.email)).toMatch(
      /Accepted[\s\S]*Managed\s+Existing seller with 1 active campaign\(s\)\./,
    );
    await check(page, 'admin-invitations');

    await page.getByLabel('Seller’s e-mail address').fill('someone@localhost');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await shown(page, '[role=alert]', en['refusal.invalid_email']);

    await page.getByLabel('Seller’s e-mail address').fill('Invitee@Shop.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await shown(page, '[role=status]', 'Invitation sent.');
    expect(await outcome('invitee@shop.example')).toMatch(/Pending\s+Link valid until/);
    const sent = await db.invitation.findFirstOrThrow({
      where: { marketplaceId: marketplace.id, email: 'invitee@shop.example' },
    });
    expect(await db.notification.count({ where: { invitationId: sent.id } })).toBe(1);

    // Only a pending invitation can be revoked.
    expect(await page.getByRole('button', { name: /^Revoke the invitation to/ }).count()).toBe(1);
    await page
      .getByRole('button', { name: 'Revoke the invitation to invitee@shop.example' })
      .click();
    await shown(page, '[role=status]', 'Invitation revoked');
    expect(await outcome('invitee@shop.example')).toContain('Revoked');
    const revoked = await db.invitation.findUniqueOrThrow({ where: { id: sent.id } });
    expect(revoked.revokedAt).not.toBeNull();
    await check(page, 'admin-invitations-revoked');

    // In managed mode no invitation goes out, and the page says why.
    await db.marketplace.update({
      where: { id: marketplace.id },
      data: { invitationMode: 'managed' },
    });
    await page.goto(`${stack.api.url}${base}/invitations`);
    await shown(page, '.hint', 'Invitations can be sent and accepted only while');
    await page.getByLabel('Seller’s e-mail address').fill('later@shop.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await shown(page, '[role=alert]', en['refusal.invitations_not_self_service']);
  } finally {
    await context.close();
  }
});

test('invitations are paged, newest first', async () => {
  const { marketplace, link, base } = await newMarketplace();
  const { db } = stack.database;
  for (let i = 0; i <= INVITATIONS_PER_PAGE; i += 1) {
    await db.invitation.create({
      data: {
        marketplaceId: marketplace.id,
        email: `paged${i}@shop.example`,
        mode: 'self_service',
        expiresAt: new Date(Date.now() + 86_400_000),
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      },
    });
  }
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.goto(`${stack.api.url}${base}/invitations`);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(INVITATIONS_PER_PAGE);
    expect(await rows.first().innerText()).toContain(`paged${INVITATIONS_PER_PAGE}@`);
    await page.getByRole('link', { name: 'Older invitations' }).click();
    await shown(page, 'a', 'Latest invitations');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('paged0@');
  } finally {
    await context.close();
  }
});

test('a seller’s own limit: set from its row, pending until the next cycle, a bad amount refused', async () => {
  const { marketplace, link, base } = await newMarketplace();
  const { db } = stack.database;
  const { seller } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: null,
    name: 'Limited Shop',
  });
  await stack.billing.start(marketplace.id, seller.id);
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Limited Shop' }).click();
    await heading(page, 'Limited Shop');
    expect(path(page)).toBe(`${base}/sellers/${seller.id}`);
    expect(plain(await page.locator('#limit-in-force').innerText())).toBe('€100.00');
    await shown(page, '#override-when', 'Applies from the seller’s next cycle');
    await check(page, 'admin-seller');

    await page.getByLabel('This seller’s own credit limit (EUR)').fill('1.234');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await shown(page, '[role=alert]', 'Enter the limit as an amount in the currency');
    expect(
      (await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).creditLimitOverrideMinor,
    ).toBeNull();

    await page.getByLabel('This seller’s own credit limit (EUR)').fill('250');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await shown(page, '[role=status]', 'Limit saved: it applies from the seller’s next cycle.');
    expect(await page.getByLabel('This seller’s own credit limit (EUR)').inputValue()).toBe(
      '250.00',
    );
    await waitFor(async () => {
      const state = await stack.billing.state(marketplace.id, seller.id);
      // The sellers list shows what the workflow reported to the billing projection.
      const reported = await db.sellerBillingProjection.findUnique({
        where: { sellerId: seller.id },
      });
      return (
        state?.pendingCreditLimitMinor === 25_000 &&
        reported?.pendingCreditLimitMinor === BigInt(25_000)
      );
    });
    await page.reload();
    expect(plain(await page.locator('#limit-in-force').innerText())).toBe('€100.00');
    expect(plain(await page.locator('#limit-pending').innerText())).toBe('€250.00');
    await check(page, 'admin-seller-pending');

    await page.getByRole('link', { name: 'Sellers' }).click();
    const row = plain(await page.locator('tbody tr', { hasText: 'Limited Shop' }).innerText());
    expect(row).toContain('€100.00');
    expect(row).toContain('next cycle: €250.00');
  } finally {
    await context.close();
  }
});

test('a managed seller’s own limit waits until it pays by card; an empty field removes it', async () => {
  const { marketplace, link, base } = await newMarketplace();
  const { db } = stack.database;
  const { seller } = await createManagedSeller(db, marketplace.id);
  const override = async () =>
    (await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).creditLimitOverrideMinor;
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.goto(`${stack.api.url}${base}/sellers/${seller.id}`);
    await heading(page, seller.name);
    expect(await page.locator('#limit-in-force').innerText()).toBe('—');
    const field = page.getByLabel('This seller’s own credit limit (EUR)');
    await field.fill('300');
    await page.getByRole('button', { name: 'Save limit' }).click();
    await shown(page, '[role=status]', 'Limit saved: it applies once the seller pays by card.');
    expect(await override()).toBe(30_000n);
    await check(page, 'admin-seller-managed');

    // The same notice as before: wait for the form's answer itself.
    await field.fill('');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Save limit' }).click(),
    ]);
    expect(saved.status()).toBe(303);
    expect(await override()).toBeNull();
  } finally {
    await context.close();
  }
});

test('the notification feed: newest first, paged, marked read', async () => {
  const { marketplace, link, base } = await newMarketplace();
  const { db } = stack.database;
  for (let i = 0; i <= NOTIFICATIONS_PER_PAGE; i += 1) {
    await db.notification.create({
      data: {
        marketplaceId: marketplace.id,
        recipientRole: 'admin',
        kind: i === NOTIFICATIONS_PER_PAGE ? 'payment_failed' : 'payment_succeeded',
        subject: `Shop ${i} paid €120.00`,
        body: `Receipt no. ${i}`,
        dedupeKey: `feed-test:${marketplace.id}:${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      },
    });
  }
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Notifications' }).click();
    await heading(page, 'Notifications');
    const items = page.locator('li.notification');
    expect(await items.count()).toBe(NOTIFICATIONS_PER_PAGE);
    const newest = await items.first().innerText();
    expect(newest).toContain('Payment failed');
    expect(newest).toContain(`Shop ${NOTIFICATIONS_PER_PAGE} paid`);
    expect(newest).toContain('Unread');
    await check(page, 'admin-notifications');

    await items.first().getByRole('button', { name: 'Mark as read' }).click();
    await shown(page, '[role=status]', 'Marked as read.');
    expect(await items.first().innerText()).toContain('Read');
    expect(await items.first().getByRole('button', { name: 'Mark as read' }).count()).toBe(0);
    const read = await db.notification.findFirstOrThrow({
      where: { dedupeKey: `feed-test:${marketplace.id}:${NOTIFICATIONS_PER_PAGE}` },
    });
    expect(read.readAt).not.toBeNull();

    await page.getByRole('link', { name: 'Older notifications' }).click();
    await shown(page, 'a', 'Latest notifications');
    expect(await items.count()).toBe(1);
    expect(await items.first().innerText()).toContain('Shop 0 paid');
    expect(path(page)).toBe(`${base}/notifications`);
  } finally {
    await context.close();
  }
});

test('webhook endpoints: add one (private addresses refused), its deliveries, disable it', async () => {
  const { marketplace, link } = await newMarketplace();
  const { db } = stack.database;
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await heading(page, 'Webhooks');
    await shown(page, 'main', 'No endpoint yet.');
    await check(page, 'admin-webhooks-empty');

    // The API's address checks: a private network address is refused, with the reason.
    for (const [url, reason] of [
      ['https://10.1.2.3/billing', en['refusal.webhook_address_not_allowed']],
      ['https://unknown-host.invalid/billing', en['refusal.webhook_dns_failed']],
      ['ftp://hooks.market.example/billing', en['refusal.webhook_url_not_allowed']],
    ] as const) {
      await page.getByLabel('Endpoint address (https)').fill(url);
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      expect([url, await shown(page, '[role=alert]', reason)]).toEqual([url, reason]);
    }
    expect(
      await db.marketplaceWebhookEndpoint.count({ where: { marketplaceId: marketplace.id } }),
    ).toBe(0);

    // The signing secret is shown once, in the answer to adding the endpoint, as the API does.
    await page.getByLabel('Endpoint address (https)').fill('https://hooks.market.example/billing');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await heading(page, 'Endpoint added');
    const endpoint = await db.marketplaceWebhookEndpoint.findFirstOrThrow({
      where: { marketplaceId: marketplace.id },
    });
    expect(await page.locator('#webhook-secret').innerText()).toBe(endpoint.secret);
    await shown(page, 'main', 'It is not shown again');
    await check(page, 'admin-webhook-added');
    await page.getByRole('link', { name: 'Back to the endpoints' }).click();
    await heading(page, 'Webhooks');
    await shown(page, '.rows li', 'Enabled');
    expect(await page.locator('body').innerText()).not.toContain(endpoint.secret);
    await check(page, 'admin-webhooks');
    await db.marketplaceWebhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        eventId: 'evt_page_test',
        eventType: 'payment.succeeded',
        payload: {},
        status: 'delivered',
        attempts: 2,
        lastStatusCode: 200,
        deliveredAt: new Date(),
      },
    });
    await page.getByRole('link', { name: 'https://hooks.market.example/billing' }).click();
    await heading(page, 'Webhook endpoint');
    // Afterwards only a masked form: enough to tell secrets apart, never enough to sign.
    expect(await page.locator('#webhook-secret').innerText()).toBe(
      `whsec_…${endpoint.secret.slice(-4)}`,
    );
    expect(await page.content()).not.toContain(endpoint.secret);
    const delivery = await page.locator('tbody tr').innerText();
    expect(delivery).toContain('payment.succeeded');
    expect(delivery).toContain('evt_page_test');
    expect(delivery).toContain('Delivered');
    expect(delivery).toContain('HTTP 200');
    await check(page, 'admin-webhook-deliveries');

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page
      .getByRole('button', { name: 'Disable https://hooks.market.example/billing' })
      .click();
    await shown(page, '[role=status]', 'Endpoint disabled.');
    await shown(page, '.rows li', 'Disabled');
    const disabled = await db.marketplaceWebhookEndpoint.findUniqueOrThrow({
      where: { id: endpoint.id },
    });
    expect(disabled.disabledAt).not.toBeNull();
  } finally {
    await context.close();
  }
});

test('in French: every admin page, and no English string of the catalogue left on it', async () => {
  const { marketplace, admin, link } = await newMarketplace();
  const { db } = stack.database;
  const { seller } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: null,
    name: 'Boutique Lumière',
  });
  await stack.billing.start(marketplace.id, seller.id);
  const { seller: managed } = await createManagedSeller(db, marketplace.id);
  // A seller's name is its own, not the catalogue's: give this one a French name too.
  await db.seller.update({ where: { id: managed.id }, data: { name: 'Maison Ancienne' } });
  for (const email of ['nouveau@boutique.example', managed.email]) {
    const invited = await admin('POST', `/v1/marketplaces/${marketplace.id}/invitations`, {
      email,
    });
    await clientFor(stack.api, '')('POST', '/v1/invitations/accept', { token: invited.body.token });
  }
  await admin('POST', `/v1/marketplaces/${marketplace.id}/invitations`, {
    email: 'attente@boutique.example',
  });
  await db.notification.create({
    data: {
      marketplaceId: marketplace.id,
      recipientRole: 'admin',
      kind: 'seller_delinquent',
      subject: '—',
      body: '—',
      dedupeKey: `feed-fr:${marketplace.id}`,
    },
  });
  const endpoint = await admin('POST', `/v1/marketplaces/${marketplace.id}/webhooks`, {
    url: 'https://hooks.boutique.example/facturation',
  });
  expect(endpoint.status).toBe(201);
  await db.marketplaceWebhookDelivery.create({
    data: {
      endpointId: endpoint.body.id,
      eventId: 'evt_fr',
      eventType: 'payment.failed',
      payload: {},
      status: 'failed',
      attempts: 5,
      lastStatusCode: 500,
    },
  });
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await link());
    await heading(page, 'Paiements');
    for (const [section, title, name] of [
      ['Réglages', 'Réglages', 'admin-settings-fr'],
      ['Stripe', 'Stripe', 'admin-stripe-fr'],
      ['Invitations', 'Invitations', 'admin-invitations-fr'],
      ['Notifications', 'Notifications', 'admin-notifications-fr'],
      ['Webhooks', 'Webhooks', 'admin-webhooks-fr'],
      [
        'https://hooks.boutique.example/facturation',
        'Point de terminaison webhook',
        'admin-webhook-deliveries-fr',
      ],
      ['Vendeurs', 'Paiements', 'admin-sellers-fr'],
      ['Boutique Lumière', 'Boutique Lumière', 'admin-seller-fr'],
    ] as const) {
      await page.getByRole('link', { name: section, exact: true }).click();
      await heading(page, title);
      expect([section, await englishLeftOn(page)]).toEqual([section, []]);
      await check(page, name);
    }
    // The French page shows French words for what it formats and decides.
    await page.getByRole('link', { name: 'Invitations', exact: true }).click();
    await heading(page, 'Invitations');
    const invitations = plain(await page.locator('tbody').innerText());
    expect(invitations).toContain('Nouveau vendeur : aucune campagne active et rien à payer.');
    expect(invitations).toContain('Vendeur existant avec 1 campagne(s) active(s).');
    expect(invitations).toMatch(/En attente\s+Lien valable jusqu’au \d+ \S+ \d{4} à \d\d:\d\d/);
  } finally {
    await context.close();
  }
});

test('another marketplace’s admin and a seller find none of these pages; a form needs its token', async () => {
  const mine = await newMarketplace();
  const theirs = await newMarketplace();
  const { db } = stack.database;
  const endpoint = await theirs.admin(
    'POST',
    `/v1/marketplaces/${theirs.marketplace.id}/webhooks`,
    {
      url: 'https://hooks.theirs.example/billing',
    },
  );
  const { seller } = await createSelfServiceSeller(db, theirs.marketplace.id, {
    paymentMethodId: null,
  });
  const pages = [
    '/stripe',
    '/invitations',
    '/notifications',
    '/webhooks',
    `/webhooks/${endpoint.body.id as string}`,
    `/sellers/${seller.id}`,
  ];
  const { context, page } = await newPage();
  try {
    await page.goto(await mine.link());
    await heading(page, 'Payments');
    for (const section of pages) {
      const answer = await page.goto(`${stack.api.url}${theirs.base}${section}`);
      expect([section, answer?.status()]).toEqual([section, 404]);
    }
    // Their seller under my marketplace's address is not found either.
    const crossed = await page.goto(`${stack.api.url}${mine.base}/sellers/${seller.id}`);
    expect(crossed?.status()).toBe(404);
    await heading(page, 'Page not found');

    // A form whose anti-forgery field is gone is refused, and nothing is sent.
    await page.goto(`${stack.api.url}${mine.base}/invitations`);
    await page.getByLabel('Seller’s e-mail address').fill('forged@shop.example');
    await page.locator('form.inline input[name="_csrf"]').evaluate((input) => input.remove());
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send invitation' }).click(),
    ]);
    expect(refused.status()).toBe(403);
    await heading(page, 'This form has expired');
    expect(await db.invitation.count({ where: { marketplaceId: mine.marketplace.id } })).toBe(0);
  } finally {
    await context.close();
  }
});

test('the credit ladder (R12): switched on from the settings page, a ladder below the default refused, saved steps shown', async () => {
  const { marketplace, link } = await newMarketplace();
  const { db } = stack.database;
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Settings' }).click();
    await heading(page, 'Settings');
    const steps = page.getByLabel('Steps above the default limit (EUR)');
    const charges = page.getByLabel('Successful payments in a row for each step');
    expect(await page.getByLabel(en['settings.ladderOn']).isChecked()).toBe(false);
    expect(await charges.inputValue()).toBe('3');
    await shown(page, '#ladder-when', en['settings.ladderWhen']);

    await page.getByLabel(en['settings.ladderOn']).check();
    await steps.fill('100\n500');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await shown(page, '[role=alert]', en['refusal.invalid_credit_ladder']);
    await steps.fill('250\n12.345');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await shown(page, '[role=alert]', en['refusal.invalid_amount']);
    expect(await db.marketplace.findUniqueOrThrow({ where: { id: marketplace.id } })).toMatchObject(
      { creditLadderEnabled: false, creditLadderStepsMinor: [] },
    );

    await page.getByLabel(en['settings.ladderOn']).check();
    await steps.fill('250\n\n500.50\n1000');
    await charges.fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await shown(page, '[role=status]', 'Settings saved.');
    expect(await db.marketplace.findUniqueOrThrow({ where: { id: marketplace.id } })).toMatchObject(
      {
        creditLadderEnabled: true,
        creditLadderStepsMinor: [250_00, 500_50, 1_000_00],
        creditLadderChargesPerStep: 2,
      },
    );
    expect(await page.getByLabel(en['settings.ladderOn']).isChecked()).toBe(true);
    expect(await steps.inputValue()).toBe('250.00\n500.50\n1000.00');
    await check(page, 'admin-settings-ladder');
  } finally {
    await context.close();
  }
});

test('each accepted seller’s R3 reason is said from its code and facts, not its English text', async () => {
  const { marketplace, link, base } = await newMarketplace();
  const { db } = stack.database;
  // The stored English wording is the API's; the page must not depend on it.
  const outcomes = [
    ['deja@boutique.example', 'self_service', 'already_self_service', 0, 0n],
    ['nouveau@boutique.example', 'self_service', 'new_seller', 0, 0n],
    ['campagnes@boutique.example', 'managed', 'existing_seller', 3, 0n],
    ['solde@boutique.example', 'managed', 'existing_seller', 0, 123_456n],
    ['les-deux@boutique.example', 'managed', 'existing_seller', 2, -4_250n],
  ] as const;
  for (const [email, decision, code, campaigns, balance] of outcomes) {
    await db.invitation.create({
      data: {
        marketplaceId: marketplace.id,
        email,
        mode: 'self_service',
        expiresAt: new Date(Date.now() + 86_400_000),
        acceptedAt: new Date(),
        decision,
        decisionReason: 'worded some other way in English',
        decisionReasonCode: code,
        decisionActiveCampaigns: campaigns,
        decisionBalanceMinor: balance,
      },
    });
  }
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await link());
    await page.goto(`${stack.api.url}${base}/invitations`);
    await heading(page, 'Invitations');
    const reason = async (email: string) =>
      plain(
        await page.locator('tbody tr', { hasText: email }).locator('td .hint').last().innerText(),
      );
    expect(await reason('deja@')).toBe('Payait déjà par carte.');
    expect(await reason('nouveau@')).toBe(
      'Nouveau vendeur : aucune campagne active et rien à payer.',
    );
    expect(await reason('campagnes@')).toBe('Vendeur existant avec 3 campagne(s) active(s).');
    expect(await reason('solde@')).toBe('Vendeur existant avec un solde de 1 234,56 €.');
    expect(await reason('les-deux@')).toBe(
      'Vendeur existant avec 2 campagne(s) active(s). Vendeur existant avec un solde de -42,50 €.',
    );
    expect(await englishLeftOn(page)).toEqual([]);
    expect(await page.locator('body').innerText()).not.toContain('worded some other way');
  } finally {
    await context.close();
  }
});

test('the notification feed in French: every kind said from its parameters, fr-FR money and dates', async () => {
  const { marketplace, link, base } = await newMarketplace();
  const { db } = stack.database;
  const { seller } = await createSelfServiceSeller(db, marketplace.id, {
    name: 'Boutique Lumière',
  });
  const { notify } = createNotificationActivities({
    db,
    logger: Object.assign(createLogger('test-feed'), { level: 'silent' }),
  });
  const events: BillingEvent[] = [
    {
      kind: 'payment_succeeded',
      amountMinor: 12_000,
      currency: 'EUR',
      cardBrand: 'visa',
      cardLast4: '4242',
      paymentId: '00000000-0000-4000-8000-000000000001',
      receiptNumber: 7,
      resumedCampaignIds: ['c1'],
    },
    {
      kind: 'payment_failed',
      amountMinor: 123_456,
      currency: 'EUR',
      failureCode: 'insufficient_funds',
      failureMessage: 'Your card has insufficient funds.',
      requiresAction: false,
      nextRetryAt: '2026-12-03T09:00:00.000Z',
      pausedCampaignIds: ['c1', 'c2'],
    },
    {
      kind: 'payment_failed',
      amountMinor: 5_000,
      currency: 'EUR',
      failureCode: 'some_new_code',
      failureMessage: 'Something English from the bank.',
      requiresAction: true,
      nextRetryAt: null,
      pausedCampaignIds: [],
    },
    {
      kind: 'seller_delinquent',
      amountMinor: 9_999,
      currency: 'EUR',
      failureMessage: 'Your card was declined.',
    },
  ];
  for (const [index, event] of events.entries()) {
    await notify({
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      dedupeKey: `feed-fr-kinds:${marketplace.id}:${index}`,
      event,
    });
  }
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await link());
    await page.goto(`${stack.api.url}${base}/notifications`);
    await heading(page, 'Notifications');
    const items = page.locator('li.notification');
    expect(await items.count()).toBe(events.length);
    const text = plain(await page.locator('main').innerText());
    for (const amount of ['120,00 €', '1 234,56 €', '50,00 €', '99,99 €']) {
      expect([amount, text.includes(amount)]).toEqual([amount, true]);
    }
    expect(text).toContain('3 décembre 2026 à 10:00');
    expect(text).toContain('Visa se terminant par 4242');
    expect(text).toContain('Le solde de la carte est insuffisant.');
    expect(await englishLeftOn(page)).toEqual([]);
    for (const stored of ['Your card', 'Something English', 'paid', 'failed', 'Receipt']) {
      expect([stored, text.includes(stored)]).toEqual([stored, false]);
    }
    expect(await page.locator('main [lang="en"]').count()).toBe(0);
    await check(page, 'admin-notifications-kinds-fr');
  } finally {
    await context.close();
  }
});

test('a notification stored before its parameters were kept shows its stored text, marked English', async () => {
  const { marketplace, link, base } = await newMarketplace();
  const { db } = stack.database;
  await db.notification.create({
    data: {
      marketplaceId: marketplace.id,
      recipientRole: 'admin',
      kind: 'payment_succeeded',
      subject: 'Old Shop paid €120.00',
      body: 'Old Shop paid €120.00 with a visa ending 4242.',
      dedupeKey: `feed-legacy:${marketplace.id}`,
    },
  });
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await link());
    await page.goto(`${stack.api.url}${base}/notifications`);
    await heading(page, 'Notifications');
    const message = page.locator('li.notification [lang="en"]');
    expect(await message.innerText()).toContain('Old Shop paid €120.00');
    expect(await page.locator('li.notification strong').innerText()).toBe('Paiement reçu');
  } finally {
    await context.close();
  }
});

test('back from Stripe after the session expired: a page in the browser’s language says how to come back, and shows nothing of any marketplace', async () => {
  const { marketplace, link } = await newMarketplace({ connected: false });
  const { db } = stack.database;
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Stripe', exact: true }).click();
    await heading(page, 'Stripe');
    await page.getByRole('button', { name: 'Se connecter maintenant' }).click();
    await heading(page, 'Stripe');
    const connection = await db.stripeConnection.findUniqueOrThrow({
      where: { marketplaceId: marketplace.id },
    });
    // The session expires while the admin is at Stripe (its status changes meanwhile).
    await db.portalSession.updateMany({
      where: { marketplaceId: marketplace.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await db.stripeConnection.update({
      where: { marketplaceId: marketplace.id },
      data: { chargesEnabled: false },
    });
    for (const where of ['return', 'refresh']) {
      const answer = await page.goto(`${stack.api.url}/portal/stripe/${where}`);
      expect([where, answer?.status()]).toEqual([where, 401]);
      await heading(page, 'Votre session est terminée');
      const text = plain(await page.locator('main').innerText());
      expect(text).toContain('demandez un nouveau lien');
      for (const secret of [connection.accountId, marketplace.name, marketplace.id]) {
        expect([where, (await page.content()).includes(secret)]).toEqual([where, false]);
      }
      expect([where, await englishLeftOn(page)]).toEqual([where, []]);
    }
    // Nothing was done for the expired session: the stored status was not refreshed.
    const after = await db.stripeConnection.findUniqueOrThrow({
      where: { marketplaceId: marketplace.id },
    });
    expect(after.chargesEnabled).toBe(false);
    await check(page, 'admin-stripe-session-ended-fr');
  } finally {
    await context.close();
  }
});
