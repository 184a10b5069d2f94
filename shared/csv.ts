/**
 * Reading a 発生届 CSV (contract §7): bytes → text (UTF-8 with or without BOM, or
 * Shift_JIS/CP932), text → one raw record per data row, header names mapped to field ids.
 *
 * Pure: no DOM, no `node:` imports. Nothing here throws; problems come back as values.
 */
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { fieldIdForHeader, type FieldId } from './fields';
import type { RawRecord } from './triage';

export type CsvEncoding = 'utf-8' | 'shift_jis';

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_LENIENT = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Decodes a CSV file's bytes. A UTF-8 BOM is stripped (and means UTF-8); otherwise bytes
 * that are valid UTF-8 are UTF-8 (pure ASCII included), anything else is read as CP932 —
 * the Windows flavour of Shift_JIS that Excel writes (NEC/IBM extensions such as Ⅱ, ①).
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: UTF8_LENIENT.decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: UTF8_STRICT.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'cp932'), encoding: 'shift_jis' };
  }
}

export type CsvErrorCode = 'CSV_EMPTY' | 'CSV_HEADER' | 'CSV_QUOTING' | 'CSV_NO_ROWS' | 'CSV_UNREADABLE';

/** The message catalogue of this module: one entry per failure, Japanese and English. */
export const CSV_MESSAGES = {
  empty: { ja: 'ファイルが空です', en: 'the file is empty' },
  noRows: { ja: '見出し行の後にデータ行がありません', en: 'no data rows after the header row' },
  header: {
    ja: '見出し行に発生届の項目名がありません（例: diagnosis_date, birthdate, 生年月日, 電話番号）',
    en: 'no known field name in the header row (e.g. diagnosis_date, birthdate, 生年月日, 電話番号)',
  },
  unterminatedQuote: { ja: '引用符（"）が閉じられていません', en: 'unterminated quote (")' },
  malformedQuote: { ja: '引用符（"）で囲まれた値の後に余分な文字があります', en: 'malformed quoted field' },
  unreadable: { ja: 'CSVファイルを読み取れません', en: 'the CSV file could not be read' },
} as const satisfies Record<string, { ja: string; en: string }>;

export type CsvParseResult =
  | { ok: true; records: RawRecord[]; unknownHeaders: string[]; rowCount: number }
  | { ok: false; code: CsvErrorCode; messageJa: string; messageEn: string; line?: number };

/** The delimiter, chosen from the first line: `,` unless that line only has tabs or `;`. */
function detectDelimiter(text: string): string {
  let end = text.indexOf('\n');
  if (end < 0) end = text.length;
  const first = text.slice(0, Math.min(end, 65536));
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}

/**
 * The line break used to split rows: `\n` (a `\r` before it is trimmed away with the cell,
 * so CRLF, LF and mixed files all work), or `\r` for files that have no `\n` at all.
 */
function detectNewline(text: string): '\n' | '\r' {
  return text.indexOf('\n') < 0 && text.indexOf('\r') >= 0 ? '\r' : '\n';
}

/**
 * The CSV parser alone: one papaparse call over the whole string, no header handling, no
 * type conversion. `parseNotificationCsv` uses exactly this; the benchmark measures it.
 */
export function parseCsvRows(text: string): Papa.ParseResult<string[]> {
  return Papa.parse<string[]>(text, {
    header: false,
    delimiter: detectDelimiter(text),
    newline: detectNewline(text),
    quoteChar: '"',
    escapeChar: '"',
    dynamicTyping: false,
    skipEmptyLines: false,
    comments: false,
  });
}

/** 1-based line number of character `index` in `text`. */
function lineOfIndex(text: string, index: number): number {
  const nl = detectNewline(text);
  const end = Math.max(0, Math.min(index, text.length));
  let line = 1;
  let at = text.indexOf(nl);
  while (at >= 0 && at < end) {
    line++;
    at = text.indexOf(nl, at + 1);
  }
  return line;
}

