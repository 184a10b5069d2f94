/**
 * Playwright fixtures: a persistent Chromium context with the built extension loaded
 * (`.output/chrome-mv3`, or EXT_DIR), its id from the service worker URL, and helpers to
 * serve fixture pages at the HER-SYS origin by request interception.
 */
import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BROWSER_ARGS, EXT_DIR, launchWithExtension, ROOT, serviceWorker } from '../../scripts/browser.mjs';

export { BROWSER_ARGS, EXT_DIR, launchWithExtension, ROOT, serviceWorker };
export const HERSYS = 'https://stop.cov19.mhlw.go.jp';
export const FIXTURE_PAGES = path.join(ROOT, 'tests/fixtures/pages');

/** Serves `tests/fixtures/pages/<file>` (or the given HTML) at `HERSYS + urlPath`; every other HER-SYS request is a 404. */
export async function serveAtHersys(context: BrowserContext, pages: Record<string, string>): Promise<void> {
  await context.route(`${HERSYS}/**`, async (route) => {
    const url = new URL(route.request().url());
    const page = pages[url.pathname];
    if (page === undefined) return route.fulfill({ status: 404, body: 'not found' });
    const body = page.trimStart().startsWith('<') ? page : readFileSync(path.join(FIXTURE_PAGES, page), 'utf8');
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

type Fixtures = { context: BrowserContext; extensionId: string; page: Page };

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const context = await launchWithExtension();
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    const sw = await serviceWorker(context);
    await use(new URL(sw.url()).host);
  },
  page: async ({ context }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
});
export { expect } from '@playwright/test';
