/**
 * Dates as people write them on HER-SYS forms: Western (`2022-02-09`, `2022/2/9`, `20220209`,
 * `2022年2月9日`) and Japanese era (和暦: `令和4年2月9日`, `R4.2.9`, `平成元年…`) forms, full width
 * or not. Pure and total: the parsers accept any value and never throw; they return a reason
 * instead (docs/codes.md "Accepted date forms", domain.md "Japanese dates").
 *
 * Dates are plain `{ y, m, d }` records in the proleptic Gregorian calendar, never JS `Date`s,
 * so there is no time zone to get wrong. `dayNumber` gives differences in days.
 */
import { normalizeText } from './normalize';

export interface YMD { y: number; m: number; d: number }
export interface YM { y: number; m: number }
export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R';

/**
 * Why a value is not a date:
 * - `empty`: blank, white space, 未 (and 未入力/未回答/未記入/未選択, `-`);
 * - `unparseable`: not a date form at all (letters, `2022-02`, 2-digit Western years);
 * - `not-a-date`: a known form but not a real calendar date (2月30日, month 13, 2023-02-29, era year 0);
 * - `outside-era`: an era date outside its era (平成31年5月1日, 令和元年4月30日, 昭和65年…).
 */
export type DateFailure = 'empty' | 'unparseable' | 'not-a-date' | 'outside-era';
export type DateParse = { ok: true; value: YMD; era: EraName | null } | { ok: false; reason: DateFailure };
/** A year-month (or a full date, then `day` is set), for the vaccination date. */
export type YearMonthParse = { ok: true; value: YM; day: number | null } | { ok: false; reason: DateFailure };

// ---------------------------------------------------------------------------------------------
// Eras: data, one small lookup.

export interface Era {
  readonly name: EraName;
  readonly letter: EraLetter;
  /** First day. */
  readonly start: Readonly<YMD>;
  /** y*10000+m*100+d of the first and last day (last = Infinity for the current era). */
  readonly startKey: number;
  readonly endKey: number;
  /** y*100+m of the first and last month (which may be shared with the neighbouring era). */
  readonly startYM: number;
  readonly endYM: number;
}

const ERA_STARTS: ReadonlyArray<readonly [EraName, EraLetter, number, number, number]> = [
  ['明治', 'M', 1868, 10, 23],
  ['大正', 'T', 1912, 7, 30],
  ['昭和', 'S', 1926, 12, 25],
  ['平成', 'H', 1989, 1, 8],
  ['令和', 'R', 2019, 5, 1],
];

/** The eras, oldest first; each ends the day before the next one starts. */
export const ERAS: readonly Era[] = ERA_STARTS.map(([name, letter, y, m, d], i) => {
  const next = ERA_STARTS[i + 1];
  let endKey = Infinity;
  let endYM = Infinity;
  if (next) {
    const last = fromDayNumber(dayNumber({ y: next[2], m: next[3], d: next[4] }) - 1);
    endKey = key(last.y, last.m, last.d);
    endYM = last.y * 100 + last.m;
  }
  return Object.freeze({ name, letter, start: Object.freeze({ y, m, d }), startKey: key(y, m, d), endKey, startYM: y * 100 + m, endYM });
});

const ERA_MEIJI = ERAS[0]!;
const ERA_TAISHO = ERAS[1]!;
const ERA_SHOWA = ERAS[2]!;
const ERA_HEISEI = ERAS[3]!;
const ERA_REIWA = ERAS[4]!;

