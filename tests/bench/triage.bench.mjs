/**
 * CLI throughput on 100,000 realistic 発生届 rows.
 *
 *   triage.100k.ms         wall time of `node bin/hersys-assist.mjs triage <file> --format json -o <out>`
 *   csvparse.100k.ms       wall time of a node process that reads the same file, decodes it and
 *                          runs `parseCsvRows` alone (bundled the same way as the CLI)
 *   triage.overhead_ratio  triage / csvparse (target ≤ 1.5; triage target ≤ 1000 ms)
 *   duckdb.100k.ms         the peer: a node process that has DuckDB (@duckdb/node-api, 2 threads)
 *                          read the same file with every column as text into a table
 *   triage.vs_duckdb_ratio triage / duckdb (target ≤ 2.0)
 *   triage.100k.peak_rss_mb  peak resident memory of the triage process (for reference)
 *   cli.startup.ms         wall time of `node bin/hersys-assist.mjs --version` (for reference)
 *   triage.10m.peak_rss_mb 10 million generated rows (~1.8 GB), one run: peak resident memory
 *                          of the triage process (target ≤ 200: it streams)
 *   triage.10m.rows_per_s  the same run: rows / wall seconds (target ≥ 200,000)
 *
 * Every process includes node start-up. One warm-up run each, then the median of 5 runs,
 * interleaved, in the same invocation. Set HERSYS_BENCH_10M=0 to skip the 10 million rows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildBundle, buildCli, ROOT } from '../../scripts/build-cli.mjs';

export const ROWS = 100_000;
const BIG_ROWS = 10_000_000;
const RUNS = 5;

// ---------------------------------------------------------------------------------------------
// Data.

/** mulberry32: small, fast, seeded. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = [
  'id', 'patient_type', 'diagnosis_method', 'specimen_date', 'diagnosis_date', 'onset_date',
  'vaccine_doses', 'vaccine_date', 'risk_any', 'risk_malignancy', 'risk_copd', 'risk_ckd',
  'risk_hypertension', 'risk_diabetes', 'risk_dyslipidemia', 'risk_obesity', 'risk_smoking',
  'risk_other', 'immunosuppressed', 'pregnancy', 'severity', 'hospitalization_needed',
  'hospitalized_now', 'phone', 'birthdate', 'age', 'sex',
];
const FACTORS = ['risk_malignancy', 'risk_copd', 'risk_ckd', 'risk_hypertension', 'risk_diabetes', 'risk_dyslipidemia', 'risk_obesity', 'risk_smoking', 'risk_other'];
const ERAS = [
  ['令和', 'R', 2019, 5, 1], ['平成', 'H', 1989, 1, 8], ['昭和', 'S', 1926, 12, 25], ['大正', 'T', 1912, 7, 30],
];
const FW = (s) => s.replace(/[0-9\-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
const pad = (n) => String(n).padStart(2, '0');
const iso = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
const DIM = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const dim = (y, m) => (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DIM[m - 1]);

/** Generates `rows` rows as CSV text (CRLF, like Excel on Windows). */
export function generateCsv(rows = ROWS, seed = 20220209) {
  const rnd = prng(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const chance = (p) => rnd() < p;
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const used = [];
  const out = [COLUMNS.join(',')];

  const formatDate = (y, m, d) => {
    const r = rnd();
    if (r < 0.78) return iso(y, m, d);
    if (r < 0.86) return `${y}/${m}/${d}`;
    if (r < 0.89) return `${y}${pad(m)}${pad(d)}`;
    if (r < 0.96) {
      const era = ERAS.find(([, , ey, em, ed]) => y > ey || (y === ey && (m > em || (m === em && d >= ed))));
      if (era) {
        const ey = y - era[2] + 1;
        return chance(0.5) ? `${era[1]}${ey}.${m}.${d}` : `${era[0]}${ey === 1 ? '元' : ey}年${m}月${d}日`;
      }
      return iso(y, m, d);
    }
    return FW(`${y}年${m}月${d}日`);
  };
  const mobile = () => `0${pick(['9', '8', '7'])}0-${int(1000, 9999)}-${int(1000, 9999)}`;

  for (let i = 0; i < rows; i++) {
    const r = {};
    r.id = String(40000000 + i * 7 + int(0, 6));
    const t = rnd();
    r.patient_type = t < 0.85 ? '患者（確定例）' : t < 0.95 ? '無症状病原体保有者' : t < 0.99 ? '疑似症患者' : t < 0.995 ? '感染症死亡者の死体' : '感染症死亡疑い者の死体';
    r.diagnosis_method = pick(['PCR検査', '抗原定量検査', '抗原定性検査', 'LAMP法']);
    const dd = int(1, 20);
    r.diagnosis_date = chance(0.97) ? iso(2022, 2, dd) : `2022/2/${dd}`;
    const sd = Math.max(1, dd - int(0, 2));
    r.specimen_date = iso(2022, 2, sd);
    r.onset_date = r.patient_type === '患者（確定例）' || r.patient_type === '疑似症患者' ? (chance(0.98) ? iso(2022, 1 + (sd > 4 ? 1 : 0), sd > 4 ? sd - int(0, 3) : int(25, 31)) : '') : '';
    const deceased = r.patient_type.includes('死体');

    const by = chance(0.12) ? int(1925, 1956) : int(1957, 2021);
    const bm = int(1, 12);
    const bd = chance(0.002) ? 30 : int(1, dim(by, bm));
    r.birthdate = chance(0.01) ? '' : bm === 2 && bd === 30 ? `${by}年2月30日` : formatDate(by, bm, bd);
    const age = 2022 - by - (bm > 2 || (bm === 2 && bd > dd) ? 1 : 0);
    r.sex = chance(0.5) ? '男' : '女';
    r.age = chance(0.6) && r.birthdate !== '' ? (chance(0.02) ? String(age + 1) : chance(0.05) ? FW(String(age)) + '歳' : String(age)) : '';

    if (deceased) {
      for (const c of COLUMNS) if (r[c] === undefined) r[c] = '';
      r.onset_date = '';
    } else {
      const v = rnd();
      r.vaccine_doses = v < 0.15 ? '0' : v < 0.2 ? '1' : v < 0.7 ? '2' : v < 0.96 ? pick(['3', '3回']) : v < 0.98 ? '不明' : '';
      const doses = Number.parseInt(r.vaccine_doses, 10);
      if (doses >= 1) {
        const vy = chance(0.7) ? 2021 : 2022;
        const vm = vy === 2021 ? int(3, 12) : int(1, 2);
        const f = rnd();
        r.vaccine_date = f < 0.6 ? `${vy}-${pad(vm)}` : f < 0.75 ? `${vy}/${vm}` : f < 0.85 ? `${vy}年${vm}月` : f < 0.95 ? `令和${vy - 2018}年${vm}月` : `R${vy - 2018}.${vm}`;
      } else r.vaccine_date = '';
      const ra = rnd();
      r.risk_any = ra < 0.25 ? pick(['有', 'あり']) : ra < 0.95 ? pick(['無', 'なし']) : '不明';
      const yes = new Set();
      if (ra < 0.25) for (let k = int(1, 3); k > 0; k--) yes.add(pick(FACTORS));
      const blankFactors = ra >= 0.25 && chance(0.4);
      for (const f of FACTORS) r[f] = yes.has(f) ? '有' : blankFactors ? '' : chance(0.03) ? '不明' : '無';
      r.immunosuppressed = chance(0.95) ? '無' : chance(0.5) ? '有' : '不明';
      const fertile = r.sex === '女' && age >= 12 && age <= 55;
      r.pregnancy = fertile ? (chance(0.9) ? '無' : chance(0.3) ? '有' : chance(0.5) ? '不明' : '') : chance(0.5) ? '' : '無';
      const s = rnd();
      r.severity = s < 0.85 ? '軽症' : s < 0.95 ? pick(['中等症I', '中等症Ⅰ']) : s < 0.99 ? pick(['中等症II', '中等症Ⅱ']) : '重症';
      r.hospitalization_needed = chance(0.05) ? '有' : '無';
      r.hospitalized_now = chance(0.03) ? '有' : '無';
      const p = rnd();
      let phone;
      if (p < 0.01 && used.length > 0) phone = pick(used);
      else if (p < 0.87) phone = mobile();
      else if (p < 0.91) phone = mobile().replace(/-/g, '');
      else if (p < 0.93) phone = FW(mobile()).replace(/^(.{3})－(.{4})－/, '$1（$2）');
      else if (p < 0.97) phone = `0${int(3, 9)}-${int(1000, 9999)}-${int(1000, 9999)}`;
      else if (p < 0.99) phone = `050-${int(1000, 9999)}-${int(1000, 9999)}`;
      else phone = chance(0.5) ? '' : '090-0000-0000';
      r.phone = phone;
      if (used.length < 5000 && chance(0.05)) used.push(phone);
    }
    out.push(COLUMNS.map((c) => r[c] ?? '').join(','));
  }
  return out.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------
// Measurement.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function timeProcess(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim()}`);
  if (r.stderr) throw new Error(`${args.join(' ')} wrote to stderr: ${r.stderr.trim()}`);
  return ms;
}

/**
 * Wall time and peak resident memory (MiB) of `node args…`: GNU time's %M where it exists,
 * else the high-water mark (VmHWM) of /proc/PID/status, sampled every 20 ms.
 */
async function measureProcess(args) {
  const gnuTime = existsSync('/usr/bin/time');
  const cmd = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime ? ['-f', 'HERSYS_PEAK_KB=%M', process.execPath, ...args] : args;
  const t0 = performance.now();
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let hwm = 0;
  const poll = gnuTime
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {
          // exited
        }
      }, 20);
  const code = await new Promise((res) => child.on('close', res));
  const ms = performance.now() - t0;
  if (poll) clearInterval(poll);
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${stderr.trim()}`);
  const m = /HERSYS_PEAK_KB=(\d+)/.exec(stderr);
  if (m) hwm = Number(m[1]);
  return { ms, peakMb: Math.round((hwm / 1024) * 10) / 10 };
}

/** Writes `rows` generated rows to `file` in batches of 100,000 (each its own seed), never all in memory. */
function writeLargeCsv(file, rows) {
  const fd = openSync(file, 'w');
  try {
    for (let b = 0; b * 100_000 < rows; b++) {
      let text = generateCsv(Math.min(100_000, rows - b * 100_000), 1000 + b);
      if (b > 0) text = text.slice(text.indexOf('\r\n') + 2);
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hersys-bench-'));
  try {
    const csvFile = join(dir, 'notifications-100k.csv');
    writeFileSync(csvFile, generateCsv());
    const outFile = join(dir, 'out.json');

    await buildCli();
    const entry = join(dir, 'csvparse-entry.ts');
    const csvModule = join(ROOT, 'shared', 'csv.ts').replace(/\\/g, '/');
    writeFileSync(
      entry,
      `import { readFileSync } from 'node:fs';\n` +
        `import { decodeCsvBytes, parseCsvRows } from ${JSON.stringify(csvModule)};\n` +
        `const { text } = decodeCsvBytes(readFileSync(process.argv[2]));\n` +
        `const parsed = parseCsvRows(text);\n` +
        `if (parsed.data.length < 2) process.exitCode = 3;\n`,
    );
    const parseOnly = join(dir, 'csvparse.mjs');
    await buildBundle({ entry, outfile: parseOnly });

    // The peer: DuckDB reads the same file, every column as text, into a table (whole process).
    const duckEntry = join(dir, 'duckdb-read.mjs');
    // The package as the project resolves it (the script itself lives in the temp folder).
    const duckModule = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('@duckdb/node-api')).href;
    writeFileSync(
      duckEntry,
      `import { DuckDBInstance } from ${JSON.stringify(duckModule)};\n` +
        `const db = await DuckDBInstance.create(':memory:', { threads: '2' });\n` +
        `const c = await db.connect();\n` +
        `const file = process.argv[2].replace(/'/g, "''");\n` +
        `await c.run(\`CREATE TABLE t AS SELECT * FROM read_csv('\${file}', header = true, all_varchar = true)\`);\n` +
        `const r = await c.runAndReadAll('SELECT count(*) AS n FROM t');\n` +
        `if (Number(r.getRows()[0][0]) < 2) process.exitCode = 3;\n`,
    );
    const duckArgs = [duckEntry, csvFile];

    const bin = join(ROOT, 'bin', 'hersys-assist.mjs');
    const triageArgs = [bin, 'triage', csvFile, '--format', 'json', '-o', outFile];
    const parseArgs = [parseOnly, csvFile];

    // Warm-up (also checks that both work and that the output is complete).
    timeProcess(triageArgs);
    timeProcess(parseArgs);
    timeProcess([bin, '--version']);
    timeProcess(duckArgs);
    const outSize = statSync(outFile).size;
    if (outSize < ROWS * 50) throw new Error(`triage output looks incomplete (${outSize} bytes)`);

    const triage = [];
    const parse = [];
    const startup = [];
    const duck = [];
    for (let i = 0; i < RUNS; i++) {
      triage.push(timeProcess(triageArgs));
      parse.push(timeProcess(parseArgs));
      duck.push(timeProcess(duckArgs));
      startup.push(timeProcess([bin, '--version']));
    }
    const t = median(triage);
    const p = median(parse);
    const d = median(duck);
    const small = await measureProcess(triageArgs);
    const results = [
      { name: 'triage.100k.ms', value: Math.round(t), unit: 'ms' },
      { name: 'csvparse.100k.ms', value: Math.round(p), unit: 'ms' },
      { name: 'triage.overhead_ratio', value: Math.round((t / p) * 100) / 100, unit: 'ratio' },
      { name: 'duckdb.100k.ms', value: Math.round(d), unit: 'ms' },
      { name: 'triage.vs_duckdb_ratio', value: Math.round((t / d) * 100) / 100, unit: 'ratio' },
      { name: 'triage.100k.peak_rss_mb', value: small.peakMb, unit: 'MiB' },
      { name: 'cli.startup.ms', value: Math.round(median(startup)), unit: 'ms' },
    ];

    if (process.env.HERSYS_BENCH_10M !== '0') {
      const big = join(dir, 'notifications-10m.csv');
      writeLargeCsv(big, BIG_ROWS);
      rmSync(outFile, { force: true });
      const run10m = await measureProcess([bin, 'triage', big, '--format', 'json', '-o', outFile]);
      if (statSync(outFile).size < BIG_ROWS * 50) throw new Error('10m triage output looks incomplete');
      results.push(
        { name: 'triage.10m.peak_rss_mb', value: run10m.peakMb, unit: 'MiB' },
        { name: 'triage.10m.rows_per_s', value: Math.round(BIG_ROWS / (run10m.ms / 1000)), unit: 'rows/s' },
      );
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
