/**
 * `hersys-assist` — the local command-line helper (docs/cli.md).
 *
 *   hersys-assist triage <file.csv> [--format json|csv] [--as-of YYYY-MM-DD] [-o out]
 *   hersys-assist audit verify <export.json>
 *
 *   hersys-assist worklist <file.csv> …     (helper/worklist.ts)
 *   hersys-assist desk [--db desk.duckdb] …  (helper/desk/command.ts)
 *
 * Exit codes: 0 done (problems in rows are data), 1 verification failed, 2 bad usage or
 * unreadable input — then exactly one line on stderr and nothing on stdout or in the -o file.
 *
 * Bundled by scripts/build-cli.mjs into dist/cli.mjs; bin/hersys-assist.mjs imports that
 * bundle and calls `runAsProcess()`. Importing this module runs nothing.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { version } from '../package.json';
import { verifyExportBytes } from './audit-verify';
import { DEFAULT_SANDBOX_PORT, parsePort, SandboxError, startSandbox } from './sandbox';
import type { CsvEncoding, DecodeReport } from '../shared/csv-decode';
import { parseISODate, ymdFromDate, type YMD } from '../shared/dates';
import { msg, type MessageKey } from '../shared/i18n';
import { openOutputFile, OutputError, writeOutputFile, type OutputFile } from './output';
import { InputReadError, MAX_ROWS, triageStream } from './triage-stream';
import { runWorklist } from './worklist';
import { runDesk } from './desk/command';

const PROG = 'hersys-assist';
/** A progress line is shown on an interactive terminal once a run takes longer than this. */
const PROGRESS_AFTER_MS = 1000;

export const USAGE = `${PROG} ${version} — HER-SYS Assist helper

使い方 / Usage:
  ${PROG} triage <file.csv> [--format json|csv] [--as-of YYYY-MM-DD] [--encoding utf-8|cp932] [-o <out>]
  ${PROG} audit verify <export.json>
  ${PROG} sandbox [--port 5178]
  ${PROG} worklist <file.csv> [--as-of YYYY-MM-DD] [--format csv|json|html] [--encoding utf-8|cp932] [--lang ja|en] [-o <out>]
  ${PROG} desk [--db desk.duckdb] [--port N] [--no-open]
  ${PROG} --help | --version

triage   発生届CSVの各行を確認し、重点観察の区分を判定します。
         Checks each 発生届 row of a CSV file and computes its priority tier.
         CSV: UTF-8 (BOM optional) or Shift_JIS/CP932. Headers: field ids (diagnosis_date,
         risk-any, …), id, or the Japanese labels (診断年月日, 生年月日, 電話番号, …).
  --format json|csv     output format (default json)
  --as-of YYYY-MM-DD    "today" for the …_FUTURE checks (default: today, local time)
  --encoding utf-8|cp932  read the CSV in this encoding (default: detected; a lossy
                        read is reported on stderr with the line of the first bad byte)
  -o, --output <out>    write to a file instead of stdout (never the input, a link or a
                        device; a new file is readable by its owner only)

audit verify
         監査ログの書き出しファイル（JSON）のハッシュの連鎖を検証します。
         Checks every hash and link of an audit log export (JSON); prints the entry
         count and time range, or exits 1 naming the first broken entry.

sandbox  HER-SYS の複製画面（発生届入力・対象者一覧・個人ページ・健康観察）を 127.0.0.1 で提供します。
         Serves the replica HER-SYS screens on 127.0.0.1 until Ctrl+C.
  --port <n>            port (default 5178; 0 picks a free one)

worklist 発生届CSVから本日の初回連絡リスト（対応・連絡手段・聴取事項・順位）を作ります。
         The day's first-contact worklist: action, channel, what to ask, in order of work.
  --format csv|json|html  output format (default csv: UTF-8 with BOM)
  --encoding utf-8|cp932  CSV encoding (default utf-8)
  --lang ja|en            ja: Japanese headers and labels (CSV, HTML)

desk     受付台帳（初回連絡の画面）を 127.0.0.1 で開きます。データは DuckDB のファイルに保存します。
         The local desk page for the day's work, on 127.0.0.1, state in a DuckDB file.
  --db <file>           database file (default desk.duckdb)
  --port <n>            port (default: a free one)
  --no-open             do not open a browser

Exit codes: 0 done (problems in rows are data), 1 verification failed,
            2 bad usage or unreadable input.
`;

