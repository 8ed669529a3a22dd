// R15 on the admin's Payments tab, in a real browser against the real stack: the exposure page's
// totals, its split by billing status, the largest exposures linking to each seller's page, the
// hourly trend of this cycle, and the French page.
import type { Page } from 'playwright-core';
import { billingCycleContaining } from '../../rules/cycles';
import { recordProjections } from '../../sellers/billing-projection';
import { takeExposureSnapshots } from '../../sellers/exposure-snapshots';
import type { BillingStatus } from '../../workflows/messages';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { heading, recordAxe, useBrowser, type AxeCounts } from '../support/browser';
import { createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { checkPage, englishLeftOn, newPage, plain } from '../support/page-checks';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack({ connectToPortal: true });
});
afterAll(() => stack?.stop());
const chromium = useBrowser();

const axeCounts: Record<string, AxeCounts> = {};
afterAll(() => recordAxe(axeCounts));
const check = (page: Page, name: string) => checkPage(page, name, axeCounts);
const HOUR = 3_600_000;

/** A Paris marketplace whose three sellers owe in each status, with two hourly readings. */
async function marketplaceWithExposure() {
  const { db } = stack.database;
  const timeZone = 'Europe/Paris';
  const marketplace = await createMarketplace(db, { currency: 'EUR', timeZone });
  const cycle = billingCycleContaining(Date.now(), timeZone);
  const owes = async (name: string, status: BillingStatus, unbilledMicros: number) => {
    const { seller } = await createSelfServiceSeller(db, marketplace.id, { name });
    await recordProjections(db, [
      {
        marketplaceId: marketplace.id,
        sellerId: seller.id,
        version: 1,
        status,
        creditLimitMinor: 50_000,
        pendingCreditLimitMinor: null,
        unbilledMicros,
        cycleStartsAtMs: cycle.startsAtMs,
        cycleEndsAtMs: cycle.endsAtMs,
      },
    ]);
    return seller;
  };
  const alpha = await owes('Boutique Alpha', 'active', 12_345_670_000);
  await takeExposureSnapshots(db, cycle.startsAtMs + HOUR);
  await owes('Boutique Beta', 'past_due', 2_500_000);
  await owes('Boutique Gamma', 'delinquent', 1_000_000);
  await takeExposureSnapshots(db, cycle.startsAtMs + 2 * HOUR);
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  const link = async () =>
    (await admin('POST', `/v1/marketplaces/${marketplace.id}/portal-links`, { for: 'admin' })).body
      .url as string;
  return { alpha, link };
}

test('the admin sees the exposure in total, by status, the largest and the trend, and opens a seller', async () => {
  const { alpha, link } = await marketplaceWithExposure();
  const { context, page } = await newPage(chromium.browser, 'en-US');
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Exposure', exact: true }).click();
    await heading(page, 'Exposure');
    expect(plain(await page.locator('dl').innerText())).toMatch(
      /Total unbilled\s+€12,349\.17\s+Of which not yet passed to billing\s+€0\.00/,
    );
    const byStatus = (
      await page.locator('table[aria-labelledby="by-status"] tbody tr').allInnerTexts()
    ).map(plain);
    expect(byStatus).toEqual([
      expect.stringMatching(/^Active\s+1\s+€12,345\.67$/),
      expect.stringMatching(/^Payment failed\s+1\s+€2\.50$/),
      expect.stringMatching(/^Delinquent\s+1\s+€1\.00$/),
    ]);
    const largest = (
      await page.locator('table[aria-labelledby="largest"] tbody tr').allInnerTexts()
    ).map(plain);
    expect(largest).toEqual([
      expect.stringMatching(/^Boutique Alpha\s+Active\s+€12,345\.67\s+€500\.00$/),
      expect.stringMatching(/^Boutique Beta\s+Payment failed\s+€2\.50/),
      expect.stringMatching(/^Boutique Gamma\s+Delinquent\s+€1\.00/),
    ]);
    // Oldest first: the reading before Beta and Gamma owed anything, then the one after.
    const trend = (
      await page.locator('table[aria-labelledby="trend"] tbody tr').allInnerTexts()
    ).map(plain);
    expect(trend).toEqual([
      expect.stringMatching(/\s€12,345\.67\s+€0\.00\s+€0\.00$/),
      expect.stringMatching(/\s€12,349\.17\s+€2\.50\s+€1\.00$/),
    ]);
    await check(page, 'admin-exposure');

    await page.getByRole('link', { name: 'Boutique Alpha', exact: true }).click();
    await heading(page, 'Boutique Alpha');
    expect(page.url()).toContain(`/sellers/${alpha.id}`);
  } finally {
    await context.close();
  }
});

test('the French exposure page says it all in French', async () => {
  const { link } = await marketplaceWithExposure();
  const { context, page } = await newPage(chromium.browser, 'fr-FR');
  try {
    await page.goto(await link());
    await page.getByRole('link', { name: 'Exposition', exact: true }).click();
    await heading(page, 'Exposition');
    expect(await englishLeftOn(page)).toEqual([]);
    expect(plain(await page.locator('dl').innerText())).toContain('12 349,17 €');
    await check(page, 'admin-exposure-fr');
  } finally {
    await context.close();
  }
});
