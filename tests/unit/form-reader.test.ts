// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyControls } from '../../content/page/classify';
import { collectControls } from '../../content/page/collect';
import { detectPageKind, readForm, readValues, valueOf, type FormReading } from '../../content/page/form-reader';
import { FIELD_IDS, type FieldId } from '../../shared/fields';

const PAGES = path.resolve(import.meta.dirname, '../fixtures/pages');

/** A fixture page as its own document (scripts do not run). */
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(path.join(PAGES, name), 'utf8'), 'text/html');
}

function $<T extends Element = HTMLInputElement>(doc: Document, selector: string): T {
  const el = doc.querySelector<T>(selector);
  if (!el) throw new Error(`fixture has no ${selector}`);
  return el;
}

/** Checks the radio/checkbox of a bound group whose option label is `option`. */
function choose(reading: FormReading, field: FieldId, option: string): void {
  const b = reading.bindings.get(field);
  if (!b) throw new Error(`${field} is not bound`);
  const el = b.elements.find((e) => {
    const id = e.id;
    const label = (id ? e.ownerDocument.querySelector(`label[for="${id}"]`) : e.closest('label')) ?? null;
    const text = (label?.textContent ?? e.nextSibling?.textContent ?? '').trim();
    return text === option;
  }) as HTMLInputElement | undefined;
  if (!el) throw new Error(`${field} has no option ${option}`);
  el.checked = true;
}

function selectOption(el: HTMLSelectElement, text: string): void {
  const i = Array.from(el.options).findIndex((o) => o.textContent?.trim() === text);
  if (i < 0) throw new Error(`no option ${text}`);
  el.selectedIndex = i;
}

/** Every control's value/checked/selection and the whole markup, to prove nothing changed. */
function snapshot(doc: Document): string {
  const controls = Array.from(doc.querySelectorAll<HTMLInputElement & HTMLSelectElement>('input, select, textarea, button')).map((e) => [
    e.tagName,
    e.getAttribute('name'),
    e.value,
    e.checked,
    e.tagName === 'SELECT' ? e.selectedIndex : null,
  ]);
  return JSON.stringify(controls) + doc.documentElement.outerHTML;
}

const BASIC_KINDS: Record<FieldId, string> = {
  'patient-type': 'select',
  'diagnosis-method': 'radio',
  'specimen-date': 'text',
  'diagnosis-date': 'text',
  'onset-date': 'text',
  'vaccine-doses': 'select',
  'vaccine-date': 'text',
  'risk-any': 'radio',
  'risk-malignancy': 'radio',
  'risk-copd': 'radio',
  'risk-ckd': 'radio',
  'risk-hypertension': 'radio',
  'risk-diabetes': 'radio',
  'risk-dyslipidemia': 'radio',
  'risk-obesity': 'radio',
  'risk-smoking': 'radio',
  'risk-other': 'radio',
  immunosuppressed: 'radio',
  pregnancy: 'radio',
  severity: 'select',
  'hospitalization-needed': 'radio',
  'hospitalized-now': 'radio',
  phone: 'text',
  birthdate: 'text',
  age: 'text',
  sex: 'radio',
};

const LAYOUT_KINDS: Record<FieldId, string> = {
  ...BASIC_KINDS,
  'diagnosis-date': 'date',
  'risk-hypertension': 'checkbox',
  'risk-diabetes': 'checkbox',
  pregnancy: 'select',
  severity: 'radio',
  phone: 'tel',
  age: 'number',
};

const kindsOf = (r: FormReading): Record<string, string> => Object.fromEntries([...r.bindings].map(([id, b]) => [id, b.kind]));

