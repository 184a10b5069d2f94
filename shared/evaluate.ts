/**
 * Evaluates one 発生届 record: reads every field once, applies the problem rules of
 * contract §5 and the tier rules of §4. Pure and total: bad input becomes problems.
 */
import {
  ageOn,
  compareYM,
  compareYMD,
  parseDate,
  parseYearMonth,
  type DateParse,
  type YMD,
} from './dates';
import { FIELD_IDS, RISK_DISEASE_FIELDS, type FieldId, type RiskDiseaseField } from './fields';
import {
  isDeceasedType,
  parseAgeField,
  parseAnswer,
  parseDoses,
  parsePatientType,
  parseSeverity,
  parseSex,
  type Answer,
  type Doses,
  type PatientType,
  type Severity,
  type Sex,
} from './normalize';
import { analyzePhone, type PhoneInfo } from './phone';
import { codeOrder, problem, type Problem } from './problems';
import { buildTierRules, decideTier, NATIONAL_2022_02, type ReasonCode, type Tier, type TierConfig, type TierFacts, type TierRule } from './tier';

/** A record as typed or read: every field a string (absent = blank). */
export type RawRecord = { id?: string } & Partial<Record<FieldId, string>>;

/** State of the page's My HER-SYS URL通知 control, when the page has one. */
export interface MyHersysNotifyState {
  present: boolean;
  pressed: boolean;
}

export interface EvaluateOptions {
  /** "Today" for the …_FUTURE checks, and the age reference when the diagnosis date is absent. */
  today: YMD;
  config?: TierConfig;
  myHersysNotify?: MyHersysNotifyState;
}

export interface Evaluation {
  tier: Tier;
  reasons: ReasonCode[];
  age: number | null;
  /** Confirmed risk factors (contract §4 `confirmed`). */
  riskCount: number;
  /** Unknown risk factors (contract §4 `unknown`). */
  unknownRiskCount: number;
  problems: Problem[];
  /** Required fields that are unanswered, in field order. */
  missing: FieldId[];
  phone: PhoneInfo;
  birthdate: YMD | null;
  diagnosisDate: YMD | null;
  rulesetVersion: string;
}

/** Vaccination started in Japan in February 2021 (contract §5). */
const VACCINATION_START = { y: 2021, m: 2 } as const;
const FIELD_ORDER: ReadonlyMap<string, number> = new Map<string, number>([...FIELD_IDS, 'myhersys-notify'].map((f, i) => [f, i]));

const ANSWER_FIELDS = [
  'risk-any',
  ...RISK_DISEASE_FIELDS,
  'immunosuppressed',
  'pregnancy',
  'hospitalization-needed',
  'hospitalized-now',
] as const;
type AnswerField = (typeof ANSWER_FIELDS)[number];

/** The national risk factors among the disease questions (`risk-other` is not one). */
const LISTED_DISEASES: readonly RiskDiseaseField[] = RISK_DISEASE_FIELDS.filter((f) => f !== 'risk-other');

const rulesCache = new WeakMap<TierConfig, readonly TierRule[]>();
function rulesFor(config: TierConfig): readonly TierRule[] {
  let rules = rulesCache.get(config);
  if (!rules) {
    rules = buildTierRules(config);
    rulesCache.set(config, rules);
  }
  return rules;
}

