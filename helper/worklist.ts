/**
 * `hersys-assist worklist <file.csv>`: the day's first-contact worklist (README "Worklist")
 * as CSV (UTF-8 with BOM or CP932, codes or Japanese labels), JSON or a printable HTML page.
 * The rules are those of `triage` (shared/worklist.ts maps their results).
 */
import { decodeCsvBytes, readNotificationCsv } from '../shared/csv';
import { formatISO, parseISODate, ymdFromDate, type YMD } from '../shared/dates';
import type { FieldId } from '../shared/fields';
import { FIELD_KEY, msg, REASON_KEY, TIER_KEY, type Lang, type MessageKey } from '../shared/i18n';
import { ACTIONS, WorklistStream, type WorklistEntry } from '../shared/worklist';
import { CliError, MSG, readInput, writeAtomically, type CliIo } from './cli';
import { q } from './serialize';
import { csvText, encodeCsv, escapeHtml, type OutEncoding } from './table-out';
import { ACTION_HINT_KEY, ACTION_KEY, CHANNEL_KEY } from './worklist-labels';

export { ACTION_HINT_KEY, ACTION_KEY, CHANNEL_KEY };

/** A bilingual message for a CliError, from the catalogue. */
export function catalogueMsg(key: MessageKey, ...subs: (string | number)[]): { ja: string; en: string } {
  return { ja: msg('ja', key, ...subs), en: msg('en', key, ...subs) };
}

export type WorklistFormat = 'csv' | 'json' | 'html';

export interface WorklistArgs {
  file: string;
  asOf: YMD | null;
  format: WorklistFormat;
  encoding: OutEncoding;
  lang: Lang | null;
  output: string | null;
}

/**
 * Options of the helper's commands: `--name value`, `--name=value`, `-o value`; `--` ends
 * options. `spec` maps each option to a setter; other words are positional.
 */
export function parseOptions(args: readonly string[], spec: Record<string, ((v: string) => void) | null>, positional: (arg: string) => void): void {
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!optionsDone && arg === '--') {
      optionsDone = true;
      continue;
    }
    if (optionsDone || !arg.startsWith('-') || arg === '-') {
      positional(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!(name in spec)) throw new CliError(MSG.unknownOption(arg));
    const set = spec[name]!;
    if (set === null) {
      // a flag
      if (eq >= 0) throw new CliError(MSG.unknownOption(arg));
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new CliError(MSG.missingValue(name));
      value = next;
      i++;
    }
    set(value);
  }
}

export function parseWorklistArgs(args: readonly string[]): WorklistArgs | 'help' {
  if (args.some((a) => a === '--help' || a === '-h')) return 'help';
  let file: string | null = null;
  const out: Omit<WorklistArgs, 'file'> = { asOf: null, format: 'csv', encoding: 'utf-8', lang: null, output: null };
  const output = (v: string) => {
    if (v === '') throw new CliError(MSG.emptyValue('-o'));
    out.output = v === '-' ? null : v;
  };
  parseOptions(
    args,
    {
      '--as-of': (v) => {
        out.asOf = parseISODate(v.trim());
        if (out.asOf === null) throw new CliError(MSG.badAsOf(v));
      },
      '--format': (v) => {
        const f = v.trim().toLowerCase();
        if (f !== 'csv' && f !== 'json' && f !== 'html') throw new CliError(catalogueMsg('desk_err_badFormat', v));
        out.format = f;
      },
      '--encoding': (v) => {
        const e = v.trim().toLowerCase().replace(/_/g, '-');
        if (e === 'utf-8' || e === 'utf8') out.encoding = 'utf-8';
        else if (e === 'cp932' || e === 'shift-jis' || e === 'sjis' || e === 'windows-31j') out.encoding = 'cp932';
        else throw new CliError(catalogueMsg('desk_err_badEncoding', v));
      },
      '--lang': (v) => {
        const l = v.trim().toLowerCase();
        if (l !== 'ja' && l !== 'en') throw new CliError(catalogueMsg('desk_err_badLang', v));
        out.lang = l;
      },
      '-o': output,
      '--output': output,
    },
    (arg) => {
      if (file !== null) throw new CliError(MSG.extraArgument(arg));
      file = arg;
    },
  );
  if (file === null) throw new CliError(catalogueMsg('desk_err_missingFile'));
  return { file, ...out };
}

