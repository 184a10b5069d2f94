/**
 * The observation alert codes, levels and thresholds (contract §6) without the rules
 * themselves: settings, Options and the background import this light module (no phone or
 * date parsers); `observation.ts` holds the rule tables and their interpreter.
 */
// ---------------------------------------------------------------------------------------------
// Codes and levels.

export const ROW_CODES = [
  'SPO2_LE_93',
  'SPO2_LT_96_DYSPNEA',
  'CONSCIOUSNESS',
  'SPO2_LT_96',
  'TEMP_GE_37_5',
  'DYSPNEA',
  'NO_URINE',
  'CANNOT_EAT',
  'UNANSWERED',
  'PHONE_SHARED',
] as const;
export type RowCode = (typeof ROW_CODES)[number];

export const TREND_CODES = ['SPO2_FALLING', 'FEVER_PERSISTENT'] as const;
export type TrendCode = (typeof TREND_CODES)[number];

export const SETTINGS_CODES = ['AUTO_NOTIFY_AFTER_END', 'AUTODIAL_NO_TIME', 'PHONE_NOT_MOBILE'] as const;
export type SettingsCode = (typeof SETTINGS_CODES)[number];

export const OBS_CODES = [...ROW_CODES, ...TREND_CODES, ...SETTINGS_CODES] as const;
export type ObsCode = (typeof OBS_CODES)[number];

/** A rule's level; a row's alert is the highest level of its matching rules, else `none`. */
export type ObsLevel = 'critical' | 'warning' | 'unanswered';
export type AlertLevel = ObsLevel | 'none';

/** critical > warning > unanswered > none. */
export const LEVEL_RANK: Readonly<Record<AlertLevel, number>> = { none: 0, unanswered: 1, warning: 2, critical: 3 };

/** The level each code raises (the rule tables in `observation.ts` take their levels from here). */
export const CODE_LEVEL = {
  SPO2_LE_93: 'critical',
  SPO2_LT_96_DYSPNEA: 'critical',
  CONSCIOUSNESS: 'critical',
  SPO2_LT_96: 'warning',
  TEMP_GE_37_5: 'warning',
  DYSPNEA: 'warning',
  NO_URINE: 'warning',
  CANNOT_EAT: 'warning',
  UNANSWERED: 'unanswered',
  PHONE_SHARED: 'warning',
  SPO2_FALLING: 'warning',
  FEVER_PERSISTENT: 'warning',
  AUTO_NOTIFY_AFTER_END: 'warning',
  AUTODIAL_NO_TIME: 'warning',
  PHONE_NOT_MOBILE: 'warning',
} as const satisfies Record<ObsCode, ObsLevel>;

export const LEVEL_LABEL: Readonly<Record<AlertLevel, { ja: string; en: string }>> = {
  critical: { ja: '緊急', en: 'Critical' },
  warning: { ja: '注意', en: 'Warning' },
  unanswered: { ja: '未回答', en: 'No answer' },
  none: { ja: '問題なし', en: 'OK' },
};

// ---------------------------------------------------------------------------------------------
// Configuration.

export interface ObservationConfig {
  /** Identifies the rule set in the audit log (`custom` once edited). */
  version: string;
  /** SPO2_LE_93: SpO₂ at or below this (93). */
  spo2CriticalAtOrBelow: number;
  /** SPO2_LT_96 and SPO2_LT_96_DYSPNEA: SpO₂ below this (96). */
  spo2WarningBelow: number;
  /** TEMP_GE_37_5 and FEVER_PERSISTENT: body temperature from this (37.5 ℃). */
  feverFrom: number;
  /** SPO2_FALLING: the latest SpO₂ this many points below the highest earlier one in the window (3). */
  spo2DropPoints: number;
  /** FEVER_PERSISTENT: consecutive days of fever (3). */
  feverDays: number;
  /** Rules switched off in Options. */
  off: ObsCode[];
}

