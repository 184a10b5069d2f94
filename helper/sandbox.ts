/**
 * `hersys-assist sandbox [--port 5178]` (docs/cli.md): serves the replica HER-SYS screens of
 * `public/replica/` on 127.0.0.1 only, for trainers and for the demo (`npm start`).
 *
 *   /                               index: the screens and the sample patients
 *   /hersys/notification            発生届入力 (also …/notification.html)
 *   /hersys/observation-list        対象者一覧
 *   /hersys/person                  個人ページ
 *   /hersys/observation-settings    健康観察 tab
 *   /hersys/accepted (GET or POST)  受付: what the 発生届's submit answers
 *
 * The replicas link to one another relatively (`observation-list.html`), so the same files
 * work inside the extension package; here every screen answers with and without `.html`.
 * Unknown paths are 404, other methods 405, and a request whose Host is not this loopback
 * address is refused (no DNS rebinding). Nothing is written anywhere; request bodies are
 * read and dropped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OBSERVATION_SCENARIOS, SCENARIOS } from '../shared/scenarios';
import { msg, TIER_KEY } from '../shared/i18n';

export const SANDBOX_HOST = '127.0.0.1';
export const DEFAULT_SANDBOX_PORT = 5178;
/** The path of the 発生届 replica (HER-SYS-like). */
export const NOTIFICATION_PATH = '/hersys/notification';

/** Screen name (path under /hersys/) → replica file and its Japanese / English title. */
export const SCREENS = [
  { name: 'notification', file: 'notification.html', ja: '発生届入力', en: 'COVID-19 notification form' },
  { name: 'observation-list', file: 'observation-list.html', ja: '対象者一覧', en: 'People under observation' },
  { name: 'person', file: 'person.html', ja: '個人ページ', en: "A person's page (10 days)" },
  { name: 'observation-settings', file: 'observation-settings.html', ja: '健康観察', en: 'Observation settings tab' },
  { name: 'accepted', file: 'accepted.html', ja: '受付', en: 'Submission received' },
] as const;

/** A failure to start: one line in Japanese and English (the CLI turns it into exit 2). */
export class SandboxError extends Error {
  readonly ja: string;
  readonly en: string;
  constructor(ja: string, en: string) {
    super(en);
    this.ja = ja;
    this.en = en;
  }
}

/** `--port` value: an integer 0–65535 (0 picks a free port). */
export function parsePort(text: string): number {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t) || Number(t) > 65535) {
    throw new SandboxError(`--port は 0〜65535 の整数です（指定: ${text}）`, `--port must be an integer from 0 to 65535, not "${text}"`);
  }
  return Number(t);
}

