/**
 * The message catalogue (`public/_locales/{ja,en}/messages.json`, Chrome's `_locales`
 * format) looked up by the language setting. `browser.i18n.getMessage` follows the browser's
 * language and cannot switch at run time, so both catalogues are bundled and chosen here.
 * Placeholders work the Chrome way: `$name$` in a message is replaced by its placeholder's
 * `content`, then `$1`…`$9` by the substitutions and `$$` by `$`. Pure: no DOM, no browser.*.
 */
import en from '../public/_locales/en/messages.json' with { type: 'json' };
import ja from '../public/_locales/ja/messages.json' with { type: 'json' };
import type { FieldId, ProblemField } from './fields';
import type { AlertLevel } from './observation-config';
import type { PhoneKind } from './phone';
import type { ProblemCode } from './problems';
import type { ReasonCode, Tier } from './tier';

export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

/** Every key of the catalogue (`ja` is the default locale; `en` must have the same keys). */
export type MessageKey = keyof typeof ja;

export interface CatalogueEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalogue = Record<MessageKey, CatalogueEntry>;

// The annotation makes a key missing from either file a type error.
const CATALOGUES: Record<Lang, Catalogue> = { ja, en };

export type Sub = string | number;

/** `$name$` → the placeholder's content (names are case-insensitive, as in Chrome). */
export function resolvePlaceholders(entry: CatalogueEntry): string {
  const ph = entry.placeholders;
  if (!ph) return entry.message;
  const byName = new Map(Object.entries(ph).map(([k, v]) => [k.toLowerCase(), v.content]));
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name: string) => byName.get(name.toLowerCase()) ?? m);
}

/** `$1`…`$9` → substitutions (missing ones are empty), `$$` → `$`. */
export function substitute(template: string, subs: readonly Sub[]): string {
  if (!template.includes('$')) return template;
  return template.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : String(subs[Number(d) - 1] ?? '')));
}

const resolved: Record<Lang, Map<string, string>> = { ja: new Map(), en: new Map() };

/** The message `key` in `lang` with its substitutions (an unknown language falls back to ja). */
export function msg(lang: Lang, key: MessageKey, ...subs: Sub[]): string {
  const l: Lang = lang === 'en' ? 'en' : 'ja';
  let template = resolved[l].get(key);
  if (template === undefined) {
    const entry = CATALOGUES[l][key] ?? CATALOGUES.ja[key];
    template = entry ? resolvePlaceholders(entry) : key;
    resolved[l].set(key, template);
  }
  return substitute(template, subs);
}

/** A lookup bound to one language: `t('ov_counts', 2, 0)`. */
export type Translate = (key: MessageKey, ...subs: Sub[]) => string;

const bound: Partial<Record<Lang, Translate>> = {};
export function translator(lang: Lang): Translate {
  const l: Lang = lang === 'en' ? 'en' : 'ja';
  return (bound[l] ??= (key, ...subs) => msg(l, key, ...subs));
}

/** Codes → catalogue keys of the words the UI shows for them. */
export const TIER_KEY: Readonly<Record<Tier, MessageKey>> = {
  hospital: 'tier_hospital',
  priority: 'tier_priority',
  interview: 'tier_interview',
  standard: 'tier_standard',
  unknown: 'tier_unknown',
  none: 'tier_none',
};
export const REASON_KEY: Readonly<Record<ReasonCode, MessageKey>> = {
  DECEASED: 'reason_DECEASED',
  HOSPITAL_NEEDED: 'reason_HOSPITAL_NEEDED',
  HOSPITALIZED: 'reason_HOSPITALIZED',
  SEVERITY_MODERATE_II: 'reason_SEVERITY_MODERATE_II',
  SEVERITY_SEVERE: 'reason_SEVERITY_SEVERE',
  AGE_65_PLUS: 'reason_AGE_65_PLUS',
  PREGNANT: 'reason_PREGNANT',
  MULTI_RISK_40_64: 'reason_MULTI_RISK_40_64',
  RISK_COUNT_UNCLEAR: 'reason_RISK_COUNT_UNCLEAR',
  PREGNANCY_UNANSWERED: 'reason_PREGNANCY_UNANSWERED',
  AGE_UNKNOWN: 'reason_AGE_UNKNOWN',
  LOW_RISK: 'reason_LOW_RISK',
};
export const PHONE_KIND_KEY: Readonly<Record<PhoneKind, MessageKey>> = {
  mobile: 'phone_mobile',
  landline: 'phone_landline',
  ip: 'phone_ip',
  'toll-free': 'phone_tollFree',
  'navi-dial': 'phone_naviDial',
  pager: 'phone_pager',
  'short-code': 'phone_shortCode',
  invalid: 'phone_invalid',
  empty: 'phone_empty',
};

