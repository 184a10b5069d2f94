// @vitest-environment happy-dom
/**
 * The observation page model and its features (content/page/observation-page.ts, content/features/) on the fixture pages (happy-dom, fakeBrowser storage): row
 * attributes, host status, summary counts, the filter, keyboard navigation, incremental
 * rows, PHONE_SHARED, acknowledgement (hashed storage + audit) and the settings tab.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AuditEventInput } from '../../content/clients/audit';
import type { PageEnv as FeatureEnv } from '../../content/page/notification-page';
import { AckStore } from '../../content/clients/ack-store';
import { startObservationPage } from '../../content/features/index';
import { ALERT_ATTR, REASONS_ATTR } from '../../content/features/row-alerts';
import type { ObservationPage } from '../../content/page/observation-page';
import type { ObservationPageKind } from '../../content/ui/ObservationPanel';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

const PAGES = path.resolve(import.meta.dirname, '../fixtures/pages');

function loadPage(name: string): void {
  const doc = new DOMParser().parseFromString(readFileSync(path.join(PAGES, name), 'utf8'), 'text/html');
  document.body.replaceChildren(...Array.from(doc.body.childNodes).map((n) => document.importNode(n, true)));
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const settle = async () => {
  for (let i = 0; i < 5; i++) await tick();
};

interface Harness {
  feature: ObservationPage;
  host: HTMLElement;
  shadow: ShadowRoot;
  audit: AuditEventInput[];
  abort: AbortController;
  settings: Settings;
}

let current: Harness | null = null;

function start(kind: ObservationPageKind, today = { y: 2022, m: 2, d: 11 }, settings: Settings = DEFAULT_SETTINGS): Harness {
  const host = document.createElement('hersys-assist');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  shadow.append(container);
  const audit: AuditEventInput[] = [];
  const h: Harness = { feature: null as unknown as ObservationPage, host, shadow, audit, abort: new AbortController(), settings };
  const env: FeatureEnv = {
    doc: document,
    host,
    container,
    settings: () => h.settings,
    saveSettings: (p) => (h.settings = { ...h.settings, ...p }),
    log: (e) => {
      throw e;
    },
  };
  h.feature = startObservationPage(env, kind, h.abort.signal, {
    today: () => today,
    audit: async (e) => {
      audit.push(e);
      return { ok: true, id: audit.length };
    },
    acks: new AckStore(fakeBrowser.storage.local),
  }).page;
  host.setAttribute('data-page', kind);
  h.feature.flush();
  current = h;
  return h;
}

const attrs = () =>
  Array.from(document.querySelectorAll('#subjects tbody tr')).map((r) => `${r.getAttribute(ALERT_ATTR)}:${r.getAttribute(REASONS_ATTR)}`);
const count = (h: Harness, level: string) => h.shadow.querySelector(`.sum[data-level="${level}"]`)?.getAttribute('data-count');

beforeEach(() => {
  fakeBrowser.reset();
  document.body.replaceChildren();
});
afterEach(() => {
  current?.abort.abort();
  current = null;
});

describe('observation list', () => {
  it('marks every row with its level and reasons, and the host with the page status', () => {
    loadPage('observation-list.html');
    const h = start('observation-list');
    expect(attrs()).toEqual([
      'warning:TEMP_GE_37_5',
      'none:',
      'critical:SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA',
      'unanswered:UNANSWERED',
      'critical:SPO2_LE_93 SPO2_LT_96',
      'warning:PHONE_SHARED',
      'warning:PHONE_SHARED',
      'warning:CANNOT_EAT',
      'none:',
      'critical:CONSCIOUSNESS SPO2_LT_96',
    ]);
    expect(h.host.getAttribute('data-status')).toBe('error');
    expect([count(h, 'critical'), count(h, 'warning'), count(h, 'unanswered')]).toEqual(['3', '4', '1']);
    expect(h.shadow.querySelector('[role="status"]')?.textContent).toContain('緊急 3');
    expect(h.feature.snapshot().counts).toMatchObject({ critical: 3, warning: 4, unanswered: 1, none: 2, rows: 10 });
    // The page's rows are not restyled: only our data attributes.
    expect(document.querySelector('#p1')?.getAttribute('style')).toBeNull();
  });

  it('the filter hides rows needing no attention and restores exactly what was there', () => {
    loadPage('observation-list.html');
    const p9 = document.getElementById('p9')!;
    p9.hidden = true; // hidden by the page itself
    const h = start('observation-list');
    h.feature.setFilter(true);
    const hidden = () => Array.from(document.querySelectorAll('#subjects tbody tr')).filter((r) => (r as HTMLElement).hidden).map((r) => r.id);
    expect(hidden()).toEqual(['p2', 'p9']);
    h.feature.setFilter(false);
    expect(hidden()).toEqual(['p9']);
  });

  it('J / Alt+↓ moves focus to the next flagged row (its link), K back; never while typing or composing', () => {
    loadPage('observation-list.html');
    start('observation-list');
    const key = (init: KeyboardEventInit, target: EventTarget = document.body) =>
      target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
    const focusedRow = () => (document.activeElement?.closest('tr') as HTMLElement | null)?.id;
    // happy-dom has no layout: give every row a box.
    for (const r of Array.from(document.querySelectorAll('tr'))) (r as HTMLElement).getClientRects = () => [new DOMRect(0, 0, 10, 10)] as unknown as DOMRectList;
    key({ key: 'j' });
    expect(focusedRow()).toBe('p1');
    expect(document.activeElement?.tagName).toBe('A');
    key({ key: 'j' }, document.activeElement!);
    expect(focusedRow()).toBe('p3');
    key({ key: 'ArrowDown', altKey: true }, document.activeElement!);
    expect(focusedRow()).toBe('p4');
    key({ key: 'k' }, document.activeElement!);
    expect(focusedRow()).toBe('p3');
    // Typing in the filter box: no move.
    const input = document.getElementById('filter-date') as HTMLInputElement;
    input.focus();
    key({ key: 'j' }, input);
    expect(document.activeElement).toBe(input);
    // IME composition elsewhere: no move.
    (document.activeElement as HTMLElement).blur();
    key({ key: 'j', isComposing: true });
    expect(document.activeElement).not.toBe(document.querySelector('#p1 a'));
  });

  it('rows added later are evaluated on their own (only the new rows), counts follow', async () => {
    loadPage('observation-list.html');
    const h = start('observation-list');
    const tbody = document.querySelector('#subjects tbody')!;
    const add = (id: string, cells: string[]) => {
      const tr = document.createElement('tr');
      tr.id = id;
      for (const c of cells) tr.append(Object.assign(document.createElement('td'), { textContent: c }));
      tbody.append(tr);
      return tr;
    };
    add('n1', ['10000011', '架空 新', '40', '2022/02/09 10:00', '38.1℃', '97%', 'いいえ', 'いいえ', 'いいえ', 'いいえ', '090-6000-1234', 'My HER-SYS']);
    add('n2', ['10000012', '見本 新', '41', '2022/02/09 10:00', '36.1℃', '98%', 'いいえ', 'いいえ', 'いいえ', 'いいえ', '090-6000-1235', 'My HER-SYS']);
    await settle();
    expect(h.feature.metrics.updateRows.at(-1)).toBe(2);
    expect(document.getElementById('n1')?.getAttribute(ALERT_ATTR)).toBe('warning');
    expect(document.getElementById('n2')?.getAttribute(ALERT_ATTR)).toBe('none');
    expect(h.feature.snapshot().counts).toMatchObject({ warning: 5, none: 3, rows: 12 });

    // A new 自動架電 row with p3's number: both are PHONE_SHARED now (p3 is read again, nothing else).
    add('n3', ['10000013', '試験 新', '42', '2022/02/09 10:00', '36.5℃', '98%', 'いいえ', 'いいえ', 'いいえ', 'いいえ', '080-4142-1356', '自動架電']);
    await settle();
    expect(h.feature.metrics.updateRows.at(-1)).toBe(1);
    expect(document.getElementById('n3')?.getAttribute(REASONS_ATTR)).toBe('PHONE_SHARED');
    expect(document.getElementById('p3')?.getAttribute(REASONS_ATTR)).toBe('SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA PHONE_SHARED');

    // Removing it ends the sharing.
    document.getElementById('n3')!.remove();
    await settle();
    expect(document.getElementById('p3')?.getAttribute(REASONS_ATTR)).toBe('SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA');
    expect(h.feature.snapshot().counts.rows).toBe(12);

    // A cell edited in place reads that row again.
    document.querySelector('#n2 td:nth-child(5)')!.textContent = '37.5℃';
    await settle();
    expect(document.getElementById('n2')?.getAttribute(REASONS_ATTR)).toBe('TEMP_GE_37_5');
  });

  it('paging: the rows are replaced by the next page; only those are counted', async () => {
    loadPage('observation-list.html');
    const h = start('observation-list');
    const tbody = document.querySelector('#subjects tbody')!;
    const next = ['10000021', '見本 次', '50', '2022/02/09 10:00', '未', '未', '未', '未', '未', '未', '090-6000-2000', 'My HER-SYS'];
    const tr = document.createElement('tr');
    for (const c of next) tr.append(Object.assign(document.createElement('td'), { textContent: c }));
    tbody.replaceChildren(tr);
    await settle();
    expect(h.feature.snapshot().counts).toMatchObject({ critical: 0, warning: 0, unanswered: 1, none: 0, rows: 1 });
    expect(h.host.getAttribute('data-status')).toBe('warning');
    // The whole table replaced (a re-render): read from scratch.
    const table = document.getElementById('subjects')!;
    table.replaceWith(table.cloneNode(true));
    await new Promise((r) => setTimeout(r, 150));
    expect(h.feature.snapshot().counts.rows).toBe(1);
    expect(document.querySelector('#subjects tbody tr')?.getAttribute(ALERT_ATTR)).toBe('unanswered');
  });

  it('確認済み is stored under a salted hash (no ID), logged, and found again by a new page load', async () => {
    loadPage('observation-list.html');
    let h = start('observation-list');
    await settle();
    const raised = h.audit.filter((e) => e.type === 'alert-raised');
    expect(raised).toHaveLength(8);
    expect(raised[0]).toMatchObject({ page: 'observation-list', tier: 'warning', reasons: ['TEMP_GE_37_5'], personKey: 'hersys:10000001' });

    for (const r of Array.from(document.querySelectorAll('tr'))) (r as HTMLElement).getClientRects = () => [new DOMRect(0, 0, 10, 10)] as unknown as DOMRectList;
    h.feature.step(1);
    h.feature.step(1); // p3
    h.feature.acknowledgeCurrent();
    await settle();
    h.feature.flush();
    expect(h.shadow.querySelector('.current-row .ack')?.textContent).toContain('確認済み');
    expect(count(h, 'acked')).toBe('1');
    const ack = h.audit.find((e) => e.type === 'alert-acknowledged');
    expect(ack).toMatchObject({ page: 'observation-list', tier: 'critical', personKey: 'hersys:10000003', detail: { code: 'SPO2_LT_96_DYSPNEA' } });

    const stored = await fakeBrowser.storage.local.get(null);
    const keys = Object.keys(stored).filter((k) => k.startsWith('ack:'));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^ack:[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('10000003');
    expect(JSON.stringify(stored)).not.toContain('試験');
    expect(typeof stored.ackSalt).toBe('string');

    // A new page load: the mark is found again; raised alerts are logged again (new page load), acks are not.
    h.abort.abort();
    document.querySelector('hersys-assist')?.remove();
    loadPage('observation-list.html');
    h = start('observation-list');
    await settle();
    h.feature.flush();
    expect(h.feature.snapshot().counts.acked).toBe(1);
    expect(h.audit.filter((e) => e.type === 'alert-acknowledged')).toHaveLength(0);
  });

  it('alert-raised is sent once per person, day and code set within a page load', async () => {
    loadPage('observation-list.html');
    const h = start('observation-list');
    await settle();
    const before = h.audit.length;
    // Same values re-rendered by the page: no new events.
    const cell = document.querySelector('#p1 td:nth-child(5)')!;
    cell.textContent = '37.8℃';
    await settle();
    expect(h.audit.length).toBe(before);
    // A new code set for the same person and day is news.
    cell.textContent = '36.0℃';
    document.querySelector('#p1 td:nth-child(9)')!.textContent = 'はい';
    await settle();
    expect(h.audit.slice(before).map((e) => e.reasons)).toEqual([['CANNOT_EAT']]);
  });

  it('settings: a switched-off rule and a new threshold re-evaluate every row', () => {
    loadPage('observation-list.html');
    const h = start('observation-list');
    h.settings = { ...h.settings, observation: { ...h.settings.observation, feverFrom: 38, off: ['PHONE_SHARED'] } };
    h.feature.onSettingsChange();
    expect(document.getElementById('p1')?.getAttribute(ALERT_ATTR)).toBe('none');
    expect(document.getElementById('p6')?.getAttribute(ALERT_ATTR)).toBe('none');
  });

  it('stopping removes our attributes and restores hidden rows', () => {
    loadPage('observation-list.html');
    const h = start('observation-list');
    h.feature.setFilter(true);
    h.abort.abort();
    expect(document.querySelectorAll(`[${ALERT_ATTR}]`)).toHaveLength(0);
    expect(document.querySelectorAll('tr[hidden]')).toHaveLength(0);
    expect(h.shadow.querySelector('.panel')).toBeNull();
  });
});

describe('observation person page', () => {
  it('one row per day: a critical day makes the page an error; fever for 3 days is a trend warning; sparklines', () => {
    loadPage('observation-person.html');
    const h = start('observation-person');
    const rows = Array.from(document.querySelectorAll('#daily tbody tr')).map((r) => r.getAttribute(ALERT_ATTR));
    expect(rows).toEqual(['warning', 'warning', 'warning', 'none', 'unanswered', 'none', 'critical', 'none', 'none', 'none']);
    expect(h.host.getAttribute('data-status')).toBe('error');
    expect(h.feature.snapshot().trends).toEqual(['FEVER_PERSISTENT']);
    expect(h.shadow.querySelector('.trends [data-code="FEVER_PERSISTENT"]')?.textContent).toContain('3 日以上連続');
    const svgs = Array.from(h.shadow.querySelectorAll('svg.spark-svg'));
    expect(svgs).toHaveLength(2);
    expect(svgs[0]!.getAttribute('role')).toBe('img');
    expect(h.shadow.querySelector('.spark[data-metric="temp"] .spark-text')?.textContent).toBe(
      '体温の推移（10日分）: 最初 38.2℃、最新 36.5℃、最低 36.5℃、最高 38.2℃',
    );
    // 2/5 is unanswered: the SpO₂ line has a gap (two polylines).
    expect(h.shadow.querySelectorAll('.spark[data-metric="spo2"] polyline')).toHaveLength(2);
  });

  it('with every row fine, a falling SpO₂ alone makes the page a warning', () => {
    document.body.innerHTML =
      '<p>HER-SYS ID：10000002</p><table><tr><th>日付</th><th>体温</th><th>SpO2</th></tr>' +
      '<tr><td>2022/02/01</td><td>36.5</td><td>99</td></tr><tr><td>2022/02/02</td><td>36.5</td><td>98</td></tr><tr><td>2022/02/03</td><td>36.5</td><td>96</td></tr></table>';
    const h = start('observation-person');
    expect(h.feature.snapshot().trends).toEqual(['SPO2_FALLING']);
    expect(h.host.getAttribute('data-status')).toBe('warning');
  });
});

describe('observation settings page', () => {
  it('自動通知 on after the period ended is a warning (today after the end); not during the period', () => {
    loadPage('observation-settings.html');
    let h = start('observation-settings', { y: 2022, m: 2, d: 11 });
    expect(h.feature.snapshot().settings).toEqual(['AUTO_NOTIFY_AFTER_END']);
    expect(h.host.getAttribute('data-status')).toBe('warning');
    expect(h.shadow.querySelector('[role="status"] [data-code="AUTO_NOTIFY_AFTER_END"]')).not.toBeNull();
    h.abort.abort();
    h = start('observation-settings', { y: 2022, m: 2, d: 9 });
    expect(h.feature.snapshot().settings).toEqual([]);
    expect(h.host.getAttribute('data-status')).toBe('ok');
  });

  it('follows the user: 自動架電 without a time, then a time; a landline with SMS', async () => {
    loadPage('observation-settings.html');
    const h = start('observation-settings', { y: 2022, m: 2, d: 5 });
    const autocall = document.querySelector<HTMLInputElement>('input[value=autocall]')!;
    autocall.checked = true;
    autocall.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 120));
    expect(h.feature.snapshot().settings).toEqual(['AUTODIAL_NO_TIME']);
    const nine = document.querySelector<HTMLInputElement>('input[name=call_time][value="09"]')!;
    nine.checked = true;
    nine.dispatchEvent(new Event('change', { bubbles: true }));
    const tel = document.getElementById('tel') as HTMLInputElement;
    tel.value = '03-3141-5926';
    tel.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 120));
    // 自動通知 is on: the URL SMS goes to a landline.
    expect(h.feature.snapshot().settings).toEqual(['PHONE_NOT_MOBILE']);
  });
});
