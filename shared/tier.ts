/**
 * The priority tier (docs/codes.md) as data: an ordered list of tiers, each with reason
 * rules written as small condition trees, and one interpreter. Thresholds come from a
 * `TierConfig` whose default is the national rule of the 2022-02-09 notice.
 */
import type { Answer, Severity, Sex } from './normalize';

export const TIERS = ['none', 'hospital', 'priority', 'interview', 'unknown', 'standard'] as const;
export type Tier = (typeof TIERS)[number];

export const REASON_CODES = [
  'DECEASED',
  'HOSPITAL_NEEDED',
  'HOSPITALIZED',
  'SEVERITY_MODERATE_II',
  'SEVERITY_SEVERE',
  'AGE_65_PLUS',
  'PREGNANT',
  'MULTI_RISK_40_64',
  'RISK_COUNT_UNCLEAR',
  'PREGNANCY_UNANSWERED',
  'AGE_UNKNOWN',
  'LOW_RISK',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * Thresholds of the tier rule (validated at the boundaries by `TierConfigSchema` in
 * `schema.ts`). The default is the national rule of February 2022.
 */
export interface TierConfig {
  /** Identifies the rule set in results and the audit log. */
  version: string;
  /** Age from which everyone is priority (65). */
  priorityAge: number;
  /** Lower age of the multi-risk band (40); the band ends below `priorityAge`. */
  multiRiskMinAge: number;
  /** Confirmed risk factors needed in the band (2). */
  multiRiskCount: number;
  /** Ages in which pregnancy is asked (12–55). */
  pregnancyMinAge: number;
  pregnancyMaxAge: number;
  /** Doses at or below which "not vaccinated" counts as a risk factor (1). */
  maxDosesCountedAsUnvaccinated: number;
  /** Ages above this are implausible (120). */
  maxPlausibleAge: number;
}

export const NATIONAL_2022_02: TierConfig = Object.freeze({
  version: 'jp-2022-02-09',
  priorityAge: 65,
  multiRiskMinAge: 40,
  multiRiskCount: 2,
  pregnancyMinAge: 12,
  pregnancyMaxAge: 55,
  maxDosesCountedAsUnvaccinated: 1,
  maxPlausibleAge: 120,
});

/** What the rules look at, computed once per record by the evaluator. */
export interface TierFacts {
  deceased: boolean;
  age: number | null;
  sex: Sex | null;
  severity: Severity | null;
  /** Answers of the yes/no fields (`null` = unanswered or unreadable). */
  hospitalizationNeeded: Answer | null;
  hospitalizedNow: Answer | null;
  pregnancy: Answer | null;
  /** Factors answered 有 (doses ≤ 1 counts as one). */
  confirmed: number;
  /** Factors unanswered or 不明, plus `risk-other` 有. */
  unknown: number;
}

type AnswerFact = 'hospitalizationNeeded' | 'hospitalizedNow' | 'pregnancy';
type NumberFact = 'age' | 'confirmed' | 'possible';

/** A condition tree over `TierFacts`. */
export type Cond =
  | { always: true }
  | { deceased: true }
  | { answer: AnswerFact; in: ReadonlyArray<Answer | null> }
  | { severity: ReadonlyArray<Severity> }
  | { sexNot: Sex }
  | { ageKnown: boolean }
  | { num: NumberFact; gte?: number; lt?: number; lte?: number }
  | { all: readonly Cond[] }
  | { any: readonly Cond[] };

export interface ReasonRule {
  code: ReasonCode;
  when: Cond;
}
export interface TierRule {
  tier: Tier;
  reasons: readonly ReasonRule[];
}

/** The rule table of docs/codes.md with `config`'s thresholds filled in. */
export function buildTierRules(c: TierConfig): readonly TierRule[] {
  const band: Cond[] = [
    { num: 'age', gte: c.multiRiskMinAge },
    { num: 'age', lt: c.priorityAge },
  ];
  return [
    { tier: 'none', reasons: [{ code: 'DECEASED', when: { deceased: true } }] },
    {
      tier: 'hospital',
      reasons: [
        { code: 'HOSPITAL_NEEDED', when: { answer: 'hospitalizationNeeded', in: ['yes'] } },
        { code: 'HOSPITALIZED', when: { answer: 'hospitalizedNow', in: ['yes'] } },
        { code: 'SEVERITY_MODERATE_II', when: { severity: ['moderate2'] } },
        { code: 'SEVERITY_SEVERE', when: { severity: ['severe'] } },
      ],
    },
    {
      tier: 'priority',
      reasons: [
        { code: 'AGE_65_PLUS', when: { num: 'age', gte: c.priorityAge } },
        { code: 'PREGNANT', when: { answer: 'pregnancy', in: ['yes'] } },
        { code: 'MULTI_RISK_40_64', when: { all: [...band, { num: 'confirmed', gte: c.multiRiskCount }] } },
      ],
    },
    {
      tier: 'interview',
      reasons: [
        {
          code: 'RISK_COUNT_UNCLEAR',
          when: { all: [...band, { num: 'confirmed', lt: c.multiRiskCount }, { num: 'possible', gte: c.multiRiskCount }] },
        },
        {
          code: 'PREGNANCY_UNANSWERED',
          when: {
            all: [
              { answer: 'pregnancy', in: ['unknown', null] },
              { sexNot: 'male' },
              { num: 'age', gte: c.pregnancyMinAge, lte: c.pregnancyMaxAge },
            ],
          },
        },
      ],
    },
    { tier: 'unknown', reasons: [{ code: 'AGE_UNKNOWN', when: { ageKnown: false } }] },
    { tier: 'standard', reasons: [{ code: 'LOW_RISK', when: { always: true } }] },
  ];
}

function numberFact(f: TierFacts, name: NumberFact): number | null {
  switch (name) {
    case 'age':
      return f.age;
    case 'confirmed':
      return f.confirmed;
    case 'possible':
      return f.confirmed + f.unknown;
  }
}

type Predicate = (f: TierFacts) => boolean;

/**
 * The interpreter: turns a condition tree into a predicate once, so evaluating a record is
 * a few function calls. A numeric test on an unknown (null) number is false.
 */
export function compileCond(cond: Cond): Predicate {
  if ('always' in cond) return () => true;
  if ('deceased' in cond) return (f) => f.deceased;
  if ('answer' in cond) {
    const { answer, in: values } = cond;
    return (f) => values.includes(f[answer]);
  }
  if ('severity' in cond) {
    const values = cond.severity;
    return (f) => f.severity !== null && values.includes(f.severity);
  }
  if ('sexNot' in cond) {
    const sex = cond.sexNot;
    return (f) => f.sex !== sex;
  }
  if ('ageKnown' in cond) {
    const known = cond.ageKnown;
    return (f) => (f.age !== null) === known;
  }
  if ('num' in cond) {
    const { num, gte = -Infinity, lt = Infinity, lte = Infinity } = cond;
    return (f) => {
      const v = numberFact(f, num);
      return v !== null && v >= gte && v < lt && v <= lte;
    };
  }
  if ('all' in cond) {
    const parts = cond.all.map(compileCond);
    return (f) => parts.every((p) => p(f));
  }
  const parts = cond.any.map(compileCond);
  return (f) => parts.some((p) => p(f));
}

/** Evaluates one condition tree against the facts. */
export function holds(cond: Cond, f: TierFacts): boolean {
  return compileCond(cond)(f);
}

export interface TierDecision {
  tier: Tier;
  reasons: ReasonCode[];
}

interface CompiledTier {
  tier: Tier;
  reasons: { code: ReasonCode; test: Predicate }[];
}
const compiled = new WeakMap<readonly TierRule[], CompiledTier[]>();

/** First tier with a matching reason wins; every matching reason of that tier is listed. */
export function decideTier(rules: readonly TierRule[], facts: TierFacts): TierDecision {
  let table = compiled.get(rules);
  if (!table) {
    table = rules.map((r) => ({ tier: r.tier, reasons: r.reasons.map((x) => ({ code: x.code, test: compileCond(x.when) })) }));
    compiled.set(rules, table);
  }
  for (const rule of table) {
    let reasons: ReasonCode[] | null = null;
    for (const r of rule.reasons) {
      if (r.test(facts)) (reasons ??= []).push(r.code);
    }
    if (reasons) return { tier: rule.tier, reasons };
  }
  return { tier: 'standard', reasons: ['LOW_RISK'] };
}
