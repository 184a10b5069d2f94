/**
 * shared/observation.ts: the rules of contract §6 with their threshold edges, the cell
 * parsers, the trend rules and the settings checks (today injected).
 */
import { describe, expect, it } from 'vitest';
import {
  buildObservationRules,
  columnOfHeader,
  compileEntryReader,
  dateOfCell,
  entryOf,
  evaluateEntry,
  evaluateObservationSettings,
  evaluateTrend,
  mapColumns,
  OBS_CODES,
  obsCodeLabel,
  OBSERVATION_DEFAULTS,
  observationStatus,
  parsePeriod,
  parseSpO2,
  parseTemperature,
  type DayReading,
  type ObservationConfig,
  type ObservationSettingsReading,
  type RowCells,
} from '../../shared/observation';
import { ObservationConfigSchema } from '../../shared/observation-schema';
import { DEFAULT_SETTINGS, parseSettings } from '../../shared/settings';

const RULES = buildObservationRules();
const NO: RowCells = { dyspnea: 'いいえ', consciousness: 'いいえ', cannotEat: 'いいえ', noUrine: 'いいえ' };

function row(cells: RowCells, phoneShared = false, rules = RULES) {
  return evaluateEntry(rules.entry, { entry: entryOf({ ...NO, ...cells }), phoneShared });
}

describe('cell parsers', () => {
  it.each([
    ['37.5', 37.5],
    ['37.5℃', 37.5],
    ['３７．８℃', 37.8],
    ['37.8度', 37.8],
    [' 38.0 °C ', 38],
    ['36', 36],
  ])('temperature %s is %s', (raw, value) => {
    expect(parseTemperature(raw)).toEqual({ state: 'value', value });
  });

  it.each(['', '未', '未回答', '-', '－', '―', '  '])('temperature %j is blank', (raw) => {
    expect(parseTemperature(raw).state).toBe('blank');
  });

  it.each(['abc', '378', '3.78', '熱あり'])('temperature %j is unreadable', (raw) => {
    expect(parseTemperature(raw).state).toBe('invalid');
  });

  it.each([
    ['95%', 95],
    ['９５％', 95],
    ['96', 96],
    ['SpO2 93 %', 93],
  ])('SpO₂ %s is %s', (raw, value) => {
    expect(parseSpO2(raw)).toEqual({ state: 'value', value });
  });

  it('SpO₂ outside 50–100 is unreadable', () => {
    expect(parseSpO2('120%').state).toBe('invalid');
    expect(parseSpO2('9').state).toBe('invalid');
  });

  it('marks: はい/いいえ/不明/未 and あり/なし', () => {
    const e = entryOf({ temp: '36.5', spo2: '98', dyspnea: 'はい', consciousness: 'なし', cannotEat: '不明', noUrine: 'あり', face: '未' });
    expect(e.marks).toEqual({ dyspnea: 'yes', consciousness: 'no', cannotEat: 'unknown', noUrine: 'yes', face: null });
    expect(e.blank).toBe(false);
  });

  it('a row of 未 and blanks is blank; one 不明 is an answer', () => {
    expect(entryOf({ temp: '未', spo2: '', dyspnea: '未', consciousness: '未' }).blank).toBe(true);
    expect(entryOf({ temp: '未', spo2: '未', dyspnea: '不明' }).blank).toBe(false);
    expect(entryOf({ temp: '36.5', spo2: '未' }).blank).toBe(false);
  });

  it('dates of cells: with a time, 和暦, or nothing', () => {
    expect(dateOfCell('2022/02/09 09:12')).toEqual({ y: 2022, m: 2, d: 9 });
    expect(dateOfCell('2022-02-09T09:12')).toEqual({ y: 2022, m: 2, d: 9 });
    expect(dateOfCell('令和4年2月9日')).toEqual({ y: 2022, m: 2, d: 9 });
    expect(dateOfCell('-')).toBeNull();
    expect(dateOfCell('')).toBeNull();
  });
});