/** Reads a 発生届 CSV file into the ordered worklist; exit 2 (CliError) for an unreadable file. */
export function worklistOfFile(file: string, asOf: YMD): WorklistEntry[] {
  const { text } = decodeCsvBytes(readInput(file));
  const stream = new WorklistStream({ asOf });
  const csv = readNotificationCsv(text, (rec) => stream.add(rec));
  if (!csv.ok) throw new CliError(MSG.badCsv(csv, file === '-' ? '(stdin)' : file));
  return stream.finish();
}

// ---------------------------------------------------------------------------------------------
// Output.

/** One entry as JSON, keys in the documented order (built by hand with cached code literals). */
function entryJson(e: WorklistEntry): string {
  let s = '{"rank":' + e.rank + ',"id":' + JSON.stringify(e.id) + ',"tier":' + q(e.tier) + ',"action":' + q(e.action) + ',"channel":' + q(e.channel) + ',"reasons":[';
  for (let i = 0; i < e.reasons.length; i++) s += (i ? ',' : '') + q(e.reasons[i]!);
  s += '],"ask":[';
  for (let i = 0; i < e.ask.length; i++) s += (i ? ',' : '') + q(e.ask[i]!);
  s += '],"problems":[';
  for (let i = 0; i < e.problems.length; i++) {
    const p = e.problems[i]!;
    s += (i ? ',{"field":' : '{"field":') + q(p.field) + ',"code":' + q(p.code) + ',"level":' + q(p.level) + '}';
  }
  return s + ']}';
}

const CHUNK_BYTES = 1 << 20;

/** The JSON array (one entry per line) as UTF-8 bytes in a few large buffers. */
export function worklistJsonChunks(entries: readonly WorklistEntry[]): Buffer[] {
  if (entries.length === 0) return [Buffer.from('[]\n', 'utf8')];
  const chunks: Buffer[] = [];
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let off = buf.write('[\n', 0, 'utf8');
  const n = entries.length;
  for (let i = 0; i < n; i++) {
    const text = entryJson(entries[i]!) + (i === n - 1 ? '\n]\n' : ',\n');
    if (buf.length - off < text.length * 3) {
      chunks.push(buf.subarray(0, off));
      buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      off = 0;
    }
    off += buf.write(text, off, 'utf8');
  }
  chunks.push(buf.subarray(0, off));
  return chunks;
}

export const WORKLIST_CSV_HEADER = ['rank', 'id', 'tier', 'action', 'channel', 'reasons', 'ask', 'problems'] as const;
const HEADER_KEY: Readonly<Record<(typeof WORKLIST_CSV_HEADER)[number], MessageKey>> = {
  rank: 'desk_col_rank',
  id: 'desk_col_id',
  tier: 'desk_col_tier',
  action: 'desk_col_action',
  channel: 'desk_col_channel',
  reasons: 'desk_col_reasons',
  ask: 'desk_col_ask',
  problems: 'desk_col_problems',
};

/** How a list reads in one language: codes (null) space-separated, labels joined with 「、」. */
export function labelsOf(entry: WorklistEntry, lang: Lang | null) {
  if (lang === null) {
    return {
      tier: entry.tier,
      action: entry.action,
      channel: entry.channel,
      reasons: entry.reasons.join(' '),
      ask: entry.ask.join(' '),
      problems: entry.problems.map((p) => `${p.field}:${p.code}`).join(' '),
    };
  }
  const field = (f: string) => (f in FIELD_KEY ? msg(lang, FIELD_KEY[f as FieldId]) : f);
  return {
    tier: msg(lang, TIER_KEY[entry.tier]),
    action: msg(lang, ACTION_KEY[entry.action]),
    channel: msg(lang, CHANNEL_KEY[entry.channel]),
    reasons: entry.reasons.map((r) => msg(lang, REASON_KEY[r])).join(lang === 'ja' ? '、' : '; '),
    ask: entry.ask.map(field).join(lang === 'ja' ? '、' : '; '),
    problems: entry.problems.map((p) => `${field(p.field)}:${p.code}`).join(' '),
  };
}

