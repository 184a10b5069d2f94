/**
 * The 発生届 page model: reads the form (structure and values), evaluates it with the shared
 * rules, and tells the features what changed. It draws nothing itself — the features in
 * `content/features/` (field marks, highlights, read-back, panel, guard, …) listen to its
 * events. Never throws into the page: a failed read is logged and the features see no update.
 */
import type { NotificationSnapshot } from '../../shared/messages';
import { personKeyFrom } from '../../shared/audit-person';
import { ymdFromDate } from '../../shared/dates';
import { evaluateNotification, type Evaluation, type RawRecord } from '../../shared/evaluate';
import type { ProblemField } from '../../shared/fields';
import type { Settings } from '../../shared/settings';
import { sendAudit } from '../clients/audit';
import { Emitter, Scope } from '../feature';
import { HighlightLayer } from '../ui/highlights';
import { readForm, readValues, type FormReading } from './form-reader';
import { viewOf, type NotificationView } from './notification-view';

/** What a page model is given by the runtime: the document, our host and container in it, the settings. */
export interface PageEnv {
  doc: Document;
  host: HTMLElement;
  container: HTMLElement;
  settings(): Settings;
  saveSettings(patch: Partial<Settings>): void;
  log(error: unknown, where: string): void;
  /** Entries from the training page carry the training flag. */
  training?: boolean;
}

export interface NotificationEvents extends Record<string, unknown> {
  /** After every completed refresh (`scanned`: the structure was read again). */
  update: { scanned: boolean };
  /** Fields may have moved (scroll, resize, a tab switch, a click). */
  layout: undefined;
  /** The highlight layer redrew (positions are current). */
  redraw: undefined;
  /** Something a feature found out for the others (same number seen, …). */
  facts: undefined;
  /** A submit went out (clean, confirmed or overridden). */
  submitted: undefined;
  /** The page goes away (the feature's signals abort right after). */
  destroy: undefined;
}

export type NotificationAuditType = 'form-evaluated' | 'submit-blocked' | 'submit-overridden' | 'submit-clean';

const CONTROLS = 'input, select, textarea, button';

export class NotificationPage {
  readonly events: Emitter<NotificationEvents>;
  readonly scope: Scope;
  /** Outline boxes and read-back notes, drawn by the highlight and read-back features. */
  readonly layer: HighlightLayer;
  reading: FormReading | null = null;
  evaluation: Evaluation | null = null;
  view: NotificationView | null = null;
  /** The values the last refresh evaluated. */
  values: RawRecord = {};
  /** The My HER-SYS URL通知 control was pressed on this page (set by its feature). */
  myHersysPressed = false;
  /** Same-number check: the digits last asked about and whether they were seen in 24 h (set by its feature). */
  samePhone: { digits: string; seen: boolean } | null = null;
  /** Durations (ms) of recent refreshes: full scans and value-only updates (for the benchmark and diagnostics). */
  readonly metrics: { scan: number[]; update: number[] } = { scan: [], update: [] };
  /** The last refresh completed; when it did not, the next one reads the structure again and the guard fails open. */
  private readOk = true;
  private composing = false;
  private clearValueTimer: () => void = () => undefined;
  private signal: AbortSignal | null = null;

  constructor(readonly env: PageEnv) {
    const win = env.doc.defaultView ?? window;
    this.events = new Emitter(env.log);
    this.scope = new Scope(win, env.log);
    this.layer = new HighlightLayer(env.container);
    this.layer.onRedraw = () => this.events.emit('redraw', undefined);
    this.layer.onError = (e) => env.log(e, 'notification.highlights');
  }

  get win(): Window {
    return this.env.doc.defaultView ?? window;
  }

  settings(): Settings {
    return this.env.settings();
  }