/** The era named by a kanji name or a letter (any case); undefined for anything else. */
function eraOf(token: string): Era | undefined {
  if (token.length === 1) {
    switch (token.charCodeAt(0) | 0x20) { // lower-case an ASCII letter
      case 0x6d: return ERA_MEIJI; // m
      case 0x74: return ERA_TAISHO; // t
      case 0x73: return ERA_SHOWA; // s
      case 0x68: return ERA_HEISEI; // h
      case 0x72: return ERA_REIWA; // r
      default: return undefined;
    }
  }
  switch (token) {
    case '明治': return ERA_MEIJI;
    case '大正': return ERA_TAISHO;
    case '昭和': return ERA_SHOWA;
    case '平成': return ERA_HEISEI;
    case '令和': return ERA_REIWA;
    default: return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic.

function key(y: number, m: number, d: number): number {
  return y * 10000 + m * 100 + d;
}

export function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in month `m` (1..12) of year `y`; 0 for a month that does not exist. */
export function daysInMonth(y: number, m: number): number {
  if (!Number.isInteger(m) || m < 1 || m > 12) return 0;
  return m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m]!;
}

/** A real Gregorian date with year 1..9999 (all integers). */
export function isValidYMD(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && y >= 1 && y <= 9999 && Number.isInteger(d) && d >= 1 && d <= daysInMonth(y, m);
}

export function compareYMD(a: YMD, b: YMD): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

export function compareYM(a: YM, b: YM): number {
  return a.y - b.y || a.m - b.m;
}

/** Days since 1970-01-01 (negative before), proleptic Gregorian (H. Hinnant's days_from_civil). */
export function dayNumber(date: YMD): number {
  const m = date.m;
  const y = m <= 2 ? date.y - 1 : date.y;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // 0..399
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + date.d - 1; // 0..365
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // 0..146096
  return era * 146097 + doe - 719468;
}

/** The date `n` days after 1970-01-01 (inverse of `dayNumber`). */
export function fromDayNumber(n: number): YMD {
  const z = Math.floor(n) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // 0..146096
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365); // 0..399
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // 0..365
  const mp = Math.floor((5 * doy + 2) / 153); // 0..11
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/**
 * Age in full years on `on`. The age goes up on the birthday; someone born on 29 February
 * gets a year older on 1 March in common years. Negative when `on` is before `birth`.
 */
export function ageOn(birth: YMD, on: YMD): number {
  const age = on.y - birth.y;
  return on.m < birth.m || (on.m === birth.m && on.d < birth.d) ? age - 1 : age;
}

/** The local calendar date of a JS Date (NaN fields for an invalid Date). */
export function ymdFromDate(date: Date): YMD {
  return { y: date.getFullYear(), m: date.getMonth() + 1, d: date.getDate() };
}

// ---------------------------------------------------------------------------------------------
// Formatting.

function pad2(n: number): string {
  return n < 10 && n >= 0 ? '0' + n : String(n);
}

/** `2022-02-09` (year padded to 4 digits). */
export function formatISO(d: YMD): string {
  const y = d.y >= 0 && d.y < 1000 ? String(d.y).padStart(4, '0') : String(d.y);
  return y + '-' + pad2(d.m) + '-' + pad2(d.d);
}

/** `2022年2月9日`. */
export function formatJapanese(d: YMD): string {
  return d.y + '年' + d.m + '月' + d.d + '日';
}

/** The era and era year of a date; null before 明治 (1868-10-23) or for a non-number. */
export function toWareki(d: YMD): { era: EraName; letter: EraLetter; year: number } | null {
  const k = key(d.y, d.m, d.d);
  if (!(k >= ERA_MEIJI.startKey)) return null; // also NaN
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const era = ERAS[i]!;
    if (k >= era.startKey) return { era: era.name, letter: era.letter, year: d.y - era.start.y + 1 };
  }
  return null;
}

/** `令和4年2月9日`; year 1 is written 元年 (`令和元年5月1日`); null before 明治. */
export function formatWareki(d: YMD): string | null {
  const w = toWareki(d);
  if (!w) return null;
  return w.era + (w.year === 1 ? '元' : String(w.year)) + '年' + d.m + '月' + d.d + '日';
}

/** `R4.2.9` (year 1 is `R1`); null before 明治. */
export function formatWarekiShort(d: YMD): string | null {
  const w = toWareki(d);
  if (!w) return null;
  return w.letter + w.year + '.' + d.m + '.' + d.d;
}

// ---------------------------------------------------------------------------------------------
// Parsing.

/**
 * Text that normalizeText would only trim/collapse spaces in: printable ASCII, hiragana
 * without the combining (semi-)voiced marks, CJK unified ideographs (年月日, era names, 生).
 * None of these has an NFKC mapping or is a dash, so such text skips NFKC.
 */
const PLAIN_TEXT = /^[\x20-\x7E\u3041-\u3096\u4E00-\u9FFF]*$/;
/** A space between two digits is not a separator we accept (`2022 2 9`, `2022/2/9 10:30`). */
const DIGIT_SPACE_DIGIT = /\d +\d/;
const SPACES = / +/g;
/** Trailing day of week (`(水)`, `(水曜日)`, `(Wed)`) and `生`/`生まれ`, in any order. */
const SUFFIX = /(?:\((?:[月火水木金土日](?:曜日?)?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?)\)|生まれ|生)+$/i;
/** Written instead of a date when there is none. */
const EMPTY_WORDS: ReadonlySet<string> = new Set(['', '未', '未入力', '未回答', '未記入', '未選択', '-', '--']);

