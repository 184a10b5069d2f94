#!/usr/bin/env node
/**
 * Runs every tests/bench/*.bench.mjs module (each exports `async function run()` returning
 * `[{ name, value, unit }]`), prints a table and writes bench/results.json as
 * `{ "results": [ { "name", "value", "unit" } ] }`.
 *
 *   node scripts/bench.mjs [filter]     # filter: only modules whose file name contains it
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = join(ROOT, 'tests', 'bench');
const filter = process.argv[2] ?? '';

const modules = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
  .sort();
if (modules.length === 0) {
  console.error(`bench: no tests/bench/*.bench.mjs${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}

const results = [];
let failed = false;
for (const file of modules) {
  process.stderr.write(`bench: ${file} …\n`);
  try {
    const mod = await import(pathToFileURL(join(BENCH_DIR, file)).href);
    if (typeof mod.run !== 'function') throw new Error('no exported run()');
    const rows = await mod.run();
    for (const r of rows) {
      if (!r || typeof r.name !== 'string' || typeof r.value !== 'number' || typeof r.unit !== 'string') {
        throw new Error(`bad result ${JSON.stringify(r)}`);
      }
      results.push({ name: r.name, value: r.value, unit: r.unit });
    }
  } catch (e) {
    failed = true;
    console.error(`bench: ${file} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const outDir = join(ROOT, 'bench');
mkdirSync(outDir, { recursive: true });
// A filtered run keeps the other modules' figures from the last run.
let merged = results;
if (filter) {
  try {
    const previous = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')).results ?? [];
    const fresh = new Set(results.map((r) => r.name));
    merged = [...previous.filter((r) => !fresh.has(r.name)), ...results];
  } catch {
    // no previous results
  }
}
writeFileSync(join(outDir, 'results.json'), JSON.stringify({ results: merged }, null, 2) + '\n');

const w = Math.max(4, ...results.map((r) => r.name.length));
console.log(`${'name'.padEnd(w)}  ${'value'.padStart(10)}  unit`);
for (const r of results) console.log(`${r.name.padEnd(w)}  ${String(r.value).padStart(10)}  ${r.unit}`);
console.log(`\nwrote ${join('bench', 'results.json')}`);
if (failed) process.exitCode = 1;