describe('readForm on the basic 発生届', () => {
  it('binds every field of contract §3 by its label, with the right kind', () => {
    const r = readForm(load('notification-basic.html'));
    expect(r.isNotificationForm).toBe(true);
    expect(kindsOf(r)).toEqual(BASIC_KINDS);
    for (const b of r.bindings.values()) expect(b.source).toBe('label');
  });

  it('binds the radio groups with all their radios', () => {
    const r = readForm(load('notification-basic.html'));
    expect(r.bindings.get('immunosuppressed')?.elements.map((e) => e.id)).toEqual(['immuno-1', 'immuno-0', 'immuno-9']);
    expect(r.bindings.get('risk-other')?.elements.map((e) => e.id)).toEqual(['risk-other-1', 'risk-other-0']);
  });

  it('ignores the search form before the 発生届', () => {
    const doc = load('notification-basic.html');
    const r = readForm(doc);
    expect(r.form).toBe(doc.getElementById('notification-form'));
    expect(r.bindings.get('birthdate')?.elements).toEqual([doc.getElementById('birthdate')]);
    expect(r.bindings.get('phone')?.elements).toEqual([doc.getElementById('phone')]);
    $(doc, '#q-birthdate').value = '1990/01/01';
    expect(readValues(r).birthdate).toBe('');
  });

  it('takes the first 電話番号, not the emergency contact after it', () => {
    const doc = load('notification-basic.html');
    expect(readForm(doc).bindings.get('phone')?.elements[0]?.id).toBe('phone');
  });

  it('reads every field as empty when nothing is answered yet', () => {
    const rec = readValues(readForm(load('notification-basic.html')));
    expect(Object.keys(rec).sort()).toEqual([...FIELD_IDS].sort());
    expect(Object.values(rec).every((v) => v === '')).toBe(true);
  });

  it('reads what the doctor filled in as the visible labels and typed text', () => {
    const doc = load('notification-basic.html');
    const r = readForm(doc);
    selectOption($(doc, '#patient-type'), '患者（確定例）');
    choose(r, 'diagnosis-method', '抗原定性検査');
    $(doc, '#specimen-date').value = '2022/02/08';
    $(doc, '#diagnosis-date').value = '令和4年2月9日';
    $(doc, '#onset-date').value = '2022-02-07';
    selectOption($(doc, '#vaccine-doses'), '2回');
    $(doc, '#vaccine-date').value = '2021/09';
    choose(r, 'risk-any', '有');
    choose(r, 'risk-hypertension', '有');
    choose(r, 'risk-diabetes', '無');
    choose(r, 'immunosuppressed', '不明');
    choose(r, 'pregnancy', '無');
    selectOption($(doc, '#severity'), '中等症Ⅱ');
    choose(r, 'hospitalization-needed', '有');
    choose(r, 'hospitalized-now', '無');
    $(doc, '#phone').value = '０９０（３１４１）５９２６';
    $(doc, '#birthdate').value = 'S50.4.1';
    $(doc, '#age').value = '46';
    choose(r, 'sex', '女');
    expect(readValues(r)).toEqual({
      'patient-type': '患者（確定例）',
      'diagnosis-method': '抗原定性検査',
      'specimen-date': '2022/02/08',
      'diagnosis-date': '令和4年2月9日',
      'onset-date': '2022-02-07',
      'vaccine-doses': '2回',
      'vaccine-date': '2021/09',
      'risk-any': '有',
      'risk-malignancy': '',
      'risk-copd': '',
      'risk-ckd': '',
      'risk-hypertension': '有',
      'risk-diabetes': '無',
      'risk-dyslipidemia': '',
      'risk-obesity': '',
      'risk-smoking': '',
      'risk-other': '',
      immunosuppressed: '不明',
      pregnancy: '無',
      severity: '中等症Ⅱ',
      'hospitalization-needed': '有',
      'hospitalized-now': '無',
      phone: '０９０（３１４１）５９２６',
      birthdate: 'S50.4.1',
      age: '46',
      sex: '女',
    });
  });

  it('reads a select back to empty when its placeholder option is chosen again', () => {
    const doc = load('notification-basic.html');
    const r = readForm(doc);
    const sev = $<HTMLSelectElement>(doc, '#severity');
    selectOption(sev, '重症');
    expect(valueOf(r.bindings.get('severity')!)).toBe('重症');
    selectOption(sev, '選択してください');
    expect(valueOf(r.bindings.get('severity')!)).toBe('');
  });

  it('finds the My HER-SYS URL通知 button and the submit button, not 一時保存 or 検索', () => {
    const doc = load('notification-basic.html');
    const r = readForm(doc);
    expect(r.myHersysNotify).toBe(doc.getElementById('btn-myhersys'));
    expect(r.submitButtons).toEqual([doc.getElementById('btn-submit')]);
    expect(r.submitButtons).not.toContain(doc.getElementById('btn-save'));
    expect(r.submitButtons).not.toContain(doc.getElementById('btn-search'));
  });

  it('does not change any value or attribute of the page', () => {
    const doc = load('notification-basic.html');
    choose(readForm(doc), 'risk-any', '有');
    $(doc, '#phone').value = '090-3141-5926';
    selectOption($(doc, '#severity'), '軽症');
    const before = snapshot(doc);
    const r = readForm(doc);
    readValues(r);
    detectPageKind(doc);
    expect(snapshot(doc)).toBe(before);
  });
});

