/**
 * Shared by tests/unit/fuzz-form-reader*.test.ts (happy-dom). Fuzzing the 発生届 reader (collect → classify → bindings → values, and the page-kind
 * detector) on random DOM fragments: labels made of the field synonyms of shared/fields.ts
 * (in Japanese, ASCII and full-width forms, with brackets, ・ and ※ notes) plus answer words,
 * button words and noise, in random nestings of table / dl / fieldset / label / div / form,
 * with random control types and random attributes (ids that collide, `for` and
 * `aria-labelledby` pointing to random ids, `hidden`, `display: none`, names, values, checked).
 *
 * Properties, on every fragment: the reader never throws; its output is well formed (known
 * field ids, each control bound to at most one field, only collectable non-button controls
 * from the document, submit buttons are buttons, values are strings); reading twice gives the
 * same result; and the page is never changed (markup and every control's state).
 */
import { FIELD_KEY, msg } from '../../shared/i18n';
import fc from 'fast-check';
import { expect } from 'vitest';
import { classifyControls } from '../../content/page/classify';
import { collectControls, controlKindOf } from '../../content/page/collect';
import { detectPageKind, readForm, readValues, type FormReading, type SelectorMap } from '../../content/page/form-reader';
import { FIELDS, FIELD_IDS, type FieldId } from '../../shared/fields';

const IDS = ['f1', 'f2', 'f3', 'q', 'risk', 'phone', 'x'];
const NAMES = ['a', 'b', 'risk', 'sex', 'r1', ''];

// ---------------------------------------------------------------------------------------
// Label text.

const toFullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

const synonym = fc.constantFrom(...FIELDS.flatMap((f) => [msg('ja', FIELD_KEY[f.id]), ...f.synonyms]));
const otherWords = fc.constantFrom(
  '有', '無', '不明', 'あり', 'なし', 'はい', 'いいえ', '軽症', '中等症Ⅰ', '中等症II', '重症', '男', '女',
  '発生届を提出', '提出', '登録する', '一時保存', '戻る', 'My HER-SYS URL通知', 'ＭＹ ＨＥＲ－ＳＹＳ ＵＲＬ通知',
  '健康観察方法', '自動通知', '体温', '酸素飽和度', 'SpO2', '日付', '氏名', '（「新型コロナウイルス感染症診療の手引き」による。）',
);
const noise = fc.string({ unit: fc.constantFrom(...'あいうアイウ漢字の有無日年月（）()・※ 　\t\n-ー0１aZ'.split('')), maxLength: 12 });
const decorated = fc
  .tuple(synonym, fc.constantFrom('', '・', '※', '　'), fc.constantFrom('', '※必須', '（必須）', ' *', '：'), fc.boolean(), fc.boolean())
  .map(([s, pre, post, wide, upper]) => {
    let t = `${pre}${s}${post}`;
    if (wide) t = toFullWidth(t);
    if (upper) t = t.toUpperCase();
    return t;
  });
const labelText = fc.oneof({ weight: 4, arbitrary: decorated }, { weight: 2, arbitrary: otherWords }, { weight: 1, arbitrary: noise }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });

// ---------------------------------------------------------------------------------------
// Fragments: a small tree description, built into the document with createElement.

type Attrs = Partial<Record<'id' | 'name' | 'for' | 'aria-labelledby' | 'aria-label' | 'hidden' | 'style' | 'title' | 'value' | 'role' | 'checked' | 'type', string>>;
type Spec =
  | { t: 'text'; text: string }
  | { t: 'control'; tag: 'input' | 'select' | 'textarea' | 'button'; type: string; attrs: Attrs; options: string[]; text: string; selected: number }
  | { t: 'el'; tag: string; attrs: Attrs; children: Spec[] };

