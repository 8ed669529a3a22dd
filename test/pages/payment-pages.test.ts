// The payment pages in a real browser (Debian's Chromium) against the real stack (time-skipping
// Temporal, a billing worker, PostgreSQL, the API): a seller whose card needs 3-D Secure crosses
// its limit, sees the payment waiting on Manage payments, authenticates it and the payment
// succeeds (its campaign resumes); the admin's and the seller's history with filters, pages,
// receipts to view and download, and the CSV; French; scope. Screenshots to test-results/pages/.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { checkPage, englishLeftOn, plain } from '../support/page-checks';
import { PAYMENTS_PER_PAGE } from '../../pages/payments/routes';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { heading, recordAxe, shown, useBrowser, type AxeCounts } from '../support/browser';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(() => stack?.stop());
const chromium = useBrowser();

const axeCounts: Record<string, AxeCounts> = {};
afterAll(() => recordAxe(axeCounts));

async function newMarketplace() {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, {
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    defaultCreditLimitMinor: 10_000,
    spendAlertPercent: 80,
  });
  await connectStripe(db, marketplace.id);
  return marketplace;
}

async function sellerLink(marketplaceId: string, sellerId: string): Promise<string> {
  const key = await keyFor(stack.database.db, 'seller', { marketplaceId, sellerId });
  const answer = await clientFor(stack.api, key)('POST', `/v1/sellers/${sellerId}/portal-links`);
  expect(answer.status).toBe(201);
  return answer.body.url as string;
}

async function adminLink(marketplaceId: string): Promise<string> {
  const key = await keyFor(stack.database.db, 'marketplace_admin', { marketplaceId });
  const answer = await clientFor(stack.api, key)(
    'POST',
    `/v1/marketplaces/${marketplaceId}/portal-links`,
    { for: 'admin' },
  );
  expect(answer.status).toBe(201);
  return answer.body.url as string;
}

async function newPage(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.browser.newContext({ locale, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

const check = (page: Page, name: string) => checkPage(page, name, axeCounts);

/** A payment row as the charge activity writes it, at a chosen instant. */
async function payment(
  marketplaceId: string,
  sellerId: string,
  index: number,
  fields: { status: 'succeeded' | 'failed'; createdAt: Date; amountMinor: number },
) {
  return stack.database.db.payment.create({
    data: {
      marketplaceId,
      sellerId,
      idempotencyKey: `pages:${sellerId}:${index}`,
      chargeSequence: index,
      attempt: 1,
      reason: 'credit_limit',
      amountMinor: BigInt(fields.amountMinor),
      currency: 'EUR',
      status: fields.status,
      gateway: 'simulated',
      cardBrand: 'visa',
      cardLast4: '4242',
      failureCode: fields.status === 'failed' ? 'card_declined' : null,
      cycleStartsAt: new Date('2026-10-01T00:00:00+02:00'),
      cycleEndsAt: new Date('2026-11-01T00:00:00+01:00'),
      receiptNumber: fields.status === 'succeeded' ? index + 1 : null,
      createdAt: fields.createdAt,
    },
  });
}

/** Clicks a download link and answers the saved file's text and name. */
async function download(page: Page, name: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'latin1') };
}

test('a card needing authentication: the seller sees the payment, authenticates, it succeeds', async () => {
  const { db } = stack.database;
  const marketplace = await newMarketplace();
  const { seller, campaigns } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: 'pm_card_authenticationRequired',
    campaigns: 1,
    name: 'Secure Shop',
  });
  const campaign = campaigns[0]!;
  await stack.billing.start(marketplace.id, seller.id);
  await stack.billing.signalSpend(marketplace.id, seller.id, {
    batchId: 'over-the-limit',
    totalMicros: 120_000_000,
    byCampaignMicros: { [campaign.id]: 120_000_000 },
  });
  await waitFor(async () => {
    const waiting = await db.payment.count({
      where: { sellerId: seller.id, status: 'requires_action' },
    });
    const paused = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
    return waiting === 1 && paused.pausedByBilling;
  });
  const { context, page } = await newPage();
  try {
    await page.goto(await sellerLink(marketplace.id, seller.id));
    await heading(page, 'Manage payments');
    await check(page, 'seller-overview-authentication');
    await page.getByRole('link', { name: 'Authenticate the payment of €120.00' }).click();
    await heading(page, 'Authenticate a payment');
    expect(plain(await page.locator('main').innerText())).toContain(
      'Your bank asks you to confirm the payment of €120.00',
    );
    await shown(page, '.simulated', 'Simulated payments');
    await check(page, 'seller-authenticate');

    // Without its anti-forgery token the confirm step is refused and changes nothing.
    const forged = await page.request.post(page.url(), { form: { other: 'x' } });
    expect(forged.status()).toBe(403);
    expect(await db.payment.count({ where: { sellerId: seller.id, status: 'succeeded' } })).toBe(0);

    await page.getByRole('button', { name: 'Confirm the payment' }).click();
    expect(await shown(page, '[role=status]', 'Payment authenticated')).toBe(
      'Payment authenticated: it succeeded.',
    );
    await heading(page, 'Payment history');
    const row = page.locator('tbody tr').first();
    expect(plain(await row.innerText())).toContain('€120.00');
    expect(await row.innerText()).toContain('Succeeded');
    await row.getByRole('link', { name: /^View receipt no\. \d+$/ }).waitFor();

    // The workflow settles the charge and billing resumes the campaign.
    await waitFor(async () => {
      const state = await stack.billing.state(marketplace.id, seller.id);
      const resumed = await db.campaign.findUniqueOrThrow({ where: { id: campaign.id } });
      return state?.status === 'active' && !resumed.pausedByBilling;
    });
    const settled = await db.payment.findMany({ where: { sellerId: seller.id } });
    expect(settled.map((p) => [p.status, Number(p.amountMinor)])).toContainEqual([
      'succeeded',
      12_000,
    ]);

    // Once settled, the page has nothing left to authenticate, and a second POST changes nothing.
    await page.goBack();
    await heading(page, 'Authenticate a payment');
    await page.reload();
    await shown(page, 'main', 'This payment does not wait for authentication.');
    expect(await page.getByRole('button', { name: 'Confirm the payment' }).count()).toBe(0);
  } finally {
    await context.close();
  }
});

