/**
 * The observation feature (contract §6, issue 5) for the three observation page kinds:
 *
 * - 対象者一覧 and 個人ページ: reads the observation table row by row, evaluates each entry with
 *   the rules of `shared/observation.ts`, marks each `<tr>` with `data-hersys-assist-alert`
 *   and `data-hersys-assist-reasons`, draws markers in our own layer, keeps counts, and
 *   follows rows added later (paging, infinite scroll) incrementally: only new or changed
 *   rows are read again. The list adds PHONE_SHARED, the "only people needing attention"
 *   filter and J/K (Alt+↓/↑) navigation; the person page adds the trend rules and sparklines.
 * - 健康観察 settings: reads the tab by its labels and lists the settings warnings.
 *
 * 確認済み marks are stored under a salted hash (see observation-acks.ts) and logged with
 * `alert-acknowledged`; raised alerts are logged once per person, day and code set.
 * Everything is tied to `signal`; the page keeps working if anything here fails.
 */
import { h, render } from 'preact';
import { browser } from 'wxt/browser';
import { sendAudit, type AuditEventInput } from './clients/audit';
import { formatISO, ymdFromDate, type YMD } from '../shared/dates';
import { analyzePhone, normalizePhoneDigits } from '../shared/phone';
import {
  buildObservationRules,
  chronological,
  compileEntryReader,
  dateOfCell,
  evaluateEntry,
  evaluateObservationSettings,
  evaluateTrend,
  obsCodeLabel,
  observationStatus,
  usesAutodial,
  type AlertLevel,
  type EntryResult,
  type ObsCode,
  type ObservationConfig,
  type ObservationRules,
  type ObsEntry,
  type ObsLevel,
  type RowCells,
  type RowCode,
  type ObsColumn,
  type SettingsCode,
  type TrendCode,
} from '../shared/observation';
import { isolated } from './guard';
import type { PageEnv as FeatureEnv } from './page/notification-page';
import { AckStore, covers, type AckRecord } from './clients/ack-store';
import {
  bodyRows,
  findObservationTable,
  isDataRow,
  pageHersysId,
  readObservationSettings,
  readRowCells,
  readTexts,
  rowsIn,
  type ObservationTable,
} from './page/observation-table';
import { OBS_LEVEL_KEY } from '../shared/i18n';
import { ObservationPanel, type CurrentRow, type ObservationPageKind } from './ui/ObservationPanel';
import { RowMarkerLayer, type RowMark } from './ui/row-markers';
import type { SparkPoint } from './ui/Sparkline';
import { translator } from './ui/strings';

export const ALERT_ATTR = 'data-hersys-assist-alert';
export const REASONS_ATTR = 'data-hersys-assist-reasons';

export interface ObservationOptions {
  /** The local calendar date (tests inject one). */
  today?: () => YMD;
  /** The audit sender (tests inject one). */
  audit?: (event: AuditEventInput) => Promise<unknown>;
  /** Where 確認済み marks are kept; null disables storing them. */
  acks?: AckStore | null;
}

export interface ObservationSnapshot {
  page: ObservationPageKind;
  status: 'ok' | 'warning' | 'error';
  counts: Record<AlertLevel, number> & { acked: number; rows: number };
  trends: TrendCode[];
  settings: SettingsCode[];
  filter: boolean;
  current: number | null;
}

interface RowState {
  row: HTMLTableRowElement;
  index: number;
  /** Forgotten (the row left the table, or the table was read again). */
  dead: boolean;
  entry: ObsEntry;
  /** Who and which day (list rows: read only once the row is flagged). */
  identified: boolean;
  dateIso: string;
  personKey: string;
  label: string;
  /** The attribute values last written (so unchanged rows are not written again). */
  shownLevel: string | null;
  shownReasons: string | null;
  /** National digits of the phone when the person is observed by 自動架電 (list only). */
  phone: string | null;
  shared: boolean;
  result: EntryResult;
  ackKey: string | null;
  ackRecord: AckRecord | undefined;
  acked: boolean;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const STRUCTURE = 'table, form, input, select, textarea, [role="switch"]';
const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'tel', 'url', 'email', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);

/** Whether keys typed at `el` belong to the user's typing (text fields, selects, editors). */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has(((el as HTMLInputElement).getAttribute('type') ?? '').toLowerCase());
  if ((el as HTMLElement).isContentEditable) return true;
  const role = el.getAttribute('role');
  return role === 'textbox' || role === 'combobox' || role === 'searchbox' || role === 'spinbutton';
}

export class ObservationFeature {
  /** Durations (ms): full table scans, incremental updates (new or changed rows), panel renders; rows evaluated per scan/update. */
  readonly metrics: { scan: number[]; update: number[]; render: number[]; scanRows: number[]; updateRows: number[] } = {
    scan: [],
    update: [],
    render: [],
    scanRows: [],
    updateRows: [],
  };

