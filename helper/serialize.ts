/**
 * Output of `hersys-assist triage` (contract §7): JSON (an array, one result per line) or
 * CSV (UTF-8 with BOM for Excel, CRLF), as UTF-8 bytes in a few large chunks.
 */
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
 * One result as JSON, keys exactly as in contract §7 and in that order (built by hand:
 * about twice as fast as JSON.stringify of a fresh object; same text).
 */
export function resultJson(r: TriageResult): string {
  let s = '{"id":' + JSON.stringify(String(r.id)) + ',"tier":' + q(r.tier) + ',"reasons":[';
  for (let i = 0; i < r.reasons.length; i++) s += (i ? ',' : '') + q(r.reasons[i]!);
  s += '],"age":' + String(ageOf(r)) + ',"riskCount":' + JSON.stringify(r.riskCount) + ',"problems":[';
  for (let i = 0; i < r.problems.length; i++) {
    const p = r.problems[i]!;
    s += (i ? ',{"field":' : '{"field":') + q(p.field) + ',"code":' + q(p.code) + ',"level":' + q(p.level) + '}';
  }
  return s + ']}';
}

const CSV_NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function csvCell(value: string): string {
  return CSV_NEEDS_QUOTES.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

function resultCsv(r: TriageResult): string {
  const age = ageOf(r) === null ? '' : String(r.age);
  const problems = r.problems.map((p) => `${p.field}:${p.code}:${p.level}`).join(' ');
  return [csvCell(r.id), csvCell(r.tier), csvCell(r.reasons.join(' ')), age, String(r.riskCount), csvCell(problems)].join(',');
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
