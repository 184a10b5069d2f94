/**
 * The first-contact worklist (docs: README "Worklist"): each triaged row gets an action (what
 * the health centre does first), a channel (the observation tool its phone number allows) and
 * the list of answers the call must find out; the list is ordered for the day's work.
 *
 * Every rule of the tier and the problems comes from `triage.ts` / `evaluate.ts`; this module
 * only maps their results. Pure: no DOM, no `node:` imports.
 */
import { dayNumber } from './dates';
import { fieldBit, fieldsInMask, sortProblems, type Evaluation, type RawRecord } from './evaluate';
import type { FieldId } from './fields';
import { parseAnswer } from './normalize';
import type { PhoneInfo } from './phone';
import { problem, type Problem } from './problems';
import type { ReasonCode, Tier } from './tier';
import { TriageStream, type TriageOptions, type TriageResult } from './triage';

/** Actions in the order of the day's work. */
export const ACTIONS = ['admission', 'call-first', 'interview', 'check-notification', 'self-report', 'none'] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_OF_TIER: Readonly<Record<Tier, Action>> = {
  hospital: 'admission',
  priority: 'call-first',
  interview: 'interview',
  unknown: 'check-notification',
  standard: 'self-report',
  none: 'none',
};

export const CHANNELS = ['my-hersys', 'auto-call', 'health-call', 'none'] as const;
export type Channel = (typeof CHANNELS)[number];

const ACTION_RANK: ReadonlyMap<Action, number> = new Map(ACTIONS.map((a, i) => [a, i]));

/** One entry of the worklist (the JSON output, keys in this order). */
export interface WorklistEntry {
  rank: number;
  id: string;
  tier: Tier;
  action: Action;
  channel: Channel;
  reasons: ReasonCode[];
  ask: FieldId[];
  problems: Problem[];
}

/** What the worklist keeps of a row's evaluation besides its triage result. */
export interface RowFacts {
  ask: FieldId[];
  /** The number's kind and whether it is a dummy (the channel needs both). */
  phone: Pick<PhoneInfo, 'kind' | 'placeholder'>;
  /** Normalised number that another row could share, or null (empty, invalid, placeholder). */
  phoneKey: string | null;
  /** Day number of the diagnosis date (null when missing or invalid). */
  diagnosisDay: number | null;
}

/**
 * What the call must find out: for `RISK_COUNT_UNCLEAR` every factor the tier counted as
 * unknown plus `risk-any` when it is unanswered or 不明 (field order of the 発生届); for
 * `PREGNANCY_UNANSWERED`, `pregnancy` last. `check-notification` asks for the birthdate.
 */
export function askFor(tier: Tier, reasons: readonly ReasonCode[], ev: Pick<Evaluation, 'unknownFactors'>, rec: RawRecord): FieldId[] {
  if (tier === 'unknown') return ['birthdate'];
  if (tier !== 'interview') return [];
  const ask: FieldId[] = [];
  if (reasons.includes('RISK_COUNT_UNCLEAR')) {
    let mask = ev.unknownFactors;
    const riskAny = parseAnswer(rec['risk-any']);
    if (!riskAny.ok || riskAny.value === null || riskAny.value === 'unknown') mask |= fieldBit('risk-any');
    ask.push(...fieldsInMask(mask));
  }
  if (reasons.includes('PREGNANCY_UNANSWERED')) ask.push('pregnancy');
  return ask;
}

/**
 * The observation tool a number allows: My HER-SYS for a mobile (one smartphone may serve
 * a family, so sharing is fine); 自動架電 for a landline or 050 number, 健康コール when that
 * number is shared (自動架電 takes one number per person); none without a usable number.
 */
export function channelFor(phone: Pick<PhoneInfo, 'kind' | 'placeholder'>, shared: boolean): Channel {
  if (phone.placeholder) return 'none';
  if (phone.kind === 'mobile') return 'my-hersys';
  if (phone.kind === 'landline' || phone.kind === 'ip') return shared ? 'health-call' : 'auto-call';
  return 'none';
}

export function factsOf(ev: Evaluation, rec: RawRecord): RowFacts {
  const phone = ev.phone;
  return {
    ask: askFor(ev.tier, ev.reasons, ev, rec),
    phone: { kind: phone.kind, placeholder: phone.placeholder },
    phoneKey: phone.digits && phone.kind !== 'invalid' && !phone.placeholder ? phone.digits : null,
    diagnosisDay: ev.diagnosisDate ? dayNumber(ev.diagnosisDate) : null,
  };
}