/** Field order of contract §3, then catalogue order of codes: stable output for every view. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => (FIELD_ORDER.get(a.field) ?? 99) - (FIELD_ORDER.get(b.field) ?? 99) || codeOrder(a.code) - codeOrder(b.code),
  );
}

function isBlank(s: string | undefined): boolean {
  return s === undefined || s.trim() === '';
}

interface Parsed {
  answers: Record<AnswerField, Answer | null>;
  patientType: PatientType | null;
  severity: Severity | null;
  sex: Sex | null;
  doses: Doses | null;
}

export function evaluateNotification(rec: RawRecord, opts: EvaluateOptions): Evaluation {
  const config = opts.config ?? NATIONAL_2022_02;
  const problems: Problem[] = [];
  const unanswered = new Set<FieldId>();

  const choice = <T>(field: FieldId, res: { ok: true; value: T | null } | { ok: false }): T | null => {
    if (!res.ok) {
      problems.push(problem('VALUE_UNRECOGNISED', field));
      return null;
    }
    if (res.value === null) unanswered.add(field);
    return res.value;
  };

  const answers = {} as Record<AnswerField, Answer | null>;
  for (const f of ANSWER_FIELDS) answers[f] = choice(f, parseAnswer(rec[f]));
  const p: Parsed = {
    answers,
    patientType: choice('patient-type', parsePatientType(rec['patient-type'])),
    severity: choice('severity', parseSeverity(rec.severity)),
    sex: choice('sex', parseSex(rec.sex)),
    doses: choice('vaccine-doses', parseDoses(rec['vaccine-doses'])),
  };
  if (isBlank(rec['diagnosis-method'])) unanswered.add('diagnosis-method');

  // Dates.
  const date = (field: FieldId, code: 'BIRTHDATE_INVALID' | 'DATE_INVALID'): YMD | null => {
    const r: DateParse = parseDate(rec[field]);
    if (r.ok) return r.value;
    if (r.reason === 'empty') unanswered.add(field);
    else problems.push(problem(code, field));
    return null;
  };
  const diagnosis = date('diagnosis-date', 'DATE_INVALID');
  const specimen = date('specimen-date', 'DATE_INVALID');
  const onset = date('onset-date', 'DATE_INVALID');
  const birth = date('birthdate', 'BIRTHDATE_INVALID');
  const today = opts.today;

  if (diagnosis && compareYMD(diagnosis, today) > 0) problems.push(problem('DIAGNOSIS_FUTURE'));
  if (diagnosis && onset && compareYMD(onset, diagnosis) > 0) problems.push(problem('ONSET_AFTER_DIAGNOSIS'));
  if (diagnosis && specimen && compareYMD(specimen, diagnosis) > 0) problems.push(problem('SPECIMEN_AFTER_DIAGNOSIS'));

  // Birthdate and age.
  const ageRef = diagnosis ?? today;
  let age: number | null = null;
  if (birth) {
    const future = compareYMD(birth, today) > 0;
    const afterDiagnosis = diagnosis !== null && compareYMD(birth, diagnosis) > 0;
    if (future) problems.push(problem('BIRTHDATE_FUTURE'));
    if (afterDiagnosis) problems.push(problem('BIRTHDATE_AFTER_DIAGNOSIS'));
    if (!future && !afterDiagnosis) {
      age = ageOn(birth, ageRef);
      if (age > config.maxPlausibleAge) problems.push(problem('BIRTHDATE_IMPLAUSIBLE'));
    }
    const placeholder =
      (birth.y === 1900 && birth.m === 1 && birth.d === 1) ||
      (birth.y === 1 && birth.m === 1 && birth.d === 1) ||
      compareYMD(birth, today) === 0 ||
      (diagnosis !== null && compareYMD(birth, diagnosis) === 0);
    if (placeholder) problems.push(problem('BIRTHDATE_PLACEHOLDER'));
  }
  const ageField = parseAgeField(rec.age);
  if (!ageField.ok) problems.push(problem('VALUE_UNRECOGNISED', 'age'));
  else if (ageField.value !== null && age !== null && ageField.value !== age) problems.push(problem('AGE_MISMATCH'));

  // Vaccination date.
  if (!isBlank(rec['vaccine-date'])) {
    const v = parseYearMonth(rec['vaccine-date']);
    if (!v.ok) problems.push(problem('VACCINE_DATE_INVALID'));
    else {
      const tooEarly = compareYM(v.value, VACCINATION_START) < 0;
      const afterDiagnosis =
        diagnosis !== null &&
        (v.day === null ? compareYM(v.value, diagnosis) > 0 : compareYMD({ ...v.value, d: v.day }, diagnosis) > 0);
      if (tooEarly || afterDiagnosis) problems.push(problem('VACCINE_DATE_INVALID'));
    }
  } else unanswered.add('vaccine-date');

  // Phone.
  const phone = analyzePhone(rec.phone);
  if (phone.kind === 'empty') unanswered.add('phone');
  else if (phone.code) problems.push(problem(phone.code));

  // Risk factors.
  const riskAny = answers['risk-any'];
  const diseaseYes = RISK_DISEASE_FIELDS.some((f) => answers[f] === 'yes');
  if (riskAny === 'yes' && !diseaseYes) problems.push(problem('RISK_DETAILS_MISSING'));
  if (riskAny === 'no' && diseaseYes) problems.push(problem('RISK_ANY_CONTRADICTION'));
  if (answers.pregnancy === 'yes' && p.sex === 'male') problems.push(problem('PREGNANCY_SEX_MISMATCH'));

  let confirmed = 0;
  let unknown = 0;
  const doses = p.doses;
  if (doses === null || doses === 'unknown') unknown++;
  else if (doses <= config.maxDosesCountedAsUnvaccinated) confirmed++;
  for (const f of LISTED_DISEASES) {
    const a = answers[f];
    if (a === 'yes') confirmed++;
    else if (a === 'unknown' || (a === null && riskAny !== 'no')) unknown++;
  }
  if (answers['risk-other'] === 'yes') unknown++;
  const imm = answers.immunosuppressed;
  if (imm === 'yes') confirmed++;
  else if (imm === null || imm === 'unknown') unknown++;

  // Required fields.
  const deceased = isDeceasedType(p.patientType);
  const required = (f: FieldId): boolean => {
    switch (f) {
      case 'patient-type':
      case 'diagnosis-method':
      case 'specimen-date':
      case 'diagnosis-date':
      case 'birthdate':
        return true;
      case 'age':
      case 'sex':
        return false;
      case 'onset-date':
        return p.patientType === 'confirmed' || p.patientType === 'suspected';
      case 'vaccine-date':
        return !deceased && typeof doses === 'number' && doses >= 1;
      case 'pregnancy':
        return (
          !deceased &&
          p.sex !== 'male' &&
          !(age !== null && (age < config.pregnancyMinAge || age > config.pregnancyMaxAge))
        );
      default:
        if ((RISK_DISEASE_FIELDS as readonly string[]).includes(f)) return !deceased && riskAny === 'yes';
        return !deceased;
    }
  };
  const missing = FIELD_IDS.filter((f) => unanswered.has(f) && required(f));
  for (const f of missing) problems.push(problem('REQUIRED_MISSING', f));

  if (opts.myHersysNotify?.present && !opts.myHersysNotify.pressed) problems.push(problem('MYHERSYS_NOT_NOTIFIED'));

  const facts: TierFacts = {
    deceased,
    age,
    sex: p.sex,
    severity: p.severity,
    hospitalizationNeeded: answers['hospitalization-needed'],
    hospitalizedNow: answers['hospitalized-now'],
    pregnancy: answers.pregnancy,
    confirmed,
    unknown,
  };
  const decision = decideTier(rulesFor(config), facts);

  sortProblems(problems);

  return {
    tier: decision.tier,
    reasons: decision.reasons,
    age,
    riskCount: confirmed,
    unknownRiskCount: unknown,
    problems,
    missing,
    phone,
    birthdate: birth,
    diagnosisDate: diagnosis,
    rulesetVersion: config.version,
  };
}