  private rules: ObservationRules;
  private configSig: string;
  private table: ObservationTable | null = null;
  private plan: ReadPlan | null = null;
  /** One facts record reused for every row (no allocation per row). */
  private readonly facts: { entry: ObsEntry; phoneShared: boolean } = { entry: { temp: null, spo2: null, marks: {}, blank: false }, phoneShared: false };
  /** Row → state, built on first lookup (the scan itself only needs `order`). */
  private stateMap: Map<HTMLTableRowElement, RowState> | null = null;
  /** Row states in document order. */
  private order: RowState[] = [];
  private orderDirty = false;
  private nextIndex = 0;
  private counts: Record<AlertLevel, number> = { critical: 0, warning: 0, unanswered: 0, none: 0 };
  private phoneGroups = new Map<string, RowState[]>();
  private trendCodes: TrendCode[] = [];
  private settingsCodes: SettingsCode[] = [];
  private current: RowState | null = null;
  private filter = false;
  private hiddenByUs = new Set<HTMLTableRowElement>();
  private tabbed = new Set<HTMLElement>();
  private personKeyOfPage: string | null = null;
  private raised = new Set<string>();
  private auditQueue: AuditEventInput[] = [];
  private auditing = false;
  private ackQueue = new Set<RowState>();
  private ackRunning = false;
  private byAckKey = new Map<string, RowState>();
  private observer: MutationObserver | null = null;
  private readonly logFn = (e: unknown, where: string): void => this.env.log(e, where);
  private renderFrame = 0;
  private settingsTimer = 0;
  private rescanTimer = 0;
  private stopped = false;
  private readonly panel: HTMLElement;
  private readonly markers: RowMarkerLayer | null;
  private readonly today: () => YMD;
  private readonly audit: (event: AuditEventInput) => Promise<unknown>;
  private readonly acks: AckStore | null;

  constructor(
    private readonly env: FeatureEnv,
    readonly kind: ObservationPageKind,
    options: ObservationOptions = {},
  ) {
    this.today = options.today ?? (() => ymdFromDate(new Date()));
    this.audit = options.audit ?? ((e) => sendAudit(e));
    this.acks = options.acks === undefined ? new AckStore() : options.acks;
    const cfg = env.settings().observation;
    this.rules = buildObservationRules(cfg);
    this.configSig = JSON.stringify(cfg);
    this.panel = env.doc.createElement('div');
    env.container.append(this.panel);
    if (kind === 'observation-settings') this.markers = null;
    else {
      this.markers = new RowMarkerLayer(env.container, () => {
        const t = translator(this.env.settings().language);
        return { ack: t('obs_ack'), acked: t('obs_acked'), ackHint: t('obs_ackHint'), ackedSuffix: t('obs_markAckedSuffix'), separator: t('obs_listSeparator') };
      });
      this.markers.onAck = (m) => {
        const s = this.stateOf(m.row);
        if (s) void this.acknowledge(s);
      };
      this.markers.onSelect = (m) => {
        const s = this.stateOf(m.row);
        if (s) this.select(s, false);
      };
      this.markers.onError = (e) => this.env.log(e, 'observation.markers');
    }
  }

  /** The state of a row (builds the lookup map on first use). */
  private stateOf(row: Element | null | undefined): RowState | undefined {
    if (!row) return undefined;
    if (!this.stateMap) {
      this.stateMap = new Map();
      for (const s of this.order) this.stateMap.set(s.row, s);
    }
    return this.stateMap.get(row as HTMLTableRowElement);
  }