export function isPhoneShared(result: Pick<TriageResult, 'problems'>): boolean {
  return result.problems.some((p) => p.code === 'PHONE_SHARED');
}

/** An entry without its rank, plus what ordering needs. */
export interface WorkItem {
  entry: WorklistEntry;
  diagnosisDay: number | null;
  /** Input order (0-based). */
  index: number;
}

export function workItem(result: TriageResult, facts: RowFacts, index: number): WorkItem {
  const action = ACTION_OF_TIER[result.tier];
  return {
    entry: {
      rank: 0,
      id: result.id,
      tier: result.tier,
      action,
      channel: channelFor(facts.phone, isPhoneShared(result)),
      reasons: result.reasons,
      ask: facts.ask,
      problems: result.problems,
    },
    diagnosisDay: facts.diagnosisDay,
    index,
  };
}

/** What the order looks at. */
export interface WorkKey {
  action: Action;
  /** Day number of the diagnosis date, null when missing or invalid. */
  diagnosisDay: number | null;
  /** Input order. */
  index: number;
}

/** Worklist order: action, then diagnosis date (earliest first, none last), then input order. */
export function compareWork(a: WorkKey, b: WorkKey): number {
  const byAction = ACTION_RANK.get(a.action)! - ACTION_RANK.get(b.action)!;
  if (byAction !== 0) return byAction;
  const da = a.diagnosisDay;
  const db = b.diagnosisDay;
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return da - db;
  }
  return a.index - b.index;
}

/** Sorts `items` in worklist order and numbers them 1…; returns the entries. */
export function orderWorklist(items: readonly WorkItem[]): WorklistEntry[] {
  const keys = items.map((it) => ({ action: it.entry.action, diagnosisDay: it.diagnosisDay, index: it.index, entry: it.entry }));
  keys.sort(compareWork);
  const out = new Array<WorklistEntry>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const e = keys[i]!.entry;
    e.rank = i + 1;
    out[i] = e;
  }
  return out;
}

/**
 * The worklist of records that arrive one by one (the CLI feeds CSV rows as they are read):
 * `add` each record in input order, then `finish` once.
 */
export class WorklistStream {
  /** Each row's facts in input order (read after `finishItems`, e.g. by the desk's import). */
  readonly facts: RowFacts[] = [];
  private readonly triage: TriageStream;

  constructor(opts: Omit<TriageOptions, 'onEvaluated'>) {
    this.triage = new TriageStream({
      ...opts,
      onEvaluated: (i, ev, rec) => {
        this.facts[i] = factsOf(ev, rec);
      },
    });
  }

  add(rec: RawRecord): void {
    this.triage.add(rec);
  }

  /** The rows in input order, each with its result and facts (before ordering). */
  finishItems(): WorkItem[] {
    const results = this.triage.finish();
    const items = new Array<WorkItem>(results.length);
    for (let i = 0; i < results.length; i++) items[i] = workItem(results[i]!, this.facts[i]!, i);
    return items;
  }

  finish(): WorklistEntry[] {
    return orderWorklist(this.finishItems());
  }
}

export function worklistOf(records: readonly RawRecord[], opts: Omit<TriageOptions, 'onEvaluated'>): WorklistEntry[] {
  const s = new WorklistStream(opts);
  for (const r of records) s.add(r);
  return s.finish();
}

/**
 * Re-evaluates one person (the desk, after an interview answer) with the same engine;
 * `sharedPhone` carries the day's `PHONE_SHARED` finding, which one row alone cannot see.
 */
export function reevaluate(rec: RawRecord, opts: Omit<TriageOptions, 'onEvaluated'>, sharedPhone: boolean): { item: WorkItem; facts: RowFacts } {
  let facts: RowFacts | null = null;
  const s = new TriageStream({ ...opts, onEvaluated: (_i, ev, r) => (facts = factsOf(ev, r)) });
  s.add(rec);
  const result = s.finish()[0]!;
  const f = facts as RowFacts | null;
  if (f === null) throw new Error('reevaluate: no evaluation');
  if (sharedPhone && f.phoneKey !== null && !isPhoneShared(result)) {
    result.problems.push(problem('PHONE_SHARED'));
    sortProblems(result.problems);
  }
  return { item: workItem(result, f, 0), facts: f };
}
