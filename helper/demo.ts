/**
 * The demo behind `npm start`: Chromium with the built extension on the 発生届 replica,
 * served at the HER-SYS origin by request interception (nothing leaves the machine).
 *
 * - With a display (and without --headless): opens the replica for you to try; close the
 *   browser window to finish.
 * - Headless (no display, CI, or --headless): drives every sample scenario, saves a
 *   screenshot of each to demo-output/, writes demo-output/summary.json and prints a table.
 *   Exits 1 when the overlay did not appear or a scenario did not show what it promises.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchWithExtension } from '../scripts/browser.mjs';
import { SCENARIOS, type Scenario } from '../shared/scenarios';
import { fill, hostState } from './page-driver';

const HERSYS = 'https://stop.cov19.mhlw.go.jp';
const FORM_PATH = '/hersys/notification';

interface Options {
  root: string;
  extDir: string;
  outDir: string;
  headless: boolean;
}

export interface DemoRow {
  scenario: string;
  title: string;
  tierShown: string | null;
  statusShown: string | null;
  problemsShown: string[];
  blocked: boolean;
  screenshot: string;
  expected: Scenario['expect'];
  ok: boolean;
}

async function launch(o: Options): Promise<BrowserContext> {
  const context = await launchWithExtension({ extDir: o.extDir, headless: o.headless, viewport: { width: 1280, height: 900 } });
  const formHtml = readFileSync(path.join(o.root, 'tests/fixtures/pages/notification-basic.html'), 'utf8');
  await context.route(`${HERSYS}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === FORM_PATH) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: formHtml });
    // The replica's submit posts back to the form: answer with a short confirmation page.
    if (url.pathname.startsWith('/hersys/')) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="ja"><body><p>（デモ）発生届を受け付けました。</p></body></html>' });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });
  return context;
}

async function waitForOverlay(page: Page, timeoutMs = 10_000): Promise<boolean> {
  try {
    await page.waitForFunction(() => document.querySelector('hersys-assist')?.getAttribute('data-status'), undefined, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

async function shownCodes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(document.querySelector('hersys-assist')?.shadowRoot?.querySelectorAll('.panel .groups li[data-code]') ?? [])].map(
      (li) => li.getAttribute('data-code') ?? '',
    ),
  );
}

async function runScenario(context: BrowserContext, s: Scenario, index: number, o: Options): Promise<DemoRow> {
  const page = await context.newPage();
  const shot = path.join(o.outDir, `${String(index + 1).padStart(2, '0')}-${s.id}.png`);
  const row: DemoRow = {
    scenario: s.id,
    title: s.titleJa,
    tierShown: null,
    statusShown: null,
    problemsShown: [],
    blocked: false,
    screenshot: path.relative(o.root, shot),
    expected: s.expect,
    ok: false,
  };
  try {
    await page.goto(`${HERSYS}${FORM_PATH}`);
    if (!(await waitForOverlay(page))) {
      await page.screenshot({ path: shot });
      return row;
    }
    await fill(page, s.record);
    if (s.pressMyHersys) await page.click('#btn-myhersys');
    await page.waitForTimeout(300);
    const state = await hostState(page);
    row.tierShown = state['data-tier'] ?? null;
    row.statusShown = state['data-status'] ?? null;
    row.problemsShown = await shownCodes(page);
    await page.screenshot({ path: shot });
    await page.click('#btn-submit');
    await page.waitForTimeout(200);
    row.blocked = (await hostState(page))['data-guard'] === 'blocked';
    if (row.blocked) {
      await page.screenshot({ path: shot.replace(/\.png$/, '-blocked.png') });
      await page.keyboard.press('Escape');
    }
    row.ok =
      row.tierShown === s.expect.tier &&
      row.blocked === s.expect.blocked &&
      JSON.stringify([...row.problemsShown].sort()) === JSON.stringify([...s.expect.codes].sort());
    return row;
  } catch (e) {
    console.error(`${s.id}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return row;
  } finally {
    await page.close();
  }
}

function printTable(rows: readonly DemoRow[]): void {
  const head = ['scenario', 'tier', 'status', 'blocked', 'problems', 'ok'];
  const body = rows.map((r) => [r.scenario, r.tierShown ?? '(no overlay)', r.statusShown ?? '', r.blocked ? 'yes' : 'no', r.problemsShown.join(' ') || '-', r.ok ? '✓' : '✗']);
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => b[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i]! ? c.slice(0, widths[i]! - 1) + '…' : c.padEnd(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

export async function runDemo(o: Options): Promise<number> {
  if (!existsSync(path.join(o.extDir, 'manifest.json'))) {
    console.error(`拡張機能がビルドされていません / The extension is not built: ${o.extDir}`);
    return 1;
  }
  const context = await launch(o);
  try {
    if (!o.headless) {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${HERSYS}${FORM_PATH}`);
      const shown = await waitForOverlay(page);
      console.log(
        shown
          ? '発生届の複製画面を開きました。入力すると右下のパネルが更新されます。ブラウザを閉じると終了します。\nThe 発生届 replica is open: type into it and watch the panel. Close the browser to finish.'
          : 'オーバーレイが表示されませんでした / The overlay did not appear.',
      );
      if (!shown) return 1;
      await new Promise<void>((resolve) => context.on('close', () => resolve()));
      return 0;
    }
    mkdirSync(o.outDir, { recursive: true });
    const rows: DemoRow[] = [];
    for (const [i, s] of SCENARIOS.entries()) rows.push(await runScenario(context, s, i, o));
    const overlayMissing = rows.filter((r) => r.tierShown === null).length;
    const failed = rows.filter((r) => !r.ok).length;
    writeFileSync(
      path.join(o.outDir, 'summary.json'),
      JSON.stringify({ generatedAt: new Date().toISOString(), scenarios: rows.length, failed, overlayMissing, rows }, null, 2) + '\n',
    );
    printTable(rows);
    console.log(`\n${rows.length - failed}/${rows.length} scenarios as expected · screenshots and summary.json in ${path.relative(o.root, o.outDir) || '.'}/`);
    if (overlayMissing > 0) console.error(`オーバーレイが表示されなかったシナリオ: ${overlayMissing} / overlay missing in ${overlayMissing} scenario(s)`);
    return overlayMissing > 0 || failed > 0 ? 1 : 0;
  } finally {
    await context.close().catch(() => undefined);
  }
}