describe('columns', () => {
  it.each([
    ['体温', 'temp'],
    ['体温（℃）', 'temp'],
    ['酸素飽和度', 'spo2'],
    ['ＳｐＯ２', 'spo2'],
    ['SpO₂(%)', 'spo2'],
    ['息苦しさ', 'dyspnea'],
    ['意識障害', 'consciousness'],
    ['食事困難', 'cannotEat'],
    ['排尿がない', 'noUrine'],
    ['表情・顔色', 'face'],
    ['咳・鼻水', 'cough'],
    ['全身倦怠感', 'fatigue'],
    ['嘔気・嘔吐', 'nausea'],
    ['下痢', 'diarrhea'],
    ['日付', 'date'],
    ['最終報告日時', 'date'],
    ['HER-SYS ID', 'id'],
    ['氏名', 'name'],
    ['電話番号', 'phone'],
    ['健康観察方法', 'method'],
    ['年齢', null],
    ['備考', null],
  ] as const)('%s → %s', (header, col) => {
    expect(columnOfHeader(header)).toBe(col);
  });

  it('columns in any order; the first header of a kind wins; extra columns are ignored', () => {
    const m = mapColumns(['備考', '酸素飽和度', '氏名', '体温', '年齢', '体温（再検）']);
    expect(Object.fromEntries(m)).toEqual({ spo2: 1, name: 2, temp: 3 });
  });
});

