/**
 * Finding the words that name a control: its own label (`<label for>`, a wrapping label,
 * `aria-label`/`aria-labelledby`, the option text beside a radio) and the question labels
 * around it (a table row header, `legend`, `dt`, a preceding text). Reads text only.
 */
import { DEFAULT_SUBMIT_LABEL } from '../../shared/vocabulary';
import type { ControlKind } from './collect';

export const MAX_LABEL_LENGTH = 200;
export const MAX_CONTEXT_LABELS = 8;
/** Elements whose text is never part of a label (option lists, scripts, nested controls). */
export const NO_TEXT_TAGS: ReadonlySet<string> = new Set(['SELECT', 'OPTION', 'OPTGROUP', 'TEXTAREA', 'SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'BUTTON', 'HERSYS-ASSIST']);
/** Containers that close a question: sibling text beyond them belongs to another question. */
export const BOUNDARY_TAGS: ReadonlySet<string> = new Set(['TD', 'TH', 'DD', 'DT', 'FIELDSET', 'LI', 'FORM', 'TR', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'BODY', 'HTML', 'DIALOG']);
export const CONTROL_SELECTOR = 'input, select, textarea, button';

/** White space collapsed and trimmed. */
const SPACE_RUN = /[\s\u3000\u00A0\u200B\uFEFF]+/g;
/** Anything `clean` would change: a non-space blank, two blanks in a row, or a blank at either end. */
const NEEDS_CLEAN = /[\t\n\r\f\v\u3000\u00A0\u200B\uFEFF\u1680\u2000-\u200a\u2028\u2029\u202f\u205f]|\s\s|^\s|\s$/;
export function clean(s: string): string {
  return NEEDS_CLEAN.test(s) ? s.replace(SPACE_RUN, ' ').trim() : s;
}

function clip(s: string): string {
  return s.length > MAX_LABEL_LENGTH ? s.slice(0, MAX_LABEL_LENGTH).trim() : s;
}

/** Visible-ish text of a subtree (text nodes only), skipping option lists, nested controls' text and scripts. */
export function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) parts.push(c.nodeValue ?? '');
      else if (c.nodeType === 1 && !NO_TEXT_TAGS.has((c as Element).tagName)) walk(c);
    }
  };
  if (node.nodeType === 3) return clean(node.nodeValue ?? '');
  walk(node);
  return clean(parts.join(''));
}

function isRadioOrCheckbox(n: Node | null): boolean {
  if (!n || n.nodeType !== 1 || (n as Element).tagName !== 'INPUT') return false;
  const t = ((n as Element).getAttribute('type') ?? '').toLowerCase();
  return t === 'radio' || t === 'checkbox';
}

function prevNonBlank(n: Node): Node | null {
  let p = n.previousSibling;
  while (p && ((p.nodeType === 3 && !clean(p.nodeValue ?? '')) || p.nodeType === 8)) p = p.previousSibling;
  return p;
}

function nextNonBlank(n: Node): Node | null {
  let p = n.nextSibling;
  while (p && ((p.nodeType === 3 && !clean(p.nodeValue ?? '')) || p.nodeType === 8)) p = p.nextSibling;
  return p;
}

/** Per-walk lookup tables, built once per `collectControls` (or lazily for a single read). */
export interface Lookup {
  doc: Document;
  /** id → `<label for=id>` elements. */
  labelsFor: Map<string, HTMLLabelElement[]>;
  /** `<label for>` elements whose target is a collected control. */
  controlLabels: Set<Element>;
  /** Every ancestor of a collected control (and the controls themselves). */
  holdsControl: Set<Node>;
  /** Memo of `outerLabels`. */
  outer: Map<Element, readonly string[]>;
  /** Memo of the text of header cells (radios of one row share them). */
  cellText: Map<Element, string>;
  /** Memo of `rowHeaders` per cell. */
  rowHeaders: Map<Element, string[]>;
}

export function buildLabelsFor(doc: Document): Map<string, HTMLLabelElement[]> {
  const map = new Map<string, HTMLLabelElement[]>();
  for (const l of Array.from(doc.querySelectorAll<HTMLLabelElement>('label[for]'))) {
    const id = l.getAttribute('for');
    if (!id) continue;
    const list = map.get(id);
    if (list) list.push(l);
    else map.set(id, [l]);
  }
  return map;
}

