// @vitest-environment happy-dom
/**
 * The paper 発生届 as HTML (tests/fixtures/pages/notification-official.html): numbered items
 * (「4 生年月日」「⑭」「(15)」「16.」), the reporting doctor's block with the clinic's landline
 * first, 保護者 fields, and dates that look like ours. The reader binds the patient's fields and
 * only those.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPageKind, readForm } from '../../content/page/form-reader';
import { normalizeLabel } from '../../shared/normalize';
import { fieldIdForLabel } from '../../shared/fields';

const load = () => {
  const html = readFileSync(path.resolve(import.meta.dirname, '../fixtures/pages/notification-official.html'), 'utf8');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(...Array.from(doc.body.childNodes).map((n) => document.importNode(n, true)));
  return document;
};
const boundId = (r: ReturnType<typeof readForm>, field: Parameters<typeof fieldIdForLabel>[0] extends string ? string : never) =>
  (r.bindings.get(field as never)?.elements[0] as HTMLElement | undefined)?.id ?? null;

describe('labels as people write them: item numbers, required badges, furigana, English', () => {
  it.each([
    ['4 生年月日', 'birthdate'],
    ['⑭ 診断（検査）年月日', 'diagnosis-date'],
    ['(16) 発病年月日', 'onset-date'],
    ['16. 発病年月日（＊）', 'onset-date'],
    ['１４．診断年月日', 'diagnosis-date'],
    ['3 性別', 'sex'],
    ['【必須】生年月日', 'birthdate'],
    ['必須 生年月日', 'birthdate'],
    ['※ 妊娠の有無', 'pregnancy'],
    ['生年月日（せいねんがっぴ）', 'birthdate'],
    ['Date of birth', 'birthdate'],
    ['Phone number', 'phone'],
    ['Sex', 'sex'],
    ['Pregnancy', 'pregnancy'],
    ['Need for hospitalization', 'hospitalization-needed'],
  ])('%s names %s', (label, field) => expect(fieldIdForLabel(label)).toBe(field));

  it('an item number is dropped only when words follow it', () => {
    expect(normalizeLabel('4 生年月日')).toBe('生年月日');
    expect(normalizeLabel('2022')).toBe('2022');
    expect(fieldIdForLabel('13 初診年月日')).toBeNull();
  });
});

describe('the official form: the patient’s fields, not the clinic’s or the guardian’s', () => {
  it('is a 発生届 and binds the numbered items', () => {
    const doc = load();
    expect(detectPageKind(doc)).toBe('notification');
    const r = readForm(doc);
    expect(boundId(r, 'birthdate')).toBe('birthdate');
    expect(boundId(r, 'diagnosis-date')).toBe('diagnosis-date');
    expect(boundId(r, 'onset-date')).toBe('onset-date');
    expect(boundId(r, 'specimen-date')).toBe('specimen-date');
    expect(boundId(r, 'sex')).toBe('sex-1');
    expect(boundId(r, 'age')).toBe('age');
    expect(boundId(r, 'pregnancy')).toBe('pregnancy-1');
    expect(r.bindings.size).toBe(26);
  });

  it('checks the patient’s phone: the clinic’s landline (first on the form) and the guardian’s are never bound', () => {
    const r = readForm(load());
    expect(boundId(r, 'phone')).toBe('phone');
    const bound = new Set([...r.bindings.values()].flatMap((b) => b.elements.map((e) => e.id)));
    for (const id of ['clinic-phone', 'guardian-phone', 'doctor-name', 'clinic-address', 'first-visit', 'infected-date', 'death-date', 'admission-date']) {
      expect(bound.has(id), id).toBe(false);
    }
  });
});
