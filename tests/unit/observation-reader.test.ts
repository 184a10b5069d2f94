// @vitest-environment happy-dom
/**
 * content/observation-reader.ts on the fixture pages (happy-dom): the observation table
 * (columns in any order, extra columns, colspans, rows added later) and the 健康観察 settings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dataRows,
  findObservationTable,
  pageHersysId,
  readObservationSettings,
  readRowCells,
  rowsIn,
  switchState,
} from '../../content/page/observation-table';
import { entryOf } from '../../shared/observation';

const PAGES = path.resolve(import.meta.dirname, '../fixtures/pages');
const load = (name: string) => new DOMParser().parseFromString(readFileSync(path.join(PAGES, name), 'utf8'), 'text/html');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

describe('observation table reader', () => {
  it('reads the 対象者一覧 fixture: columns, ten rows, values with units and full-width digits', () => {
    const doc = load('observation-list.html');
    const t = findObservationTable(doc)!;
    expect(t).not.toBeNull();
    expect(t.table.id).toBe('subjects');
    expect(Object.fromEntries(t.columns)).toEqual({
      id: 0, name: 1, date: 3, temp: 4, spo2: 5, dyspnea: 6, consciousness: 7, cannotEat: 8, noUrine: 9, phone: 10, method: 11,
    });
    const rows = dataRows(t);
    expect(rows).toHaveLength(10);
    const first = readRowCells(t, rows[0]!);
    expect(first).toMatchObject({ id: '10000001', name: '架空 太郎', temp: '３７．８℃', spo2: '97%', method: 'My HER-SYS' });
    expect(entryOf(first!)).toMatchObject({ temp: 37.8, spo2: 97, blank: false });
    expect(entryOf(readRowCells(t, rows[3]!)!).blank).toBe(true);
  });

  it('reads the 個人ページ fixture: one row per day with a full-width ＳｐＯ２ header', () => {
    const doc = load('observation-person.html');
    const t = findObservationTable(doc)!;
    expect(t.columns.get('spo2')).toBe(2);
    expect(t.columns.get('date')).toBe(0);
    const rows = dataRows(t);
    expect(rows).toHaveLength(10);
    expect(readRowCells(t, rows[6]!)).toMatchObject({ date: '2022/02/07', spo2: '95%', dyspnea: 'はい' });
    expect(pageHersysId(doc)).toBe('10000001');
  });

  it('columns in any order, extra columns ignored, a header without thead, our own tables skipped', () => {
    const doc = parse(
      '<hersys-assist><table><tr><th>体温</th><th>SpO2</th></tr><tr><td>40</td><td>80</td></tr></table></hersys-assist>' +
        '<table id="t"><tr><th>備考</th><th>SpO2(%)</th><th>メモ</th><th>体温</th><th>息苦しさ</th></tr>' +
        '<tr><td>x</td><td>９４</td><td>y</td><td>36.5</td><td>はい</td></tr></table>',
    );
    const t = findObservationTable(doc)!;
    expect(t.table.id).toBe('t');
    const rows = dataRows(t);
    expect(rows).toHaveLength(1);
    expect(readRowCells(t, rows[0]!)).toEqual({ spo2: '９４', temp: '36.5', dyspnea: 'はい' });
  });

  it('a row with colspans is read on the header grid; a spanning 未回答 counts for each column', () => {
    const doc = parse(
      '<table><thead><tr><th colspan="2">氏名</th><th>体温</th><th>酸素飽和度</th><th>息苦しさ</th></tr></thead><tbody>' +
        '<tr><td>架空</td><td>太郎</td><td>37.6</td><td>97</td><td>いいえ</td></tr>' +
        '<tr><td colspan="2">見本 花子</td><td colspan="3">未</td></tr></tbody></table>',
    );
    const t = findObservationTable(doc)!;
    expect(t.width).toBe(5);
    const [a, b] = dataRows(t);
    expect(readRowCells(t, a!)).toEqual({ name: '架空', temp: '37.6', spo2: '97', dyspnea: 'いいえ' });
    expect(readRowCells(t, b!)).toEqual({ name: '見本 花子', temp: '未', spo2: '未', dyspnea: '未' });
  });

  it('cells holding controls are read by value; header-only rows and thead rows are not data', () => {
    const doc = parse(
      '<table><thead><tr><th>体温</th><th>SpO2</th><th>意識障害</th></tr><tr><th>℃</th><th>%</th><th></th></tr></thead><tbody>' +
        '<tr><th colspan="3">2月9日</th></tr>' +
        '<tr><td><input value="37.9"></td><td><select><option>95</option><option selected>92</option></select></td><td>なし</td></tr>' +
        '</tbody></table>',
    );
    const t = findObservationTable(doc)!;
    const rows = dataRows(t);
    expect(rows).toHaveLength(1);
    expect(readRowCells(t, rows[0]!)).toEqual({ temp: '37.9', spo2: '92', consciousness: 'なし' });
  });

  it('rows added later (a new tbody or single rows) are found', () => {
    const doc = load('observation-list.html');
    const t = findObservationTable(doc)!;
    const tbody = doc.createElement('tbody');
    tbody.append(doc.createElement('tr'), doc.createElement('tr'));
    for (const tr of Array.from(tbody.children)) tr.append(doc.createElement('td'));
    t.table.append(tbody);
    expect(rowsIn(t, tbody)).toHaveLength(2);
    expect(rowsIn(t, tbody.children[0]!)).toHaveLength(1);
    expect(rowsIn(t, doc.createTextNode('x'))).toHaveLength(0);
    expect(dataRows(t)).toHaveLength(12);
  });

  it('a table without both 体温 and SpO₂ is not an observation table', () => {
    expect(findObservationTable(parse('<table><tr><th>体温</th><th>氏名</th></tr></table>'))).toBeNull();
  });
});

describe('健康観察 settings reader', () => {
  it('reads the settings fixture', () => {
    const doc = load('observation-settings.html');
    expect(readObservationSettings(doc)).toEqual({
      period: '2022/02/01 ~ 2022/02/10',
      autoNotify: true,
      method: 'My HER-SYS',
      callTimes: 0,
      phone: '090-3141-5926',
    });
  });

  it('follows the controls: 自動架電 with two times, 自動通知 off', () => {
    const doc = load('observation-settings.html');
    doc.querySelector<HTMLInputElement>('input[value=autocall]')!.checked = true;
    for (const v of ['09', '14']) doc.querySelector<HTMLInputElement>(`input[name=call_time][value="${v}"]`)!.checked = true;
    doc.querySelector<HTMLInputElement>('#auto-notify')!.checked = false;
    doc.querySelector<HTMLInputElement>('#tel')!.value = '03-3141-5926';
    expect(readObservationSettings(doc)).toMatchObject({ method: '自動架電', callTimes: 2, autoNotify: false, phone: '03-3141-5926' });
  });

  it('自動通知 as a switch, aria-checked, or text', () => {
    const region = (html: string) => parse(`<div id="r">${html}</div>`).getElementById('r')!;
    expect(switchState(region('<button role="switch" aria-checked="true">自動通知</button>'))).toBe(true);
    expect(switchState(region('<span aria-checked="false"></span>'))).toBe(false);
    expect(switchState(region('<input type="checkbox" role="switch" checked>'))).toBe(true);
    expect(switchState(region('on'))).toBe(true);
    expect(switchState(region('ＯＦＦ'))).toBe(false);
    expect(switchState(region('オン'))).toBe(true);
    expect(switchState(region('—'))).toBeNull();
  });

  it('a read-only settings page (dl and text)', () => {
    const doc = parse(
      '<dl><dt>健康観察期間</dt><dd>2022/02/01～2022/02/10</dd><dt>健康観察方法</dt><dd>自動架電</dd><dt>架電時間</dt><dd>9:00、14:00</dd>' +
        '<dt>電話番号</dt><dd>03-3141-5926</dd><dt>自動通知</dt><dd>on</dd></dl>',
    );
    expect(readObservationSettings(doc)).toEqual({
      period: '2022/02/01～2022/02/10',
      autoNotify: true,
      method: '自動架電',
      callTimes: 2,
      phone: '03-3141-5926',
    });
  });
});
