/**
 * Observation alerts (docs/codes.md) as data: the columns of an observation table, the cell
 * parsers (units, full-width digits, はい/いいえ/不明/未, あり/なし), and three rule tables —
 * per entry (one row: a person's latest report on the list, one day on the person page),
 * trend over a person's shown days, and the 健康観察 settings checks — each a list of
 * `{ code, level, when }` with conditions as small trees and one compiled interpreter per
 * table (the house style of `tier.ts`). Thresholds come from an `ObservationConfig`; its
 * default is the extension's own choice (the 2022-02-09 notice only names 37.5 ℃ and
 * SpO₂ < 96 % with breathlessness as examples of people to show in red).
 *
 * Pure: no DOM, no browser APIs. Every parser is total and never throws.
 */
import { compareYMD, dayNumber, parseDate, type YMD } from './dates';
import { memoParse, normalizeText, parseAnswer, type Answer } from './normalize';
import { CODE_LEVEL as L, LEVEL_RANK, OBSERVATION_DEFAULTS, type AlertLevel, type ObservationConfig, type ObsLevel, type RowCode, type SettingsCode, type TrendCode } from './observation-config';
import { analyzePhone } from './phone';
import { AUTODIAL_WORD, OBS_COLUMN_WORDS } from './vocabulary';

export {
  CODE_LEVEL,
  obsCodeLabel,
  LEVEL_RANK,
  NOTICE_CODES,
  OBS_CODES,
  OBSERVATION_DEFAULTS,
  ROW_CODES,
  SETTINGS_CODES,
  TREND_CODES,
  type AlertLevel,
  type ObsCode,
  type ObservationConfig,
  type ObsLevel,
  type RowCode,
  type SettingsCode,
  type TrendCode,
} from './observation-config';

// ---------------------------------------------------------------------------------------------
// Columns of an observation table.

export const SYMPTOMS = ['face', 'cough', 'dyspnea', 'fatigue', 'nausea', 'diarrhea', 'consciousness', 'cannotEat', 'noUrine'] as const;
export type Symptom = (typeof SYMPTOMS)[number];
export type ObsColumn = 'temp' | 'spo2' | Symptom | 'date' | 'id' | 'name' | 'phone' | 'method';

/** Squashed form of a header or label: NFKC, lower case, no white space. */
export function squash(s: string | null | undefined): string {
  return normalizeText(s).toLowerCase().replace(/\s+/g, '');
}

/** The column a header names, or null for a column we do not read (年齢, 備考 …). */
export function columnOfHeader(header: string): ObsColumn | null {
  const s = squash(header);
  if (!s) return null;
  for (const [col, re] of OBS_COLUMN_WORDS) if (re.test(s)) return col;
  return null;
}

/**
 * Columns of a header row: each column id → the first header position naming it. A table
 * is an observation table when it has both `temp` and `spo2`.
 */
export function mapColumns(headers: readonly string[]): Map<ObsColumn, number> {
  const out = new Map<ObsColumn, number>();
  headers.forEach((h, i) => {
    const c = columnOfHeader(h);
    if (c && !out.has(c)) out.set(c, i);
  });
  return out;
}

export function isObservationHeader(columns: ReadonlyMap<ObsColumn, number>): boolean {
  return columns.has('temp') && columns.has('spo2');
}

// ---------------------------------------------------------------------------------------------
// Cells.

/** A measured value: `blank` (empty, 未, -), a number, or something unreadable. */
export type Measure = { state: 'blank'; value: null } | { state: 'value'; value: number } | { state: 'invalid'; value: null };

const BLANK: Measure = Object.freeze({ state: 'blank', value: null });
const INVALID: Measure = Object.freeze({ state: 'invalid', value: null });
const NUMBER = /(\d+(?:\.\d+)?)/;

function isBlankText(s: string): boolean {
  const a = parseAnswer(s);
  return a.ok && a.value === null;
}

function measure(min: number, max: number) {
  return memoParse((input: string): Measure => {
    // A label in the cell (`SpO2 95%`) is not the value.
    const s = normalizeText(input).replace(/\s+/g, '').replace(/spo2|sp02/gi, '');
    if (s === '' || isBlankText(s)) return BLANK;
    const m = NUMBER.exec(s);
    if (!m) return INVALID;
    const v = Math.round(Number(m[1]) * 100) / 100;
    if (!Number.isFinite(v) || v < min || v > max) return INVALID;
    return { state: 'value', value: v };
  }, 2048);
}

