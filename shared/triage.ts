/**
 * Batch triage (docs/cli.md): one result per record, same order, with `PHONE_SHARED` on
 * every row whose number (after normalisation) another row also uses.
 *
 * The work is split in two steps so a large file can be triaged in parts: `triageRecords`
 * evaluates a part and returns each row's phone key; `sharedPhoneKeys` finds the keys used
 * more than once over all parts; `markSharedPhones` adds the problem. `triageBatch` does all
 * three for one list; `TriageStream` does them for records that arrive one by one (the CLI).
 */
import type { YMD } from './dates';
import { evaluateNotification, sortProblems, type EvaluateOptions, type Evaluation, type RawRecord } from './evaluate';
import { problem, type Problem } from './problems';
import type { ReasonCode, Tier, TierConfig } from './tier';

export type { RawRecord } from './evaluate';
export type { Problem } from './problems';

export interface TriageOptions {
  /** "Today" for the …_FUTURE checks (`--as-of`), and the age reference without a diagnosis date. */
  asOf: YMD;
  config?: TierConfig;
  /** Called with each row's full evaluation as it is made (the worklist reads more of it than a result keeps). */
  onEvaluated?: (index: number, ev: Evaluation, rec: RawRecord) => void;
}

export interface TriageResult {
  id: string;
  tier: Tier;
  reasons: ReasonCode[];
  age: number | null;
  riskCount: number;
  problems: Problem[];
}

export interface TriagePart {
  results: TriageResult[];
  /** Each row's normalised number, or null when it has none that can be shared (empty, invalid, placeholder). */
  phoneKeys: (string | null)[];
}

/**
 * Evaluates `records`; a row without an id gets its 1-based row number, counted from
 * `rowOffset` rows before this part.
 */
export function triageRecords(records: readonly RawRecord[], opts: TriageOptions, rowOffset = 0): TriagePart {
  const n = records.length;
  const part: TriagePart = { results: new Array(n), phoneKeys: new Array(n) };
  const evalOpts = { today: opts.asOf, config: opts.config };
  for (let i = 0; i < n; i++) triageInto(part, i, records[i]!, evalOpts, rowOffset + i + 1);
  return part;
}

/** Evaluates one record into slot `i` of `part`; `rowNumber` is the id of a row without one. */
function triageInto(part: TriagePart, i: number, rec: RawRecord, evalOpts: EvaluateOptions, rowNumber: number, onEvaluated?: TriageOptions['onEvaluated']): void {
  const ev = evaluateNotification(rec, evalOpts);
  onEvaluated?.(i, ev, rec);
  const phone = ev.phone;
  part.phoneKeys[i] = phone.digits && phone.kind !== 'invalid' && !phone.placeholder ? phone.digits : null;
  const rawId = rec.id;
  const id = rawId !== undefined && rawId.trim() !== '' ? rawId.trim() : String(rowNumber);
  part.results[i] = { id, tier: ev.tier, reasons: ev.reasons, age: ev.age, riskCount: ev.riskCount, problems: ev.problems };
}

/**
 * `triageBatch` for records that arrive one at a time (the CLI evaluates each CSV row as it
 * is read, so the rows and records of a large file never pile up): `add` each record in
 * order, then `finish` once for the results with `PHONE_SHARED` marked.
 */
export class TriageStream {
  private readonly part: TriagePart = { results: [], phoneKeys: [] };
  private readonly evalOpts: EvaluateOptions;
  private readonly onEvaluated: TriageOptions['onEvaluated'];

  constructor(opts: TriageOptions) {
    this.evalOpts = { today: opts.asOf, config: opts.config };
    this.onEvaluated = opts.onEvaluated;
  }

  add(rec: RawRecord): void {
    const i = this.part.results.length;
    triageInto(this.part, i, rec, this.evalOpts, i + 1, this.onEvaluated);
  }

  finish(): TriageResult[] {
    markSharedPhones(this.part, sharedPhoneKeys([this.part.phoneKeys]));
    return this.part.results;
  }
}

/** Keys that occur on two or more rows over all the parts. */
export function sharedPhoneKeys(parts: ReadonlyArray<ReadonlyArray<string | null>>): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const keys of parts) {
    for (const k of keys) {
      if (k === null) continue;
      if (seen.has(k)) shared.add(k);
      else seen.add(k);
    }
  }
  return shared;
}

/** Adds `PHONE_SHARED` to every row whose key is shared; returns the rows marked. */
export function markSharedPhones(part: TriagePart, shared: ReadonlySet<string>): number {
  if (shared.size === 0) return 0;
  const p = problem('PHONE_SHARED');
  let marked = 0;
  for (let i = 0; i < part.phoneKeys.length; i++) {
    const k = part.phoneKeys[i];
    if (k === null || k === undefined || !shared.has(k)) continue;
    const list = part.results[i]!.problems;
    list.push(p);
    sortProblems(list);
    marked++;
  }
  return marked;
}

export function triageBatch(records: readonly RawRecord[], opts: TriageOptions): TriageResult[] {
  const part = triageRecords(records, opts);
  markSharedPhones(part, sharedPhoneKeys([part.phoneKeys]));
  return part.results;
}
