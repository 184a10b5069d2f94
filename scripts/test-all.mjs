#!/usr/bin/env node
// `npm test`: type-checks, builds the extension and the CLI, runs every unit test (vitest) and every
// browser test (Playwright, Debian's Chromium), and ends with one line over all suites:
// `N passed, M failed`. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findChromium } from './find-chromium.mjs';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let passed = 0;
let failed = 0;
const notes = [];

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// 0. Type-check the whole project (sources, tests, scripts' declarations): one suite.
if (run(npx, ['tsc', '--noEmit', '-p', '.']) !== 0) {
  failed++;
  notes.push('type-check failed');
} else {
  passed++;
}

// 1. Build (the browser tests load the built extension).
if (run(npx, ['wxt', 'build']) !== 0) {
  failed++;
  notes.push('build failed');
}
// The demo variant (npm start, tests/e2e/demo.spec.ts): the same extension, also on http://127.0.0.1/*.
if (run(npx, ['wxt', 'build', '--mode', 'demo']) !== 0) {
  failed++;
  notes.push('demo build failed');
}
if (run(process.execPath, ['scripts/build-cli.mjs']) !== 0) {
  failed++;
  notes.push('CLI build failed');
}

// 2. Unit tests.
const vitestJson = path.join(out, 'vitest.json');
rmSync(vitestJson, { force: true });
const vStatus = run(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0);
  if (vStatus !== 0 && (v.numFailedTests ?? 0) === 0) {
    failed++;
    notes.push('vitest exited non-zero (a suite failed to load)');
  }
} else {
  failed++;
  notes.push('vitest wrote no report');
}

// 3. Browser tests.
let chromiumPath = null;
try {
  chromiumPath = findChromium();
} catch (e) {
  notes.push(String(e instanceof Error ? e.message : e));
}
if (chromiumPath) {
  const pwJson = path.join(out, 'playwright.json');
  rmSync(pwJson, { force: true });
  const pStatus = run(npx, ['playwright', 'test', '--reporter=list,json'], {
    CHROMIUM_PATH: chromiumPath,
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  const p = readJson(pwJson);
  if (p?.stats) {
    passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
    failed += p.stats.unexpected ?? 0;
    if (pStatus !== 0 && !(p.stats.unexpected > 0)) {
      failed++;
      notes.push('playwright exited non-zero');
    }
  } else {
    failed++;
    notes.push('playwright wrote no report');
  }
} else {
  failed++;
}

for (const n of notes) console.log(`note: ${n}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