type Msg = { ja: string; en: string };

/** The CLI's message catalogue (Japanese / English); every stderr line comes from here. */
export const MSG = {
  missingValue: (opt: string): Msg => ({ ja: `${opt} の値がありません`, en: `missing value for ${opt}` }),
  emptyValue: (opt: string): Msg => ({ ja: `${opt} の値が空です`, en: `empty value for ${opt}` }),
  badFormat: (v: string): Msg => ({ ja: `--format は json か csv です（指定: ${v}）`, en: `--format must be json or csv, not "${v}"` }),
  badAsOf: (v: string): Msg => ({
    ja: `--as-of の日付が正しくありません（YYYY-MM-DD の実在する日付）: ${v}`,
    en: `invalid --as-of date (a real date as YYYY-MM-DD): ${v}`,
  }),
  unknownOption: (opt: string): Msg => ({ ja: `不明なオプションです: ${opt}`, en: `unknown option: ${opt} (see ${PROG} triage --help)` }),
  extraArgument: (arg: string): Msg => ({ ja: `余分な引数があります: ${arg}`, en: `unexpected argument: ${arg}` }),
  missingFile: (): Msg => ({
    ja: 'CSVファイルを指定してください',
    en: `missing <file.csv> (usage: ${PROG} triage <file.csv> [--format json|csv] [--as-of YYYY-MM-DD] [-o out])`,
  }),
  notFound: (f: string): Msg => ({ ja: `ファイルが見つかりません: ${f}`, en: `file not found: ${f}` }),
  isDirectory: (f: string): Msg => ({ ja: `ファイルではなくフォルダーです: ${f}`, en: `is a directory, not a file: ${f}` }),
  noPermission: (f: string): Msg => ({ ja: `ファイルを読む権限がありません: ${f}`, en: `permission denied: ${f}` }),
  unreadable: (f: string, code?: string): Msg => ({ ja: `ファイルを読み取れません: ${f}`, en: `cannot read file: ${f}${code ? ` (${code})` : ''}` }),
  badCsv: (csv: { messageJa: string; messageEn: string }, f: string): Msg => ({ ja: `${csv.messageJa}（${f}）`, en: `${csv.messageEn} (${f})` }),
  unwritable: (f: string, code?: string): Msg => ({
    ja: `出力ファイルに書き込めません: ${f}`,
    en: `cannot write the output file: ${f}${code ? ` (${code})` : ''}`,
  }),
  missingExport: (): Msg => ({
    ja: '監査ログの書き出しファイル（JSON）を指定してください',
    en: `missing <export.json> (usage: ${PROG} audit verify <export.json>)`,
  }),
  badJson: (f: string): Msg => ({ ja: `JSONとして読めません: ${f}`, en: `not valid JSON: ${f}` }),
  notAnExport: (f: string, why: string): Msg => ({ ja: `監査ログの書き出しファイルではありません: ${f}`, en: `not an audit log export (${why}): ${f}` }),
  verifyFailed: (n: number, id: number | null, reason: string): Msg => ({
    ja: '検証に失敗しました',
    en: `verification failed: entry #${n} (id ${id ?? '?'}): ${reason}`,
  }),
  missingCommand: (): Msg => ({ ja: 'サブコマンドを指定してください（triage など）', en: `missing command (try: ${PROG} --help)` }),
  unknownAudit: (sub: string | undefined): Msg => ({
    ja: `audit のサブコマンドが不明です: ${sub ?? '(なし)'}`,
    en: `unknown audit command: ${sub ?? '(none)'} (expected: audit verify <export.json>)`,
  }),
  unknownCommand: (cmd: string): Msg => ({ ja: `不明なサブコマンドです: ${cmd}`, en: `unknown command: ${cmd} (try: ${PROG} --help)` }),
  internal: (detail: string): Msg => ({ ja: '内部エラーが発生しました', en: `internal error: ${detail}` }),
};

/** A message of the catalogue (`cli_…` keys) in both languages. */
function cat(key: MessageKey, ...subs: Array<string | number>): Msg {
  return { ja: msg('ja', key, ...subs), en: msg('en', key, ...subs) };
}

