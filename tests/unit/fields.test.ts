import { describe, expect, it } from 'vitest';
import { FIELD_IDS, FIELDS, fieldIdForHeader, fieldIdForLabel } from '../../shared/fields';

describe('field table', () => {
  it('has every field id of contract §3 exactly once', () => {
    expect(FIELDS.map((f) => f.id)).toEqual([...FIELD_IDS]);
    expect(new Set(FIELD_IDS).size).toBe(26);
  });

  it.each([
    ['診断（検査）した者（死体）の類型', 'patient-type'],
    ['検査方法', 'diagnosis-method'],
    ['検体採取日', 'specimen-date'],
    ['診断年月日', 'diagnosis-date'],
    ['発病年月日', 'onset-date'],
    ['ワクチン接種歴　回数', 'vaccine-doses'],
    ['最終接種年月', 'vaccine-date'],
    ['重症化のリスク因子となる疾患の有無', 'risk-any'],
    ['・悪性腫瘍', 'risk-malignancy'],
    ['慢性閉塞性肺疾患（ＣＯＰＤ）', 'risk-copd'],
    ['肥満（BMI30以上）', 'risk-obesity'],
    ['その他', 'risk-other'],
    ['臓器の移植、免疫抑制剤、抗がん剤等の使用その他の事由により免疫の機能が低下しているおそれの有無', 'immunosuppressed'],
    ['妊娠の有無', 'pregnancy'],
    ['重症度（「新型コロナウイルス感染症診療の手引き」による。）', 'severity'],
    ['入院の必要性の有無', 'hospitalization-needed'],
    ['届出時点の入院の有無', 'hospitalized-now'],
    ['電話番号 ※携帯電話を推奨', 'phone'],
    ['生年月日：', 'birthdate'],
    ['診断時の年齢', 'age'],
    ['性別', 'sex'],
  ] as const)('the label %s is %s', (label, id) => {
    expect(fieldIdForLabel(label)).toBe(id);
  });

  it('an unrelated label is not a field', () => {
    expect(fieldIdForLabel('患者氏名')).toBeNull();
    expect(fieldIdForLabel('')).toBeNull();
  });

  it.each([
    ['risk_any', 'risk-any'],
    ['risk-any', 'risk-any'],
    ['DIAGNOSIS_DATE', 'diagnosis-date'],
    ['\uFEFFid', 'id'],
    ['生年月日', 'birthdate'],
    ['hospitalization_needed', 'hospitalization-needed'],
  ] as const)('the CSV header %s is %s', (h, id) => {
    expect(fieldIdForHeader(h)).toBe(id);
  });

  it('an unknown CSV header is null', () => {
    expect(fieldIdForHeader('name')).toBeNull();
  });
});
