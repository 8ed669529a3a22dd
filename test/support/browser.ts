// Debian's Chromium driven by playwright-core (headless) for the page tests, with axe-core's
// accessibility check and a screenshot of each page into the git-ignored test-results/pages/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'pages');

function chromiumPath(): string {
  const debian = '/usr/lib/chromium/chromium';
  if (existsSync(debian)) return debian;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is missing: run bash scripts/provision-chromium.sh');
  }
}

export function launchChromium(): Promise<Browser> {
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: asRoot ? ['--no-sandbox'] : [],
  });
}

/** The file's browser, launched before its tests and closed after. */
export function useBrowser(): { browser: Browser } {
  const handle = {} as { browser: Browser };
  beforeAll(async () => {
    handle.browser = await launchChromium();
  });
  afterAll(() => handle.browser?.close());
  return handle;
}

export interface AxeCounts {
  minor: number;
  moderate: number;
  serious: number;
  critical: number;
}

/** axe-core's violations on the page, by impact (with their rule ids, to say what failed). */
export async function axeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const counts: AxeCounts = { minor: 0, moderate: 0, serious: 0, critical: 0 };
  for (const violation of violations) {
    if (violation.impact) counts[violation.impact] += violation.nodes.length;
  }
  const grave = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  return { counts, grave };
}

/** Saves the page's screenshot as test-results/pages/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Saves a test file's axe counts per page as test-results/pages/axe-<test file>.json (one file
 * each, since test files run side by side). */
export function recordAxe(record: Record<string, AxeCounts>): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const testFile = path.basename(expect.getState().testPath ?? 'pages', '.test.ts');
  writeFileSync(
    path.join(SCREENSHOTS, `axe-${testFile}.json`),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}

/** Waits until the page's h1 reads exactly `text` (after a navigation, the new page's). */
export async function heading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
}

/** Waits until an element matching `selector` holds `text`; answers its whole text. */
export async function shown(page: Page, selector: string, text: string | RegExp) {
  const element = page.locator(selector).filter({ hasText: text }).first();
  await element.waitFor();
  return (await element.textContent()) ?? '';
}
