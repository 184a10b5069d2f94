#!/usr/bin/env node
/**
 * Bundles the command-line helper (helper/cli.ts) into dist/cli.mjs with esbuild: one ESM
 * file for Node 20 with every dependency inside, so start-up reads a single file.
 *
 *   node scripts/build-cli.mjs          # build dist/cli.mjs
 *
 * `buildCli()` is also used by bin/hersys-assist.mjs (first run) and by the tests;
 * `buildBundle()` bundles any other entry the same way (the benchmark uses it).
 */
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_ENTRY = join(ROOT, 'helper', 'cli.ts');
export const CLI_OUTFILE = join(ROOT, 'dist', 'cli.mjs');
export const DESK_PAGE_ENTRY = join(ROOT, 'helper', 'desk', 'page', 'app.ts');
export const DESK_PAGE_OUTFILE = join(ROOT, 'dist', 'desk-page.js');
/** DuckDB ships a native addon: it stays a package (loaded only by the desk), not bundled. */
const CLI_EXTERNAL = ['@duckdb/node-api'];

/** papaparse and iconv-lite are CommonJS and `require` Node built-ins (stream, buffer). */
const REQUIRE_BANNER =
  "import { createRequire as __hersysCreateRequire } from 'node:module';\n" +
  'const require = __hersysCreateRequire(import.meta.url);';

/**
 * Bundles `entry` into `outfile` (ESM, platform node, target node20, everything bundled).
 * The file is written to a temp name and renamed, so a concurrent reader never sees half a
 * bundle. Returns the output path.
 */
export async function buildBundle({ entry, outfile, minify = false, external = [], browser = false } = {}) {
  if (!entry || !outfile) throw new Error('buildBundle needs entry and outfile');
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    absWorkingDir: ROOT,
    bundle: true,
    platform: browser ? 'browser' : 'node',
    format: browser ? 'iife' : 'esm',
    target: browser ? 'chrome110' : 'node20',
    // Bundle every package (no externals but those named): one file to read at start-up.
    packages: 'bundle',
    external,
    banner: browser ? {} : { js: REQUIRE_BANNER },
    minify,
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'silent',
    write: false,
  });
  mkdirSync(dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.${Date.now().toString(36)}.tmp`;
    try {
      writeFileSync(tmp, file.contents);
      renameSync(tmp, file.path);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // not written
      }
      throw e;
    }
  }
  return outfile;
}

/** Builds dist/cli.mjs and the desk page's script next to it (dist/desk-page.js). */
export async function buildCli(options = {}) {
  await buildBundle({ entry: DESK_PAGE_ENTRY, outfile: DESK_PAGE_OUTFILE, minify: true, browser: true });
  return buildBundle({ entry: CLI_ENTRY, outfile: CLI_OUTFILE, external: CLI_EXTERNAL, ...options });
}

function describe(e) {
  if (e && Array.isArray(e.errors) && e.errors.length > 0) {
    const first = e.errors[0];
    const loc = first.location ? `${first.location.file}:${first.location.line}: ` : '';
    return `${loc}${first.text}`;
  }
  return e instanceof Error ? e.message : String(e);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildCli({ minify: process.argv.includes('--minify') }).then(
    (out) => console.log(`built ${out}`),
    (e) => {
      console.error(`build-cli: ${describe(e).split('\n')[0]}`);
      process.exitCode = 1;
    },
  );
}

export { describe as describeBuildError };
