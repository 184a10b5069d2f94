/**
 * `npm start -- --headless` end to end: the demo build of the extension
 * (`wxt build --mode demo` → chrome-mv3-demo, built by scripts/test-all.mjs, or here when
 * missing) in Chromium, the sandbox on 127.0.0.1, every sample scenario driven on the
 * replica screens. The summary must match each scenario's expectation, each screenshot
 * must exist, and the production manifest must not reach 127.0.0.1.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXT_DIR, ROOT } from '../../scripts/browser.mjs';
import { runDemo, type DemoSummary } from '../../helper/demo';
import { OBSERVATION_SCENARIOS, SCENARIOS } from '../../shared/scenarios';

/** The demo build sits next to the production one (WXT's `-demo` mode suffix). */
const DEMO_EXT_DIR = process.env.DEMO_EXT_DIR ?? `${EXT_DIR}-demo`;
const SANDBOX = 'http://127.0.0.1/*';

interface Manifest {
  content_scripts?: { matches?: string[] }[];
  host_permissions?: string[];
  web_accessible_resources?: { matches?: string[] }[];
}
const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
/** Where the extension runs or has access up front (optional origins the user grants later are not counted). */
const reaches = (m: Manifest) => [...(m.content_scripts ?? []).flatMap((c) => c.matches ?? []), ...(m.host_permissions ?? [])];

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  if (existsSync(path.join(DEMO_EXT_DIR, 'manifest.json'))) return;
  test.setTimeout(240_000);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = spawnSync(npx, ['wxt', 'build', '--mode', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, WXT_OUT_DIR: path.dirname(DEMO_EXT_DIR) },
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) throw new Error(`wxt build --mode demo failed (${r.status})`);
});

test('the demo build also runs on the 127.0.0.1 sandbox; the production build does not', () => {
  const demo = manifestOf(DEMO_EXT_DIR);
  expect(demo.content_scripts?.[0]?.matches).toEqual(['https://*.cov19.mhlw.go.jp/*', SANDBOX]);
  expect(demo.host_permissions).toContain(SANDBOX);
  expect(demo.web_accessible_resources?.every((w) => w.matches?.includes(SANDBOX))).toBe(true);
  const prod = manifestOf(EXT_DIR);
  expect(prod.content_scripts?.[0]?.matches).toEqual(['https://*.cov19.mhlw.go.jp/*']);
  expect(reaches(prod).filter((m) => !m.startsWith('https://*.cov19.mhlw.go.jp/'))).toEqual([]);
});

test('headless demo: every sample scenario shows its expected tier, problems and hold-back, with a screenshot each', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const outDir = testInfo.outputPath('demo-output');
  const lines: string[] = [];
  const started = Date.now();
  const code = await runDemo({ root: ROOT, extDir: DEMO_EXT_DIR, outDir, headless: true, port: 0, log: (l) => lines.push(l) });
  const seconds = (Date.now() - started) / 1000;
  testInfo.annotations.push({ type: 'demo seconds', description: seconds.toFixed(1) });

  const summary = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as DemoSummary;
  expect(summary.sandbox).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(summary.rows.map((r) => r.scenario)).toEqual([...SCENARIOS.map((s) => s.id), ...OBSERVATION_SCENARIOS.map((s) => s.id)]);

  for (const [i, s] of SCENARIOS.entries()) {
    const r = summary.rows[i]!;
    if (r.screen !== 'notification') throw new Error(`${s.id} ran on ${r.screen}`);
    expect.soft(r.overlay && r.styled, `${s.id}: overlay shown and styled`).toBe(true);
    expect.soft(r.tierShown, `${s.id}: tier`).toBe(s.expect.tier);
    expect.soft(r.blocked, `${s.id}: submit held back`).toBe(s.expect.blocked);
    expect.soft(r.submitted, `${s.id}: submit went through to 受付`).toBe(!s.expect.blocked);
    expect.soft([...r.problemsShown].sort(), `${s.id}: problems`).toEqual([...s.expect.codes].sort());
    expect.soft(r.ok, `${s.id}: ok`).toBe(true);
    if (r.blocked) expect.soft(existsSync(path.join(ROOT, r.screenshot.replace(/\.png$/, '-blocked.png'))), `${s.id}: blocked screenshot`).toBe(true);
  }
  for (const [j, s] of OBSERVATION_SCENARIOS.entries()) {
    const r = summary.rows[SCENARIOS.length + j]!;
    if (r.screen !== 'observation-list') throw new Error(`${s.id} ran on ${r.screen}`);
    expect.soft(r.overlay && r.styled, `${s.id}: overlay shown and styled`).toBe(true);
    expect.soft(r.statusShown, `${s.id}: status`).toBe(s.expect.status);
    expect.soft(r.countsShown, `${s.id}: counts`).toEqual(s.expect.counts);
    expect.soft(r.ok, `${s.id}: ok`).toBe(true);
  }
  for (const [i, r] of summary.rows.entries()) {
    const file = path.join(ROOT, r.screenshot);
    expect(path.basename(file)).toBe(`${String(i + 1).padStart(2, '0')}-${r.scenario}.png`);
    expect(path.dirname(file)).toBe(outDir);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 8).toString('hex'), `${r.scenario}: a PNG`).toBe('89504e470d0a1a0a');
    expect(statSync(file).size, `${r.scenario}: not empty`).toBeGreaterThan(10_000);
  }
  expect(summary).toMatchObject({ failed: 0, overlayMissing: 0, scenarios: SCENARIOS.length + OBSERVATION_SCENARIOS.length });
  expect(lines.join('\n')).toContain(`${summary.scenarios}/${summary.scenarios} scenarios as expected`);
  expect(code).toBe(0);
});

test('a scenario that does not show what it promises makes the demo exit 1, and says which', async ({}, testInfo) => {
  test.setTimeout(90_000);
  const outDir = testInfo.outputPath('demo-output');
  const clean = SCENARIOS.find((s) => s.id === 'clean-low-risk')!;
  const list = OBSERVATION_SCENARIOS[0]!;
  const lines: string[] = [];
  const code = await runDemo({
    root: ROOT,
    extDir: DEMO_EXT_DIR,
    outDir,
    headless: true,
    port: 0,
    log: (l) => lines.push(l),
    // Wrong on purpose: a clean low-risk case is not 重点観察, the list has 3 critical rows.
    scenarios: [{ ...clean, id: 'wrong-tier', expect: { ...clean.expect, tier: 'priority' } }],
    observationScenarios: [{ ...list, id: 'wrong-counts', expect: { ...list.expect, counts: { ...list.expect.counts, critical: 2 } } }],
  });
  expect(code).toBe(1);
  const summary = JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as DemoSummary;
  expect(summary).toMatchObject({ scenarios: 2, failed: 2, overlayMissing: 0 });
  expect(summary.rows.map((r) => [r.scenario, r.overlay, r.ok])).toEqual([
    ['wrong-tier', true, false],
    ['wrong-counts', true, false],
  ]);
  expect(summary.rows[0]).toMatchObject({ tierShown: 'standard' });
  expect(lines.join('\n')).toContain('0/2 scenarios as expected');
});

test('the demo refuses a build that does not run on 127.0.0.1 (the production one) with exit 1', async ({}, testInfo) => {
  const outDir = testInfo.outputPath('demo-output');
  const code = await runDemo({ root: ROOT, extDir: EXT_DIR, outDir, headless: true, port: 0, log: () => undefined });
  expect(code).toBe(1);
  expect(existsSync(path.join(outDir, 'summary.json'))).toBe(false);
});
