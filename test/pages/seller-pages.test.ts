// The seller's pages in a real browser (Debian's Chromium) against the real stack (time-skipping
// Temporal, a billing worker, PostgreSQL, the API): a seller opens a portal link, reads Manage
// payments, is refused a campaign without a card, adds card 4242 by keyboard, creates, pauses
// and resumes a campaign; the French pages; scope, anti-forgery and used links; and axe-core on
// every page. Each page's screenshot goes to test-results/pages/.
import type { BrowserContext, Page, Response } from 'playwright-core';
import { createNotificationActivities } from '../../activities/notifications';
import { createLogger } from '../../observability/logger';
import type { BillingEvent } from '../../workflows/activity-contracts';
import { checkPage, englishLeftOn, plain } from '../support/page-checks';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import {
  axeViolations,
  heading,
  recordAxe,
  shown,
  useBrowser,
  type AxeCounts,
} from '../support/browser';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { tabTo } from '../support/keyboard';
import { waitFor } from '../support/wait-for';
import { formatDateTime } from '../../pages/format';
import { ADMIN_SELLERS_PER_PAGE } from '../../pages/admin/routes';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(() => stack?.stop());
const chromium = useBrowser();

const axeCounts: Record<string, AxeCounts> = {};
afterAll(() => recordAxe(axeCounts));

async function newSeller(
  name: string,
  card: { paymentMethodId: string | null; campaigns: number } = {
    paymentMethodId: null,
    campaigns: 0,
  },
) {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, {
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    defaultCreditLimitMinor: 10_000,
    spendAlertPercent: 80,
  });
  await connectStripe(db, marketplace.id);
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, {
    ...card,
    name,
  });
  await stack.billing.start(marketplace.id, seller.id);
  const key = await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id });
  const call = clientFor(stack.api, key);
  const link = async () => {
    const answer = await call('POST', `/v1/sellers/${seller.id}/portal-links`);
    expect(answer.status).toBe(201);
    return answer.body.url as string;
  };
  return { marketplace, seller, campaigns, link };
}

/** A portal link for the marketplace's admin, asked for with its admin key. */
async function adminLink(marketplaceId: string): Promise<string> {
  const { db } = stack.database;
  const admin = clientFor(stack.api, await keyFor(db, 'marketplace_admin', { marketplaceId }));
  const link = await admin('POST', `/v1/marketplaces/${marketplaceId}/portal-links`, {
    for: 'admin',
  });
  expect(link.status).toBe(201);
  return link.body.url as string;
}