function idrefText(doc: Document, ids: string): string {
  return clean(
    ids
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => {
        const t = doc.getElementById(id);
        return t ? textOf(t) : '';
      })
      .join(' '),
  );
}

function ariaText(doc: Document, el: Element): string {
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const t = idrefText(doc, by);
    if (t) return t;
  }
  return clean(el.getAttribute('aria-label') ?? '');
}

function isBefore(a: Node, b: Node): boolean {
  return (a.compareDocumentPosition(b) & 4) !== 0; // b FOLLOWING a
}

/**
 * The control's own label, plus (radio/checkbox only) question labels that were tied to
 * it with a `<label for>` placed before it, e.g. `<label for=r1>高血圧</label><input id=r1><label for=r1>有</label>`.
 */
export function ownLabelParts(
  el: HTMLElement,
  kind: ControlKind,
  lk: Pick<Lookup, 'doc' | 'labelsFor'>,
  wrap: HTMLLabelElement | null = el.closest('label'),
): { own: string; extra: string[] } {
  const choice = kind === 'radio' || kind === 'checkbox';
  if (kind === 'button') {
    const text = el.tagName === 'BUTTON' ? textOf(el) : clean(el.getAttribute('value') ?? '');
    const aria = ariaText(lk.doc, el);
    const title = clean(el.getAttribute('title') ?? '');
    const fallback = el.tagName === 'INPUT' && (el.getAttribute('type') ?? '').toLowerCase() === 'submit' ? DEFAULT_SUBMIT_LABEL : '';
    return { own: clip(text || aria || title || fallback), extra: [] };
  }
  const labels: Element[] = [];
  const id = el.id;
  if (id) for (const l of lk.labelsFor.get(id) ?? []) labels.push(l);
  if (wrap && !labels.includes(wrap)) {
    // A wrapping label that points elsewhere with `for` labels that other control.
    const f = wrap.getAttribute('for');
    if (!f || f === id) labels.push(wrap);
  }
  let extra: string[] = [];
  let chosen = labels;
  let own = '';
  if (choice && labels.length > 0) {
    // A `<label for>` placed before a radio is its question; the option text comes after it.
    const after = labels.filter((l) => l.contains(el) || isBefore(el, l));
    const before = labels.filter((l) => !after.includes(l));
    if (before.length > 0) {
      const next = after.length === 0 ? optionTextAfter(el) : '';
      if (after.length > 0 || next) {
        chosen = after;
        own = next;
        extra = before.map((l) => clip(textOf(l))).filter(Boolean).reverse();
      }
    }
  }
  if (!own) own = clean(chosen.map((l) => textOf(l)).join(' '));
  if (!own) own = ariaText(lk.doc, el);
  if (!own) own = clean(el.getAttribute('title') ?? '');
  if (!own && choice) own = optionTextAfter(el);
  return { own: clip(own), extra };
}

/** `<input type=radio> 有` — the option text right after a radio/checkbox that has no label. */
function optionTextAfter(el: Element): string {
  const n = nextNonBlank(el);
  if (n && n.nodeType === 3) {
    const t = clean(n.nodeValue ?? '');
    return t.length <= 100 ? t : '';
  }
  if (n && n.nodeType === 1 && !CONTROLISH.has((n as Element).tagName) && !(n as Element).querySelector(CONTROL_SELECTOR)) {
    const t = textOf(n);
    if (t.length <= 100) return t;
  }
  return '';
}

const CONTROLISH: ReadonlySet<string> = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'LABEL']);

/** Is this sibling node a label for the question (not a control, not another control's label, not option text)? */
function labelishText(n: Node, lk: Lookup): string {
  if (n.nodeType === 3) {
    const t = clean(n.nodeValue ?? '');
    if (!t || isRadioOrCheckbox(prevNonBlank(n))) return '';
    return t;
  }
  if (n.nodeType !== 1) return '';
  const e = n as Element;
  if (lk.holdsControl.has(e) || lk.controlLabels.has(e) || NO_TEXT_TAGS.has(e.tagName)) return '';
  if (e.tagName === 'INPUT' || e.hasAttribute('hidden')) return '';
  if (isRadioOrCheckbox(prevNonBlank(e))) return '';
  return textOf(e);
}

