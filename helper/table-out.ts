/**
 * Tables we write for spreadsheets and people: CSV cells that Excel cannot run as formulas,
 * CSV bytes in UTF-8 with BOM (Excel's way to recognise UTF-8) or CP932, and HTML escaping.
 */
import iconv from 'iconv-lite';

export type OutEncoding = 'utf-8' | 'cp932';

/** A leading `=`, `+`, `-`, `@` (also full-width), tab or CR makes Excel read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** A cell Excel shows as text: a formula-like start is prefixed with `'`; quoted when needed. */
export function csvCell(value: string): string {
  const v = FORMULA_START.test(value) ? "'" + value : value;
  return NEEDS_QUOTES.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

/** Rows as CSV text (CRLF line ends, every cell through `csvCell`). */
export function csvText(rows: readonly (readonly string[])[]): string {
  let s = '';
  for (const row of rows) s += row.map(csvCell).join(',') + '\r\n';
  return s;
}

/** CSV text as bytes: UTF-8 with BOM, or CP932 (characters CP932 lacks become `?`). */
export function encodeCsv(text: string, encoding: OutEncoding): Buffer {
  return encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from('\uFEFF' + text, 'utf8');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