async function newPage(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

const check = (page: Page, name: string) => checkPage(page, name, axeCounts);

function expectStrictPolicy(response: Response | null) {
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain('stripe');
}

test('a seller opens its link, adds card 4242 by keyboard and creates a campaign', async () => {
  const { seller, link } = await newSeller('Boutique Lumière');
  const { context, page } = await newPage();
  try {
    const entered = await page.goto(await link());
    expect(entered?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/portal/sellers/${seller.id}`);
    expectStrictPolicy(entered);
    const main = page.locator('main');
    await heading(page, 'Manage payments');
    const overview = plain(await main.innerText());
    expect(overview).toContain('Active');
    expect(overview).toContain('€0.00 of €100.00');
    expect(overview).toContain('80 % (€80.00)');
    expect(overview).toMatch(/Cycle ends\s+\w+ 1, \d{4} at 12:00 AM \(Europe\/Paris\)/);
    expect(overview).toContain('No card yet.');
    await check(page, 'seller-overview');

    // No campaign without a card: the rule's reason is on the page.
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Campaign name').fill('Summer');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    expect(await shown(page, '[role=alert]', 'Add a card before creating a campaign.')).toBe(
      'Add a card before creating a campaign.',
    );
    expect(await stack.database.db.campaign.count({ where: { sellerId: seller.id } })).toBe(0);
    await check(page, 'seller-campaigns-refused');

    // Add a card, by keyboard alone: Tab to the field, type, Enter.
    await page.getByRole('link', { name: 'Cards' }).click();
    await shown(page, 'main', 'You have no card yet.');
    await page.getByRole('link', { name: 'Add a card' }).click();
    await heading(page, 'Add a card');
    await shown(page, '.simulated', 'Simulated payments: no card is charged');
    await check(page, 'seller-add-card');
    await tabTo(page, 'card');
    await page.keyboard.type('4242 4242 4242 4242');
    await page.keyboard.press('Enter');
    expect(await shown(page, '[role=status]', 'Card added and made your default.')).toBe(
      'Card added and made your default.',
    );
    expect(new URL(page.url()).pathname).toBe(`/portal/sellers/${seller.id}/cards`);
    const card = await shown(page, '.rows li', 'Visa ending 4242');
    expect(card).toContain('Default');
    expect(await page.locator('.rows li').count()).toBe(1);
    await check(page, 'seller-cards');

    // A campaign, by keyboard too; then pause and resume it.
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await tabTo(page, 'campaign-name');
    await page.keyboard.type('Summer');
    await page.keyboard.press('Enter');
    expect(await shown(page, '[role=status]', 'Campaign created.')).toBe('Campaign created.');
    const row = page.locator('.rows li', { hasText: 'Summer' });
    await row.filter({ hasText: 'Running' }).waitFor();
    await check(page, 'seller-campaigns');
    await row.getByRole('button', { name: 'Pause Summer' }).click();
    expect(await shown(page, '[role=status]', 'Campaign paused.')).toBe('Campaign paused.');
    await row.filter({ hasText: 'Paused' }).waitFor();
    await row.getByRole('button', { name: 'Resume Summer' }).click();
    expect(await shown(page, '[role=status]', 'Campaign resumed.')).toBe('Campaign resumed.');
    await row.filter({ hasText: 'Running' }).waitFor();
    const campaigns = await stack.database.db.campaign.findMany({ where: { sellerId: seller.id } });
    expect(campaigns.map((c) => [c.name, c.status])).toEqual([['Summer', 'active']]);

    await page.getByRole('link', { name: 'Overview' }).click();
    await heading(page, 'Manage payments');
    await shown(page, 'main', 'Visa ending 4242');
  } finally {
    await context.close();
  }
});

test('in French: fr-FR money and dates, and no English string of the catalogue', async () => {
  const { link } = await newSeller('Épicerie Fine');
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await link());
    await heading(page, 'Gérer les paiements');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const overview = plain(await page.locator('main').innerText());
    expect(overview).toContain('0,00 € sur 100,00 €');
    expect(overview).toContain('80 % (80,00 €)');
    expect(overview).toMatch(/Fin du cycle\s+1 \S+ \d{4} à 00:00 \(Europe\/Paris\)/);
    await check(page, 'seller-overview-fr');

    for (const [section, title] of [
      ['Vue d’ensemble', 'Gérer les paiements'],
      ['Cartes', 'Cartes'],
      ['Campagnes', 'Campagnes'],
    ] as const) {
      await page.getByRole('link', { name: section, exact: true }).click();
      await heading(page, title);
      expect([section, await englishLeftOn(page)]).toEqual([section, []]);
    }
    await page.getByRole('link', { name: 'Cartes', exact: true }).click();
    await heading(page, 'Cartes');
    await page.getByRole('link', { name: 'Ajouter une carte' }).click();
    await heading(page, 'Ajouter une carte');
    expect(await englishLeftOn(page)).toEqual([]);
    await check(page, 'seller-add-card-fr');

    // The visible switch: English, and it stays chosen.
    await page.getByRole('link', { name: 'English' }).click();
    await heading(page, 'Add a card');
    await page.getByRole('link', { name: 'Overview' }).click();
    await heading(page, 'Manage payments');
    await shown(page, 'main', '€100.00');
  } finally {
    await context.close();
  }
});

test('R13: the seller turns backup charging off and on again on its Cards page', async () => {
  const { db } = stack.database;
  const { seller, link } = await newSeller('Backup Shop', {
    paymentMethodId: 'pm_card_visa',
    campaigns: 0,
  });
  const { context, page } = await newPage();
  const backupCharging = async () =>
    (await db.seller.findUniqueOrThrow({ where: { id: seller.id } })).backupCharging;
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Cards' }).click();
    await heading(page, 'Cards');
    await shown(page, 'main', 'we try your other valid cards, the most recently added first');
    await page.getByRole('button', { name: 'Turn backup charging off' }).click();
    expect(await shown(page, '[role=status]', 'Backup charging is off.')).toBe(
      'Backup charging is off.',
    );
    await shown(page, 'main', 'your campaigns are paused until you act');
    expect(await backupCharging()).toBe(false);
    await check(page, 'seller-cards-backup-off');
    await page.getByRole('button', { name: 'Turn backup charging on' }).click();
    expect(await shown(page, '[role=status]', 'Backup charging is on.')).toBe(
      'Backup charging is on.',
    );
    expect(await backupCharging()).toBe(true);
  } finally {
    await context.close();
  }
});

test('a declined payment: the overview says why and when billing tries again', async () => {
  const { marketplace, seller, campaigns, link } = await newSeller('Declined Shop', {
    paymentMethodId: 'pm_card_chargeDeclined',
    campaigns: 1,
  });
  const campaign = campaigns[0]!;
  await stack.billing.signalSpend(marketplace.id, seller.id, {
    batchId: 'over-the-limit',
    totalMicros: 120_000_000,
    byCampaignMicros: { [campaign.id]: 120_000_000 },
  });
  await waitFor(async () => {
    const state = await stack.billing.state(marketplace.id, seller.id);
    const paused = await stack.database.db.campaign.findUniqueOrThrow({
      where: { id: campaign.id },
    });
    return state?.status === 'past_due' && paused.pausedByBilling;
  });
  const { nextRetryAt } = (await stack.billing.state(marketplace.id, seller.id))!.dunning!;
  const { context, page } = await newPage();
  try {
    await page.goto(await link());
    await heading(page, 'Manage payments');
    const overview = plain(await page.locator('main').innerText());
    expect(overview).toContain('Payment failed');
    expect(overview).toContain('Your last payment failed');
    expect(overview).toContain('Reason: The card was declined.');
    expect(overview).toContain(
      `Next attempt: ${plain(formatDateTime(nextRetryAt!, 'Europe/Paris', 'en-US'))}`,
    );
    await check(page, 'seller-overview-failing');

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await heading(page, 'Campaigns');
    await shown(page, '.rows li', 'Paused by billing until a payment succeeds');
    await page.getByRole('button', { name: `Resume ${campaign.name}` }).click();
    expect(await shown(page, '[role=alert]', /Your last payment failed/)).toBe(
      'Your last payment failed: update your card. Billing resumes your campaigns once a payment succeeds.',
    );
    await check(page, 'seller-campaigns-paused-by-billing');
  } finally {
    await context.close();
  }
});

test('another seller’s page is not found, a used link and a form without its token are refused', async () => {
  const mine = await newSeller('Mine');
  const theirs = await newSeller('Theirs');
  const { context, page } = await newPage();
  try {
    const url = await mine.link();
    await page.goto(url);
    await heading(page, 'Manage payments');

    const other = await page.goto(`${stack.api.url}/portal/sellers/${theirs.seller.id}`);
    expect(other?.status()).toBe(404);
    await heading(page, 'Page not found');
    expectStrictPolicy(other);
    await check(page, 'not-found');

    const reused = await page.goto(url);
    expect(reused?.status()).toBe(410);
    await heading(page, 'This link no longer works');
    await check(page, 'link-refused');

    // A form whose anti-forgery field is gone (as a forged one from another site would be).
    await page.goto(`${stack.api.url}/portal/sellers/${mine.seller.id}/campaigns`);
    await page.getByLabel('Campaign name').fill('Forged');
    await page.locator('form.inline input[name="_csrf"]').evaluate((input) => input.remove());
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Create campaign' }).click(),
    ]);
    expect(refused.status()).toBe(403);
    await heading(page, 'This form has expired');
    expect(await stack.database.db.campaign.count({ where: { sellerId: mine.seller.id } })).toBe(0);
    await check(page, 'form-refused');

    // Signing out ends the session.
    await page.goto(`${stack.api.url}/portal/sellers/${mine.seller.id}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'You are signed out');
    await check(page, 'signed-out');
    const after = await page.goto(`${stack.api.url}/portal/sellers/${mine.seller.id}`);
    expect(after?.status()).toBe(404);
  } finally {
    await context.close();
  }
});

test('an admin link lands on the Payments tab: the sellers, paged, with live billing', async () => {
  const { marketplace } = await newSeller('First Seller');
  const { db } = stack.database;
  for (let i = 1; i <= ADMIN_SELLERS_PER_PAGE; i += 1) {
    await createSelfServiceSeller(db, marketplace.id, {
      paymentMethodId: null,
      campaigns: 0,
      name: `Later ${i}`,
    });
  }
  const { context, page } = await newPage();
  try {
    await page.goto(await adminLink(marketplace.id));
    expect(new URL(page.url()).pathname).toBe(`/portal/marketplaces/${marketplace.id}`);
    await heading(page, 'Payments');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(ADMIN_SELLERS_PER_PAGE);
    expect(await rows.first().innerText()).toContain(`Later ${ADMIN_SELLERS_PER_PAGE}`);
    await check(page, 'admin-sellers');

    // The oldest seller is on the next page, with its workflow's live state.
    await page.getByRole('link', { name: 'Next sellers' }).click();
    await shown(page, 'a', 'First sellers');
    expect(await rows.count()).toBe(1);
    const first = (await rows.first().innerText()).split('\t').map((cell) => plain(cell.trim()));
    expect(first.slice(1)).toEqual(['Self-service', 'Active', '€100.00', '€0.00']);
    expect(first[0]).toContain('First Seller');
    await check(page, 'admin-sellers-next');

    const nonsense = await page.goto(`${page.url().split('?')[0]}?cursor=nonsense`);
    expect(nonsense?.status()).toBe(400);
  } finally {
    await context.close();
  }
});

test('the admin changes the settings: the limit waits for the next cycle, a bad amount is refused', async () => {
  const { marketplace, seller } = await newSeller('Settled Shop');
  const { db } = stack.database;
  const { context, page } = await newPage();
  try {
    await page.goto(await adminLink(marketplace.id));
    await heading(page, 'Payments');
    await page.getByRole('link', { name: 'Settings' }).click();
    await heading(page, 'Settings');
    expect(await page.getByLabel('Sellers pay by card for their campaigns').isChecked()).toBe(true);
    expect(await page.getByLabel('Default credit limit (EUR)').inputValue()).toBe('100.00');
    await check(page, 'admin-settings');

    await page.getByLabel('Default credit limit (EUR)').fill('12.345');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await shown(page, '[role=alert]', 'Enter the limit as an amount in the currency');
    await check(page, 'admin-settings-refused');

    await page.getByLabel('Default credit limit (EUR)').fill('250.50');
    await page.getByLabel('Billed by the marketplace (managed)').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await shown(page, '[role=status]', 'Settings saved.')).toBe('Settings saved.');
    expect(await page.getByLabel('Default credit limit (EUR)').inputValue()).toBe('250.50');
    const saved = await db.marketplace.findUniqueOrThrow({ where: { id: marketplace.id } });
    expect([saved.defaultCreditLimitMinor, saved.invitationMode, saved.selfServiceEnabled]).toEqual(
      [25_050n, 'managed', true],
    );

    // The seller's limit in force stays until its next cycle; the list shows the pending one.
    await waitFor(async () => {
      const state = await stack.billing.state(marketplace.id, seller.id);
      return state?.pendingCreditLimitMinor === 25_050;
    });
    await page.getByRole('link', { name: 'Sellers' }).click();
    await heading(page, 'Payments');
    const row = plain(await page.locator('tbody tr', { hasText: 'Settled Shop' }).innerText());
    expect(row).toContain('€100.00');
    expect(row).toContain('next cycle: €250.50');
  } finally {
    await context.close();
  }
});

