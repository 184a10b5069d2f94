/**
 * Read-back (issue 9): how the patient will be reached, in the words a doctor checks at a
 * glance. A number or birthdate can be valid and still wrong (a transposed digit, a
 * 昭和/平成 slip); showing it back the way it will be used catches those. Pure.
 */
import { ageOn, formatJapanese, toWareki, type YMD } from './dates';
import type { PhoneInfo } from './phone';
import { PHONE_KIND_LABEL } from './phone';
import type { TierConfig } from './tier';
import { NATIONAL_2022_02 } from './tier';

export type Lang = 'ja' | 'en';
const SEP = ' · ';

export interface Echo {
  text: string;
  /** `ok` reads well; `warning` needs attention (SMS may not arrive); `none` nothing to say. */
  tone: 'ok' | 'warning' | 'none';
}

/** `090-3141-5926 · 携帯 · SMS が届きます` — or nothing while the field is empty or unreadable. */
export function phoneEcho(info: PhoneInfo, lang: Lang = 'ja'): Echo {
  if (info.kind === 'empty' || !info.formatted || info.kind === 'invalid') return { text: '', tone: 'none' };
  const kind = PHONE_KIND_LABEL[info.kind][lang];
  if (info.kind === 'mobile' && !info.placeholder) {
    return { text: [info.formatted, kind, lang === 'ja' ? 'SMS が届きます' : 'SMS will arrive'].join(SEP), tone: 'ok' };
  }
  const consequence =
    lang === 'ja' ? 'SMS は届かない可能性: 自動架電・健康コールを案内' : 'SMS may not arrive: suggest automatic calls or 健康コール';
  return { text: [info.formatted, kind, consequence].join(SEP), tone: 'warning' };
}

/** The four digits (MMDD) the patient keys for 健康コール. */
export function mmdd(d: YMD): string {
  return `${String(d.m).padStart(2, '0')}${String(d.d).padStart(2, '0')}`;
}

/** `1979年3月14日（昭和54年）`: the Western date and the era year. */
export function bothCalendars(d: YMD, lang: Lang = 'ja'): string {
  const w = toWareki(d);
  const era = w ? `${w.era}${w.year === 1 ? '元' : w.year}年` : '';
  if (lang === 'en') return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}${era ? ` (${era})` : ''}`;
  return `${formatJapanese(d)}${era ? `（${era}）` : ''}`;
}

/**
 * `1979年3月14日（昭和54年）· 満42歳 · 健康コール 0314` for a birthdate, with the age on `on`
 * (the diagnosis date, or today). No age when the birthdate is after `on`.
 */
export function birthdateEcho(birth: YMD | null, on: YMD, lang: Lang = 'ja'): Echo {
  if (!birth) return { text: '', tone: 'none' };
  const parts = [bothCalendars(birth, lang)];
  const age = ageOn(birth, on);
  if (age >= 0) parts.push(lang === 'ja' ? `満${age}歳` : `age ${age}`);
  parts.push(lang === 'ja' ? `健康コール ${mmdd(birth)}` : `健康コール code ${mmdd(birth)}`);
  // The calendars are joined without a space before the first separator, as written on forms.
  const [first, ...rest] = parts;
  return { text: lang === 'ja' ? `${first}${SEP.trimStart()}${rest.join(SEP)}` : parts.join(SEP), tone: age >= 0 ? 'ok' : 'warning' };
}

/** The consequence of the age band, when it matters: `65歳以上: 重点観察`, `40〜64歳: リスク因子2つ以上で重点観察`. */
export function ageBandNote(age: number | null, config: TierConfig = NATIONAL_2022_02, lang: Lang = 'ja'): string {
  if (age === null) return '';
  if (age >= config.priorityAge) return lang === 'ja' ? `${config.priorityAge}歳以上: 重点観察` : `${config.priorityAge}+: priority observation`;
  if (age >= config.multiRiskMinAge)
    return lang === 'ja'
      ? `${config.multiRiskMinAge}〜${config.priorityAge - 1}歳: リスク因子${config.multiRiskCount}つ以上で重点観察`
      : `${config.multiRiskMinAge}–${config.priorityAge - 1}: priority with ${config.multiRiskCount}+ risk factors`;
  return '';
}
