import { describe, expect, it } from 'vitest';
import { parseDate } from '../../shared/dates';
import { analyzePhone } from '../../shared/phone';
import { ageBandNote, birthdateEcho, bothCalendars, mmdd, phoneEcho } from '../../shared/readback';

const ymd = (s: string) => {
  const r = parseDate(s);
  if (!r.ok) throw new Error(s);
  return r.value;
};
const DIAGNOSIS = { y: 2022, m: 2, d: 9 };

describe('phone read-back', () => {
  it('full-width mobile input reads back as 090-3141-5926 · 携帯 · SMS が届きます', () => {
    expect(phoneEcho(analyzePhone('０９０（３１４１）５９２６')).text).toBe('090-3141-5926 · 携帯 · SMS が届きます');
  });
  it.each([
    ['070-1234-5678', '070-1234-5678 · 携帯 · SMS が届きます', 'ok'],
    ['060-1234-5678', '060-1234-5678 · 携帯 · SMS が届きます', 'ok'],
    ['0312345678', '03-1234-5678 · 固定電話 · SMS は届かない可能性: 自動架電・健康コールを案内', 'warning'],
    ['050-3141-5926', '050-3141-5926 · IP電話 · SMS は届かない可能性: 自動架電・健康コールを案内', 'warning'],
    ['0120-123-456', '0120-123-456 · フリーダイヤル · SMS は届かない可能性: 自動架電・健康コールを案内', 'warning'],
    ['0570-012-345', '0570-012-345 · ナビダイヤル · SMS は届かない可能性: 自動架電・健康コールを案内', 'warning'],
    ['020-1234-5678', '020-1234-5678 · 020番号 · SMS は届かない可能性: 自動架電・健康コールを案内', 'warning'],
  ] as const)('%s reads back as %s', (input, text, tone) => {
    const e = phoneEcho(analyzePhone(input));
    expect(e.text).toBe(text);
    expect(e.tone).toBe(tone);
  });
  it('says nothing for an empty or invalid number (validation speaks for those)', () => {
    expect(phoneEcho(analyzePhone('')).text).toBe('');
    expect(phoneEcho(analyzePhone('090-1234-567')).text).toBe('');
  });
  it('has an English form', () => {
    expect(phoneEcho(analyzePhone('09031415926'), 'en').text).toBe('090-3141-5926 · Mobile · SMS will arrive');
  });
});

describe('birthdate read-back', () => {
  it('S54.3.14 with a 2022-02-09 diagnosis reads 1979年3月14日（昭和54年）· 満42歳 · 健康コール 0314', () => {
    expect(birthdateEcho(ymd('S54.3.14'), DIAGNOSIS).text).toBe('1979年3月14日（昭和54年）· 満42歳 · 健康コール 0314');
  });
  it('the age changes on the birthday, not the day before', () => {
    expect(birthdateEcho(ymd('1957-02-10'), DIAGNOSIS).text).toContain('満64歳');
    expect(birthdateEcho(ymd('1957-02-09'), DIAGNOSIS).text).toContain('満65歳');
    expect(birthdateEcho(ymd('1957-02-08'), DIAGNOSIS).text).toContain('満65歳');
  });
  it('a 29 February birthday: 健康コール 0229, and the age turns on 1 March in common years', () => {
    expect(birthdateEcho(ymd('2000-02-29'), { y: 2022, m: 2, d: 28 }).text).toBe('2000年2月29日（平成12年）· 満21歳 · 健康コール 0229');
    expect(birthdateEcho(ymd('2000-02-29'), { y: 2022, m: 3, d: 1 }).text).toContain('満22歳');
  });
  it.each([
    ['1989-01-07', '1989年1月7日（昭和64年）'],
    ['1989-01-08', '1989年1月8日（平成元年）'],
    ['2019-04-30', '2019年4月30日（平成31年）'],
    ['2019-05-01', '2019年5月1日（令和元年）'],
    ['1926-12-25', '1926年12月25日（昭和元年）'],
    ['1926-12-24', '1926年12月24日（大正15年）'],
  ] as const)('era boundary: %s is %s', (iso, text) => {
    expect(bothCalendars(ymd(iso))).toBe(text);
  });
  it('MMDD pads month and day', () => {
    expect(mmdd({ y: 1990, m: 1, d: 5 })).toBe('0105');
  });
  it('a birthdate after the diagnosis date gets no age', () => {
    const e = birthdateEcho(ymd('2022-02-10'), DIAGNOSIS);
    expect(e.text).toBe('2022年2月10日（令和4年）· 健康コール 0210');
    expect(e.tone).toBe('warning');
  });
});

describe('age band note', () => {
  it('names the consequence when it matters', () => {
    expect(ageBandNote(65)).toBe('65歳以上: 重点観察');
    expect(ageBandNote(45)).toBe('40〜64歳: リスク因子2つ以上で重点観察');
    expect(ageBandNote(39)).toBe('');
    expect(ageBandNote(null)).toBe('');
  });
});
