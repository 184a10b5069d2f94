/**
 * The 発生届 feature: reads the form, evaluates it, marks the controls, renders the panel
 * and the highlights, and guards the submit. Everything is tied to `signal`, so a page
 * change or an extension update leaves nothing behind.
 */
import type { NotificationSnapshot } from '../shared/messages';
import { toBackground } from './clients/messages';
import { h, render } from 'preact';
import { ymdFromDate } from '../shared/dates';
import { evaluateNotification, type Evaluation, type RawRecord } from '../shared/evaluate';
import type { FieldId, ProblemField } from '../shared/fields';
import type { Settings } from '../shared/settings';
import { readForm, readValues, type FormReading } from './page/form-reader';
import { browser } from 'wxt/browser';
import { sendAudit } from './clients/audit';
import { personKeyFrom } from '../shared/audit-person';
import { isolated, SubmitGuard, type PendingAction } from './guard';
import { hostAttributes, viewOf, type NotificationView } from './page/notification-view';
import { HighlightLayer, type FieldNote } from './ui/highlights';
import { ageBandNote, birthdateEcho, bothCalendars, phoneEcho } from '../shared/readback';
import { msg, PHONE_KIND_KEY } from '../shared/i18n';
import { Overlay, type ConfirmCardData } from './ui/Overlay';

export interface FeatureEnv {
  doc: Document;
  host: HTMLElement;
  container: HTMLElement;
  settings(): Settings;
  saveSettings(patch: Partial<Settings>): void;
  log(error: unknown, where: string): void;
  /** Entries from the training page carry the training flag. */
  training?: boolean;
}

const FIELD_ATTR = 'data-hersys-assist-field';
const CONTROLS = 'input, select, textarea, button';
const STATE_ATTR = 'data-hersys-assist-state';

export class NotificationFeature {
  private reading: FormReading | null = null;
  private evaluation: Evaluation | null = null;
  private view: NotificationView | null = null;
  private myHersysPressed = false;
  private composing = false;
  private valueTimer = 0;
  private guardAction: PendingAction | null = null;
  private guardMode: 'block' | 'confirm' = 'block';
  private lastEvaluationSig = '';
  /** The last refresh completed; when it did not, the next one reads the structure again and the guard fails open. */
  private readOk = true;
  /** Same-number check: the digits last asked about and whether they were seen in 24 h. */
  private seenPhone: { digits: string; seen: boolean } | null = null;
  private readonly panel: HTMLElement;
  private readonly highlights: HighlightLayer;
  private readonly guard: SubmitGuard;
  private marked = new Set<HTMLElement>();
  /** What the overlay was last rendered from (see `renderUi`): an identical render is skipped. */
  private renderedKey = '';
  /** The values the last refresh evaluated (the audit of that evaluation reuses them). */
  private values: RawRecord = {};
  /** Durations (ms) of recent refreshes: full scans and value-only updates (for the benchmark and diagnostics). */
  readonly metrics: { scan: number[]; update: number[] } = { scan: [], update: [] };

  constructor(private readonly env: FeatureEnv) {
    this.panel = env.doc.createElement('div');
    env.container.append(this.panel);
    this.highlights = new HighlightLayer(env.container);
    this.highlights.onRedraw = () => this.dodge();
    this.highlights.onError = (e) => this.env.log(e, 'notification.highlights');
    this.guard = new SubmitGuard(env.doc.defaultView ?? window, {
      enabled: () => this.env.settings().guardEnabled,
      form: () => this.reading?.form ?? null,
      submitButtons: () => this.reading?.submitButtons ?? [],
      decide: () => {
        // A reader that cannot read the form now must not hold the submit back (fail open):
        // the guard logs this and lets the page's own action go ahead.
        if (!this.refresh(false)) throw new Error('the 発生届 could not be read at submit time');
        if ((this.view?.errors.length ?? 0) > 0) {
          this.audit('submit-blocked');
          return 'block';
        }
        if (this.env.settings().confirmBeforeSubmit) return 'confirm';
        this.audit('submit-clean');
        this.recordPhoneUse();
        return 'allow';
      },
      onBlocked: (action, mode) => this.openGuard(action, mode),
      onError: (e, where) => this.env.log(e, where),
    });
  }