const idRef = fc.constantFrom(...IDS);
const idRefs = fc.array(idRef, { minLength: 1, maxLength: 3 }).map((a) => a.join(' '));
const ATTR_VALUES: { [K in keyof Attrs]-?: fc.Arbitrary<string> } = {
  id: idRef,
  name: fc.constantFrom(...NAMES),
  for: idRef,
  'aria-labelledby': idRefs,
  'aria-label': labelText,
  hidden: fc.constant(''),
  style: fc.constantFrom('display: none', 'display:none;color:red', 'color: red', 'visibility: hidden'),
  title: labelText,
  value: fc.oneof(labelText, fc.constantFrom('1', '0', '', '090-3141-5926', '2022/02/09')),
  role: fc.constantFrom('radiogroup', 'group', 'switch', 'presentation'),
  checked: fc.constant(''),
  type: fc.constantFrom('text', 'radio'),
};
/** Up to three attributes per element (ids and `for` most often: they tie labels to controls). */
const attrName = fc.constantFrom<keyof Attrs>('id', 'id', 'for', 'name', 'name', 'aria-labelledby', 'aria-label', 'hidden', 'style', 'title', 'value', 'role', 'checked');
const attrs: fc.Arbitrary<Attrs> = fc
  .array(attrName.chain((k) => ATTR_VALUES[k].map((v) => [k, v] as const)), { maxLength: 3 })
  .map((pairs) => Object.fromEntries(pairs) as Attrs);

const INPUT_TYPES = ['text', 'radio', 'radio', 'checkbox', 'checkbox', 'date', 'month', 'tel', 'number', 'submit', 'button', 'hidden', 'image', 'password', 'file', 'reset', '', 'TEXT', ' Radio ', 'weird'];
const control: fc.Arbitrary<Spec> = fc.record({
  t: fc.constant('control' as const),
  tag: fc.constantFrom('input', 'input', 'input', 'input', 'select', 'textarea', 'button') as fc.Arbitrary<'input' | 'select' | 'textarea' | 'button'>,
  type: fc.constantFrom(...INPUT_TYPES),
  attrs,
  options: fc.array(fc.oneof(otherWords, labelText, fc.constant('')), { maxLength: 4 }),
  text: labelText,
  selected: fc.integer({ min: -1, max: 3 }),
});
const text: fc.Arbitrary<Spec> = labelText.map((s) => ({ t: 'text' as const, text: s }));
const CONTAINERS = ['div', 'span', 'p', 'label', 'label', 'fieldset', 'legend', 'table', 'tbody', 'thead', 'tr', 'th', 'td', 'td', 'dl', 'dt', 'dd', 'form', 'li', 'h3', 'dialog'];

const el = (tag: string, children: Spec[], a: Attrs = {}): Spec => ({ t: 'el', tag, attrs: a, children });
/** A question the way forms lay them out (label text + its controls), each part still random. */
const question: fc.Arbitrary<Spec> = fc
  .tuple(fc.integer({ min: 0, max: 4 }), decorated, fc.array(control, { minLength: 1, maxLength: 3 }), attrs)
  .map(([layout, label, controls, a]) => {
    const q: Spec = { t: 'text', text: label };
    switch (layout) {
      case 0:
        return el('label', [q, ...controls], a);
      case 1:
        return el('tr', [el('th', [q]), el('td', controls)], a);
      case 2:
        return el('dl', [el('dt', [q]), el('dd', controls)], a);
      case 3:
        return el('fieldset', [el('legend', [q]), ...controls], a);
      default:
        return el('div', [q, ...controls], a);
    }
  });

const { tree } = fc.letrec<{ tree: Spec; node: Spec }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
    { weight: 3, arbitrary: text },
    { weight: 4, arbitrary: control },
    { weight: 3, arbitrary: question },
    { weight: 2, arbitrary: tie('tree') },
  ),
  tree: fc.record({
    t: fc.constant('el' as const),
    tag: fc.constantFrom(...CONTAINERS),
    attrs,
    children: fc.array(tie('node'), { maxLength: 3 }),
  }),
}));
/** The page's trees, and sometimes our own host at the end of the body (one, as the content script attaches it) holding controls of its own. */
const page = fc
  .tuple(fc.array(tree, { minLength: 1, maxLength: 2 }), fc.option(fc.array(fc.oneof(control, tree), { minLength: 1, maxLength: 2 }), { freq: 4 }))
  .map(([trees, host]) => (host ? [...trees, { t: 'el' as const, tag: 'hersys-assist', attrs: {}, children: host }] : trees));

