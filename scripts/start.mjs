#!/usr/bin/env node
// `npm start`: builds the demo variant of the extension (`wxt build --mode demo`: the
// production manifest plus http://127.0.0.1/*), starts the replica sandbox on 127.0.0.1
// (port 5178, or a free one), then opens Chromium with the extension on the 発生届 replica.
// Headless (no display, CI=true, or --headless) it drives every sample scenario and writes
// screenshots and demo-output/summary.json.
// Options: --headless, --headed, --no-build (reuse an existing demo build), --port <n>.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from './find-chromium.mjs';
import { buildBundle } from './build-cli.mjs';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
const portAt = argv.findIndex((a) => a === '--port');
const portArg = portAt >= 0 ? argv[portAt + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
const port = portArg === undefined ? undefined : Number(portArg);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
  console.error(`--port は 0〜65535 の整数です / --port must be an integer from 0 to 65535: ${portArg}`);
  process.exit(2);
}
// The demo build lands next to the production one: .output/chrome-mv3-demo (WXT's mode suffix).
const extDir = path.join(root, process.env.WXT_OUT_DIR ?? '.output', 'chrome-mv3-demo');
const headless =
  args.has('--headless') || (!args.has('--headed') && (process.env.CI === 'true' || (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)));

function step(msg) {
  console.log(`\n▶ ${msg}`);
}

function ensureJapaneseFonts() {
  if (process.platform !== 'linux') return;
  const fc = spawnSync('sh', ['-c', 'fc-list :lang=ja 2>/dev/null | head -n 1'], { encoding: 'utf8' });
  if ((fc.stdout ?? '').trim()) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    console.log('日本語フォントがありません（スクリーンショットの文字が□になります）。fonts-noto-cjk のインストールをお勧めします。 / No Japanese font: screenshots will show boxes; install fonts-noto-cjk.');
    return;
  }
  step('日本語フォントをインストールします / Installing a Japanese font (fonts-noto-cjk)');
  try {
    execFileSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    console.log('フォントのインストールに失敗しました（デモは続けます） / Font install failed (the demo goes on).');
  }
}

try {
  findChromium();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
if (headless) ensureJapaneseFonts();

if (!args.has('--no-build') || !existsSync(path.join(extDir, 'manifest.json'))) {
  step('拡張機能（デモ版）をビルドします / Building the extension, demo variant (wxt build --mode demo)');
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = spawnSync(npx, ['wxt', 'build', '--mode', 'demo'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step(headless ? 'サンプル患者で発生届を入力します（ヘッドレス） / Driving the sample scenarios (headless)' : 'Chromium を開きます / Opening Chromium');
const demo = await buildBundle({ entry: path.join(root, 'helper/demo.ts'), outfile: path.join(root, 'dist/demo.mjs'), external: ['@playwright/test', 'playwright', 'playwright-core'] });
const { runDemo } = await import(pathToFileURL(demo).href);
const code = await runDemo({
  root,
  extDir,
  outDir: path.join(root, 'demo-output'),
  headless,
  ...(port === undefined ? {} : { port }),
});
process.exit(code);