/** CSV: header `rank,id,tier,…` with codes, or (`lang` ja/en) translated headers and labels. */
export function worklistCsv(entries: readonly WorklistEntry[], lang: Lang | null): string {
  const rows: string[][] = [WORKLIST_CSV_HEADER.map((h) => (lang === 'ja' ? msg('ja', HEADER_KEY[h]) : h))];
  const l = lang === 'ja' ? 'ja' : null;
  for (const e of entries) {
    const t = labelsOf(e, l);
    rows.push([String(e.rank), e.id, t.tier, t.action, t.channel, t.reasons, t.ask, t.problems]);
  }
  return csvText(rows);
}

const PRINT_CSS = `body{font-family:system-ui,"Hiragino Sans","Yu Gothic",sans-serif;margin:1.5rem;color:#111}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:2px solid #333}
.hint{margin:.2rem 0 .6rem;color:#333}.en{color:#555;font-weight:normal}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}section{break-inside:auto}tr{break-inside:avoid}@media print{body{margin:0}}`;

/** A printable page grouped by action, Japanese first (English in smaller text); no script. */
export function worklistHtml(entries: readonly WorklistEntry[], asOf: YMD, lang: Lang): string {
  const both = (key: MessageKey, ...subs: (string | number)[]) =>
    lang === 'ja'
      ? `${escapeHtml(msg('ja', key, ...subs))} <span class="en" lang="en">${escapeHtml(msg('en', key, ...subs))}</span>`
      : escapeHtml(msg('en', key, ...subs));
  const cols: MessageKey[] = ['desk_col_rank', 'desk_col_id', 'desk_col_tier', 'desk_col_channel', 'desk_col_reasons', 'desk_col_ask', 'desk_col_problems'];
  let body = `<h1>${both('desk_html_title')}</h1>\n<p>${both('desk_html_asOf', formatISO(asOf))} · ${both('desk_html_total', entries.length)}</p>\n`;
  for (const action of ACTIONS) {
    const group = entries.filter((e) => e.action === action);
    body += `<section aria-labelledby="g-${action}">\n<h2 id="g-${action}">${both('desk_html_group', msg(lang, ACTION_KEY[action]), group.length)}</h2>\n`;
    body += `<p class="hint">${both(ACTION_HINT_KEY[action])}</p>\n`;
    if (group.length === 0) {
      body += `<p>${both('desk_html_empty')}</p>\n</section>\n`;
      continue;
    }
    body += `<table><thead><tr>${cols.map((c) => `<th scope="col">${escapeHtml(msg(lang, c))}</th>`).join('')}</tr></thead><tbody>\n`;
    for (const e of group) {
      const t = labelsOf(e, lang);
      const cells = [String(e.rank), e.id, t.tier, t.channel, t.reasons, t.ask, t.problems];
      body += `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>\n`;
    }
    body += '</tbody></table>\n</section>\n';
  }
  return (
    `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\n` +
    `<title>${escapeHtml(msg(lang, 'desk_html_title'))} ${formatISO(asOf)}</title>\n<style>${PRINT_CSS}</style>\n</head>\n<body>\n${body}</body>\n</html>\n`
  );
}

export async function runWorklist(args: readonly string[], io: CliIo, usage: string): Promise<number> {
  const parsed = parseWorklistArgs(args);
  if (parsed === 'help') {
    io.stdout(usage);
    return 0;
  }
  const asOf = parsed.asOf ?? ymdFromDate(io.now());
  const entries = worklistOfFile(parsed.file, asOf);
  let chunks: Buffer[];
  if (parsed.format === 'json') chunks = worklistJsonChunks(entries);
  else if (parsed.format === 'html') chunks = [Buffer.from(worklistHtml(entries, asOf, parsed.lang ?? 'ja'), 'utf8')];
  else chunks = [encodeCsv(worklistCsv(entries, parsed.lang), parsed.encoding)];
  if (parsed.output !== null) writeAtomically(parsed.output, chunks);
  else if (parsed.format === 'csv' && parsed.encoding === 'cp932') process.stdout.write(chunks[0]!);
  // JSON chunks end at entry boundaries, so each decodes on its own.
  else for (const c of chunks) io.stdout(c.toString('utf8'));
  return 0;
}
