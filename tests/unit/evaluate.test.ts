import { describe, expect, it } from 'vitest';
import { evaluateNotification, type RawRecord } from '../../shared/evaluate';
import { NATIONAL_2022_02 } from '../../shared/tier';
import { triageBatch } from '../../shared/triage';

const TODAY = { y: 2022, m: 2, d: 10 };

/** A complete, clean record: a 30-year-old woman, not pregnant, no risk factor, 3 doses. */
function rec(over: RawRecord = {}): RawRecord {
  return {
    'patient-type': '患者（確定例）',
    'diagnosis-method': 'PCR検査',
    'specimen-date': '2022-02-08',
    'diagnosis-date': '2022-02-09',
    'onset-date': '2022-02-07',
    'vaccine-doses': '3',
    'vaccine-date': '2021-12',
    'risk-any': '無',
    'risk-malignancy': '無',
    'risk-copd': '無',
    'risk-ckd': '無',
    'risk-hypertension': '無',
    'risk-diabetes': '無',
    'risk-dyslipidemia': '無',
    'risk-obesity': '無',
    'risk-smoking': '無',
    'risk-other': '無',
    immunosuppressed: '無',
    pregnancy: '無',
    severity: '軽症',
    'hospitalization-needed': '無',
    'hospitalized-now': '無',
    phone: '090-3141-5926',
    birthdate: '1991-06-15',
    sex: '女',
    ...over,
  };
}
const ev = (over: RawRecord = {}, opts: Partial<Parameters<typeof evaluateNotification>[1]> = {}) =>
  evaluateNotification(rec(over), { today: TODAY, ...opts });
const codes = (over: RawRecord = {}) => ev(over).problems.map((p) => `${p.field}:${p.code}`);

