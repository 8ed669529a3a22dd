// What a page test file shares: the whole stack (api-stack.ts), the browser, and the axe check
// whose counts per page are kept for the file.
import type { Page } from 'playwright-core';
import { startApiStack, type ApiStack } from './api-stack';
import { recordAxe, useBrowser, type AxeCounts } from './browser';
import { checkPage } from './page-checks';

export function usePageStack(options: Parameters<typeof startApiStack>[0] = {}) {
  const handle = {} as { stack: ApiStack };
  beforeAll(async () => {
    handle.stack = await startApiStack(options);
  });
  afterAll(() => handle.stack?.stop());
  const chromium = useBrowser();
  const axeCounts: Record<string, AxeCounts> = {};
  afterAll(() => recordAxe(axeCounts));
  return {
    get stack() {
      return handle.stack;
    },
    get browser() {
      return chromium.browser;
    },
    /** axe-core finds no serious or critical violation; a screenshot is kept. */
    check: (page: Page, name: string) => checkPage(page, name, axeCounts),
  };
}
