/**
 * Sample patients for the demo and for training (fictional people; phone numbers chosen to
 * look real but be nobody's; never real patients). Each scenario fills the 発生届 replica
 * and says what the overlay should show.
 */
import type { RawRecord } from './evaluate';
import { RISK_DISEASE_FIELDS, type ProblemField } from './fields';
import type { ObsCode } from './observation-config';
import type { ProblemCode } from './problems';
import type { ReasonCode, Tier } from './tier';

export interface Scenario {
  id: string;
  titleJa: string;
  titleEn: string;
  /** What the trainer explains (Japanese). */
  pointJa: string;
  /** The same in English (training page); optional for scenarios written before it existed. */
  pointEn?: string;
  /** The entries as the learner finds them (the form is filled with these). */
  record: RawRecord;
  /** Whether the My HER-SYS URL通知 button is pressed before submitting. */
  pressMyHersys: boolean;
  expect: { tier: Tier; blocked: boolean; codes: ProblemCode[] };
  /**
   * The correct entries ("答えを見る / Show the answer"): evaluates with no error-level
   * problem, and the training page presses My HER-SYS URL通知 with it.
   */
  answer: RawRecord;
  /** What the answer changed and why (shown with it). */
  answerNoteJa?: string;
  answerNoteEn?: string;
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
    pointEn: 'Everything is answered and no priority criterion applies: standard observation, with My HER-SYS self-reporting.',
    record: { ...BASE },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: [] },
    answer: { ...BASE },
  },
  {
    id: 'age-65-on-diagnosis-day',
    titleJa: '診断日に65歳の誕生日',
    titleEn: '65th birthday on the diagnosis day',
    pointJa: '年齢は診断日時点の満年齢。誕生日当日に65歳になるので「重点観察」です。',
    pointEn: 'Age is counted in full years on the diagnosis date: he turns 65 that day, so he is priority observation.',
    record: { ...BASE, sex: '男', pregnancy: '', birthdate: '1957/02/09' },
    pressMyHersys: true,
    expect: { tier: 'priority', blocked: false, codes: [] },
    answer: { ...BASE, sex: '男', pregnancy: '', birthdate: '1957/02/09' },
  },
  {
    id: 'age-45-diabetes-one-dose',
    titleJa: '45歳・糖尿病・ワクチン1回',
    titleEn: '45 with diabetes and one dose',
    pointJa: '1回接種は未接種と同じリスク因子。糖尿病と合わせて2つなので、40〜64歳でも「重点観察」です。',
    pointEn: 'One dose counts as unvaccinated, a risk factor. With diabetes that makes two, so a 45-year-old is priority observation.',
    record: { ...BASE, ...NO_DISEASES, sex: '男', pregnancy: '', birthdate: '1976/05/01', 'risk-any': '有', 'risk-diabetes': '有', 'vaccine-doses': '1回', 'vaccine-date': '2021/08' },
    pressMyHersys: true,
    expect: { tier: 'priority', blocked: false, codes: [] },
    answer: { ...BASE, ...NO_DISEASES, sex: '男', pregnancy: '', birthdate: '1976/05/01', 'risk-any': '有', 'risk-diabetes': '有', 'vaccine-doses': '1回', 'vaccine-date': '2021/08' },
  },
  {
    id: 'pregnant',
    titleJa: '妊娠中',
    titleEn: 'Pregnant',
    pointJa: '妊娠「有」は年齢にかかわらず「重点観察」です。',
    pointEn: 'Pregnancy "yes" is priority observation at any age.',
    record: { ...BASE, pregnancy: '有' },
    pressMyHersys: true,
    expect: { tier: 'priority', blocked: false, codes: [] },
    answer: { ...BASE, pregnancy: '有' },
  },
  {
    id: 'risk-yes-without-details',
    titleJa: 'リスク因子「有」で疾患の記入なし',
    titleEn: 'Risk "yes" with no details',
    pointJa: '「有」と答えたら、悪性腫瘍から喫煙歴・その他まで一つずつ有無を答えます。疾患が分からないとリスク因子を数えられません。',
    pointEn: 'Once the answer is "yes", answer each disease from malignancy to smoking and other: without them the risk factors cannot be counted.',
    record: { ...BASE, 'risk-any': '有' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: true, codes: ['RISK_DETAILS_MISSING', ...DISEASE_MISSING] },
    answer: { ...BASE, ...NO_DISEASES, 'risk-any': '有', 'risk-hypertension': '有' },
    answerNoteJa: '問診で高血圧が分かった例です。該当する疾患を「有」、それ以外を「無」にします。',
    answerNoteEn: 'Here the interview found hypertension: that disease is "yes", every other one "no".',
  },
  {
    id: 'landline',
    titleJa: '固定電話の番号',
    titleEn: 'A landline number',
    pointJa: 'SMS は携帯電話にしか届きません。固定電話なら自動架電か健康コールを案内します（提出は止めません）。',
    pointEn: 'The SMS only reaches a mobile phone. With a landline, suggest automatic calls (自動架電) or 健康コール (the submit is not held back).',
    record: { ...BASE, phone: '03-3581-2718' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: ['PHONE_NOT_MOBILE'] },
    answer: { ...BASE, phone: '080-1414-2135' },
    answerNoteJa: '携帯電話の番号を聞き直しました。携帯電話がなければ固定電話のまま、自動架電か健康コールを案内します。',
    answerNoteEn: 'The mobile number was asked for. Without a mobile phone, keep the landline and suggest 自動架電 or 健康コール.',
  },
  {
    id: 'ip-050',
    titleJa: '050 の IP 電話',
    titleEn: 'An 050 IP-phone number',
    pointJa: '050 は IP 電話で SMS が届かないことがあります。',
    pointEn: 'An 050 number is an IP phone: the SMS may not arrive.',
    record: { ...BASE, phone: '050-3141-5926' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: ['PHONE_NOT_MOBILE'] },
    answer: { ...BASE, phone: '070-1732-0508' },
    answerNoteJa: 'SMS が届く携帯電話の番号に直しました。',
    answerNoteEn: 'Replaced by a mobile number the SMS reaches.',
  },
  {
    id: 'february-30',
    titleJa: '生年月日が2月30日',
    titleEn: 'Birthdate on 30 February',
    pointJa: '実在しない日付は年齢が計算できず、健康コールの本人確認（誕生日4桁）もできません。',
    pointEn: 'A date that does not exist gives no age, and 健康コール cannot identify the patient (birthday as four digits).',
    record: { ...BASE, birthdate: '1990/02/30' },
    pressMyHersys: true,
    expect: { tier: 'unknown', blocked: true, codes: ['BIRTHDATE_INVALID'] },
    answer: { ...BASE, birthdate: '1990/02/03' },
    answerNoteJa: '保険証などで確認した正しい生年月日（2月3日）に直しました。',
    answerNoteEn: 'Corrected to the birthdate on the insurance card (3 February).',
  },
  {
    id: 'full-width-input',
    titleJa: '全角で入力',
    titleEn: 'Full-width input',
    pointJa: '全角の数字や記号でも正しく読み取ります。',
    pointEn: 'Full-width digits and symbols are read correctly.',
    record: { ...BASE, phone: '０９０（３１４１）５９２６', birthdate: '１９９１年６月１５日', 'diagnosis-date': '２０２２／２／９' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: [] },
    answer: { ...BASE, phone: '０９０（３１４１）５９２６', birthdate: '１９９１年６月１５日', 'diagnosis-date': '２０２２／２／９' },
  },
  {
    id: 'wareki-birthdate',
    titleJa: '和暦の生年月日',
    titleEn: 'A 和暦 birthdate',
    pointJa: 'S54.3.14 は昭和54年3月14日（1979年）。診断日に満42歳です。',
    pointEn: 'S54.3.14 is Shōwa 54, 14 March (1979): 42 on the diagnosis date.',
    record: { ...BASE, sex: '男', pregnancy: '', birthdate: 'S54.3.14' },
    pressMyHersys: true,
    expect: { tier: 'standard', blocked: false, codes: [] },
    answer: { ...BASE, sex: '男', pregnancy: '', birthdate: 'S54.3.14' },
  },
  {
    id: 'my-hersys-not-notified',
    titleJa: 'My HER-SYS URL通知を押し忘れ',
    titleEn: 'My HER-SYS URL notification not sent',
    pointJa: 'URL通知を押すと SMS が送られ健康観察が始まります。押し忘れは注意として表示します。',
    pointEn: 'Pressing URL通知 sends the SMS that starts observation. Forgetting it is shown as a warning.',
    record: { ...BASE },
    pressMyHersys: false,
    expect: { tier: 'standard', blocked: false, codes: ['MYHERSYS_NOT_NOTIFIED'] },
    answer: { ...BASE },
    answerNoteJa: '入力はそのままで、My HER-SYS URL通知を押します。',
    answerNoteEn: 'The entries stay as they are; press My HER-SYS URL通知.',
  },
  {
    id: 'pregnancy-blank',
    titleJa: '妊娠の有無が未回答',
    titleEn: 'Pregnancy left blank',
    pointJa: '12〜55歳の女性は妊娠の有無を毎回答えます。妊娠していれば重点観察なので、空欄では優先度が決まりません（要聴取）。',
    pointEn: 'For a woman aged 12–55 pregnancy must be answered every time: pregnancy means priority observation, so a blank leaves the tier open (interview).',
    record: { ...BASE, pregnancy: '' },
    pressMyHersys: true,
    expect: { tier: 'interview', blocked: true, codes: ['REQUIRED_MISSING'] },
    answer: { ...BASE },
    answerNoteJa: '本人に確認して妊娠「無」と答えました。',
    answerNoteEn: 'The patient was asked: pregnancy "no".',
  },
  {
    id: 'moderate-ii-hospital-blank',
    titleJa: '中等症IIで入院の必要性が未回答',
    titleEn: 'Moderate II with hospitalisation need left blank',
    pointJa: '中等症IIは SpO₂ 93% 以下か酸素投与が必要な状態で、入院の対象です。入院の必要性も必ず答えます。',
    pointEn: 'Moderate II means SpO₂ ≤ 93 % or oxygen needed: a hospital case. The need for hospitalisation must be answered too.',
    record: { ...BASE, sex: '男', pregnancy: '', birthdate: '1968/11/03', severity: '中等症II', 'hospitalization-needed': '' },
    pressMyHersys: true,
    expect: { tier: 'hospital', blocked: true, codes: ['REQUIRED_MISSING'] },
    answer: { ...BASE, sex: '男', pregnancy: '', birthdate: '1968/11/03', severity: '中等症II', 'hospitalization-needed': '有' },
    answerNoteJa: '中等症IIなので入院の必要性「有」。保健所が入院調整を始めます。',
    answerNoteEn: 'Moderate II, so hospitalisation needed "yes": the health centre starts arranging a bed.',
  },
];

