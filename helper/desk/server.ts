/**
 * The desk's web server (README "Desk"): 127.0.0.1 only, one session token per run.
 *
 * Every request: a `Host` other than `127.0.0.1:PORT` / `localhost:PORT` gets 421 (no DNS
 * rebinding); without the session (the token as `?token=`, `Authorization: Bearer`, or the
 * cookie set when the token URL is opened) 401; a state-changing request whose `Origin` is
 * not the desk's 403 (no cross-site posts). No CORS headers are ever sent, the page's CSP
 * allows no inline script, and nothing about people is logged.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { FIELD_IDS, type FieldId } from '../../shared/fields';
import { msg, type MessageKey } from '../../shared/i18n';
import { ACTIONS, CHANNELS } from '../../shared/worklist';
import { csvText, encodeCsv } from '../table-out';
import { labelsOf } from '../worklist';
import { CONTACT_STATUSES, nameHeader, type DeskDb, type QueuePerson } from './db';
import { DESK_CSS, deskShell } from './page/shell';

export const DESK_HOST = '127.0.0.1';
const COOKIE = 'hersys_desk';
/** Largest CSV file accepted for import. */
const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const MAX_JSON_BYTES = 8 * 1024 * 1024;

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface DeskServerOptions {
  db: DeskDb;
  /** 0 picks a free port. */
  port: number;
  /** The page script (the bundled helper/desk/page/app.ts). */
  pageScript: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface DeskServer {
  port: number;
  origin: string;
  token: string;
  /** The URL to open: origin + `/?token=…`. */
  url: string;
  close(): Promise<void>;
}

/** Export columns: the desk's own, then `file:<header>` for each column of the imported files. */
export const EXPORT_COLUMNS = ['rank', 'id', 'name', 'phone', 'channel', 'tier', 'action', 'reasons', 'ask', 'status', 'note'] as const;
type OwnColumn = (typeof EXPORT_COLUMNS)[number];
const OWN_COLUMN_KEY: Readonly<Record<OwnColumn, MessageKey>> = {
  rank: 'desk_col_rank',
  id: 'desk_col_id',
  name: 'desk_col_name',
  phone: 'desk_col_phone',
  channel: 'desk_col_channel',
  tier: 'desk_col_tier',
  action: 'desk_col_action',
  reasons: 'desk_col_reasons',
  ask: 'desk_col_ask',
  status: 'desk_col_status',
  note: 'desk_col_note',
};
/** What a contractor needs by default: rank, HER-SYS ID, 氏名 (when the file has one), phone, channel, tier. */
export const DEFAULT_EXPORT: readonly OwnColumn[] = ['rank', 'id', 'name', 'phone', 'channel', 'tier'];

const fieldSchema = z.enum(FIELD_IDS as unknown as [FieldId, ...FieldId[]]);
const AnswersBody = z.object({ answers: z.partialRecord(fieldSchema, z.string().max(20)) });
const StatusBody = z.object({ status: z.enum(CONTACT_STATUSES as unknown as ['open', 'reached', 'absent']) });
const NoteBody = z.object({ note: z.string().max(4000) });
const ExportBody = z.object({
  pids: z.array(z.string().max(200)).max(1_000_000),
  columns: z.array(z.string().max(300)).min(1).max(200),
  encoding: z.enum(['utf-8', 'cp932']),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly key: MessageKey,
  ) {
    super(String(status));
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, 'desk_http_413');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'desk_http_413');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(400, 'desk_http_400');
  let value: unknown;
  try {
    value = JSON.parse((await readBody(req, MAX_JSON_BYTES)).toString('utf8'));
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, 'desk_http_400');
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, 'desk_http_400');
  return r.data;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendError(res: ServerResponse, status: number, key: MessageKey): void {
  sendJson(res, status, { error: { status, ja: msg('ja', key), en: msg('en', key) } });
}

/** Counts per action and per channel, and how many are not yet reached. */
export function queueCounts(people: readonly QueuePerson[]) {
  const byAction = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<string, number>;
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<string, number>;
  let open = 0;
  for (const p of people) {
    byAction[p.action]!++;
    byChannel[p.channel]!++;
    if (p.status === 'open') open++;
  }
  return { total: people.length, byAction, byChannel, open };
}

/** The contractor CSV: Japanese headers, labels in Japanese, only `columns`. */
export async function exportCsv(db: DeskDb, pids: readonly string[], columns: readonly string[], encoding: 'utf-8' | 'cp932'): Promise<Buffer> {
  const byPid = new Map((await db.queue()).map((p) => [p.pid, p]));
  const cells = await db.cellsOf(pids);
  const header = columns.map((c) => (c.startsWith('file:') ? c.slice(5) : c in OWN_COLUMN_KEY ? msg('ja', OWN_COLUMN_KEY[c as OwnColumn]) : c));
  const rows: string[][] = [header];
  for (const pid of pids) {
    const p = byPid.get(pid);
    if (!p) continue;
    const t = labelsOf(p, 'ja');
    const file = cells.get(pid);
    rows.push(
      columns.map((c) => {
        if (c.startsWith('file:')) return file?.cells.get(c.slice(5)) ?? '';
        switch (c as OwnColumn) {
          case 'rank':
            return String(p.rank);
          case 'id':
            return p.id;
          case 'name':
            return p.name;
          case 'phone':
            return file?.phone ?? '';
          case 'channel':
            return t.channel;
          case 'tier':
            return t.tier;
          case 'action':
            return t.action;
          case 'reasons':
            return t.reasons;
          case 'ask':
            return t.ask;
          case 'status':
            return msg('ja', `desk_page_status_${p.status}` as MessageKey);
          case 'note':
            return p.note;
          default:
            return '';
        }
      }),
    );
  }
  return encodeCsv(csvText(rows), encoding);
}

