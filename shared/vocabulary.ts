/**
 * The page vocabulary: every word and pattern the extension (and the CLI's header mapping)
 * looks for in a host page or a file — field labels and their synonyms, answer words, button
 * words, observation-table headers, settings labels. Nothing else in the project spells a
 * host-page word; a successor system that words something differently is taught here (or,
 * without a release, through an administrator's selector map). Data only: the readers in
 * `content/page/` and the parsers in `shared/` apply it. See docs/architecture.md.
 *
 * Words are compared in a normal form: field labels through `normalizeLabel`, headers and
 * settings labels `squash`ed (NFKC, lower case, no white space), answers through `parseAnswer`.
 */
import type { FieldId } from './fields';
import type { Answer } from './normalize';
import type { ObsColumn } from './observation';

// ---------------------------------------------------------------------------------------------
// 発生届: field labels.

/**
 * Label synonyms of each field, most specific first (matching prefers the longest synonym a
 * label is or starts with). The first is the notice's own wording; the English ones at the end
 * are a fallback for systems labelled in English.
 */
export const FIELD_WORDS: Readonly<Record<FieldId, readonly string[]>> = {
  'patient-type': ['診断(検査)した者(死体)の類型', '診断した者の類型', '類型', '患者類型', 'type of case', 'case type'],
  'diagnosis-method': ['診断方法', '検査方法', 'diagnosis method', 'test method'],
  'specimen-date': ['検体採取日', '検体採取年月日', 'specimen collection date', 'specimen date', 'date of specimen collection'],
  'diagnosis-date': ['診断(検査)年月日', '診断年月日', '診断日', 'date of diagnosis', 'diagnosis date'],
  'onset-date': ['発病年月日', '発症年月日', '発病日', '発症日', 'date of onset', 'onset date'],
  'vaccine-doses': ['ワクチン接種歴の回数', 'ワクチン接種回数', 'ワクチン接種歴', '接種回数', 'number of vaccine doses', 'vaccine doses'],
  'vaccine-date': ['最終接種年月日', '最終接種年月', '最終接種日', '接種年月日', '接種年月', 'date of last vaccination', 'last vaccination'],
  'risk-any': ['重症化のリスク因子となる疾患の有無', '重症化リスク因子となる疾患の有無', 'リスク因子の有無', '重症化リスク因子', '重症化リスク', 'any risk factor', 'risk factors'],
  'risk-malignancy': ['悪性腫瘍', 'がん', 'malignancy', 'cancer'],
  'risk-copd': ['慢性閉塞性肺疾患(copd)', '慢性閉塞性肺疾患', 'copd'],
  'risk-ckd': ['慢性腎臓病', 'ckd', 'chronic kidney disease'],
  'risk-hypertension': ['高血圧', 'hypertension'],
  'risk-diabetes': ['糖尿病', 'diabetes'],
  'risk-dyslipidemia': ['脂質異常症', 'dyslipidemia', 'dyslipidaemia'],
  'risk-obesity': ['肥満(bmi30以上)', '肥満', 'obesity'],
  'risk-smoking': ['喫煙歴', '喫煙', 'smoking'],
  'risk-other': ['その他の疾患', 'その他', 'other disease'],
  immunosuppressed: [
    '臓器の移植、免疫抑制剤、抗がん剤等の使用その他の事由により免疫の機能が低下しているおそれの有無',
    '免疫の機能が低下しているおそれ',
    '免疫機能の低下',
    '免疫不全',
    '免疫抑制',
    'immunosuppression',
    'immunocompromised',
  ],
  pregnancy: ['妊娠の有無', '妊娠', 'pregnancy', 'pregnant'],
  severity: ['重症度', 'severity'],
  'hospitalization-needed': ['入院の必要性の有無', '入院の必要性', '入院要否', 'need for hospitalization', 'hospitalization needed', 'hospitalisation needed'],
  'hospitalized-now': ['届出時点の入院の有無', '届出時点の入院', '入院の有無', 'in hospital at notification', 'hospitalized', 'hospitalised'],
  phone: ['患者電話番号', '電話番号', '連絡先電話番号', '電話', 'phone number', 'telephone', 'phone', 'mobile'],
  birthdate: ['生年月日', '誕生日', 'date of birth', 'birth date', 'birthdate', 'dob'],
  age: ['診断時の年齢', '年齢', 'age at diagnosis', 'age'],
  sex: ['性別', 'sex', 'gender'],
};

/**
 * A leading item number of the official form's labels, after NFKC and with spaces removed:
 * 「4 生年月日」「⑭」(NFKC: 14)「(14)」「14.」「14:」. Only when words follow it.
 */
export const ITEM_NUMBER = /^(?:\(\d{1,3}\)|\d{1,3}[.:)]?)(?=[^\d.:)])/;

