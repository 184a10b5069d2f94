/**
 * The demo behind `npm start`: the sandbox (`hersys-assist sandbox`, in-process, on
 * 127.0.0.1) serves the replica screens, and Chromium opens them with the demo build of the
 * extension (`wxt build --mode demo`, whose manifest also matches http://127.0.0.1/*).
 * Nothing leaves the machine.
 *
 * - With a display (and without --headless): opens the 発生届 replica for you to try; close
 *   the browser window to finish.
 * - Headless (no display, CI, or --headless): drives every sample scenario (the 発生届 ones
 *   and the 対象者一覧), saves a screenshot of each to `<outDir>/NN-<id>.png`, writes
 *   `<outDir>/summary.json` and prints a table. Returns 1 when the overlay did not appear or
 *   a scenario did not show what it promises.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchWithExtension } from '../scripts/browser.mjs';
import { OBSERVATION_SCENARIOS, SCENARIOS, type ObservationScenario, type Scenario } from '../shared/scenarios';
import { fill, hostState } from './page-driver';
import { DEFAULT_SANDBOX_PORT, SandboxError, startSandbox, type Sandbox } from './sandbox';

export interface DemoOptions {
  root: string;
  /** The demo build of the extension (…/chrome-mv3-demo). */
  extDir: string;
  outDir: string;
  headless: boolean;
  /** Sandbox port (default 5178; a free one when that is taken). */
  port?: number;
  /** Progress lines (default console.log). */
  log?: (line: string) => void;
  /** The scenarios to drive (default: every sample, SCENARIOS then OBSERVATION_SCENARIOS). */
  scenarios?: readonly Scenario[];
  observationScenarios?: readonly ObservationScenario[];
}

interface RowBase {
  scenario: string;
  title: string;
  /** The replica screen the scenario ran on. */
  screen: 'notification' | 'observation-list';
  /** Our `<hersys-assist>` host appeared with a status. */
  overlay: boolean;
  /** Its panel is laid out by our stylesheet (a fixed box over the page), not bare text. */
  styled: boolean;
  statusShown: string | null;
  screenshot: string;
  ok: boolean;
}

export interface NotificationRow extends RowBase {
  screen: 'notification';
  tierShown: string | null;
  problemsShown: string[];
  /** The submit was held back (the guard's dialog showed). */
  blocked: boolean;
  /** The submit went through to the 受付 page. */
  submitted: boolean;
  expected: Scenario['expect'];
}

export interface ObservationRow extends RowBase {
  screen: 'observation-list';
  /** Rows the overlay marked per level (`data-hersys-assist-alert`). */
  countsShown: { critical: number; warning: number; unanswered: number } | null;
  expected: ObservationScenario['expect'];
}

export type DemoRow = NotificationRow | ObservationRow;

export interface DemoSummary {
  generatedAt: string;
  sandbox: string;
  scenarios: number;
  failed: number;
  overlayMissing: number;
  rows: DemoRow[];
}

async function waitForOverlay(page: Page, timeoutMs = 10_000): Promise<boolean> {
  try {
    await page.waitForFunction(() => document.querySelector('hersys-assist')?.getAttribute('data-status'), undefined, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** The overlay's stylesheet applies: the panel is a fixed box (unstyled, it would flow with the page). */
async function panelStyled(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const panel = document.querySelector('hersys-assist')?.shadowRoot?.querySelector('.panel');
    return panel ? getComputedStyle(panel).position === 'fixed' : false;
  });
}

async function shownCodes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(document.querySelector('hersys-assist')?.shadowRoot?.querySelectorAll('.panel .groups li[data-code]') ?? [])].map(
      (li) => li.getAttribute('data-code') ?? '',
    ),
  );
}

const shotPath = (o: DemoOptions, index: number, id: string) => path.join(o.outDir, `${String(index + 1).padStart(2, '0')}-${id}.png`);
const sameCodes = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