/** `2022-02-09` `2022/2/9` `2022.2.9` (one separator throughout) · `20220209` · `2022年2月9日`. */
const WEST_DATE = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d\d)(\d\d)|年(\d{1,2})月(\d{1,2})日)$/;
/** `2021-09` `2021/9` `2021.9` · `202109` · `2021年9月`. */
const WEST_YM = /^(\d{4})(?:[-/.](\d{1,2})|(\d\d)|年(\d{1,2})月)$/;
/** Era name or letter, era year (元 = 1), then `年M月D日` or `.M.D` / `/M/D` / `-M-D`. */
const ERA_DATE = /^(明治|大正|昭和|平成|令和|[MTSHRmtshr])(元|\d{1,3})(?:年(\d{1,2})月(\d{1,2})日|([-/.])(\d{1,2})\5(\d{1,2}))$/;
/** Era name or letter, era year, then `年M月` or `.M` / `/M` / `-M`. */
const ERA_YM = /^(明治|大正|昭和|平成|令和|[MTSHRmtshr])(元|\d{1,3})(?:年(\d{1,2})月|[-/.](\d{1,2}))$/;

/** `prepare` result: the compact text, or EMPTY / UNPARSEABLE. */
const EMPTY = 0;
const UNPARSEABLE = 1;
type Prepared = string | typeof EMPTY | typeof UNPARSEABLE;

/**
 * The compact form the patterns read: normalised (skipped for PLAIN_TEXT), spaces between
 * parts removed, day of week and 生/生まれ removed. Returns a failure for blank input.
 */
function prepare(input: unknown): Prepared {
  if (input == null) return EMPTY;
  let s = typeof input === 'string' ? input : String(input);
  if (!PLAIN_TEXT.test(s)) s = normalizeText(s);
  if (s.indexOf(' ') !== -1) {
    if (DIGIT_SPACE_DIGIT.test(s)) return UNPARSEABLE;
    s = s.replace(SPACES, '');
  }
  if (s.length > 1) {
    const last = s.charCodeAt(s.length - 1);
    if (last === 0x29 /* ) */ || last === 0x751f /* 生 */ || last === 0x308c /* れ */) {
      const stripped = s.replace(SUFFIX, '');
      // A suffix alone (`(水)`, `生`) is not an empty answer.
      if (stripped !== '') s = stripped;
    }
  }
  if (EMPTY_WORDS.has(s)) return EMPTY;
  return s;
}

/** Era year as a number: 元 → 1. */
function eraYear(text: string): number {
  return text === '元' ? 1 : Number(text);
}

function dateResult(y: number, m: number, d: number, era: Era | null): DateParse {
  if (!isValidYMD(y, m, d)) return { ok: false, reason: 'not-a-date' };
  if (era) {
    const k = key(y, m, d);
    if (k < era.startKey || k > era.endKey) return { ok: false, reason: 'outside-era' };
  }
  return { ok: true, value: { y, m, d }, era: era ? era.name : null };
}

function parseCompactDate(s: string): DateParse {
  const c = s.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) {
    const w = WEST_DATE.exec(s);
    if (!w) return { ok: false, reason: 'unparseable' };
    const y = Number(w[1]);
    if (w[2] !== undefined) return dateResult(y, Number(w[3]), Number(w[4]), null);
    if (w[5] !== undefined) return dateResult(y, Number(w[5]), Number(w[6]), null);
    return dateResult(y, Number(w[7]), Number(w[8]), null);
  }
  const e = ERA_DATE.exec(s);
  if (!e) return { ok: false, reason: 'unparseable' };
  const era = eraOf(e[1]!);
  if (!era) return { ok: false, reason: 'unparseable' };
  const ey = eraYear(e[2]!);
  if (ey < 1) return { ok: false, reason: 'not-a-date' };
  const y = era.start.y + ey - 1;
  return e[3] !== undefined
    ? dateResult(y, Number(e[3]), Number(e[4]), era)
    : dateResult(y, Number(e[6]), Number(e[7]), era);
}

/** Value of the ASCII digit at `i`, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 0x30;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Fast path for the commonest shapes, straight from the raw text with no allocation:
 * `YYYY-M(M)-D(D)` with `-`, `/` or `.` (the same throughout), and `YYYYMMDD`.
 * Returns null when the text has another shape (the general path then decides).
 */