/** Nearest label-ish previous sibling of `node`, or ''. */
function precedingLabel(node: Node, lk: Lookup): string {
  for (let p = node.previousSibling; p; p = p.previousSibling) {
    const t = labelishText(p, lk);
    if (t) return t;
  }
  return '';
}

/**
 * Header cells before `cell` in its row, nearest first, at most three: th, or a label-only td
 * (one without controls). Memoised per cell, each cell building on the one before it, so a
 * long row is walked once rather than once per control.
 */
function rowHeaders(cell: Element, lk: Lookup): string[] {
  const known = lk.rowHeaders.get(cell);
  if (known) return known;
  const row = cell.parentElement;
  let out: string[] = [];
  if (row && row.tagName === 'TR') {
    const c = cell.previousElementSibling;
    if (c) {
      out = rowHeaders(c, lk);
      if ((c.tagName === 'TD' || c.tagName === 'TH') && !lk.holdsControl.has(c)) {
        let t = lk.cellText.get(c);
        if (t === undefined) {
          t = textOf(c);
          lk.cellText.set(c, t);
        }
        if (t) out = [t, ...out.slice(0, 2)];
      }
    }
  }
  lk.rowHeaders.set(cell, out);
  return out;
}

/** The question labels an element itself contributes: aria-label(ledby), row headers of a cell, dt of a dd, legend of a fieldset. */
function structuralLabels(cur: Element, lk: Lookup, control: Element | null): string[] {
  const out: string[] = [];
  const tag = cur.tagName;
  if (cur.hasAttribute('aria-labelledby') || cur.hasAttribute('aria-label')) out.push(ariaText(lk.doc, cur));
  if (tag === 'TD' || tag === 'TH') out.push(...rowHeaders(cur, lk));
  else if (tag === 'DD') {
    let dt = cur.previousElementSibling;
    while (dt && dt.tagName !== 'DT') dt = dt.previousElementSibling;
    if (dt) out.push(textOf(dt));
  } else if (tag === 'FIELDSET') {
    for (let c = cur.firstElementChild; c; c = c.nextElementSibling) {
      if (c.tagName === 'LEGEND') {
        if (!control || !c.contains(control)) out.push(textOf(c));
        break;
      }
    }
  }
  return out;
}

/** Structural labels of `cur` and all its ancestors (below `stop`), cleaned and clipped, memoised: controls share their outer containers. */
function outerLabels(cur: Element | null, lk: Lookup, stop: Node | null): readonly string[] {
  if (!cur || cur === stop) return [];
  const known = lk.outer.get(cur);
  if (known) return known;
  const own = structuralLabels(cur, lk, null)
    .map((l) => clip(clean(l)))
    .filter(Boolean);
  const above = outerLabels(cur.parentElement, lk, stop);
  const labels = own.length === 0 ? above : [...own, ...above];
  lk.outer.set(cur, labels);
  return labels;
}

/** Adds a cleaned label unless empty, already there, or the list is full. */
function pushLabel(out: string[], t: string): void {
  if (t && out.length < MAX_CONTEXT_LABELS && !out.includes(t)) out.push(t);
}

export function contextLabelsOf(el: HTMLElement, wrap: HTMLLabelElement | null, extra: string[], lk: Lookup, stop: Node | null): string[] {
  const out: string[] = [];
  for (const x of extra) pushLabel(out, clip(clean(x)));
  // The control's own label (and its wrapping label) are not question labels: start above them.
  const node: Element = wrap ?? el;
  pushLabel(out, clip(clean(precedingLabel(node, lk))));
  // Up to the first boundary: structural labels and label-ish siblings at every level.
  let cur = node.parentElement;
  for (; cur && cur !== stop; cur = cur.parentElement) {
    for (const l of structuralLabels(cur, lk, el)) pushLabel(out, clip(clean(l)));
    if (BOUNDARY_TAGS.has(cur.tagName)) break;
    pushLabel(out, clip(clean(precedingLabel(cur, lk))));
  }
  // Above it: structural labels only (already cleaned), shared by every control in the container.
  if (cur && cur !== stop) for (const l of outerLabels(cur.parentElement, lk, stop)) pushLabel(out, l);
  return out;
}