// ---------------------------------------------------------------------------------------------
// Observation scenarios (the 対象者一覧 replica with its alerts).

export interface ObservationScenario {
  id: string;
  titleJa: string;
  titleEn: string;
  pointJa: string;
  pointEn?: string;
  /** The replica screen shown (`public/replica/<screen>.html`). */
  screen: 'observation-list';
  /** What the overlay shows: the host's `data-status` and the rows per alert level. */
  expect: { status: 'error' | 'warning' | 'ok'; counts: { critical: number; warning: number; unanswered: number } };
}

export const OBSERVATION_SCENARIOS: readonly ObservationScenario[] = [
  {
    id: 'observation-list-alerts',
    titleJa: '対象者一覧の警告',
    titleEn: 'Alerts on the observation list',
    pointJa:
      'SpO₂ 93% 以下、SpO₂ 96% 未満で息苦しさ「はい」、意識障害「はい」は緊急。37.5℃ 以上の発熱や食事困難は注意。「未」ばかりの人は未回答として電話で確認します。',
    pointEn:
      'SpO₂ ≤ 93 %, SpO₂ < 96 % with breathlessness, or impaired consciousness are critical; fever ≥ 37.5 ℃ or not eating are warnings; a row of 未 is unanswered: call the person.',
    screen: 'observation-list',
    expect: { status: 'error', counts: { critical: 3, warning: 4, unanswered: 1 } },
  },
];