function scanWesternDate(s: string): DateParse | null {
  const n = s.length;
  if (n < 8 || n > 10) return null;
  const y0 = digitAt(s, 0), y1 = digitAt(s, 1), y2 = digitAt(s, 2), y3 = digitAt(s, 3);
  if (y0 < 0 || y1 < 0 || y2 < 0 || y3 < 0) return null;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const sep = s.charCodeAt(4);
  if (sep >= 0x30 && sep <= 0x39) {
    if (n !== 8) return null;
    const m0 = sep - 0x30, m1 = digitAt(s, 5), d0 = digitAt(s, 6), d1 = digitAt(s, 7);
    if (m1 < 0 || d0 < 0 || d1 < 0) return null;
    return dateResult(y, m0 * 10 + m1, d0 * 10 + d1, null);
  }
  if (sep !== 0x2d && sep !== 0x2f && sep !== 0x2e) return null; // - / .
  let i = 5;
  let m = digitAt(s, i++);
  if (m < 0) return null;
  let c = digitAt(s, i);
  if (c >= 0) { m = m * 10 + c; i++; }
  if (s.charCodeAt(i++) !== sep) return null;
  let d = digitAt(s, i++);
  if (d < 0) return null;
  if (i < n) {
    c = digitAt(s, i++);
    if (c < 0) return null;
    d = d * 10 + c;
  }
  return i === n ? dateResult(y, m, d, null) : null;
}

/**
 * Parses a full date in any accepted form (docs/codes.md): Western `2022-02-09`, `2022/2/9`,
 * `2022.2.9`, `20220209`, `2022年2月9日`; era `令和4年2月9日`, `令和元年5月1日`, `R4.2.9`,
 * `R04.02.09`, `r4/2/9`, `R4-2-9`, `R4年2月9日`, `H`/`S`/`T`/`M` and their kanji; any width,
 * spaces between parts, a trailing `(水)` or `生`/`生まれ`. Never throws.
 */
export function parseDate(input: string | null | undefined): DateParse {
  try {
    if (typeof input === 'string') {
      const fast = scanWesternDate(input);
      if (fast) return fast;
    }
    const s = prepare(input);
    if (s === EMPTY) return { ok: false, reason: 'empty' };
    if (s === UNPARSEABLE) return { ok: false, reason: 'unparseable' };
    return parseCompactDate(s);
  } catch {
    return { ok: false, reason: 'unparseable' };
  }
}

function ymResult(y: number, m: number, era: Era | null): YearMonthParse {
  if (!Number.isInteger(y) || y < 1 || y > 9999 || !Number.isInteger(m) || m < 1 || m > 12) return { ok: false, reason: 'not-a-date' };
  if (era) {
    const ym = y * 100 + m;
    if (ym < era.startYM || ym > era.endYM) return { ok: false, reason: 'outside-era' };
  }
  return { ok: true, value: { y, m }, day: null };
}

/**
 * Parses a year-month (`2021-09`, `2021/9`, `2021.9`, `202109`, `2021年9月`, `令和3年9月`,
 * `R3.9`, `R3/9`, `R03.09`) or any full date (then `day` is set). An era year-month must
 * overlap its era: 平成31年4月 and 令和元年5月 are fine, 平成31年5月 and 令和元年4月 are not.
 */
export function parseYearMonth(input: string | null | undefined): YearMonthParse {
  try {
    if (typeof input === 'string') {
      const fast = scanWesternDate(input);
      if (fast) return fast.ok ? { ok: true, value: { y: fast.value.y, m: fast.value.m }, day: fast.value.d } : fast;
    }
    const s = prepare(input);
    if (s === EMPTY) return { ok: false, reason: 'empty' };
    if (s === UNPARSEABLE) return { ok: false, reason: 'unparseable' };
    const full = parseCompactDate(s);
    if (full.ok) return { ok: true, value: { y: full.value.y, m: full.value.m }, day: full.value.d };
    if (full.reason !== 'unparseable') return full;
    const c = s.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) {
      const w = WEST_YM.exec(s);
      if (!w) return { ok: false, reason: 'unparseable' };
      return ymResult(Number(w[1]), Number(w[2] ?? w[3] ?? w[4]), null);
    }
    const e = ERA_YM.exec(s);
    if (!e) return { ok: false, reason: 'unparseable' };
    const era = eraOf(e[1]!);
    if (!era) return { ok: false, reason: 'unparseable' };
    const ey = eraYear(e[2]!);
    if (ey < 1) return { ok: false, reason: 'not-a-date' };
    return ymResult(era.start.y + ey - 1, Number(e[3] ?? e[4]), era);
  } catch {
    return { ok: false, reason: 'unparseable' };
  }
}

const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** Strict `YYYY-MM-DD` (for the CLI's `--as-of`); null for anything else or an unreal date. */
export function parseISODate(s: string): YMD | null {
  if (typeof s !== 'string') return null;
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  return isValidYMD(y, mo, d) ? { y, m: mo, d } : null;
}