describe('tier: contract §4', () => {
  it('a complete low-risk record is standard with no problem', () => {
    const r = ev();
    expect(r.tier).toBe('standard');
    expect(r.reasons).toEqual(['LOW_RISK']);
    expect(r.problems).toEqual([]);
    expect(r.age).toBe(30);
    expect(r.riskCount).toBe(0);
  });

  it('65th birthday on the diagnosis day is priority (AGE_65_PLUS)', () => {
    const r = ev({ birthdate: '1957-02-09' });
    expect(r.age).toBe(65);
    expect(r.tier).toBe('priority');
    expect(r.reasons).toEqual(['AGE_65_PLUS']);
  });

  it('the day before the 65th birthday is still 64', () => {
    const r = ev({ birthdate: '1957-02-10' });
    expect(r.age).toBe(64);
    expect(r.tier).toBe('standard');
  });

  it('age is counted on the diagnosis date, not today', () => {
    const r = evaluateNotification(rec({ birthdate: '1957-02-10', 'diagnosis-date': '2022-02-09' }), { today: { y: 2022, m: 3, d: 1 } });
    expect(r.age).toBe(64);
  });

  it('age is counted on today when the diagnosis date is missing', () => {
    const r = ev({ birthdate: '1957-02-10', 'diagnosis-date': '' });
    expect(r.age).toBe(65);
    expect(r.problems).toContainEqual({ field: 'diagnosis-date', code: 'REQUIRED_MISSING', level: 'error' });
  });

  it('45 with diabetes and one dose is priority (MULTI_RISK_40_64, riskCount 2)', () => {
    const r = ev({ birthdate: '1976-05-01', 'risk-any': '有', 'risk-diabetes': '有', 'vaccine-doses': '1', 'vaccine-date': '2021-08' });
    expect(r.tier).toBe('priority');
    expect(r.reasons).toEqual(['MULTI_RISK_40_64']);
    expect(r.riskCount).toBe(2);
  });

  it('45 with diabetes and three doses has one factor: standard', () => {
    const r = ev({ birthdate: '1976-05-01', 'risk-any': '有', 'risk-diabetes': '有' });
    expect(r.riskCount).toBe(1);
    expect(r.tier).toBe('standard');
  });

  it('45 with diabetes and immunosuppression unanswered is interview (RISK_COUNT_UNCLEAR)', () => {
    const r = ev({ birthdate: '1976-05-01', 'risk-any': '有', 'risk-diabetes': '有', immunosuppressed: '' });
    expect(r.tier).toBe('interview');
    expect(r.reasons).toEqual(['RISK_COUNT_UNCLEAR']);
    expect(r.unknownRiskCount).toBe(1);
    expect(r.problems).toContainEqual({ field: 'immunosuppressed', code: 'REQUIRED_MISSING', level: 'error' });
  });

  it('risk-other 有 counts as an unknown factor, not a confirmed one', () => {
    const r = ev({ birthdate: '1976-05-01', 'risk-any': '有', 'risk-diabetes': '有', 'risk-other': '有' });
    expect(r.riskCount).toBe(1);
    expect(r.unknownRiskCount).toBe(1);
    expect(r.tier).toBe('interview');
  });

  it('doses 不明 counts as unknown but is not missing', () => {
    const r = ev({ birthdate: '1976-05-01', 'risk-any': '有', 'risk-diabetes': '有', 'vaccine-doses': '不明', 'vaccine-date': '' });
    expect(r.tier).toBe('interview');
    expect(r.problems).toEqual([]);
  });

  it('with risk-any 無, unanswered disease factors count as 無, not unknown', () => {
    const blanks = Object.fromEntries(
      ['risk-malignancy', 'risk-copd', 'risk-ckd', 'risk-hypertension', 'risk-diabetes', 'risk-dyslipidemia', 'risk-obesity', 'risk-smoking', 'risk-other'].map((f) => [f, '']),
    );
    const r = ev({ birthdate: '1976-05-01', ...blanks });
    expect(r.unknownRiskCount).toBe(0);
    expect(r.tier).toBe('standard');
    expect(r.problems).toEqual([]);
  });

  it('with risk-any unanswered, unanswered disease factors are unknown (interview at 45)', () => {
    const blanks = Object.fromEntries(
      ['risk-any', 'risk-malignancy', 'risk-copd', 'risk-ckd', 'risk-hypertension', 'risk-diabetes', 'risk-dyslipidemia', 'risk-obesity', 'risk-smoking', 'risk-other'].map((f) => [f, '']),
    );
    const r = ev({ birthdate: '1976-05-01', ...blanks });
    expect(r.unknownRiskCount).toBe(8);
    expect(r.tier).toBe('interview');
    expect(r.problems.map((p) => `${p.field}:${p.code}`)).toEqual(['risk-any:REQUIRED_MISSING']);
  });

  it('pregnancy 有 is priority (PREGNANT)', () => {
    const r = ev({ pregnancy: '有' });
    expect(r.tier).toBe('priority');
    expect(r.reasons).toEqual(['PREGNANT']);
  });

  it('pregnancy unanswered for a woman of 30 is interview and missing', () => {
    const r = ev({ pregnancy: '' });
    expect(r.tier).toBe('interview');
    expect(r.reasons).toEqual(['PREGNANCY_UNANSWERED']);
    expect(r.problems).toContainEqual({ field: 'pregnancy', code: 'REQUIRED_MISSING', level: 'error' });
  });

  it('pregnancy 不明 for a woman of 30 is interview but not missing', () => {
    const r = ev({ pregnancy: '不明' });
    expect(r.tier).toBe('interview');
    expect(r.problems).toEqual([]);
  });

  it('pregnancy is not required for a man, nor for a woman outside 12–55', () => {
    expect(ev({ pregnancy: '', sex: '男' }).problems).toEqual([]);
    expect(ev({ pregnancy: '', sex: '男' }).tier).toBe('standard');
    expect(ev({ pregnancy: '', birthdate: '1962-01-01' }).problems).toEqual([]);
    expect(ev({ pregnancy: '', birthdate: '2012-01-01' }).problems).toEqual([]);
  });

  it('pregnancy is asked from 12 to 55 inclusive', () => {
    expect(ev({ pregnancy: '', birthdate: '2010-02-09' }).reasons).toEqual(['PREGNANCY_UNANSWERED']);
    expect(ev({ pregnancy: '', birthdate: '1966-02-10' }).reasons).toEqual(['PREGNANCY_UNANSWERED']);
  });

  it.each([
    [{ 'hospitalization-needed': '有' }, ['HOSPITAL_NEEDED']],
    [{ 'hospitalized-now': '有' }, ['HOSPITALIZED']],
    [{ severity: '中等症Ⅱ' }, ['SEVERITY_MODERATE_II']],
    [{ severity: '重症' }, ['SEVERITY_SEVERE']],
    [{ 'hospitalization-needed': '有', severity: '重症' }, ['HOSPITAL_NEEDED', 'SEVERITY_SEVERE']],
  ] as const)('%j is hospital with reasons %j', (over, reasons) => {
    const r = ev(over);
    expect(r.tier).toBe('hospital');
    expect(r.reasons).toEqual(reasons);
  });

  it('moderate I alone is not hospital', () => {
    expect(ev({ severity: '中等症I' }).tier).toBe('standard');
  });

  it('hospital wins over priority', () => {
    expect(ev({ birthdate: '1940-01-01', 'hospitalized-now': '有' }).tier).toBe('hospital');
  });

  it('priority lists every matching reason', () => {
    const r = ev({ birthdate: '1950-01-01', pregnancy: '有' });
    expect(r.reasons).toEqual(['AGE_65_PLUS', 'PREGNANT']);
  });

  it.each(['感染症死亡者の死体', '感染症死亡疑い者の死体'])('%s is none and needs only five fields', (type) => {
    const r = evaluateNotification(
      { 'patient-type': type, 'diagnosis-method': 'PCR', 'specimen-date': '2022-02-08', 'diagnosis-date': '2022-02-09', birthdate: '1940-01-01' },
      { today: TODAY },
    );
    expect(r.tier).toBe('none');
    expect(r.reasons).toEqual(['DECEASED']);
    expect(r.problems).toEqual([]);
  });

  it('a deceased record without a birthdate misses it', () => {
    const r = evaluateNotification({ 'patient-type': '感染症死亡者の死体' }, { today: TODAY });
    expect(r.missing).toEqual(['diagnosis-method', 'specimen-date', 'diagnosis-date', 'birthdate']);
  });

  it('a missing birthdate makes the tier unknown (AGE_UNKNOWN) and age null', () => {
    const r = ev({ birthdate: '' });
    expect(r.tier).toBe('unknown');
    expect(r.reasons).toEqual(['AGE_UNKNOWN']);
    expect(r.age).toBeNull();
  });

  it.each([
    ['2月30日 (not a date)', '2000-02-30'],
    ['a birthdate after the diagnosis date', '2022-02-10'],
    ['a future birthdate', '2023-01-01'],
  ])('%s gives age null', (_name, birthdate) => {
    expect(ev({ birthdate }).age).toBeNull();
  });

  it('a 29 February birthday counts from 1 March in common years', () => {
    expect(ev({ birthdate: '2000-02-29', 'diagnosis-date': '2022-02-28', 'specimen-date': '2022-02-27', 'onset-date': '' }, { today: { y: 2022, m: 3, d: 2 } }).age).toBe(21);
    expect(ev({ birthdate: '2000-02-29', 'diagnosis-date': '2022-03-01', 'specimen-date': '2022-02-27', 'onset-date': '' }, { today: { y: 2022, m: 3, d: 2 } }).age).toBe(22);
  });

  it('the pregnancy age range (interview band) stops at 55 with an unanswered pregnancy', () => {
    expect(ev({ pregnancy: '', birthdate: '1966-02-09' }).tier).toBe('standard');
  });

  it('thresholds are configuration: priority age 60', () => {
    const config = { ...NATIONAL_2022_02, version: 'local-60', priorityAge: 60 };
    const r = ev({ birthdate: '1960-01-01' }, { config });
    expect(r.tier).toBe('priority');
    expect(r.rulesetVersion).toBe('local-60');
    expect(ev({ birthdate: '1960-01-01' }).tier).toBe('standard');
  });

  it('riskCount is confirmed factors only; age is computed, never copied from the age field', () => {
    const r = ev({ age: '30', 'risk-any': '有', 'risk-copd': '有', 'risk-smoking': '有', immunosuppressed: '有', 'vaccine-doses': '0', 'vaccine-date': '' });
    expect(r.riskCount).toBe(4);
    expect(r.age).toBe(30);
  });
});

