import { describe, expect, it } from 'vitest';
import { msg, PROBLEM_KEY } from '../../shared/i18n';
import { PROBLEM_CODES, PROBLEM_DEFS, problem, type ProblemCode } from '../../shared/problems';

const problemMessage = (code: ProblemCode, lang: 'ja' | 'en' = 'ja') => msg(lang, PROBLEM_KEY[code]);

/** Contract §5: code → [level, field it is reported on (null: the field concerned)]. */
const CONTRACT: Record<string, [string, string | null]> = {
  REQUIRED_MISSING: ['error', null],
  PHONE_INVALID: ['error', 'phone'],
  PHONE_PLACEHOLDER: ['error', 'phone'],
  PHONE_NOT_MOBILE: ['warning', 'phone'],
  PHONE_SHARED: ['warning', 'phone'],
  BIRTHDATE_INVALID: ['error', 'birthdate'],
  BIRTHDATE_FUTURE: ['error', 'birthdate'],
  BIRTHDATE_AFTER_DIAGNOSIS: ['error', 'birthdate'],
  BIRTHDATE_IMPLAUSIBLE: ['error', 'birthdate'],
  BIRTHDATE_PLACEHOLDER: ['warning', 'birthdate'],
  AGE_MISMATCH: ['error', 'age'],
  DIAGNOSIS_FUTURE: ['error', 'diagnosis-date'],
  ONSET_AFTER_DIAGNOSIS: ['error', 'onset-date'],
  SPECIMEN_AFTER_DIAGNOSIS: ['error', 'specimen-date'],
  VACCINE_DATE_INVALID: ['error', 'vaccine-date'],
  RISK_DETAILS_MISSING: ['error', 'risk-any'],
  RISK_ANY_CONTRADICTION: ['error', 'risk-any'],
  PREGNANCY_SEX_MISMATCH: ['error', 'pregnancy'],
  MYHERSYS_NOT_NOTIFIED: ['warning', 'myhersys-notify'],
};

describe('problem catalogue', () => {
  it.each(Object.entries(CONTRACT))('%s has the level and field of contract §5', (code, [level, field]) => {
    const def = PROBLEM_DEFS[code as keyof typeof PROBLEM_DEFS];
    expect(def).toBeDefined();
    expect(def.level).toBe(level);
    expect(def.field).toBe(field);
  });

  it('every code has a Japanese and an English message', () => {
    for (const code of PROBLEM_CODES) {
      expect(problemMessage(code, 'ja')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(problemMessage(code, 'en')).toMatch(/^[A-Z][A-Za-z]+ /);
    }
  });

  it('codes that are not in the contract are marked as the extension\'s own', () => {
    for (const code of PROBLEM_CODES) {
      expect(Boolean(PROBLEM_DEFS[code].extension)).toBe(!(code in CONTRACT));
    }
  });

  it('PHONE_NOT_MOBILE suggests 自動架電 or 健康コール', () => {
    expect(problemMessage('PHONE_NOT_MOBILE')).toContain('自動架電');
    expect(problemMessage('PHONE_NOT_MOBILE')).toContain('健康コール');
  });

  it('a field-less code is reported on the field given; a fixed one ignores it', () => {
    expect(problem('REQUIRED_MISSING', 'severity')).toEqual({ field: 'severity', code: 'REQUIRED_MISSING', level: 'error' });
    expect(problem('AGE_MISMATCH', 'birthdate').field).toBe('age');
  });
});
