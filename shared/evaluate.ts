/**
 * Evaluates one 発生届 record: reads every field once, applies the problem rules of
 * docs/codes.md and the tier rules of §4. Pure and total: bad input becomes problems.
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
import { FIELD_IDS, RISK_DISEASE_FIELDS, type FieldId } from './fields';
import {
  isDeceasedType,
  memoParse,
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
import {
  buildTierRules,
  decideTier,
  NATIONAL_2022_02,
  type ReasonCode,
  type Tier,
  type TierConfig,
  type TierDecision,
  type TierFacts,
  type TierRule,
} from './tier';

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
  /** Confirmed risk factors (docs/codes.md `confirmed`). */
  riskCount: number;
  /** Unknown risk factors (docs/codes.md `unknown`). */
  unknownRiskCount: number;
  /** The factors counted in `unknownRiskCount`, as bits of `fieldBit` (read with `unknownFactorFields`). */
  unknownFactors: number;
  problems: Problem[];
  /** Required fields that are unanswered, in field order. */
  missing: FieldId[];
  phone: PhoneInfo;
  birthdate: YMD | null;
  diagnosisDate: YMD | null;
  rulesetVersion: string;
}

/** Vaccination started in Japan in February 2021 (docs/codes.md). */
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


/**
 * Diagnosis, specimen and onset dates and vaccination months repeat a lot across a batch
 * (a few weeks, a few months): their parses are cached (frozen, shared). Birthdates are
 * mostly distinct, so they are parsed each time.
 */
const parseEventDate = memoParse((s: string) => freezeValue(parseDate(s)), 2048);
const parseVaccineMonth = memoParse((s: string) => freezeValue(parseYearMonth(s)), 2048);
function freezeValue<T extends { ok: boolean; value?: object }>(r: T): T {
  if (r.value) Object.freeze(r.value);
  return r;
}

const rulesCache = new WeakMap<TierConfig, readonly TierRule[]>();
function rulesFor(config: TierConfig): readonly TierRule[] {
  let rules = rulesCache.get(config);
  if (!rules) {
    rules = buildTierRules(config);
    rulesCache.set(config, rules);
  }
  return rules;
}

/**
 * Tier decisions by their facts, packed into one small integer: a batch has few distinct
 * combinations, so most rows get a shared frozen decision (read-only) without running the
 * rules. Every fact the rules read is in the key (the type check below fails when
 * `TierFacts` gains one); ages above 126 are decided without the cache.
 */
const decisions = new WeakMap<readonly TierRule[], Map<number, TierDecision>>();
const KEYED_FACTS = ['deceased', 'age', 'sex', 'severity', 'hospitalizationNeeded', 'hospitalizedNow', 'pregnancy', 'confirmed', 'unknown'] as const;
const everyFactKeyed: Exclude<keyof TierFacts, (typeof KEYED_FACTS)[number]> extends never ? true : never = true;
void everyFactKeyed;
const ANSWER_BITS = { yes: 1, no: 2, unknown: 3 } as const;
const SEX_BITS = { male: 1, female: 2, other: 3 } as const;
const SEVERITY_BITS = { mild: 1, moderate1: 2, moderate2: 3, severe: 4 } as const;

function factsKey(f: TierFacts): number {
  if (f.age !== null && !(Number.isInteger(f.age) && f.age >= 0 && f.age <= 126)) return -1;
  if (f.confirmed > 15 || f.unknown > 15) return -1;
  const age = f.age === null ? 127 : f.age; // 127: unknown
  const a = (x: Answer | null) => (x === null ? 0 : ANSWER_BITS[x]);
  return (
    (f.deceased ? 1 : 0) |
    (age << 1) |
    ((f.sex === null ? 0 : SEX_BITS[f.sex]) << 8) |
    ((f.severity === null ? 0 : SEVERITY_BITS[f.severity]) << 10) |
    (a(f.hospitalizationNeeded) << 13) |
    (a(f.hospitalizedNow) << 15) |
    (a(f.pregnancy) << 17) |
    (f.confirmed << 19) |
    (f.unknown << 23)
  );
}

function decideCached(rules: readonly TierRule[], facts: TierFacts): TierDecision {
  const key = factsKey(facts);
  if (key < 0) return decideTier(rules, facts);
  let byKey = decisions.get(rules);
  if (!byKey) decisions.set(rules, (byKey = new Map()));
  let d = byKey.get(key);
  if (d === undefined) {
    d = decideTier(rules, facts);
    Object.freeze(d.reasons);
    Object.freeze(d);
    if (byKey.size >= 4096) byKey.clear();
    byKey.set(key, d);
  }
  return d;
}