  /** Listens to the page's typing (not during IME composition), clicks and layout; the first read. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    const doc = this.env.doc;
    const onValue = (e: Event) => {
      if ((e as InputEvent).isComposing || this.composing) return;
      this.scheduleValues();
    };
    const capture = { capture: true };
    this.scope.listen(doc, 'input', onValue, signal, 'notification.input', capture);
    this.scope.listen(doc, 'change', onValue, signal, 'notification.input', capture);
    this.scope.listen(doc, 'compositionstart', () => (this.composing = true), signal, 'notification.input', capture);
    this.scope.listen(
      doc,
      'compositionend',
      () => {
        this.composing = false;
        this.scheduleValues();
      },
      signal,
      'notification.input',
      capture,
    );
    this.scope.listen(doc, 'click', () => this.layer.schedule(), signal, 'notification.click', capture);
    const relayout = () => this.events.emit('layout', undefined);
    this.scope.listen(this.win, 'scroll', relayout, signal, 'notification.layout', { capture: true, passive: true });
    this.scope.listen(this.win, 'resize', relayout, signal, 'notification.layout', { passive: true });
    signal.addEventListener('abort', () => this.destroy(), { once: true });
    this.refresh(true);
  }

  /** Values changed: read and evaluate them shortly (one refresh per burst of typing). */
  scheduleValues(): void {
    this.clearValueTimer();
    if (this.signal) this.clearValueTimer = this.scope.timeout(() => void this.refresh(false), 60, this.signal, 'notification.refresh');
  }

  /** The page changed shape (mutation): read the structure again. Returns whether the 発生届 is still there. */
  onStructureChange(): boolean {
    this.refresh(true);
    return this.reading?.isNotificationForm === true;
  }

  /** Tab switches and layout changes move the fields. */
  onLayoutChange(): void {
    this.events.emit('layout', undefined);
  }

  onSettingsChange(): void {
    this.refresh(true);
  }

  /**
   * Whether a change of `target`'s children (`nodes` added or removed) can matter: it is
   * inside the 発生届 (its form, or the smallest element holding every field), it adds or
   * removes that region, or it brings form controls of its own.
   */
  isAffectedBy(target: Node, nodes: readonly Node[]): boolean {
    const region = this.region;
    if (!region || !region.isConnected) return true;
    if (region.contains(target)) return true;
    for (const n of nodes) {
      if (n.contains(region)) return true;
      if (n.nodeType === 1 && ((n as Element).matches(CONTROLS) || (n as Element).querySelector(CONTROLS))) return true;
    }
    return false;
  }

  /** The form, or the smallest element holding every bound control (form-less pages). */
  private get region(): Element | null {
    const r = this.reading;
    if (!r) return null;
    if (r.form) return r.form;
    let common: Element | null = null;
    for (const b of r.bindings.values()) {
      for (const el of b.elements) {
        if (!common) common = el.parentElement;
        while (common && !common.contains(el)) common = common.parentElement;
      }
    }
    return common;
  }

  /** Reads (the structure too when `structure`), evaluates and tells the features. Never throws; returns whether it completed. */
  refresh(structure: boolean): boolean {
    const t0 = performance.now();
    let scanned = false;
    try {
      const s = this.env.settings();
      if (structure || !this.readOk || !this.reading || !this.reading.form?.isConnected) {
        this.reading = readForm(this.env.doc, s.selectorMap);
        scanned = true;
      }
      const reading = this.reading;
      const notify = reading.myHersysNotify;
      const pressedNow = notify instanceof HTMLInputElement && notify.type === 'checkbox' ? notify.checked : false;
      this.values = readValues(reading);
      this.evaluation = evaluateNotification(this.values, {
        today: ymdFromDate(new Date()),
        config: s.tierConfig,
        myHersysNotify: { present: notify !== null, pressed: this.myHersysPressed || pressedNow },
      });
      this.view = viewOf(this.evaluation, new Set(reading.bindings.keys()), s.language);
      this.readOk = true;
      this.events.emit('update', { scanned });
      const list = scanned ? this.metrics.scan : this.metrics.update;
      list.push(performance.now() - t0);
      if (list.length > 500) list.shift();
      return true;
    } catch (e) {
      this.readOk = false;
      this.env.log(e, 'notification.refresh');
      return false;
    }
  }