/** The extension's own defaults (not a national rule: see the module comment). */
export const OBSERVATION_DEFAULTS: Readonly<ObservationConfig> = Object.freeze({
  version: 'hersys-assist-obs-1',
  spo2CriticalAtOrBelow: 93,
  spo2WarningBelow: 96,
  feverFrom: 37.5,
  spo2DropPoints: 3,
  feverDays: 3,
  off: [] as ObsCode[],
});

/** Rules the 2022-02-09 notice itself names as examples (the rest and every level are ours). */
export const NOTICE_CODES: ReadonlySet<ObsCode> = new Set<ObsCode>(['TEMP_GE_37_5', 'SPO2_LT_96_DYSPNEA']);

type Lang = 'ja' | 'en';
const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** What a code means, with the configured thresholds filled in. */
export function obsCodeLabel(code: ObsCode, c: ObservationConfig = OBSERVATION_DEFAULTS, lang: Lang = 'ja'): string {
  const ja = lang === 'ja';
  switch (code) {
    case 'SPO2_LE_93':
      return ja ? `SpO₂ ${fmt(c.spo2CriticalAtOrBelow)}% 以下` : `SpO₂ at or below ${fmt(c.spo2CriticalAtOrBelow)}%`;
    case 'SPO2_LT_96_DYSPNEA':
      return ja ? `SpO₂ ${fmt(c.spo2WarningBelow)}% 未満で息苦しさあり` : `SpO₂ below ${fmt(c.spo2WarningBelow)}% with breathlessness`;
    case 'CONSCIOUSNESS':
      return ja ? '意識障害あり' : 'Impaired consciousness';
    case 'SPO2_LT_96':
      return ja ? `SpO₂ ${fmt(c.spo2WarningBelow)}% 未満` : `SpO₂ below ${fmt(c.spo2WarningBelow)}%`;
    case 'TEMP_GE_37_5':
      return ja ? `体温 ${fmt(c.feverFrom)}℃ 以上` : `Temperature ${fmt(c.feverFrom)} °C or higher`;
    case 'DYSPNEA':
      return ja ? '息苦しさあり' : 'Breathlessness';
    case 'NO_URINE':
      return ja ? '排尿がない' : 'No urine';
    case 'CANNOT_EAT':
      return ja ? '食事困難' : 'Cannot eat';
    case 'UNANSWERED':
      return ja ? '未回答（すべて未または空欄）' : 'No answer (every item blank or 未)';
    case 'PHONE_SHARED':
      return ja ? '自動架電の電話番号が他の人と同じ（1人1番号が必要）' : 'Automatic-call number shared with another person (one number per person)';
    case 'SPO2_FALLING':
      return ja ? `SpO₂ が表示期間中に ${fmt(c.spo2DropPoints)} ポイント以上低下` : `SpO₂ fell by ${fmt(c.spo2DropPoints)} points or more in the shown days`;
    case 'FEVER_PERSISTENT':
      return ja ? `${fmt(c.feverFrom)}℃ 以上の発熱が ${c.feverDays} 日以上連続` : `Fever (${fmt(c.feverFrom)} °C or higher) for ${c.feverDays} days or more in a row`;
    case 'AUTO_NOTIFY_AFTER_END':
      return ja
        ? '健康観察期間が終わっているのに自動通知がオン（SMS が届き続けます。オフにしてください）'
        : 'Automatic notification is on after the observation period ended (SMS keep coming: switch it off)';
    case 'AUTODIAL_NO_TIME':
      return ja ? '自動架電が選ばれているのに架電時間が選ばれていません' : 'Automatic calls selected without any call time';
    case 'PHONE_NOT_MOBILE':
      return ja
        ? '電話番号が携帯電話ではありません: My HER-SYS の SMS が届かない可能性があります（自動架電・健康コールを検討）'
        : 'The phone number is not a mobile: the My HER-SYS SMS may not arrive (consider automatic calls or 健康コール)';
  }
}
