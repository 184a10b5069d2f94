/**
 * The desk in Chromium: import the day's file, re-tier an interview person by the answers
 * heard on the phone, mark reached by keyboard, find the state after a reload and after a
 * restart, import the next day's file (merge, changed notification flagged), export for the
 * contractor with only the chosen columns, and an axe scan of the page.
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { BROWSER_ARGS, ROOT } from '../../scripts/browser.mjs';
import { findChromium } from '../../scripts/find-chromium.mjs';

const BIN = path.join(ROOT, 'bin', 'hersys-assist.mjs');
const DAY1 = path.join(ROOT, 'tests/fixtures/desk-day1.csv');
const DAY2 = path.join(ROOT, 'tests/fixtures/desk-day2.csv');

/** Starts `hersys-assist desk` on `db`; resolves with the process and its URL (first line). */
async function startDesk(db: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [BIN, 'desk', '--db', db, '--no-open', '--as-of', '2022-02-20'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`desk did not start: ${out}`)), 30_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /^desk: (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return { proc, url };
}
async function stopDesk(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return proc.exitCode;
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  proc.kill('SIGINT');
  return exited;
}

const row = (page: Page, id: string) => page.locator(`#queue tbody tr[data-pid="${id}"]`);
const ids = (page: Page) => page.locator('#queue tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.pid ?? ''));
async function openDesk(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'queue');
}
async function importFile(page: Page, file: string) {
  await page.setInputFiles('#file', file);
  await expect(page.locator('#import-status')).toContainText('取り込みました');
}

