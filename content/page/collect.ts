/**
 * The collector half of "collect, then classify" (style.md, Bitwarden): walks a page ONCE
 * and turns every form control into plain data — its kind, name, own label, the question
 * labels around it, options, current value, form and visibility. No classification here;
 * that is `classify.ts`, pure code over this data.
 *
 * Page text is read with `textContent`/`nodeValue` only, and nothing on the page is written:
 * no value, attribute or property is changed.
 */
import { DEFAULT_SUBMIT_LABEL } from '../../shared/vocabulary';
import { buildLabelsFor, clean, contextLabelsOf, CONTROL_SELECTOR, ownLabelParts, type Lookup } from './labels';

export { MAX_LABEL_LENGTH, textOf } from './labels';

export type ControlKind = 'radio' | 'checkbox' | 'select' | 'text' | 'date' | 'number' | 'tel' | 'textarea' | 'button';

export interface CollectedControl {
  /** Position in the returned array (and in the parallel `elements` array). */
  index: number;
  kind: ControlKind;
  /** The name attribute ('' if none). */
  name: string;
  /**
   * The control's own label: `<label for>`, wrapping `<label>`, `aria-label`,
   * `aria-labelledby`, `title`. For a radio/checkbox this is the option text (有/無/不明).
   * For a button, its text (or value / aria-label).
   */
  ownLabel: string;
  /**
   * Question labels around the control, most specific first: preceding label-ish sibling
   * text, radiogroup/group `aria-label(ledby)`, table row header, `dt` of a `dd`,
   * `fieldset > legend` — nearest ancestor first; deduplicated, each trimmed, ≤ 200 chars.
   */
  contextLabels: string[];
  /** `<select>` option texts. */
  options: string[];
  /**
   * Current value: text-like inputs → `.value`; select → selected option text ('' when the
   * selected option's value is ''); radio/checkbox → ownLabel (or the value attribute) when
   * checked, else ''; button → ''.
   */
  value: string;
  checked: boolean;
  /** Index of the control's form among the document's `<form>`s in document order, -1 when none. */
  formKey: number;
  /** Not inside a `hidden` or `display: none` (inline) ancestor, e.g. a hidden tab; no layout is forced. Hidden controls are still collected. */
  visible: boolean;
}

export interface Collection {
  controls: CollectedControl[];
  /** `elements[i]` is the element of `controls[i]`. */
  elements: HTMLElement[];
  /** The document's forms in document order: `forms[formKey]`. */
  forms: HTMLFormElement[];
}


const EXCLUDED_INPUT_TYPES: ReadonlySet<string> = new Set(['hidden', 'reset', 'image', 'file', 'password']);

/** Kind of a collectable element, or null when it is not collected. */
export function controlKindOf(el: Element): ControlKind | null {
  const tag = el.tagName;
  if (tag === 'SELECT') return 'select';
  if (tag === 'TEXTAREA') return 'textarea';
  if (tag === 'BUTTON') return 'button';
  if (tag !== 'INPUT') return null;
  const type = (el.getAttribute('type') ?? 'text').trim().toLowerCase();
  if (EXCLUDED_INPUT_TYPES.has(type)) return null;
  switch (type) {
    case 'radio':
      return 'radio';
    case 'checkbox':
      return 'checkbox';
    case 'submit':
    case 'button':
      return 'button';
    case 'date':
    case 'month':
    case 'datetime-local':
    case 'week':
      return 'date';
    case 'number':
      return 'number';
    case 'tel':
      return 'tel';
    default:
      return 'text';
  }
}

/**
 * The elements that hide a collected control without layout: `hidden`, or an inline
 * `display: none` (happy-dom has no UA stylesheet, so `hidden` is checked by hand too), under
 * `root` or above it. Found with one selector query per walk instead of a climb per control;
 * only those holding a control count, so there are usually none or a few (hidden tabs).
 */
function hiddenRootsOf(root: Document | Element, holdsControl: ReadonlySet<Node>): Element[] {
  const hides = (e: Element): boolean =>
    // Reading `.style` creates a declaration object per element: only for a style that mentions none.
    e.hasAttribute('hidden') || (e.getAttribute('style')?.includes('none') === true && (e as HTMLElement).style?.display === 'none');
  const out: Element[] = [];
  for (const e of Array.from(root.querySelectorAll('[hidden], [style*="none"]'))) if (holdsControl.has(e) && hides(e)) out.push(e);
  if (root.nodeType !== 9) {
    for (let c: Element | null = root as Element; c; c = c.parentElement) {
      if (hides(c)) {
        out.push(c);
        break;
      }
    }
  }
  return out;
}

/**
 * Not inside a hidden root (see `hiddenRootsOf`). The cheap check only: `checkVisibility()` per
 * control forces style and layout, which on a 700-control page cost ~6 ms a scan; nothing in
 * classification needs more than this.
 */