/** Body temperature in ℃: `37.8`, `37.8℃`, `３７．８℃`, `37.8度`, `37.8 °C`; 30–45 is readable. */
export const parseTemperature: (input: string | null | undefined) => Measure = measure(30, 45);
/** SpO₂ in %: `95`, `95%`, `９５％`; 50–100 is readable. */
export const parseSpO2: (input: string | null | undefined) => Measure = measure(50, 100);

/** A symptom mark: はい/いいえ/不明/未 (also あり/なし, 有/無); `null` = unanswered, `'invalid'` = unreadable. */
export function parseMark(input: string | null | undefined): Answer | null | 'invalid' {
  const a = parseAnswer(input);
  return a.ok ? a.value : 'invalid';
}

/** The raw texts of one row's cells, by column (absent = the table has no such column). */
export type RowCells = Partial<Record<ObsColumn, string>>;

/** One entry (a row) as the rules see it. */
export interface ObsEntry {
  temp: number | null;
  spo2: number | null;
  /** Symptom answers (only columns the table has); `null` = unanswered. */
  marks: Partial<Record<Symptom, Answer | null>>;
  /** Every observation cell (体温, SpO₂, the はい/いいえ questions) is blank or 未. */
  blank: boolean;
}

/** Reads one row's observation cells; never throws. */
export function entryOf(cells: RowCells): ObsEntry {
  const t = parseTemperature(cells.temp);
  const o = parseSpO2(cells.spo2);
  let blank = t.state === 'blank' && o.state === 'blank';
  const marks: Partial<Record<Symptom, Answer | null>> = {};
  for (const s of SYMPTOMS) {
    const raw = cells[s];
    if (raw === undefined) continue;
    const m = parseMark(raw);
    marks[s] = m === 'invalid' ? null : m;
    if (m !== null) blank = false;
  }
  return { temp: t.value, spo2: o.value, marks, blank };
}

/**
 * A reader for rows of one table, compiled once for its columns: `read(texts)` takes the
 * cell texts in the order of `columns` and gives the same entry as `entryOf` (every row of a
 * table gets objects of one shape, and no intermediate record is built — the hot path of a
 * 5,000-row list). Columns other than 体温, SpO₂ and the symptoms are ignored.
 */
export function compileEntryReader(columns: readonly ObsColumn[]): (texts: readonly (string | undefined)[]) => ObsEntry {
  const temp = columns.indexOf('temp');
  const spo2 = columns.indexOf('spo2');
  const marks: [Symptom, number][] = [];
  for (const sym of SYMPTOMS) {
    const i = columns.indexOf(sym);
    if (i >= 0) marks.push([sym, i]);
  }
  const n = marks.length;
  const keys = marks.map((m) => m[0]);
  const pos = marks.map((m) => m[1]);
  return (texts) => {
    const t = parseTemperature(temp >= 0 ? texts[temp] : undefined);
    const o = parseSpO2(spo2 >= 0 ? texts[spo2] : undefined);
    let blank = t.state === 'blank' && o.state === 'blank';
    const m: Partial<Record<Symptom, Answer | null>> = {};
    for (let k = 0; k < n; k++) {
      const v = parseMark(texts[pos[k]!]);
      m[keys[k]!] = v === 'invalid' ? null : v;
      if (v !== null) blank = false;
    }
    return { temp: t.value, spo2: o.value, marks: m, blank };
  };
}

/** The date in a cell (`2022/02/09 09:12`, `2/9(水)` is not enough: a year is needed), or null. */
export function dateOfCell(input: string | null | undefined): YMD | null {
  const s = normalizeText(input);
  if (!s) return null;
  const whole = parseDate(s);
  if (whole.ok) return whole.value;
  const m = /^(\S+?)(?:[\sT]|$)/.exec(s) ?? /^(.*?\d日)/.exec(s);
  if (m && m[1] && m[1] !== s) {
    const d = parseDate(m[1]);
    if (d.ok) return d.value;
  }
  return null;
}