/**
 * Sections of the official form that are not about the patient (in `normalizeLabel` form): the
 * reporting doctor's block (医師の氏名, 従事する病院・診療所の名称, its 所在地 and 電話番号) and the
 * 保護者 fields. A control in such a section is never bound to a patient's field.
 */
export const FOREIGN_SECTION_WORDS: readonly string[] = ['医師', '病院', '診療所', '届出者', '保護者'];
/** Words that open (or return to) the patient's part of the form. */
export const PATIENT_SECTION_WORDS: readonly string[] = ['当該者', '患者'];
/** Dates on the form that look like ours but are not (never bound, whatever their neighbours say). */
export const LOOKALIKE_LABELS: readonly string[] = ['初診年月日', '感染したと推定される年月日', '死亡年月日', '入院年月日', '退院年月日'];

/**
 * CSV headers (lower case, `_`/spaces as `-`) that name the row's id rather than a field —
 * also HER-SYS's name for its ID, which the worklist writes, so its files read back.
 */
export const ID_HEADER_WORDS: ReadonlySet<string> = new Set(['id', 'no', '番号', 'her-sys-id-or-row', '行番号', 'her-sys-id', 'hersys-id']);

// ---------------------------------------------------------------------------------------------
// Answers.

/**
 * Spellings of a yes / no / unknown answer (after NFKC, lower case, brackets and spaces
 * removed); `null` is "unanswered".
 */
export const ANSWER_WORDS: ReadonlyArray<readonly [string, Answer | null]> = [
  ['有', 'yes'], ['あり', 'yes'], ['有り', 'yes'], ['はい', 'yes'], ['yes', 'yes'], ['y', 'yes'], ['true', 'yes'], ['○', 'yes'], ['◯', 'yes'], ['該当', 'yes'], ['該当あり', 'yes'], ['陽性', 'yes'], ['1', 'yes'],
  ['無', 'no'], ['なし', 'no'], ['無し', 'no'], ['いいえ', 'no'], ['no', 'no'], ['n', 'no'], ['false', 'no'], ['×', 'no'], ['非該当', 'no'], ['該当なし', 'no'], ['0', 'no'],
  ['不明', 'unknown'], ['わからない', 'unknown'], ['unknown', 'unknown'], ['?', 'unknown'], ['不詳', 'unknown'],
  ['', null], ['未', null], ['未回答', null], ['未選択', null], ['未入力', null], ['-', null], ['選択してください', null], ['--', null],
];

/** Each field's "not answered yet" spellings (a select's placeholder, 未, a dash), after normalisation. */
export const UNANSWERED_WORDS = {
  severity: ['', '未', '未選択', '-', '選択してください'],
  patientType: ['', '未', '未選択', '選択してください'],
  sex: ['', '未', '不明', '未選択'],
  doses: ['', '未', '未選択', '選択してください', '-'],
} as const satisfies Record<string, readonly string[]>;

/** 重症度 (upper case, no spaces): 軽症 / 中等症I / 中等症II / 重症; Ⅰ/Ⅱ arrive as I/II after NFKC. */
export const SEVERITY_WORDS = {
  mild: ['軽症', 'MILD'],
  severe: ['重症', 'SEVERE'],
  /** Group 1: I, II, 1 or 2. */
  moderate: /^(?:中等症|MODERATE)[-(]?(I{1,2}|[12])\)?$/,
} as const;

/** 類型 (brackets and spaces removed): the first entry whose words the answer holds wins. */
export const PATIENT_TYPE_WORDS: ReadonlyArray<readonly ['confirmed' | 'asymptomatic' | 'suspected' | 'deceased' | 'deceased-suspected', readonly string[]]> = [
  ['deceased-suspected', ['死亡疑い', '疑い者の死体']],
  ['deceased', ['死体', '死亡者']],
  ['asymptomatic', ['無症状']],
  ['suspected', ['疑似症']],
  ['confirmed', ['確定']],
];
/** 患者… at the start is a confirmed case (患者（確定例）). */
export const PATIENT_TYPE_CONFIRMED_PREFIX = '患者';

/** 性別 (lower case, no spaces). */
export const SEX_WORDS = {
  male: ['男', '男性', 'm', 'male'],
  female: ['女', '女性', 'f', 'female'],
  other: ['その他', 'other', 'x'],
} as const;

/** ワクチン接種回数: 不明, none, or a count (`3`, `3回`, `3回接種`, `4回以上`). */
export const DOSES_WORDS = {
  unknown: ['不明', 'unknown'],
  none: ['無', 'なし', '未接種', '接種なし'],
  /** Group 1: the count. */
  count: /^(\d{1,2})(?:回(?:接種)?(?:以上)?)?$/,
} as const;