  /** The number a submit would go out with (valid, not a placeholder), or null. */
  usablePhone(): string | null {
    const p = this.evaluation?.phone;
    return p && p.digits && p.kind !== 'invalid' && p.kind !== 'empty' && !p.placeholder && !p.digits.startsWith('+') ? p.digits : null;
  }

  /**
   * Sends an audit event about the current evaluation: codes only, plus a person key (phone
   * digits and ISO birthdate) that the background replaces by its keyed hash. Never throws.
   */
  audit(
    type: NotificationAuditType,
    extra: { reason?: string; formValues?: string[]; detail?: Record<string, string | number | boolean> } = {},
    current?: RawRecord,
  ): void {
    try {
      const v = this.view;
      const ev = this.evaluation;
      if (!v || !ev || !this.reading) return;
      const values = current ?? readValues(this.reading);
      const personKey = personKeyFrom({ phone: values.phone, birthdate: values.birthdate });
      void sendAudit(
        {
          type,
          page: 'notification',
          tier: v.tier,
          reasons: v.reasons.map((r) => r.code),
          problems: v.problems.map((p) => ({ field: p.field, code: p.code })),
          rulesetVersion: ev.rulesetVersion,
          training: this.env.training ?? false,
          ...(personKey ? { personKey } : {}),
          ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
          ...(extra.detail ? { detail: extra.detail } : {}),
        },
        extra.formValues ? { formValues: extra.formValues } : undefined,
      );
    } catch (e) {
      console.warn('[HER-SYS Assist] audit:', e);
    }
  }

  /** Every text value in the 発生届 (names, address, IDs too): masked out of a logged override reason. */
  formValues(): string[] {
    const root = this.reading?.form ?? this.env.doc;
    const out: string[] = [];
    for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      const t = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (t === 'radio' || t === 'checkbox' || t === 'button' || t === 'submit' || t === 'hidden') continue;
      if (el.value.trim()) out.push(el.value);
    }
    return out;
  }

  /** Scrolls to a field and focuses it (the checked radio, or the first control). */
  jumpTo(field: ProblemField): void {
    const reading = this.reading;
    if (!reading) return;
    const el =
      field === 'myhersys-notify'
        ? reading.myHersysNotify
        : (() => {
            const b = reading.bindings.get(field);
            if (!b) return null;
            return b.elements.find((e) => (e as HTMLInputElement).checked) ?? b.elements[0] ?? null;
          })();
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'auto' });
    el.focus({ preventScroll: true });
    this.layer.schedule();
  }

  snapshot(): NotificationSnapshot | null {
    if (!this.view || !this.reading) return null;
    const v = this.view;
    return {
      page: 'notification',
      view: {
        tier: v.tier,
        tierLabel: v.tierLabel,
        status: v.status,
        missing: v.missing,
        invalid: v.invalid,
        unseen: v.unseen,
        reasons: v.reasons,
        age: v.age,
        riskCount: v.riskCount,
        problems: v.problems,
      },
      inspector: [...this.reading.bindings.values()].map((b) => ({
        field: b.field,
        source: b.source,
        kind: b.kind,
        label: b.label,
        state: v.fieldStates.get(b.field) ?? 'ok',
        describe: describeElement(b.elements[0]),
      })),
      selectorErrors: this.reading.selectorErrors,
    };
  }

  private destroy(): void {
    this.events.emit('destroy', undefined);
    this.layer.destroy();
  }
}

function describeElement(el: HTMLElement | undefined): string {
  if (!el) return '';
  const tag = el.tagName.toLowerCase();
  const id = el.id ? `#${el.id}` : '';
  const name = el.getAttribute('name');
  const type = el.getAttribute('type');
  return `${tag}${id}${type ? `[type=${type}]` : ''}${name ? `[name=${name}]` : ''}`;
}