test('the admin’s history: filters, pages, receipts to view and download, the CSV; scope', async () => {
  const { db } = stack.database;
  const marketplace = await newMarketplace();
  const one = (await createSelfServiceSeller(db, marketplace.id, { name: 'Maison Une' })).seller;
  const two = (await createSelfServiceSeller(db, marketplace.id, { name: 'Atelier Deux' })).seller;
  const total = PAYMENTS_PER_PAGE + 2;
  for (let i = 0; i < total; i += 1) {
    await payment(marketplace.id, i % 2 === 0 ? one.id : two.id, i, {
      status: i % 5 === 4 ? 'failed' : 'succeeded',
      // One a day from 1 October 2026 at 23:30 in Paris (21:30 UTC in summer, 22:30 in winter).
      createdAt: new Date(Date.UTC(2026, 9, 1 + i, 21, 30)),
      amountMinor: 10_000 + i,
    });
  }
  const { context, page } = await newPage();
  try {
    await page.goto(await adminLink(marketplace.id));
    await heading(page, 'Payments');
    await page.getByRole('link', { name: 'Payment history' }).click();
    await heading(page, 'Payment history');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(PAYMENTS_PER_PAGE);
    const newest = plain(await rows.first().innerText());
    expect(newest).toContain('Maison Une');
    expect(newest).toContain(`€${(10_000 + total - 1) / 100}`);
    await check(page, 'admin-payments');
    await page.getByRole('link', { name: 'Older payments' }).click();
    await shown(page, 'a', 'Newest payments');
    expect(await rows.count()).toBe(total - PAYMENTS_PER_PAGE);
    await check(page, 'admin-payments-older');

    // Failed ones only, then the days of 3 to 5 October in Paris (the 23:30 payments are local).
    await page.getByRole('link', { name: 'Newest payments' }).click();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Show payments' }).click();
    await page.waitForURL(/status=failed/);
    const failed = await rows.allInnerTexts();
    expect(failed).toHaveLength(Math.floor(total / 5));
    expect(failed.every((text) => text.includes('Failed'))).toBe(true);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('From').fill('2026-10-03');
    await page.getByLabel('To (included)').fill('2026-10-05');
    await page.getByRole('button', { name: 'Show payments' }).click();
    await page.waitForURL(/from=2026-10-03/);
    const days = (await rows.allInnerTexts()).map(plain);
    expect(days).toHaveLength(3);
    expect(days.map((text) => /October (\d+)/.exec(text)?.[1])).toEqual(['5', '4', '3']);

    // The CSV of the same filter: exact decimal amounts, RFC 4180 lines.
    const csv = await download(page, 'Download the history as CSV');
    expect(csv.name).toBe('payments.csv');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'payment_id,seller_id,created_at,status,reason,amount,currency,card_brand,card_last4,failure_code,receipt_number,refunded_amount',
    );
    expect(lines.slice(1, -1).map((line) => line.split(',')[5])).toEqual([
      '100.04',
      '100.03',
      '100.02',
    ]);
    expect(lines.at(-1)).toBe('');

    // A receipt (4 October's: 5 October's failed), shown and downloaded.
    const view = page.getByRole('link', { name: /^View receipt no\. \d+$/ }).first();
    const shownPdf = await page.request.get(
      new URL((await view.getAttribute('href'))!, page.url()).href,
    );
    expect(shownPdf.status()).toBe(200);
    expect(shownPdf.headers()['content-type']).toBe('application/pdf');
    expect(shownPdf.headers()['content-disposition']).toMatch(
      /^inline; filename="receipt-\d{6}\.pdf"$/,
    );
    expect((await shownPdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const downloadLink = page.getByRole('link', { name: /^Download receipt/ }).first();
    const saved = await download(page, (await downloadLink.innerText()).trim());
    expect(saved.name).toMatch(/^receipt-\d{6}\.pdf$/);
    expect(saved.text.startsWith('%PDF-')).toBe(true);

    // A bad day is refused; another marketplace's history and payments are not found.
    const bad = await page.goto(
      `${stack.api.url}/portal/marketplaces/${marketplace.id}/payments?from=yesterday`,
    );
    expect(bad?.status()).toBe(400);
    const other = await newMarketplace();
    const theirs = (await createSelfServiceSeller(db, other.id, { name: 'Elsewhere' })).seller;
    const foreign = await payment(other.id, theirs.id, 0, {
      status: 'succeeded',
      createdAt: new Date('2026-10-10T10:00:00Z'),
      amountMinor: 5_000,
    });
    for (const path of [
      `/portal/marketplaces/${other.id}/payments`,
      `/portal/marketplaces/${other.id}/payments.csv`,
      `/portal/marketplaces/${marketplace.id}/payments/${foreign.id}/receipt`,
      `/portal/sellers/${one.id}/payments`,
    ]) {
      const answer = await page.request.get(`${stack.api.url}${path}`);
      expect([path, answer.status()]).toEqual([path, 404]);
    }
  } finally {
    await context.close();
  }
});

test('the seller’s history in French: fr-FR amounts and dates, no English, only its payments', async () => {
  const { db } = stack.database;
  const marketplace = await newMarketplace();
  const mine = (await createSelfServiceSeller(db, marketplace.id, { name: 'Épicerie' })).seller;
  const other = (await createSelfServiceSeller(db, marketplace.id, { name: 'Voisin' })).seller;
  await payment(marketplace.id, mine.id, 0, {
    status: 'succeeded',
    createdAt: new Date('2026-10-15T08:00:00Z'),
    amountMinor: 12_000,
  });
  await payment(marketplace.id, mine.id, 1, {
    status: 'failed',
    createdAt: new Date('2026-10-16T08:00:00Z'),
    amountMinor: 3_000,
  });
  const theirs = await payment(marketplace.id, other.id, 2, {
    status: 'succeeded',
    createdAt: new Date('2026-10-17T08:00:00Z'),
    amountMinor: 7_000,
  });
  const { context, page } = await newPage('fr-FR');
  try {
    await page.goto(await sellerLink(marketplace.id, mine.id));
    await heading(page, 'Gérer les paiements');
    await page.getByRole('link', { name: 'Historique des paiements' }).click();
    await heading(page, 'Historique des paiements');
    const rows = (await page.locator('tbody tr').allInnerTexts()).map(plain);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('30,00 €');
    expect(rows[0]).toContain('Échoué');
    expect(rows[1]).toContain('120,00 €');
    expect(rows[1]).toMatch(/15 octobre 2026 à 10:00/);
    expect(await englishLeftOn(page)).toEqual([]);
    await check(page, 'seller-payments-fr');

    const csv = await download(page, 'Télécharger l’historique en CSV');
    expect(
      csv.text
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[5]),
    ).toEqual(['30.00', '120.00']);
    const foreign = await page.request.get(
      `${stack.api.url}/portal/sellers/${mine.id}/payments/${theirs.id}/receipt`,
    );
    expect(foreign.status()).toBe(404);
    const authenticate = await page.request.get(
      `${stack.api.url}/portal/sellers/${mine.id}/payments/${theirs.id}/authenticate`,
    );
    expect(authenticate.status()).toBe(404);
  } finally {
    await context.close();
  }
});