describe('readForm on other layouts', () => {
  it('binds every field of contract §3 in the mixed-layout page, with the right kind', () => {
    const r = readForm(load('notification-layouts.html'));
    expect(r.isNotificationForm).toBe(true);
    expect(kindsOf(r)).toEqual(LAYOUT_KINDS);
  });

  it('gives risk-other to the radios of the risk section, not to the symptoms その他 box or the disease-name box', () => {
    const doc = load('notification-layouts.html');
    const b = readForm(doc).bindings.get('risk-other');
    expect(b?.kind).toBe('radio');
    expect(b?.elements.map((e) => e.getAttribute('name'))).toEqual(['f17', 'f17']);
  });

  it('reads checkbox groups, yes/no selects, あり/なし, Latin severity and plain option text', () => {
    const doc = load('notification-layouts.html');
    const r = readForm(doc);
    $(doc, 'input[name="f12_yes"]').checked = true;
    $(doc, 'input[name="f13_no"]').checked = true;
    selectOption($(doc, 'select[name="f19"]'), '不明');
    choose(r, 'risk-malignancy', 'あり');
    choose(r, 'severity', '中等症II');
    choose(r, 'hospitalization-needed', '無');
    choose(r, 'sex', '女');
    $(doc, 'input[name="f23"]').value = '０９０（３１４１）５９２６';
    const rec = readValues(r);
    expect(rec).toMatchObject({
      'risk-hypertension': '有',
      'risk-diabetes': '無',
      pregnancy: '不明',
      'risk-malignancy': 'あり',
      severity: '中等症II',
      'hospitalization-needed': '無',
      sex: '女',
      phone: '０９０（３１４１）５９２６',
    });
  });

  it('finds the full-width My HER-SYS URL通知 button and the input[type=submit]', () => {
    const doc = load('notification-layouts.html');
    const r = readForm(doc);
    expect(r.myHersysNotify).toBe($(doc, 'button[name="notify"]'));
    expect(r.submitButtons).toEqual([$(doc, 'input[type="submit"]')]);
  });

  it('binds the fields of a hidden 発生届 tab, and knows they are hidden until the tab opens', () => {
    const doc = load('notification-tabs.html');
    const r = readForm(doc);
    expect(r.isNotificationForm).toBe(true);
    expect(kindsOf(r)).toEqual(BASIC_KINDS);
    expect(r.bindings.get('phone')?.elements[0]?.id).toBe('phone');
    const severity = collectControls(doc).controls.find((c) => c.name === 'severity');
    expect(severity?.visible).toBe(false);
    expect(collectControls(doc).controls.find((c) => c.name === 'phone')?.visible).toBe(true);
    $(doc, '#panel-notification').removeAttribute('hidden');
    expect(collectControls(doc).controls.find((c) => c.name === 'severity')?.visible).toBe(true);
  });

  it('finds nothing before a late page renders, everything after, and the fresh controls after a re-render', () => {
    const doc = load('notification-late.html');
    expect(readForm(doc).isNotificationForm).toBe(false);
    expect(readForm(doc).bindings.size).toBe(0);
    const tpl = $<HTMLTemplateElement>(doc, '#notification-template');
    const fresh = (): Node => tpl.content.querySelector('form')!.cloneNode(true);
    doc.body.appendChild(fresh());
    const first = readForm(doc);
    expect(kindsOf(first)).toEqual(BASIC_KINDS);
    doc.getElementById('notification-form')!.replaceWith(fresh());
    expect(first.bindings.get('phone')?.elements[0]?.isConnected).toBe(false);
    const second = readForm(doc);
    expect(second.bindings.get('phone')?.elements[0]?.isConnected).toBe(true);
    expect(second.form).toBe(doc.getElementById('notification-form'));
  });
});

