/**
 * Random 発生届 records for the rule-engine and CSV fuzz tests: every accepted spelling
 * (dates in Western/和暦/full-width forms, phone spellings, 有/無/不明, severities, case types,
 * doses) mixed with garbage strings.
 */
import fc from 'fast-check';
import { FIELD_IDS, type FieldId } from '../../shared/fields';
import type { RawRecord } from '../../shared/triage';

export const AS_OF = { y: 2022, m: 2, d: 20 };

const FULL = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const pad = (n: number) => String(n).padStart(2, '0');

/** A date in one of the accepted spellings (or a broken one). */
const date = fc
  .tuple(fc.integer({ min: 1895, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 8 }))
  .map(([y, m, d, form]) => {
    switch (form) {
      case 0:
        return `${y}-${pad(m)}-${pad(d)}`;
      case 1:
        return `${y}/${m}/${d}`;
      case 2:
        return `${y}${pad(m)}${pad(d)}`;
      case 3:
        return `${y}年${m}月${d}日`;
      case 4:
        return y >= 2019 ? `令和${y - 2018 === 1 ? '元' : y - 2018}年${m}月${d}日` : y >= 1989 ? `H${y - 1988}.${m}.${d}` : `昭和${y - 1925}年${m}月${d}日`;
      case 5:
        return FULL(`${y}/${m}/${d}`);
      case 6:
        return `${y}-${pad(m)}`;
      case 7:
        return `R${y - 2018}.${m}`;
      default:
        return `${y}/${m}`;
    }
  });
const phone = fc.oneof(
  fc.constantFrom('090-3141-5926', '09031415926', '０９０（３１４１）５９２６', '+81 90 3141 5926', '03-5253-1111', '050-3141-5926', '0120-123-456', '090-0000-0000', '110', '1234', 'なし', ''),
  fc
    .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 9999 }), fc.constantFrom('-', '', ' '))
    .map(([a, b, c, sep]) => `0${a}${sep}${b}${sep}${c}`),
);
const answer = fc.constantFrom('有', '無', '不明', 'あり', 'なし', '有り', 'はい', '', '?', '有 無');
const VALUES: Partial<Record<FieldId, fc.Arbitrary<string>>> = {
  'patient-type': fc.constantFrom('患者（確定例）', '無症状病原体保有者', '疑似症患者', '感染症死亡者の死体', '感染症死亡疑い者の死体', '患者', ''),
  'diagnosis-method': fc.constantFrom('PCR検査', '抗原定性検査', '', 'その他'),
  'specimen-date': date,
  'diagnosis-date': date,
  'onset-date': date,
  'vaccine-doses': fc.constantFrom('0回', '1回', '2回', '3回', '４回', '不明', '', 'x'),
  'vaccine-date': date,
  severity: fc.constantFrom('軽症', '中等症I', '中等症Ⅰ', '中等症II', '中等症Ⅱ', '中等症2', '重症', '', '中等'),
  phone,
  birthdate: date,
  age: fc.oneof(fc.integer({ min: -5, max: 130 }).map(String), fc.constantFrom('', '四十', '45歳', '４５')),
  sex: fc.constantFrom('男', '女', '男性', '女性', 'その他', ''),
};
const valueFor = (f: FieldId): fc.Arbitrary<string> =>
  fc.oneof({ weight: 6, arbitrary: VALUES[f] ?? answer }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) });
export const record: fc.Arbitrary<RawRecord> = fc.record(Object.fromEntries(FIELD_IDS.map((f) => [f, valueFor(f)])) as Record<FieldId, fc.Arbitrary<string>>, {
  requiredKeys: [],
});


/** A plain check (10,000 cases: cheaper than `expect`). */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}
