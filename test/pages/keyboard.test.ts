// Manage payments by keyboard alone, in a real browser (Debian's Chromium) against the real stack:
// a seller with no mouse skips to the content, reaches the Cards section, adds card 4242, creates
// a campaign and pauses it with Tab, Shift+Tab, Enter, Space and typing only (no click), and every
// control reached on the way shows where the focus is.
import { clientFor, keyFor } from '../support/api';
import { heading, shown } from '../support/browser';
import { usePageStack } from '../support/page-stack';
import { connectStripe, createMarketplace, createSelfServiceSeller } from '../support/fixtures';
import { focusOf, tabTo } from '../support/keyboard';
import { newPage } from '../support/page-checks';

const pages = usePageStack();
const { check } = pages;

async function sellerLink(): Promise<{ sellerId: string; url: string }> {
  const { db } = pages.stack.database;
  const marketplace = await createMarketplace(db, { currency: 'EUR', timeZone: 'Europe/Paris' });
  await connectStripe(db, marketplace.id);
  const { seller } = await createSelfServiceSeller(db, marketplace.id, {
    paymentMethodId: null,
    campaigns: 0,
    name: 'Keyboard Shop',
  });
  await pages.stack.billing.start(marketplace.id, seller.id);
  const key = await keyFor(db, 'seller', { marketplaceId: marketplace.id, sellerId: seller.id });
  const link = await clientFor(pages.stack.api, key)(
    'POST',
    `/v1/sellers/${seller.id}/portal-links`,
  );
  expect(link.status).toBe(201);
  return { sellerId: seller.id, url: link.body.url as string };
}

test('by keyboard alone: skip to the content, add card 4242, create a campaign and pause it', async () => {
  const { sellerId, url } = await sellerLink();
  const { context, page } = await newPage(pages.browser);
  try {
    await page.goto(url);
    await heading(page, 'Manage payments');

    // The first Tab shows the skip link; following it, the next Tab lands in the content, past
    // the header and the sections.
    await page.keyboard.press('Tab');
    expect(await focusOf(page)).toEqual({ id: '', name: 'Skip to content', visible: true });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);

    // Back up to the sections (Shift+Tab) and open Cards, then Add a card.
    await tabTo(page, 'Cards', { backwards: true });
    await page.keyboard.press('Enter');
    await heading(page, 'Cards');
    await tabTo(page, 'Add a card');
    await page.keyboard.press('Enter');
    await heading(page, 'Add a card');

    // Type the number; Tab reaches Save card, Shift+Tab comes back to the field; Space saves.
    await tabTo(page, 'card');
    await page.keyboard.type('4242 4242 4242 4242');
    expect((await tabTo(page, 'Save card')).name).toBe('Save card');
    expect((await tabTo(page, 'card', { backwards: true })).name).toBe('Test card number');
    expect(await page.getByLabel('Test card number').inputValue()).toBe('4242 4242 4242 4242');
    await tabTo(page, 'Save card');
    await page.keyboard.press('Space');
    await shown(page, '[role=status]', 'Card added and made your default.');
    await heading(page, 'Cards');
    expect(await page.locator('.rows li').innerText()).toContain('Visa ending 4242');
    await check(page, 'keyboard-card-added');

    // Campaigns: type a name, Tab to Create campaign, Enter.
    await tabTo(page, 'Campaigns', { backwards: true });
    await page.keyboard.press('Enter');
    await heading(page, 'Campaigns');
    await tabTo(page, 'campaign-name');
    await page.keyboard.type('Summer');
    expect((await tabTo(page, 'Create campaign')).name).toBe('Create campaign');
    await page.keyboard.press('Enter');
    await shown(page, '[role=status]', 'Campaign created.');
    const row = page.locator('.rows li', { hasText: 'Summer' });
    await row.filter({ hasText: 'Running' }).waitFor();
    await check(page, 'keyboard-campaign-created');

    // Its Pause button is reached by name and pressed with Space.
    await tabTo(page, 'Pause Summer');
    await page.keyboard.press('Space');
    await shown(page, '[role=status]', 'Campaign paused.');
    await row.filter({ hasText: 'Paused' }).waitFor();
    const campaigns = await pages.stack.database.db.campaign.findMany({ where: { sellerId } });
    expect(campaigns.map((c) => [c.name, c.status])).toEqual([['Summer', 'paused']]);
  } finally {
    await context.close();
  }
});

test('the focus check fails where a control hides its focus', async () => {
  const { context, page } = await newPage(pages.browser);
  try {
    await page.setContent(
      '<style>button:focus{outline:none}</style><main><button>Hidden focus</button></main>',
    );
    await expect(tabTo(page, 'Hidden focus')).rejects.toThrow(
      'the focus on “Hidden focus” cannot be seen',
    );
  } finally {
    await context.close();
  }
});