// ---------------------------------------------------------------------------------------------
// Why it matters: the side panel's explanations, as tables keyed by code and field.

export interface Why {
  ja: string;
  en: string;
}

/** Why each problem code matters (shown under the problem). */
export const PROBLEM_WHY: Readonly<Record<ProblemCode, Why>> = {
  REQUIRED_MISSING: {
    ja: '発生届で毎回答える項目です。空欄のままだと保健所が優先度（入院・重点観察など）を決められず、電話での聞き取りが必要になります。',
    en: 'An item to answer on every notification: left blank, the health centre cannot set the priority and has to phone to ask.',
  },
  PHONE_PLACEHOLDER: {
    ja: 'My HER-SYS の URL を知らせる SMS はこの番号に送られます。ダミーの番号では誰にも届かず、健康観察が始まりません。',
    en: 'The SMS with the My HER-SYS URL goes to this number: a placeholder reaches nobody, so observation never starts.',
  },
  PHONE_INVALID: {
    ja: 'SMS も自動架電もこの番号にかけます。1桁違うだけで患者さんに連絡が届きません。',
    en: 'The SMS and automatic calls use this number: one wrong digit and the patient is never reached.',
  },
  PHONE_NOT_MOBILE: {
    ja: 'SMS は携帯電話（070/080/090）にしか届きません。固定電話や 050 の番号なら、自動架電（固定電話でも使えます）か健康コールを案内します。',
    en: 'The SMS only reaches mobiles (070/080/090). For a landline or an 050 number, suggest automatic calls (they work with landlines) or 健康コール.',
  },
  PHONE_SHARED: {
    ja: '自動架電は一人に一つの番号です。同じ番号を複数の人に登録できません。',
    en: 'Automatic calls need one number per person: the same number cannot be registered for several people.',
  },
  BIRTHDATE_INVALID: {
    ja: '実在しない日付では年齢が計算できません。健康コールでは誕生日4桁（MMDD）で本人確認するため、本人が電話で名乗れなくなります。',
    en: 'A date that does not exist gives no age, and 健康コール identifies the patient by the birthday (MMDD): they could not get through.',
  },
  BIRTHDATE_FUTURE: {
    ja: '未来の生年月日では年齢が計算できず、65歳以上かどうか（重点観察）も判断できません。',
    en: 'A birthdate in the future gives no age, so 65+ (priority observation) cannot be decided.',
  },
  BIRTHDATE_AFTER_DIAGNOSIS: {
    ja: '診断日より後に生まれたことになり、年齢が計算できません。生年月日と診断年月日を取り違えていないか確認します。',
    en: 'Born after the diagnosis: no age. Check the birthdate and the diagnosis date were not swapped.',
  },
  BIRTHDATE_IMPLAUSIBLE: {
    ja: '120歳を超える年齢は入力の誤りです（元号や西暦の取り違えが多い）。',
    en: 'An age over 120 is a typing mistake (often the wrong era or century).',
  },
  BIRTHDATE_PLACEHOLDER: {
    ja: '仮の日付のままだと年齢が正しく出ず、健康コールの本人確認（誕生日4桁）もできません。',
    en: 'A placeholder date gives a wrong age and 健康コール cannot identify the patient by the birthday.',
  },
  AGE_MISMATCH: {
    ja: '年齢と生年月日が合わないと、どちらが正しいか分かりません。優先度は生年月日から計算した診断日の満年齢で決まります。',
    en: 'Age and birthdate disagree: the tier uses the age computed from the birthdate on the diagnosis date.',
  },
  DIAGNOSIS_FUTURE: {
    ja: '年齢は診断日時点で数えます。未来の診断日では年齢と健康観察の期間がずれます。',
    en: 'Age is counted on the diagnosis date: a future date shifts the age and the observation period.',
  },
  ONSET_AFTER_DIAGNOSIS: {
    ja: '発病日は療養期間の起点です。診断日より後の発病日は日付の取り違えです。',
    en: 'The onset date starts the isolation period: after the diagnosis it is a date mix-up.',
  },
  SPECIMEN_AFTER_DIAGNOSIS: {
    ja: '検体を採ってから診断します。採取日が診断日より後なのは日付の取り違えです。',
    en: 'The specimen comes before the diagnosis: a later specimen date is a mix-up.',
  },
  VACCINE_DATE_INVALID: {
    ja: '接種は2021年2月に始まりました。接種歴は重症化リスクの判断（1回以下は未接種と同じ）に使います。',
    en: 'Vaccination started in February 2021; the doses feed the risk count (one dose or none counts as unvaccinated).',
  },
  RISK_DETAILS_MISSING: {
    ja: '「有」だけでは、どの疾患かもいくつあるかも分かりません。40〜64歳はリスク因子が2つ以上で重点観察になるため、疾患ごとに答えます。',
    en: '"Yes" alone says neither which disease nor how many: aged 40–64, two or more factors mean priority observation, so answer each disease.',
  },
  RISK_ANY_CONTRADICTION: {
    ja: '「無」なのに疾患が「有」では、どちらが正しいか分かりません。リスク因子の数は優先度を左右します。',
    en: '"No" with a disease marked "yes": one of them is wrong, and the count decides the tier.',
  },
  PREGNANCY_SEX_MISMATCH: {
    ja: '性別か妊娠の有無のどちらかが誤りです。妊娠「有」は重点観察になります。',
    en: 'Either sex or pregnancy is wrong; pregnancy "yes" means priority observation.',
  },
  MYHERSYS_NOT_NOTIFIED: {
    ja: 'URL通知を押すと患者さんに SMS が送られ、その時点から健康観察が始まります。押し忘れると本人は健康状態を入力できません。',
    en: 'URL通知 sends the SMS and observation starts then: forgotten, the patient cannot report their health.',
  },
  DATE_INVALID: {
    ja: '読み取れない日付では、日付の前後関係や療養期間が確認できません。',
    en: 'An unreadable date cannot be checked against the others or start the isolation period.',
  },
  VALUE_UNRECOGNISED: {
    ja: '選択肢にない値です。有・無・不明などの選択肢から選びます。',
    en: 'Not one of the choices: pick 有, 無, 不明 (or the options offered).',
  },
};

