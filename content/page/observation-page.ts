/**
 * The observation page model (対象者一覧, 個人ページ, 健康観察 settings tab): finds the
 * observation table with the same detector as page-kind detection, reads rows incrementally
 * (only new or changed rows; a 5,000-row list reads each row's observation cells once into a
 * reused buffer), evaluates each entry with the shared rules, keeps counts, phone groups and
 * the selected row, and tells the features what happened. Row marks, the panel, markers,
 * filter, keyboard, acknowledgements, audit, trends and the settings check are features
 * (`content/features/`, registry in `features/index.ts`).
 */
import { sendAudit, type AuditEventInput } from '../clients/audit';
import { AckStore, covers } from '../clients/ack-store';
import { AuditQueue } from '../clients/audit-queue';
import { ymdFromDate, type YMD } from '../../shared/dates';
import type { ObservationSnapshot } from '../../shared/messages';
import {
  buildObservationRules,
  observationStatus,
  type AlertLevel,
  type ObservationRules,
  type SettingsCode,
  type TrendCode,
} from '../../shared/observation';
import { Emitter, Scope } from '../feature';
import type { ObservationPageKind } from '../ui/ObservationPanel';
import type { PageEnv } from './notification-page';
import type { ObservationEvents, ObservationOptions } from './observation-events';
import { RowBook } from './observation-rowbook';

export type { ObservationEvents, ObservationOptions } from './observation-events';
import { identify, personKeyOfPage, planOf, trim, type ReadPlan, type RowState } from './observation-rows';
import { bodyRows, findObservationTable, rowsTouchedBy, type ObservationTable } from './observation-table';

const STRUCTURE = 'table, form, input, select, textarea, [role="switch"]';

export class ObservationPage {
  /** Durations (ms): full table scans, incremental updates (new or changed rows), renders; rows evaluated per scan/update. */
  readonly metrics: { scan: number[]; update: number[]; render: number[]; scanRows: number[]; updateRows: number[] } = { scan: [], update: [], render: [], scanRows: [], updateRows: [] };
  readonly events: Emitter<ObservationEvents>;
  readonly scope: Scope;
  readonly today: () => YMD;
  readonly acks: AckStore | null;
  rules: ObservationRules;
  table: ObservationTable | null = null;
  readonly rows: RowBook = new RowBook(this);
  trendCodes: TrendCode[] = [];
  settingsCodes: SettingsCode[] = [];
  current: RowState | null = null;
  filter = false;
  pageKey = '';
  stopped = false;
  private readonly audits: AuditQueue;
  private configSig: string;
  private plan: ReadPlan | null = null;
  private followPending = false;
  private renderPending = false;
  private clearRescan: () => void = () => undefined;
  private signal: AbortSignal | null = null;

  constructor(
    readonly env: PageEnv,
    readonly kind: ObservationPageKind,
    options: ObservationOptions = {},
  ) {
    this.today = options.today ?? (() => ymdFromDate(new Date()));
    this.audits = new AuditQueue(options.audit ?? ((e) => sendAudit(e)), env.log);
    this.acks = options.acks === undefined ? new AckStore() : options.acks;
    const cfg = env.settings().observation;
    this.rules = buildObservationRules(cfg);
    this.configSig = JSON.stringify(cfg);
    this.events = new Emitter(env.log);
    this.scope = new Scope(env.doc.defaultView ?? window, env.log);
  }

  get win(): Window {
    return this.env.doc.defaultView ?? window;
  }