/** Problem codes (docs/codes.md) → their message; shared/problems.ts keeps the same pair for the CLI. */
export const PROBLEM_KEY: Readonly<Record<ProblemCode, MessageKey>> = {
  REQUIRED_MISSING: 'problem_REQUIRED_MISSING',
  PHONE_PLACEHOLDER: 'problem_PHONE_PLACEHOLDER',
  PHONE_INVALID: 'problem_PHONE_INVALID',
  PHONE_NOT_MOBILE: 'problem_PHONE_NOT_MOBILE',
  PHONE_SHARED: 'problem_PHONE_SHARED',
  BIRTHDATE_INVALID: 'problem_BIRTHDATE_INVALID',
  BIRTHDATE_FUTURE: 'problem_BIRTHDATE_FUTURE',
  BIRTHDATE_AFTER_DIAGNOSIS: 'problem_BIRTHDATE_AFTER_DIAGNOSIS',
  BIRTHDATE_IMPLAUSIBLE: 'problem_BIRTHDATE_IMPLAUSIBLE',
  BIRTHDATE_PLACEHOLDER: 'problem_BIRTHDATE_PLACEHOLDER',
  AGE_MISMATCH: 'problem_AGE_MISMATCH',
  DIAGNOSIS_FUTURE: 'problem_DIAGNOSIS_FUTURE',
  ONSET_AFTER_DIAGNOSIS: 'problem_ONSET_AFTER_DIAGNOSIS',
  SPECIMEN_AFTER_DIAGNOSIS: 'problem_SPECIMEN_AFTER_DIAGNOSIS',
  VACCINE_DATE_INVALID: 'problem_VACCINE_DATE_INVALID',
  RISK_DETAILS_MISSING: 'problem_RISK_DETAILS_MISSING',
  RISK_ANY_CONTRADICTION: 'problem_RISK_ANY_CONTRADICTION',
  PREGNANCY_SEX_MISMATCH: 'problem_PREGNANCY_SEX_MISMATCH',
  MYHERSYS_NOT_NOTIFIED: 'problem_MYHERSYS_NOT_NOTIFIED',
  DATE_INVALID: 'problem_DATE_INVALID',
  VALUE_UNRECOGNISED: 'problem_VALUE_UNRECOGNISED',
};

/** Field ids → their names as the UI shows them (shared/fields.ts keeps the same pair for the reader). */
export const FIELD_KEY: Readonly<Record<FieldId, MessageKey>> = {
  'patient-type': 'field_patientType',
  'diagnosis-method': 'field_diagnosisMethod',
  'specimen-date': 'field_specimenDate',
  'diagnosis-date': 'field_diagnosisDate',
  'onset-date': 'field_onsetDate',
  'vaccine-doses': 'field_vaccineDoses',
  'vaccine-date': 'field_vaccineDate',
  'risk-any': 'field_riskAny',
  'risk-malignancy': 'field_riskMalignancy',
  'risk-copd': 'field_riskCopd',
  'risk-ckd': 'field_riskCkd',
  'risk-hypertension': 'field_riskHypertension',
  'risk-diabetes': 'field_riskDiabetes',
  'risk-dyslipidemia': 'field_riskDyslipidemia',
  'risk-obesity': 'field_riskObesity',
  'risk-smoking': 'field_riskSmoking',
  'risk-other': 'field_riskOther',
  immunosuppressed: 'field_immunosuppressed',
  pregnancy: 'field_pregnancy',
  severity: 'field_severity',
  'hospitalization-needed': 'field_hospitalizationNeeded',
  'hospitalized-now': 'field_hospitalizedNow',
  phone: 'field_phone',
  birthdate: 'field_birthdate',
  age: 'field_age',
  sex: 'field_sex',
};

/** The raw catalogues (for tests and tools). */
export function catalogue(lang: Lang): Readonly<Catalogue> {
  return CATALOGUES[lang];
}

/** A field's name (and the page-level "MY HER-SYS notify" item) in the language. */
export function fieldLabel(field: ProblemField, lang: Lang = 'ja'): string {
  if (field === 'myhersys-notify') return msg(lang, 'field_myhersysNotify');
  const key = FIELD_KEY[field as FieldId] as MessageKey | undefined;
  return key ? msg(lang, key) : field;
}

/** Observation alert levels → the catalogue keys of their words (never colour alone). */
export const OBS_LEVEL_KEY: Readonly<Record<AlertLevel, MessageKey>> = {
  critical: 'obs_level_critical',
  warning: 'obs_level_warning',
  unanswered: 'obs_level_unanswered',
  none: 'obs_level_none',
};
