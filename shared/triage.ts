/**
 * Batch triage (contract §7): one result per record, same order, with `PHONE_SHARED` on
 * every row whose number (after normalisation) another row also uses.
 */
import type { YMD } from './dates';
import { evaluateNotification, sortProblems, type RawRecord } from './evaluate';
import { problem, type Problem } from './problems';
import type { ReasonCode, Tier, TierConfig } from './tier';

export type { RawRecord } from './evaluate';
export type { Problem } from './problems';

export interface TriageOptions {
  /** "Today" for the …_FUTURE checks (`--as-of`), and the age reference without a diagnosis date. */
  asOf: YMD;
  config?: TierConfig;
}

export interface TriageResult {
  id: string;
  tier: Tier;
  reasons: ReasonCode[];
  age: number | null;
  riskCount: number;
  problems: Problem[];
}

export function triageBatch(records: readonly RawRecord[], opts: TriageOptions): TriageResult[] {
  const byNumber = new Map<string, number[]>();
  const results = records.map((rec, i): TriageResult => {
    const ev = evaluateNotification(rec, { today: opts.asOf, config: opts.config });
    const digits = ev.phone.digits;
    if (digits && ev.phone.kind !== 'invalid' && !ev.phone.placeholder) {
      const rows = byNumber.get(digits);
      if (rows) rows.push(i);
      else byNumber.set(digits, [i]);
    }
    const id = rec.id !== undefined && rec.id.trim() !== '' ? rec.id.trim() : String(i + 1);
    return { id, tier: ev.tier, reasons: ev.reasons, age: ev.age, riskCount: ev.riskCount, problems: ev.problems };
  });
  const shared = problem('PHONE_SHARED');
  for (const rows of byNumber.values()) {
    if (rows.length < 2) continue;
    for (const i of rows) {
      const list = results[i]!.problems;
      list.push({ ...shared });
      sortProblems(list);
    }
  }
  return results;
}