/** Uses 自動架電 (health-observation method column). */
export function usesAutodial(method: string | null | undefined): boolean {
  return squash(method).includes(AUTODIAL_WORD);
}

// ---------------------------------------------------------------------------------------------
// Entry rules.

export interface EntryFacts {
  entry: ObsEntry;
  /** The phone number is shared with another person using 自動架電 (list only). */
  phoneShared: boolean;
}

export type EntryCond =
  | { measure: 'temp' | 'spo2'; lt?: number; lte?: number; gte?: number }
  | { mark: Symptom; in: ReadonlyArray<Answer> }
  | { blank: true }
  | { fact: 'phoneShared' }
  | { all: readonly EntryCond[] }
  | { any: readonly EntryCond[] };

export interface EntryRule {
  code: RowCode;
  level: ObsLevel;
  when: EntryCond;
}

export type TrendCond =
  /** The latest reading is at least `atLeast` below the highest earlier reading in the window. */
  | { drop: 'spo2' | 'temp'; atLeast: number }
  /** `days` consecutive calendar days (rows, when undated) whose reading is ≥ `gte`. */
  | { run: 'temp' | 'spo2'; gte: number; days: number };

export interface TrendRule {
  code: TrendCode;
  level: 'warning';
  when: TrendCond;
}

export type SettingsFact = 'autoNotifyOn' | 'periodEnded' | 'autodialSelected' | 'callTimeChosen' | 'smsReliedOn' | 'phoneNotMobile';
export type SettingsCond = { fact: SettingsFact; is: boolean } | { all: readonly SettingsCond[] };

export interface SettingsRule {
  code: SettingsCode;
  level: 'warning';
  when: SettingsCond;
}

export interface ObservationRules {
  config: ObservationConfig;
  entry: readonly EntryRule[];
  trend: readonly TrendRule[];
  settings: readonly SettingsRule[];
}

/** The rule tables of docs/codes.md with `config`'s thresholds filled in; switched-off rules left out. */
export function buildObservationRules(config: ObservationConfig = OBSERVATION_DEFAULTS): ObservationRules {
  const c = config;
  const yes = ['yes'] as const;
  const entry: EntryRule[] = [
    { code: 'SPO2_LE_93', level: L.SPO2_LE_93, when: { measure: 'spo2', lte: c.spo2CriticalAtOrBelow } },
    {
      code: 'SPO2_LT_96_DYSPNEA',
      level: L.SPO2_LT_96_DYSPNEA,
      when: { all: [{ measure: 'spo2', lt: c.spo2WarningBelow }, { mark: 'dyspnea', in: yes }] },
    },
    { code: 'CONSCIOUSNESS', level: L.CONSCIOUSNESS, when: { mark: 'consciousness', in: yes } },
    { code: 'SPO2_LT_96', level: L.SPO2_LT_96, when: { measure: 'spo2', lt: c.spo2WarningBelow } },
    { code: 'TEMP_GE_37_5', level: L.TEMP_GE_37_5, when: { measure: 'temp', gte: c.feverFrom } },
    { code: 'DYSPNEA', level: L.DYSPNEA, when: { mark: 'dyspnea', in: yes } },
    { code: 'NO_URINE', level: L.NO_URINE, when: { mark: 'noUrine', in: yes } },
    { code: 'CANNOT_EAT', level: L.CANNOT_EAT, when: { mark: 'cannotEat', in: yes } },
    { code: 'UNANSWERED', level: L.UNANSWERED, when: { blank: true } },
    { code: 'PHONE_SHARED', level: L.PHONE_SHARED, when: { fact: 'phoneShared' } },
  ];
  const trend: TrendRule[] = [
    { code: 'SPO2_FALLING', level: L.SPO2_FALLING, when: { drop: 'spo2', atLeast: c.spo2DropPoints } },
    { code: 'FEVER_PERSISTENT', level: L.FEVER_PERSISTENT, when: { run: 'temp', gte: c.feverFrom, days: c.feverDays } },
  ];
  const settings: SettingsRule[] = [
    {
      code: 'AUTO_NOTIFY_AFTER_END',
      level: L.AUTO_NOTIFY_AFTER_END,
      when: { all: [{ fact: 'autoNotifyOn', is: true }, { fact: 'periodEnded', is: true }] },
    },
    {
      code: 'AUTODIAL_NO_TIME',
      level: L.AUTODIAL_NO_TIME,
      when: { all: [{ fact: 'autodialSelected', is: true }, { fact: 'callTimeChosen', is: false }] },
    },
    {
      code: 'PHONE_NOT_MOBILE',
      level: L.PHONE_NOT_MOBILE,
      when: { all: [{ fact: 'smsReliedOn', is: true }, { fact: 'phoneNotMobile', is: true }] },
    },
  ];
  const off = new Set(c.off);
  return {
    config: c,
    entry: entry.filter((r) => !off.has(r.code)),
    trend: trend.filter((r) => !off.has(r.code)),
    settings: settings.filter((r) => !off.has(r.code)),
  };
}

