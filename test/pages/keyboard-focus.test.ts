// Keyboard focus on every page, in a real browser: pressing Tab reaches each interactive element
// in turn, and each one looks different while it has the focus (its surroundings are compared,
// focused and not, pixel for pixel), so a person using the keyboard always sees where they are.
import type { Page } from 'playwright-core';
import { clientFor, keyFor } from '../support/api';
import { startApiStack, type ApiStack } from '../support/api-stack';
import { heading, useBrowser } from '../support/browser';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { newPage } from '../support/page-checks';

let stack: ApiStack;
beforeAll(async () => {
  stack = await startApiStack();
});
afterAll(() => stack?.stop());
const chromium = useBrowser();

/** How far around an element its focus indicator may be drawn (outline and its offset). */
const RING = 8;

/**
 * Tabs through the page from its top until the focus comes back round; answers each element that
 * looked the same focused as not, and how many the Tab key reached.
 */
async function focusWalk(page: Page): Promise<{ unseen: string[]; reached: number }> {
  const unseen: string[] = [];
  const visited = new Set<string>();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let presses = 0; presses < 200; presses += 1) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      const label = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim();
      const path: string[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        path.unshift(
          `${node.tagName}:${Array.from(node.parentElement?.children ?? []).indexOf(node)}`,
        );
      }
      return `<${element.tagName.toLowerCase()}> ${label.slice(0, 40)} @${path.join('/')}`;
    });
    if (name === null) continue;
    if (visited.has(name)) break;
    visited.add(name);
    const focused = page.locator(':focus');
    const box = await focused.boundingBox();
    if (!box) throw new Error(`${name} has the focus but no box`);
    const clip = {
      x: Math.max(0, box.x - RING),
      y: Math.max(0, box.y - RING),
      width: box.width + 2 * RING,
      height: box.height + 2 * RING,
    };
    const withFocus = await page.screenshot({ clip });
    const handle = await focused.elementHandle();
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    const withoutFocus = await page.screenshot({ clip });
    if (withFocus.equals(withoutFocus)) unseen.push(name.split(' @')[0] ?? name);
    // Back to it, as the keyboard left it, for the next Tab.
    await handle?.evaluate((element) => (element as HTMLElement).focus());
  }
  return { unseen, reached: visited.size };
}

const elementsWithoutVisibleFocus = async (page: Page) => (await focusWalk(page)).unseen;

test('every interactive element of the admin’s and the seller’s pages shows where the focus is', async () => {
  const { db } = stack.database;
  const marketplace = await createMarketplace(db, {
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    defaultCreditLimitMinor: 10_000,
  });
  await connectStripe(db, marketplace.id);
  const { seller } = await createSelfServiceSeller(db, marketplace.id, { name: 'Focus Shop' });
  await stack.billing.start(marketplace.id, seller.id);
  const admin = clientFor(
    stack.api,
    await keyFor(db, 'marketplace_admin', { marketplaceId: marketplace.id }),
  );
  await admin('POST', `/v1/marketplaces/${marketplace.id}/invitations`, {
    email: 'invited@shop.example',
  });
  const endpoint = await admin('POST', `/v1/marketplaces/${marketplace.id}/webhooks`, {
    url: 'https://hooks.market.example/billing',
  });
  const link = async (body: Record<string, string>) =>
    (await admin('POST', `/v1/marketplaces/${marketplace.id}/portal-links`, body)).body
      .url as string;

  const adminBase = `/portal/marketplaces/${marketplace.id}`;
  const sellerBase = `/portal/sellers/${seller.id}`;
  const pages: [string, string][] = [
    ['admin', adminBase],
    ['admin', `${adminBase}/sellers/${seller.id}`],
    ['admin', `${adminBase}/settings`],
    ['admin', `${adminBase}/payments`],
    ['admin', `${adminBase}/stripe`],
    ['admin', `${adminBase}/invitations`],
    ['admin', `${adminBase}/notifications`],
    ['admin', `${adminBase}/webhooks`],
    ['admin', `${adminBase}/webhooks/${endpoint.body.id as string}`],
    ['seller', sellerBase],
    ['seller', `${sellerBase}/cards`],
    ['seller', `${sellerBase}/cards/new`],
    ['seller', `${sellerBase}/campaigns`],
    ['seller', `${sellerBase}/payments`],
    ['seller', `${sellerBase}/notifications`],
  ];
  const found: Record<string, string[]> = {};
  for (const who of ['admin', 'seller'] as const) {
    const { context, page } = await newPage(chromium.browser);
    try {
      await page.goto(
        await link(who === 'admin' ? { for: 'admin' } : { for: 'seller', sellerId: seller.id }),
      );
      await page.waitForLoadState();
      for (const [owner, path] of pages.filter(([owner]) => owner === who)) {
        await page.goto(`${stack.api.url}${path}`);
        await page.locator('h1').waitFor();
        const { unseen, reached } = await focusWalk(page);
        // At least the skip link, both languages, signing out and the sections' links.
        expect([path, reached >= 8]).toEqual([path, true]);
        found[`${owner} ${path}`] = unseen;
      }
    } finally {
      await context.close();
    }
  }
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((page) => [page, []])));
  expect(Object.keys(found)).toHaveLength(pages.length);
});

test('the check sees a missing focus indicator', async () => {
  // The pages' policy refuses inline styles: this context may add one.
  const context = await chromium.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  try {
    await page.goto(`${stack.api.url}/portal/signed-out`);
    await heading(page, 'You are signed out');
    expect(await elementsWithoutVisibleFocus(page)).toEqual([]);
    await page.addStyleTag({ content: '*:focus, *:focus-visible { outline: none !important; }' });
    // The skip link still moves into view when focused; the language links show nothing.
    expect(await elementsWithoutVisibleFocus(page)).toEqual(
      expect.arrayContaining(['<a> English', '<a> Français']),
    );
  } finally {
    await context.close();
  }
});