/** A failure that ends the run with one line on stderr and exit 2 (bad usage or input) or 1 (verification failed). */
export class CliError extends Error {
  readonly ja: string;
  readonly en: string;
  readonly exitCode: 1 | 2;
  constructor(msg: Msg, exitCode: 1 | 2 = 2) {
    super(msg.en);
    this.ja = msg.ja;
    this.en = msg.en;
    this.exitCode = exitCode;
  }
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTTY: boolean;
  /** Local "today" (injectable for tests). */
  now(): Date;
  /** Resolves when a long-running command (sandbox) should stop: Ctrl+C / SIGTERM by default. */
  waitForStop?(): Promise<void>;
}

const processIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  get stderrIsTTY() {
    return Boolean(process.stderr.isTTY);
  },
  now: () => new Date(),
  waitForStop: () =>
    new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
};

/** One printable line: control characters (newlines included) become `?`. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
}

function errorLine(e: CliError): string {
  return oneLine(`${PROG}: ${e.ja} / ${e.en}`) + '\n';
}

interface TriageArgs {
  file: string;
  format: 'json' | 'csv';
  asOf: YMD | null;
  output: string | null;
  encoding: CsvEncoding | null;
}

/** `--encoding` values: the names people type for each encoding. */
const ENCODING_NAMES: Readonly<Record<string, CsvEncoding>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  cp932: 'shift_jis',
  'windows-31j': 'shift_jis',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
};

type Parsed = { help: true } | ({ help: false } & TriageArgs);

function parseTriageArgs(args: readonly string[]): Parsed {
  if (args.some((a) => a === '--help' || a === '-h')) return { help: true };
  let file: string | null = null;
  let format: 'json' | 'csv' = 'json';
  let asOfText: string | null = null;
  let output: string | null = null;
  let encoding: CsvEncoding | null = null;
  let optionsDone = false;

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!optionsDone && arg === '--') {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && arg.startsWith('-') && arg !== '-') {
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const inline = eq >= 0 ? arg.slice(eq + 1) : null;
      const value = (): string => {
        if (inline !== null) return inline;
        const next = args[i + 1];
        if (next === undefined || (next.startsWith('-') && next !== '-')) {
          throw new CliError(MSG.missingValue(name));
        }
        i++;
        return next;
      };
      switch (name) {
        case '--format': {
          const v = value().trim().toLowerCase();
          if (v !== 'json' && v !== 'csv') {
            throw new CliError(MSG.badFormat(v));
          }
          format = v;
          break;
        }
        case '--as-of':
          asOfText = value();
          break;
        case '--encoding': {
          const v = value().trim();
          const e = ENCODING_NAMES[v.toLowerCase()];
          if (e === undefined) throw new CliError(cat('cli_badEncoding', v));
          encoding = e;
          break;
        }
        case '-o':
        case '--output':
          output = value();
          if (output === '') throw new CliError(MSG.emptyValue(name));
          break;
        default:
          throw new CliError(MSG.unknownOption(arg));
      }
      continue;
    }
    if (file !== null) throw new CliError(MSG.extraArgument(arg));
    file = arg;
  }

  if (file === null) {
    throw new CliError(MSG.missingFile());
  }
  let asOf: YMD | null = null;
  if (asOfText !== null) {
    asOf = parseISODate(asOfText.trim());
    if (asOf === null) {
      throw new CliError(MSG.badAsOf(asOfText));
    }
  }
  return { help: false, file, format, asOf, output: output === '-' ? null : output, encoding };
}

export function readInput(file: string): Uint8Array {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    throw inputError(file, code);
  }
}

function inputError(file: string, code: string | undefined): CliError {
    switch (code) {
      case 'ENOENT':
        return new CliError(MSG.notFound(file));
      case 'EISDIR':
        return new CliError(MSG.isDirectory(file));
      case 'EACCES':
      case 'EPERM':
        return new CliError(MSG.noPermission(file));
      default:
        return new CliError(MSG.unreadable(file, code));
    }
}

/** Opens the input for reading (`-`: standard input). */
function openInput(file: string): number {
  if (file === '-') return 0;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw inputError(file, (e as NodeJS.ErrnoException | null)?.code);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw inputError(file, 'EISDIR');
  }
  return fd;
}

// ---------------------------------------------------------------------------------------------
// Output.

/**
 * Writes `chunks` to `out` safely (helper/output.ts): never over the input, a link or a
 * device; fsync, then rename; an existing file keeps its mode, a new one is 0600.
 */
