// The stripe:smoke step that adds a card as a seller does: our card page opened from a seller's
// portal link in Chromium, card 4242 typed into Stripe's Payment Element (Stripe's own frames),
// the SetupIntent confirmed by Stripe.js, and the card then listed on the seller's Cards page.
import type { Frame, Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser';

/** Stripe's test card that always succeeds, with an expiry in the future. */
const CARD = { number: '4242424242424242', expiry: '12 / 34', cvc: '123', postalCode: '10001' };

export async function addCardThroughPaymentElement(portalLink: string): Promise<string> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(portalLink);
    const sellerHome = new URL(page.url());
    if (!/^\/portal\/sellers\/[\w-]+$/.test(sellerHome.pathname)) {
      throw new Error(`the link opened ${sellerHome.pathname}, not a seller's page`);
    }
    await page.goto(`${sellerHome.origin}${sellerHome.pathname}/cards/new`);
    if ((await page.locator('#stripe-card-form').count()) === 0) {
      throw new Error(
        'the card page has no Payment Element: start the API with STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY',
      );
    }
    await fillCard(page);
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.waitForURL(/\/cards\?done=card_added/, { timeout: 60_000 });
    const listed = page.getByText('ending 4242').first();
    await listed.waitFor();
    return (await listed.textContent()) ?? '';
  } finally {
    await browser.close();
  }
}

/** Types the card into whichever of Stripe's frames holds each field. */
async function fillCard(page: Page): Promise<void> {
  const field = async (name: string): Promise<Frame | null> => {
    for (const frame of page.frames()) {
      if ((await frame.locator(`input[name="${name}"]`).count()) > 0) return frame;
    }
    return null;
  };
  const numberFrame = await waitForFrame(page, () => field('number'));
  await numberFrame.locator('input[name="number"]').fill(CARD.number);
  for (const [name, value] of [
    ['expiry', CARD.expiry],
    ['cvc', CARD.cvc],
    ['postalCode', CARD.postalCode],
  ] as const) {
    const frame = await field(name);
    // The postal code is asked only for some countries.
    if (frame) await frame.locator(`input[name="${name}"]`).fill(value);
  }
}

async function waitForFrame(page: Page, find: () => Promise<Frame | null>): Promise<Frame> {
  for (let tries = 0; tries < 60; tries += 1) {
    const frame = await find();
    if (frame) return frame;
    await page.waitForTimeout(500);
  }
  throw new Error('Stripe’s Payment Element did not load its card fields within 30 s');
}