describe('entry rules (contract §6, default thresholds)', () => {
  it('the rule table has the codes and levels of contract §6, in its order', () => {
    expect(RULES.entry.map((r) => `${r.code}:${r.level}`)).toEqual([
      'SPO2_LE_93:critical',
      'SPO2_LT_96_DYSPNEA:critical',
      'CONSCIOUSNESS:critical',
      'SPO2_LT_96:warning',
      'TEMP_GE_37_5:warning',
      'DYSPNEA:warning',
      'NO_URINE:warning',
      'CANNOT_EAT:warning',
      'UNANSWERED:unanswered',
      'PHONE_SHARED:warning',
    ]);
    expect([...RULES.trend, ...RULES.settings].every((r) => r.level === 'warning')).toBe(true);
  });

  it.each([
    ['37.4', 'none', ''],
    ['37.5', 'warning', 'TEMP_GE_37_5'],
    ['37.8', 'warning', 'TEMP_GE_37_5'],
    ['３７．８℃', 'warning', 'TEMP_GE_37_5'],
  ])('temperature %s is %s', (temp, level, codes) => {
    const r = row({ temp, spo2: '98%' });
    expect(r.level).toBe(level);
    expect(r.codes.join(' ')).toBe(codes);
  });

  it.each([
    ['96', 'none', ''],
    ['95', 'warning', 'SPO2_LT_96'],
    ['94', 'warning', 'SPO2_LT_96'],
    ['93', 'critical', 'SPO2_LE_93 SPO2_LT_96'],
    ['92%', 'critical', 'SPO2_LE_93 SPO2_LT_96'],
  ])('SpO₂ %s without breathlessness is %s', (spo2, level, codes) => {
    const r = row({ temp: '36.5', spo2 });
    expect(r.level).toBe(level);
    expect(r.codes.join(' ')).toBe(codes);
  });

  it.each([
    ['96', 'warning', 'DYSPNEA'],
    ['95', 'critical', 'SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA'],
    ['94', 'critical', 'SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA'],
    ['93', 'critical', 'SPO2_LE_93 SPO2_LT_96_DYSPNEA SPO2_LT_96 DYSPNEA'],
  ])('SpO₂ %s with 息苦しさ はい is %s', (spo2, level, codes) => {
    const r = row({ temp: '36.5', spo2, dyspnea: 'はい' });
    expect(r.level).toBe(level);
    expect(r.codes.join(' ')).toBe(codes);
  });

  it('息苦しさ 不明 or 未 with low SpO₂ is only SPO2_LT_96', () => {
    expect(row({ temp: '36.5', spo2: '94', dyspnea: '不明' }).codes).toEqual(['SPO2_LT_96']);
    expect(row({ temp: '36.5', spo2: '94', dyspnea: '未' }).codes).toEqual(['SPO2_LT_96']);
  });

  it('意識障害 はい (or あり) is critical', () => {
    expect(row({ temp: '36.5', spo2: '98', consciousness: 'はい' })).toMatchObject({ level: 'critical', codes: ['CONSCIOUSNESS'] });
    expect(row({ temp: '36.5', spo2: '98', consciousness: 'あり' }).level).toBe('critical');
    expect(row({ temp: '36.5', spo2: '98', consciousness: '不明' }).level).toBe('none');
  });

  it('排尿がない / 食事困難 はい are warnings', () => {
    expect(row({ temp: '36.5', spo2: '98', noUrine: 'はい' })).toMatchObject({ level: 'warning', codes: ['NO_URINE'] });
    expect(row({ temp: '36.5', spo2: '98', cannotEat: 'はい' })).toMatchObject({ level: 'warning', codes: ['CANNOT_EAT'] });
  });

  it('every answer 未 (or blank) is unanswered', () => {
    const all未 = { temp: '未', spo2: '未', dyspnea: '未', consciousness: '未', cannotEat: '未', noUrine: '未' };
    expect(row(all未)).toMatchObject({ level: 'unanswered', codes: ['UNANSWERED'] });
    expect(row({ ...all未, noUrine: '' })).toMatchObject({ level: 'unanswered', codes: ['UNANSWERED'] });
    // One answer is enough not to be unanswered.
    expect(row({ ...all未, noUrine: 'いいえ' }).level).toBe('none');
  });

  it('missing values never match a threshold', () => {
    expect(row({ temp: '未', spo2: 'abc' }).level).toBe('none');
  });

  it('PHONE_SHARED is a warning on top, and does not lower a critical row', () => {
    expect(row({ temp: '36.5', spo2: '98' }, true)).toMatchObject({ level: 'warning', codes: ['PHONE_SHARED'] });
    expect(row({ temp: '36.5', spo2: '92' }, true)).toMatchObject({ level: 'critical', codes: ['SPO2_LE_93', 'SPO2_LT_96', 'PHONE_SHARED'] });
    const unanswered = row({ temp: '未', spo2: '未', dyspnea: '未', consciousness: '未', cannotEat: '未', noUrine: '未' }, true);
    expect(unanswered).toMatchObject({ level: 'warning', codes: ['UNANSWERED', 'PHONE_SHARED'] });
  });

  it('the reasons string is the codes joined by spaces; results are shared per code set', () => {
    const a = row({ temp: '37.9', spo2: '95' });
    const b = row({ temp: '38.4', spo2: '94' });
    expect(a.reasons).toBe('SPO2_LT_96 TEMP_GE_37_5');
    expect(a).toBe(b);
    expect(row({ temp: '36.5', spo2: '98' }).reasons).toBe('');
  });

  it('the compiled reader of a table gives the same entries as entryOf', () => {
    const cols = ['name', 'spo2', 'dyspnea', 'temp', 'noUrine', 'face'] as const;
    const read = compileEntryReader(cols);
    const samples: (string | undefined)[][] = [
      ['架空', '９４％', 'はい', '37.5℃', 'なし', '未'],
      ['見本', '未', '未', '', '未', '未'],
      ['試験', 'x', '不明', '36', 'あり', undefined],
    ];
    for (const texts of samples) {
      const cells = Object.fromEntries(cols.map((c, i) => [c, texts[i]]).filter(([, v]) => v !== undefined)) as RowCells;
      const viaReader = read(texts);
      const viaCells = entryOf(cells);
      expect(viaReader.temp).toBe(viaCells.temp);
      expect(viaReader.spo2).toBe(viaCells.spo2);
      expect(viaReader.blank).toBe(viaCells.blank);
      for (const [k, v] of Object.entries(viaCells.marks)) expect(viaReader.marks[k as keyof typeof viaReader.marks]).toBe(v);
    }
  });

  it('the highest level wins and every code is listed in table order', () => {
    const r = row({ temp: '38.4', spo2: '92', dyspnea: 'はい', consciousness: 'はい', cannotEat: 'はい', noUrine: 'はい' });
    expect(r.level).toBe('critical');
    expect(r.codes).toEqual(['SPO2_LE_93', 'SPO2_LT_96_DYSPNEA', 'CONSCIOUSNESS', 'SPO2_LT_96', 'TEMP_GE_37_5', 'DYSPNEA', 'NO_URINE', 'CANNOT_EAT']);
  });
});