  start(signal: AbortSignal): void {
    const win = this.env.doc.defaultView ?? window;
    const log = (e: unknown, where: string) => this.env.log(e, where);
    this.guard.install(signal);
    // Every callback the page's events reach is isolated: an exception is logged, never thrown into the page.
    const onValue = isolated('notification.input', log, (e: Event) => {
      if ((e as InputEvent).isComposing || this.composing) return;
      this.scheduleValues();
    });
    this.env.doc.addEventListener('input', onValue, { capture: true, signal });
    this.env.doc.addEventListener('change', onValue, { capture: true, signal });
    this.env.doc.addEventListener('compositionstart', () => (this.composing = true), { capture: true, signal });
    this.env.doc.addEventListener(
      'compositionend',
      isolated('notification.input', log, () => {
        this.composing = false;
        this.scheduleValues();
      }),
      { capture: true, signal },
    );
    this.env.doc.addEventListener('click', isolated('notification.click', log, (e: MouseEvent) => this.onClick(e)), { capture: true, signal });
    const relayout = isolated('notification.layout', log, () => this.highlights.schedule());
    win.addEventListener('scroll', relayout, { capture: true, passive: true, signal });
    win.addEventListener('resize', relayout, { passive: true, signal });
    signal.addEventListener('abort', () => this.destroy());
    this.refresh(true);
  }

