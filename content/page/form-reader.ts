/**
 * DOM glue around the collector and the classifier: reads a HER-SYS page into field
 * bindings (docs/codes.md), reads their current values as a `RawRecord`, and tells the page
 * kind from its content (docs/architecture.md). Never writes to the page.
 */
import { DAY_HEADER, PERSON_HEADER, SETTINGS_WORDS } from '../../shared/vocabulary';
import { findObservationTable, headerTexts, type ObservationTable } from './observation-table';
import type { RawRecord } from '../../shared/evaluate';
import { FIELD_IDS, type FieldId } from '../../shared/fields';
import { squash } from '../../shared/observation';
import { classifyControls } from './classify';
import { collectControls, controlKindOf, currentValue, ownLabelOf, textOf, type CollectedControl, type ControlKind } from './collect';

/** Admin-pinned CSS selectors (Options); they win over detection. */
export type SelectorMap = Partial<Record<FieldId, string>>;

export interface FieldBinding {
  field: FieldId;
  /** The bound controls: every radio/checkbox of a group, else one element. */
  elements: HTMLElement[];
  kind: ControlKind;
  source: 'selector-map' | 'label';
  /** The label text that matched (for a selector-map binding: the selector). */
  label: string;
}

export interface SelectorError {
  field: FieldId;
  selector: string;
  reason: 'invalid' | 'no-match';
}

export interface FormReading {
  isNotificationForm: boolean;
  form: Element | null;
  bindings: Map<FieldId, FieldBinding>;
  myHersysNotify: HTMLElement | null;
  submitButtons: HTMLElement[];
  selectorErrors: SelectorError[];
}

export type PageKind = 'notification' | 'observation-list' | 'observation-person' | 'observation-settings';

const CONTROL_SELECTOR = 'input, select, textarea, button';

