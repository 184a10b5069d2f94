import { describe, expect, it } from 'vitest';
import { classifyControls, isMyHersysNotifyLabel, isSubmitLabel } from '../../content/page/classify';
import type { CollectedControl } from '../../content/page/collect';

type Spec = Partial<Omit<CollectedControl, 'index'>> & Pick<CollectedControl, 'kind'>;

/** Builds a control list: index = position, defaults for everything not given. */
function controls(...specs: Spec[]): CollectedControl[] {
  return specs.map((s, index) => ({
    index,
    name: '',
    ownLabel: '',
    contextLabels: [],
    options: [],
    value: '',
    checked: false,
    formKey: 0,
    visible: true,
    ...s,
  }));
}

const radios = (name: string, question: string | string[], options = ['有', '無'], extra: Partial<Spec> = {}): Spec[] =>
  options.map((o) => ({ kind: 'radio', name, ownLabel: o, contextLabels: Array.isArray(question) ? question : [question], ...extra }));
const text = (ownLabel: string, contextLabels: string[] = [], extra: Partial<Spec> = {}): Spec => ({ kind: 'text', ownLabel, contextLabels, ...extra });
const button = (ownLabel: string, extra: Partial<Spec> = {}): Spec => ({ kind: 'button', ownLabel, ...extra });

/** A minimal risk section: risk-any and three diseases. */
const riskSection = (extra: Partial<Spec> = {}): Spec[] => [
  ...radios('risk_any', '重症化のリスク因子となる疾患の有無', ['有', '無'], extra),
  ...radios('hbp', '高血圧', ['有', '無'], extra),
  ...radios('dm', '糖尿病', ['有', '無'], extra),
  ...radios('smoke', '喫煙歴', ['有', '無'], extra),
];

describe('grouping', () => {
  it('radios with one name are one field, with every radio in it', () => {
    const c = classifyControls(controls(...radios('p', '妊娠の有無', ['有', '無', '不明'])));
    expect(c.fields.pregnancy).toEqual({ field: 'pregnancy', controls: [0, 1, 2], kind: 'radio', label: '妊娠の有無' });
  });

  it('radios without a name are grouped by identical question labels', () => {
    const c = classifyControls(controls(...radios('', '高血圧'), ...radios('', '糖尿病')));
    expect(c.fields['risk-hypertension']?.controls).toEqual([0, 1]);
    expect(c.fields['risk-diabetes']?.controls).toEqual([2, 3]);
  });

  it('radios with the same name in two forms are two groups', () => {
    const c = classifyControls(controls(...radios('sex', '性別', ['男', '女'], { formKey: 0 }), ...radios('sex', '性別', ['男', '女'], { formKey: 1 }), ...riskSection({ formKey: 1 })));
    expect(c.formKey).toBe(1);
    expect(c.fields.sex?.controls).toEqual([2, 3]);
  });

  it('a 有/無 checkbox group with a name per box behaves like a radio group', () => {
    const c = classifyControls(
      controls(
        { kind: 'checkbox', name: 'hbp_yes', ownLabel: '有', contextLabels: ['高血圧'] },
        { kind: 'checkbox', name: 'hbp_no', ownLabel: '無', contextLabels: ['高血圧'] },
      ),
    );
    expect(c.fields['risk-hypertension']).toEqual({ field: 'risk-hypertension', controls: [0, 1], kind: 'checkbox', label: '高血圧' });
  });

  it('a checkbox that is not a 有/無 option does not answer a yes/no question', () => {
    const c = classifyControls(controls({ kind: 'checkbox', name: 'preg', ownLabel: '妊娠中の場合はチェック', contextLabels: ['妊娠の有無'] }));
    expect(c.fields.pregnancy).toBeUndefined();
  });
});

