/**
 * Helpers for the audit browser tests and benchmark: bundles tests/e2e/audit-page.entry.ts
 * the way WXT bundles the extension (wxt/browser → webextension-polyfill) and evaluates it in
 * an extension page, and dumps every IndexedDB database and storage area of the extension.
 */
import { buildSync } from 'esbuild';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '../..');
let bundle: string | null = null;

export function auditPageBundle(): string {
  bundle ??= buildSync({
    entryPoints: [path.join(ROOT, 'tests/e2e/audit-page.entry.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    alias: { 'wxt/browser': '@wxt-dev/webextension-polyfill/browser' },
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return bundle;
}

/** Opens the extension's audit viewer page and loads the test API into it. */
export async function openAuditPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/audit.html`);
  await page.evaluate(auditPageBundle());
  return page;
}

/** Every IndexedDB database (all stores: keys and values) and every chrome.storage area of the extension, as JSON. */
export async function dumpExtensionStorage(page: Page): Promise<{ idb: Record<string, Record<string, unknown>>; storage: Record<string, unknown> }> {
  return page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const idb: Record<string, Record<string, unknown>> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await req(indexedDB.open(info.name));
      const stores: Record<string, unknown> = {};
      for (const name of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(name);
        const store = tx.objectStore(name);
        const indexes: Record<string, unknown> = {};
        for (const ix of Array.from(store.indexNames)) {
          // The index keys themselves (what an index stores), not only the primary keys.
          const keys: unknown[] = [];
          await new Promise<void>((resolve, reject) => {
            const r = store.index(ix).openKeyCursor();
            r.onerror = () => reject(r.error);
            r.onsuccess = () => {
              const cur = r.result;
              if (!cur) return resolve();
              keys.push(cur.key);
              cur.continue();
            };
          });
          indexes[ix] = keys;
        }
        stores[name] = { keys: await req(store.getAllKeys()), values: await req(store.getAll()), indexes };
      }
      db.close();
      idb[info.name] = stores;
    }
    const c = (globalThis as unknown as { chrome: { storage: Record<string, { get: (k: null) => Promise<unknown> }> } }).chrome;
    const storage: Record<string, unknown> = {};
    for (const area of ['local', 'sync', 'session']) storage[area] = await c.storage[area]!.get(null);
    return { idb, storage };
  });
}
