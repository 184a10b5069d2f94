/**
 * Normalisation of what people type into HER-SYS: full-width forms, the many dashes,
 * spaces, brackets, and the ways an answer is written. Pure and total: every function
 * accepts any string (or nothing) and never throws.
 */

import {
  AGE_WORDS,
  ITEM_NUMBER,
  ANSWER_WORDS as ANSWER_WORD_LIST,
  DOSES_WORDS,
  PATIENT_TYPE_CONFIRMED_PREFIX,
  PATIENT_TYPE_WORDS,
  SEVERITY_WORDS,
  SEX_WORDS,
  UNANSWERED_WORDS,
} from './vocabulary';

/** Whether `s` is one of `words`. */
function has(words: readonly string[], s: string): boolean {
  return words.includes(s);
}

/** Dash-like characters people (and IMEs) put into numbers and dates. */
const DASHES = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF70\u2500\u2501\u207B\u208B\uFE58\uFE63]/g;
/** Any run of white space, including the ideographic space U+3000 (NFKC maps it to U+0020). */
const SPACES = /[\s\u3000\u00A0\u200B\uFEFF]+/g;

/**
 * Caches a parser's results per raw string (few distinct spellings are typed for choice
 * fields, and the CLI reads 100,000 rows). Bounded: the cache is dropped when full.
 * Cached results are frozen and shared: callers must treat them as read-only.
 */
export function memoParse<T extends object>(parse: (input: string) => T, limit = 512): (input: string | null | undefined) => T {
  const cache = new Map<string, T>();
  return (input) => {
    const key = input ?? '';
    let r = cache.get(key);
    if (r === undefined) {
      r = Object.freeze(parse(key)) as T;
      if (cache.size >= limit) cache.clear();
      cache.set(key, r);
    }
    return r;
  };
}

/**
 * NFKC (full-width digits and Latin → ASCII, half-width kana → full-width), every dash
 * variant → `-`, white space collapsed and trimmed. ー (the long-vowel mark) is treated as
 * a dash, which is what it means between digits; use on values, not on kana words.
 */
export function normalizeText(input: string | null | undefined): string {
  if (input == null) return '';
  return String(input).normalize('NFKC').replace(DASHES, '-').replace(SPACES, ' ').trim();
}

/**
 * Label normal form used to compare visible labels with the synonym table: NFKC, lower
 * case, no spaces, full-width brackets → ASCII, leading `・`/`*`/`※` marks and trailing
 * `※…` or bracketed `（「…」）` notes removed, leading item numbers (`4`, `⑭`, `(14)`, `14.`) and
 * trailing `:`/`：` removed.
 */
export function normalizeLabel(input: string | null | undefined): string {
  if (input == null) return '';
  let s = String(input).normalize('NFKC').toLowerCase().replace(SPACES, '');
  s = s.replace(/[【〔［\[]/g, '(').replace(/[】〕］\]]/g, ')');
  // Notes such as （「新型コロナウイルス感染症…による。」） and trailing ※ remarks.
  s = s.replace(/\(「[^)]*\)/g, '').replace(/「[^」]*」/g, '');
  // Required badges in front (【必須】, 必須, ※, *): not notes, the label follows them.
  s = s.replace(/^(?:\(必須\)|必須|※|[*＊])+/, '');
  s = s.replace(/※.*$/, '');
  s = s.replace(/^[・*＊●○◆■□\-]+/, '').replace(/[:：*＊必須]+$/, '').replace(/\(必須\)$/, '');
  // The official form numbers its items: 「4 生年月日」「⑭」「(14)」「14.」.
  s = s.replace(ITEM_NUMBER, '').replace(/^[・*＊●○◆■□\-]+/, '');
  return s.replace(/[:：]+$/, '');
}

/** A yes/no/unknown answer; `null` is "unanswered" (blank, 未, 未回答, 未選択). */
export type Answer = 'yes' | 'no' | 'unknown';
export type AnswerParse = { ok: true; value: Answer | null } | { ok: false };

const ANSWER_WORDS: ReadonlyMap<string, Answer | null> = new Map<string, Answer | null>(ANSWER_WORD_LIST);

const ANSWER_RESULTS = new Map<Answer | null, AnswerParse>(
  (['yes', 'no', 'unknown', null] as const).map((v) => [v, Object.freeze({ ok: true, value: v }) as AnswerParse]),
);
const NOT_OK: { ok: false } = Object.freeze({ ok: false }) as { ok: false };
const ANSWER_YES = ANSWER_RESULTS.get('yes')!;
const ANSWER_NO = ANSWER_RESULTS.get('no')!;
const ANSWER_BLANK = ANSWER_RESULTS.get(null)!;
/** Raw spellings (as typed, before normalisation) → result; filled from ANSWER_WORDS. */
const ANSWER_FAST = new Map<string, AnswerParse>();
for (const [w, v] of ANSWER_WORDS) ANSWER_FAST.set(w, ANSWER_RESULTS.get(v)!);