let browser: Browser;
let dir = '';
test.beforeAll(async () => {
  // The desk page script is bundled with the CLI.
  spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  browser = await chromium.launch({ executablePath: findChromium(), args: BROWSER_ARGS });
  dir = mkdtempSync(path.join(tmpdir(), 'desk-e2e-'));
});
test.afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a day at the desk: import, interview re-tier, reached, reload, restart, next day, contractor export', async () => {
  const db = path.join(dir, 'desk.duckdb');
  let desk = await startDesk(db);
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  try {
    await openDesk(page, desk.url);
    // The token URL was traded for a cookie and removed from the address bar.
    expect(new URL(page.url()).search).toBe('');
    await expect(page.locator('#queue tbody')).toContainText('まだ取り込まれた方はいません');

    await importFile(page, DAY1);
    await expect(page.locator('#import-status')).toContainText('20 件を取り込みました（新規 20');
    await expect(page.locator('#queue tbody tr')).toHaveCount(20);
    const day1 = await ids(page);
    expect(day1.slice(0, 4)).toEqual(['41720003', '41720002', '41720001', '41720004']);
    await expect(page.locator('#count-action')).toContainText('入院調整 4');
    await expect(page.locator('#count-action')).toContainText('聴取の電話 6');
    await expect(page.locator('#count-open')).toContainText('未連絡 20 名');

    // The interview person: the checklist is what the 発生届 left open.
    await row(page, '41720013').getByRole('button').click();
    await expect(page.locator('#person-tier')).toHaveText('要聴取');
    await expect(page.locator('#ask fieldset')).toHaveCount(2);
    await expect(page.locator('#ask')).toContainText('ワクチン接種歴');
    await expect(page.locator('#person')).toContainText('松本 誠');
    // Answers heard on the phone re-tier at once: unvaccinated + immunosuppressed → priority.
    await page.selectOption('#ans-vaccine-doses', '0');
    await expect(page.locator('#detail-status')).toContainText('区分は 要聴取 のままです');
    await page.getByRole('group', { name: /免疫/ }).getByLabel('有').check();
    await expect(page.locator('#detail-status')).toContainText('区分が 要聴取 から 重点観察 に変わりました');
    await expect(page.locator('#person-tier')).toHaveText('重点観察');
    await expect(row(page, '41720013')).toHaveAttribute('data-action', 'call-first');
    await expect(page.locator('#history')).toContainText('要聴取 → 重点観察');

    // Keyboard: leave the form control, J moves to the next person, K back, R marks reached.
    await page.locator('#detail-h').click();
    const at = day1.indexOf('41720013');
    await page.keyboard.press('j');
    await expect(page.locator('#queue tbody tr.selected')).not.toHaveAttribute('data-pid', '41720013');
    await page.keyboard.press('k');
    await expect(page.locator('#queue tbody tr.selected')).toHaveAttribute('data-pid', '41720013');
    expect(at).toBeGreaterThan(0);
    await page.keyboard.press('r');
    await expect(row(page, '41720013')).toHaveAttribute('data-status', 'reached');
    await expect(page.locator('#person-status')).toContainText(/連絡済み（\d{4}-\d\d-\d\d \d\d:\d\d）/);
    // Typing in the note does not trigger the keys.
    await page.locator('#note').fill('妻の携帯に折り返し');
    await expect(row(page, '41720013')).toHaveAttribute('data-status', 'reached');
    await page.locator('#save-note').click();
    await expect(page.locator('#detail-status')).toHaveText('保存しました');

    // Reload, then restart the desk on the same database: the state is there.
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'queue');
    await expect(row(page, '41720013')).toHaveAttribute('data-status', 'reached');
    expect(await stopDesk(desk.proc)).toBe(0);
    desk = await startDesk(db);
    await openDesk(page, desk.url);
    await expect(row(page, '41720013')).toHaveAttribute('data-tier', 'priority');
    await expect(row(page, '41720013')).toHaveAttribute('data-status', 'reached');
    await row(page, '41720013').getByRole('button').click();
    await expect(page.locator('#note')).toHaveValue('妻の携帯に折り返し');

    // Day 2: 41720016–20 again (41720018's birthdate corrected by the clinic), 21–30 new.
    await expect(row(page, '41720018')).toHaveAttribute('data-action', 'check-notification');
    await importFile(page, DAY2);
    await expect(page.locator('#import-status')).toContainText('15 件を取り込みました（新規 10、更新 5、発生届の変更 1）');
    await expect(page.locator('#queue tbody tr')).toHaveCount(30);
    await expect(row(page, '41720018').locator('.changed')).toHaveCount(1);
    await expect(row(page, '41720018')).not.toHaveAttribute('data-action', 'check-notification');
    await expect(row(page, '41720013')).toHaveAttribute('data-status', 'reached');
    expect(new Set(await ids(page)).size).toBe(30);

    // Filters: not yet reached, one channel.
    await page.locator('#filter-open').check();
    await expect(page.locator('#queue tbody tr')).toHaveCount(29);
    await page.locator('#filter-open').uncheck();
    await page.selectOption('#filter-action', 'call-first');
    const callFirst = await page.locator('#queue tbody tr').count();
    expect(callFirst).toBeGreaterThan(1);

    // Contractor export of the rows shown: the default columns, only them.
    const labels = await page.locator('#export-columns input:checked').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value));
    expect(labels).toEqual(['rank', 'id', 'name', 'phone', 'channel', 'tier']);
    await expect(page.locator('#export-rows')).toHaveText(`対象 ${callFirst} 名`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-button').click()]);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.subarray(3).toString('utf8').trim()).data;
    expect(rows[0]).toEqual(['順位', 'HER-SYS ID', '氏名', '電話番号', '連絡手段', '区分']);
    expect(rows).toHaveLength(callFirst + 1);
    expect(rows.find((r) => r[1] === '41720013')?.slice(2)).toEqual(['松本 誠', '080-7371-4459', 'My HER-SYS', '重点観察']);
    expect(bytes.toString('utf8')).not.toContain('東京都');
    await expect(page.locator('#export-status')).toContainText(`${callFirst} 名分を書き出しました`);
  } finally {
    await context.close();
    await stopDesk(desk.proc);
  }
});

test('the desk page has no serious accessibility problem (axe)', async () => {
  const desk = await startDesk(path.join(dir, 'axe.duckdb'));
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await openDesk(page, desk.url);
    await importFile(page, DAY1);
    await row(page, '41720013').getByRole('button').click();
    await expect(page.locator('#ask fieldset')).toHaveCount(2);
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    expect(serious).toEqual([]);
  } finally {
    await context.close();
    await stopDesk(desk.proc);
  }
});
