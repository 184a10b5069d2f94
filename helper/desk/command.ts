/**
 * `hersys-assist desk [--db desk.duckdb] [--port N] [--no-open]`: opens (creating) the desk's
 * database, serves the desk page on 127.0.0.1 and prints `desk: <url with token>` as the first
 * line; SIGINT/SIGTERM close the server and the database and exit 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseISODate, ymdFromDate, type YMD } from '../../shared/dates';
import { CliError, MSG, type CliIo } from '../cli';
import { catalogueMsg, parseOptions } from '../worklist';
import { DeskDb } from './db';
import { startDeskServer } from './server';

export interface DeskArgs {
  db: string;
  port: number;
  open: boolean;
  asOf: YMD | null;
}

export function parseDeskArgs(args: readonly string[]): DeskArgs | 'help' {
  if (args.some((a) => a === '--help' || a === '-h')) return 'help';
  const out: DeskArgs = { db: 'desk.duckdb', port: 0, open: true, asOf: null };
  parseOptions(
    args,
    {
      '--db': (v) => {
        if (v.trim() === '') throw new CliError(MSG.emptyValue('--db'));
        out.db = v;
      },
      '--port': (v) => {
        const n = /^\d{1,5}$/.test(v.trim()) ? Number(v.trim()) : NaN;
        if (!(n >= 0 && n <= 65535)) throw new CliError(catalogueMsg('desk_err_badPort', v));
        out.port = n;
      },
      '--as-of': (v) => {
        out.asOf = parseISODate(v.trim());
        if (out.asOf === null) throw new CliError(MSG.badAsOf(v));
      },
      '--no-open': null,
    },
    (arg) => {
      throw new CliError(MSG.extraArgument(arg));
    },
  );
  out.open = !args.includes('--no-open');
  return out;
}

/** The bundled page script: next to the CLI bundle (dist/), or built from a source checkout's dist/. */
function pageScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, 'desk-page.js'), resolve(here, '../../dist/desk-page.js')]) {
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new CliError(catalogueMsg('desk_err_dbOpen', 'desk-page.js missing (run node scripts/build-cli.mjs)'));
}

/** Opens `url` in the user's browser when there is a display; never fails the command. */
function openBrowser(url: string): void {
  const linux = process.platform === 'linux';
  if (linux && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener: the URL is on the terminal
  }
}

export async function runDesk(args: readonly string[], io: CliIo, usage: string): Promise<number> {
  const parsed = parseDeskArgs(args);
  if (parsed === 'help') {
    io.stdout(usage);
    return 0;
  }
  if (/^postgres(?:ql)?:\/\//i.test(parsed.db)) throw new CliError(catalogueMsg('desk_err_postgres'));
  const script = pageScript();
  const asOf = () => parsed.asOf ?? ymdFromDate(io.now());
  let db: DeskDb;
  try {
    db = await DeskDb.open(parsed.db, asOf);
  } catch (e) {
    throw new CliError(catalogueMsg('desk_err_dbOpen', `${parsed.db}${e instanceof Error ? ` (${e.message.split('\n')[0]})` : ''}`));
  }
  let server;
  try {
    server = await startDeskServer({ db, port: parsed.port, pageScript: script });
  } catch (e) {
    db.close();
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (code === 'EADDRINUSE') throw new CliError(catalogueMsg('desk_err_portBusy', parsed.port));
    throw e;
  }
  io.stdout(`desk: ${server.url}\n`);
  io.stdout(`${catalogueMsg('desk_stop').ja} / ${catalogueMsg('desk_stop').en}\n`);
  if (parsed.open && !process.env.CI) openBrowser(server.url);
  await (io.waitForStop ?? (() => new Promise<void>(() => {})))();
  await server.close();
  db.close();
  return 0;
}
