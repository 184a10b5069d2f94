/**
 * Fuzz: the rule engine behind the overlay and the CLI (evaluate → tier, reasons, problems;
 * triage with PHONE_SHARED), on random records mixing every
 * accepted spelling (dates in Western/和暦/full-width forms, phone spellings, 有/無/不明,
 * severities, case types, doses) with garbage. 10,000 cases each.
 *
 * Properties: never throws; every code is from the catalogue with its documented level and
 * field (contract §5); reasons belong to the winning tier's rule (contract §4); each field
 * carries a code once; the same input gives the same output (stable codes, whatever the
 * row order for PHONE_SHARED). The CSV round trip over the same records is fuzz-csv.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../../shared/fields';
import { PROBLEM_CODES, PROBLEM_DEFS } from '../../shared/problems';
import { REASON_CODES, TIERS } from '../../shared/tier';
import { triageBatch, type TriageResult } from '../../shared/triage';
import { check, record, AS_OF } from './fuzz-records';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** The rule each reason belongs to (contract §4). */
const REASON_TIER: Record<string, string> = {
  DECEASED: 'none',
  HOSPITAL_NEEDED: 'hospital',
  HOSPITALIZED: 'hospital',
  SEVERITY_MODERATE_II: 'hospital',
  SEVERITY_SEVERE: 'hospital',
  AGE_65_PLUS: 'priority',
  PREGNANT: 'priority',
  MULTI_RISK_40_64: 'priority',
  RISK_COUNT_UNCLEAR: 'interview',
  PREGNANCY_UNANSWERED: 'interview',
  AGE_UNKNOWN: 'unknown',
  LOW_RISK: 'standard',
};
const FIELD_SET: ReadonlySet<string> = new Set([...FIELD_IDS, 'myhersys-notify']);
const CODES: ReadonlySet<string> = new Set(PROBLEM_CODES);
const REASONS: ReadonlySet<string> = new Set(REASON_CODES);


function checkResult(r: TriageResult): void {
  check((TIERS as readonly string[]).includes(r.tier), `known tier ${r.tier}`);
  check(r.reasons.length > 0, 'at least one reason');
  for (const code of r.reasons) check(REASONS.has(code) && REASON_TIER[code] === r.tier, `reason ${code} belongs to tier ${r.tier}`);
  // (An age over 120 is reported as BIRTHDATE_IMPLAUSIBLE; the age itself stays.)
  check(r.age === null || (Number.isInteger(r.age) && r.age >= 0), `age ${r.age}`);
  check(r.age === null || r.age <= 120 || r.problems.some((p) => p.code === 'BIRTHDATE_IMPLAUSIBLE'), 'an age over 120 is implausible');
  check(Number.isInteger(r.riskCount) && r.riskCount >= 0 && r.riskCount <= 11, `riskCount ${r.riskCount}`);
  check((r.age === null) === (r.tier === 'unknown') || r.tier !== 'unknown', 'tier unknown only when age is null');
  const seen = new Set<string>();
  for (const p of r.problems) {
    check(CODES.has(p.code), `known code ${p.code}`);
    const def = PROBLEM_DEFS[p.code];
    check(p.level === def.level, `${p.code} has its level ${def.level}`);
    check(FIELD_SET.has(p.field) && (def.field === null || def.field === p.field), `${p.code} on ${p.field}`);
    check(!seen.has(`${p.field}:${p.code}`), `${p.code} once on ${p.field}`);
    seen.add(`${p.field}:${p.code}`);
  }
}

describe('fuzz: the rule engine and triage', () => {
  it(`never throws, gives catalogue codes with their levels and fields, reasons of the winning rule, the same output twice (${RUNS} batches)`, () => {
    const tiers = new Set<string>();
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 3 }), (records) => {
        const out = triageBatch(records, { asOf: AS_OF });
        check(out.length === records.length, 'one result per row, same order');
        out.forEach((r, i) => {
          checkResult(r);
          check(r.id === String(i + 1), 'rows without id are numbered');
          tiers.add(r.tier);
        });
        // Stable: the same input gives the same output, and PHONE_SHARED does not depend on row order.
        const json = JSON.stringify(out);
        check(JSON.stringify(triageBatch(records, { asOf: AS_OF })) === json, 'the same output twice');
        const reversed = triageBatch([...records].reverse(), { asOf: AS_OF }).reverse();
        const codes = (rs: TriageResult[]) => JSON.stringify(rs.map((r) => [r.tier, r.reasons, r.age, r.riskCount, r.problems]));
        check(codes(reversed) === codes(out), 'the same codes whatever the row order');
      }),
      { numRuns: RUNS },
    );
    // The generator reaches every tier.
    expect([...tiers].sort()).toEqual([...TIERS].sort());
  }, 120_000);
});