function isBlankRow(row: readonly string[]): boolean {
  for (let i = 0; i < row.length; i++) if (row[i]!.trim() !== '') return false;
  return true;
}

/** Column index of each field in the file (-1: no such column). */
type ColumnPlan = Record<FieldId | 'id', number>;

/** A plan with no columns, as one literal (a compact object, read 28 times per row). */
function emptyPlan(): ColumnPlan {
  return {
    id: -1,
    'patient-type': -1,
    'diagnosis-method': -1,
    'specimen-date': -1,
    'diagnosis-date': -1,
    'onset-date': -1,
    'vaccine-doses': -1,
    'vaccine-date': -1,
    'risk-any': -1,
    'risk-malignancy': -1,
    'risk-copd': -1,
    'risk-ckd': -1,
    'risk-hypertension': -1,
    'risk-diabetes': -1,
    'risk-dyslipidemia': -1,
    'risk-obesity': -1,
    'risk-smoking': -1,
    'risk-other': -1,
    immunosuppressed: -1,
    pregnancy: -1,
    severity: -1,
    'hospitalization-needed': -1,
    'hospitalized-now': -1,
    phone: -1,
    birthdate: -1,
    age: -1,
    sex: -1,
  };
}

/** True for a character that `String.prototype.trim` could remove (checked cheaply first). */
function mayBeSpace(c: number): boolean {
  return c <= 0x20 || (c >= 0x7f && c <= 0x3000) || c === 0xfeff;
}

function cell(row: readonly string[], col: number): string {
  if (col < 0) return '';
  const v = row[col];
  if (v === undefined || v.length === 0) return '';
  // Most cells have nothing to trim: skip the call for them.
  return mayBeSpace(v.charCodeAt(0)) || mayBeSpace(v.charCodeAt(v.length - 1)) ? v.trim() : v;
}

function idCell(row: readonly string[], col: number): string | undefined {
  const v = cell(row, col);
  return v === '' ? undefined : v;
}

/**
 * One record from one row, built as a single object literal: every record gets the same
 * compact V8 shape and no per-field keyed stores (adding 28 properties one by one through
 * computed keys makes slow dictionary objects, which costs the parse and every read in the
 * triage). Typed against `FieldId`, so a new field cannot be forgotten here.
 */
function makeRecord(row: readonly string[], c: ColumnPlan): { id: string | undefined } & Record<FieldId, string> {
  return {
    id: idCell(row, c.id),
    'patient-type': cell(row, c['patient-type']),
    'diagnosis-method': cell(row, c['diagnosis-method']),
    'specimen-date': cell(row, c['specimen-date']),
    'diagnosis-date': cell(row, c['diagnosis-date']),
    'onset-date': cell(row, c['onset-date']),
    'vaccine-doses': cell(row, c['vaccine-doses']),
    'vaccine-date': cell(row, c['vaccine-date']),
    'risk-any': cell(row, c['risk-any']),
    'risk-malignancy': cell(row, c['risk-malignancy']),
    'risk-copd': cell(row, c['risk-copd']),
    'risk-ckd': cell(row, c['risk-ckd']),
    'risk-hypertension': cell(row, c['risk-hypertension']),
    'risk-diabetes': cell(row, c['risk-diabetes']),
    'risk-dyslipidemia': cell(row, c['risk-dyslipidemia']),
    'risk-obesity': cell(row, c['risk-obesity']),
    'risk-smoking': cell(row, c['risk-smoking']),
    'risk-other': cell(row, c['risk-other']),
    immunosuppressed: cell(row, c.immunosuppressed),
    pregnancy: cell(row, c.pregnancy),
    severity: cell(row, c.severity),
    'hospitalization-needed': cell(row, c['hospitalization-needed']),
    'hospitalized-now': cell(row, c['hospitalized-now']),
    phone: cell(row, c.phone),
    birthdate: cell(row, c.birthdate),
    age: cell(row, c.age),
    sex: cell(row, c.sex),
  };
}

