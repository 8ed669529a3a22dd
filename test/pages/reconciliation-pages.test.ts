// R16 on the admin's Payments tab, in a real browser against the real stack: the reconciliation
// runs and one run's differences (each kind, with both sides' amounts and statuses), the form
// that reconciles a past day now (a day not over is refused), and the French pages.
import type { Page } from 'playwright-core';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { heading, recordAxe, useBrowser, type AxeCounts } from '../support/browser';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';
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
const check = (page: Page, name: string) => checkPage(page, name, axeCounts);

/** A Paris marketplace with one run of 20 November 2026 holding one difference of each kind. */
async function marketplaceWithRun() {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, { currency: 'EUR', timeZone: 'Europe/Paris' });
  await connectStripe(db, marketplace.id);
  const { seller } = await createSelfServiceSeller(db, marketplace.id);
  const at = new Date('2026-11-20T11:00:00Z');
  const difference = (
    fields: { kind: string; gatewayId: string } & Record<string, string | bigint>,
  ) => ({
    recordKind: 'charge',
    currency: 'EUR',
    occurredAt: at,
    ourAmountMinor: null,
    gatewayAmountMinor: null,
    ourStatus: null,
    gatewayStatus: null,
    ...fields,
  });
  await db.reconciliationRun.create({
    data: {
      marketplaceId: marketplace.id,
      runKey: `pages:${marketplace.id}`,
      day: '2026-11-20',
      periodStartsAt: new Date('2026-11-19T23:00:00Z'),
      periodEndsAt: new Date('2026-11-20T23:00:00Z'),
      gateway: 'simulated',
      trigger: 'schedule',
      ourRecords: 4,
      gatewayRecords: 4,
      differenceCount: 4,
      differences: {
        create: [
          difference({
            kind: 'missing_at_gateway',
            gatewayId: 'pi_sim_only_ours',
            sellerId: seller.id,
            ourAmountMinor: 3_000n,
            ourStatus: 'succeeded',
          }),
          difference({
            kind: 'missing_in_database',
            gatewayId: 'pi_sim_only_theirs',
            gatewayAmountMinor: 2_500n,
            gatewayStatus: 'succeeded',
          }),
          difference({
            kind: 'amount_mismatch',
            gatewayId: 'pi_sim_amount',
            sellerId: seller.id,
            ourAmountMinor: 4_000n,
            gatewayAmountMinor: 5_000n,
            ourStatus: 'succeeded',
            gatewayStatus: 'succeeded',
          }),
          difference({
            kind: 'status_mismatch',
            gatewayId: 'pi_sim_status',
            sellerId: seller.id,
            ourAmountMinor: 7_000n,
            gatewayAmountMinor: 7_000n,
            ourStatus: 'succeeded',
            gatewayStatus: 'failed',
          }),
        ],
      },
    },
  });
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const link = async () =>
    (await admin('POST', `/v1/marketplaces/${marketplace.id}/portal-links`, { for: 'admin' })).body
      .url as string;
  return { marketplace, link };
}

test('the admin sees each run and every difference of one, and reconciles a past day now', async () => {
  const { db } = stack.database;
  const { marketplace, link } = await marketplaceWithRun();
  const context = await chromium.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Reconciliation', exact: true }).click();
    await heading(page, 'Reconciliation');
    const runs = plain(await page.locator('tbody').innerText());
    expect(runs).toContain('2026-11-20');
    expect(runs).toContain('Daily');
    expect(runs).toContain('4 payments, 4 at the gateway');
    expect(runs).toContain('4 difference(s)');
    await check(page, 'admin-reconciliations');

    await page.getByRole('link', { name: '2026-11-20', exact: true }).click();
    await heading(page, 'Reconciliation of 2026-11-20');
    const rows = (await page.locator('tbody tr').allInnerTexts()).map(plain);
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.includes('pi_sim_only_ours'))).toMatch(
      /Missing at the gateway\s+Charge pi_sim_only_ours Seller\s+€30\.00 Succeeded\s+—/,
    );
    expect(rows.find((row) => row.includes('pi_sim_only_theirs'))).toMatch(
      /Missing in our records\s+Charge pi_sim_only_theirs\s+—\s+€25\.00 Succeeded/,
    );
    expect(rows.find((row) => row.includes('pi_sim_amount'))).toMatch(
      /Amounts differ.*€40\.00 Succeeded\s+€50\.00 Succeeded/s,
    );
    expect(rows.find((row) => row.includes('pi_sim_status'))).toMatch(
      /Statuses differ.*€70\.00 Succeeded\s+€70\.00 Failed/s,
    );
    await check(page, 'admin-reconciliation');

    await page.getByRole('link', { name: 'All reconciliations' }).click();
    await heading(page, 'Reconciliation');
    await page.getByLabel('Day to reconcile').fill('2099-01-01');
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await page.getByText('That day is not over yet: choose a past day.').waitFor();
    await page.getByLabel('Day to reconcile').fill('2026-11-19');
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await page.getByText('Reconciliation started: it appears in the list once done.').waitFor();
    await waitFor(
      async () =>
        (await db.reconciliationRun.count({
          where: { marketplaceId: marketplace.id, day: '2026-11-19' },
        })) === 1,
    );
    await page.reload();
    const after = plain(await page.locator('tbody').innerText());
    expect(after).toMatch(/2026-11-19\s+On demand\s+0 payments, 0 at the gateway\s+All agree/);
  } finally {
    await context.close();
  }
});

test('the French pages say it all in French', async () => {
  const { link } = await marketplaceWithRun();
  const { context, page } = await openPage(chromium.browser, 'fr-FR');
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Rapprochement', exact: true }).click();
    await heading(page, 'Rapprochement');
    expect(await englishLeftOn(page)).toEqual([]);
    expect(plain(await page.locator('tbody').innerText())).toContain('4 écart(s)');
    await check(page, 'admin-reconciliations-fr');
    await page.getByRole('link', { name: '2026-11-20', exact: true }).click();
    await heading(page, 'Rapprochement du 2026-11-20');
    expect(await englishLeftOn(page)).toEqual([]);
    const rows = plain(await page.locator('tbody').innerText());
    expect(rows).toContain('Absent de la passerelle');
    expect(rows).toMatch(/Montants différents.*40,00 € Réussi\s+50,00 € Réussi/s);
    await check(page, 'admin-reconciliation-fr');
  } finally {
    await context.close();
  }
});