describe('selector map', () => {
  it('a pinned selector wins over detection', () => {
    const doc = load('notification-basic.html');
    const r = readForm(doc, { phone: '#phone-2' });
    const b = r.bindings.get('phone');
    expect(b).toMatchObject({ source: 'selector-map', kind: 'text', label: '#phone-2' });
    expect(b?.elements).toEqual([doc.getElementById('phone-2')]);
    $(doc, '#phone-2').value = '03-1234-5678';
    expect(readValues(r).phone).toBe('03-1234-5678');
  });

  it('a selector naming a container binds the radios inside it', () => {
    const doc = load('notification-layouts.html');
    const r = readForm(doc, { 'hospitalized-now': 'div[aria-label="届出時点の入院の有無"]' });
    const b = r.bindings.get('hospitalized-now');
    expect(b).toMatchObject({ source: 'selector-map', kind: 'radio' });
    expect(b?.elements).toHaveLength(2);
    (b!.elements[0] as HTMLInputElement).checked = true;
    expect(valueOf(b!)).toBe('有');
  });

  it('an invalid selector is reported, not thrown, and detection stays', () => {
    const doc = load('notification-basic.html');
    let r: FormReading | undefined;
    expect(() => (r = readForm(doc, { birthdate: '##bad[', phone: '#no-such-input' }))).not.toThrow();
    expect(r!.selectorErrors).toEqual([
      { field: 'phone', selector: '#no-such-input', reason: 'no-match' },
      { field: 'birthdate', selector: '##bad[', reason: 'invalid' },
    ]);
    expect(r!.bindings.get('birthdate')).toMatchObject({ source: 'label', elements: [doc.getElementById('birthdate')] });
    expect(r!.bindings.get('phone')).toMatchObject({ source: 'label' });
  });

  it('a pinned control is not also bound by its label to another field', () => {
    const doc = load('notification-basic.html');
    const r = readForm(doc, { age: '#phone' });
    expect(r.bindings.get('age')?.elements).toEqual([doc.getElementById('phone')]);
    expect(r.bindings.has('phone')).toBe(false);
  });
});

describe('collector', () => {
  it('skips hidden, password and file inputs and our own overlay, and keeps buttons', () => {
    const doc = load('notification-basic.html');
    const overlay = doc.createElement('hersys-assist');
    const input = doc.createElement('input');
    input.setAttribute('aria-label', '電話番号');
    overlay.appendChild(input);
    doc.body.prepend(overlay);
    const { controls, elements } = collectControls(doc);
    expect(elements).not.toContain(input);
    expect(controls.some((c) => c.name === 'csrf_token')).toBe(false);
    expect(controls.filter((c) => c.kind === 'button').map((c) => c.ownLabel)).toEqual(['検索', 'My HER-SYS URL通知', '一時保存', '発生届を提出']);
    expect(controls.every((c, i) => c.index === i)).toBe(true);
  });

  it('reads own labels, question labels, options and form keys as plain data', () => {
    const { controls } = collectControls(load('notification-basic.html'));
    const byName = (n: string) => controls.filter((c) => c.name === n);
    expect(byName('risk_copd').map((c) => [c.ownLabel, c.contextLabels[0]])).toEqual([
      ['有', '慢性閉塞性肺疾患（COPD）'],
      ['無', '慢性閉塞性肺疾患（COPD）'],
    ]);
    expect(byName('severity')[0]).toMatchObject({ kind: 'select', ownLabel: '重症度', options: ['選択してください', '軽症', '中等症Ⅰ', '中等症Ⅱ', '重症'], value: '', formKey: 1 });
    expect(byName('q_phone')[0]).toMatchObject({ ownLabel: '電話番号', formKey: 0 });
  });

  it('reads question labels from aria-labelledby, legends, dt, first td and label-ish siblings', () => {
    const { controls } = collectControls(load('notification-layouts.html'));
    const byName = (n: string) => controls.find((c) => c.name === n)!;
    expect(byName('f08').contextLabels[0]).toBe('・重症化のリスク因子となる疾患の有無 ※いずれかに該当する場合は「有」');
    expect(byName('f03').contextLabels).toEqual(['検体採取日※']);
    expect(byName('f04').contextLabels).toEqual(['診断年月日']);
    expect(byName('f09').contextLabels[0]).toBe('・悪性腫瘍');
    expect(byName('f21')).toMatchObject({ ownLabel: '有', contextLabels: ['入院の必要性の有無'] });
    expect(byName('f07').ownLabel).toBe('最終接種年月');
    expect(byName('f19').ownLabel).toBe('妊娠の有無');
  });

  it('a question label tied to the first radio with label[for] is a question label, not the option', () => {
    const doc = new DOMParser().parseFromString(
      '<form><div><label for="h1">高血圧</label><input type="radio" id="h1" name="h">有 <input type="radio" id="h2" name="h">無</div>' +
        '<div><label for="d1">糖尿病</label><input type="radio" id="d1" name="d"><label for="d1">有</label><input type="radio" id="d2" name="d"><label for="d2">無</label></div></form>',
      'text/html',
    );
    const { controls } = collectControls(doc);
    expect(controls.map((c) => c.ownLabel)).toEqual(['有', '無', '有', '無']);
    expect(controls[0]!.contextLabels[0]).toBe('高血圧');
    expect(controls[2]!.contextLabels[0]).toBe('糖尿病');
    const r = readForm(doc);
    $(doc, '#h1').checked = true;
    $(doc, '#d2').checked = true;
    expect(readValues(r)).toEqual({ 'risk-hypertension': '有', 'risk-diabetes': '無' });
  });

  it('is fast on the basic page', () => {
    const doc = load('notification-basic.html');
    for (let i = 0; i < 5; i++) classifyControls(collectControls(doc).controls);
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      classifyControls(collectControls(doc).controls);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    // happy-dom is several times slower than Chrome; the budget there is 5 ms.
    expect(times[4]).toBeLessThan(25);
  });
});

