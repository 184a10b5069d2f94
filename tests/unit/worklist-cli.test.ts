/**
 * `hersys-assist worklist` as a process, on the sample files (UTF-8 and Shift_JIS), in its
 * three formats, and with bad input.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msg } from '../../shared/i18n';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'hersys-assist.mjs');
const SAMPLE = join(ROOT, 'tests', 'fixtures', 'sample-notifications.csv');
const SAMPLE_JA = join(ROOT, 'tests', 'fixtures', 'sample-notifications-ja.csv');
const AS_OF = ['--as-of', '2022-02-20'];

let tmp = '';
const run = (args: string[]): SpawnSyncReturns<Buffer> => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 });
const json = (args: string[]) => {
  const r = run(['worklist', ...args, '--format', 'json', ...AS_OF]);
  expect(r.stderr.toString()).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.toString()) as Array<Record<string, unknown>>;
};

beforeAll(async () => {
  const buildScript = new URL('../../scripts/build-cli.mjs', import.meta.url).href;
  await ((await import(buildScript)) as { buildCli: () => Promise<string> }).buildCli();
  tmp = mkdtempSync(join(tmpdir(), 'worklist-cli-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hersys-assist worklist', () => {
  it('JSON: one entry per row, keys in order, ranked in the order of the day', () => {
    const list = json([SAMPLE]);
    const triage = JSON.parse(run(['triage', SAMPLE, ...AS_OF]).stdout.toString()) as Array<{ id: string }>;
    expect(list).toHaveLength(triage.length);
    expect(Object.keys(list[0]!)).toEqual(['rank', 'id', 'tier', 'action', 'channel', 'reasons', 'ask', 'problems']);
    expect(list.map((e) => e.rank)).toEqual(list.map((_, i) => i + 1));
    const order = ['admission', 'call-first', 'interview', 'check-notification', 'self-report', 'none'];
    const ranks = list.map((e) => order.indexOf(e.action as string));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const interview = list.find((e) => e.id === '41720013')!;
    expect(interview).toMatchObject({ tier: 'interview', action: 'interview', ask: ['vaccine-doses', 'immunosuppressed'] });
    expect(new Set(list.map((e) => e.id))).toEqual(new Set(triage.map((t) => t.id)));
  });

  it('reads the Japanese-header Shift_JIS file the same as the UTF-8 one', () => {
    const sjis = join(tmp, 'sjis.csv');
    writeFileSync(sjis, iconv.encode(readFileSync(SAMPLE_JA, 'utf8'), 'cp932'));
    expect(json([sjis])).toEqual(json([SAMPLE_JA]));
  });

  it('CSV --lang ja: BOM, Japanese headers and labels, what to ask in words', () => {
    const out = join(tmp, 'today.csv');
    const r = run(['worklist', SAMPLE, '--lang', 'ja', '-o', out, ...AS_OF]);
    expect(r.status).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.subarray(3).toString('utf8').trim()).data;
    expect(rows[0]).toEqual(['順位', 'HER-SYS ID', '区分', '対応', '連絡手段', '理由', '聴取事項', '確認事項']);
    const row = rows.find((x) => x[1] === '41720013')!;
    expect(row.slice(2, 5)).toEqual(['要聴取', '聴取の電話', 'My HER-SYS']);
    expect(row[6]).toBe(`${msg('ja', 'field_vaccineDoses')}、${msg('ja', 'field_immunosuppressed')}`);
    expect(row[5]).toBe(msg('ja', 'reason_RISK_COUNT_UNCLEAR'));
  });

  it('CSV default: code header, codes, problems as field:code; --encoding cp932 has no BOM', () => {
    const r = run(['worklist', SAMPLE, ...AS_OF]);
    const text = r.stdout.toString('utf8');
    expect(text.startsWith('\uFEFFrank,id,tier,action,channel,reasons,ask,problems\r\n')).toBe(true);
    expect(text).toMatch(/\r\n\d+,41720017,unknown,check-notification,my-hersys,AGE_UNKNOWN,birthdate,birthdate:REQUIRED_MISSING\r\n/);
    const out = join(tmp, 'sjis-out.csv');
    expect(run(['worklist', SAMPLE, '--lang', 'ja', '--encoding', 'cp932', '-o', out, ...AS_OF]).status).toBe(0);
    const b = readFileSync(out);
    expect(b[0]).not.toBe(0xef);
    expect(iconv.decode(b, 'cp932').split('\r\n')[0]).toBe('順位,HER-SYS ID,区分,対応,連絡手段,理由,聴取事項,確認事項');
  });

  it('neutralises formula-like cells for Excel', () => {
    const evil = join(tmp, 'evil.csv');
    writeFileSync(evil, 'id,birthdate,diagnosis_date\r\n"=HYPERLINK(""http://x"")",1950-01-01,2022-02-09\r\n@SUM(A1),1990-01-01,2022-02-09\r\n');
    const text = run(['worklist', evil, ...AS_OF]).stdout.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(`'@SUM(A1)`);
    expect(text).not.toMatch(/[\n,][=@]/);
  });

  it('HTML: a printable page grouped by action, Japanese first, no script', () => {
    const r = run(['worklist', SAMPLE, '--format', 'html', ...AS_OF]);
    const html = r.stdout.toString('utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="ja">/);
    expect(html).not.toMatch(/<script/i);
    const groups = [...html.matchAll(/<h2 id="g-([a-z-]+)">/g)].map((m) => m[1]);
    expect(groups).toEqual(['admission', 'call-first', 'interview', 'check-notification', 'self-report', 'none']);
    expect(html).toContain('入院調整（4名） <span class="en" lang="en">');
    expect(html).toContain('<td>41720013</td>');
  });

  it('bad input: exit 2, one line on stderr, nothing written', () => {
    const out = join(tmp, 'never.csv');
    for (const args of [
      ['worklist'],
      ['worklist', join(tmp, 'missing.csv'), '-o', out],
      ['worklist', SAMPLE, '--format', 'xml', '-o', out],
      ['worklist', SAMPLE, '--encoding', 'latin1', '-o', out],
      ['worklist', SAMPLE, '--lang', 'fr', '-o', out],
      ['worklist', SAMPLE, '--as-of', '2022-02-30', '-o', out],
    ]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.toString().trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout.toString()).toBe('');
    }
    const broken = join(tmp, 'broken.csv');
    writeFileSync(broken, 'id,birthdate\r\n1,"1950-01-01\r\n');
    const r = run(['worklist', broken, '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toMatch(/引用符/);
    expect(existsSync(out)).toBe(false);
  });
});