/** The controls a pinned selector names: matched controls, or the controls inside a matched container. */
function pinnedControls(matched: readonly Element[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  const add = (e: Element): void => {
    if (controlKindOf(e) && !out.includes(e as HTMLElement)) out.push(e as HTMLElement);
  };
  for (const m of matched) {
    if (controlKindOf(m)) add(m);
    else for (const c of Array.from(m.querySelectorAll(CONTROL_SELECTOR))) add(c);
  }
  return out.filter((e) => controlKindOf(e) !== 'button');
}

function bindingKind(elements: readonly HTMLElement[]): ControlKind {
  const kinds = elements.map((e) => controlKindOf(e));
  if (kinds.includes('radio')) return 'radio';
  if (kinds.includes('checkbox')) return 'checkbox';
  return kinds[0] ?? 'text';
}

/**
 * Reads the page under `root`: which form is the 発生届, which control is which field,
 * the My HER-SYS URL通知 control and the submit buttons. A pinned selector wins over
 * detection; an invalid selector (or one matching nothing) is reported, never thrown.
 */
export function readForm(root: Document | Element, selectorMap: SelectorMap = {}): FormReading {
  const { controls, elements, forms } = collectControls(root);
  const cls = classifyControls(controls);
  const bindings = new Map<FieldId, FieldBinding>();
  for (const id of FIELD_IDS) {
    const m = cls.fields[id];
    if (!m) continue;
    bindings.set(id, { field: id, elements: m.controls.map((i) => elements[i]!), kind: m.kind, source: 'label', label: m.label });
  }

  const selectorErrors: SelectorError[] = [];
  let pinnedRiskAny: HTMLElement | null = null;
  /** Controls already pinned to a field: when two selectors overlap, the first field (in FIELD_IDS order) keeps the control. */
  const pinned = new Set<HTMLElement>();
  for (const id of FIELD_IDS) {
    const selector = selectorMap[id];
    if (typeof selector !== 'string' || selector.trim() === '') continue;
    let matched: Element[];
    try {
      matched = Array.from(root.querySelectorAll(selector));
    } catch {
      selectorErrors.push({ field: id, selector, reason: 'invalid' });
      continue;
    }
    const els = pinnedControls(matched).filter((e) => !e.closest('hersys-assist') && !pinned.has(e));
    if (els.length === 0) {
      selectorErrors.push({ field: id, selector, reason: 'no-match' });
      continue;
    }
    // A pinned control belongs to its pinned field only.
    for (const [other, b] of bindings) {
      if (b.source === 'label' && b.elements.some((e) => els.includes(e))) bindings.delete(other);
    }
    for (const e of els) pinned.add(e);
    bindings.set(id, { field: id, elements: els, kind: bindingKind(els), source: 'selector-map', label: selector });
    if (id === 'risk-any') pinnedRiskAny = els[0]!;
  }

  let form: Element | null = cls.formKey >= 0 ? (forms[cls.formKey] ?? null) : null;
  const isNotificationForm = cls.isNotificationForm || pinnedRiskAny !== null;
  if (!cls.isNotificationForm && pinnedRiskAny) form = pinnedRiskAny.closest('form');

  return {
    isNotificationForm,
    form,
    bindings,
    myHersysNotify: cls.myHersysNotify === null ? null : (elements[cls.myHersysNotify] ?? null),
    submitButtons: cls.submitButtons.map((i) => elements[i]!),
    selectorErrors,
  };
}

/**
 * The current value of a binding, read live from the page: a radio group → the checked
 * option's label; a checkbox group → the checked options' labels (joined with 、); a select →
 * the selected option text ('' for a placeholder option with value ''); an input → its value.
 */
export function valueOf(binding: FieldBinding): string {
  const els = binding.elements;
  const choices = els.filter((e) => {
    const k = controlKindOf(e);
    return k === 'radio' || k === 'checkbox';
  }) as HTMLInputElement[];
  if (choices.length > 0) {
    return choices
      .filter((e) => e.checked)
      .map((e) => currentValue(e, 'radio', ownLabelOf(e)))
      .filter(Boolean)
      .join('、');
  }
  const el = els[0];
  if (!el) return '';
  const kind = controlKindOf(el);
  if (!kind) return (el as HTMLInputElement).value ?? '';
  return currentValue(el, kind, '');
}

/** The current value of every bound field; fields without a binding are absent. */
export function readValues(reading: FormReading): RawRecord {
  const rec: RawRecord = {};
  for (const [id, b] of reading.bindings) rec[id] = valueOf(b);
  return rec;
}

// ---------------------------------------------------------------------------------------
// Page kind (docs/architecture.md): from the content only, never from the URL.


const LABEL_ELEMENTS = 'th, dt, label, legend, h1, h2, h3, h4, h5, h6, [role="switch"], [aria-checked]';

/** Does the page label something 健康観察方法 and something 自動通知 (controls' labels, headers, terms, legends)? */
function hasObservationSettings(root: Document, controls: readonly CollectedControl[], table: HTMLTableElement | null): boolean {
  let method = false;
  let autoNotify = false;
  const see = (text: string): void => {
    const s = squash(text);
    if (SETTINGS_WORDS.method.some((w) => s.includes(w))) method = true;
    if (SETTINGS_WORDS.autoNotify.some((w) => s.includes(w))) autoNotify = true;
  };
  for (const c of controls) {
    see(c.ownLabel);
    for (const l of c.contextLabels) see(l);
    if (method && autoNotify) return true;
  }
  for (const e of Array.from(root.querySelectorAll(LABEL_ELEMENTS))) {
    // Column headers of an observation table (a 自動通知 column in a list) are not settings.
    if (e.closest('hersys-assist') || (table && table.contains(e))) continue;
    see(textOf(e).slice(0, 200));
    see(e.getAttribute('aria-label') ?? '');
    if (method && autoNotify) return true;
  }
  return false;
}

/** One row per day (a day column, no name/ID column) is a person's page; otherwise a list of people. */
function observationTableKind(t: ObservationTable): 'observation-list' | 'observation-person' {
  const heads = headerTexts(t).map(squash);
  const dated = heads.some((h) => DAY_HEADER.test(h));
  const hasPerson = heads.some((h) => PERSON_HEADER.test(h.replace(/[-_]/g, '')));
  return dated && !hasPerson ? 'observation-person' : 'observation-list';
}

/**
 * What kind of HER-SYS page this is, from its content: `notification` when the 発生届's
 * risk-factor section is present (whatever else the page shows), else
 * `observation-settings` (健康観察方法 and 自動通知), else an observation table
 * (`observation-person` for one row per day, `observation-list` for one row per person).
 */
export function detectPageKind(root: Document): PageKind | null {
  const { controls } = collectControls(root);
  if (classifyControls(controls).isNotificationForm) return 'notification';
  // The same detector the observation features read rows with (one definition of "an observation table").
  const obs = findObservationTable(root);
  if (hasObservationSettings(root, controls, obs?.table ?? null)) return 'observation-settings';
  return obs ? observationTableKind(obs) : null;
}
