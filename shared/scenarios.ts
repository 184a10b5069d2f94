/**
 * Sample patients for the demo and for training (fictional people; phone numbers chosen to
 * look real but be nobody's; never real patients). Each scenario fills the 発生届 replica
 * and says what the overlay should show.
 */
import type { RawRecord } from './evaluate';
import type { ProblemCode } from './problems';
import type { Tier } from './tier';

export interface Scenario {
  id: string;
  titleJa: string;
  titleEn: string;
  /** What the trainer explains (Japanese). */
  pointJa: string;
  record: RawRecord;
  /** Whether the My HER-SYS URL通知 button is pressed before submitting. */
  pressMyHersys: boolean;
  expect: { tier: Tier; blocked: boolean; codes: ProblemCode[] };
}

/** A complete, clean record (a 30-year-old woman, not pregnant, no risk factor, three doses). */
const BASE: RawRecord = {
  'patient-type': '患者（確定例）',
  'diagnosis-method': 'PCR検査',
  'specimen-date': '2022/02/08',
  'diagnosis-date': '2022/02/09',
  'onset-date': '2022/02/07',
  'vaccine-doses': '3回',
  'vaccine-date': '2021/12',
  'risk-any': '無',
  immunosuppressed: '無',
  pregnancy: '無',
  severity: '軽症',
  'hospitalization-needed': '無',
  'hospitalized-now': '無',
  sex: '女',
  phone: '090-3141-5926',
  birthdate: '1991/06/15',
};

/** Every disease factor answered 無 (needed once risk-any is 有). */
const NO_DISEASES: RawRecord = {
  'risk-malignancy': '無',
  'risk-copd': '無',
  'risk-ckd': '無',
  'risk-hypertension': '無',
  'risk-diabetes': '無',
  'risk-dyslipidemia': '無',
  'risk-obesity': '無',
  'risk-smoking': '無',
  'risk-other': '無',
};
const DISEASE_MISSING = Array<ProblemCode>(9).fill('REQUIRED_MISSING');

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'clean-low-risk',
    titleJa: '低リスクの正しい入力',
    titleEn: 'A clean low-risk case',
    pointJa: 'すべて回答済みで重点観察の条件に当たらないので「通常観察」。My HER-SYS で自己入力してもらいます。',
    record: { ...BASE },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: [] },
  },
  {
    id: 'age-65-on-diagnosis-day',
    titleJa: '診断日に65歳の誕生日',
    titleEn: '65th birthday on the diagnosis day',
    pointJa: '年齢は診断日時点の満年齢。誕生日当日に65歳になるので「重点観察」です。',
    record: { ...BASE, sex: '男', pregnancy: '', birthdate: '1957/02/09' },
    pressMyHersys: true,
    expect: { tier: 'priority', blocked: false, codes: [] },
  },
  {
    id: 'age-45-diabetes-one-dose',
    titleJa: '45歳・糖尿病・ワクチン1回',
    titleEn: '45 with diabetes and one dose',
    pointJa: '1回接種は未接種と同じリスク因子。糖尿病と合わせて2つなので、40〜64歳でも「重点観察」です。',
    record: { ...BASE, ...NO_DISEASES, sex: '男', pregnancy: '', birthdate: '1976/05/01', 'risk-any': '有', 'risk-diabetes': '有', 'vaccine-doses': '1回', 'vaccine-date': '2021/08' },
    pressMyHersys: true,
    expect: { tier: 'priority', blocked: false, codes: [] },
  },
  {
    id: 'pregnant',
    titleJa: '妊娠中',
    titleEn: 'Pregnant',
    pointJa: '妊娠「有」は年齢にかかわらず「重点観察」です。',
    record: { ...BASE, pregnancy: '有' },
    pressMyHersys: true,
    expect: { tier: 'priority', blocked: false, codes: [] },
  },
  {
    id: 'risk-yes-without-details',
    titleJa: 'リスク因子「有」で疾患の記入なし',
    titleEn: 'Risk "yes" with no details',
    pointJa: '「有」と答えたら、悪性腫瘍から喫煙歴・その他まで一つずつ有無を答えます。疾患が分からないとリスク因子を数えられません。',
    record: { ...BASE, 'risk-any': '有' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: true, codes: ['RISK_DETAILS_MISSING', ...DISEASE_MISSING] },
  },
  {
    id: 'landline',
    titleJa: '固定電話の番号',
    titleEn: 'A landline number',
    pointJa: 'SMS は携帯電話にしか届きません。固定電話なら自動架電か健康コールを案内します（提出は止めません）。',
    record: { ...BASE, phone: '03-3581-2718' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: ['PHONE_NOT_MOBILE'] },
  },
  {
    id: 'ip-050',
    titleJa: '050 の IP 電話',
    titleEn: 'An 050 IP-phone number',
    pointJa: '050 は IP 電話で SMS が届かないことがあります。',
    record: { ...BASE, phone: '050-3141-5926' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: ['PHONE_NOT_MOBILE'] },
  },
  {
    id: 'february-30',
    titleJa: '生年月日が2月30日',
    titleEn: 'Birthdate on 30 February',
    pointJa: '実在しない日付は年齢が計算できず、健康コールの本人確認（誕生日4桁）もできません。',
    record: { ...BASE, birthdate: '1990/02/30' },
    pressMyHersys: true,
    expect: { tier: 'unknown', blocked: true, codes: ['BIRTHDATE_INVALID'] },
  },
  {
    id: 'full-width-input',
    titleJa: '全角で入力',
    titleEn: 'Full-width input',
    pointJa: '全角の数字や記号でも正しく読み取ります。',
    record: { ...BASE, phone: '０９０（３１４１）５９２６', birthdate: '１９９１年６月１５日', 'diagnosis-date': '２０２２／２／９' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: [] },
  },
  {
    id: 'wareki-birthdate',
    titleJa: '和暦の生年月日',
    titleEn: 'A 和暦 birthdate',
    pointJa: 'S54.3.14 は昭和54年3月14日（1979年）。診断日に満42歳です。',
    record: { ...BASE, sex: '男', pregnancy: '', birthdate: 'S54.3.14' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: [] },
  },
  {
    id: 'my-hersys-not-notified',
    titleJa: 'My HER-SYS URL通知を押し忘れ',
    titleEn: 'My HER-SYS URL notification not sent',
    pointJa: 'URL通知を押すと SMS が送られ健康観察が始まります。押し忘れは注意として表示します。',
    record: { ...BASE },
    pressMyHersys: false,
    expect: { tier: 'standard', blocked: false, codes: ['MYHERSYS_NOT_NOTIFIED'] },
  },
];
