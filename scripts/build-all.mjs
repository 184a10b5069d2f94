#!/usr/bin/env node
// `npm run build:all`: the three release packages, checked.
//   1. `wxt zip` (Chrome MV3), `wxt zip -b edge` (Edge: the same code and manifest) and
//      `wxt zip -b firefox --mv3` (Firefox MV3, with its sources zip for AMO review);
//   2. `web-ext lint` on the Firefox build: fails on any error (warnings are printed);
//   3. each Chromium-family zip is unpacked to a temporary folder and loaded in Chromium: the
//      service worker must start, the Options page must render, and the manifest must be the one
//      in the zip (skipped, with the reason, when no Chromium is found or with --no-load).
// Ends with a table of the zips and their sizes. Exits non-zero when any step failed.
// WXT_OUT_DIR selects the output folder as for `wxt build` (default `.output`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(root, process.env.WXT_OUT_DIR ?? '.output');
const args = new Set(process.argv.slice(2));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const failures = [];

function run(cmd, argv, opts = {}) {
  console.log(`\n$ ${cmd} ${argv.join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: process.env });
  return { status: r.status ?? 1, stdout: r.stdout ?? '' };
}

// 1. Packages.
const targets = [
  { browser: 'chrome', argv: ['wxt', 'zip'], dir: 'chrome-mv3' },
  { browser: 'edge', argv: ['wxt', 'zip', '-b', 'edge'], dir: 'edge-mv3' },
  { browser: 'firefox', argv: ['wxt', 'zip', '-b', 'firefox', '--mv3'], dir: 'firefox-mv3' },
];
for (const t of targets) {
  if (run(npx, t.argv).status !== 0) failures.push(`wxt zip (${t.browser}) failed`);
}
const zipOf = (browser) => path.join(outDir, `${pkg.name}-${pkg.version}-${browser}.zip`);

// 2. web-ext lint on the Firefox build.
let lint = null;
{
  const r = run(npx, ['web-ext', 'lint', '--source-dir', path.join(outDir, 'firefox-mv3'), '--output', 'json', '--no-config-discovery'], { capture: true });
  try {
    lint = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  } catch {
    failures.push('web-ext lint printed no report');
  }
  if (lint) {
    for (const kind of ['errors', 'warnings', 'notices']) {
      for (const m of lint[kind] ?? []) console.log(`  ${kind.slice(0, -1)} ${m.code}${m.file ? ` (${m.file})` : ''}: ${m.message}`);
    }
    console.log(`web-ext lint: ${lint.summary.errors} errors, ${lint.summary.warnings} warnings, ${lint.summary.notices} notices`);
    if (lint.summary.errors > 0) failures.push(`web-ext lint: ${lint.summary.errors} error(s)`);
  }
  writeFileSync(path.join(outDir, 'web-ext-lint.json'), JSON.stringify(lint, null, 2));
}

// 3. Load the Chromium-family zips.
const loads = [];
if (!args.has('--no-load')) {
  let findChromium;
  let chromiumPath = null;
  try {
    ({ findChromium } = await import('./find-chromium.mjs'));
    chromiumPath = findChromium();
  } catch (e) {
    console.log(`load check skipped: ${e instanceof Error ? e.message : e}`);
  }
  if (chromiumPath) {
    const requireFromWxt = createRequire(createRequire(import.meta.url).resolve('wxt'));
    const JSZip = requireFromWxt('jszip');
    const { launchWithExtension, serviceWorker } = await import('./browser.mjs');
    for (const browser of ['chrome', 'edge']) {
      const zipPath = zipOf(browser);
      const dir = mkdtempSync(path.join(os.tmpdir(), `hersys-assist-${browser}-`));
      let context;
      try {
        const zip = await JSZip.loadAsync(readFileSync(zipPath));
        for (const [name, entry] of Object.entries(zip.files)) {
          const to = path.join(dir, name);
          if (entry.dir) mkdirSync(to, { recursive: true });
          else {
            mkdirSync(path.dirname(to), { recursive: true });
            writeFileSync(to, await entry.async('nodebuffer'));
          }
        }
        context = await launchWithExtension({ extDir: dir, headless: true });
        const sw = await serviceWorker(context);
        const id = new URL(sw.url()).host;
        const manifest = await sw.evaluate(() => chrome.runtime.getManifest());
        const expected = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
        if (manifest.version !== pkg.version || manifest.version !== expected.version) throw new Error(`version ${manifest.version}, package.json ${pkg.version}`);
        const page = await context.newPage();
        await page.goto(`chrome-extension://${id}/options.html`);
        await page.locator('h1').first().waitFor({ timeout: 15_000 });
        loads.push({ browser, ok: true, detail: `service worker up, Options rendered, version ${manifest.version}` });
      } catch (e) {
        loads.push({ browser, ok: false, detail: e instanceof Error ? e.message : String(e) });
        failures.push(`loading the ${browser} zip in Chromium failed`);
      } finally {
        await context?.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}

// Summary.
console.log('\npackage                                         size');
for (const f of readdirSync(outDir).filter((f) => f.startsWith(`${pkg.name}-${pkg.version}-`) && f.endsWith('.zip')).sort()) {
  console.log(`${path.relative(root, path.join(outDir, f)).padEnd(46)} ${(statSync(path.join(outDir, f)).size / 1024).toFixed(1).padStart(7)} kB`);
}
for (const l of loads) console.log(`load ${l.browser}: ${l.ok ? 'ok' : 'FAILED'} (${l.detail})`);
if (lint) console.log(`web-ext lint (firefox-mv3): ${lint.summary.errors} errors, ${lint.summary.warnings} warnings, ${lint.summary.notices} notices`);
for (const f of failures) console.log(`FAILED: ${f}`);
process.exit(failures.length === 0 ? 0 : 1);