function build(doc: Document, spec: Spec): Node {
  if (spec.t === 'text') return doc.createTextNode(spec.text);
  const el = doc.createElement(spec.tag);
  if (spec.t === 'control' && spec.tag === 'input' && spec.type !== '') el.setAttribute('type', spec.type);
  for (const [k, v] of Object.entries(spec.attrs)) if (v !== undefined) el.setAttribute(k, v);
  if (spec.t === 'control') {
    if (spec.tag === 'select') {
      spec.options.forEach((o, i) => {
        const opt = doc.createElement('option');
        opt.textContent = o;
        if (i === 0 && o === '') opt.value = '';
        if (i === spec.selected) opt.selected = true;
        el.append(opt);
      });
    } else if (spec.tag === 'button' || spec.tag === 'textarea') el.textContent = spec.text;
  } else for (const c of spec.children) el.append(build(doc, c));
  return el;
}

/** Every control's live state (value, checked, selection): a reader could change these without touching the markup. */
function controlState(doc: Document): string {
  let out = '';
  for (const e of Array.from(doc.body.querySelectorAll<HTMLInputElement & HTMLSelectElement>('input, select, textarea'))) {
    out += `${e.value}\u0000${e.checked}\u0000${e.tagName === 'SELECT' ? e.selectedIndex : ''}\u0001`;
  }
  return out;
}

const FIELD_SET: ReadonlySet<string> = new Set(FIELD_IDS);
const KINDS: ReadonlySet<string> = new Set(['radio', 'checkbox', 'select', 'text', 'date', 'number', 'tel', 'textarea']);
const PAGE_KINDS: ReadonlySet<unknown> = new Set([null, 'notification', 'observation-list', 'observation-person', 'observation-settings']);

/** Plain checks (10,000 cases: `expect` per element would cost more than the reader). */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** Checks the contract of a reading; returns the control → field owner map. */
function checkWellFormed(doc: Document, r: FormReading, selectorMap: SelectorMap = {}): void {
  check(typeof r.isNotificationForm === 'boolean', 'isNotificationForm is a boolean');
  check(r.form === null || (r.form.tagName === 'FORM' && doc.contains(r.form)), 'the form is a <form> of the page');
  const owner = new Map<HTMLElement, FieldId>();
  for (const [id, b] of r.bindings) {
    check(FIELD_SET.has(id) && b.field === id, `${id} is a known field id`);
    check(typeof b.label === 'string' && b.label.length > 0, `${id} has the label that matched`);
    check(KINDS.has(b.kind), `${id} has a known control kind (${b.kind})`);
    check(b.elements.length > 0, `${id} has controls`);
    if (b.source === 'selector-map') check(b.label === selectorMap[id], `${id} is pinned by its own selector`);
    else check(b.source === 'label', `${id} has a known source`);
    for (const el of b.elements) {
      const kind = controlKindOf(el);
      check(doc.contains(el), `${id}: a control of the page`);
      check(kind !== null && kind !== 'button', `${id}: a collectable control, not a button (${kind})`);
      check(el.closest('hersys-assist') === null, `${id}: not inside our overlay`);
      check(!owner.has(el), `${id} shares a control with ${owner.get(el)}`);
      owner.set(el, id);
      // Detected fields come from the chosen form only (a pinned risk-any may choose another form).
      if (b.source === 'label' && r.form && r.bindings.get('risk-any')?.source !== 'selector-map') check(r.form.contains(el) || (el as HTMLInputElement).form === r.form, `${id}: inside the chosen form`);
    }
    if (b.kind === 'radio' || b.kind === 'checkbox') check(b.elements.some((el) => ['radio', 'checkbox'].includes(controlKindOf(el) ?? '')), `${id}: a choice group`);
  }
  check(new Set(r.submitButtons).size === r.submitButtons.length, 'submit buttons are listed once');
  for (const b of r.submitButtons) check(doc.contains(b) && controlKindOf(b) === 'button' && !owner.has(b), 'a submit button is a button of the page, bound to no field');
  if (r.myHersysNotify) check(doc.contains(r.myHersysNotify) && ['button', 'checkbox'].includes(controlKindOf(r.myHersysNotify) ?? ''), 'the URL通知 control is a button or checkbox');
  for (const e of r.selectorErrors) {
    check(FIELD_SET.has(e.field) && e.selector === selectorMap[e.field], 'a selector error names its field and selector');
    check(e.reason === 'invalid' || e.reason === 'no-match', `a selector error has a known reason (${e.reason})`);
    check(r.bindings.get(e.field)?.source !== 'selector-map', 'a failed selector pins nothing');
  }
  if (Object.keys(selectorMap).length === 0) check(r.selectorErrors.length === 0, 'no selector, no selector error');
  const values = readValues(r);
  check(Object.keys(values).length === r.bindings.size, 'one value per bound field');
  for (const [id, v] of Object.entries(values)) check(r.bindings.has(id as FieldId) && typeof v === 'string', `${id}: the value is a string`);
}

