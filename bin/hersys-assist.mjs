#!/usr/bin/env node
/**
 * `hersys-assist` entry point. Runs the bundled CLI (dist/cli.mjs). When that bundle is
 * missing — or, in a source checkout, older than helper/ or shared/ — it is built first
 * with esbuild (scripts/build-cli.mjs). Every failure is one line on stderr and exit 2.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROG = 'hersys-assist';
const bundleUrl = new URL('../dist/cli.mjs', import.meta.url);
const bundlePath = fileURLToPath(bundleUrl);

function fail(ja, en) {
  process.stderr.write(`${PROG}: ${ja} / ${en}`.replace(/[\u0000-\u001f\u007f]/g, '?') + '\n');
  process.exitCode = 2;
}

function firstLine(e) {
  if (e && Array.isArray(e.errors) && e.errors.length > 0) {
    const f = e.errors[0];
    return `${f.location ? `${f.location.file}:${f.location.line}: ` : ''}${f.text}`.split('\n')[0];
  }
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}

/** Newest modification time of the CLI's sources (0 when there are none, as in a package). */
function newestSourceMtime() {
  let newest = 0;
  const walk = (url, depth) => {
    let entries;
    try {
      entries = readdirSync(url, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (depth < 3 && e.name !== 'node_modules') walk(new URL(`${e.name}/`, url), depth + 1);
      } else if (/\.(?:ts|tsx|mts|js|mjs|json)$/.test(e.name)) {
        try {
          newest = Math.max(newest, statSync(new URL(e.name, url)).mtimeMs);
        } catch {
          // vanished meanwhile
        }
      }
    }
  };
  walk(new URL('../helper/', import.meta.url), 0);
  walk(new URL('../shared/', import.meta.url), 0);
  return newest;
}

async function ensureBundle() {
  const exists = existsSync(bundlePath);
  if (exists) {
    const sources = newestSourceMtime();
    if (sources === 0 || statSync(bundlePath).mtimeMs >= sources) return true;
  }
  let buildCli;
  try {
    await import('esbuild');
    ({ buildCli } = await import('../scripts/build-cli.mjs'));
  } catch {
    if (exists) return true; // no build tools (installed package): use the bundle we have
    fail(
      'dist/cli.mjs がなく、esbuild も見つからないためビルドできません（npm install の後 node scripts/build-cli.mjs を実行してください）',
      'dist/cli.mjs is missing and esbuild is not available to build it (run npm install, then node scripts/build-cli.mjs)',
    );
    return false;
  }
  try {
    await buildCli();
    return true;
  } catch (e) {
    fail('CLI のビルドに失敗しました', `building the CLI failed: ${firstLine(e)}`);
    return false;
  }
}

try {
  if (await ensureBundle()) {
    const cli = await import(bundleUrl.href);
    cli.runAsProcess(process.argv.slice(2));
  }
} catch (e) {
  fail('起動に失敗しました', `could not start: ${firstLine(e)}`);
}
