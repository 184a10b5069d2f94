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

/** The extension API inside `serviceWorker(…).evaluate` callbacks (they run in the worker). */
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any
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

/**
 * What the content script of `page`'s tab reports (get-state), once it answers: the positive
 * control of a "nothing shown here" test — the script is loaded and has looked at the page.
 * The tab is found as the active one after `bringToFront` (the extension has no `tabs`
 * permission, so it cannot see URLs). Fails after `timeout` if no content script answers.
 */
export async function contentState(page: Page, timeout = 10_000): Promise<{ page: string | null; notification: unknown; observation: unknown }> {
  const sw = await serviceWorker(page.context());
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.bringToFront();
    const state = await sw.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id === undefined) return { error: 'no active tab' };
      try {
        return (await chrome.tabs.sendMessage(tab.id, { type: 'hersys-assist/get-state' })) ?? { error: 'no answer' };
      } catch (e) {
        return { error: String(e) }; // no content script in that tab (yet)
      }
    });
    if (!('error' in state)) return state;
    if (Date.now() > deadline) throw new Error(`no content script answered in ${page.url()} (${state.error})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves after `n` animation frames of `page` (layers that follow layout redraw in frames). */
export function frames(page: Page, n = 3): Promise<void> {
  return page.evaluate(
    (count: number) =>
      new Promise<void>((resolve) => {
        const step = (left: number) => (left <= 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(count);
      }),
    n,
  );
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