/** Field order of docs/codes.md, then catalogue order of codes: stable output for every view. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => (FIELD_ORDER.get(a.field) ?? 99) - (FIELD_ORDER.get(b.field) ?? 99) || codeOrder(a.code) - codeOrder(b.code),
  );
}

function isBlank(s: string | undefined): boolean {
  return s === undefined || s.trim() === '';
}

/** When a field is required (docs/codes.md), as data. */
type Requirement = 'always' | 'alive' | 'onset' | 'vaccine-date' | 'risk-detail' | 'pregnancy' | 'never';
const REQUIREMENT: Readonly<Record<FieldId, Requirement>> = {
  'patient-type': 'always',
  'diagnosis-method': 'always',
  'specimen-date': 'always',
  'diagnosis-date': 'always',
  birthdate: 'always',
  'onset-date': 'onset',
  'vaccine-doses': 'alive',
  'vaccine-date': 'vaccine-date',
  'risk-any': 'alive',
  'risk-malignancy': 'risk-detail',
  'risk-copd': 'risk-detail',
  'risk-ckd': 'risk-detail',
  'risk-hypertension': 'risk-detail',
  'risk-diabetes': 'risk-detail',
  'risk-dyslipidemia': 'risk-detail',
  'risk-obesity': 'risk-detail',
  'risk-smoking': 'risk-detail',
  'risk-other': 'risk-detail',
  immunosuppressed: 'alive',
  pregnancy: 'pregnancy',
  severity: 'alive',
  'hospitalization-needed': 'alive',
  'hospitalized-now': 'alive',
  phone: 'alive',
  age: 'never',
  sex: 'never',
};
/** Bit of each field in the "unanswered" mask (26 fields fit in 32 bits). */
const BIT: Readonly<Record<FieldId, number>> = Object.fromEntries(FIELD_IDS.map((f, i) => [f, 1 << i])) as Record<FieldId, number>;

/** The bit of `field` in masks such as `Evaluation.unknownFactors`. */
export function fieldBit(field: FieldId): number {
  return BIT[field];
}

/** The fields whose bits are set in `mask`, in the field order of the 発生届. */
export function fieldsInMask(mask: number): FieldId[] {
  const out: FieldId[] = [];
  if (mask === 0) return out;
  for (const f of FIELD_IDS) if ((mask & BIT[f]) !== 0) out.push(f);
  return out;
}
const REQUIREMENT_LIST = FIELD_IDS.map((f) => ({ field: f, req: REQUIREMENT[f], bit: BIT[f] }));

interface RequirementContext {
  deceased: boolean;
  patientType: PatientType | null;
  doses: Doses | null;
  riskAny: Answer | null;
  sex: Sex | null;
  age: number | null;
  config: TierConfig;
}

function isRequired(req: Requirement, c: RequirementContext): boolean {
  switch (req) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'alive':
      return !c.deceased;
    case 'onset':
      return c.patientType === 'confirmed' || c.patientType === 'suspected';
    case 'vaccine-date':
      return !c.deceased && typeof c.doses === 'number' && c.doses >= 1;
    case 'risk-detail':
      return !c.deceased && c.riskAny === 'yes';
    case 'pregnancy':
      return (
        !c.deceased &&
        c.sex !== 'male' &&
        !(c.age !== null && (c.age < c.config.pregnancyMinAge || c.age > c.config.pregnancyMaxAge))
      );
  }
}

