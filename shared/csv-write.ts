/**
 * Writing CSV that is safe to open in Excel (and LibreOffice, Google Sheets): every CSV the
 * project writes goes through `csvCell`, so a cell can never be read as a formula.
 *
 * A spreadsheet treats a cell whose text starts with `=`, `+`, `-` or `@` (also after
 * leading spaces, and in their full-width forms `＝ ＋ － ＠`, which Japanese Excel reads as
 * the same signs) as a formula, and a leading tab or carriage return can hide one. Such a
 * cell gets a leading `'` — the spreadsheet's own "this is text" mark, shown by no
 * spreadsheet — and is quoted. Plain numbers (`-3`, `+81`, `36.5`) stay as they are: a number
 * is not a formula. Pure: no DOM, no `node:` imports.
 */

/** First characters that make a spreadsheet evaluate a cell (ASCII, full-width and small forms, minus sign). */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212]|^[\t\r]/;
/** A plain decimal number, which a spreadsheet shows as a number and never evaluates. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
/** Cells that need quotes: separators, quotes, line breaks, or white space at either end. */
const NEEDS_QUOTES = /[",;\t\r\n]|^[\s\u3000]|[\s\u3000]$/;

/** True when a spreadsheet would read `value` as a formula (or a hidden one). */
export function isFormulaLike(value: string): boolean {
  return value.length > 0 && FORMULA_START.test(value) && !PLAIN_NUMBER.test(value);
}

/** One CSV cell: formula-like text defused with a leading `'`, quoted when needed (`"` doubled). */
export function csvCell(value: string): string {
  if (value === '') return '';
  if (isFormulaLike(value)) return '"\'' + value.replace(/"/g, '""') + '"';
  return NEEDS_QUOTES.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

/** One CSV row (no line end) from its cells. */
export function csvRow(cells: readonly string[]): string {
  let s = '';
  for (let i = 0; i < cells.length; i++) s += (i ? ',' : '') + csvCell(cells[i]!);
  return s;
}

/** The UTF-8 byte order mark that makes Excel read a CSV file as UTF-8. */
export const CSV_BOM = '\uFEFF';
/** Line end of the CSV files we write (Excel's). */
export const CSV_EOL = '\r\n';
