/**
 * Output of `hersys-assist triage` (contract §7): JSON (an array, one result per line) or
 * CSV (UTF-8 with BOM for Excel, CRLF), written in a few large chunks.
 */
import type { TriageResult } from '../shared/triage';

/** JSON string literals of the codes (tier, reasons, fields, problem codes, levels), cached. */
const quoted = new Map<string, string>();
function q(s: string): string {
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

/** Rows per output chunk: the output is written in a few large pieces, not per row. */
const CHUNK_ROWS = 10_000;

/**
 * The whole output as a few large strings (one per {@link CHUNK_ROWS} rows), in order.
 * JSON: `[`, one result per line, `]`. CSV: UTF-8 BOM (for Excel), CRLF line ends.
 */
export function serializeChunks(
  results: readonly TriageResult[],
  format: 'json' | 'csv',
  onProgress?: (done: number) => void,
): string[] {
  const json = format === 'json';
  if (json && results.length === 0) return ['[]\n'];
  const one = json ? resultJson : resultCsv;
  const sep = json ? ',\n' : '\r\n';
  const chunks: string[] = [json ? '[\n' : '\uFEFF' + CSV_HEADER + '\r\n'];
  for (let start = 0; start < results.length; start += CHUNK_ROWS) {
    const end = Math.min(results.length, start + CHUNK_ROWS);
    const part: string[] = new Array(end - start);
    for (let i = start; i < end; i++) part[i - start] = one(results[i]!);
    const last = end === results.length;
    chunks.push(part.join(sep) + (last ? (json ? '\n]\n' : '\r\n') : sep));
    onProgress?.(end);
  }
  return chunks;
}


