/**
 * Fills the 発生届 replica with a scenario's entries, the way a person would: the form is
 * read with the same reader as on HER-SYS (labels → fields), each control gets its value,
 * and `input` + `change` events are dispatched so the overlay sees a user's edit. A field
 * the record leaves out (or gives as '') is cleared. Never throws for a value it cannot
 * set: it is reported back instead.
 */
import { ownLabelOf } from './page/collect';
import { readForm, type FieldBinding, type SelectorMap } from './page/form-reader';
import { formatISO, parseDate, parseYearMonth } from '../shared/dates';
import type { RawRecord } from '../shared/evaluate';
import { FIELD_IDS, type FieldId } from '../shared/fields';
import { normalizeText } from '../shared/normalize';

const same = (a: string, b: string) => normalizeText(a) === normalizeText(b);

function fire(el: HTMLElement): void {
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The text a choice control is read as (its option label, else its value). */
function choiceText(input: HTMLInputElement): string {
  return ownLabelOf(input) || (input.getAttribute('value') ?? '');
}

function setBinding(b: FieldBinding, value: string): boolean {
  const els = b.elements;
  if (b.kind === 'radio' || b.kind === 'checkbox') {
    const inputs = els.filter((e): e is HTMLInputElement => e instanceof HTMLInputElement);
    const wanted = value === '' ? [] : value.split('、');
    const targets = inputs.filter((i) => wanted.some((w) => same(choiceText(i), w)));
    if (targets.length < wanted.length) return false;
    for (const i of inputs) {
      const on = targets.includes(i);
      if (i.checked !== on) {
        i.checked = on;
        fire(i);
      }
    }
    return true;
  }
  const el = els[0];
  if (el instanceof HTMLSelectElement) {
    const options = Array.from(el.options);
    const index = value === '' ? Math.max(0, options.findIndex((o) => o.value === '')) : options.findIndex((o) => same(o.textContent ?? '', value));
    if (index < 0) return false;
    if (el.selectedIndex !== index) {
      el.selectedIndex = index;
      fire(el);
    }
    return true;
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    let text = value;
    if (el instanceof HTMLInputElement && (el.type === 'date' || el.type === 'month') && value !== '') {
      // A date control takes ISO text: convert what a person would type (和暦, slashes, full width).
      const d = parseDate(value);
      const ym = parseYearMonth(value);
      text = el.type === 'date' ? (d.ok ? formatISO(d.value) : '') : ym.ok ? `${ym.value.y}-${String(ym.value.m).padStart(2, '0')}` : '';
      if (!text) return false;
    }
    if (el.value !== text) {
      el.value = text;
      fire(el);
    }
    return true;
  }
  return false;
}

/** Fills every field of docs/codes.md the page has; returns the fields that could not be set. */
export function fillRecord(doc: Document, record: RawRecord, selectorMap: SelectorMap = {}): FieldId[] {
  const reading = readForm(doc, selectorMap);
  const failed: FieldId[] = [];
  for (const id of FIELD_IDS) {
    const b = reading.bindings.get(id);
    if (!b) continue;
    if (!setBinding(b, record[id] ?? '')) failed.push(id);
  }
  return failed;
}