test('credits and refunds in the history (R14): what was refunded of a payment, each credit note to view and download, only the owner’s', async () => {
  const { db } = stack.database;
  const marketplace = await newMarketplace();
  const mine = (await createSelfServiceSeller(db, marketplace.id, { name: 'Credited' })).seller;
  const other = (await createSelfServiceSeller(db, marketplace.id, { name: 'Other' })).seller;
  const paid = await payment(marketplace.id, mine.id, 0, {
    status: 'succeeded',
    createdAt: new Date('2026-10-15T08:00:00Z'),
    amountMinor: 12_000,
  });
  const refund = await db.refund.create({
    data: {
      marketplaceId: marketplace.id,
      sellerId: mine.id,
      paymentId: paid.id,
      idempotencyKey: `refund:pages:${paid.id}`,
      amountMinor: 2_500n,
      currency: 'EUR',
      reason: 'Bot clicks',
      status: 'succeeded',
      gateway: 'simulated',
      gatewayRefundId: 're_sim_pages',
      creditNoteNumber: 1,
    },
  });
  const creditFields = {
    marketplaceId: marketplace.id,
    currency: 'EUR',
    reason: 'Invalid traffic',
  };
  await db.credit.create({
    data: {
      ...creditFields,
      sellerId: mine.id,
      billingCommandId: crypto.randomUUID(),
      requestedMinor: 1_000n,
      appliedMinor: 1_000n,
      status: 'applied',
      creditNoteNumber: 2,
      appliedAt: new Date(),
    },
  });
  const theirs = await db.credit.create({
    data: {
      ...creditFields,
      sellerId: other.id,
      billingCommandId: crypto.randomUUID(),
      requestedMinor: 500n,
      appliedMinor: 500n,
      status: 'applied',
      creditNoteNumber: 3,
    },
  });
  const { context, page } = await newPage();
  try {
    await page.goto(await sellerLink(marketplace.id, mine.id));
    await page.getByRole('link', { name: 'Payment history' }).click();
    await heading(page, 'Payment history');
    const payments = page.getByRole('table', { name: 'Payment history' });
    expect(plain(await payments.locator('tbody tr').first().innerText())).toContain(
      'Refunded €25.00',
    );
    const notes = page.getByRole('table', { name: 'Credits and refunds' });
    const lines = (await notes.locator('tbody tr').allInnerTexts()).map(plain);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).toContain('Credit on unbilled spend');
    expect(lines.join('\n')).toContain('Refund');
    await check(page, 'seller-payments-credits');

    const view = page.getByRole('link', { name: 'View credit note no. 1' });
    const shown = await page.request.get(
      new URL((await view.getAttribute('href'))!, page.url()).href,
    );
    expect(shown.status()).toBe(200);
    expect(shown.headers()['content-disposition']).toBe(
      'inline; filename="credit-note-000001.pdf"',
    );
    const saved = await download(page, 'Download credit note no. 2');
    expect(saved.name).toBe('credit-note-000002.pdf');
    expect(saved.text.startsWith('%PDF-')).toBe(true);

    const base = `${stack.api.url}/portal/sellers/${mine.id}/payments/credit-notes`;
    for (const path of [
      `${base}/credit/${theirs.id}`,
      `${base}/refund/${theirs.id}`,
      `${base}/credit/${refund.id}`,
    ]) {
      expect([path, (await page.request.get(path)).status()]).toEqual([path, 404]);
    }
  } finally {
    await context.close();
  }
});
