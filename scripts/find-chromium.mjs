#!/usr/bin/env node
// Finds a Chromium-family browser for the browser tests and the demo; on Debian/Ubuntu as
// root it installs Debian's `chromium` when none is found. Prints the path, or a clear
// message and exit 1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/usr/bin/microsoft-edge-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

function found() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

function canApt() {
  return process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0 &&
    spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/** The browser's path; installs Debian's chromium when allowed and needed. */
export function findChromium({ install = true, log = (m) => process.stderr.write(m + '\n') } = {}) {
  let path = found();
  if (path) return path;
  if (install && canApt()) {
    log('Chromium が見つかりません。apt-get で chromium をインストールします… / Chromium not found: installing Debian\'s chromium with apt-get…');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (e) {
      log(`apt-get に失敗しました / apt-get failed: ${e instanceof Error ? e.message : e}`);
    }
    path = found();
    if (path) return path;
  }
  throw new Error(
    'Chromium / Chrome / Edge が見つかりません。`apt-get install chromium` でインストールするか、CHROMIUM_PATH にブラウザのパスを設定してください。 / ' +
      'No Chromium, Chrome or Edge found: install one (e.g. `apt-get install chromium`) or set CHROMIUM_PATH to its executable.',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(findChromium() + '\n');
  } catch (e) {
    process.stderr.write((e instanceof Error ? e.message : String(e)) + '\n');
    process.exit(1);
  }
}
