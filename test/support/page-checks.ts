// What the page tests check on every page: axe-core's serious and critical violations (the
// counts and a screenshot kept), the catalogue's English left on a French page, and text with
// Intl's no-break spaces made plain.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../../pages/i18n/en';
import { fr } from '../../pages/i18n/fr';
import { axeViolations, screenshot, type AxeCounts } from './browser';

/** Intl separates groups and symbols with no-break spaces; compare with plain ones. */
export const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** A fresh browser context (its own cookies) in a locale, and its page. */
export async function newPage(
  browser: Browser,
  locale = 'en-US',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale });
  return { context, page: await context.newPage() };
}

/** axe-core finds no serious or critical violation; the counts go to `record`, with a screenshot. */
export async function checkPage(page: Page, name: string, record: Record<string, AxeCounts>) {
  const { counts, grave } = await axeViolations(page);
  record[name] = counts;
  await screenshot(page, name);
  expect(grave).toEqual([]);
}

/** The English words of the catalogue (language names are shown in their own language). */
export const catalogueEnglish: string[] = Object.entries(en)
  .filter(([key, text]) => key !== 'lang.name' && text !== fr[key as keyof typeof fr])
  .flatMap(([, text]) => text.split(/\{\w+\}/))
  .map((fragment) => fragment.trim())
  .filter((fragment) => /[A-Za-z]{3}/.test(fragment));

/** The catalogue's English fragments the page's text holds. */
export async function englishLeftOn(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return catalogueEnglish.filter((fragment) => text.includes(fragment));
}