const DISEASE_WHY: Why = {
  ja: 'リスク因子「有」のときは疾患ごとに有無を答えます。40〜64歳は2つ以上で重点観察です。',
  en: 'With risk factors "yes", answer each disease: aged 40–64, two or more mean priority observation.',
};

/** Why a field matters (shown with REQUIRED_MISSING and other problems on that field). */
export const FIELD_WHY: Readonly<Partial<Record<ProblemField, Why>>> = {
  ...Object.fromEntries(RISK_DISEASE_FIELDS.filter((f) => f !== 'risk-other').map((f) => [f, DISEASE_WHY])),
  'risk-other': {
    ja: '「その他」は全国のリスク因子の一覧にないため、有なら数が不明として聞き取りの対象になります。',
    en: '"Other" is not on the national list: "yes" makes the count unclear and calls for an interview.',
  },
  phone: {
    ja: 'My HER-SYS の URL を知らせる SMS も自動架電も、この番号に届きます。',
    en: 'Both the SMS with the My HER-SYS URL and automatic calls go to this number.',
  },
  birthdate: {
    ja: '年齢（65歳以上は重点観察）を計算し、健康コールでは誕生日4桁で本人確認します。',
    en: 'It gives the age (65+ is priority observation), and 健康コール identifies the patient by the birthday as four digits.',
  },
  pregnancy: {
    ja: '妊娠している人は年齢にかかわらず重点観察です。12〜55歳の女性は毎回答えます。',
    en: 'A pregnant person is priority observation at any age: answer it every time for women aged 12–55.',
  },
  severity: {
    ja: '軽症 SpO₂ 96% 以上、中等症I 93〜96%、中等症II SpO₂ 93% 以下または酸素投与が必要、重症は ICU・人工呼吸器。中等症II以上は入院の対象です。',
    en: 'Mild SpO₂ ≥ 96 %, moderate I 93–96 %, moderate II SpO₂ ≤ 93 % or oxygen needed, severe ICU or ventilator. Moderate II and above are hospital cases.',
  },
  'hospitalization-needed': {
    ja: '「有」なら保健所は入院調整から始めます。毎回答える項目です。',
    en: '"Yes" makes the health centre start by arranging a bed: answer it every time.',
  },
  'hospitalized-now': {
    ja: '届出時点で入院中なら自宅での健康観察は不要です。毎回答える項目です。',
    en: 'Already in hospital means no home observation: answer it every time.',
  },
  'risk-any': {
    ja: '40〜64歳はリスク因子が2つ以上で重点観察です。有無と、有なら疾患ごとに答えます。',
    en: 'Aged 40–64, two or more risk factors mean priority observation: answer yes/no and then each disease.',
  },
  immunosuppressed: {
    ja: '臓器移植・免疫抑制剤・抗がん剤などによる免疫低下は重症化リスク因子です。',
    en: 'Immunosuppression (transplant, immunosuppressants, anticancer drugs…) is a risk factor.',
  },
  'vaccine-doses': {
    ja: '接種1回以下は未接種と同じくリスク因子1つに数えます。',
    en: 'One dose or none counts as one risk factor (unvaccinated).',
  },
  'vaccine-date': {
    ja: '1回以上接種していれば最終接種年月を答えます。',
    en: 'With one dose or more, give the month of the last one.',
  },
  'diagnosis-date': {
    ja: '年齢はこの日の満年齢で数えます（誕生日当日に1歳加わります）。',
    en: 'Age is counted in full years on this date (a year is added on the birthday itself).',
  },
  'onset-date': {
    ja: '症状のある人は発病日が療養期間の起点になります。',
    en: 'For a symptomatic patient the onset date starts the isolation period.',
  },
  'myhersys-notify': {
    ja: 'URL通知を押すと SMS が送られ、健康観察が始まります。',
    en: 'URL通知 sends the SMS that starts observation.',
  },
};
/** What each tier reason means (shown with the tier). */
export const REASON_WHY: Readonly<Record<ReasonCode, Why>> = {
  DECEASED: { ja: '死体の届出は健康観察の対象外です。', en: 'A notification for a deceased person has no observation.' },
  HOSPITAL_NEEDED: { ja: '入院の必要性が「有」：保健所が入院調整をします。', en: 'Hospitalisation needed: the health centre arranges a bed.' },
  HOSPITALIZED: { ja: '届出時点で入院中：自宅での健康観察は不要です。', en: 'In hospital already: no home observation.' },
  SEVERITY_MODERATE_II: {
    ja: '中等症IIは SpO₂ 93% 以下または酸素投与が必要な状態で、入院の対象です。',
    en: 'Moderate II is SpO₂ ≤ 93 % or oxygen needed: a hospital case.',
  },
  SEVERITY_SEVERE: { ja: '重症（ICU・人工呼吸器）は入院の対象です。', en: 'Severe (ICU, ventilator) is a hospital case.' },
  AGE_65_PLUS: {
    ja: '65歳以上は重点観察（2022年2月9日付け事務連絡）。年齢は診断日の満年齢です。',
    en: '65 or over is priority observation (notice of 9 Feb 2022), age in full years on the diagnosis date.',
  },
  PREGNANT: { ja: '妊娠している人は年齢にかかわらず重点観察です。', en: 'Pregnancy is priority observation at any age.' },
  MULTI_RISK_40_64: {
    ja: '40〜64歳でリスク因子が2つ以上なら重点観察です（接種1回以下も1つに数えます）。',
    en: 'Aged 40–64 with two or more risk factors is priority observation (one dose or none counts as one).',
  },
  RISK_COUNT_UNCLEAR: {
    ja: '未回答・不明を含めると2つ以上になり得るため、電話で聞き取ります（要聴取）。',
    en: 'Counting the unanswered or unknown ones it could be two or more: interview by phone.',
  },
  PREGNANCY_UNANSWERED: {
    ja: '妊娠していれば重点観察なので、未回答のままでは優先度が決まりません（要聴取）。',
    en: 'Pregnancy would mean priority: unanswered, the tier stays open (interview).',
  },
  AGE_UNKNOWN: {
    ja: '生年月日から年齢が計算できないため、65歳以上かどうか判断できません。',
    en: 'No age from the birthdate: 65+ cannot be decided.',
  },
  LOW_RISK: {
    ja: '重点観察の条件に当たりません。My HER-SYS で自己入力してもらい、悪化したときの連絡先を伝えます。',
    en: 'No priority criterion: self-report on My HER-SYS, and tell them whom to call if they get worse.',
  },
};

