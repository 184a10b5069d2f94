/**
 * The real `hersys-assist` binary (bin/hersys-assist.mjs → dist/cli.mjs), run as a child
 * process, held to contract §7.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'hersys-assist.mjs');
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const SAMPLE = join(FIXTURES, 'sample-notifications.csv');
const SAMPLE_JA = join(FIXTURES, 'sample-notifications-ja.csv');
const AS_OF = '2022-02-20';

interface ExpectedRow {
  id: string;
  tier: string;
  reasons: string[];
  age: number | null;
  riskCount: number;
  problems: Array<{ field: string; code: string; level: string }>;
}
const EXPECTED: { asOf: string; rows: ExpectedRow[] } = JSON.parse(
  readFileSync(join(FIXTURES, 'sample-notifications.expected.json'), 'utf8'),
);
const PKG_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

let tmp = '';
const inTmp = (name: string) => join(tmp, name);

function run(args: string[], input?: string | Buffer): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, maxBuffer: 1 << 28, timeout: 60_000 });
}
const out = (r: SpawnSyncReturns<Buffer>) => r.stdout.toString('utf8');
const err = (r: SpawnSyncReturns<Buffer>) => r.stderr.toString('utf8');

function triageJson(file: string, extra: string[] = ['--as-of', AS_OF]): ExpectedRow[] {
  const r = run(['triage', file, ...extra]);
  expect(err(r)).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(out(r));
}

const problemKeys = (row: { problems: ExpectedRow['problems'] }) =>
  row.problems.map((p) => `${p.field}:${p.code}:${p.level}`).sort();

beforeAll(async () => {
  // Build the bundle the binary runs (a variable specifier: the build script is plain JS).
  const buildScript = new URL('../../scripts/build-cli.mjs', import.meta.url).href;
  const { buildCli } = (await import(buildScript)) as { buildCli: () => Promise<string> };
  await buildCli();
  tmp = mkdtempSync(join(tmpdir(), 'hersys-cli-test-'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('triage: the sample file', () => {
  it('gives the hand-derived tier, reasons, age, riskCount and problems for every row', () => {
    const got = triageJson(SAMPLE);
    expect(EXPECTED.asOf).toBe(AS_OF);
    expect(got).toHaveLength(EXPECTED.rows.length);
    got.forEach((row, i) => {
      const want = EXPECTED.rows[i]!;
      const label = `row ${i + 1} (${want.id})`;
      expect(row.id, label).toBe(want.id);
      expect(row.tier, label).toBe(want.tier);
      expect(row.reasons, label).toEqual(want.reasons);
      expect(row.age, label).toBe(want.age);
      expect(row.riskCount, label).toBe(want.riskCount);
      expect(problemKeys(row), label).toEqual(problemKeys(want));
    });
  });

  it('covers every tier', () => {
    const tiers = new Set(triageJson(SAMPLE).map((r) => r.tier));
    expect([...tiers].sort()).toEqual(['hospital', 'interview', 'none', 'priority', 'standard', 'unknown']);
  });

  it('writes JSON with exactly the contract keys in order, one result per line', () => {
    const r = run(['triage', SAMPLE, '--as-of', AS_OF]);
    const text = out(r);
    const lines = text.split('\n');
    expect(lines[0]).toBe('[');
    expect(lines.at(-2)).toBe(']');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(EXPECTED.rows.length + 3);
    for (const row of JSON.parse(text) as Array<Record<string, unknown>>) {
      expect(Object.keys(row)).toEqual(['id', 'tier', 'reasons', 'age', 'riskCount', 'problems']);
      for (const p of row.problems as Array<Record<string, unknown>>) expect(Object.keys(p)).toEqual(['field', 'code', 'level']);
    }
  });

  it('reports PHONE_SHARED on both rows sharing a number written differently', () => {
    const got = triageJson(SAMPLE);
    const shared = got.filter((r) => r.problems.some((p) => p.code === 'PHONE_SHARED')).map((r) => r.id);
    expect(shared).toEqual(['41720031', '41720032']);
  });

  it('accepts --format=json and --format json alike (and json is the default)', () => {
    const a = run(['triage', SAMPLE, '--as-of', AS_OF]);
    const b = run(['triage', SAMPLE, '--format=json', `--as-of=${AS_OF}`]);
    const c = run(['triage', '--format', 'json', SAMPLE, '--as-of', AS_OF]);
    expect(b.stdout.equals(a.stdout)).toBe(true);
    expect(c.stdout.equals(a.stdout)).toBe(true);
  });

  it('reads standard input when the file is -', () => {
    const a = run(['triage', SAMPLE, '--as-of', AS_OF]);
    const b = run(['triage', '-', '--as-of', AS_OF], readFileSync(SAMPLE));
    expect(b.status).toBe(0);
    expect(b.stdout.equals(a.stdout)).toBe(true);
  });
});

describe('triage: --format csv', () => {
  it('writes UTF-8 CSV with a BOM, the contract columns, space-separated lists, one row per record', () => {
    const r = run(['triage', SAMPLE, '--format', 'csv', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect([...r.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out(r).replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('id,tier,reasons,age,riskCount,problems');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const json = triageJson(SAMPLE);
    expect(parsed.data).toHaveLength(json.length);
    parsed.data.forEach((row, i) => {
      const j = json[i]!;
      expect(row.id).toBe(j.id);
      expect(row.tier).toBe(j.tier);
      expect(row.reasons).toBe(j.reasons.join(' '));
      expect(row.age).toBe(j.age === null ? '' : String(j.age));
      expect(row.riskCount).toBe(String(j.riskCount));
      expect(row.problems).toBe(j.problems.map((p) => `${p.field}:${p.code}:${p.level}`).join(' '));
    });
  });

  it('quotes cells that need it', () => {
    const file = inTmp('quoted-id.csv');
    writeFileSync(file, 'id,birthdate,phone\n"A,1 ""x""",1990-01-02,090-3141-5926\n');
    const r = run(['triage', file, '--format', 'csv', '--as-of', AS_OF]);
    expect(r.status).toBe(0);
    expect(out(r).split('\r\n')[1]).toMatch(/^"A,1 ""x""",/);
  });
});

describe('triage: -o', () => {
  it('writes the file, prints nothing, and leaves no temp file behind', () => {
    const dir = inTmp('out-ok');
    mkdirSync(dir);
    const target = join(dir, 'result.json');
    const r = run(['triage', SAMPLE, '--as-of', AS_OF, '-o', target]);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(err(r)).toBe('');
    expect(readFileSync(target).equals(run(['triage', SAMPLE, '--as-of', AS_OF]).stdout)).toBe(true);
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('also takes --output and replaces an existing file', () => {
    const target = inTmp('replace.csv');
    writeFileSync(target, 'old');
    const r = run(['triage', SAMPLE, '--format', 'csv', '--as-of', AS_OF, '--output', target]);
    expect(r.status).toBe(0);
    expect(readFileSync(target).equals(run(['triage', SAMPLE, '--format', 'csv', '--as-of', AS_OF]).stdout)).toBe(true);
  });
});

describe('triage: encodings and header languages', () => {
  it('a Shift_JIS file gives byte-identical output to its UTF-8 twin', () => {
    for (const source of [SAMPLE, SAMPLE_JA]) {
      const text = readFileSync(source, 'utf8');
      const sjis = iconv.encode(text, 'cp932');
      expect(iconv.decode(sjis, 'cp932')).toBe(text); // the fixture round-trips
      const file = inTmp(`sjis-${source.endsWith('-ja.csv') ? 'ja' : 'en'}.csv`);
      writeFileSync(file, sjis);
      const a = run(['triage', source, '--as-of', AS_OF]);
      const b = run(['triage', file, '--as-of', AS_OF]);
      expect(b.status).toBe(0);
      expect(b.stdout.equals(a.stdout)).toBe(true);
    }
  });

  it('Japanese headers give the same results as English headers', () => {
    const a = run(['triage', SAMPLE, '--as-of', AS_OF]);
    const b = run(['triage', SAMPLE_JA, '--as-of', AS_OF]);
    expect(b.status).toBe(0);
    expect(b.stdout.equals(a.stdout)).toBe(true);
  });

  it('UTF-8 with a BOM gives the same results', () => {
    const file = inTmp('bom.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(SAMPLE)]));
    const a = run(['triage', SAMPLE, '--as-of', AS_OF]);
    const b = run(['triage', file, '--as-of', AS_OF]);
    expect(b.stdout.equals(a.stdout)).toBe(true);
  });
});

describe('triage: --as-of', () => {
  const future = (rows: ExpectedRow[]) =>
    rows.filter((r) => r.problems.some((p) => p.code === 'DIAGNOSIS_FUTURE')).map((r) => r.id);

  it('is "today" for the …_FUTURE checks', () => {
    expect(future(triageJson(SAMPLE, ['--as-of', '2022-02-20']))).toEqual(['41720033']);
    expect(future(triageJson(SAMPLE, ['--as-of', '2022-02-25']))).toEqual([]);
    // Without --as-of it is the real today, long after February 2022.
    expect(future(triageJson(SAMPLE, []))).toEqual([]);
  });
});

describe('triage: row problems are data (exit 0)', () => {
  it('2月30日 gives BIRTHDATE_INVALID on that row', () => {
    const file = inTmp('feb30.csv');
    writeFileSync(file, 'id,diagnosis_date,birthdate,phone\nok,2022-02-09,1990-01-02,090-3141-5926\nbad,2022-02-09,1985年2月30日,080-2718-2818\n');
    const rows = triageJson(file);
    expect(rows.map((r) => r.id)).toEqual(['ok', 'bad']);
    expect(rows[1]!.problems).toContainEqual({ field: 'birthdate', code: 'BIRTHDATE_INVALID', level: 'error' });
    expect(rows[1]!.age).toBeNull();
    expect(rows[0]!.problems.some((p) => p.code === 'BIRTHDATE_INVALID')).toBe(false);
  });

  it('numbers rows without an id 1, 2, 3 …', () => {
    const file = inTmp('no-id.csv');
    writeFileSync(file, 'birthdate,phone\n1990-01-02,090-3141-5926\n\n1991-02-03,080-2718-2818\n');
    expect(triageJson(file).map((r) => r.id)).toEqual(['1', '2']);
  });

  it('shows no progress line when stderr is not a terminal, even for > 10,000 rows', () => {
    const file = inTmp('many.csv');
    const lines = ['id,diagnosis_date,birthdate,phone,sex'];
    for (let i = 0; i < 10_050; i++) {
      const mm = String(1 + (i % 12)).padStart(2, '0');
      lines.push(`${i},2022-02-09,19${50 + (i % 50)}-${mm}-1${i % 10},090-${String(2000 + (i % 7000))}-${String(1000 + ((i * 37) % 9000))},${i % 2 ? '男' : '女'}`);
    }
    writeFileSync(file, lines.join('\n'));
    const r = run(['triage', file, '--as-of', AS_OF, '-o', inTmp('many.json')]);
    expect(r.status).toBe(0);
    expect(err(r)).toBe('');
    expect(JSON.parse(readFileSync(inTmp('many.json'), 'utf8'))).toHaveLength(10_050);
  });
});

describe('failures: exit 2, one line on stderr, nothing on stdout, nothing written', () => {
  const setup = () => {
    writeFileSync(inTmp('empty.csv'), '');
    writeFileSync(inTmp('header-only.csv'), 'id,diagnosis_date,birthdate\n');
    writeFileSync(inTmp('wrong-header.csv'), 'name,address\n山田,東京\n');
    writeFileSync(inTmp('bad-quote.csv'), 'id,phone,birthdate\n1,090-3141-5926,1990-01-02\n2,"080-2718-2818,1990-01-03\n');
    mkdirSync(inTmp('a-directory'), { recursive: true });
  };

  const cases: Array<[string, () => string[], RegExp?]> = [
    ['missing file', () => ['triage', inTmp('does-not-exist.csv')], /not found/],
    ['a directory', () => ['triage', inTmp('a-directory')], /directory/],
    ['empty file', () => ['triage', inTmp('empty.csv')], /empty/],
    ['header-only file', () => ['triage', inTmp('header-only.csv')], /no data rows/],
    ['wrong header', () => ['triage', inTmp('wrong-header.csv')], /header/],
    ['broken quoting', () => ['triage', inTmp('bad-quote.csv')], /line 3/],
    ['bad --as-of (not a real date)', () => ['triage', SAMPLE, '--as-of', '2022-02-30'], /as-of/],
    ['bad --as-of (wrong form)', () => ['triage', SAMPLE, '--as-of', '2022/02/20'], /as-of/],
    ['--as-of without a value', () => ['triage', SAMPLE, '--as-of'], /as-of/],
    ['bad --format', () => ['triage', SAMPLE, '--format', 'xml'], /format/],
    ['unknown option', () => ['triage', SAMPLE, '--frobnicate'], /unknown option/],
    ['no file', () => ['triage'], /missing/],
    ['two files', () => ['triage', SAMPLE, SAMPLE_JA], /unexpected argument/],
    ['unknown subcommand', () => ['frobnicate'], /unknown command/],
    ['no subcommand', () => [], /missing command/],
    ['audit verify takes no -o (the case appends one)', () => ['audit', 'verify', inTmp('x.json')], /unknown option: -o/],
    ['sandbox with a bad --port', () => ['sandbox', '--port', 'abc'], /--port/],
  ];

  it.each(cases)('%s', (_name, args, pattern) => {
    setup();
    const target = inTmp('never.json');
    const argv = args();
    const r = run(argv.length > 0 ? [...argv, '-o', target] : argv);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    const lines = err(r).split('\n');
    expect(lines).toHaveLength(2); // one line and its newline
    expect(lines[1]).toBe('');
    expect(lines[0]).toMatch(/^hersys-assist: \S.* \/ \S/);
    expect(err(r)).not.toMatch(/^\s+at /m);
    if (pattern) expect(lines[0]).toMatch(pattern);
    expect(existsSync(target)).toBe(false);
  });

  it('the same failures without -o print nothing on stdout', () => {
    setup();
    for (const args of [['triage', inTmp('empty.csv')], ['triage', inTmp('bad-quote.csv')], ['nope']]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(err(r).trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('leaves an existing -o file untouched and no temp file behind', () => {
    setup();
    const dir = inTmp('out-fail');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, 'keep.json');
    writeFileSync(target, 'previous');
    const r = run(['triage', inTmp('bad-quote.csv'), '-o', target]);
    expect(r.status).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('previous');
    expect(readdirSync(dir)).toEqual(['keep.json']);
  });

  it('an unwritable -o target is exit 2 with one line', () => {
    const r = run(['triage', SAMPLE, '--as-of', AS_OF, '-o', inTmp('no-such-dir/out.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(err(r).trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(inTmp('no-such-dir'))).toBe(false);
  });
});

describe('help and version', () => {
  it('--help and -h print usage on stdout, exit 0', () => {
    for (const args of [['--help'], ['-h'], ['triage', '--help']]) {
      const r = run(args);
      expect(r.status).toBe(0);
      expect(out(r)).toContain('hersys-assist triage <file.csv>');
      expect(err(r)).toBe('');
    }
  });

  it('--version prints the package version', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(out(r).trim()).toBe(PKG_VERSION);
  });
});
