/**
 * The desk's DuckDB store: import, merge of the next day's file, interview answers that
 * re-tier at once, contact status, contractor export (only the chosen columns), and that the
 * database file is its owner's only.
 */
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskDb } from '../../helper/desk/db';
import { exportCsv } from '../../helper/desk/server';

const AS_OF = () => ({ y: 2022, m: 2, d: 20 });
const HEADER =
  'id,氏名,住所,patient_type,diagnosis_method,specimen_date,diagnosis_date,onset_date,vaccine_doses,vaccine_date,risk_any,risk_malignancy,risk_copd,risk_ckd,risk_hypertension,risk_diabetes,risk_dyslipidemia,risk_obesity,risk_smoking,risk_other,immunosuppressed,pregnancy,severity,hospitalization_needed,hospitalized_now,phone,birthdate,sex';
const ROW = {
  /** 42, vaccination and immunosuppression unknown: interview. */
  interview: '41720013,山田 花子,東京都千代田区1-1,患者（確定例）,PCR検査,2022-02-08,2022-02-09,2022-02-07,不明,,無,,,,,,,,,,不明,無,軽症,無,無,080-7371-4459,1979-06-18,女',
  /** 73 with hospitalisation needed: admission. */
  hospital: '41720001,佐藤 一郎,横浜市中区2-2,患者（確定例）,PCR検査,2022-02-13,2022-02-14,2022-02-12,3,2021-12,有,無,無,無,有,有,無,無,無,無,無,,中等症I,有,無,090-3141-5926,1948-06-11,男',
  /** 30, low risk, a landline: self-report by auto-call. */
  standard: '41720020,鈴木 次郎,川崎市3-3,患者（確定例）,PCR検査,2022-02-10,2022-02-11,2022-02-09,3,2021-12,無,無,無,無,無,無,無,無,無,無,無,,軽症,無,無,03-3581-2222,1991-05-05,男',
};
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');