  start(signal: AbortSignal): void {
    const doc = this.env.doc;
    const win = doc.defaultView ?? window;
    // Every callback the page's events reach is isolated: an exception is logged, never thrown into the page.
    const log = (e: unknown, where: string) => this.env.log(e, where);
    for (const a of ['data-tier', 'data-missing', 'data-invalid', 'data-guard']) this.env.host.removeAttribute(a);
    signal.addEventListener('abort', () => this.destroy());
    this.observer = new MutationObserver(isolated('observation.mutations', log, (records: MutationRecord[]) => this.onMutations(records)));
    this.observer.observe(
      doc.documentElement,
      this.kind === 'observation-settings'
        ? { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-checked', 'checked', 'selected', 'value'] }
        : { childList: true, subtree: true, characterData: true },
    );
    if (this.kind === 'observation-settings') {
      const later = isolated('observation.settings-input', log, (e: Event) => {
        if ((e as InputEvent).isComposing) return;
        this.scheduleSettings(60);
      });
      doc.addEventListener('change', later, { capture: true, signal });
      doc.addEventListener('input', later, { capture: true, signal });
      doc.addEventListener('click', later, { capture: true, signal });
      this.refreshSettings();
      return;
    }
    const onKey = isolated('observation.key', log, (e: Event) => this.onKey(e as KeyboardEvent));
    doc.addEventListener('keydown', onKey, { signal });
    // Our shadow root's own keys do not reach the document (isolated events): listen there too.
    this.env.container.addEventListener('keydown', onKey, { signal });
    const relayout = isolated('observation.layout', log, () => this.markers?.schedule());
    win.addEventListener('scroll', relayout, { capture: true, passive: true, signal });
    win.addEventListener('resize', relayout, { passive: true, signal });
    if (this.acks) {
      // Marks made in another tab show here too.
      const onStorage = isolated('observation.storage', log, (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area === 'local') this.onAckStorage(changes);
      });
      try {
        browser.storage.onChanged.addListener(onStorage);
        signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(onStorage));
      } catch (e) {
        this.env.log(e, 'observation.storage');
      }
    }
    this.rescan();
  }

  /** Reads the page again from scratch; returns whether the observation content is still there. */
  onStructureChange(): boolean {
    if (this.kind === 'observation-settings') {
      this.refreshSettings();
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
    this.markers?.schedule();
  }

  onSettingsChange(): void {
    try {
      const cfg: ObservationConfig = this.env.settings().observation;
      const sig = JSON.stringify(cfg);
      if (sig !== this.configSig) {
        this.configSig = sig;
        this.rules = buildObservationRules(cfg);
        if (this.kind === 'observation-settings') this.refreshSettings();
        else this.reevaluateAll();
      }
      this.scheduleRender();
    } catch (e) {
      this.env.log(e, 'observation.settings');
    }
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

  // -------------------------------------------------------------------------------------------
  // Table rows.

  /** Forgets every row and reads the table again (start, or the table was replaced). */
  private rescan(): void {
    const t0 = performance.now();
    try {
      this.clearRows();
      this.table = findObservationTable(this.env.doc);
      this.plan = this.table ? planOf(this.table, this.kind) : null;
      if (this.kind === 'observation-person') this.personKeyOfPage = personKeyOfPage(this.env.doc);
      const rows = this.table ? bodyRows(this.table) : [];
      this.process(rows, true);
      this.finishBatch();
      this.metrics.scan.push(performance.now() - t0);
      this.metrics.scanRows.push(this.order.length);
      trim(this.metrics.scan, this.metrics.scanRows);
    } catch (e) {
      this.env.log(e, 'observation.scan');
    }
  }

  private scheduleRescan(): void {
    const win = this.env.doc.defaultView ?? window;
    win.clearTimeout(this.rescanTimer);
    this.rescanTimer = win.setTimeout(() => {
      if (!this.stopped) this.rescan();
    }, 100);
  }

  private onMutations(records: MutationRecord[]): void {
    if (this.stopped) return;
    if (this.kind === 'observation-settings') {
      for (const r of records) {
        if (this.env.host === r.target || this.env.host.contains(r.target)) continue;
        this.scheduleSettings(100);
        return;
      }
      return;
    }
    const t = this.table;
    if (!t || !t.table.isConnected) {
      this.scheduleRescan();
      return;
    }
    const t0 = performance.now();
    try {
      const touched = new Set<HTMLTableRowElement>();
      let removed = false;
      for (const r of records) {
        const target = r.target;
        if (!t.table.contains(target)) continue;
        if (r.type === 'childList') {
          for (const n of Array.from(r.addedNodes)) {
            for (const row of rowsIn(t, n)) touched.add(row);
            if (n.nodeType === 1 && ((n as Element).tagName === 'THEAD' || (n as Element).contains(t.headerRow))) {
              this.scheduleRescan();
              return;
            }
          }
          if (r.removedNodes.length > 0) removed = true;
        }
        // A change inside a row (a cell's text) reads that row again.
        const el = target.nodeType === 1 ? (target as Element) : target.parentElement;
        const row = el?.closest('tr');
        if (row === t.headerRow || (row && row.parentElement?.tagName === 'THEAD')) {
          this.scheduleRescan();
          return;
        }
        if (row && isDataRow(t, row)) touched.add(row);
      }
      if (!t.headerRow.isConnected) {
        this.scheduleRescan();
        return;
      }
      let changed = false;
      if (removed) changed = this.dropDetached() || changed;
      const rows = [...touched].filter((r) => r.isConnected);
      if (rows.length > 0) {
        this.process(rows, false);
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

  /**
   * Reads, evaluates and marks `rows` (new or changed); rows whose phone group changes are
   * marked again too. `ordered`: the rows are the whole table in document order (a rescan).
   * The hot path of a 5,000-row list: only the observation cells (and 健康観察方法) are read
   * for every row, into a reused buffer; the phone only for 自動架電 rows; who and which day
   * only for flagged rows, after the scan (`followUp`).
   */
  private process(rows: readonly HTMLTableRowElement[], ordered: boolean): void {
    const t = this.table;
    const plan = this.plan;
    if (!t || !plan) return;
    const isList = this.kind === 'observation-list';
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
        if (phoneAt && method >= 0 && autodial(buf[method]) && readTexts(t, row, phoneAt, phoneBuf)) digits = this.phoneDigits(phoneBuf[0]);
        if (digits !== s.phone) this.regroupPhone(s, digits, extra);
      } else this.identify(s, buf);
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

  /** Who and which day a row is about: the list row's ID (or name and date), the person page's ID and the row's date. */
  private identify(s: RowState, texts?: readonly (string | undefined)[]): void {
    const t = this.table;
    const plan = this.plan;
    if (!t || !plan) return;
    let c: RowCells = {};
    if (texts) plan.cols.forEach((col, i) => (c[col] = texts[i]));
    else c = readRowCells(t, s.row, plan.ident) ?? {};
    const date = dateOfCell(c.date);
    const dateIso = date ? formatISO(date) : formatISO(this.today());
    const personKey =
      this.kind === 'observation-list' ? personKeyOfRow(c, dateIso, s.index) : (this.personKeyOfPage ?? `page:${pathOf(this.env.doc)}`);
    if (dateIso !== s.dateIso || personKey !== s.personKey) {
      if (s.ackKey) this.byAckKey.delete(s.ackKey);
      s.ackKey = null;
      s.ackRecord = undefined;
      s.acked = false;
    }
    s.dateIso = dateIso;
    s.personKey = personKey;
    s.label = this.kind === 'observation-list' ? rowLabel(c, s.index) : (c.date ?? '').trim() || `#${s.index + 1}`;
    s.identified = true;
  }

  private phoneCache = new Map<string, string | null>();
  private phoneValid = new Map<string, boolean>();

  /** National digits of a phone cell (cached: the cheap digit scan; validity is checked once a number is shared). */
  private phoneDigits(raw: string | undefined): string | null {
    if (raw === undefined) return null;
    let d = this.phoneCache.get(raw);
    if (d === undefined) {
      d = normalizePhoneDigits(raw);
      if (this.phoneCache.size > 20000) this.phoneCache.clear();
      this.phoneCache.set(raw, d);
    }
    return d;
  }

  /** Whether a number is a real one (contract §5: sharing is only counted among valid numbers). */
  private isValidPhone(digits: string): boolean {
    let v = this.phoneValid.get(digits);
    if (v === undefined) {
      const kind = analyzePhone(digits).kind;
      v = kind !== 'invalid' && kind !== 'empty';
      this.phoneValid.set(digits, v);
    }
    return v;
  }

  /** Moves a row to the group of its (自動架電) phone number; rows whose sharing changes are added to `affected`. */
  private regroupPhone(s: RowState, digits: string | null, affected: Set<RowState>): void {
    if (s.phone === digits) return;
    if (s.phone !== null) {
      const g = this.phoneGroups.get(s.phone);
      if (g) {
        const i = g.indexOf(s);
        if (i >= 0) g.splice(i, 1);
        if (g.length === 1) affected.add(g[0]!);
        if (g.length === 0) this.phoneGroups.delete(s.phone);
      }
    }
    s.phone = digits;
    if (digits !== null) {
      const g = this.phoneGroups.get(digits);
      if (!g) this.phoneGroups.set(digits, [s]);
      else {
        g.push(s);
        if (g.length === 2) affected.add(g[0]!);
      }
    }
  }

  private evaluate(s: RowState): void {
    s.shared = s.phone !== null && (this.phoneGroups.get(s.phone)?.length ?? 0) >= 2 && this.isValidPhone(s.phone);
    const before = s.result.level;
    const facts = this.facts;
    facts.entry = s.entry;
    facts.phoneShared = s.shared;
    const result = evaluateEntry(this.rules.entry, facts);
    s.result = result;
    const level = result.level;
    if (before !== level) {
      this.counts[before]--;
      this.counts[level]++;
    }
    if (s.shownLevel !== level) {
      s.row.setAttribute(ALERT_ATTR, level);
      s.shownLevel = level;
    }
    if (s.shownReasons !== result.reasons) {
      s.row.setAttribute(REASONS_ATTR, result.reasons);
      s.shownReasons = result.reasons;
    }
    if (this.filter) this.applyFilter(s);
    if (level !== 'none') {
      s.acked = covers(s.ackRecord, result.codes);
      // Who it is, the audit and the 確認済み lookup come after the scan.
      this.followQueue.add(s);
    } else s.acked = false;
  }

  private reevaluateAll(): void {
    const t0 = performance.now();
    for (const s of this.order) this.evaluate(s);
    this.finishBatch();
    this.metrics.update.push(performance.now() - t0);
    this.metrics.updateRows.push(this.order.length);
  }

  /** Forgets rows that left the table. Returns whether any did. */
  private dropDetached(): boolean {
    const table = this.table?.table;
    const keep: RowState[] = [];
    const gone: RowState[] = [];
    for (const s of this.order) (s.row.isConnected && table?.contains(s.row) ? keep : gone).push(s);
    if (gone.length === 0) return false;
    this.order = keep;
    for (const s of gone) {
      s.dead = true;
      this.stateMap?.delete(s.row);
      this.counts[s.result.level]--;
      this.hiddenByUs.delete(s.row);
      if (s.ackKey) this.byAckKey.delete(s.ackKey);
      this.ackQueue.delete(s);
      this.followQueue.delete(s);
      if (this.current === s) this.current = null;
      if (s.phone !== null) {
        const affected = new Set<RowState>();
        this.regroupPhone(s, null, affected);
        for (const o of affected) if (!o.dead) this.evaluate(o);
      }
    }
    return true;
  }

  private clearRows(): void {
    for (const s of this.order) {
      if (!s.row.isConnected) continue;
      s.row.removeAttribute(ALERT_ATTR);
      s.row.removeAttribute(REASONS_ATTR);
    }
    for (const r of this.hiddenByUs) r.hidden = false;
    this.hiddenByUs.clear();
    for (const st of this.order) st.dead = true;
    this.stateMap = null;
    this.order = [];
    this.orderDirty = false;
    this.counts = { critical: 0, warning: 0, unanswered: 0, none: 0 };
    this.phoneGroups.clear();
    this.nextIndex = 0;
    this.byAckKey.clear();
    this.ackQueue.clear();
    this.followQueue.clear();
    this.current = null;
  }

  /** After a batch: trends, host status, audit and acks (async), panel and markers (next frame). */
  private finishBatch(): void {
    if (this.kind === 'observation-person') {
      const codes = evaluateTrend(
        this.rules.trend,
        this.order.map((s) => ({ date: isoToYmd(s.dateIso), temp: s.entry.temp, spo2: s.entry.spo2 })),
      );
      this.trendCodes = codes;
      if (codes.length > 0) this.raise(this.personKeyOfPage ?? `page:${pathOf(this.env.doc)}`, 'trend', 'warning', codes);
    }
    this.setStatus();
    this.scheduleFollowUp();
    this.scheduleRender();
  }

  private followTimer = 0;
  private followQueue = new Set<RowState>();

  /** After the scan (a later task: the scan and the first paint come first): who the flagged rows are, audit, 確認済み lookup. */
  private scheduleFollowUp(): void {
    if (this.followTimer || this.followQueue.size === 0) return;
    const win = this.env.doc.defaultView ?? window;
    this.followTimer = win.setTimeout(() => {
      this.followTimer = 0;
      this.followUp();
    }, 0);
  }

  private followUp(): void {
    if (this.stopped) return;
    try {
      for (const s of this.followQueue) {
        if (s.dead || s.result.level === 'none') continue;
        if (!s.identified) this.identify(s);
        s.acked = covers(s.ackRecord, s.result.codes);
        if (!s.ackKey) this.ackQueue.add(s);
        this.raise(s.personKey, s.dateIso, s.result.level, s.result.codes);
      }
      this.followQueue.clear();
      void this.pumpAcks();
    } catch (e) {
      this.env.log(e, 'observation.follow-up');
    }
  }

  private status(): 'ok' | 'warning' | 'error' {
    if (this.kind === 'observation-settings') return this.settingsCodes.length > 0 ? 'warning' : 'ok';
    return observationStatus(this.counts, this.trendCodes.length);
  }

  private setStatus(): void {
    const host = this.env.host;
    if (host.getAttribute('data-page') !== this.kind) host.setAttribute('data-page', this.kind);
    const status = this.status();
    if (host.getAttribute('data-status') !== status) host.setAttribute('data-status', status);
  }

  private ackedCount(): number {
    let n = 0;
    for (const s of this.order) if (s.acked && s.result.level !== 'none') n++;
    return n;
  }

  private sortedOrder(): RowState[] {
    if (this.orderDirty) {
      this.order.sort((a, b) => (a.row === b.row ? 0 : a.row.compareDocumentPosition(b.row) & 4 ? -1 : 1));
      this.orderDirty = false;
    }
    return this.order;
  }

  // -------------------------------------------------------------------------------------------
  // Filter and navigation.

  setFilter(on: boolean): void {
    this.filter = on;
    if (on) for (const s of this.order) this.applyFilter(s);
    else {
      for (const r of this.hiddenByUs) if (r.isConnected) r.hidden = false;
      this.hiddenByUs.clear();
    }
    this.scheduleRender();
  }

  /** Hides a row that needs no attention (remembering that we did), shows one we hid that now does. */
  private applyFilter(s: RowState): void {
    const flagged = s.result.level !== 'none';
    if (!flagged && !s.row.hidden) {
      s.row.hidden = true;
      this.hiddenByUs.add(s.row);
    } else if (flagged && this.hiddenByUs.has(s.row)) {
      s.row.hidden = false;
      this.hiddenByUs.delete(s.row);
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing || e.keyCode === 229 || e.defaultPrevented || e.ctrlKey || e.metaKey || e.shiftKey) return;
    let dir: 1 | -1 | 0 = 0;
    if (e.altKey) {
      if (e.key === 'ArrowDown') dir = 1;
      else if (e.key === 'ArrowUp') dir = -1;
    } else if (e.key === 'j') dir = 1;
    else if (e.key === 'k') dir = -1;
    if (!dir) return;
    const path = e.composedPath();
    const origin = (path[0] instanceof Element ? path[0] : e.target) as Element | null;
    if (isTypingTarget(origin) || isTypingTarget(deepActive(this.env.doc))) return;
    e.preventDefault();
    this.step(dir);
  }

  /** Moves to the next (1) or previous (-1) flagged row and focuses it. */
  step(dir: 1 | -1): void {
    const order = this.sortedOrder();
    const active = deepActive(this.env.doc);
    const activeRow = active?.closest?.('tr');
    const from = this.stateOf(activeRow) || this.current;
    let i = from ? order.indexOf(from) : dir === 1 ? -1 : order.length;
    for (i += dir; i >= 0 && i < order.length; i += dir) {
      const s = order[i]!;
      if (s.result.level === 'none' || !s.row.isConnected || s.row.hidden || s.row.getClientRects().length === 0) continue;
      this.select(s, true);
      return;
    }
  }

  /** Makes `s` the selected row; `focus` scrolls it into view and focuses it (or its first link). */
  private select(s: RowState, focus: boolean): void {
    this.current = s;
    this.markers?.setCurrent(s.row);
    if (focus) {
      s.row.scrollIntoView({ block: 'center', behavior: 'auto' });
      let target = s.row.querySelector<HTMLElement>(FOCUSABLE);
      if (!target) {
        if (!s.row.hasAttribute('tabindex')) {
          s.row.setAttribute('tabindex', '-1');
          this.tabbed.add(s.row);
        }
        target = s.row;
      }
      target.focus({ preventScroll: true });
    }
    this.scheduleRender();
  }

  // -------------------------------------------------------------------------------------------
  // Acknowledgement and audit.

  /** Marks a row's current alerts 確認済み (stored hashed) and logs it. */
  async acknowledge(s: RowState): Promise<void> {
    if (s.result.level === 'none' || s.acked) return;
    if (!s.identified) this.identify(s);
    const codes = [...s.result.codes];
    const level = s.result.level;
    try {
      if (this.acks) {
        const key = s.ackKey ?? (await this.acks.keyFor(s.personKey, s.dateIso));
        s.ackKey = key;
        this.byAckKey.set(key, s);
        s.ackRecord = await this.acks.put(key, codes);
      } else s.ackRecord = { codes, at: Date.now() };
      s.acked = covers(s.ackRecord, s.result.codes);
      this.scheduleRender();
      this.enqueueAudit({
        type: 'alert-acknowledged',
        page: this.kind,
        tier: level,
        reasons: codes,
        personKey: s.personKey,
        rulesetVersion: this.rules.config.version,
        detail: { code: codes[0] ?? level, count: codes.length },
      });
    } catch (e) {
      this.env.log(e, 'observation.ack');
    }
  }

  /** Acknowledges the selected row (panel button). */
  acknowledgeCurrent(): void {
    if (this.current) void this.acknowledge(this.current);
  }

  /** Computes storage keys of flagged rows and reads their marks (batched, after the scan). */
  private async pumpAcks(): Promise<void> {
    if (this.ackRunning || !this.acks) return;
    this.ackRunning = true;
    try {
      while (this.ackQueue.size > 0 && !this.stopped) {
        const batch = [...this.ackQueue].slice(0, 500);
        for (const s of batch) this.ackQueue.delete(s);
        const keys = await Promise.all(batch.map((s) => this.acks!.keyFor(s.personKey, s.dateIso)));
        const found = await this.acks.lookup(keys);
        let any = false;
        batch.forEach((s, i) => {
          if (s.dead) return;
          const key = keys[i]!;
          s.ackKey = key;
          this.byAckKey.set(key, s);
          s.ackRecord = found.get(key);
          const acked = covers(s.ackRecord, s.result.codes);
          if (acked !== s.acked) any = true;
          s.acked = acked;
        });
        if (any) this.scheduleRender();
      }
    } catch (e) {
      this.env.log(e, 'observation.acks');
    } finally {
      this.ackRunning = false;
    }
  }

  private onAckStorage(changes: Record<string, { newValue?: unknown }>): void {
    let any = false;
    for (const [key, change] of Object.entries(changes)) {
      const s = this.byAckKey.get(key);
      if (!s) continue;
      const v = change.newValue as AckRecord | undefined;
      s.ackRecord = v && Array.isArray(v.codes) ? v : undefined;
      s.acked = covers(s.ackRecord, s.result.codes);
      any = true;
    }
    if (any) this.scheduleRender();
  }

  /** Logs `alert-raised` once per person, day and code set (per page load here; across loads in the background). */
  private raise(personKey: string, day: string, level: AlertLevel, codes: readonly string[]): void {
    if (level === 'none' || codes.length === 0) return;
    const sig = `${personKey}\u0000${day}\u0000${codes.join(' ')}`;
    if (this.raised.has(sig)) return;
    this.raised.add(sig);
    this.enqueueAudit({
      type: 'alert-raised',
      page: this.kind,
      tier: level,
      reasons: [...codes],
      personKey,
      rulesetVersion: this.rules.config.version,
      // The day the alert is about: the background logs the same alert once a day, across reloads.
      ...(day ? { once: day.slice(0, 64) } : {}),
    });
  }

  /** One audit event in flight at a time from this page, so a 5,000-row list never floods the queue. */
  private enqueueAudit(event: AuditEventInput): void {
    this.auditQueue.push(event);
    if (this.auditing) return;
    this.auditing = true;
    void (async () => {
      try {
        let i = 0;
        while (i < this.auditQueue.length && !this.stopped) {
          await this.audit(this.auditQueue[i++]!);
          if (i >= 1000) {
            this.auditQueue.splice(0, i);
            i = 0;
          }
        }
        this.auditQueue.length = 0;
      } catch (e) {
        this.env.log(e, 'observation.audit');
      } finally {
        this.auditing = false;
      }
    })();
  }

  // -------------------------------------------------------------------------------------------
  // Settings tab.

  private scheduleSettings(ms: number): void {
    const win = this.env.doc.defaultView ?? window;
    win.clearTimeout(this.settingsTimer);
    this.settingsTimer = win.setTimeout(() => {
      if (!this.stopped) this.refreshSettings();
    }, ms);
  }

  private refreshSettings(): void {
    const t0 = performance.now();
    try {
      const reading = readObservationSettings(this.env.doc);
      this.settingsCodes = evaluateObservationSettings(this.rules.settings, reading, this.today());
      this.setStatus();
      const id = pageHersysId(this.env.doc);
      if (this.settingsCodes.length > 0) this.raise(id ? `hersys:${id}` : `page:${pathOf(this.env.doc)}`, 'settings', 'warning', this.settingsCodes);
      this.scheduleRender();
      this.metrics.scan.push(performance.now() - t0);
      this.metrics.scanRows.push(0);
      trim(this.metrics.scan, this.metrics.scanRows);
    } catch (e) {
      this.env.log(e, 'observation.settings-page');
    }
  }

  // -------------------------------------------------------------------------------------------
  // Panel and markers.

  private scheduleRender(): void {
    if (this.renderFrame || this.stopped) return;
    const win = this.env.doc.defaultView ?? window;
    this.renderFrame = win.requestAnimationFrame(() => {
      this.renderFrame = 0;
      this.flush();
    });
  }

  /** Renders the panel and the markers now. */
  flush(): void {
    if (this.stopped) return;
    const t0 = performance.now();
    try {
      this.renderPanel();
      if (this.markers) this.markers.set(this.marks());
      this.metrics.render.push(performance.now() - t0);
      trim(this.metrics.render);
    } catch (e) {
      this.env.log(e, 'observation.render');
    }
  }

  private reasonTexts(codes: readonly ObsCode[]): { code: string; text: string }[] {
    const s = this.env.settings();
    return codes.map((code) => ({ code, text: obsCodeLabel(code, this.rules.config, s.language) }));
  }

  private marks(): RowMark[] {
    const lang = this.env.settings().language;
    // Results are shared per code set: their reason texts are built once per render.
    const texts = new Map<EntryResult, string[]>();
    const out: RowMark[] = [];
    for (const s of this.sortedOrder()) {
      const level = s.result.level;
      if (level === 'none') continue;
      let reasons = texts.get(s.result);
      if (!reasons) texts.set(s.result, (reasons = s.result.codes.map((c) => obsCodeLabel(c, this.rules.config, lang))));
      out.push({
        row: s.row,
        level: level as ObsLevel,
        index: s.index,
        label: translator(lang)(OBS_LEVEL_KEY[level]),
        reasons,
        acked: s.acked,
        canAck: true,
      });
    }
    return out;
  }

  private renderPanel(): void {
    const s = this.env.settings();
    const cur = this.current && !this.current.dead ? this.current : null;
    if (cur && !cur.identified) this.identify(cur);
    const current: CurrentRow | null = cur
      ? {
          index: cur.index,
          label: cur.label,
          level: cur.result.level,
          reasons: this.reasonTexts(cur.result.codes),
          acked: cur.acked,
          canAck: true,
        }
      : null;
    render(
      h(ObservationPanel, {
        lang: s.language,
        kind: this.kind,
        status: this.status(),
        collapsed: s.panelCollapsed,
        counts: { critical: this.counts.critical, warning: this.counts.warning, unanswered: this.counts.unanswered, rows: this.order.length, acked: this.ackedCount() },
        filter: this.kind === 'observation-list' ? this.filter : null,
        current,
        trends: this.reasonTexts(this.trendCodes),
        series: this.kind === 'observation-person' ? this.series() : null,
        settings: this.reasonTexts(this.settingsCodes),
        // The panel's actions are isolated too: a failure is logged, never thrown.
        onToggle: isolated('observation.toggle', this.logFn, () => this.env.saveSettings({ panelCollapsed: !s.panelCollapsed })),
        onFilter: isolated('observation.filter', this.logFn, (on: boolean) => this.setFilter(on)),
        onStep: isolated('observation.step', this.logFn, (d: 1 | -1) => this.step(d)),
        onAck: isolated('observation.ack', this.logFn, () => this.acknowledgeCurrent()),
      }),
      this.panel,
    );
  }

  /** Temperature and SpO₂ by day, oldest first, for the sparklines. */
  private series(): { temp: SparkPoint[]; spo2: SparkPoint[]; feverFrom: number; spo2Below: number } {
    const days = chronological(this.order.map((s) => ({ date: isoToYmd(s.dateIso), temp: s.entry.temp, spo2: s.entry.spo2 })));
    const label = (d: YMD | null, i: number) => (d ? `${d.m}/${d.d}` : `#${i + 1}`);
    return {
      temp: days.map((d, i) => ({ day: label(d.date, i), value: d.temp })),
      spo2: days.map((d, i) => ({ day: label(d.date, i), value: d.spo2 })),
      feverFrom: this.rules.config.feverFrom,
      spo2Below: this.rules.config.spo2WarningBelow,
    };
  }

  private destroy(): void {
    this.stopped = true;
    const win = this.env.doc.defaultView ?? window;
    this.observer?.disconnect();
    win.clearTimeout(this.settingsTimer);
    win.clearTimeout(this.rescanTimer);
    if (this.renderFrame) win.cancelAnimationFrame(this.renderFrame);
    this.clearRows();
    for (const r of this.tabbed) if (r.getAttribute('tabindex') === '-1') r.removeAttribute('tabindex');
    this.tabbed.clear();
    this.auditQueue.length = 0;
    render(null, this.panel);
    this.panel.remove();
    this.markers?.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

const NONE_RESULT: EntryResult = Object.freeze({ level: 'none', codes: Object.freeze([]) as unknown as RowCode[], reasons: '' }) as EntryResult;

type Cols = [ObsColumn, number][];
/**
 * Which columns are read when: for every row (`at`: grid positions, `cols`: their ids, read
 * into `buf` and turned into an entry by `read`; `method`: where 健康観察方法 is in `buf`),
 * for flagged rows (`ident`), for 自動架電 rows (`phone`: grid position).
 */
interface ReadPlan {
  cols: ObsColumn[];
  at: number[];
  buf: (string | undefined)[];
  read: (texts: readonly (string | undefined)[]) => ObsEntry;
  method: number;
  ident: Cols;
  phone: number | null;
}

const IDENT: ReadonlySet<ObsColumn> = new Set<ObsColumn>(['id', 'name', 'date']);

function planOf(t: ObservationTable, kind: ObservationPageKind): ReadPlan {
  const list = kind === 'observation-list';
  const core = list ? t.wanted.filter(([c]) => !IDENT.has(c) && c !== 'phone') : t.wanted;
  const cols = core.map(([c]) => c);
  const phone = t.columns.get('phone');
  return {
    cols,
    at: core.map(([, i]) => i),
    buf: cols.map(() => undefined),
    read: compileEntryReader(cols),
    method: cols.indexOf('method'),
    ident: list ? t.wanted.filter(([c]) => IDENT.has(c)) : t.wanted,
    phone: list && phone !== undefined && t.columns.has('method') ? phone : null,
  };
}

function newState(row: HTMLTableRowElement, index: number, entry: ObsEntry): RowState {
  return {
    row,
    index,
    dead: false,
    entry,
    identified: false,
    dateIso: '',
    personKey: '',
    label: '',
    shownLevel: null,
    shownReasons: null,
    phone: null,
    shared: false,
    result: NONE_RESULT,
    ackKey: null,
    ackRecord: undefined,
    acked: false,
  };
}

const autodialCache = new Map<string, boolean>();
/** Whether a 健康観察方法 cell names 自動架電 (cached per spelling). */
function autodial(method: string | undefined): boolean {
  if (method === undefined) return false;
  let v = autodialCache.get(method);
  if (v === undefined) {
    v = usesAutodial(method);
    if (autodialCache.size > 1000) autodialCache.clear();
    autodialCache.set(method, v);
  }
  return v;
}

function trim(...lists: number[][]): void {
  for (const l of lists) if (l.length > 500) l.splice(0, l.length - 500);
}

function pathOf(doc: Document): string {
  return doc.location?.pathname ?? '';
}

function isoToYmd(iso: string): YMD | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

function digitsOf(s: string | undefined): string {
  return (s ?? '').normalize('NFKC').replace(/\D+/g, '');
}

/** The person of a list row: the HER-SYS ID, else the name and the row's date. */
export function personKeyOfRow(cells: RowCells, dateIso: string, index: number): string {
  const id = digitsOf(cells.id);
  if (id.length >= 4) return `hersys:${id}`;
  const name = (cells.name ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (name) return `name:${name}|${dateIso}`;
  return `row:${index}|${dateIso}`;
}

function personKeyOfPage(doc: Document): string | null {
  const id = pageHersysId(doc);
  return id ? `hersys:${id}` : null;
}

function rowLabel(cells: RowCells, index: number): string {
  const text = [cells.id, cells.name]
    .map((x) => (x ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
  return text || `#${index + 1}`;
}

function deepActive(doc: Document): Element | null {
  let a: Element | null = doc.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
