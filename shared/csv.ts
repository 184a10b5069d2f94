/**
 * Reading a 発生届 CSV (docs/cli.md): bytes → text (UTF-8 with or without BOM, or
 * Shift_JIS/CP932), text → one raw record per data row, header names mapped to field ids.
 *
 * Pure: no DOM, no `node:` imports. Nothing here throws; problems come back as values.
 */
import Papa from 'papaparse';
import { decodeAll, type CsvEncoding } from './csv-decode';
import { fieldIdForHeader, type FieldId } from './fields';
import type { RawRecord } from './triage';

export type { CsvEncoding } from './csv-decode';

/**
 * Decodes a whole CSV file's bytes (see shared/csv-decode.ts for the rules): a UTF-8 BOM
 * means UTF-8; otherwise UTF-8 unless the bytes say CP932 — the Windows flavour of
 * Shift_JIS that Excel writes (NEC/IBM extensions such as Ⅱ, ①). `decodeAll` also reports
 * whether anything was lost and where.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const { text, report } = decodeAll(bytes);
  return { text, encoding: report.encoding };
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
 * type conversion; the benchmark measures it. `readNotificationCsv` runs papaparse with
 * exactly these settings, row by row.
 */
export function parseCsvRows(text: string): Papa.ParseResult<string[]> {
  return Papa.parse<string[]>(text, parseConfig(text));
}

/** The papaparse settings of both readers: no header handling, no type conversion. */
function parseConfig(text: string) {
  return {
    header: false,
    delimiter: detectDelimiter(text),
    newline: detectNewline(text),
    quoteChar: '"',
    escapeChar: '"',
    dynamicTyping: false,
    skipEmptyLines: false,
    comments: false,
  } as const;
}

/** 1-based line number of character `index` in `text`. */
function lineOfIndex(text: string, index: number, nl: string = detectNewline(text)): number {
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
  const records: RawRecord[] = [];
  const r = readNotificationCsv(input, (rec) => {
    records.push(rec);
  });
  return r.ok ? { ok: true, records, unknownHeaders: r.unknownHeaders, rowCount: r.rowCount } : r;
}

export type CsvReadResult = { ok: true; unknownHeaders: string[]; rowCount: number } | Extract<CsvParseResult, { ok: false }>;

/** Carries an exception thrown by the caller's `onRecord` through the parser, untouched. */
class VisitorError {
  constructor(readonly cause: unknown) {}
}

/**
 * `parseNotificationCsv` as a stream: each record goes to `onRecord` as soon as its row is
 * read, so a large file never holds all its rows and records at once (the CLI evaluates each
 * record on the spot). Same rules and same outcome as `parseNotificationCsv`; but a failure
 * (e.g. a broken quote on the last line) can come after records were handed out: on
 * `ok: false`, drop what `onRecord` received. Never throws, except what `onRecord` throws.
 */
export function readNotificationCsv(input: string, onRecord: (rec: RawRecord) => void): CsvReadResult {
  const reader = new NotificationCsvReader(onRecord);
  reader.push(typeof input === 'string' ? input : '');
  return reader.end();
}

/** A row longer than this (an unclosed quote swallowing the file) ends the read as a quoting error. */
const MAX_PENDING_CHARS = 16 << 20;

/**
 * The CSV reader for text that arrives in pieces (`push` each decoded chunk, then `end`):
 * memory holds one chunk and one partial row, whatever the file's size. Rows are parsed by
 * papaparse's own chunk parser (the one its streaming mode uses), a chunk at a time; each
 * complete row becomes a record for `onRecord` at once. `push` returns false once the outcome
 * is decided (a quoting error): the caller may stop feeding. Never throws, except what
 * `onRecord` throws.
 */
export class NotificationCsvReader {
  private readonly onRecord: (rec: RawRecord) => void;
  private parser: InstanceType<typeof Papa.Parser> | null = null;
  private newline: '\n' | '\r' = '\n';
  /** Text not parsed yet: the start of a row that did not end in the last chunk. */
  private pending = '';
  private first = true;
  /** Line breaks in the text before `pending` (for error line numbers). */
  private linesBefore = 0;
  private quote: { code: string; line: number | undefined } | null = null;
  private failed: CsvReadResult | null = null;
  private plan: ColumnPlan | null = null;
  private headerFailed = false;
  /** Line breaks in the blank rows before the header (for the CSV_HEADER line number). */
  private linesBeforeHeader = 0;
  private readonly extra: Array<{ key: FieldId | 'id'; col: number }> = [];
  private readonly unknownHeaders: string[] = [];
  private rowCount = 0;
  private sawText = false;

  constructor(onRecord: (rec: RawRecord) => void) {
    this.onRecord = onRecord;
  }

  /** Rows handed out so far. */
  get rows(): number {
    return this.rowCount;
  }