/**
 * Parses 有/無/不明/あり/なし/はい/いいえ/未/blank (any width, surrounding brackets and spaces
 * ignored). Results are shared frozen objects: treat them as read-only.
 */
export function parseAnswer(input: string | null | undefined): AnswerParse {
  if (input == null) return ANSWER_RESULTS.get(null)!;
  // The usual cells (有, 無, blank) without hashing the string for the map.
  if (input.length <= 1) {
    if (input === '無') return ANSWER_NO;
    if (input === '有') return ANSWER_YES;
    if (input === '') return ANSWER_BLANK;
  }
  const fast = ANSWER_FAST.get(input);
  if (fast) return fast;
  const s = normalizeText(input).toLowerCase().replace(/^[(「]|[)」]$/g, '').replace(/\s+/g, '');
  const v = ANSWER_WORDS.get(s);
  return v !== undefined ? ANSWER_RESULTS.get(v)! : NOT_OK;
}

export type Severity = 'mild' | 'moderate1' | 'moderate2' | 'severe';
export type SeverityParse = { ok: true; value: Severity | null } | { ok: false };

/** 軽症 / 中等症I / 中等症II / 重症, with Ⅰ/Ⅱ, I/II, 1/2 (any width), blank/未 → null. */
export const parseSeverity = memoParse((input: string): SeverityParse => {
  const s = normalizeText(input).toUpperCase().replace(/\s+/g, '');
  if (has(UNANSWERED_WORDS.severity, s)) return { ok: true, value: null };
  if (has(SEVERITY_WORDS.mild, s)) return { ok: true, value: 'mild' };
  if (has(SEVERITY_WORDS.severe, s)) return { ok: true, value: 'severe' };
  // NFKC turns Ⅰ/Ⅱ into I/II already.
  const m = SEVERITY_WORDS.moderate.exec(s);
  if (m) return { ok: true, value: m[1] === 'I' || m[1] === '1' ? 'moderate1' : 'moderate2' };
  return { ok: false };
});

export type PatientType = 'confirmed' | 'asymptomatic' | 'suspected' | 'deceased' | 'deceased-suspected';
export type PatientTypeParse = { ok: true; value: PatientType | null } | { ok: false };

/** 患者（確定例）, 無症状病原体保有者, 疑似症患者, 感染症死亡者の死体, 感染症死亡疑い者の死体. */
export const parsePatientType = memoParse((input: string): PatientTypeParse => {
  const s = normalizeText(input).replace(/[\s()（）]/g, '');
  if (has(UNANSWERED_WORDS.patientType, s)) return { ok: true, value: null };
  for (const [value, words] of PATIENT_TYPE_WORDS) {
    if (words.some((w) => s.includes(w)) || (value === 'confirmed' && s.startsWith(PATIENT_TYPE_CONFIRMED_PREFIX))) return { ok: true, value };
  }
  return { ok: false };
});

export function isDeceasedType(t: PatientType | null): boolean {
  return t === 'deceased' || t === 'deceased-suspected';
}

export type Sex = 'male' | 'female' | 'other';
export type SexParse = { ok: true; value: Sex | null } | { ok: false };

export const parseSex = memoParse((input: string): SexParse => {
  const s = normalizeText(input).toLowerCase().replace(/\s+/g, '');
  if (has(UNANSWERED_WORDS.sex, s)) return { ok: true, value: null };
  for (const value of ['male', 'female', 'other'] as const) if (has(SEX_WORDS[value], s)) return { ok: true, value };
  return { ok: false };
});

/** Vaccine doses: a count, `null` when unanswered, `'unknown'` for 不明. */
export type Doses = number | 'unknown';
export type DosesParse = { ok: true; value: Doses | null } | { ok: false };

export const parseDoses = memoParse((input: string): DosesParse => {
  const s = normalizeText(input).replace(/\s+/g, '');
  if (has(UNANSWERED_WORDS.doses, s)) return { ok: true, value: null };
  if (has(DOSES_WORDS.unknown, s.toLowerCase())) return { ok: true, value: 'unknown' };
  if (has(DOSES_WORDS.none, s)) return { ok: true, value: 0 };
  const m = DOSES_WORDS.count.exec(s);
  if (m) return { ok: true, value: Number(m[1]) };
  return { ok: false };
});

/** The age field: whole years (`42`, `42歳`, `満42歳`), null when blank. */
export type AgeParse = { ok: true; value: number | null } | { ok: false };

export const parseAgeField = memoParse((input: string): AgeParse => {
  const s = normalizeText(input).replace(/\s+/g, '');
  if (s === '') return { ok: true, value: null };
  const m = AGE_WORDS.exec(s);
  if (m) return { ok: true, value: Number(m[1]) };
  return { ok: false };
});