export function writeAtomically(out: string, chunks: readonly Uint8Array[], inputs: ReadonlyArray<string | number> = []): void {
  try {
    writeOutputFile(out, chunks, { inputs });
  } catch (e) {
    if (e instanceof OutputError) throw new CliError(e.problem);
    throw e;
  }
}

/** The one stderr line of a lossy read (the exit code stays 0: the rows are still data). */
function lossyWarning(report: DecodeReport, name: string): string | null {
  if (!report.lossy || report.firstBad === null) return null;
  const enc = report.encoding === 'utf-8' ? 'UTF-8' : 'CP932 (Shift_JIS)';
  const m = cat('cli_encodingLossy', enc, report.firstBad.line, report.firstBad.bytes, name);
  return oneLine(`${PROG}: ${m.ja} / ${m.en}`) + '\n';
}

// ---------------------------------------------------------------------------------------------
// Commands.

async function runTriage(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseTriageArgs(args);
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }
  const asOf = parsed.asOf ?? ymdFromDate(io.now());
  const name = parsed.file === '-' ? '(stdin)' : parsed.file;
  const fd = openInput(parsed.file);
  let out: OutputFile | null = null;
  // Grouped digits by hand: toLocaleString would load ICU data (~20 ms) on every run.
  const fmt = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const started = Date.now();
  let lastProgress = 0;
  let shownProgress = false;
  const progress = (m: Msg) => {
    const now = Date.now();
    if (!io.stderrIsTTY || now - started < PROGRESS_AFTER_MS || now - lastProgress < 250) return;
    lastProgress = now;
    shownProgress = true;
    io.stderr(`\r\x1b[K${PROG}: ${m.ja} / ${m.en}`);
  };
  try {
    const st = fstatSync(fd);
    const totalBytes = st.isFile() ? st.size : null;
    if (parsed.output !== null) {
      try {
        out = openOutputFile(parsed.output, { inputs: [fd] });
      } catch (e) {
        if (e instanceof OutputError) throw new CliError(e.problem);
        throw e;
      }
    }
    const sink = out;
    const outcome = triageStream(fd, sink ? (b) => sink.write(b) : (b) => io.stdout(b.toString('utf8')), {
      asOf,
      format: parsed.format,
      encoding: parsed.encoding,
      spoolDir: parsed.output !== null ? dirname(resolve(parsed.output)) : undefined,
      totalBytes,
      onProgress: (p) => {
        if (p.pass === 2) return progress(cat('cli_progressShared', Math.floor(p.fraction * 100)));
        if (!(p.fraction > 0)) return progress(cat('cli_progressRowsNoEta', fmt(p.rows)));
        // Pass 2 copies what pass 1 made: about a tenth of its time.
        const left = (((Date.now() - started) / p.fraction) * (1.1 - p.fraction)) / 1000;
        progress(cat('cli_progressRows', fmt(p.rows), Math.floor(p.fraction * 100), Math.max(1, Math.round(left))));
      },
    });
    if (!outcome.ok) {
      if (outcome.tooManyRows) throw new CliError(cat('cli_tooManyRows', fmt(MAX_ROWS), name));
      throw new CliError(MSG.badCsv(outcome.csv!, name));
    }
    if (out !== null) {
      try {
        out.commit();
      } catch (e) {
        if (e instanceof OutputError) throw new CliError(e.problem);
        throw e;
      }
    }
    if (shownProgress) io.stderr('\r\x1b[K');
    shownProgress = false;
    const warning = lossyWarning(outcome.decode, name);
    if (warning) io.stderr(warning);
  } catch (e) {
    if (e instanceof OutputError) throw new CliError(e.problem);
    if (e instanceof InputReadError) throw inputError(parsed.file, e.code);
    // The spool (a temporary file beside the output) could not be written: the disk is full.
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (!(e instanceof CliError) && typeof code === 'string') throw new CliError(cat('cli_outputUnwritable', parsed.output ?? '(stdout)', code));
    throw e;
  } finally {
    out?.abort();
    if (shownProgress) io.stderr('\r\x1b[K');
    if (fd !== 0) closeSync(fd);
  }
  return 0;
}