export function evaluateNotification(rec: RawRecord, opts: EvaluateOptions): Evaluation {
  const config = opts.config ?? NATIONAL_2022_02;
  const problems: Problem[] = [];
  let unanswered = 0;

  /** The parsed value of a choice field; unanswered sets its bit, unreadable is a problem. */
  function choice<T>(field: FieldId, res: { ok: true; value: T | null } | { ok: false }): T | null {
    if (!res.ok) {
      problems.push(problem('VALUE_UNRECOGNISED', field));
      return null;
    }
    if (res.value === null) unanswered |= BIT[field];
    return res.value;
  }

  const answers: Record<AnswerField, Answer | null> = {
    'risk-any': choice('risk-any', parseAnswer(rec['risk-any'])),
    'risk-malignancy': choice('risk-malignancy', parseAnswer(rec['risk-malignancy'])),
    'risk-copd': choice('risk-copd', parseAnswer(rec['risk-copd'])),
    'risk-ckd': choice('risk-ckd', parseAnswer(rec['risk-ckd'])),
    'risk-hypertension': choice('risk-hypertension', parseAnswer(rec['risk-hypertension'])),
    'risk-diabetes': choice('risk-diabetes', parseAnswer(rec['risk-diabetes'])),
    'risk-dyslipidemia': choice('risk-dyslipidemia', parseAnswer(rec['risk-dyslipidemia'])),
    'risk-obesity': choice('risk-obesity', parseAnswer(rec['risk-obesity'])),
    'risk-smoking': choice('risk-smoking', parseAnswer(rec['risk-smoking'])),
    'risk-other': choice('risk-other', parseAnswer(rec['risk-other'])),
    immunosuppressed: choice('immunosuppressed', parseAnswer(rec.immunosuppressed)),
    pregnancy: choice('pregnancy', parseAnswer(rec.pregnancy)),
    'hospitalization-needed': choice('hospitalization-needed', parseAnswer(rec['hospitalization-needed'])),
    'hospitalized-now': choice('hospitalized-now', parseAnswer(rec['hospitalized-now'])),
  };
  const patientType = choice('patient-type', parsePatientType(rec['patient-type']));
  const severity = choice('severity', parseSeverity(rec.severity));
  const sex = choice('sex', parseSex(rec.sex));
  const doses = choice('vaccine-doses', parseDoses(rec['vaccine-doses']));
  if (isBlank(rec['diagnosis-method'])) unanswered |= BIT['diagnosis-method'];

  // Dates.
  function date(field: FieldId, code: 'BIRTHDATE_INVALID' | 'DATE_INVALID'): YMD | null {
    const r: DateParse = field === 'birthdate' ? parseDate(rec[field]) : parseEventDate(rec[field]);
    if (r.ok) return r.value;
    if (r.reason === 'empty') unanswered |= BIT[field];
    else problems.push(problem(code, field));
    return null;
  }
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

  // Vaccination date (a year-month compares by month: the diagnosis month itself is fine).
  if (!isBlank(rec['vaccine-date'])) {
    const v = parseVaccineMonth(rec['vaccine-date']);
    if (!v.ok) problems.push(problem('VACCINE_DATE_INVALID'));
    else {
      const tooEarly = compareYM(v.value, VACCINATION_START) < 0;
      let afterDiagnosis = false;
      if (diagnosis !== null) {
        const byMonth = compareYM(v.value, diagnosis);
        afterDiagnosis = byMonth > 0 || (byMonth === 0 && v.day !== null && v.day > diagnosis.d);
      }
      if (tooEarly || afterDiagnosis) problems.push(problem('VACCINE_DATE_INVALID'));
    }
  } else unanswered |= BIT['vaccine-date'];

  // Phone.
  const phone = analyzePhone(rec.phone);
  if (phone.kind === 'empty') unanswered |= BIT.phone;
  else if (phone.code) problems.push(problem(phone.code));

  // Risk factors.
  const riskAny = answers['risk-any'];
  // The disease factors in RISK_DISEASE_FIELDS order (risk-other last), read by name once.
  const diseases = [
    answers['risk-malignancy'],
    answers['risk-copd'],
    answers['risk-ckd'],
    answers['risk-hypertension'],
    answers['risk-diabetes'],
    answers['risk-dyslipidemia'],
    answers['risk-obesity'],
    answers['risk-smoking'],
    answers['risk-other'],
  ];
  const diseaseYes = diseases.includes('yes');
  if (riskAny === 'yes' && !diseaseYes) problems.push(problem('RISK_DETAILS_MISSING'));
  if (riskAny === 'no' && diseaseYes) problems.push(problem('RISK_ANY_CONTRADICTION'));
  if (answers.pregnancy === 'yes' && sex === 'male') problems.push(problem('PREGNANCY_SEX_MISMATCH'));

  let confirmed = 0;
  let unknown = 0;
  let unknownFactors = 0;
  if (doses === null || doses === 'unknown') {
    unknown++;
    unknownFactors |= BIT['vaccine-doses'];
  } else if (doses <= config.maxDosesCountedAsUnvaccinated) confirmed++;
  // The national list: every disease factor but risk-other (the last one).
  for (let i = 0; i < diseases.length - 1; i++) {
    const a = diseases[i];
    if (a === 'yes') confirmed++;
    else if (a === 'unknown' || (a === null && riskAny !== 'no')) {
      unknown++;
      unknownFactors |= BIT[RISK_DISEASE_FIELDS[i]!];
    }
  }
  if (answers['risk-other'] === 'yes') {
    unknown++;
    unknownFactors |= BIT['risk-other'];
  }
  const imm = answers.immunosuppressed;
  if (imm === 'yes') confirmed++;
  else if (imm === null || imm === 'unknown') {
    unknown++;
    unknownFactors |= BIT.immunosuppressed;
  }

  // Required fields.
  const deceased = isDeceasedType(patientType);
  const missing: FieldId[] = [];
  if (unanswered !== 0) {
    const ctx: RequirementContext = { deceased, patientType, doses, riskAny, sex, age, config };
    for (let i = 0; i < REQUIREMENT_LIST.length; i++) {
      const r = REQUIREMENT_LIST[i]!;
      if ((unanswered & r.bit) !== 0 && isRequired(r.req, ctx)) {
        missing.push(r.field);
        problems.push(problem('REQUIRED_MISSING', r.field));
      }
    }
  }

  if (opts.myHersysNotify?.present && !opts.myHersysNotify.pressed) problems.push(problem('MYHERSYS_NOT_NOTIFIED'));

  const facts: TierFacts = {
    deceased,
    age,
    sex,
    severity,
    hospitalizationNeeded: answers['hospitalization-needed'],
    hospitalizedNow: answers['hospitalized-now'],
    pregnancy: answers.pregnancy,
    confirmed,
    unknown,
  };
  const decision = decideCached(rulesFor(config), facts);

  if (problems.length > 1) sortProblems(problems);

  return {
    tier: decision.tier,
    reasons: decision.reasons,
    age,
    riskCount: confirmed,
    unknownRiskCount: unknown,
    unknownFactors,
    problems,
    missing,
    phone,
    birthdate: birth,
    diagnosisDate: diagnosis,
    rulesetVersion: config.version,
  };
}