  push(text: string): boolean {
    if (this.failed || this.quote) return false;
    if (text.length === 0) return true;
    let t = text;
    if (this.first) {
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      if (t.length === 0) return true;
      this.first = false;
    }
    this.pending = this.pending.length === 0 ? t : this.pending + t;
    if (this.parser === null) {
      // Delimiter and line break come from the first line: wait until it is complete.
      if (this.pending.indexOf('\n') < 0 && this.pending.length < 65536) return true;
      this.start(this.pending);
    }
    this.run(false);
    if (!this.quote && this.pending.length > MAX_PENDING_CHARS) {
      this.quote = { code: 'MissingQuotes', line: this.linesBefore + 1 };
    }
    return !this.quote;
  }

  end(): CsvReadResult {
    if (this.failed) return this.failed;
    if (!this.quote) {
      if (this.parser === null) this.start(this.pending);
      this.run(true);
    }
    this.failed = this.outcome();
    return this.failed;
  }

  private start(sample: string): void {
    const config = parseConfig(sample);
    this.newline = config.newline;
    this.parser = new Papa.Parser(config);
  }

  /** `parse`, with the caller's exceptions passed on untouched and anything else a CSV_UNREADABLE. */
  private run(last: boolean): void {
    try {
      this.parse(last);
    } catch (e) {
      if (e instanceof VisitorError) throw e.cause;
      this.failed = fail('CSV_UNREADABLE', CSV_MESSAGES.unreadable) as CsvReadResult;
    }
  }

  private parse(last: boolean): void {
    const input = this.pending;
    if (input.length === 0) return;
    if (input.trim() !== '') this.sawText = true;
    const res = this.parser!.parse(input, 0, !last) as Papa.ParseResult<string[]>;
    let stopAt = res.data.length;
    for (const err of res.errors) {
      if (err.type === 'Quotes') {
        const line = typeof err.index === 'number' ? this.linesBefore + lineOfIndex(input, err.index, this.newline) : undefined;
        this.quote = { code: err.code, line };
        stopAt = Math.min(stopAt, typeof err.row === 'number' ? err.row : 0);
        break;
      }
    }
    const rows = res.data;
    // The first quoting error wins over everything else, wherever it is: after one, no more records.
    if (this.quote) return;
    for (let r = 0; r < stopAt; r++) this.row(rows[r]!);
    const cursor = last ? input.length : res.meta.cursor;
    this.linesBefore += countChar(input, this.newline, cursor);
    this.pending = cursor >= input.length ? '' : input.slice(cursor);
  }

  private row(row: string[]): void {
    if (this.headerFailed) return;
    if (isBlankRow(row)) {
      if (this.plan === null) this.linesBeforeHeader += linesOfRow(row);
      return;
    }
    const plan = this.plan;
    if (plan === null) {
      this.takeHeader(row);
      return;
    }
    const rec = makeRecord(row, plan);
    for (const { key, col } of this.extra) {
      // Same field twice (e.g. two phone columns): the first non-blank cell wins.
      const v = cell(row, col);
      if (v !== '' && (rec[key] === '' || rec[key] === undefined)) rec[key] = v;
    }
    this.rowCount++;
    try {
      this.onRecord(rec);
    } catch (e) {
      throw new VisitorError(e);
    }
  }

  private takeHeader(header: readonly string[]): void {
    const p = emptyPlan();
    let known = 0;
    for (let c = 0; c < header.length; c++) {
      const name = header[c]!.trim();
      const key = name === '' ? null : fieldIdForHeader(name);
      if (key === null) {
        if (name !== '') this.unknownHeaders.push(name);
        continue;
      }
      // A second column naming the same field goes to `extra`.
      if (p[key] >= 0) this.extra.push({ key, col: c });
      else {
        p[key] = c;
        if (key !== 'id') known++;
      }
    }
    if (known === 0) this.headerFailed = true;
    else this.plan = p;
  }

  private outcome(): CsvReadResult {
    const qe = this.quote;
    if (qe) return fail('CSV_QUOTING', qe.code === 'MissingQuotes' ? CSV_MESSAGES.unterminatedQuote : CSV_MESSAGES.malformedQuote, qe.line) as CsvReadResult;
    if (!this.sawText) return fail('CSV_EMPTY', CSV_MESSAGES.empty) as CsvReadResult;
    if (this.headerFailed) return fail('CSV_HEADER', CSV_MESSAGES.header, 1 + this.linesBeforeHeader) as CsvReadResult;
    if (this.plan === null) return fail('CSV_EMPTY', CSV_MESSAGES.empty) as CsvReadResult;
    if (this.rowCount === 0) return fail('CSV_NO_ROWS', CSV_MESSAGES.noRows) as CsvReadResult;
    return { ok: true, unknownHeaders: this.unknownHeaders, rowCount: this.rowCount };
  }
}

function countChar(text: string, ch: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0 && i < end; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** One line, plus the line breaks inside its cells (a blank row before the header). */
function linesOfRow(row: readonly string[]): number {
  let lines = 1;
  for (const cell of row) for (let i = 0; i < cell.length; i++) if (cell.charCodeAt(i) === 10) lines++;
  return lines;
}