describe('configured thresholds and switched-off rules', () => {
  const cfg = (patch: Partial<ObservationConfig>) => buildObservationRules({ ...OBSERVATION_DEFAULTS, off: [], ...patch });

  it('a fever threshold of 38.0 makes 37.8 fine and 38.0 a warning', () => {
    const rules = cfg({ feverFrom: 38 });
    expect(row({ temp: '37.8', spo2: '98' }, false, rules).level).toBe('none');
    expect(row({ temp: '38.0', spo2: '98' }, false, rules).codes).toEqual(['TEMP_GE_37_5']);
  });

  it('SpO₂ thresholds move the edges', () => {
    const rules = cfg({ spo2CriticalAtOrBelow: 90, spo2WarningBelow: 95 });
    expect(row({ temp: '36.5', spo2: '95' }, false, rules).level).toBe('none');
    expect(row({ temp: '36.5', spo2: '93' }, false, rules).codes).toEqual(['SPO2_LT_96']);
    expect(row({ temp: '36.5', spo2: '90' }, false, rules).level).toBe('critical');
  });

  it('a rule switched off never matches', () => {
    const rules = cfg({ off: ['TEMP_GE_37_5', 'UNANSWERED'] });
    expect(row({ temp: '39', spo2: '98' }, false, rules).level).toBe('none');
    expect(row({ temp: '未', spo2: '未', dyspnea: '未', consciousness: '未', cannotEat: '未', noUrine: '未' }, false, rules).level).toBe('none');
  });

  it('labels name the configured thresholds', () => {
    expect(obsCodeLabel('TEMP_GE_37_5', { ...OBSERVATION_DEFAULTS, feverFrom: 38 })).toBe('体温 38℃ 以上');
    expect(obsCodeLabel('SPO2_LE_93')).toBe('SpO₂ 93% 以下');
    for (const code of OBS_CODES) expect(obsCodeLabel(code, OBSERVATION_DEFAULTS, 'en')).not.toBe('');
  });

  it('settings: the observation key defaults to the extension defaults; a bad value falls back alone', () => {
    expect(DEFAULT_SETTINGS.observation).toEqual({ ...OBSERVATION_DEFAULTS, off: [] });
    const { settings, invalidKeys } = parseSettings({ language: 'en', observation: { ...OBSERVATION_DEFAULTS, feverFrom: 'hot' } });
    expect(invalidKeys).toEqual(['observation']);
    expect(settings.language).toBe('en');
    expect(settings.observation.feverFrom).toBe(37.5);
    expect(ObservationConfigSchema.safeParse({ ...OBSERVATION_DEFAULTS, spo2CriticalAtOrBelow: 96 }).success).toBe(false);
    expect(ObservationConfigSchema.safeParse({ ...OBSERVATION_DEFAULTS, off: ['NOPE'] }).success).toBe(false);
  });
});

describe('trend rules (person page)', () => {
  const day = (d: number, temp: number | null, spo2: number | null): DayReading => ({ date: { y: 2022, m: 2, d }, temp, spo2 });

  it('SpO₂ falling by 3 points from the best earlier day is SPO2_FALLING; by 2 is not', () => {
    expect(evaluateTrend(RULES.trend, [day(1, 36.5, 98), day(2, 36.5, 97), day(3, 36.5, 95)])).toEqual(['SPO2_FALLING']);
    expect(evaluateTrend(RULES.trend, [day(1, 36.5, 98), day(2, 36.5, 97), day(3, 36.5, 96)])).toEqual([]);
    // A dip that recovered is not a fall.
    expect(evaluateTrend(RULES.trend, [day(1, 36.5, 98), day(2, 36.5, 94), day(3, 36.5, 97)])).toEqual([]);
    // Days are put in date order first (the page may list the newest first).
    expect(evaluateTrend(RULES.trend, [day(3, 36.5, 95), day(2, 36.5, 97), day(1, 36.5, 98)])).toEqual(['SPO2_FALLING']);
  });

  it('unanswered days are skipped for the fall', () => {
    expect(evaluateTrend(RULES.trend, [day(1, null, 98), day(2, null, null), day(3, null, 95)])).toEqual(['SPO2_FALLING']);
    expect(evaluateTrend(RULES.trend, [day(1, null, 95)])).toEqual([]);
  });

  it('fever on 3 consecutive days is FEVER_PERSISTENT; 2 days, or 3 with a gap, is not', () => {
    expect(evaluateTrend(RULES.trend, [day(1, 37.5, 97), day(2, 38.0, 97), day(3, 37.6, 97)])).toEqual(['FEVER_PERSISTENT']);
    expect(evaluateTrend(RULES.trend, [day(1, 37.5, 97), day(2, 38.0, 97), day(3, 37.4, 97)])).toEqual([]);
    expect(evaluateTrend(RULES.trend, [day(1, 38, 97), day(2, null, null), day(3, 38, 97), day(4, 38, 97)])).toEqual([]);
    // A missing calendar day breaks the run too.
    expect(evaluateTrend(RULES.trend, [day(1, 38, 97), day(2, 38, 97), day(4, 38, 97)])).toEqual([]);
    expect(evaluateTrend(RULES.trend, [day(5, 38, 97), day(6, 38, 97), day(7, 38, 97), day(8, 36, 97)])).toEqual(['FEVER_PERSISTENT']);
  });

  it('undated rows count as consecutive days', () => {
    const rows: DayReading[] = [38, 38.2, 37.9].map((t) => ({ date: null, temp: t, spo2: 97 }));
    expect(evaluateTrend(RULES.trend, rows)).toEqual(['FEVER_PERSISTENT']);
  });

  it('configured days and points', () => {
    const rules = buildObservationRules({ ...OBSERVATION_DEFAULTS, off: [], feverDays: 2, spo2DropPoints: 2 });
    expect(evaluateTrend(rules.trend, [day(1, 37.5, 98), day(2, 38.0, 96)])).toEqual(['SPO2_FALLING', 'FEVER_PERSISTENT']);
  });
});