/** 診断時の年齢: `42`, `42歳`, `満42歳`; group 1 is the age. */
export const AGE_WORDS = /^満?(\d{1,3})(?:歳|才)?$/;

/** 健康観察方法 that means automatic calls (a phone number per person is needed). */
export const AUTODIAL_WORD = '自動架電';

/** The option labels of a 有/無/不明 checkbox group (a group of these binds an answer field; a list of diseases does not). */
export const YES_NO_OPTION_WORDS: ReadonlySet<string> = new Set(['有', '無', '不明', 'あり', 'なし', '有り', '無し', 'はい', 'いいえ']);

// ---------------------------------------------------------------------------------------------
// Buttons.

/** Button labels that submit the form: exact, or at the start or end of the (compacted) label. */
export const SUBMIT_WORDS: readonly string[] = ['発生届を提出', '提出する', '届出する', '登録する', '提出', '届出', '登録', '送信', '確定'];
/** Labels that never submit, even when a submit word is in them. */
export const NOT_SUBMIT_WORDS: readonly string[] = ['一時保存', '戻る', 'キャンセル', '下書き', '削除', '検索', 'クリア', '取消', '取り消し', '閉じる'];
/** What an `<input type=submit>` without a value shows (the browser's Japanese default). */
export const DEFAULT_SUBMIT_LABEL = '送信';
/**
 * The "My HER-SYS URL通知" control: a compacted label (dashes, dots and underscores removed)
 * that holds all of these words, in any width, case and spacing.
 */
export const MYHERSYS_NOTIFY_WORDS: readonly string[] = ['myhersys', 'url', '通知'];
/** Characters dropped from a label before MYHERSYS_NOTIFY_WORDS are looked for. */
export const MYHERSYS_NOTIFY_IGNORED = /[-‐‑–—―−ー・_]/g;

// ---------------------------------------------------------------------------------------------
// Observation screens.

/** Observation-table header → column; the first test that matches a squashed header wins. */
export const OBS_COLUMN_WORDS: ReadonlyArray<readonly [ObsColumn, RegExp]> = [
  ['temp', /体温/],
  ['spo2', /酸素飽和度|spo2|sp02|サチュレーション/],
  ['face', /表情|顔色/],
  ['cough', /咳|鼻水|せき/],
  ['dyspnea', /息苦し|呼吸困難|息切れ/],
  ['fatigue', /倦怠感|だるさ/],
  ['nausea', /嘔気|嘔吐|吐き気/],
  ['diarrhea', /下痢/],
  ['consciousness', /意識/],
  ['cannotEat', /食事/],
  ['noUrine', /排尿|尿/],
  ['method', /観察方法/],
  ['phone', /電話|^tel|携帯/],
  ['id', /her-?sysid|^id$|^no\.?$|^番号$|管理番号/],
  ['name', /氏名|名前|患者名|^対象者$|カナ|フリガナ|ふりがな/],
  ['date', /^(日付|観察日|回答日|入力日|報告日|測定日|記録日|年月日|日時|月日)|最終報告|報告日時|回答日時/],
];

/**
 * A header naming the day of a row (a person's page has one row per day). Stricter than the
 * `date` column: a list's 最終報告日時 column does not make it a person's page.
 */
export const DAY_HEADER = /^(日付|観察日|回答日|入力日|報告日|測定日|記録日|年月日|日時|月日)/;
/** A header naming the person of a row (then the table is a list of people). Squashed, `-`/`_` removed. */
export const PERSON_HEADER = /(氏名|名前|患者名|カナ|フリガナ|ふりがな|^id$|^no\.?$|hersysid|^番号$|対象者)/;

/** Labels of the 健康観察 settings tab (squashed; a label is the word or starts with it). */
export const SETTINGS_WORDS = {
  period: ['健康観察期間'],
  method: ['健康観察方法'],
  callTimes: ['架電時間', '架電時刻'],
  phone: ['電話番号'],
  autoNotify: ['自動通知'],
} as const satisfies Record<string, readonly string[]>;

/** The words of a switch's state written out (squashed). */
export const SWITCH_ON = /^(on|オン|有効|する|あり)|(^|[^a-z])on([^a-z]|$)/;
export const SWITCH_OFF = /^(off|オフ|無効|しない|なし)|(^|[^a-z])off([^a-z]|$)/;
/** A call time written out: 9:00, 14時. */
export const TIME_OF_DAY = /\d{1,2}(:\d{2}|時)/g;
/** The HER-SYS ID written on a person's page (`HER-SYS ID：10000001`); group 1 is the id. */
export const HERSYS_ID_IN_TEXT = /HER[-‐－ー]?SYS\s*ID\s*[:：]?\s*([0-9０-９]{6,12})/i;