type EntryTest = (f: EntryFacts) => boolean;

/** The interpreter for entry conditions: compiled once into closures. A test on a missing value is false. */
export function compileEntryCond(cond: EntryCond): EntryTest {
  if ('measure' in cond) {
    const { measure: m, lt = Infinity, lte = Infinity, gte = -Infinity } = cond;
    return (f) => {
      const v = f.entry[m];
      return v !== null && v < lt && v <= lte && v >= gte;
    };
  }
  if ('mark' in cond) {
    const { mark, in: values } = cond;
    return (f) => {
      const v = f.entry.marks[mark];
      return v != null && values.includes(v);
    };
  }
  if ('blank' in cond) return (f) => f.entry.blank;
  if ('fact' in cond) return (f) => f.phoneShared;
  if ('all' in cond) {
    const parts = cond.all.map(compileEntryCond);
    return (f) => parts.every((p) => p(f));
  }
  const parts = cond.any.map(compileEntryCond);
  return (f) => parts.some((p) => p(f));
}

export interface EntryResult {
  level: AlertLevel;
  /** Every matching code, in rule-table order. */
  codes: RowCode[];
  /** The codes joined by spaces (the `data-hersys-assist-reasons` value). */
  reasons: string;
}

interface CompiledEntryRules {
  tests: EntryTest[];
  /** Result per bitmask of matching rules (built on first use; results are shared and frozen). */
  byMask: Map<number, EntryResult>;
}

const compiledEntry = new WeakMap<readonly EntryRule[], CompiledEntryRules>();

function resultOf(rules: readonly EntryRule[], mask: number): EntryResult {
  const codes: RowCode[] = [];
  let level: AlertLevel = 'none';
  rules.forEach((r, i) => {
    if (!(mask & (1 << i))) return;
    codes.push(r.code);
    if (LEVEL_RANK[r.level] > LEVEL_RANK[level]) level = r.level;
  });
  Object.freeze(codes);
  return Object.freeze({ level, codes, reasons: codes.join(' ') });
}

/**
 * Evaluates one entry: every matching code, and the highest level among them. The result
 * is shared by every entry matching the same rules (treat it as read-only).
 */