/** Node's one-shot crypto.hash (Node ≥ 20.12) is about twice as fast as createHash for short inputs. */
const oneShotHash = (crypto as unknown as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
function nodeSha256(text: string): string {
  return oneShotHash ? oneShotHash('sha256', text, 'hex') : createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `audit verify <export.json>`: exit 0 with the count and time range, 1 at the first broken entry, 2 for bad input. */
function runAuditVerify(args: readonly string[], io: CliIo): number {
  if (args.some((a) => a === '--help' || a === '-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const files: string[] = [];
  let optionsDone = false;
  for (const arg of args) {
    if (!optionsDone && arg === '--') optionsDone = true;
    else if (!optionsDone && arg.startsWith('-') && arg !== '-') throw new CliError(MSG.unknownOption(arg));
    else files.push(arg);
  }
  const file = files[0];
  if (file === undefined) throw new CliError(MSG.missingExport());
  if (files.length > 1) throw new CliError(MSG.extraArgument(files[1]!));
  const name = file === '-' ? '(stdin)' : file;
  const outcome = verifyExportBytes(readInput(file), nodeSha256);
  if (outcome.kind === 'bad-json') throw new CliError(MSG.badJson(name));
  if (outcome.kind === 'not-export') throw new CliError(MSG.notAnExport(name, outcome.reason));
  const result = outcome.result;
  if (!result.ok) throw new CliError(MSG.verifyFailed(result.index + 1, result.id, result.reason), 1);
  io.stdout(result.count === 0 ? 'OK: 0 entries\n' : `OK: ${result.count} entries, ${result.first} – ${result.last}\n`);
  return 0;
}

/** `sandbox [--port n]`: serves the replicas on 127.0.0.1 until stopped; exit 2 for a bad or busy port. */
async function runSandbox(args: readonly string[], io: CliIo): Promise<number> {
  if (args.some((a) => a === '--help' || a === '-h')) {
    io.stdout(USAGE);
    return 0;
  }
  let port = DEFAULT_SANDBOX_PORT;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--port' || arg.startsWith('--port=')) {
      const inline = arg.startsWith('--port=') ? arg.slice('--port='.length) : null;
      const value = inline ?? args[++i];
      if (value === undefined) throw new CliError(MSG.missingValue('--port'));
      try {
        port = parsePort(value);
      } catch (e) {
        if (e instanceof SandboxError) throw new CliError(e);
        throw e;
      }
    } else if (arg.startsWith('-')) throw new CliError(MSG.unknownOption(arg));
    else throw new CliError(MSG.extraArgument(arg));
  }
  let sandbox;
  try {
    sandbox = await startSandbox({ port });
  } catch (e) {
    if (e instanceof SandboxError) throw new CliError(e);
    throw e;
  }
  io.stdout(
    `HER-SYS 複製画面 / Replica screens: ${sandbox.origin}/\n` +
      `発生届入力 / Notification form: ${sandbox.notificationUrl}\n` +
      `(127.0.0.1 only) Ctrl+C で終了 / Ctrl+C to stop\n`,
  );
  await (io.waitForStop ?? processIo.waitForStop!)();
  await sandbox.close();
  return 0;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code.
 * Never throws: every failure becomes exit 2 with one line on stderr.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
        throw new CliError(MSG.missingCommand());
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case '--version':
      case '-V':
      case 'version':
        io.stdout(`${version}\n`);
        return 0;
      case 'triage':
        return await runTriage(rest, io);
      case 'audit':
        if (rest[0] === 'verify') return runAuditVerify(rest.slice(1), io);
        throw new CliError(MSG.unknownAudit(rest[0]));
      case 'sandbox':
        return await runSandbox(rest, io);
      case 'worklist':
        return await runWorklist(rest, io, USAGE);
      case 'desk':
        return await runDesk(rest, io, USAGE);
      default:
        throw new CliError(MSG.unknownCommand(command));
    }
  } catch (e) {
    const err =
      e instanceof CliError
        ? e
        : new CliError(MSG.internal(e instanceof Error ? e.message : String(e)));
    try {
      io.stderr(errorLine(err));
    } catch {
      // stderr is gone; the exit code still tells
    }
    return err.exitCode;
  }
}

/** Sets up stdout/stderr so that a closed pipe (`| head`) ends the run quietly. */
export function runAsProcess(argv: readonly string[] = process.argv.slice(2)): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.exitCode = 2;
  });
  void main(argv).then((code) => {
    process.exitCode = code;
  });
}
