/**
 * The observation screens (contract §6, issue 5) in the real browser with the built
 * extension, fixture pages served at the HER-SYS origin: row attributes, summary counts,
 * the filter, keyboard navigation, 確認済み across a reload, a generated 5,000-row list with
 * rows added later, the person page's sparklines and the settings warning.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { buildObservationList, buildRows } from '../fixtures/pages/observation-5000.mjs';
import { expect, frames, HERSYS, serveAtHersys, serviceWorker, test } from './fixtures';
import { hostState, waitForHost } from './helpers';

declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> };
  storage: { local: { get(k: null): Promise<Record<string, unknown>> } };
};

const BIG = buildObservationList({ rows: 5000, seed: 1 });

test.beforeEach(async ({ context }) => {
  await serveAtHersys(context, {
    '/hersys/list': 'observation-list.html',
    '/hersys/person': 'observation-person.html',
    '/hersys/settings': 'observation-settings.html',
    '/hersys/list-5000': BIG.html,
  });
});

const inShadow = (page: Page, selector: string) => page.locator('hersys-assist').locator(selector);
const rowAttrs = (page: Page, selector = '#subjects tbody tr') =>
  page.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((r) => [r.getAttribute('data-hersys-assist-alert'), r.getAttribute('data-hersys-assist-reasons')]),
    selector,
  );
const focusedRowId = (page: Page) => page.evaluate(() => document.activeElement?.closest('tr')?.id ?? null);
const summary = async (page: Page) => {
  const out: Record<string, string | null> = {};
  for (const l of ['critical', 'warning', 'unanswered', 'acked']) out[l] = await inShadow(page, `.sum[data-level="${l}"]`).getAttribute('data-count');
  return out;
};

async function metrics(page: Page) {
  const sw = await serviceWorker(page.context());
  return sw.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true });
    return chrome.tabs.sendMessage(tab!.id!, { type: 'hersys-assist/get-metrics' });
  }) as Promise<{ scan: number[]; update: number[]; scanRows: number[]; updateRows: number[] }>;
}

test('対象者一覧: each row gets its alert level and reasons; the summary counts match', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  const s = await hostState(page);
  expect(s.count).toBe('1');
  expect(s['data-page']).toBe('observation-list');
  expect(s['data-tier']).toBeNull();
  expect(s['data-missing']).toBeNull();
  expect(s['data-invalid']).toBeNull();
  expect(await rowAttrs(page)).toEqual([
    ['warning', 'TEMP_GE_37_5'], // 37.8 ℃ (full width)
    ['none', ''],
    ['critical', 'SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA'], // SpO₂ 94 and 息苦しさ はい
    ['unanswered', 'UNANSWERED'], // every answer 未
    ['critical', 'SPO2_LE_93 SPO2_LT_96'],
    ['warning', 'PHONE_SHARED'],
    ['warning', 'PHONE_SHARED'], // the same 自動架電 number written in full width
    ['warning', 'CANNOT_EAT'],
    ['none', ''], // same number, but My HER-SYS
    ['critical', 'CONSCIOUSNESS SPO2_LT_96'],
  ]);
  // The summary bar counts what the rows say.
  const byLevel = (await rowAttrs(page)).reduce<Record<string, number>>((m, [l]) => ({ ...m, [l!]: (m[l!] ?? 0) + 1 }), {});
  expect(await summary(page)).toEqual({ critical: String(byLevel.critical), warning: String(byLevel.warning), unanswered: String(byLevel.unanswered), acked: '0' });
  expect(byLevel).toEqual({ critical: 3, warning: 4, unanswered: 1, none: 2 });
  expect(s.status).toContain('緊急 3');
  expect(s.status).toContain('注意 4');
  expect(s.status).toContain('未回答 1');
  // The page's rows are not restyled; markers are ours, with words and shapes, not colour alone.
  expect(await page.evaluate(() => document.getElementById('p3')!.getAttribute('style'))).toBeNull();
  const mark = inShadow(page, '.mark[data-row="2"]');
  await expect(mark).toHaveAttribute('data-level', 'critical');
  await expect(mark.locator('.mark-btn')).toContainText('緊急');
  await expect(mark.locator('.mark-btn')).toHaveAttribute('aria-label', /息苦しさ/);
  await mark.locator('.mark-btn').hover();
  await expect(mark.locator('.tip')).toBeVisible();
  await expect(mark.locator('.tip')).toContainText('SpO₂ 96% 未満で息苦しさあり');
});

test('the filter shows only people needing attention and restores the rows exactly', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  // One row the page itself keeps hidden.
  await page.evaluate(() => (document.getElementById('p9')!.hidden = true));
  const hidden = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#subjects tbody tr')].filter((r) => r.hidden).map((r) => r.id));
  await inShadow(page, '.filter input').check();
  await expect.poll(hidden).toEqual(['p2', 'p9']);
  await inShadow(page, '.filter input').uncheck();
  await expect.poll(hidden).toEqual(['p9']);
});

test('J / Alt+↓ and K / Alt+↑ move between flagged rows, never while typing', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  await page.keyboard.press('j');
  await expect.poll(() => focusedRowId(page)).toBe('p1');
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('A');
  await page.keyboard.press('j');
  await expect.poll(() => focusedRowId(page)).toBe('p3');
  await page.keyboard.press('Alt+ArrowDown');
  await expect.poll(() => focusedRowId(page)).toBe('p4');
  await page.keyboard.press('k');
  await expect.poll(() => focusedRowId(page)).toBe('p3');
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(() => focusedRowId(page)).toBe('p1');
  await expect(inShadow(page, '.mark.current')).toHaveAttribute('data-row', '0');
  await expect(inShadow(page, '.current-row h2')).toContainText('10000001');

  // Typing in the page's own text box: the letters go in, the focus stays.
  await page.fill('#filter-date', '');
  await page.focus('#filter-date');
  await page.keyboard.type('jk');
  expect(await page.inputValue('#filter-date')).toBe('jk');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-date');
  // A key during IME composition is ignored.
  await page.evaluate(() => (document.activeElement as HTMLElement).blur());
  await page.evaluate(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', isComposing: true, bubbles: true })));
  await page.waitForTimeout(100);
  expect(await focusedRowId(page)).toBeNull();
});

test('確認済み persists for that person and day across a reload, stored without the ID', async ({ page, context }) => {
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  const mark = inShadow(page, '.mark[data-row="2"]');
  await expect(mark).toHaveAttribute('data-acked', 'false');
  await mark.locator('.mark-btn').hover();
  await mark.locator('button.ack').click();
  await expect(mark).toHaveAttribute('data-acked', 'true');
  await expect.poll(async () => (await summary(page)).acked).toBe('1');

  const sw = await serviceWorker(context);
  const stored = await sw.evaluate(() => chrome.storage.local.get(null));
  const ackKeys = Object.keys(stored).filter((k) => k.startsWith('ack:'));
  expect(ackKeys).toHaveLength(1);
  expect(ackKeys[0]).toMatch(/^ack:[0-9a-f]{64}$/);
  expect(JSON.stringify(stored)).not.toContain('10000003');
  expect(JSON.stringify(stored)).not.toContain('試験');

  await page.reload();
  await waitForHost(page, 'data-status', 'error');
  await expect(inShadow(page, '.mark[data-row="2"]')).toHaveAttribute('data-acked', 'true');
  await expect(inShadow(page, '.mark[data-row="0"]')).toHaveAttribute('data-acked', 'false');
  await expect.poll(async () => (await summary(page)).acked).toBe('1');
  // The panel's button says so too once the row is selected.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(inShadow(page, '.current-row button.ack')).toContainText('確認済み');
  await expect(inShadow(page, '.current-row button.ack')).toBeDisabled();
});

test('a generated 5,000-row list: every row marked, counts match, rows added later are evaluated alone', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/list-5000`);
  await waitForHost(page, 'data-status', 'error');
  const levels = await page.evaluate(() => [...document.querySelectorAll('#subjects tbody tr')].map((r) => r.getAttribute('data-hersys-assist-alert')));
  expect(levels).toHaveLength(5000);
  expect(levels).toEqual(BIG.levels);
  await expect
    .poll(() => summary(page))
    .toEqual({ critical: String(BIG.expected.critical), warning: String(BIG.expected.warning), unanswered: String(BIG.expected.unanswered), acked: '0' });
  const shared = await page.evaluate(() => document.querySelectorAll('tr[data-hersys-assist-reasons~="PHONE_SHARED"]').length);
  expect(shared).toBe(BIG.expected.shared);

  const m = await metrics(page);
  expect(m.scanRows[0]).toBe(5000);
  expect(m.scan[0]).toBeLessThan(1000); // the benchmark holds the real target (≤ 100 ms)

  // Infinite scroll: 500 more rows arrive.
  const more = buildRows(5000, 500, 1);
  await page.evaluate((html) => document.querySelector('#subjects tbody')!.insertAdjacentHTML('beforeend', html), more.html);
  await expect
    .poll(() => summary(page))
    .toEqual({
      critical: String(BIG.expected.critical + more.expected.critical),
      warning: String(BIG.expected.warning + more.expected.warning),
      unanswered: String(BIG.expected.unanswered + more.expected.unanswered),
      acked: '0',
    });
  const after = await metrics(page);
  const newBatches = after.updateRows.slice(m.updateRows.length);
  expect(newBatches.reduce((a, b) => a + b, 0)).toBe(500);
  expect(after.scanRows).toEqual(m.scanRows);

  // The filter on 5,500 rows.
  await inShadow(page, '.filter input').check();
  await expect
    .poll(() => page.evaluate(() => document.querySelectorAll('#subjects tbody tr[hidden]').length))
    .toBe(BIG.expected.none + more.expected.none);
  await page.keyboard.press('j');
  await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-hersys-assist-alert'))).not.toBe('none');
});

test('個人ページ: days marked, trend warning listed, temperature and SpO₂ sparklines', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/person`);
  await waitForHost(page, 'data-status', 'error');
  const s = await hostState(page);
  expect(s['data-page']).toBe('observation-person');
  expect((await rowAttrs(page, '#daily tbody tr')).map(([l]) => l)).toEqual([
    'warning', 'warning', 'warning', 'none', 'unanswered', 'none', 'critical', 'none', 'none', 'none',
  ]);
  expect(s.status).toContain('以上の発熱が 3 日以上連続');
  const sparks = inShadow(page, 'svg.spark-svg');
  await expect(sparks).toHaveCount(2);
  await expect(inShadow(page, '.spark[data-metric="temp"] polyline')).toHaveCount(2); // 2/5 unanswered: a gap
  await expect(inShadow(page, '.spark[data-metric="spo2"] .spark-text')).toContainText('最新 98%');
  const label = await inShadow(page, '.spark[data-metric="temp"] svg').getAttribute('aria-labelledby');
  await expect(inShadow(page, `#${label}`)).toContainText('体温の推移（10日分）');
});

test('健康観察設定: 自動通知 on after the period ended is a warning; the checks follow the controls', async ({ page }) => {
  await page.goto(`${HERSYS}/hersys/settings`);
  await waitForHost(page, 'data-status', 'warning');
  const s = await hostState(page);
  expect(s['data-page']).toBe('observation-settings');
  expect(s.status).toContain('健康観察期間が終わっているのに自動通知がオン');
  await expect(inShadow(page, '[data-code="AUTO_NOTIFY_AFTER_END"]')).toHaveCount(1);

  await page.check('input[value="autocall"]');
  await expect(inShadow(page, '[data-code="AUTODIAL_NO_TIME"]')).toHaveCount(1);
  await page.check('input[name="call_time"][value="09"]');
  await expect(inShadow(page, '[data-code="AUTODIAL_NO_TIME"]')).toHaveCount(0);
  await page.uncheck('#auto-notify');
  await expect(inShadow(page, '[data-code="AUTO_NOTIFY_AFTER_END"]')).toHaveCount(0);
  await waitForHost(page, 'data-status', 'ok');
  await page.check('input[value="myhersys"]');
  await page.fill('#tel', '03-3141-5926');
  await expect(inShadow(page, '[data-code="PHONE_NOT_MOBILE"]')).toHaveCount(1);
  await waitForHost(page, 'data-status', 'warning');
});

test('the get-state message carries the observation snapshot', async ({ page, context }) => {
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  const sw = await serviceWorker(context);
  const state = await sw.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true });
    return chrome.tabs.sendMessage(tab!.id!, { type: 'hersys-assist/get-state' });
  });
  expect(state).toMatchObject({
    page: 'observation-list',
    notification: null,
    observation: { page: 'observation-list', status: 'error', counts: { critical: 3, warning: 4, unanswered: 1, none: 2, rows: 10 } },
  });
});

test('the observation panel, markers and sparklines have no serious or critical accessibility violations', async ({ page }) => {
  const scan = async () =>
    (await new AxeBuilder({ page }).include('hersys-assist').analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  await page.keyboard.press('j');
  await inShadow(page, '.mark[data-row="0"] .mark-btn').hover();
  expect(await scan()).toEqual([]);
  await page.goto(`${HERSYS}/hersys/person`);
  await waitForHost(page, 'data-status', 'error');
  expect(await scan()).toEqual([]);
  await page.goto(`${HERSYS}/hersys/settings`);
  await waitForHost(page, 'data-status', 'warning');
  expect(await scan()).toEqual([]);
});

test('対象者一覧 as wide as the window: markers sit in one column of empty space and never cover an ID, a name or a value', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.goto(`${HERSYS}/hersys/list`);
  await waitForHost(page, 'data-status', 'error');
  // Widen the table to the window (as HER-SYS's own list is): no room beside its rows.
  await page.evaluate(() => {
    const t = document.querySelector<HTMLElement>('#subjects')!;
    t.style.width = '100%';
    document.body.style.margin = '0';
  });
  // The layout change is seen in one frame and the markers are redrawn in the next ones.
  await frames(page, 4);
  const r = await page.evaluate(() => {
    const host = document.querySelector('hersys-assist')!.shadowRoot!;
    const marks = [...host.querySelectorAll<HTMLElement>('.mark:not([hidden])')];
    const overlaps: string[] = [];
    const lefts = new Set<number>();
    for (const m of marks) {
      const row = document.querySelectorAll('#subjects tbody tr')[Number(m.dataset.row)]!;
      const mr = m.getBoundingClientRect();
      lefts.add(Math.round(mr.left / 8));
      for (const cell of [...(row as HTMLTableRowElement).cells]) {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const tr = range.getBoundingClientRect();
        if (tr.width > 0 && mr.left < tr.right && mr.right > tr.left && mr.top < tr.bottom && mr.bottom > tr.top) overlaps.push(`${row.id}: ${cell.textContent}`);
      }
    }
    return { count: marks.length, overlaps, columns: lefts.size, names: marks.map((m) => m.querySelector('.mark-btn')!.getAttribute('aria-label')) };
  });
  expect(r.count).toBe(8);
  expect(r.overlaps).toEqual([]);
  expect(r.columns).toBeLessThanOrEqual(2);
  // Shape-only markers keep their word in the accessible name.
  expect(r.names.every((n) => /^(緊急|注意|未回答)/.test(n ?? ''))).toBe(true);
});