export function evaluateEntry(rules: readonly EntryRule[], facts: EntryFacts): EntryResult {
  let c = compiledEntry.get(rules);
  if (!c) {
    c = { tests: rules.map((r) => compileEntryCond(r.when)), byMask: new Map() };
    compiledEntry.set(rules, c);
  }
  const tests = c.tests;
  let mask = 0;
  for (let i = 0; i < tests.length; i++) if (tests[i]!(facts)) mask |= 1 << i;
  let r = c.byMask.get(mask);
  if (!r) c.byMask.set(mask, (r = resultOf(rules, mask)));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Trend rules (a person's shown days).

export interface DayReading {
  date: YMD | null;
  temp: number | null;
  spo2: number | null;
}

/** The days in time order: by date when every day has one (stable), else as given. */
export function chronological(days: readonly DayReading[]): DayReading[] {
  const out = [...days];
  if (out.length > 1 && out.every((d) => d.date)) out.sort((a, b) => compareYMD(a.date!, b.date!));
  return out;
}

function trendHolds(cond: TrendCond, days: readonly DayReading[]): boolean {
  if ('drop' in cond) {
    const values = days.map((d) => d[cond.drop]).filter((v): v is number => v !== null);
    if (values.length < 2) return false;
    const latest = values[values.length - 1]!;
    let best = -Infinity;
    for (let i = 0; i < values.length - 1; i++) best = Math.max(best, values[i]!);
    return Math.round((best - latest) * 100) / 100 >= cond.atLeast;
  }
  // One value per day (a second row for the same day counts with its higher reading).
  const dated = days.every((d) => d.date);
  const byDay: { n: number; v: number | null }[] = [];
  days.forEach((d, i) => {
    const n = dated ? dayNumber(d.date!) : i;
    const v = d[cond.run];
    const last = byDay[byDay.length - 1];
    if (last && last.n === n) {
      if (v !== null && (last.v === null || v > last.v)) last.v = v;
    } else byDay.push({ n, v });
  });
  let run = 0;
  let prev: number | null = null;
  for (const d of byDay) {
    run = d.v !== null && d.v >= cond.gte ? (prev !== null && d.n === prev + 1 ? run + 1 : 1) : 0;
    prev = d.n;
    if (run >= cond.days) return true;
  }
  return false;
}

/** Trend codes for a person's days (any order: sorted by date here). */
export function evaluateTrend(rules: readonly TrendRule[], days: readonly DayReading[]): TrendCode[] {
  const ordered = chronological(days);
  return rules.filter((r) => trendHolds(r.when, ordered)).map((r) => r.code);
}

// ---------------------------------------------------------------------------------------------
// The 健康観察 settings tab.

/** What the settings reader found on the page (`null` = not on the page). */
export interface ObservationSettingsReading {
  /** 健康観察期間 text (`2022/02/01 ~ 2022/02/10`). */
  period: string | null;
  /** 自動通知 on/off. */
  autoNotify: boolean | null;
  /** 健康観察方法: the chosen method(s) as text. */
  method: string | null;
  /** 架電時間: how many times are chosen (null when there is no such control). */
  callTimes: number | null;
  /** 電話番号. */
  phone: string | null;
}

/** `YYYY/MM/DD ~ YYYY/MM/DD` (also `～`, `〜`, `-` between full dates, `から`) → start and end. */
export function parsePeriod(text: string | null | undefined): { start: YMD | null; end: YMD | null } | null {
  const s = normalizeText(text);
  if (!s) return null;
  const parts = s.split(/\s*(?:~|〜|から)\s*|\s+-\s+/u);
  if (parts.length < 2) return null;
  const start = parseDate(parts[0]);
  const end = parseDate(parts[parts.length - 1]);
  if (!start.ok && !end.ok) return null;
  return { start: start.ok ? start.value : null, end: end.ok ? end.value : null };
}

export type SettingsFacts = Record<SettingsFact, boolean>;

export function settingsFacts(r: ObservationSettingsReading, today: YMD): SettingsFacts {
  const period = parsePeriod(r.period);
  const method = squash(r.method);
  const autoNotifyOn = r.autoNotify === true;
  const phone = analyzePhone(r.phone);
  return {
    autoNotifyOn,
    periodEnded: !!period?.end && compareYMD(period.end, today) < 0,
    autodialSelected: method.includes(AUTODIAL_WORD),
    callTimeChosen: (r.callTimes ?? 0) > 0,
    smsReliedOn: autoNotifyOn || method.includes('myher-sys') || method.includes('myhersys'),
    phoneNotMobile: phone.kind !== 'empty' && phone.kind !== 'mobile',
  };
}

function settingsHolds(cond: SettingsCond, f: SettingsFacts): boolean {
  if ('all' in cond) return cond.all.every((c) => settingsHolds(c, f));
  return f[cond.fact] === cond.is;
}

/** Settings codes for the 健康観察 tab, `today` being the local calendar date. */
export function evaluateObservationSettings(rules: readonly SettingsRule[], r: ObservationSettingsReading, today: YMD): SettingsCode[] {
  const f = settingsFacts(r, today);
  return rules.filter((x) => settingsHolds(x.when, f)).map((x) => x.code);
}

/** Host `data-status` of an observation page (docs/dom-attributes.md). */
export function observationStatus(counts: { critical: number; warning: number; unanswered: number }, otherWarnings: number): 'ok' | 'warning' | 'error' {
  if (counts.critical > 0) return 'error';
  if (counts.warning > 0 || counts.unanswered > 0 || otherWarnings > 0) return 'warning';
  return 'ok';
}