export async function startDeskServer(opts: DeskServerOptions): Promise<DeskServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const { db } = opts;
  let port = opts.port;
  const hosts = () => new Set([`${DESK_HOST}:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://${DESK_HOST}:${port}`, `http://localhost:${port}`]);

  const hasSession = (req: IncomingMessage, url: URL): boolean => {
    const q = url.searchParams.get('token');
    if (q !== null && sameSecret(q, token)) return true;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) return true;
    const c = cookieValue(req, COOKIE);
    return c !== null && sameSecret(c, token);
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!hosts().has(host.toLowerCase())) throw new HttpError(421, 'desk_http_421');
    const url = new URL(req.url ?? '/', `http://${DESK_HOST}:${port}`);
    if (!hasSession(req, url)) throw new HttpError(401, 'desk_http_401');
    const method = req.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';
    if (!reading) {
      const origin = req.headers.origin;
      if (origin === undefined || !origins().has(origin)) throw new HttpError(403, 'desk_http_403');
    }
    const path = url.pathname;

    if (reading && path === '/') {
      if (url.searchParams.has('token')) {
        // Trade the token in the address for a cookie, and drop it from the address bar.
        send(res, 303, 'text/plain; charset=utf-8', '', {
          Location: '/',
          'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        });
        return;
      }
      send(res, 200, 'text/html; charset=utf-8', deskShell());
      return;
    }
    if (reading && path === '/desk.js') return send(res, 200, 'text/javascript; charset=utf-8', opts.pageScript);
    if (reading && path === '/desk.css') return send(res, 200, 'text/css; charset=utf-8', DESK_CSS);
    if (reading && path === '/api/queue') {
      const people = await db.queue();
      const headers = await db.fileHeaders();
      const name = nameHeader(headers);
      sendJson(res, 200, {
        people,
        counts: queueCounts(people),
        columns: [
          ...EXPORT_COLUMNS.filter((c) => c !== 'name' || name !== null).map((c) => ({ id: c, label: msg('ja', OWN_COLUMN_KEY[c]), checked: DEFAULT_EXPORT.includes(c) })),
          ...headers.map((h) => ({ id: `file:${h}`, label: h, checked: false })),
        ],
      });
      return;
    }
    const person = /^\/api\/people\/([^/]+)\/(answers|status|note|events)$/.exec(path);
    if (person) {
      let pid: string;
      try {
        pid = decodeURIComponent(person[1]!);
      } catch {
        throw new HttpError(400, 'desk_http_400');
      }
      const what = person[2]!;
      if (reading && what === 'events') return sendJson(res, 200, { events: await db.events(pid) });
      if (method !== 'POST') throw new HttpError(404, 'desk_http_404');
      let ok: unknown;
      if (what === 'answers') ok = await db.setAnswers(pid, (await readJson(req, AnswersBody)).answers);
      else if (what === 'status') ok = (await db.setStatus(pid, (await readJson(req, StatusBody)).status)) || null;
      else if (what === 'note') ok = (await db.setNote(pid, (await readJson(req, NoteBody)).note)) || null;
      if (ok === null || ok === undefined) throw new HttpError(404, 'desk_http_404');
      return sendJson(res, 200, { ok: true, change: ok });
    }
    if (method === 'POST' && path === '/api/import') {
      const bytes = await readBody(req, MAX_IMPORT_BYTES);
      const outcome = await db.importCsv(bytes);
      if (!outcome.ok) {
        const e = outcome.error;
        return sendJson(res, 400, { error: { status: 400, code: e.code, ja: e.messageJa, en: e.messageEn } });
      }
      return sendJson(res, 200, outcome.summary);
    }
    if (method === 'POST' && path === '/api/export') {
      const body = await readJson(req, ExportBody);
      const csv = await exportCsv(db, body.pids, body.columns, body.encoding);
      await db.logExport(body.pids.length, body.columns, body.encoding);
      const charset = body.encoding === 'cp932' ? 'Shift_JIS' : 'utf-8';
      return send(res, 200, `text/csv; charset=${charset}`, csv, { 'Content-Disposition': 'attachment; filename="contractor.csv"' });
    }
    throw new HttpError(404, 'desk_http_404');
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) return sendError(res, e.status, e.key);
      // Never the message: it could quote a cell of the file.
      process.stderr.write(`desk: internal error (${e instanceof Error ? e.name : typeof e})\n`);
      if (!res.headersSent) sendError(res, 500, 'desk_http_400');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, DESK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${DESK_HOST}:${port}`;
  return {
    port,
    origin,
    token,
    url: `${origin}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
