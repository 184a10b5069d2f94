/**
 * Output of `hersys-assist triage` (docs/cli.md): JSON (an array, one result per line) or
 * CSV (UTF-8 with BOM for Excel, CRLF), as UTF-8 bytes in a few large chunks.
 */
import { csvCell } from '../shared/csv-write';
import { sortProblems } from '../shared/evaluate';
import { problem, type Problem } from '../shared/problems';
import type { TriageResult } from '../shared/triage';

/** JSON string literals of the codes (tier, reasons, fields, problem codes, levels), cached. */
const quoted = new Map<string, string>();
export function q(s: string): string {
  let v = quoted.get(s);
  if (v === undefined) {
    v = JSON.stringify(s);
    if (quoted.size < 10_000) quoted.set(s, v);
  }
  return v;
}

function ageOf(r: TriageResult): number | null {
  return typeof r.age === 'number' && Number.isFinite(r.age) ? r.age : null;
}

/**
 * One result as JSON, keys exactly as in docs/cli.md and in that order (built by hand:
 * about twice as fast as JSON.stringify of a fresh object; same text).
 */
export function resultJson(r: TriageResult): string {
  const [head, tail] = rowParts(r, 'json', 0, r.problems.length);
  return head + tail;
}

/** One result as a CSV row (no line end); the problems cell holds codes only, never quoted. */
function resultCsv(r: TriageResult): string {
  const [head, tail] = rowParts(r, 'csv', 0, r.problems.length);
  return head + tail.slice(0, -2);
}

export const CSV_HEADER = 'id,tier,reasons,age,riskCount,problems';

/** Progress is reported every this many rows. */
const PROGRESS_ROWS = 10_000;
/** Size of each output buffer (a row that does not fit starts the next one). */
const CHUNK_BYTES = 1 << 20;

/**
 * The whole output as UTF-8 bytes, in a few large buffers (rows are never split between
 * two), in order. JSON: `[`, one result per line, `]`. CSV: UTF-8 BOM (for Excel), CRLF
 * line ends. Each row's text is encoded straight into the buffer: joining 100,000 row
 * strings first and encoding the joined text costs about twice as much.
 */
export function serializeChunks(
  results: readonly TriageResult[],
  format: 'json' | 'csv',
  onProgress?: (done: number) => void,
): Buffer[] {
  const json = format === 'json';
  if (json && results.length === 0) return [Buffer.from('[]\n', 'utf8')];
  const one = json ? resultJson : resultCsv;
  const sep = json ? ',\n' : '\r\n';
  const end = json ? '\n]\n' : '\r\n';
  const chunks: Buffer[] = [];
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let off = buf.write(json ? '[\n' : '\uFEFF' + CSV_HEADER + '\r\n', 0, 'utf8');
  const n = results.length;
  for (let i = 0; i < n; i++) {
    const text = one(results[i]!) + (i === n - 1 ? end : sep);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (buf.length - off < text.length * 3) {
      chunks.push(buf.subarray(0, off));
      buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      off = 0;
    }
    off += buf.write(text, off, 'utf8');
    if ((i + 1) % PROGRESS_ROWS === 0 || i === n - 1) onProgress?.(i + 1);
  }
  chunks.push(buf.subarray(0, off));
  return chunks;
}

// ---------------------------------------------------------------------------------------------
// Rows for the streaming triage: each row's text in two parts, split where `PHONE_SHARED`
// would go, so that the second pass can add it without evaluating the row again.

export type OutputFormat = 'json' | 'csv';

/** What comes before the first row, and after the last (`rows` rows written). */
export function outputStart(format: OutputFormat): string {
  return format === 'json' ? '[\n' : '\uFEFF' + CSV_HEADER + '\r\n';
}
export function outputEnd(format: OutputFormat, rows: number): string {
  // An empty JSON list is written `[` + `]\n`.
  return format === 'json' ? (rows === 0 ? ']\n' : '\n]\n') : '';
}

export const PHONE_SHARED: Problem = problem('PHONE_SHARED');

/**
 * Where `PHONE_SHARED` would sit in the sorted problems of `r` (their order: field, then code).
 */
export function sharedSlot(problems: readonly Problem[]): number {
  if (problems.length === 0) return 0;
  const probe = sortProblems([...problems, PHONE_SHARED]);
  return probe.indexOf(PHONE_SHARED);
}

/** The row `r` as [text before the slot, text after it]; `index` 0 is the first row. */
export function rowParts(r: TriageResult, format: OutputFormat, index: number, slot: number): [string, string] {
  const ps = r.problems;
  if (format === 'json') {
    let head = (index === 0 ? '' : ',\n') + '{"id":' + JSON.stringify(String(r.id)) + ',"tier":' + q(r.tier) + ',"reasons":[';
    for (let i = 0; i < r.reasons.length; i++) head += (i ? ',' : '') + q(r.reasons[i]!);
    head += '],"age":' + String(ageOf(r)) + ',"riskCount":' + JSON.stringify(r.riskCount) + ',"problems":[';
    let tail = '';
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      const item = (i ? ',{"field":' : '{"field":') + q(p.field) + ',"code":' + q(p.code) + ',"level":' + q(p.level) + '}';
      if (i < slot) head += item;
      else tail += item;
    }
    return [head, tail + ']}'];
  }
  const age = ageOf(r) === null ? '' : String(r.age);
  let head = csvCell(r.id) + ',' + csvCell(r.tier) + ',' + csvCell(r.reasons.join(' ')) + ',' + age + ',' + String(r.riskCount) + ',';
  let tail = '';
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const item = (i ? ' ' : '') + p.field + ':' + p.code + ':' + p.level;
    if (i < slot) head += item;
    else tail += item;
  }
  return [head, tail + '\r\n'];
}

/**
 * The text that goes into the slot, indexed by `slotVariant`: alone (no other problem), after
 * others (a separator before it: the problem after the slot brings its own), or first of
 * several (a separator after it).
 */
export function sharedInsertions(format: OutputFormat): readonly [string, string, string] {
  const p = PHONE_SHARED;
  const one = format === 'json' ? '{"field":' + q(p.field) + ',"code":' + q(p.code) + ',"level":' + q(p.level) + '}' : `${p.field}:${p.code}:${p.level}`;
  const sep = format === 'json' ? ',' : ' ';
  return [one, sep + one, one + sep];
}

export function slotVariant(slot: number, problemCount: number): 0 | 1 | 2 {
  return slot > 0 ? 1 : problemCount > 0 ? 2 : 0;
}
