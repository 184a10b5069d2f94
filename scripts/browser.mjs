// Launching Chromium with the built extension (browser tests, benchmarks, the demo).
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findChromium } from './find-chromium.mjs';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const EXT_DIR = process.env.EXT_DIR ?? path.join(ROOT, '.output/chrome-mv3');

/** Flags for a quiet Chromium on a closed network (no background requests, no sandbox as root). */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A persistent context with the extension at `extDir` loaded (built first with `npm run build`). */
export async function launchWithExtension({ extDir = EXT_DIR, headless = true, viewport } = {}) {
  if (!existsSync(path.join(extDir, 'manifest.json'))) {
    throw new Error(`The extension is not built at ${extDir}: run \`npm run build\` first.`);
  }
  return chromium.launchPersistentContext('', {
    executablePath: findChromium(),
    headless,
    ...(viewport ? { viewport } : {}),
    args: [...BROWSER_ARGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
}

/** The extension's service worker (waits for it to start). */
export async function serviceWorker(context) {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}