  /** The page changed shape (mutation): read the structure again. Returns whether the 発生届 is still there. */
  onStructureChange(): boolean {
    this.refresh(true);
    return this.reading?.isNotificationForm === true;
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

  /** Tab switches and layout changes move the fields. */
  onLayoutChange(): void {
    this.highlights.schedule();
  }

  onSettingsChange(): void {
    this.refresh(true);
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

  private scheduleValues(): void {
    const win = this.env.doc.defaultView ?? window;
    win.clearTimeout(this.valueTimer);
    this.valueTimer = win.setTimeout(() => void this.refresh(false), 60);
  }

  private onClick(e: MouseEvent): void {
    const target = e.target;
    const notify = this.reading?.myHersysNotify;
    if (notify && target instanceof Node && notify.contains(target)) {
      this.myHersysPressed = true;
      this.scheduleValues();
    }
    this.highlights.schedule();
  }

  /** Reads (the structure too when `structure`), evaluates and shows. Never throws; returns whether it completed. */
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
      this.apply();
      this.auditEvaluation();
      this.checkSamePhone();
      this.readOk = true;
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

  private apply(): void {
    const view = this.view;
    const reading = this.reading;
    if (!view || !reading) return;
    const host = this.env.host;
    for (const [k, v] of Object.entries(hostAttributes(view))) if (host.getAttribute(k) !== v) host.setAttribute(k, v);
    if (this.guardAction) host.setAttribute('data-guard', 'blocked');
    else host.removeAttribute('data-guard');

    const nowMarked = new Set<HTMLElement>();
    for (const b of reading.bindings.values()) {
      const state = view.fieldStates.get(b.field) ?? 'ok';
      for (const el of b.elements) {
        nowMarked.add(el);
        if (el.getAttribute(FIELD_ATTR) !== b.field) el.setAttribute(FIELD_ATTR, b.field);
        if (el.getAttribute(STATE_ATTR) !== state) el.setAttribute(STATE_ATTR, state);
      }
    }
    for (const el of this.marked) {
      if (!nowMarked.has(el)) {
        el.removeAttribute(FIELD_ATTR);
        el.removeAttribute(STATE_ATTR);
      }
    }
    this.marked = nowMarked;

    this.highlights.set(
      [...reading.bindings.values()].map((b) => ({ field: b.field, state: view.fieldStates.get(b.field) ?? 'ok', elements: b.elements })),
    );
    this.highlights.setNotes(this.readBack());
    this.renderUi();
  }

  /** The number a submit would go out with (valid, not a placeholder), or null. */
  private usablePhone(): string | null {
    const p = this.evaluation?.phone;
    return p && p.digits && p.kind !== 'invalid' && p.kind !== 'empty' && !p.placeholder && !p.digits.startsWith('+') ? p.digits : null;
  }

  /** Asks the background whether this number was used in another 発生届 in the last 24 h (keyed hash only). */
  private checkSamePhone(): void {
    const digits = this.usablePhone();
    if (!digits) {
      this.seenPhone = null;
      return;
    }
    if (this.seenPhone?.digits === digits) return;
    this.seenPhone = { digits, seen: false };
    phoneSeen('check', digits)
      .then((r) => {
        if (this.seenPhone?.digits !== digits || !r || !('seen' in r)) return;
        this.seenPhone = { digits, seen: r.seen };
        this.highlights.setNotes(this.readBack());
      })
      .catch((e: unknown) => this.env.log(e, 'notification.same-phone'));
  }

  /** A submit went out: remember the number (as a keyed hash) for the same-number check. */
  private recordPhoneUse(): void {
    const digits = this.usablePhone();
    if (digits) void phoneSeen('record', digits);
  }

  /** Logs the evaluation when its tier or problems changed (the background de-duplicates too). */
  private auditEvaluation(): void {
    const v = this.view;
    if (!v) return;
    const sig = `${v.tier}|${v.problems.map((p) => `${p.field}:${p.code}`).join(' ')}`;
    if (sig === this.lastEvaluationSig) return;
    this.lastEvaluationSig = sig;
    // Called right after the refresh that read these values: no need to read the form again.
    this.audit('form-evaluated', {}, this.values);
  }

  /**
   * Sends an audit event about the current evaluation: codes only, plus a person key (phone
   * digits and ISO birthdate) that the background replaces by its keyed hash. Never throws.
   */
  private audit(
    type: 'form-evaluated' | 'submit-blocked' | 'submit-overridden' | 'submit-clean',
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
  private formValues(): string[] {
    const root = this.reading?.form ?? this.env.doc;
    const out: string[] = [];
    for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      const t = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (t === 'radio' || t === 'checkbox' || t === 'button' || t === 'submit' || t === 'hidden') continue;
      if (el.value.trim()) out.push(el.value);
    }
    return out;
  }

  /** Read-back under the phone and birthdate fields: how the patient will be reached. */
  private readBack(): FieldNote[] {
    const ev = this.evaluation;
    const reading = this.reading;
    if (!ev || !reading) return [];
    const s = this.env.settings();
    const notes: FieldNote[] = [];
    const phoneEl = reading.bindings.get('phone')?.elements[0];
    if (phoneEl) {
      const echo = phoneEcho(ev.phone, s.language);
      const same = this.seenPhone?.seen && this.seenPhone.digits === ev.phone.digits;
      const sameLine = same ? msg(s.language, 'rb_samePhone') : '';
      notes.push({
        field: 'phone',
        lines: [echo.text, sameLine],
        tone: echo.tone === 'warning' ? 'warning' : same ? 'info' : 'ok',
        element: phoneEl,
      });
    }
    const birthEl = reading.bindings.get('birthdate')?.elements[0];
    if (birthEl) {
      const echo = birthdateEcho(ev.birthdate, ev.diagnosisDate ?? ymdFromDate(new Date()), s.language);
      const band = ageBandNote(ev.age, s.tierConfig, s.language);
      notes.push({ field: 'birthdate', lines: [echo.text, band], tone: echo.tone === 'warning' ? 'warning' : 'ok', element: birthEl });
    }
    return notes;
  }

  private renderUi(): void {
    const view = this.view;
    if (!view) return;
    const s = this.env.settings();
    const guardMode = this.guardAction ? this.guardMode : '';
    const confirm = guardMode === 'confirm' ? this.confirmCard() : null;
    // The same view, language, collapse state and dialog render the same overlay: skip the
    // diff (a rescan after an unrelated page change usually changes nothing). The callbacks
    // only close over `this` and the collapse state, which is in the key.
    const key = JSON.stringify([
      s.language,
      s.panelCollapsed,
      guardMode,
      confirm,
      view.tier,
      view.tierLabel,
      view.status,
      view.missing,
      view.invalid,
      view.reasons,
      view.groups,
      view.age,
      view.riskCount,
    ]);
    if (key === this.renderedKey && this.panel.firstChild) return;
    const log = (e: unknown, where: string) => this.env.log(e, where);
    render(
      h(Overlay, {
        lang: s.language,
        view,
        collapsed: s.panelCollapsed,
        guard: guardMode === 'block' ? { view } : null,
        confirm,
        // The panel's and the dialog's actions are isolated too: a failure is logged, never thrown.
        onConfirm: isolated('notification.confirm', log, () => this.confirmSubmit()),
        onToggle: isolated('notification.toggle', log, () => this.env.saveSettings({ panelCollapsed: !s.panelCollapsed })),
        onJump: isolated('notification.jump', log, (f: ProblemField) => this.jumpTo(f)),
        onFix: isolated('notification.fix', log, () => this.closeGuard(true)),
        onOverride: isolated('notification.override', log, (reason: string) => this.override(reason)),
        onCloseGuard: isolated('notification.close-guard', log, () => this.closeGuard(false)),
      }),
      this.panel,
    );
    this.renderedKey = key;
  }

  private openGuard(action: PendingAction, mode: 'block' | 'confirm'): void {
    this.guardAction = action;
    this.guardMode = mode;
    this.env.host.setAttribute('data-guard', 'blocked');
    try {
      this.renderUi();
    } catch (e) {
      // No dialog, no hold: the guard re-issues the action (fail open).
      this.guardAction = null;
      this.env.host.removeAttribute('data-guard');
      throw e;
    }
  }

  private closeGuard(fix: boolean): void {
    const action = this.guardAction;
    this.guardAction = null;
    this.guard.cancel();
    this.env.host.removeAttribute('data-guard');
    this.renderUi();
    if (fix) {
      const first = this.view?.errors[0];
      if (first) this.jumpTo(first.field);
    } else if (action?.kind === 'click') action.target.focus({ preventScroll: true });
  }

  /** The read-back card's content (issue 9): how the patient will be reached, and the tier. */
  private confirmCard(): ConfirmCardData | null {
    const ev = this.evaluation;
    const view = this.view;
    if (!ev || !view) return null;
    const lang = this.env.settings().language;
    return {
      phone: ev.phone.formatted ?? '',
      phoneKind: ev.phone.kind === 'empty' ? '' : msg(lang, PHONE_KIND_KEY[ev.phone.kind]),
      sms: phoneEcho(ev.phone, lang).tone !== 'warning',
      birthday: ev.birthdate ? bothCalendars(ev.birthdate, lang) : '',
      age: ev.age,
      tierLabel: view.tierLabel,
      tier: view.tier,
    };
  }

  private confirmSubmit(): void {
    this.releaseGuard(() => {
      this.audit('submit-clean', { detail: { confirmed: true } });
      this.recordPhoneUse();
    });
  }

  private override(reason: string): void {
    // The reason is logged with digit runs and every value read from the form masked.
    this.releaseGuard(() => {
      this.audit('submit-overridden', { reason, formValues: this.formValues() });
      this.recordPhoneUse();
    });
  }

  /** Closes the dialog and re-issues the held-back action; the submit goes out even if the rest fails. */
  private releaseGuard(before: () => void): void {
    try {
      before();
      this.guardAction = null;
      this.env.host.removeAttribute('data-guard');
      this.renderUi();
    } catch (e) {
      this.guardAction = null;
      this.env.host.removeAttribute('data-guard');
      this.env.log(e, 'notification.release');
    } finally {
      this.guard.release();
    }
  }

  /**
   * Keeps the panel clear of the page's own buttons (submit, My HER-SYS URL通知): it moves
   * to the first corner where it covers none of them.
   */
  private dodge(): void {
    const panel = this.panel.querySelector<HTMLElement>('aside.panel');
    const reading = this.reading;
    if (!panel || !reading) return;
    const targets = [...reading.submitButtons, ...(reading.myHersysNotify ? [reading.myHersysNotify] : [])]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    const docks = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];
    const current = panel.dataset.dock ?? 'bottom-right';
    const overlaps = (r: DOMRect) => targets.some((t) => t.left < r.right && t.right > r.left && t.top < r.bottom && t.bottom > r.top);
    if (!overlaps(panel.getBoundingClientRect())) return;
    for (const dock of docks) {
      if (dock === current) continue;
      panel.dataset.dock = dock;
      if (!overlaps(panel.getBoundingClientRect())) return;
    }
    panel.dataset.dock = current;
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
    this.highlights.schedule();
  }

  private destroy(): void {
    const win = this.env.doc.defaultView ?? window;
    win.clearTimeout(this.valueTimer);
    for (const el of this.marked) {
      el.removeAttribute(FIELD_ATTR);
      el.removeAttribute(STATE_ATTR);
    }
    this.marked.clear();
    render(null, this.panel);
    this.panel.remove();
    this.highlights.destroy();
  }
}

/** The same-number message to our background (keyed hash there; nothing stored in clear). */
function phoneSeen(op: 'check' | 'record', phone: string): Promise<{ seen: boolean } | { ok: boolean } | null> {
  // null when the background is restarting: the line is informational only
  return toBackground('phoneSeen', { op, phone }).then((r) => (r && !('error' in r) ? r : null));
}

function describeElement(el: HTMLElement | undefined): string {
  if (!el) return '';
  const tag = el.tagName.toLowerCase();
  const id = el.id ? `#${el.id}` : '';
  const name = el.getAttribute('name');
  const type = el.getAttribute('type');
  return `${tag}${id}${type ? `[type=${type}]` : ''}${name ? `[name=${name}]` : ''}`;
}
