/**
 * The problem catalogue (contract §5): one record per code with its level, the field it is
 * reported on, and the message in Japanese and English. Checks return plain `Problem`
 * records; the overlay, the audit log, the CLI and the tests all read these.
 */
import type { FieldId, ProblemField } from './fields';

export type Level = 'error' | 'warning' | 'info';

export const PROBLEM_CODES = [
  'REQUIRED_MISSING',
  'PHONE_PLACEHOLDER',
  'PHONE_INVALID',
  'PHONE_NOT_MOBILE',
  'PHONE_SHARED',
  'BIRTHDATE_INVALID',
  'BIRTHDATE_FUTURE',
  'BIRTHDATE_AFTER_DIAGNOSIS',
  'BIRTHDATE_IMPLAUSIBLE',
  'BIRTHDATE_PLACEHOLDER',
  'AGE_MISMATCH',
  'DIAGNOSIS_FUTURE',
  'ONSET_AFTER_DIAGNOSIS',
  'SPECIMEN_AFTER_DIAGNOSIS',
  'VACCINE_DATE_INVALID',
  'RISK_DETAILS_MISSING',
  'RISK_ANY_CONTRADICTION',
  'PREGNANCY_SEX_MISMATCH',
  'MYHERSYS_NOT_NOTIFIED',
  // The extension's own codes (not in the notice or contract §5): a value that is present
  // but cannot be read. They keep "bad input" specific instead of silently ignoring it.
  'DATE_INVALID',
  'VALUE_UNRECOGNISED',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface ProblemDef {
  code: ProblemCode;
  level: Level;
  /** The one field the code is reported on; `null` when it is reported on the field concerned. */
  field: ProblemField | null;
  ja: string;
  en: string;
  /** `true` for codes that are the extension's own, not from contract §5. */
  extension?: true;
}

export interface Problem {
  field: ProblemField;
  code: ProblemCode;
  level: Level;
}

const defs: ProblemDef[] = [
  { code: 'REQUIRED_MISSING', level: 'error', field: null, ja: '必須項目が未入力です', en: 'Required answer is missing' },
  {
    code: 'PHONE_PLACEHOLDER',
    level: 'error',
    field: 'phone',
    ja: '電話番号がダミー（同じ数字の繰り返し・0120/0800/0570・110/119 等）です。患者さんに届く番号を入力してください',
    en: 'The phone number is a placeholder (repeated digits, 0120/0800/0570, 110/119…). Enter a number that reaches the patient',
  },
  {
    code: 'PHONE_INVALID',
    level: 'error',
    field: 'phone',
    ja: '電話番号として発信できません（桁数・先頭の番号・文字を確認してください）',
    en: 'Not a dialable Japanese phone number (check length, prefix and letters)',
  },
  {
    code: 'PHONE_NOT_MOBILE',
    level: 'warning',
    field: 'phone',
    ja: '携帯電話の番号ではありません。My HER-SYS の URL を知らせる SMS が届かない可能性があります。自動架電または健康コールを案内してください',
    en: 'Not a mobile number: the SMS with the My HER-SYS URL may not arrive. Suggest automatic calls (自動架電) or 健康コール',
  },
  {
    code: 'PHONE_SHARED',
    level: 'warning',
    field: 'phone',
    ja: '同じ電話番号が他の方にも使われています。自動架電は一人一番号です',
    en: 'The same number is used for another person: automatic calls need one number per person',
  },
  {
    code: 'BIRTHDATE_INVALID',
    level: 'error',
    field: 'birthdate',
    ja: '生年月日が実在しない日付か、読み取れない形式です（元号の範囲外を含む）',
    en: 'Date of birth is not a real date, cannot be read, or lies outside its era',
  },
  { code: 'BIRTHDATE_FUTURE', level: 'error', field: 'birthdate', ja: '生年月日が未来の日付です', en: 'Date of birth is in the future' },
  {
    code: 'BIRTHDATE_AFTER_DIAGNOSIS',
    level: 'error',
    field: 'birthdate',
    ja: '生年月日が診断年月日より後です',
    en: 'Date of birth is after the diagnosis date',
  },
  { code: 'BIRTHDATE_IMPLAUSIBLE', level: 'error', field: 'birthdate', ja: '年齢が120歳を超えます。生年月日を確認してください', en: 'Age over 120: check the date of birth' },
  {
    code: 'BIRTHDATE_PLACEHOLDER',
    level: 'warning',
    field: 'birthdate',
    ja: '生年月日が仮の値（1900年1月1日・診断日・今日など）のようです。健康コールでは誕生日4桁で本人確認します',
    en: 'Date of birth looks like a placeholder (1900-01-01, the diagnosis date, today…). 健康コール identifies the patient by the birthday',
  },
  { code: 'AGE_MISMATCH', level: 'error', field: 'age', ja: '年齢が生年月日から計算した年齢と一致しません', en: 'Age does not match the date of birth' },
  { code: 'DIAGNOSIS_FUTURE', level: 'error', field: 'diagnosis-date', ja: '診断年月日が未来の日付です', en: 'Diagnosis date is in the future' },
  {
    code: 'ONSET_AFTER_DIAGNOSIS',
    level: 'error',
    field: 'onset-date',
    ja: '発病年月日が診断年月日より後です',
    en: 'Onset date is after the diagnosis date',
  },
  {
    code: 'SPECIMEN_AFTER_DIAGNOSIS',
    level: 'error',
    field: 'specimen-date',
    ja: '検体採取日が診断年月日より後です',
    en: 'Specimen date is after the diagnosis date',
  },
  {
    code: 'VACCINE_DATE_INVALID',
    level: 'error',
    field: 'vaccine-date',
    ja: '最終接種年月が読み取れないか、2021年2月より前または診断日より後です',
    en: 'Last vaccination date cannot be read, or is before 2021-02 or after the diagnosis date',
  },
  {
    code: 'RISK_DETAILS_MISSING',
    level: 'error',
    field: 'risk-any',
    ja: '重症化リスク因子が「有」ですが、該当する疾患が一つも「有」になっていません',
    en: 'Risk factor is "yes" but no disease is marked "yes"',
  },
  {
    code: 'RISK_ANY_CONTRADICTION',
    level: 'error',
    field: 'risk-any',
    ja: '重症化リスク因子が「無」ですが、「有」の疾患があります',
    en: 'Risk factor is "no" but a disease is marked "yes"',
  },
  { code: 'PREGNANCY_SEX_MISMATCH', level: 'error', field: 'pregnancy', ja: '性別が男性で妊娠「有」になっています', en: 'Pregnancy "yes" with sex male' },
  {
    code: 'MYHERSYS_NOT_NOTIFIED',
    level: 'warning',
    field: 'myhersys-notify',
    ja: 'My HER-SYS URL通知がまだ押されていません。押すと患者さんに SMS が送られ、健康観察が始まります',
    en: 'My HER-SYS URL notification has not been sent: pressing it sends the SMS that starts observation',
  },
  {
    code: 'DATE_INVALID',
    level: 'error',
    field: null,
    ja: '日付が実在しないか、読み取れない形式です',
    en: 'Not a real date, or the date cannot be read',
    extension: true,
  },
  {
    code: 'VALUE_UNRECOGNISED',
    level: 'error',
    field: null,
    ja: '入力値を読み取れません（選択肢にない値です）',
    en: 'The value cannot be read (not one of the choices)',
    extension: true,
  },
];

export const PROBLEM_DEFS: Readonly<Record<ProblemCode, ProblemDef>> = Object.fromEntries(defs.map((d) => [d.code, d])) as Record<
  ProblemCode,
  ProblemDef
>;

const CODE_ORDER: ReadonlyMap<ProblemCode, number> = new Map(PROBLEM_CODES.map((c, i) => [c, i]));
export function codeOrder(code: ProblemCode): number {
  return CODE_ORDER.get(code) ?? PROBLEM_CODES.length;
}

const problemCache = new Map<string, Problem>();

/**
 * A problem record for `code`, on its own field or (for field-less codes) on `field`.
 * Records are frozen and shared between results: treat them as read-only.
 */
export function problem(code: ProblemCode, field?: FieldId): Problem {
  const def = PROBLEM_DEFS[code];
  const target = def.field ?? field;
  if (!target) throw new Error(`problem ${code} needs a field`);
  const key = `${code}|${target}`;
  let p = problemCache.get(key);
  if (!p) {
    p = Object.freeze({ field: target, code, level: def.level });
    problemCache.set(key, p);
  }
  return p;
}

export function problemMessage(code: ProblemCode, lang: 'ja' | 'en' = 'ja'): string {
  return PROBLEM_DEFS[code][lang];
}

export function hasError(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.level === 'error');
}