describe('labels', () => {
  it('option labels never classify a field on their own', () => {
    const c = classifyControls(controls(...radios('x', [], ['有', '無']), { kind: 'radio', name: 'y', ownLabel: '高血圧' }, { kind: 'checkbox', name: 'z', ownLabel: '妊娠の有無' }));
    expect(c.fields).toEqual({});
  });

  it('a radio group takes the first context label the synonym table knows', () => {
    const c = classifyControls(controls(...radios('m', ['・悪性腫瘍', '重症化のリスク因子となる疾患の有無'])));
    expect(c.fields['risk-malignancy']?.label).toBe('・悪性腫瘍');
    expect(c.fields['risk-any']).toBeUndefined();
  });

  it('a text box is classified by its own label before the labels around it', () => {
    const c = classifyControls(controls(text('年齢', ['生年月日']), text('', ['生年月日'])));
    expect(c.fields.age?.controls).toEqual([0]);
    expect(c.fields.birthdate?.controls).toEqual([1]);
  });

  it('a text box without its own label falls back to its question label', () => {
    const c = classifyControls(controls(text('', ['検体採取日※'])));
    expect(c.fields['specimen-date']).toMatchObject({ controls: [0], kind: 'text', label: '検体採取日※' });
  });

  it('入院の必要性の有無 and 入院の有無 are two different questions', () => {
    const c = classifyControls(controls(...radios('a', '入院の必要性の有無'), ...radios('b', '入院の有無')));
    expect(c.fields['hospitalization-needed']?.controls).toEqual([0, 1]);
    expect(c.fields['hospitalized-now']?.controls).toEqual([2, 3]);
  });

  it('年齢 and 診断時の年齢 both name the age; the first one wins', () => {
    const c = classifyControls(controls(text('診断時の年齢'), text('年齢')));
    expect(c.fields.age?.controls).toEqual([0]);
  });

  it('接種年月 is the vaccination date and 接種回数 the doses, inside a ワクチン接種歴 group', () => {
    const c = classifyControls(
      controls({ kind: 'select', ownLabel: '接種回数', contextLabels: ['ワクチン接種歴'], options: ['1回', '2回'] }, text('接種年月', ['ワクチン接種歴'])),
    );
    expect(c.fields['vaccine-doses']?.controls).toEqual([0]);
    expect(c.fields['vaccine-date']?.controls).toEqual([1]);
  });

  it('a 回数 select labelled only by the ワクチン接種歴 group is the doses', () => {
    const c = classifyControls(controls({ kind: 'select', ownLabel: '回数', contextLabels: ['ワクチン接種歴'] }, text('最終接種年月', ['ワクチン接種歴'])));
    expect(c.fields['vaccine-doses']?.controls).toEqual([0]);
    expect(c.fields['vaccine-date']?.controls).toEqual([1]);
  });

  it('a yes/no select is classified by its own label', () => {
    const c = classifyControls(controls({ kind: 'select', ownLabel: '妊娠の有無', options: ['選択してください', '有', '無', '不明'] }));
    expect(c.fields.pregnancy).toMatchObject({ kind: 'select', controls: [0] });
  });
});

describe('その他 and the risk section', () => {
  it('その他 right after the risk diseases is risk-other', () => {
    const c = classifyControls(controls(...riskSection(), ...radios('other', 'その他')));
    expect(c.fields['risk-other']?.controls).toEqual([8, 9]);
  });

  it('その他 inside a group labelled with the risk-any question is risk-other wherever it stands', () => {
    const c = classifyControls(controls(...radios('other', ['その他', '重症化のリスク因子となる疾患の有無']), text('電話番号')));
    expect(c.fields['risk-other']?.controls).toEqual([0, 1]);
  });

  it('an unrelated その他 text box elsewhere is not risk-other', () => {
    const c = classifyControls(
      controls(
        ...radios('method', '診断方法', ['PCR検査', '抗原定性検査', 'その他']),
        text('その他（検査方法）', ['診断方法']),
        text('', ['検体採取日']),
        ...riskSection(),
      ),
    );
    expect(c.fields['risk-other']).toBeUndefined();
    expect(c.fields['diagnosis-method']?.controls).toEqual([0, 1, 2]);
  });

  it('a その他 radio group in the risk section wins over an earlier その他 text box next to the section', () => {
    const c = classifyControls(controls(text('その他', ['症状']), ...riskSection(), ...radios('other', 'その他'), text('疾患名', ['その他'])));
    expect(c.fields['risk-other']).toMatchObject({ kind: 'radio', controls: [9, 10] });
  });

  it('the disease-name box in the その他 row does not take risk-other from the radios', () => {
    const c = classifyControls(controls(...riskSection(), ...radios('other', 'その他'), text('疾患名', ['その他'])));
    expect(c.fields['risk-other']?.kind).toBe('radio');
  });

  it('an immunosuppression label containing その他 is not risk-other', () => {
    const c = classifyControls(
      controls(...riskSection(), ...radios('imm', '臓器の移植、免疫抑制剤、抗がん剤等の使用その他の事由により免疫の機能が低下しているおそれの有無', ['有', '無', '不明'])),
    );
    expect(c.fields.immunosuppressed?.controls).toEqual([8, 9, 10]);
    expect(c.fields['risk-other']).toBeUndefined();
  });
});

describe('suitable controls', () => {
  it('a date field is never bound to a 不明 checkbox in its row', () => {
    const c = classifyControls(controls({ kind: 'checkbox', name: 'onset_unknown', ownLabel: '不明', contextLabels: ['発病年月日'] }, text('', ['発病年月日'])));
    expect(c.fields['onset-date']).toMatchObject({ kind: 'text', controls: [1] });
  });

  it('a choice question prefers its radios over an earlier text box with the same label', () => {
    const c = classifyControls(controls(text('重症度（メモ）'), ...radios('sev', '重症度', ['軽症', '中等症I', '中等症II', '重症'])));
    expect(c.fields.severity).toMatchObject({ kind: 'radio', controls: [1, 2, 3, 4] });
  });

  it('a choice question typed into a text box is still found when there is nothing better', () => {
    const c = classifyControls(controls({ kind: 'number', ownLabel: 'ワクチン接種回数' }));
    expect(c.fields['vaccine-doses']).toMatchObject({ kind: 'number', controls: [0] });
  });

  it('the phone is the first 電話番号 in document order', () => {
    const c = classifyControls(controls({ kind: 'tel', ownLabel: '電話番号' }, { kind: 'tel', ownLabel: '電話番号（日中）' }));
    expect(c.fields.phone?.controls).toEqual([0]);
  });

  it('buttons are never fields', () => {
    const c = classifyControls(controls(button('生年月日を確認')));
    expect(c.fields).toEqual({});
  });
});