/** A comparable picture of a reading: which elements each field, the form, the buttons are. */
function shape(r: FormReading, ids: Map<Element, number>): string {
  const at = (e: Element | null) => {
    if (!e) return -1;
    let i = ids.get(e);
    if (i === undefined) ids.set(e, (i = ids.size));
    return i;
  };
  return JSON.stringify({
    isNotificationForm: r.isNotificationForm,
    form: at(r.form),
    bindings: [...r.bindings.values()].map((b) => [b.field, b.kind, b.source, b.label, b.elements.map(at)]),
    notify: at(r.myHersysNotify),
    submit: r.submitButtons.map(at),
    errors: r.selectorErrors,
    values: readValues(r),
  });
}

const selector = fc.constantFrom('#f1', '#f2', '#phone', 'input', 'select', '[name=risk]', 'input[type=radio]', 'td', 'form', '#nope', '[[', 'input:has(', '::before', '', '   ', '>', '#f1, #f2');
const selectorMaps = fc.dictionary(fc.constantFrom(...FIELD_IDS), selector, { minKeys: 1, maxKeys: 4 }) as fc.Arbitrary<SelectorMap>;

/**
 * Runs the reader on `runs` random fragments. `labels`: detection only (plus the page kind and
 * a region read); `pinned`: the same checks, then a read with a random selector map.
 */
export function fuzzReader(mode: 'labels' | 'pinned', runs: number): void {
  const doc = document;
  let elements = 0;
  let notification = 0;
  let bound = 0;
  let errors = 0;
  // Any change to the markup (a node, an attribute, a text) while reading is recorded here.
  const changes = new MutationObserver(() => undefined);
  changes.observe(doc.body, { childList: true, subtree: true, attributes: true, characterData: true });
  try {
    fc.assert(
      fc.property(page, selectorMaps, (specs, selectorMap) => {
        doc.body.replaceChildren(...specs.map((s) => build(doc, s)));
        elements += doc.body.getElementsByTagName('*').length;
        changes.takeRecords();
        const before = controlState(doc);
        const first = readForm(doc);
        checkWellFormed(doc, first);
        const ids = new Map<Element, number>();
        check(shape(readForm(doc), ids) === shape(first, ids), 'a second read gives the same reading');
        if (mode === 'pinned') {
          // Pinned selectors (valid, invalid, overlapping, matching nothing).
          const pinned = readForm(doc, selectorMap);
          checkWellFormed(doc, pinned, selectorMap);
          check(shape(readForm(doc, selectorMap), ids) === shape(pinned, ids), 'a second pinned read gives the same reading');
          errors += pinned.selectorErrors.length;
        } else {
          const kind = detectPageKind(doc);
          check(PAGE_KINDS.has(kind), `a known page kind (${kind})`);
          check(!first.isNotificationForm || kind === 'notification', 'a 発生届 form is a notification page');
          // The collector on a sub-tree (a region) holds up too.
          const sub = doc.body.firstElementChild;
          if (sub) classifyControls(collectControls(sub).controls);
        }
        check(changes.takeRecords().length === 0, 'the markup is unchanged');
        check(controlState(doc) === before, 'every control keeps its value, checked state and selection');
        if (first.isNotificationForm) notification++;
        bound += first.bindings.size;
      }),
      { numRuns: runs },
    );
  } finally {
    changes.disconnect();
  }
  if (process.env.FUZZ_STATS) console.log({ mode, runs, elements: elements / runs, notification, bound: bound / runs, errors });
  // The generator reaches the interesting part: some fragments read as a 発生届, many bind fields, selectors fail.
  expect(notification).toBeGreaterThan(runs / 500);
  expect(bound).toBeGreaterThan(runs / 5);
  if (mode === 'pinned') expect(errors).toBeGreaterThan(runs / 10);
}