/** Why each observation alert matters (対象者一覧). */
export const OBS_WHY: Readonly<Partial<Record<ObsCode, Why>>> = {
  SPO2_LE_93: { ja: 'SpO₂ 93% 以下は中等症II相当：すぐに連絡し、入院を検討します。', en: 'SpO₂ ≤ 93 % is moderate II: call now and consider hospital.' },
  SPO2_LT_96_DYSPNEA: {
    ja: 'SpO₂ 96% 未満で息苦しさがあるときは悪化の兆し：すぐに連絡します。',
    en: 'SpO₂ < 96 % with breathlessness signals worsening: call now.',
  },
  CONSCIOUSNESS: { ja: '意識障害は緊急：すぐに連絡し、救急要請を検討します。', en: 'Impaired consciousness is an emergency: call now, consider an ambulance.' },
  SPO2_LT_96: { ja: 'SpO₂ 96% 未満は中等症I相当：経過に注意します。', en: 'SpO₂ < 96 % is moderate I: watch the trend.' },
  TEMP_GE_37_5: { ja: '37.5℃ 以上の発熱：個人ページで経過を確認します。', en: 'Fever ≥ 37.5 ℃: check the trend on the person page.' },
  DYSPNEA: { ja: '息苦しさ「はい」：SpO₂ と合わせて確認します。', en: 'Breathlessness: check with the SpO₂.' },
  NO_URINE: { ja: '排尿がないのは脱水の兆し：連絡して確認します。', en: 'No urine suggests dehydration: call to check.' },
  CANNOT_EAT: { ja: '食事がとれないのは悪化の兆し：連絡して確認します。', en: 'Not eating signals worsening: call to check.' },
  UNANSWERED: { ja: 'すべて「未」：回答がないので電話で様子を確認します。', en: 'All 未: no answer, so phone to check on them.' },
  PHONE_SHARED: { ja: '自動架電は一人一番号：同じ番号を複数の人に登録できません。', en: 'Automatic calls need one number per person.' },
};

