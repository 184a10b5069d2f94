/**
 * The rows the observation page model knows, in document order: their states, counts by
 * level, the 自動架電 phone groups, and which rows were evaluated or flagged since the last
 * batch. The hot path of a 5,000-row list lives here (`process`, `evaluate`).
 */
import { covers } from '../clients/ack-store';
import { evaluateEntry, type AlertLevel, type ObservationRules, type ObsEntry } from '../../shared/observation';
import type { ObservationPageKind } from '../ui/ObservationPanel';
import { autodial, newState, PhoneGroups, type ReadPlan, type RowState } from './observation-rows';
import { readTexts, type ObservationTable } from './observation-table';

export interface RowBookOwner {
  readonly kind: ObservationPageKind;
  readonly rules: ObservationRules;
  identify(s: RowState, texts?: readonly (string | undefined)[]): void;
}

export class RowBook {
  /** Row states (in document order once `sortedOrder` ran). */
  order: RowState[] = [];
  counts: Record<AlertLevel, number> = { critical: 0, warning: 0, unanswered: 0, none: 0 };
  /** Flagged rows to identify, log and look up after the scan. */
  readonly followQueue = new Set<RowState>();
  /** One facts record reused for every row (no allocation per row). */
  private readonly facts: { entry: ObsEntry; phoneShared: boolean } = { entry: { temp: null, spo2: null, marks: {}, blank: false }, phoneShared: false };
  private stateMap: Map<HTMLTableRowElement, RowState> | null = null;
  private orderDirty = false;
  private nextIndex = 0;
  private readonly phones = new PhoneGroups();
  private evaluated: RowState[] = [];

  constructor(private readonly owner: RowBookOwner) {}

  /** The state of a row (builds the lookup map on first use). */
  stateOf(row: Element | null | undefined): RowState | undefined {
    if (!row) return undefined;
    if (!this.stateMap) {
      this.stateMap = new Map();
      for (const s of this.order) this.stateMap.set(s.row, s);
    }
    return this.stateMap.get(row as HTMLTableRowElement);
  }

  sortedOrder(): RowState[] {
    if (this.orderDirty) {
      this.order.sort((a, b) => (a.row === b.row ? 0 : a.row.compareDocumentPosition(b.row) & 4 ? -1 : 1));
      this.orderDirty = false;
    }
    return this.order;
  }

  ackedCount(): number {
    let n = 0;
    for (const s of this.order) if (s.acked && s.result.level !== 'none') n++;
    return n;
  }

  /** The rows evaluated since the last call. */
  takeEvaluated(): RowState[] {
    const e = this.evaluated;
    this.evaluated = [];
    return e;
  }

  /**
   * Reads and evaluates `rows` (new or changed); rows whose phone group changes are evaluated
   * again too. `ordered`: the rows are the whole table in document order (a rescan). Only the
   * observation cells (and 健康観察方法) are read for every row; the phone only for 自動架電
   * rows; who and which day only for flagged rows, after the scan.
   */
  process(t: ObservationTable, plan: ReadPlan, rows: readonly HTMLTableRowElement[], ordered: boolean): void {
    const isList = this.owner.kind === 'observation-list';
    const extra = new Set<RowState>();
    const done: RowState[] = [];
    const lastBefore = ordered ? undefined : this.order[this.order.length - 1];
    let appendOnly = true;
    const { at, buf, read, method } = plan;
    const phoneAt = plan.phone ? [plan.phone] : null;
    const phoneBuf: (string | undefined)[] = [undefined];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      if (!readTexts(t, row, at, buf, !ordered)) continue;
      const entry = read(buf);
      let s = ordered ? undefined : this.stateOf(row);
      if (!s) {
        s = newState(row, this.nextIndex++, entry);
        this.counts.none++;
        this.stateMap?.set(row, s);
        this.order.push(s);
        if (lastBefore && appendOnly && !(lastBefore.row.compareDocumentPosition(row) & 4)) appendOnly = false;
      } else {
        s.entry = entry;
        s.identified = false;
      }
      if (isList) {
        let digits: string | null = null;
        if (phoneAt && method >= 0 && autodial(buf[method]) && readTexts(t, row, phoneAt, phoneBuf)) digits = this.phones.digits(phoneBuf[0]);
        if (digits !== s.phone) this.phones.move(s, digits, extra);
      } else this.owner.identify(s, buf);
      done.push(s);
    }
    if (!appendOnly) this.orderDirty = true;
    for (let i = 0; i < done.length; i++) {
      const s = done[i]!;
      extra.delete(s);
      this.evaluate(s);
    }
    for (const s of extra) this.evaluate(s);
  }

  evaluate(s: RowState): void {
    s.shared = this.phones.shared(s);
    const before = s.result.level;
    const facts = this.facts;
    facts.entry = s.entry;
    facts.phoneShared = s.shared;
    const result = evaluateEntry(this.owner.rules.entry, facts);
    s.result = result;
    if (before !== result.level) {
      this.counts[before]--;
      this.counts[result.level]++;
    }
    this.evaluated.push(s);
    if (result.level !== 'none') {
      s.acked = covers(s.ackRecord, result.codes);
      // Who it is, the audit and the 確認済み lookup come after the scan.
      this.followQueue.add(s);
    } else s.acked = false;
  }

  /** Forgets rows that are no longer in `table`; returns them. */
  dropDetached(table: HTMLTableElement | undefined): RowState[] {
    const keep: RowState[] = [];
    const gone: RowState[] = [];
    for (const s of this.order) (s.row.isConnected && table?.contains(s.row) ? keep : gone).push(s);
    if (gone.length === 0) return gone;
    this.order = keep;
    for (const s of gone) {
      s.dead = true;
      this.stateMap?.delete(s.row);
      this.counts[s.result.level]--;
      this.followQueue.delete(s);
      if (s.phone !== null) {
        const affected = new Set<RowState>();
        this.phones.move(s, null, affected);
        for (const o of affected) if (!o.dead) this.evaluate(o);
      }
    }
    return gone;
  }

  /** Forgets every row; returns them. */
  clear(): RowState[] {
    const old = this.order;
    for (const st of old) st.dead = true;
    this.stateMap = null;
    this.order = [];
    this.orderDirty = false;
    this.counts = { critical: 0, warning: 0, unanswered: 0, none: 0 };
    this.phones.clear();
    this.nextIndex = 0;
    this.followQueue.clear();
    this.evaluated = [];
    return old;
  }
}
