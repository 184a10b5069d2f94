/**
 * Read-back: how the patient will be reached, in the words a doctor checks at a
 * glance. A number or birthdate can be valid and still wrong (a transposed digit, a
 * 昭和/平成 slip); showing it back the way it will be used catches those. Pure.
 */
import { ageOn, formatJapanese, toWareki, type YMD } from './dates';
import type { PhoneInfo } from './phone';
import { msg, PHONE_KIND_KEY, type Lang } from './i18n';
import type { TierConfig } from './tier';
import { NATIONAL_2022_02 } from './tier';

export type { Lang };
const SEP = ' · ';

export interface Echo {
  text: string;
  /** `ok` reads well; `warning` needs attention (SMS may not arrive); `none` nothing to say. */
  tone: 'ok' | 'warning' | 'none';
}

/** `090-3141-5926 · 携帯 · SMS が届きます` — or nothing while the field is empty or unreadable. */
export function phoneEcho(info: PhoneInfo, lang: Lang = 'ja'): Echo {
  if (info.kind === 'empty' || !info.formatted || info.kind === 'invalid') return { text: '', tone: 'none' };
  const kind = msg(lang, PHONE_KIND_KEY[info.kind]);
  if (info.kind === 'mobile' && !info.placeholder) {
    return { text: [info.formatted, kind, msg(lang, 'rb_smsArrives')].join(SEP), tone: 'ok' };
  }
  return { text: [info.formatted, kind, msg(lang, 'rb_smsMayNotArrive')].join(SEP), tone: 'warning' };
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
  if (age >= 0) parts.push(msg(lang, 'rb_age', age));
  parts.push(msg(lang, 'rb_healthCall', mmdd(birth)));
  // The calendars are joined without a space before the first separator, as written on forms.
  const [first, ...rest] = parts;
  return { text: lang === 'ja' ? `${first}${SEP.trimStart()}${rest.join(SEP)}` : parts.join(SEP), tone: age >= 0 ? 'ok' : 'warning' };
}

/** The consequence of the age band, when it matters: `65歳以上: 重点観察`, `40〜64歳: リスク因子2つ以上で重点観察`. */
export function ageBandNote(age: number | null, config: TierConfig = NATIONAL_2022_02, lang: Lang = 'ja'): string {
  if (age === null) return '';
  if (age >= config.priorityAge) return msg(lang, 'rb_band65', config.priorityAge);
  if (age >= config.multiRiskMinAge) return msg(lang, 'rb_bandMulti', config.multiRiskMinAge, config.priorityAge - 1, config.multiRiskCount);
  return '';
}
