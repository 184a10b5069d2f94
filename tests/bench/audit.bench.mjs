/**
 * The audit log's speed.
 *
 *   audit.append.ms.median  median round trip of one event from an extension page through the
 *                           audit client to the background until its transaction committed
 *                           (port → zod → HMAC → IndexedDB → ack), over 500 events after 30
 *                           warm-up ones, in Chromium with the built extension. Target ≤ 2 ms.
 *   audit.append.sendMessage.ms.median
 *                           the same with one-off chrome.runtime.sendMessage per event (for
 *                           reference: Chrome's per-message channel set-up alone is ~1.7 ms here).
 *   audit.export.100k.ms    the store's exportJson (the viewer's export button: read every entry,
 *                           serialise, make the Blob) on 100,000 entries, in the same browser;
 *                           median of 3 after a warm-up. Target ≤ 2,000 ms.
 *   audit.verify.100k.ms    wall time of `node bin/hersys-assist.mjs audit verify <export>` on a
 *                           100,000-entry export (node start-up included); median of 5 after a
 *                           warm-up. Target ≤ 1,000 ms.
 *
 * Builds the extension (wxt build; or uses EXT_DIR as it is) and the CLI first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { buildCli, ROOT } from '../../scripts/build-cli.mjs';
import { findChromium } from '../../scripts/find-chromium.mjs';

const N = 100_000;
const APPENDS = 500;
const WARMUP = 30;
/** The built extension; with EXT_DIR set (as for the browser tests) that build is used as it is. */
const EXT_DIR = process.env.EXT_DIR ?? join(ROOT, '.output', 'chrome-mv3');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function bundle(entry, options) {
  const r = await build({
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    logLevel: 'silent',
    alias: { 'wxt/browser': '@wxt-dev/webextension-polyfill/browser' },
    ...options,
  });
  return r.outputFiles[0].text;
}

async function browserFigures() {
  if (!process.env.EXT_DIR) {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const b = spawnSync(npx, ['wxt', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`wxt build failed: ${(b.stderr || b.stdout).split('\n').slice(-5).join(' ')}`);
  }
  const code = await bundle('tests/bench/audit-bench.entry.ts', { format: 'iife', platform: 'browser', target: 'chrome120' });

  const context = await chromium.launchPersistentContext('', {
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${EXT_DIR}`, `--load-extension=${EXT_DIR}`],
  });
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(sw.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/audit.html`);
    await page.evaluate(code);

    // Appends: one at a time through the audit client (its port), each timed until its
    // acknowledgement (= committed); then the same over one-off runtime.sendMessage.
    const times = await page.evaluate(({ total, warmup }) => globalThis.__auditBench.timeAppends(total, warmup), { total: APPENDS, warmup: WARMUP });
    const viaSendMessage = await page.evaluate(
      async ({ total, warmup }) => {
        const out = [];
        for (let i = 0; i < total + warmup; i++) {
          const msg = {
            type: 'hersys-assist/audit',
            event: {
              type: 'submit-blocked',
              page: 'notification',
              tier: 'priority',
              reasons: ['AGE_65_PLUS'],
              problems: [{ field: 'phone', code: 'PHONE_NOT_MOBILE' }],
              rulesetVersion: 'jp-2022-02-09',
              personKey: `p:090${String(10_000_000 + (i % 50))}|b:1950-01-01`,
              clientId: `bench-sm-${i}-${Math.random().toString(36).slice(2)}`,
            },
          };
          const t0 = performance.now();
          const r = await globalThis.chrome.runtime.sendMessage(msg);
          const dt = performance.now() - t0;
          if (!r || r.ok !== true) throw new Error(`sendMessage append ${i} failed: ${JSON.stringify(r)}`);
          if (i >= warmup) out.push(dt);
        }
        return out;
      },
      { total: 200, warmup: 10 },
    );

    // Export of 100k entries from a separate database seeded with the store's own chain code.
    const dbName = 'hersys-assist-audit-bench';
    const seeded = await page.evaluate(({ dbName, n }) => globalThis.__auditBench.seed(dbName, n), { dbName, n: N });
    if (seeded !== N) throw new Error(`seeded ${seeded} entries, not ${N}`);
    const exports = [];
    for (let i = 0; i < 4; i++) {
      const r = await page.evaluate((dbName) => globalThis.__auditBench.timeExport(dbName), dbName);
      if (r.bytes < N * 200) throw new Error(`export looks incomplete (${r.bytes} bytes)`);
      if (i > 0) exports.push(r.ms);
    }
    return { appendMedian: median(times), appendSendMessageMedian: median(viaSendMessage), exportMedian: median(exports) };
  } finally {
    await context.close();
  }
}

function timeProcess(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.slice(1).join(' ')} exited ${r.status}: ${r.stderr.toString().trim()}`);
  return ms;
}

async function verifyFigure() {
  const dir = mkdtempSync(join(tmpdir(), 'hersys-audit-bench-'));
  try {
    await buildCli();
    // The same generator, bundled for Node, writes an export in the viewer's format.
    const mod = join(dir, 'audit-data.mjs');
    writeFileSync(mod, await bundle('tests/bench/audit-data.ts', { format: 'esm', platform: 'node', target: 'node20' }));
    const { makeEntries } = await import(pathToFileURL(mod).href);
    const entries = makeEntries(N, Date.now());
    const last = entries[entries.length - 1];
    const file = join(dir, 'audit-100k.json');
    writeFileSync(
      file,
      `{"format":"hersys-assist-audit","version":1,"exportedAt":${JSON.stringify(new Date().toISOString())},"count":${entries.length},` +
        `"head":${JSON.stringify({ id: last.id, hash: last.hash })},"purgedBefore":null,"entries":[\n` +
        entries.map((e) => JSON.stringify(e)).join(',\n') +
        '\n]}\n',
    );
    if (statSync(file).size < N * 200) throw new Error('export file too small');
    const args = [join(ROOT, 'bin', 'hersys-assist.mjs'), 'audit', 'verify', file];
    timeProcess(args); // warm-up (and checks exit 0)
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(timeProcess(args));
    return median(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const verify = await verifyFigure();
  const { appendMedian, appendSendMessageMedian, exportMedian } = await browserFigures();
  return [
    { name: 'audit.append.ms.median', value: Math.round(appendMedian * 100) / 100, unit: 'ms' },
    { name: 'audit.append.sendMessage.ms.median', value: Math.round(appendSendMessageMedian * 100) / 100, unit: 'ms' },
    { name: 'audit.export.100k.ms', value: Math.round(exportMedian), unit: 'ms' },
    { name: 'audit.verify.100k.ms', value: Math.round(verify), unit: 'ms' },
  ];
}
