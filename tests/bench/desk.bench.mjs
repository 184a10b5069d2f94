/**
 * The first-contact worklist and the desk.
 *
 *   worklist.100k.ms           wall time of `hersys-assist worklist <100k rows> --format json -o out`
 *   worklist.triage.100k.ms    `hersys-assist triage` on the same file, same run (for the ratio)
 *   worklist.overhead_ratio    worklist / triage (target ≤ 1.2)
 *   desk.import.100k.ms        DeskDb.importCsv of the same 100k-row file into a new DuckDB file
 *                              (decode, parse, evaluate, write; in-process, target ≤ 3000 ms)
 *   desk.queue.first_paint.ms  Chromium: from navigation start to the queue of a 5,000-person
 *                              day drawn (the page's `desk-queue-painted` mark; target ≤ 500 ms)
 *
 * Medians of interleaved runs after one warm-up, all in one invocation.
 */
import { chromium } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle, buildCli, ROOT } from '../../scripts/build-cli.mjs';
import { BROWSER_ARGS } from '../../scripts/browser.mjs';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { generateCsv, median, timeProcess } from './triage.bench.mjs';

const RUNS = 3;
const BIN = join(ROOT, 'bin', 'hersys-assist.mjs');

/** A bundle that imports argv[2] into a new database argv[3] and prints the import's milliseconds. */
async function importBundle() {
  // Next to node_modules, so the external DuckDB package resolves.
  const dir = join(ROOT, 'node_modules', '.cache', 'hersys-bench');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'desk-import-entry.ts');
  const db = join(ROOT, 'helper', 'desk', 'db.ts').replace(/\\/g, '/');
  writeFileSync(
    entry,
    `import { readFileSync } from 'node:fs';\n` +
      `import { DeskDb } from ${JSON.stringify(db)};\n` +
      `const bytes = readFileSync(process.argv[2]);\n` +
      `const d = await DeskDb.open(process.argv[3], () => ({ y: 2022, m: 2, d: 20 }));\n` +
      `const t0 = performance.now();\n` +
      `const r = await d.importCsv(bytes);\n` +
      `const ms = performance.now() - t0;\n` +
      `if (!r.ok || r.summary.added < 90000) { console.error(JSON.stringify(r)); process.exit(3); }\n` +
      `d.close();\n` +
      `console.log(JSON.stringify({ ms }));\n`,
  );
  const outfile = join(dir, 'desk-import.mjs');
  await buildBundle({ entry, outfile, external: ['@duckdb/node-api'] });
  return outfile;
}

async function startDesk(db) {
  const proc = spawn(process.execPath, [BIN, 'desk', '--db', db, '--no-open', '--as-of', '2022-02-20'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`desk did not start: ${out}`)), 30_000);
    proc.stdout.on('data', (c) => {
      out += c.toString('utf8');
      const m = /^desk: (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { proc, url };
}

async function firstPaint(dir, csv5k) {
  const { proc, url } = await startDesk(join(dir, 'paint.duckdb'));
  const browser = await chromium.launch({ executablePath: findChromium(), args: BROWSER_ARGS });
  try {
    const u = new URL(url);
    const res = await fetch(`${u.origin}/api/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${u.searchParams.get('token')}`, Origin: u.origin, 'Content-Type': 'text/csv' },
      body: csv5k,
    });
    if (!res.ok) throw new Error(`import for the paint bench failed: ${res.status}`);
    const page = await browser.newPage();
    await page.goto(url); // sets the session cookie (warm-up)
    await page.waitForSelector('body[data-ready="queue"]');
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${u.origin}/`);
      await page.waitForSelector('body[data-ready="queue"]');
      const rows = await page.locator('#queue tbody tr').count();
      if (rows < 1000) throw new Error(`queue shows ${rows} rows`);
      times.push(await page.evaluate(() => performance.getEntriesByName('desk-queue-painted')[0].startTime));
    }
    return median(times);
  } finally {
    await browser.close();
    proc.kill('SIGINT');
  }
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'hersys-desk-bench-'));
  try {
    const csvFile = join(dir, 'notifications-100k.csv');
    writeFileSync(csvFile, generateCsv());
    await buildCli();
    const out = join(dir, 'out.json');
    const worklistArgs = [BIN, 'worklist', csvFile, '--format', 'json', '-o', out, '--as-of', '2022-02-20'];
    const triageArgs = [BIN, 'triage', csvFile, '--format', 'json', '-o', out, '--as-of', '2022-02-20'];
    timeProcess(worklistArgs);
    if (JSON.parse(readFileSync(out, 'utf8')).length !== 100_000) throw new Error('worklist output incomplete');
    timeProcess(triageArgs);
    const w = [];
    const t = [];
    for (let i = 0; i < RUNS; i++) {
      w.push(timeProcess(worklistArgs));
      t.push(timeProcess(triageArgs));
    }

    const bundle = await importBundle();
    const imports = [];
    for (let i = 0; i <= RUNS; i++) {
      const db = join(dir, `import-${i}.duckdb`);
      const r = spawnSync(process.execPath, [bundle, csvFile, db], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`desk import exited ${r.status}: ${r.stderr.trim()}`);
      if (i > 0) imports.push(JSON.parse(r.stdout).ms);
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
    }

    const lines = generateCsv(5000, 20220210);
    const paint = await firstPaint(dir, lines);

    const wm = median(w);
    const tm = median(t);
    return [
      { name: 'worklist.100k.ms', value: Math.round(wm), unit: 'ms' },
      { name: 'worklist.triage.100k.ms', value: Math.round(tm), unit: 'ms' },
      { name: 'worklist.overhead_ratio', value: Math.round((wm / tm) * 100) / 100, unit: 'ratio' },
      { name: 'desk.import.100k.ms', value: Math.round(median(imports)), unit: 'ms' },
      { name: 'desk.queue.first_paint.ms', value: Math.round(paint), unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
