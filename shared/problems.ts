/**
 * The problem catalogue (docs/codes.md): one record per code with its level, the field it is
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
  // The extension's own codes (not in the notice or docs/codes.md): a value that is present
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
  /** `true` for codes that are the extension's own, not from docs/codes.md. */
  extension?: true;
}

export interface Problem {
  field: ProblemField;
  code: ProblemCode;
  level: Level;
}

const defs: ProblemDef[] = [
  { code: 'REQUIRED_MISSING', level: 'error', field: null },
  {
    code: 'PHONE_PLACEHOLDER',
    level: 'error',
    field: 'phone',
  },
  {
    code: 'PHONE_INVALID',
    level: 'error',
    field: 'phone',
  },
  {
    code: 'PHONE_NOT_MOBILE',
    level: 'warning',
    field: 'phone',
  },
  {
    code: 'PHONE_SHARED',
    level: 'warning',
    field: 'phone',
  },
  {
    code: 'BIRTHDATE_INVALID',
    level: 'error',
    field: 'birthdate',
  },
  { code: 'BIRTHDATE_FUTURE', level: 'error', field: 'birthdate' },
  {
    code: 'BIRTHDATE_AFTER_DIAGNOSIS',
    level: 'error',
    field: 'birthdate',
  },
  { code: 'BIRTHDATE_IMPLAUSIBLE', level: 'error', field: 'birthdate' },
  {
    code: 'BIRTHDATE_PLACEHOLDER',
    level: 'warning',
    field: 'birthdate',
  },
  { code: 'AGE_MISMATCH', level: 'error', field: 'age' },
  { code: 'DIAGNOSIS_FUTURE', level: 'error', field: 'diagnosis-date' },
  {
    code: 'ONSET_AFTER_DIAGNOSIS',
    level: 'error',
    field: 'onset-date',
  },
  {
    code: 'SPECIMEN_AFTER_DIAGNOSIS',
    level: 'error',
    field: 'specimen-date',
  },
  {
    code: 'VACCINE_DATE_INVALID',
    level: 'error',
    field: 'vaccine-date',
  },
  {
    code: 'RISK_DETAILS_MISSING',
    level: 'error',
    field: 'risk-any',
  },
  {
    code: 'RISK_ANY_CONTRADICTION',
    level: 'error',
    field: 'risk-any',
  },
  { code: 'PREGNANCY_SEX_MISMATCH', level: 'error', field: 'pregnancy' },
  {
    code: 'MYHERSYS_NOT_NOTIFIED',
    level: 'warning',
    field: 'myhersys-notify',
  },
  {
    code: 'DATE_INVALID',
    level: 'error',
    field: null,
    extension: true,
  },
  {
    code: 'VALUE_UNRECOGNISED',
    level: 'error',
    field: null,
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

export function hasError(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.level === 'error');
}