  start(signal: AbortSignal): void {
    this.signal = signal;
    const doc = this.env.doc;
    for (const a of ['data-tier', 'data-missing', 'data-invalid', 'data-unseen', 'data-guard']) this.env.host.removeAttribute(a);
    signal.addEventListener('abort', () => this.destroy(), { once: true });
    const observer = new MutationObserver((records) => {
      try {
        this.onMutations(records);
      } catch (e) {
        this.env.log(e, 'observation.mutations');
      }
    });
    observer.observe(
      doc.documentElement,
      this.kind === 'observation-settings'
        ? { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-checked', 'checked', 'selected', 'value'] }
        : { childList: true, subtree: true, characterData: true },
    );
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
    if (this.kind === 'observation-settings') {
      this.events.emit('settingsDirty', 0);
      return;
    }
    const relayout = () => this.events.emit('layout', undefined);
    this.scope.listen(this.win, 'scroll', relayout, signal, 'observation.layout', { capture: true, passive: true });
    this.scope.listen(this.win, 'resize', relayout, signal, 'observation.layout', { passive: true });
    this.rescan();
  }

  /** Reads the page again from scratch; returns whether the observation content is still there. */
  onStructureChange(): boolean {
    if (this.kind === 'observation-settings') {
      this.events.emit('settingsDirty', 0);
      return true;
    }
    if (!this.table?.table.isConnected) this.rescan();
    return this.table !== null;
  }

  /**
   * Whether a change of `target`'s children can change the page kind: rows coming and going
   * inside our table cannot (they are followed here, incrementally); a table, form or
   * control appearing or going elsewhere can.
   */
  isAffectedBy(target: Node, nodes: readonly Node[]): boolean {
    const t = this.table?.table;
    if (this.kind !== 'observation-settings') {
      if (!t || !t.isConnected) return true;
      if (t.contains(target)) return false;
    }
    for (const n of nodes) {
      if (n.nodeType !== 1) continue;
      const e = n as Element;
      if (t && e.contains(t)) return true;
      if (e.matches(STRUCTURE) || e.querySelector(STRUCTURE)) return true;
    }
    return false;
  }

  onLayoutChange(): void {
    this.events.emit('layout', undefined);
  }

  onSettingsChange(): void {
    try {
      const cfg = this.env.settings().observation;
      const sig = JSON.stringify(cfg);
      if (sig !== this.configSig) {
        this.configSig = sig;
        this.rules = buildObservationRules(cfg);
        if (this.kind === 'observation-settings') this.events.emit('settingsDirty', 0);
        else this.reevaluateAll();
      }
      this.scheduleRender();
    } catch (e) {
      this.env.log(e, 'observation.settings');
    }
  }

  status(): 'ok' | 'warning' | 'error' {
    if (this.kind === 'observation-settings') return this.settingsCodes.length > 0 ? 'warning' : 'ok';
    return observationStatus(this.counts, this.trendCodes.length);
  }

  setStatus(): void {
    const host = this.env.host;
    if (host.getAttribute('data-page') !== this.kind) host.setAttribute('data-page', this.kind);
    const status = this.status();
    if (host.getAttribute('data-status') !== status) host.setAttribute('data-status', status);
  }

  /** Row states (see `sortedOrder` for document order). */
  get order(): RowState[] {
    return this.rows.order;
  }

  get counts(): Record<AlertLevel, number> {
    return this.rows.counts;
  }

  ackedCount(): number {
    return this.rows.ackedCount();
  }

  stateOf(row: Element | null | undefined): RowState | undefined {
    return this.rows.stateOf(row);
  }

  sortedOrder(): RowState[] {
    return this.rows.sortedOrder();
  }

  snapshot(): ObservationSnapshot {
    return {
      page: this.kind,
      status: this.status(),
      counts: { ...this.counts, acked: this.ackedCount(), rows: this.order.length },
      trends: [...this.trendCodes],
      settings: [...this.settingsCodes],
      filter: this.filter,
      current: this.current?.index ?? null,
    };
  }

  /** Who and which day a row is about (a new person or day forgets its 確認済み lookup). */
  identify(s: RowState, texts?: readonly (string | undefined)[]): void {
    if (!this.table || !this.plan) return;
    if (identify(s, this.table, this.plan, this.kind, this.today(), this.pageKey, texts).changed) {
      s.ackKey = null;
      s.ackRecord = undefined;
      s.acked = false;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Rows.

  private rescan(): void {
    const t0 = performance.now();
    try {
      this.clearRows();
      this.table = findObservationTable(this.env.doc);
      this.plan = this.table ? planOf(this.table, this.kind) : null;
      if (this.kind !== 'observation-list') this.pageKey = personKeyOfPage(this.env.doc);
      if (this.table && this.plan) this.rows.process(this.table, this.plan, bodyRows(this.table), true);
      this.finishBatch();
      this.metrics.scan.push(performance.now() - t0);
      this.metrics.scanRows.push(this.order.length);
      trim(this.metrics.scan, this.metrics.scanRows);
    } catch (e) {
      this.env.log(e, 'observation.scan');
    }
  }

  private scheduleRescan(): void {
    this.clearRescan();
    if (this.signal) this.clearRescan = this.scope.timeout(() => this.rescan(), 100, this.signal, 'observation.scan');
  }

  private onMutations(records: MutationRecord[]): void {
    if (this.stopped) return;
    if (this.kind === 'observation-settings') {
      if (records.some((r) => this.env.host !== r.target && !this.env.host.contains(r.target))) this.events.emit('settingsDirty', 100);
      return;
    }
    const t = this.table;
    if (!t || !t.table.isConnected) return this.scheduleRescan();
    const t0 = performance.now();
    try {
      const change = rowsTouchedBy(t, records);
      if (change === 'rescan') return this.scheduleRescan();
      let changed = change.removed && this.dropDetached();
      const rows = [...change.rows].filter((r) => r.isConnected);
      if (rows.length > 0 && this.plan) {
        this.rows.process(t, this.plan, rows, false);
        changed = true;
      }
      if (!changed) return;
      this.finishBatch();
      this.metrics.update.push(performance.now() - t0);
      this.metrics.updateRows.push(rows.length);
      trim(this.metrics.update, this.metrics.updateRows);
    } catch (e) {
      this.env.log(e, 'observation.update');
    }
  }

  private reevaluateAll(): void {
    const t0 = performance.now();
    for (const s of this.rows.order) this.rows.evaluate(s);
    this.finishBatch();
    this.metrics.update.push(performance.now() - t0);
    this.metrics.updateRows.push(this.order.length);
  }

  /** Forgets rows that left the table. Returns whether any did. */
  private dropDetached(): boolean {
    const gone = this.rows.dropDetached(this.table?.table);
    if (gone.length === 0) return false;
    if (this.current && gone.includes(this.current)) this.current = null;
    this.events.emit('forget', { states: gone, all: false });
    return true;
  }

  private clearRows(): void {
    const old = this.rows.clear();
    this.current = null;
    this.events.emit('forget', { states: old, all: true });
  }

  /** After a batch: row marks, trends, host status, follow-up (a later task), render (next frame). */
  private finishBatch(): void {
    const evaluated = this.rows.takeEvaluated();
    if (evaluated.length > 0) this.events.emit('rows', evaluated);
    this.events.emit('batch', undefined);
    this.setStatus();
    this.scheduleFollowUp();
    this.scheduleRender();
  }

  /** After the scan (the scan and the first paint come first): who the flagged rows are, then audit and 確認済み lookup. */
  private scheduleFollowUp(): void {
    if (this.followPending || this.rows.followQueue.size === 0 || !this.signal) return;
    this.followPending = true;
    this.scope.timeout(
      () => {
        this.followPending = false;
        const flagged: RowState[] = [];
        for (const s of this.rows.followQueue) {
          if (s.dead || s.result.level === 'none') continue;
          if (!s.identified) this.identify(s);
          s.acked = covers(s.ackRecord, s.result.codes);
          flagged.push(s);
          this.raise(s.personKey, s.dateIso, s.result.level, s.result.codes);
        }
        this.rows.followQueue.clear();
        if (flagged.length > 0) this.events.emit('flagged', flagged);
      },
      0,
      this.signal,
      'observation.follow-up',
    );
  }

  /** An alert for the audit (the alert-audit feature logs it once per person, day and code set). */
  raise(personKey: string, day: string, level: AlertLevel, codes: readonly string[]): void {
    if (level !== 'none' && codes.length > 0) this.events.emit('alert', { personKey, day, level, codes });
  }

  /** Logs an event through the page's one-at-a-time queue. */
  sendAudit(event: AuditEventInput): void {
    this.audits.push(event);
  }

  // -------------------------------------------------------------------------------------------
  // Selection, filter, drawing.

  /** Moves to the next (1) or previous (-1) flagged row that is shown (the keyboard feature does it). */
  step(dir: 1 | -1): void {
    this.events.emit('step', dir);
  }

  /** Makes `s` the selected row; `focus`: scroll it into view and focus it (the keyboard feature does it). */
  select(s: RowState, focus: boolean): void {
    this.current = s;
    this.events.emit('select', { state: s, focus });
    this.scheduleRender();
  }

  setFilter(on: boolean): void {
    this.filter = on;
    this.events.emit('filter', on);
    this.scheduleRender();
  }

  /** Acknowledges the selected row (panel button). */
  acknowledgeCurrent(): void {
    if (this.current) this.events.emit('ack', this.current);
  }

  scheduleRender(): void {
    if (this.renderPending || this.stopped || !this.signal) return;
    this.renderPending = true;
    this.scope.frame(
      () => {
        this.renderPending = false;
        this.flush();
      },
      this.signal,
      'observation.render',
    );
  }

  /** Draws the panel and the markers now. */
  flush(): void {
    if (this.stopped) return;
    const t0 = performance.now();
    this.events.emit('render', undefined);
    this.metrics.render.push(performance.now() - t0);
    trim(this.metrics.render);
  }

  private destroy(): void {
    this.stopped = true;
    this.clearRows();
    this.audits.stop();
    this.events.emit('destroy', undefined);
  }
}