/** The explanations for one problem: the code's, then the field's (when it adds something). */
export function explainProblem(p: { field: ProblemField; code: ProblemCode }): Why[] {
  const out: Why[] = [PROBLEM_WHY[p.code]];
  const f = FIELD_WHY[p.field];
  if (f && (p.code === 'REQUIRED_MISSING' || p.code === 'VALUE_UNRECOGNISED' || p.code === 'DATE_INVALID')) out.push(f);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The training score: problems found / problems the scenario starts with.

/** One problem as the score counts it: `field:code`. */
export function problemKey(p: { field: string; code: string }): string {
  return `${p.field}:${p.code}`;
}

export type FoundHow = 'fixed' | 'clicked';

/**
 * A scenario's score. `total` is every problem (error or warning) the overlay shows right
 * after the scenario's entries are filled in. A problem is *found* when the learner fixed
 * the entry (the problem went away before the answer was shown) or clicked it in the side
 * panel. Problems that go away because the answer was shown are *revealed*, not found.
 */
export interface TrainingScore {
  initial: string[];
  found: Record<string, FoundHow>;
  revealed: string[];
  answerShown: boolean;
}

export function startScore(initialProblems: readonly { field: string; code: string }[]): TrainingScore {
  return { initial: [...new Set(initialProblems.map(problemKey))], found: {}, revealed: [], answerShown: false };
}

/** The overlay shows `current` now; `byAnswer` when the answer was just filled in. */
export function scoreAfter(score: TrainingScore, current: readonly { field: string; code: string }[], byAnswer = false): TrainingScore {
  const now = new Set(current.map(problemKey));
  const found = { ...score.found };
  const revealed = new Set(score.revealed);
  const answerShown = score.answerShown || byAnswer;
  for (const k of score.initial) {
    if (now.has(k) || found[k] || revealed.has(k)) continue;
    if (answerShown) revealed.add(k);
    else found[k] = 'fixed';
  }
  if (byAnswer) for (const k of score.initial) if (!found[k]) revealed.add(k);
  return { initial: score.initial, found, revealed: [...revealed], answerShown };
}

/** The learner pointed at a problem in the side panel. */
export function scoreClicked(score: TrainingScore, p: { field: string; code: string }): TrainingScore {
  const k = problemKey(p);
  if (!score.initial.includes(k) || score.found[k] || score.revealed.includes(k)) return score;
  return { ...score, found: { ...score.found, [k]: 'clicked' } };
}

export function scoreCounts(score: TrainingScore): { found: number; total: number; revealed: number } {
  return { found: Object.keys(score.found).length, total: score.initial.length, revealed: score.revealed.length };
}