function isVisible(el: HTMLElement, hiddenRoots: readonly Element[]): boolean {
  for (const h of hiddenRoots) if (h.contains(el)) return false;
  return true;
}

function documentOf(root: Document | Element): Document {
  return root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
}

function formOf(el: HTMLElement): HTMLFormElement | null {
  const f = (el as HTMLInputElement).form;
  if (f && f.tagName === 'FORM') return f;
  return el.closest('form');
}

function optionText(o: HTMLOptionElement): string {
  return clean(o.textContent ?? '');
}

/** Current value of one control (see `CollectedControl.value`). */
export function currentValue(el: HTMLElement, kind: ControlKind, ownLabel: string): string {
  switch (kind) {
    case 'radio':
    case 'checkbox': {
      const input = el as HTMLInputElement;
      if (!input.checked) return '';
      return ownLabel || clean(input.getAttribute('value') ?? '') || 'on';
    }
    case 'select': {
      const sel = el as HTMLSelectElement;
      return Array.from(sel.options)
        .filter((o) => o.selected && o.value !== '')
        .map(optionText)
        .join('、');
    }
    case 'button':
      return '';
    default:
      return (el as HTMLInputElement | HTMLTextAreaElement).value ?? '';
  }
}

/** The own label of a single control, read live (for value reading after the walk). */
export function ownLabelOf(el: HTMLElement): string {
  const kind = controlKindOf(el);
  if (!kind) return '';
  const doc = el.ownerDocument;
  const labelsFor = new Map<string, HTMLLabelElement[]>();
  if (el.id) {
    const live = (el as HTMLInputElement).labels;
    const all = live ? Array.from(live) : Array.from(doc.querySelectorAll<HTMLLabelElement>('label[for]'));
    const ls = all.filter((l) => l.getAttribute('for') === el.id);
    if (ls.length) labelsFor.set(el.id, ls);
  }
  return ownLabelParts(el, kind, { doc, labelsFor }).own;
}

/**
 * Walks `root` once and returns its form controls as plain data, with the elements in a
 * parallel array. Controls inside `<hersys-assist>` (our own overlay) are skipped; hidden
 * controls are kept (with `visible: false`).
 */
export function collectControls(root: Document | Element): Collection {
  const doc = documentOf(root);
  const forms = Array.from(doc.querySelectorAll('form'));
  const formIndex = new Map<Element, number>(forms.map((f, i) => [f, i]));
  const elements: HTMLElement[] = [];
  const kinds: ControlKind[] = [];
  // Our overlay's controls live in its shadow root, which querySelectorAll does not enter;
  // its light DOM is checked in case a page ever copies controls into it.
  const overlay = doc.querySelector('hersys-assist');
  const inOverlay = overlay && overlay.firstElementChild ? (el: Element) => overlay.contains(el) : () => false;
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(CONTROL_SELECTOR))) {
    const kind = controlKindOf(el);
    if (!kind) continue;
    if (inOverlay(el)) continue;
    elements.push(el);
    kinds.push(kind);
  }

  const holdsControl = new Set<Node>();
  for (const el of elements) {
    for (let c: Node | null = el; c && !holdsControl.has(c); c = c.parentNode) holdsControl.add(c);
  }
  const labelsFor = buildLabelsFor(doc);
  const ids = new Set(elements.map((e) => e.id).filter(Boolean));
  const controlLabels = new Set<Element>();
  for (const [id, ls] of labelsFor) if (ids.has(id)) for (const l of ls) controlLabels.add(l);
  const lk: Lookup = { doc, labelsFor, controlLabels, holdsControl, outer: new Map(), cellText: new Map(), rowHeaders: new Map() };
  const stop: Node | null = root.nodeType === 9 ? null : (root as Element).parentNode;
  const hiddenRoots = hiddenRootsOf(root, holdsControl);

  const controls: CollectedControl[] = elements.map((el, index) => {
    const kind = kinds[index]!;
    // The wrapping label (if any) is both the own label and where the question labels start.
    const wrap = kind === 'button' ? null : el.closest('label');
    const { own, extra } = ownLabelParts(el, kind, lk, wrap);
    const f = formOf(el);
    const input = el as HTMLInputElement;
    return {
      index,
      kind,
      name: el.getAttribute('name') ?? '',
      ownLabel: own,
      contextLabels: kind === 'button' ? [] : contextLabelsOf(el, wrap, extra, lk, stop),
      options: kind === 'select' ? Array.from((el as HTMLSelectElement).options).map(optionText) : [],
      value: currentValue(el, kind, own),
      checked: kind === 'radio' || kind === 'checkbox' ? input.checked === true : false,
      formKey: f ? (formIndex.get(f) ?? -1) : -1,
      visible: isVisible(el, hiddenRoots),
    };
  });
  return { controls, elements, forms };
}