describe('the 発生届 form', () => {
  it('a risk-any question makes the form a notification form', () => {
    const c = classifyControls(controls(...radios('r', '重症化のリスク因子となる疾患の有無')));
    expect(c.isNotificationForm).toBe(true);
  });

  it('three risk diseases make a notification form without the risk-any question', () => {
    const c = classifyControls(controls(...radios('a', '高血圧'), ...radios('b', '糖尿病'), ...radios('c', '脂質異常症')));
    expect(c.isNotificationForm).toBe(true);
  });

  it('two risk diseases and personal data are not a notification form', () => {
    const c = classifyControls(controls(text('生年月日'), text('電話番号'), ...radios('a', '高血圧'), ...radios('b', '糖尿病')));
    expect(c.isNotificationForm).toBe(false);
    expect(c.fields.birthdate?.controls).toEqual([0]);
  });

  it('with several forms only the one with the risk section counts', () => {
    const c = classifyControls(
      controls(
        text('生年月日', [], { formKey: 0 }),
        text('電話番号', [], { formKey: 0 }),
        text('氏名', [], { formKey: 0 }),
        text('診断年月日', [], { formKey: 0 }),
        text('生年月日', [], { formKey: 1 }),
        ...riskSection({ formKey: 1 }),
      ),
    );
    expect(c.formKey).toBe(1);
    expect(c.isNotificationForm).toBe(true);
    expect(c.fields.birthdate?.controls).toEqual([4]);
    expect(c.fields.phone).toBeUndefined();
    expect(c.fields['diagnosis-date']).toBeUndefined();
  });

  it('controls outside any form make a form of their own (formKey -1)', () => {
    const c = classifyControls(controls(text('検索', [], { formKey: 0 }), ...riskSection({ formKey: -1 })));
    expect(c.formKey).toBe(-1);
    expect(c.isNotificationForm).toBe(true);
  });

  it('no controls: nothing found', () => {
    expect(classifyControls([])).toEqual({ isNotificationForm: false, formKey: -1, fields: {}, myHersysNotify: null, submitButtons: [] });
  });
});

describe('My HER-SYS URL通知', () => {
  it.each(['My HER-SYS URL通知', 'ＭｙＨＥＲ－ＳＹＳ　ＵＲＬ通知', 'my hersys url 通知', 'MY HER‐SYS ＵＲＬを通知する'])('%s is the notify control', (label) => {
    expect(isMyHersysNotifyLabel(label)).toBe(true);
  });

  it.each(['My HER-SYS', 'HER-SYS ID通知', 'URL通知', '自動通知'])('%s is not', (label) => {
    expect(isMyHersysNotifyLabel(label)).toBe(false);
  });

  it('finds the button, preferring the one in the 発生届 form', () => {
    const c = classifyControls(controls(button('My HER-SYS URL通知', { formKey: 0 }), ...riskSection({ formKey: 1 }), button('ＭｙＨＥＲ－ＳＹＳ ＵＲＬ通知', { formKey: 1 })));
    expect(c.myHersysNotify).toBe(9);
  });

  it('finds a checkbox labelled My HER-SYS URL通知 and does not make it a field', () => {
    const c = classifyControls(controls(...riskSection(), { kind: 'checkbox', ownLabel: '通知する', contextLabels: ['My HER-SYS URL通知'] }));
    expect(c.myHersysNotify).toBe(8);
  });

  it('is null when there is none', () => {
    expect(classifyControls(controls(...riskSection(), button('発生届を提出'))).myHersysNotify).toBeNull();
  });
});

describe('submit buttons', () => {
  it.each(['発生届を提出', '提出', '届出', '登録', '送信', '提出する', '届出する', '登録する', '確定', '　提出する　', '内容を確定', '登録（届出）'])('%s submits', (label) => {
    expect(isSubmitLabel(label)).toBe(true);
  });

  it.each(['一時保存', '戻る', 'キャンセル', '検索', 'My HER-SYS URL通知', '', '入力内容をクリア', '一時保存して戻る'])('%s does not submit', (label) => {
    expect(isSubmitLabel(label)).toBe(false);
  });

  it('only the chosen form’s submit buttons count', () => {
    const c = classifyControls(controls(button('送信', { formKey: 0 }), ...riskSection({ formKey: 1 }), button('一時保存', { formKey: 1 }), button('発生届を提出', { formKey: 1 }), button('戻る', { formKey: 1 })));
    expect(c.submitButtons).toEqual([10]);
  });

  it('a submit bar outside the form is used when the form has none', () => {
    const c = classifyControls(controls(...riskSection({ formKey: 0 }), button('一時保存', { formKey: -1 }), button('提出する', { formKey: -1 })));
    expect(c.submitButtons).toEqual([9]);
  });
});
