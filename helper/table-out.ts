/**
 * Tables we write for spreadsheets and people: CSV cells that Excel cannot run as formulas,
 * CSV bytes in UTF-8 with BOM (Excel's way to recognise UTF-8) or CP932, and HTML escaping.
 */
import iconv from 'iconv-lite';
import { CSV_BOM, CSV_EOL, csvRow } from '../shared/csv-write';

/** Every cell goes through the one Excel-safe cell writer (shared/csv-write.ts). */
export { csvCell } from '../shared/csv-write';

export type OutEncoding = 'utf-8' | 'cp932';

/** Rows as CSV text (CRLF line ends, every cell through `csvCell`). */
export function csvText(rows: readonly (readonly string[])[]): string {
  let s = '';
  for (const row of rows) s += csvRow(row) + CSV_EOL;
  return s;
}

/** CSV text as bytes: UTF-8 with BOM, or CP932 (characters CP932 lacks become `?`). */
export function encodeCsv(text: string, encoding: OutEncoding): Buffer {
  return encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from(CSV_BOM + text, 'utf8');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