test('the accessibility check finds what it should: an unlabelled field is serious', async () => {
  const { context, page } = await newPage();
  try {
    await page.setContent(
      '<!doctype html><html><body><main><input type="text"></main></body></html>',
    );
    const { grave } = await axeViolations(page);
    expect(grave.some((violation) => violation.startsWith('label:'))).toBe(true);
  } finally {
    await context.close();
  }
});

test('the seller’s notifications in French, said from their parameters, and marked read', async () => {
  const { marketplace, seller, link } = await newSeller('Épicerie Fine', {
    paymentMethodId: 'pm_card_visa',
    campaigns: 1,
  });
  const { db } = stack.database;
  const { notify } = createNotificationActivities({
    db,
    logger: Object.assign(createLogger('test-seller-feed'), { level: 'silent' }),
  });
  const events: BillingEvent[] = [
    {
      kind: 'spend_alert',
      unbilledMicros: 80_500_000,
      creditLimitMinor: 10_000,
      currency: 'EUR',
      percent: 80,
    },
    {
      kind: 'payment_failed',
      amountMinor: 10_050,
      currency: 'EUR',
      failureCode: 'authentication_required',
      failureMessage: 'Your card requires authentication.',
      requiresAction: true,
      nextRetryAt: '2026-12-05T08:30:00.000Z',
      pausedCampaignIds: ['c1'],
    },
    {
      kind: 'payment_succeeded',
      amountMinor: 10_050,
      currency: 'EUR',
      cardBrand: 'visa',
      cardLast4: '4242',
      paymentId: '00000000-0000-4000-8000-000000000002',
      receiptNumber: 3,
      resumedCampaignIds: ['c1'],
    },
    {
      kind: 'credit_limit_step',
      direction: 'up',
      creditLimitMinor: 10_000,
      nextCreditLimitMinor: 25_000,
      currency: 'EUR',
      effectiveAt: '2026-12-01T00:00:00.000Z',
    },
  ];
  for (const [index, event] of events.entries()) {
    await notify({
      marketplaceId: marketplace.id,
      sellerId: seller.id,
      dedupeKey: `seller-feed-fr:${seller.id}:${index}`,
      event,
    });
  }
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await heading(page, 'Notifications');
    const items = page.locator('li.notification');
    // The seller's own, not the admins' copies.
    expect(await items.count()).toBe(events.length);
    const text = plain(await page.locator('main').innerText());
    expect(text).toContain('Vous avez utilisé 80 % de votre plafond de crédit');
    expect(text).toContain('80,50 € sur un plafond de 100,00 €');
    expect(text).toContain('Le paiement de 100,50 € a échoué');
    expect(text).toContain('La banque demande d’authentifier ce paiement');
    expect(text).toContain('5 décembre 2026 à 09:30');
    expect(text).toContain('Paiement de 100,50 € reçu');
    expect(text).toContain('Votre plafond de crédit passe à 250,00 €');
    expect(text).toContain('D’ici là, il reste de 100,00 €.');
    expect(text).not.toContain('Your card');
    expect(await englishLeftOn(page)).toEqual([]);
    await check(page, 'seller-notifications-fr');

    await items.first().getByRole('button', { name: 'Marquer comme lue' }).click();
    await shown(page, '[role=status]', 'Marquée comme lue.');
    const read = await db.notification.findFirstOrThrow({
      where: { dedupeKey: `seller-feed-fr:${seller.id}:3:seller` },
    });
    expect(read.readAt).not.toBeNull();
  } finally {
    await context.close();
  }
});
