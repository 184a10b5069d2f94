import { describe, expect, it } from 'vitest';
import {
  normalizeLabel,
  normalizeText,
  parseAgeField,
  parseAnswer,
  parseDoses,
  parsePatientType,
  parseSeverity,
  parseSex,
} from '../../shared/normalize';

describe('normalizeText', () => {
  it('turns full-width digits and letters into ASCII (NFKC)', () => {
    expect(normalizeText('０９０ＡＢＣ')).toBe('090ABC');
  });
  it.each(['ー', '−', '‐', '―', '–', '‑', '－', '—', 'ｰ'])('maps the dash %s to "-"', (dash) => {
    expect(normalizeText(`090${dash}1234${dash}5678`)).toBe('090-1234-5678');
  });
  it('collapses ideographic and ordinary spaces and trims', () => {
    expect(normalizeText('\u3000 令和４年\u3000 ２月  ')).toBe('令和4年 2月');
  });
  it('turns full-width brackets into ASCII brackets', () => {
    expect(normalizeText('０９０（１２３４）５６７８')).toBe('090(1234)5678');
  });
  it('returns an empty string for null and undefined', () => {
    expect(normalizeText(null)).toBe('');
    expect(normalizeText(undefined)).toBe('');
  });
});

describe('normalizeLabel', () => {
  it('drops a leading ・ and a trailing ※ note', () => {
    expect(normalizeLabel('・糖尿病 ※治療中のもの')).toBe('糖尿病');
  });
  it('drops a （「…」） note and spaces, full-width brackets become ASCII', () => {
    expect(normalizeLabel('重症度 （「新型コロナウイルス感染症診療の手引き」による。）')).toBe('重症度');
    expect(normalizeLabel('肥満（ＢＭＩ３０以上）')).toBe('肥満(bmi30以上)');
  });
  it('drops a trailing colon and a 必須 mark', () => {
    expect(normalizeLabel('生年月日：')).toBe('生年月日');
    expect(normalizeLabel('電話番号（必須）')).toBe('電話番号');
  });
});

describe('parseAnswer', () => {
  it.each([
    ['有', 'yes'], ['あり', 'yes'], ['はい', 'yes'], ['（有）', 'yes'], ['有り', 'yes'],
    ['無', 'no'], ['なし', 'no'], ['いいえ', 'no'], [' 無 ', 'no'],
    ['不明', 'unknown'],
  ] as const)('reads %s as %s', (input, expected) => {
    expect(parseAnswer(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['', '   ', '未', '未回答', '選択してください'])('reads %j as unanswered (null)', (input) => {
    expect(parseAnswer(input)).toEqual({ ok: true, value: null });
  });
  it('reads undefined as unanswered', () => {
    expect(parseAnswer(undefined)).toEqual({ ok: true, value: null });
  });
  it('rejects a value that is not an answer', () => {
    expect(parseAnswer('たぶん')).toEqual({ ok: false });
  });
});

describe('parseSeverity', () => {
  it.each([
    ['軽症', 'mild'],
    ['中等症I', 'moderate1'], ['中等症Ⅰ', 'moderate1'], ['中等症１', 'moderate1'], ['中等症1', 'moderate1'], ['中等症Ｉ', 'moderate1'],
    ['中等症II', 'moderate2'], ['中等症Ⅱ', 'moderate2'], ['中等症２', 'moderate2'], ['中等症 II', 'moderate2'], ['中等症ＩＩ', 'moderate2'],
    ['重症', 'severe'],
  ] as const)('reads %s as %s', (input, expected) => {
    expect(parseSeverity(input)).toEqual({ ok: true, value: expected });
  });
  it('reads blank as unanswered and rejects 中等症III', () => {
    expect(parseSeverity('')).toEqual({ ok: true, value: null });
    expect(parseSeverity('中等症III')).toEqual({ ok: false });
  });
});

describe('parsePatientType', () => {
  it.each([
    ['患者（確定例）', 'confirmed'], ['患者(確定例)', 'confirmed'], ['無症状病原体保有者', 'asymptomatic'], ['疑似症患者', 'suspected'],
    ['感染症死亡者の死体', 'deceased'], ['感染症死亡疑い者の死体', 'deceased-suspected'],
  ] as const)('reads %s as %s', (input, expected) => {
    expect(parsePatientType(input)).toEqual({ ok: true, value: expected });
  });
});

describe('parseSex, parseDoses, parseAgeField', () => {
  it('reads 男/女/男性/女性', () => {
    expect(parseSex('男')).toEqual({ ok: true, value: 'male' });
    expect(parseSex('女性')).toEqual({ ok: true, value: 'female' });
    expect(parseSex('')).toEqual({ ok: true, value: null });
  });
  it('reads dose counts written as digits, 回 and 未接種, and 不明 as unknown', () => {
    expect(parseDoses('２回')).toEqual({ ok: true, value: 2 });
    expect(parseDoses('0')).toEqual({ ok: true, value: 0 });
    expect(parseDoses('未接種')).toEqual({ ok: true, value: 0 });
    expect(parseDoses('不明')).toEqual({ ok: true, value: 'unknown' });
    expect(parseDoses('')).toEqual({ ok: true, value: null });
    expect(parseDoses('many')).toEqual({ ok: false });
  });
  it('reads ages written with 歳 and 満', () => {
    expect(parseAgeField('満42歳')).toEqual({ ok: true, value: 42 });
    expect(parseAgeField('４２')).toEqual({ ok: true, value: 42 });
    expect(parseAgeField('forty')).toEqual({ ok: false });
  });
});