function fail(code: CsvErrorCode, message: { ja: string; en: string }, line?: number): CsvParseResult {
  if (line === undefined) return { ok: false, code, messageJa: message.ja, messageEn: message.en };
  return { ok: false, code, messageJa: `${line}行目: ${message.ja}`, messageEn: `line ${line}: ${message.en}`, line };
}

/**
 * Parses a 発生届 CSV. The first non-blank row is the header: field ids with `_` or `-`,
 * `id`, or Japanese labels. Unknown headers are ignored (and listed); when two columns name
 * the same field, the first non-blank cell wins. Rows may be short or long (missing cells
 * are blank); blank rows are skipped; values are trimmed of surrounding white space.
 * Every record carries every field id (`''` when blank or when the file has no such column);
 * `id` is set only when the row has a non-blank id. Never throws.
 */
export function parseNotificationCsv(input: string): CsvParseResult {
  try {
    return parseUnsafe(input);
  } catch {
    return fail('CSV_UNREADABLE', CSV_MESSAGES.unreadable);
  }
}

function parseUnsafe(input: string): CsvParseResult {
  const text = typeof input === 'string' ? (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input) : '';
  if (text.trim() === '') return fail('CSV_EMPTY', CSV_MESSAGES.empty);

  const parsed = parseCsvRows(text);
  for (const err of parsed.errors) {
    if (err.type !== 'Quotes') continue;
    const line = typeof err.index === 'number' ? lineOfIndex(text, err.index) : undefined;
    return fail('CSV_QUOTING', err.code === 'MissingQuotes' ? CSV_MESSAGES.unterminatedQuote : CSV_MESSAGES.malformedQuote, line);
  }

  const data = parsed.data;
  let h = 0;
  while (h < data.length && isBlankRow(data[h]!)) h++;
  if (h >= data.length) return fail('CSV_EMPTY', CSV_MESSAGES.empty);

  // Header → column plan; a second column naming the same field goes to `extra`.
  const header = data[h]!;
  const plan = emptyPlan();
  const extra: Array<{ key: FieldId | 'id'; col: number }> = [];
  const unknownHeaders: string[] = [];
  let known = 0;
  for (let c = 0; c < header.length; c++) {
    const name = header[c]!.trim();
    const key = name === '' ? null : fieldIdForHeader(name);
    if (key === null) {
      if (name !== '') unknownHeaders.push(name);
      continue;
    }
    if (plan[key] >= 0) extra.push({ key, col: c });
    else {
      plan[key] = c;
      if (key !== 'id') known++;
    }
  }
  if (known === 0) {
    return fail('CSV_HEADER', CSV_MESSAGES.header, 1 + countLinesOfRows(data, h));
  }

  const records: RawRecord[] = [];
  for (let r = h + 1; r < data.length; r++) {
    const row = data[r]!;
    if (isBlankRow(row)) continue;
    const rec = makeRecord(row, plan);
    for (const { key, col } of extra) {
      // Same field twice (e.g. two phone columns): the first non-blank cell wins.
      const v = cell(row, col);
      if (v !== '' && (rec[key] === '' || rec[key] === undefined)) rec[key] = v;
    }
    records.push(rec);
  }
  if (records.length === 0) {
    return fail('CSV_NO_ROWS', CSV_MESSAGES.noRows);
  }
  return { ok: true, records, unknownHeaders, rowCount: records.length };
}

/** Line breaks inside the first `upTo` rows (blank rows before the header), for messages. */
function countLinesOfRows(data: readonly string[][], upTo: number): number {
  let lines = 0;
  for (let r = 0; r < upTo; r++) {
    lines++;
    for (const cell of data[r]!) for (let i = 0; i < cell.length; i++) if (cell.charCodeAt(i) === 10) lines++;
  }
  return lines;
}