async function runNotification(context: BrowserContext, sandbox: Sandbox, s: Scenario, index: number, o: DemoOptions): Promise<NotificationRow> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const shot = shotPath(o, index, s.id);
  const row: NotificationRow = {
    scenario: s.id,
    title: s.titleJa,
    screen: 'notification',
    overlay: false,
    styled: false,
    tierShown: null,
    statusShown: null,
    problemsShown: [],
    blocked: false,
    submitted: false,
    screenshot: path.relative(o.root, shot),
    expected: s.expect,
    ok: false,
  };
  try {
    await page.goto(sandbox.notificationUrl);
    row.overlay = await waitForOverlay(page);
    if (!row.overlay) {
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
    row.styled = await panelStyled(page);
    await page.screenshot({ path: shot });
    // A held-back submit keeps the page and shows the dialog; a clean one goes on to 受付.
    const outcome = await Promise.race([
      page.waitForURL('**/hersys/accepted.html', { timeout: 5000 }).then(() => 'submitted' as const),
      page
        .waitForFunction(() => document.querySelector('hersys-assist')?.getAttribute('data-guard') === 'blocked', undefined, { timeout: 5000 })
        .then(() => 'blocked' as const),
      // The click only starts it (its own failure shows as neither outcome).
      page.click('#btn-submit').then(
        () => new Promise<never>(() => undefined),
        () => new Promise<never>(() => undefined),
      ),
    ]).catch(() => 'neither' as const);
    row.blocked = outcome === 'blocked';
    row.submitted = outcome === 'submitted';
    if (row.blocked) {
      await page.screenshot({ path: shot.replace(/\.png$/, '-blocked.png') });
      await page.keyboard.press('Escape');
    }
    row.ok =
      outcome !== 'neither' && row.styled && row.tierShown === s.expect.tier && row.blocked === s.expect.blocked && sameCodes(row.problemsShown, s.expect.codes);
    return row;
  } catch (e) {
    console.error(`${s.id}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return row;
  } finally {
    await page.close();
  }
}

async function runObservation(context: BrowserContext, sandbox: Sandbox, s: ObservationScenario, index: number, o: DemoOptions): Promise<ObservationRow> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const shot = shotPath(o, index, s.id);
  const row: ObservationRow = {
    scenario: s.id,
    title: s.titleJa,
    screen: 'observation-list',
    overlay: false,
    styled: false,
    statusShown: null,
    countsShown: null,
    screenshot: path.relative(o.root, shot),
    expected: s.expect,
    ok: false,
  };
  try {
    await page.goto(sandbox.urlOf(s.screen));
    row.overlay = await waitForOverlay(page);
    if (!row.overlay) {
      await page.screenshot({ path: shot });
      return row;
    }
    // Every row of the list carries its level once the overlay has read the table.
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('table tbody tr');
      return rows.length > 0 && [...rows].every((r) => r.hasAttribute('data-hersys-assist-alert'));
    });
    row.statusShown = (await hostState(page))['data-status'] ?? null;
    row.styled = await panelStyled(page);
    row.countsShown = await page.evaluate(() => {
      const n = (level: string) => document.querySelectorAll(`tr[data-hersys-assist-alert="${level}"]`).length;
      return { critical: n('critical'), warning: n('warning'), unanswered: n('unanswered') };
    });
    await page.screenshot({ path: shot, fullPage: true });
    row.ok = row.styled && row.statusShown === s.expect.status && JSON.stringify(row.countsShown) === JSON.stringify(s.expect.counts);
    return row;
  } catch (e) {
    console.error(`${s.id}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return row;
  } finally {
    await page.close();
  }
}

export function formatTable(rows: readonly DemoRow[]): string {
  const head = ['scenario', 'tier', 'status', 'blocked', 'problems / alerts', 'ok'];
  const body = rows.map((r) =>
    r.screen === 'notification'
      ? [r.scenario, r.overlay ? (r.tierShown ?? '') : '(no overlay)', r.statusShown ?? '', r.blocked ? 'yes' : 'no', [...new Set(r.problemsShown)].join(' ') || '-', r.ok ? '✓' : '✗']
      : [
          r.scenario,
          r.overlay ? '-' : '(no overlay)',
          r.statusShown ?? '',
          '-',
          r.countsShown ? `critical ${r.countsShown.critical} · warning ${r.countsShown.warning} · unanswered ${r.countsShown.unanswered}` : '-',
          r.ok ? '✓' : '✗',
        ],
  );
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => b[i]!.length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i]! ? c.slice(0, widths[i]! - 1) + '…' : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The sandbox on the wanted port, or on a free one when that port is taken. */
async function sandboxOn(port: number, log: (l: string) => void): Promise<Sandbox> {
  try {
    return await startSandbox({ port });
  } catch (e) {
    if (!(e instanceof SandboxError) || port === 0) throw e;
    log(`ポート ${port} が使えないため空いているポートを使います / Port ${port} unavailable, using a free one`);
    return startSandbox({ port: 0 });
  }
}

export async function runDemo(o: DemoOptions): Promise<number> {
  const log = o.log ?? ((l: string) => console.log(l));
  if (!existsSync(path.join(o.extDir, 'manifest.json'))) {
    console.error(`拡張機能（デモ版）がビルドされていません / The demo build of the extension is missing: ${o.extDir} (npx wxt build --mode demo)`);
    return 1;
  }
  const manifest = JSON.parse(readFileSync(path.join(o.extDir, 'manifest.json'), 'utf8')) as { content_scripts?: { matches?: string[] }[] };
  if (!manifest.content_scripts?.some((c) => c.matches?.includes('http://127.0.0.1/*'))) {
    console.error(`この拡張機能は 127.0.0.1 で動きません（デモ版は wxt build --mode demo） / This build does not run on 127.0.0.1; build the demo variant: ${o.extDir}`);
    return 1;
  }
  const sandbox = await sandboxOn(o.port ?? DEFAULT_SANDBOX_PORT, log);
  let context: BrowserContext | null = null;
  try {
    log(`複製画面 / Replica screens: ${sandbox.origin}/ (127.0.0.1)`);
    context = await launchWithExtension({ extDir: o.extDir, headless: o.headless, viewport: { width: 1280, height: 900 } });
    if (!o.headless) {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(sandbox.notificationUrl);
      const shown = await waitForOverlay(page);
      log(
        shown
          ? `発生届の複製画面を開きました。入力すると右下のパネルが更新されます。サンプル患者の一覧は ${sandbox.origin}/ にあります。ブラウザを閉じると終了します。\n` +
              `The 発生届 replica is open: type into it and watch the panel. Sample patients: ${sandbox.origin}/. Close the browser to finish.`
          : 'オーバーレイが表示されませんでした / The overlay did not appear.',
      );
      if (!shown) return 1;
      const ctx = context;
      await new Promise<void>((resolve) => ctx.on('close', () => resolve()));
      return 0;
    }
    mkdirSync(o.outDir, { recursive: true });
    const rows: DemoRow[] = [];
    for (const s of o.scenarios ?? SCENARIOS) rows.push(await runNotification(context, sandbox, s, rows.length, o));
    for (const s of o.observationScenarios ?? OBSERVATION_SCENARIOS) rows.push(await runObservation(context, sandbox, s, rows.length, o));
    const overlayMissing = rows.filter((r) => !r.overlay).length;
    const failed = rows.filter((r) => !r.ok).length;
    const summary: DemoSummary = { generatedAt: new Date().toISOString(), sandbox: sandbox.origin, scenarios: rows.length, failed, overlayMissing, rows };
    writeFileSync(path.join(o.outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    log(formatTable(rows));
    log(`\n${rows.length - failed}/${rows.length} scenarios as expected · screenshots and summary.json in ${path.relative(o.root, o.outDir) || '.'}/`);
    if (overlayMissing > 0) console.error(`オーバーレイが表示されなかったシナリオ: ${overlayMissing} / overlay missing in ${overlayMissing} scenario(s)`);
    return overlayMissing > 0 || failed > 0 ? 1 : 0;
  } finally {
    await context?.close().catch(() => undefined);
    await sandbox.close();
  }
}