describe('problems: contract §5', () => {
  it('a landline is PHONE_NOT_MOBILE (warning, does not block)', () => {
    expect(ev({ phone: '03-1234-5678' }).problems).toEqual([{ field: 'phone', code: 'PHONE_NOT_MOBILE', level: 'warning' }]);
  });
  it('an 050 number is PHONE_NOT_MOBILE', () => {
    expect(codes({ phone: '050-1234-5678' })).toEqual(['phone:PHONE_NOT_MOBILE']);
  });
  it('a 090-0000-0000 run is PHONE_PLACEHOLDER, a toll-free number too', () => {
    expect(codes({ phone: '090-0000-0000' })).toEqual(['phone:PHONE_PLACEHOLDER']);
    expect(codes({ phone: '0120-123-456' })).toEqual(['phone:PHONE_PLACEHOLDER']);
  });
  it('a number one digit short is PHONE_INVALID', () => {
    expect(codes({ phone: '090-1234-567' })).toEqual(['phone:PHONE_INVALID']);
  });
  it('full-width phone input is read', () => {
    expect(codes({ phone: '０９０（３１４１）５９２６' })).toEqual([]);
  });
  it('a missing phone is REQUIRED_MISSING only', () => {
    expect(codes({ phone: '' })).toEqual(['phone:REQUIRED_MISSING']);
  });

  it('2月30日 is BIRTHDATE_INVALID', () => {
    expect(codes({ birthdate: '1990年2月30日' })).toEqual(['birthdate:BIRTHDATE_INVALID']);
  });
  it('平成31年5月1日 is BIRTHDATE_INVALID (outside its era)', () => {
    expect(codes({ birthdate: '平成31年5月1日' })).toEqual(['birthdate:BIRTHDATE_INVALID']);
  });
  it('a 和暦 birthdate is read: S54.3.14 is 42 on 2022-02-09', () => {
    const r = ev({ birthdate: 'S54.3.14' });
    expect(r.age).toBe(42);
    expect(r.problems).toEqual([]);
  });
  it('a future birthdate is BIRTHDATE_FUTURE (and after the diagnosis)', () => {
    expect(codes({ birthdate: '2030-01-01' })).toEqual(['birthdate:BIRTHDATE_FUTURE', 'birthdate:BIRTHDATE_AFTER_DIAGNOSIS']);
  });
  it('a birthdate between diagnosis and today is BIRTHDATE_AFTER_DIAGNOSIS', () => {
    expect(codes({ birthdate: '2022-02-10' })).toEqual(['birthdate:BIRTHDATE_AFTER_DIAGNOSIS', 'birthdate:BIRTHDATE_PLACEHOLDER']);
  });
  it('age over 120 is BIRTHDATE_IMPLAUSIBLE; 1900-01-01 is also a placeholder', () => {
    expect(codes({ birthdate: '1899-12-31' })).toEqual(['birthdate:BIRTHDATE_IMPLAUSIBLE']);
    expect(codes({ birthdate: '1900-01-01' })).toEqual(['birthdate:BIRTHDATE_IMPLAUSIBLE', 'birthdate:BIRTHDATE_PLACEHOLDER']);
  });
  it('a birthdate equal to the diagnosis date is BIRTHDATE_PLACEHOLDER (warning)', () => {
    expect(ev({ birthdate: '2022-02-09' }).problems).toEqual([{ field: 'birthdate', code: 'BIRTHDATE_PLACEHOLDER', level: 'warning' }]);
  });
  it('an age field that disagrees with the birthdate is AGE_MISMATCH', () => {
    expect(codes({ age: '31' })).toEqual(['age:AGE_MISMATCH']);
    expect(codes({ age: '30歳' })).toEqual([]);
  });
  it('date order: onset and specimen after the diagnosis, diagnosis in the future', () => {
    expect(codes({ 'onset-date': '2022-02-10' })).toEqual(['onset-date:ONSET_AFTER_DIAGNOSIS']);
    expect(codes({ 'specimen-date': '2022-02-10' })).toEqual(['specimen-date:SPECIMEN_AFTER_DIAGNOSIS']);
    expect(codes({ 'diagnosis-date': '2022-02-11', 'specimen-date': '2022-02-11' })).toEqual(['diagnosis-date:DIAGNOSIS_FUTURE']);
  });
  it('checks against the diagnosis date are skipped while it is missing', () => {
    expect(codes({ 'diagnosis-date': '', 'onset-date': '2022-02-10', birthdate: '2022-02-10' })).toEqual(['diagnosis-date:REQUIRED_MISSING', 'birthdate:BIRTHDATE_PLACEHOLDER']);
  });
  it('vaccination before 2021-02 or after the diagnosis is VACCINE_DATE_INVALID; the diagnosis month is fine', () => {
    expect(codes({ 'vaccine-date': '2021-01' })).toEqual(['vaccine-date:VACCINE_DATE_INVALID']);
    expect(codes({ 'vaccine-date': '2021-02' })).toEqual([]);
    expect(codes({ 'vaccine-date': '2022-02' })).toEqual([]);
    expect(codes({ 'vaccine-date': 'R4.2' })).toEqual([]);
    expect(codes({ 'vaccine-date': '2022-03' })).toEqual(['vaccine-date:VACCINE_DATE_INVALID']);
    expect(codes({ 'vaccine-date': '2022-02-10' })).toEqual(['vaccine-date:VACCINE_DATE_INVALID']);
    expect(codes({ 'vaccine-date': 'いつか' })).toEqual(['vaccine-date:VACCINE_DATE_INVALID']);
  });
  it('the vaccination date is required when doses ≥ 1, not for 0 or 不明', () => {
    expect(codes({ 'vaccine-date': '' })).toEqual(['vaccine-date:REQUIRED_MISSING']);
    expect(codes({ 'vaccine-date': '', 'vaccine-doses': '0' })).toEqual([]);
    expect(codes({ 'vaccine-date': '', 'vaccine-doses': '不明' })).toEqual([]);
  });
  it('the onset date is required for confirmed and suspected cases, not for asymptomatic carriers', () => {
    expect(codes({ 'onset-date': '' })).toEqual(['onset-date:REQUIRED_MISSING']);
    expect(codes({ 'onset-date': '', 'patient-type': '疑似症患者' })).toEqual(['onset-date:REQUIRED_MISSING']);
    expect(codes({ 'onset-date': '', 'patient-type': '無症状病原体保有者' })).toEqual([]);
  });
  it('risk-any 有 with no factor 有 is RISK_DETAILS_MISSING', () => {
    expect(codes({ 'risk-any': '有' })).toEqual(['risk-any:RISK_DETAILS_MISSING']);
  });
  it('risk-any 有 with factors unanswered: each factor is REQUIRED_MISSING too', () => {
    const c = codes({ 'risk-any': '有', 'risk-copd': '', 'risk-ckd': '' });
    expect(c).toEqual(['risk-any:RISK_DETAILS_MISSING', 'risk-copd:REQUIRED_MISSING', 'risk-ckd:REQUIRED_MISSING']);
  });
  it('risk-any 無 with a factor 有 is RISK_ANY_CONTRADICTION, and the factor still counts', () => {
    const r = ev({ 'risk-any': '無', 'risk-ckd': '有' });
    expect(r.problems.map((p) => p.code)).toEqual(['RISK_ANY_CONTRADICTION']);
    expect(r.riskCount).toBe(1);
  });
  it('immunosuppression 有 does not satisfy risk-any 有 (disease factors only)', () => {
    expect(codes({ 'risk-any': '有', immunosuppressed: '有' })).toEqual(['risk-any:RISK_DETAILS_MISSING']);
  });
  it('pregnancy 有 with sex 男 is PREGNANCY_SEX_MISMATCH', () => {
    expect(codes({ pregnancy: '有', sex: '男' })).toEqual(['pregnancy:PREGNANCY_SEX_MISMATCH']);
  });
  it('不明 never raises REQUIRED_MISSING', () => {
    const unknowns = Object.fromEntries(['risk-any', 'immunosuppressed', 'pregnancy', 'hospitalization-needed', 'hospitalized-now'].map((f) => [f, '不明']));
    expect(ev(unknowns).missing).toEqual([]);
  });
  it('MYHERSYS_NOT_NOTIFIED when the page has the control and it was not pressed', () => {
    expect(ev({}, { myHersysNotify: { present: true, pressed: false } }).problems).toEqual([
      { field: 'myhersys-notify', code: 'MYHERSYS_NOT_NOTIFIED', level: 'warning' },
    ]);
    expect(ev({}, { myHersysNotify: { present: true, pressed: true } }).problems).toEqual([]);
  });
  it('a value that is not a choice is VALUE_UNRECOGNISED (our own code), not silently ignored', () => {
    expect(codes({ 'hospitalized-now': 'maybe' })).toEqual(['hospitalized-now:VALUE_UNRECOGNISED']);
  });
  it('an unreadable specimen date is DATE_INVALID (our own code)', () => {
    expect(codes({ 'specimen-date': '2022-02-30' })).toEqual(['specimen-date:DATE_INVALID']);
  });
  it('an empty record misses every always-required field and never throws', () => {
    const r = evaluateNotification({}, { today: TODAY });
    expect(r.tier).toBe('unknown');
    expect(r.missing).toEqual([
      'patient-type', 'diagnosis-method', 'specimen-date', 'diagnosis-date', 'vaccine-doses', 'risk-any', 'immunosuppressed',
      'pregnancy', 'severity', 'hospitalization-needed', 'hospitalized-now', 'phone', 'birthdate',
    ]);
  });
});

describe('triageBatch', () => {
  it('reports PHONE_SHARED on every row sharing a number, compared after normalisation', () => {
    const out = triageBatch([rec(), rec({ phone: '０９０３１４１５９２６' }), rec({ phone: '090-2718-2818' })], { asOf: TODAY });
    expect(out.map((r) => r.problems.map((p) => p.code))).toEqual([['PHONE_SHARED'], ['PHONE_SHARED'], []]);
  });
  it('uses the id column, or the 1-based row number', () => {
    const out = triageBatch([rec({ id: 'A-1' }), rec()], { asOf: TODAY });
    expect(out.map((r) => r.id)).toEqual(['A-1', '2']);
  });
  it('returns exactly the keys of contract §7', () => {
    const [r] = triageBatch([rec()], { asOf: TODAY });
    expect(Object.keys(r!)).toEqual(['id', 'tier', 'reasons', 'age', 'riskCount', 'problems']);
  });
});