describe('settings checks (today injected)', () => {
  const base: ObservationSettingsReading = {
    period: '2022/02/01 ~ 2022/02/10',
    autoNotify: true,
    method: 'My HER-SYS',
    callTimes: 0,
    phone: '090-3141-5926',
  };
  const check = (r: Partial<ObservationSettingsReading>, today = { y: 2022, m: 2, d: 11 }) =>
    evaluateObservationSettings(RULES.settings, { ...base, ...r }, today);

  it('自動通知 on after the period ended is AUTO_NOTIFY_AFTER_END; on its last day it is not', () => {
    expect(check({})).toEqual(['AUTO_NOTIFY_AFTER_END']);
    expect(check({}, { y: 2022, m: 2, d: 10 })).toEqual([]);
    expect(check({ autoNotify: false })).toEqual([]);
    expect(check({ autoNotify: null })).toEqual([]);
  });

  it('period forms', () => {
    expect(parsePeriod('2022/02/01 ~ 2022/02/10')).toEqual({ start: { y: 2022, m: 2, d: 1 }, end: { y: 2022, m: 2, d: 10 } });
    expect(parsePeriod('２０２２/０２/０１～２０２２/０２/１０')?.end).toEqual({ y: 2022, m: 2, d: 10 });
    expect(parsePeriod('2022年2月1日〜2022年2月10日')?.end).toEqual({ y: 2022, m: 2, d: 10 });
    expect(parsePeriod('2022-02-01 - 2022-02-10')?.end).toEqual({ y: 2022, m: 2, d: 10 });
    expect(parsePeriod('未設定')).toBeNull();
    expect(check({ period: '未設定' })).toEqual([]);
  });

  it('自動架電 without a call time is AUTODIAL_NO_TIME', () => {
    expect(check({ autoNotify: false, method: '自動架電', callTimes: 0 })).toEqual(['AUTODIAL_NO_TIME']);
    expect(check({ autoNotify: false, method: '自動架電', callTimes: 1 })).toEqual([]);
    expect(check({ autoNotify: false, method: '自動架電', callTimes: null })).toEqual(['AUTODIAL_NO_TIME']);
  });

  it('a non-mobile number while SMS is relied on is PHONE_NOT_MOBILE', () => {
    expect(check({ autoNotify: false, phone: '03-3141-5926' })).toEqual(['PHONE_NOT_MOBILE']);
    expect(check({ autoNotify: false, phone: '050-3141-5926' })).toEqual(['PHONE_NOT_MOBILE']);
    // 自動架電 without URL通知 does not rely on SMS: a landline is fine there.
    expect(check({ autoNotify: false, method: '自動架電', callTimes: 2, phone: '03-3141-5926' })).toEqual([]);
    // 自動通知 on sends the SMS whatever the method.
    expect(check({ autoNotify: true, method: '自動架電', callTimes: 2, phone: '03-3141-5926' }, { y: 2022, m: 2, d: 5 })).toEqual(['PHONE_NOT_MOBILE']);
    expect(check({ autoNotify: false, phone: '' })).toEqual([]);
  });

  it('host status: critical → error; warning, unanswered or settings warnings → warning', () => {
    expect(observationStatus({ critical: 1, warning: 0, unanswered: 0 }, 0)).toBe('error');
    expect(observationStatus({ critical: 0, warning: 0, unanswered: 1 }, 0)).toBe('warning');
    expect(observationStatus({ critical: 0, warning: 0, unanswered: 0 }, 1)).toBe('warning');
    expect(observationStatus({ critical: 0, warning: 0, unanswered: 0 }, 0)).toBe('ok');
  });
});