/** The replica folder: `public/replica` at the package root, found from this module (helper/ or dist/). */
export function findReplicaDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'public', 'replica');
    if (existsSync(join(candidate, 'notification.html'))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new SandboxError('複製画面（public/replica）が見つかりません', `the replica screens (public/replica) were not found near ${from}`);
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The index page: the screens and the sample patients with what the overlay should show. */
export function indexPage(): string {
  const screens = SCREENS.filter((s) => s.name !== 'accepted')
    .map((s) => `<li><a href="/hersys/${s.name}">${escapeHtml(s.ja)}</a> <span lang="en">/ ${escapeHtml(s.en)}</span> — <code>/hersys/${s.name}</code></li>`)
    .join('\n');
  const rows = SCENARIOS.map((s) => {
    const r = s.record;
    const cell = (v: string | undefined) => `<td>${escapeHtml(v === undefined || v === '' ? '—' : v)}</td>`;
    const codes = s.expect.codes.length ? [...new Set(s.expect.codes)].join(' ') : '—';
    return (
      `<tr id="scenario-${escapeHtml(s.id)}"><td>${escapeHtml(s.titleJa)}<br><small lang="en">${escapeHtml(s.titleEn)}</small></td>` +
      cell(r.birthdate) +
      cell(r.sex) +
      cell(r.phone) +
      cell(r['risk-any']) +
      cell(r['vaccine-doses']) +
      cell(r.pregnancy) +
      `<td>${escapeHtml(msg('ja', TIER_KEY[s.expect.tier]))}</td><td>${s.expect.blocked ? '止める' : '—'}</td><td><code>${escapeHtml(codes)}</code></td>` +
      `<td>${escapeHtml(s.pointJa)}</td></tr>`
    );
  }).join('\n');
  const observations = OBSERVATION_SCENARIOS.map((s) => {
    const c = s.expect.counts;
    return (
      `<li id="scenario-${escapeHtml(s.id)}"><a href="/hersys/${escapeHtml(s.screen)}">${escapeHtml(s.titleJa)}</a> <span lang="en">/ ${escapeHtml(s.titleEn)}</span>` +
      ` — 緊急 ${c.critical}・注意 ${c.warning}・未回答 ${c.unanswered}<br>${escapeHtml(s.pointJa)}</li>`
    );
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HER-SYS 複製画面（サンドボックス） | HER-SYS Assist</title>
<style>
  body { font-family: "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, sans-serif; margin: 16px; color: #222; }
  table { border-collapse: collapse; font-size: .9em; }
  th, td { border: 1px solid #c8d3de; padding: 4px 6px; vertical-align: top; }
  th { background: #eef3f8; font-weight: normal; }
  .note { color: #555; }
</style>
</head>
<body>
<h1>HER-SYS 複製画面（サンドボックス）</h1>
<p class="note">研修・デモ用の複製画面です。実在の HER-SYS ではありません。人物と番号はすべて架空で、このマシンの外には何も送りません。<br>
<span lang="en">Replica screens for training and demos, not the real HER-SYS: fictional people and numbers; nothing leaves this machine.</span></p>
<h2>画面 / Screens</h2>
<ul>
${screens}
</ul>
<h2>サンプル患者（発生届） / Sample patients</h2>
<p class="note">発生届入力の画面で、下の値を入力すると拡張機能のパネルに表の優先度と問題が表示されます（入力のない項目は低リスクの基本値：患者（確定例）、PCR検査、診断年月日 2022/02/09、3回接種、リスク因子 無、軽症、入院 無）。</p>
<table id="samples">
<thead><tr><th>サンプル</th><th>生年月日</th><th>性別</th><th>電話番号</th><th>リスク因子</th><th>接種回数</th><th>妊娠</th><th>優先度</th><th>提出</th><th>問題</th><th>ポイント</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>対象者一覧の見本 / The observation list</h2>
<p>対象者一覧の10人（HER-SYS ID 10000001〜10000010、すべて架空）。</p>
<ul>
${observations}
</ul>
</body>
</html>
`;
}

function notFoundPage(): string {
  return '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8"><title>404 | HER-SYS（複製画面）</title></head><body><h1>ページが見つかりません</h1><p lang="en">Not found.</p><p><a href="/">複製画面の一覧へ / Index</a></p></body></html>\n';
}

export interface SandboxOptions {
  /** 0 picks a free port. Default 5178. */
  port?: number;
  /** Where the replica files are (default: found from the package root). */
  replicaDir?: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** The 発生届 replica's URL. */
  notificationUrl: string;
  /** URL of a screen by name (`observation-list`, …). */
  urlOf(screen: (typeof SCREENS)[number]['name']): string;
  close(): Promise<void>;
}

const HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** Starts the sandbox server on 127.0.0.1. Rejects with a SandboxError when the port is taken or not allowed. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = options.port ?? DEFAULT_SANDBOX_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) parsePort(String(port));
  const dir = options.replicaDir ?? findReplicaDir();
  // Read once: the files are small, and a missing one fails now rather than on a request.
  const pages = new Map<string, string>();
  for (const s of SCREENS) {
    let html: string;
    try {
      html = readFileSync(join(dir, s.file), 'utf8');
    } catch {
      throw new SandboxError(`複製画面のファイルがありません: ${s.file}`, `replica file missing: ${join(dir, s.file)}`);
    }
    pages.set(`/hersys/${s.name}`, html);
    pages.set(`/hersys/${s.file}`, html);
  }
  const index = indexPage();

  let actualPort = port;
  const allowedHosts = () => new Set([`${SANDBOX_HOST}:${actualPort}`, `localhost:${actualPort}`]);

  const send = (res: ServerResponse, status: number, body: string, head = false, extra: Record<string, string> = {}) => {
    const buf = Buffer.from(body, 'utf8');
    res.writeHead(status, { ...HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': String(buf.length), ...extra });
    res.end(head ? undefined : buf);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    if (!allowedHosts().has((req.headers.host ?? '').toLowerCase())) {
      send(res, 421, '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>421</title></head><body><p>このアドレスでは応答しません / Misdirected request.</p></body></html>\n');
      return;
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', `http://${SANDBOX_HOST}`).pathname;
    } catch {
      send(res, 400, notFoundPage());
      return;
    }
    if (method === 'POST') {
      // Only the 発生届's submit posts: drop the body (never stored), answer with the 受付 page.
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > 1_000_000) req.destroy();
      });
      req.on('end', () => {
        if (pathname === '/hersys/accepted' || pathname === '/hersys/accepted.html' || pathname === NOTIFICATION_PATH) {
          send(res, 200, pages.get('/hersys/accepted')!);
        } else send(res, 404, notFoundPage());
      });
      req.on('error', () => res.destroy());
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      send(res, 405, notFoundPage(), false, { allow: 'GET, HEAD, POST' });
      return;
    }
    const head = method === 'HEAD';
    if (pathname === '/' || pathname === '/index.html') return send(res, 200, index, head);
    if (pathname === '/hersys' || pathname === '/hersys/') {
      res.writeHead(302, { ...HEADERS, location: NOTIFICATION_PATH, 'content-length': '0' });
      res.end();
      return;
    }
    const page = pages.get(pathname);
    if (page !== undefined) return send(res, 200, page, head);
    send(res, 404, notFoundPage(), head);
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) send(res, 500, notFoundPage());
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') reject(new SandboxError(`ポート ${port} は使用中です（--port で別の番号か 0 を指定してください）`, `port ${port} is already in use (choose another with --port, or --port 0)`));
      else if (e.code === 'EACCES' || e.code === 'EPERM') reject(new SandboxError(`ポート ${port} を開く権限がありません`, `not allowed to listen on port ${port}`));
      else reject(new SandboxError(`サーバーを開始できません（${e.code ?? e.message}）`, `cannot start the server: ${e.code ?? e.message}`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: SANDBOX_HOST, exclusive: true });
  });
  actualPort = (server.address() as AddressInfo).port;
  const origin = `http://${SANDBOX_HOST}:${actualPort}`;
  let closing: Promise<void> | null = null;
  return {
    origin,
    port: actualPort,
    notificationUrl: `${origin}${NOTIFICATION_PATH}`,
    urlOf: (screen) => `${origin}/hersys/${screen}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