let db: DeskDb | null = null;
let dir = '';
afterEach(() => {
  db?.close();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
async function open(path = ':memory:') {
  db = await DeskDb.open(path, AS_OF);
  return db;
}

describe('desk store', () => {
  it('imports a day in worklist order, keeping columns the rules do not use (氏名, 住所)', async () => {
    const d = await open();
    const r = await d.importCsv(csv(ROW.standard, ROW.interview, ROW.hospital));
    expect(r).toEqual({ ok: true, summary: { rows: 3, added: 3, updated: 0, changed: 0, duplicates: 0 } });
    const q = await d.queue();
    expect(q.map((p) => [p.rank, p.id, p.action, p.channel, p.name])).toEqual([
      [1, '41720001', 'admission', 'my-hersys', '佐藤 一郎'],
      [2, '41720013', 'interview', 'my-hersys', '山田 花子'],
      [3, '41720020', 'self-report', 'auto-call', '鈴木 次郎'],
    ]);
    expect(q[1]!.ask).toEqual(['vaccine-doses', 'immunosuppressed']);
    expect(await d.fileHeaders()).toContain('住所');
  });

  it('an unreadable file changes nothing and says why', async () => {
    const d = await open();
    const r = await d.importCsv(Buffer.from('名前,メモ\n山田,x\n', 'utf8'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CSV_HEADER');
    expect(await d.count()).toBe(0);
  });

  it('reads a Shift_JIS (CP932) export', async () => {
    const d = await open();
    const r = await d.importCsv(iconv.encode([HEADER, ROW.interview].join('\r\n'), 'cp932'));
    expect(r.ok).toBe(true);
    expect((await d.queue())[0]!.name).toBe('山田 花子');
  });

  it('interview answers re-tier the person at once, and the change is logged', async () => {
    const d = await open();
    await d.importCsv(csv(ROW.interview, ROW.standard));
    expect(await d.setAnswers('41720013', { 'vaccine-doses': '0', immunosuppressed: '有' })).toEqual({ before: 'interview', after: 'priority' });
    let p = (await d.queue()).find((x) => x.id === '41720013')!;
    expect([p.rank, p.tier, p.action, p.ask]).toEqual([1, 'priority', 'call-first', []]);
    expect(await d.setAnswers('41720013', { 'vaccine-doses': '3', immunosuppressed: '無' })).toEqual({ before: 'priority', after: 'standard' });
    p = (await d.queue()).find((x) => x.id === '41720013')!;
    expect(p.answers).toEqual({ 'vaccine-doses': '3', immunosuppressed: '無' });
    const events = await d.events('41720013');
    expect(events.map((e) => [e.kind, e.detail.from, e.detail.to])).toEqual([
      ['retier', 'priority', 'standard'],
      ['retier', 'interview', 'priority'],
    ]);
    expect(await d.setAnswers('nobody', { pregnancy: '無' })).toBeNull();
  });

  it('the next day merges by HER-SYS ID: new people added, nobody twice, records kept, changes flagged', async () => {
    dir = mkdtempSync(join(tmpdir(), 'desk-db-'));
    const file = join(dir, 'desk.duckdb');
    let d = await open(file);
    await d.importCsv(csv(ROW.interview, ROW.hospital));
    await d.setStatus('41720001', 'reached');
    await d.setNote('41720001', '入院先調整中');
    await d.setAnswers('41720013', { 'vaccine-doses': '0', immunosuppressed: '有' });
    d.close();
    db = null;

    // A restart, then day 2: one person's 発生届 changed (severity), one is new, one repeats unchanged.
    d = await open(file);
    const changedHospital = ROW.hospital.replace('中等症I,有', '中等症II,有');
    const r = await d.importCsv(csv(changedHospital, ROW.interview, ROW.standard, ROW.standard));
    expect(r).toEqual({ ok: true, summary: { rows: 4, added: 1, updated: 2, changed: 1, duplicates: 1 } });
    const q = await d.queue();
    expect(q).toHaveLength(3);
    const byId = Object.fromEntries(q.map((p) => [p.id, p]));
    expect(byId['41720001']).toMatchObject({ status: 'reached', note: '入院先調整中', changed: true, reasons: ['HOSPITAL_NEEDED', 'SEVERITY_MODERATE_II'] });
    expect(byId['41720001']!.statusAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(byId['41720013']).toMatchObject({ tier: 'priority', changed: false, answers: { 'vaccine-doses': '0', immunosuppressed: '有' } });
    expect(byId['41720020']).toMatchObject({ status: 'open', changed: false });
    expect((await d.events('41720001')).map((e) => e.kind)).toContain('changed');
  });

  it('a landline shared with a person of an earlier day becomes a health call for both', async () => {
    const d = await open();
    await d.importCsv(csv(ROW.standard));
    const sibling = ROW.standard.replace('41720020,鈴木 次郎', '41720021,鈴木 三郎').replace('1991-05-05', '1993-03-03');
    await d.importCsv(csv(sibling));
    const q = await d.queue();
    expect(q.map((p) => [p.id, p.channel])).toEqual([
      ['41720020', 'health-call'],
      ['41720021', 'health-call'],
    ]);
    expect(q.every((p) => p.problems.some((x) => x.code === 'PHONE_SHARED'))).toBe(true);
  });

  it('the contractor export holds only the chosen columns, Excel-safe, and the log holds no content', async () => {
    const d = await open();
    const evil = ROW.standard.replace('鈴木 次郎', '"=HYPERLINK(""http://x"",""y"")"');
    expect((await d.importCsv(csv(ROW.interview, evil))).ok).toBe(true);
    const pids = (await d.queue()).map((p) => p.pid);
    const bytes = await exportCsv(d, pids, ['rank', 'id', 'name', 'phone', 'channel', 'tier'], 'utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.subarray(3).toString('utf8').trim()).data;
    expect(rows[0]).toEqual(['順位', 'HER-SYS ID', '氏名', '電話番号', '連絡手段', '区分']);
    expect(rows[1]).toEqual(['1', '41720013', '山田 花子', '080-7371-4459', 'My HER-SYS', '要聴取']);
    expect(rows[2]).toEqual(['2', '41720020', `'=HYPERLINK("http://x","y")`, '03-3581-2222', '自動架電', '通常観察']);
    expect(rows.flat().join()).not.toContain('東京都');
    const sjis = iconv.decode(await exportCsv(d, pids.slice(0, 1), ['id', 'file:住所'], 'cp932'), 'cp932');
    expect(sjis).toBe('HER-SYS ID,住所\r\n41720013,東京都千代田区1-1\r\n');
    await d.logExport(2, ['rank', 'id'], 'utf-8');
    const log = await d.events(null);
    expect(log[0]).toMatchObject({ kind: 'export', detail: { rows: 2, columns: ['rank', 'id'], encoding: 'utf-8' } });
    expect(JSON.stringify(log)).not.toContain('山田');
  });

  it('creates the database file readable by its owner only, at the current schema version', async () => {
    dir = mkdtempSync(join(tmpdir(), 'desk-db-'));
    const file = join(dir, 'new.duckdb');
    const d = await open(file);
    await d.importCsv(csv(ROW.interview));
    expect(await d.schemaVersion()).toBe(1);
    for (const f of readdirSync(dir)) expect((statSync(join(dir, f)).mode & 0o077).toString(8)).toBe('0');
  });
});