describe('detectPageKind', () => {
  it.each([
    ['notification-basic.html', 'notification'],
    ['notification-layouts.html', 'notification'],
    ['notification-tabs.html', 'notification'],
    ['notification-late.html', null],
    ['observation-list.html', 'observation-list'],
    ['observation-person.html', 'observation-person'],
    ['observation-settings.html', 'observation-settings'],
  ] as const)('%s is %s', (page, kind) => {
    expect(detectPageKind(load(page))).toBe(kind);
  });

  it('a late page is a notification page once it has rendered', () => {
    const doc = load('notification-late.html');
    doc.body.appendChild($<HTMLTemplateElement>(doc, '#notification-template').content.cloneNode(true));
    expect(detectPageKind(doc)).toBe('notification');
  });

  it('a page with the 発生届 and a 健康観察 tab with 健康観察方法 and 自動通知 is a notification page', () => {
    const doc = load('notification-tabs.html');
    expect(doc.body.textContent).toContain('健康観察方法');
    expect(doc.body.textContent).toContain('自動通知');
    expect(detectPageKind(doc)).toBe('notification');
  });

  it('a read-only settings page (自動通知 shown as text) is still a settings page', () => {
    const doc = new DOMParser().parseFromString(
      '<table><tr><th>健康観察方法</th><td>自動架電</td></tr><tr><th>自動通知</th><td>on</td></tr></table>',
      'text/html',
    );
    expect(detectPageKind(doc)).toBe('observation-settings');
  });

  it('a table with 体温 and SpO2 but a name column is the list, with 日付 first and no name the person page', () => {
    const list = new DOMParser().parseFromString('<table><tr><th>氏名</th><th>日付</th><th>体温</th><th>SpO2</th></tr></table>', 'text/html');
    const person = new DOMParser().parseFromString('<table><tr><td>観察日</td><td>体温</td><td>SpO₂</td></tr></table>', 'text/html');
    expect(detectPageKind(list)).toBe('observation-list');
    expect(detectPageKind(person)).toBe('observation-person');
  });

  it('a list whose columns include 健康観察方法 and 自動通知 is still the list', () => {
    const doc = new DOMParser().parseFromString(
      '<table><thead><tr><th>HER-SYS ID</th><th>氏名</th><th>健康観察方法</th><th>自動通知</th><th>体温</th><th>酸素飽和度</th></tr></thead>' +
        '<tbody><tr><td>10000001</td><td>架空 太郎</td><td>自動架電</td><td>on</td><td>36.5</td><td>98</td></tr></tbody></table>',
      'text/html',
    );
    expect(detectPageKind(doc)).toBe('observation-list');
  });

  it('a page without any of these is nothing', () => {
    expect(detectPageKind(new DOMParser().parseFromString('<p>ログイン</p><input aria-label="ユーザーID">', 'text/html'))).toBeNull();
  });
});
