/**
 * Playwright fixtures: a persistent Chromium context with the built extension loaded
 * (`.output/chrome-mv3`, or EXT_DIR), its id from the service worker URL, and helpers to
 * serve fixture pages at the HER-SYS origin by request interception.
 */
import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findChromium } from '../../scripts/find-chromium.mjs';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const EXT_DIR = process.env.EXT_DIR ?? path.join(ROOT, '.output/chrome-mv3');
export const HERSYS = 'https://stop.cov19.mhlw.go.jp';
export const FIXTURE_PAGES = path.join(ROOT, 'tests/fixtures/pages');

export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchWithExtension(extDir = EXT_DIR): Promise<BrowserContext> {
  if (!existsSync(path.join(extDir, 'manifest.json'))) {
    throw new Error(`The extension is not built at ${extDir}: run \`npm run build\` first.`);
  }
  return chromium.launchPersistentContext('', {
    executablePath: findChromium(),
    headless: true,
    args: [...BROWSER_ARGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
}

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

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
