/**
 * The observation alert codes, levels and thresholds (docs/codes.md) without the rules
 * themselves: settings, Options and the background import this light module (no phone or
 * date parsers); `observation.ts` holds the rule tables and their interpreter.
 */
import { msg, type Lang, type MessageKey } from './i18n';

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

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** The catalogue key of each code's words (public/_locales). */
const CODE_KEY: Readonly<Record<ObsCode, MessageKey>> = {
  SPO2_LE_93: 'obsCode_SPO2_LE_93',
  SPO2_LT_96_DYSPNEA: 'obsCode_SPO2_LT_96_DYSPNEA',
  CONSCIOUSNESS: 'obsCode_CONSCIOUSNESS',
  SPO2_LT_96: 'obsCode_SPO2_LT_96',
  TEMP_GE_37_5: 'obsCode_TEMP_GE_37_5',
  DYSPNEA: 'obsCode_DYSPNEA',
  NO_URINE: 'obsCode_NO_URINE',
  CANNOT_EAT: 'obsCode_CANNOT_EAT',
  UNANSWERED: 'obsCode_UNANSWERED',
  PHONE_SHARED: 'obsCode_PHONE_SHARED',
  SPO2_FALLING: 'obsCode_SPO2_FALLING',
  FEVER_PERSISTENT: 'obsCode_FEVER_PERSISTENT',
  AUTO_NOTIFY_AFTER_END: 'obsCode_AUTO_NOTIFY_AFTER_END',
  AUTODIAL_NO_TIME: 'obsCode_AUTODIAL_NO_TIME',
  PHONE_NOT_MOBILE: 'obsCode_PHONE_NOT_MOBILE',
};

/** What a code means, with the configured thresholds filled in. */
export function obsCodeLabel(code: ObsCode, c: ObservationConfig = OBSERVATION_DEFAULTS, lang: Lang = 'ja'): string {
  switch (code) {
    case 'SPO2_LE_93':
      return msg(lang, CODE_KEY[code], fmt(c.spo2CriticalAtOrBelow));
    case 'SPO2_LT_96_DYSPNEA':
    case 'SPO2_LT_96':
      return msg(lang, CODE_KEY[code], fmt(c.spo2WarningBelow));
    case 'TEMP_GE_37_5':
      return msg(lang, CODE_KEY[code], fmt(c.feverFrom));
    case 'SPO2_FALLING':
      return msg(lang, CODE_KEY[code], fmt(c.spo2DropPoints));
    case 'FEVER_PERSISTENT':
      return msg(lang, CODE_KEY[code], fmt(c.feverFrom), c.feverDays);
    default:
      return msg(lang, CODE_KEY[code]);
  }
}
