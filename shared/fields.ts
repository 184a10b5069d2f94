/**
 * The fields of the 発生届 (contract §3) as data: ids, the Japanese labels that name them,
 * and when each one is required. The form reader, the CLI's header mapping and the rule
 * engine all read this one table.
 */
import { normalizeLabel } from './normalize';

export const RISK_DISEASE_FIELDS = [
  'risk-malignancy',
  'risk-copd',
  'risk-ckd',
  'risk-hypertension',
  'risk-diabetes',
  'risk-dyslipidemia',
  'risk-obesity',
  'risk-smoking',
  'risk-other',
] as const;
export type RiskDiseaseField = (typeof RISK_DISEASE_FIELDS)[number];

export const FIELD_IDS = [
  'patient-type',
  'diagnosis-method',
  'specimen-date',
  'diagnosis-date',
  'onset-date',
  'vaccine-doses',
  'vaccine-date',
  'risk-any',
  ...RISK_DISEASE_FIELDS,
  'immunosuppressed',
  'pregnancy',
  'severity',
  'hospitalization-needed',
  'hospitalized-now',
  'phone',
  'birthdate',
  'age',
  'sex',
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

/** Pseudo-field carrying `MYHERSYS_NOT_NOTIFIED` (contract §5). */
export const MYHERSYS_PSEUDO_FIELD = 'myhersys-notify' as const;
export type ProblemField = FieldId | typeof MYHERSYS_PSEUDO_FIELD;

export type FieldKind = 'choice' | 'date' | 'year-month' | 'text' | 'phone' | 'number';

export interface FieldDef {
  id: FieldId;
  /** Japanese label as worded in the seed notice (shown in the UI). */
  labelJa: string;
  labelEn: string;
  kind: FieldKind;
  /**
   * Label synonyms, already in `normalizeLabel` form when compared. The first entries are
   * the most specific; matching prefers the longest synonym found in a label.
   */
  synonyms: readonly string[];
}

export const FIELDS: readonly FieldDef[] = [
  {
    id: 'patient-type',
    labelJa: '診断（検査）した者（死体）の類型',
    labelEn: 'Type of case',
    kind: 'choice',
    synonyms: ['診断(検査)した者(死体)の類型', '診断した者の類型', '類型', '患者類型'],
  },
  {
    id: 'diagnosis-method',
    labelJa: '診断方法',
    labelEn: 'Diagnosis method',
    kind: 'text',
    synonyms: ['診断方法', '検査方法'],
  },
  {
    id: 'specimen-date',
    labelJa: '検体採取日',
    labelEn: 'Specimen date',
    kind: 'date',
    synonyms: ['検体採取日', '検体採取年月日'],
  },
  {
    id: 'diagnosis-date',
    labelJa: '診断年月日',
    labelEn: 'Diagnosis date',
    kind: 'date',
    synonyms: ['診断年月日', '診断日'],
  },
  {
    id: 'onset-date',
    labelJa: '発病年月日',
    labelEn: 'Onset date',
    kind: 'date',
    synonyms: ['発病年月日', '発症年月日', '発病日', '発症日'],
  },
  {
    id: 'vaccine-doses',
    labelJa: 'ワクチン接種歴（回数）',
    labelEn: 'Vaccine doses',
    kind: 'choice',
    synonyms: ['ワクチン接種歴の回数', 'ワクチン接種回数', 'ワクチン接種歴', '接種回数'],
  },
  {
    id: 'vaccine-date',
    labelJa: '最終接種年月',
    labelEn: 'Last vaccination (year-month)',
    kind: 'year-month',
    synonyms: ['最終接種年月日', '最終接種年月', '最終接種日', '接種年月日', '接種年月'],
  },
  {
    id: 'risk-any',
    labelJa: '重症化のリスク因子となる疾患の有無',
    labelEn: 'Any disease that is a risk factor',
    kind: 'choice',
    synonyms: ['重症化のリスク因子となる疾患の有無', '重症化リスク因子となる疾患の有無', 'リスク因子の有無', '重症化リスク因子', '重症化リスク'],
  },
  { id: 'risk-malignancy', labelJa: '悪性腫瘍', labelEn: 'Malignancy', kind: 'choice', synonyms: ['悪性腫瘍', 'がん'] },
  {
    id: 'risk-copd',
    labelJa: '慢性閉塞性肺疾患（COPD）',
    labelEn: 'COPD',
    kind: 'choice',
    synonyms: ['慢性閉塞性肺疾患(copd)', '慢性閉塞性肺疾患', 'copd'],
  },
  { id: 'risk-ckd', labelJa: '慢性腎臓病', labelEn: 'Chronic kidney disease', kind: 'choice', synonyms: ['慢性腎臓病', 'ckd'] },
  { id: 'risk-hypertension', labelJa: '高血圧', labelEn: 'Hypertension', kind: 'choice', synonyms: ['高血圧'] },
  { id: 'risk-diabetes', labelJa: '糖尿病', labelEn: 'Diabetes', kind: 'choice', synonyms: ['糖尿病'] },
  { id: 'risk-dyslipidemia', labelJa: '脂質異常症', labelEn: 'Dyslipidaemia', kind: 'choice', synonyms: ['脂質異常症'] },
  {
    id: 'risk-obesity',
    labelJa: '肥満（BMI30以上）',
    labelEn: 'Obesity (BMI 30+)',
    kind: 'choice',
    synonyms: ['肥満(bmi30以上)', '肥満'],
  },
  { id: 'risk-smoking', labelJa: '喫煙歴', labelEn: 'Smoking', kind: 'choice', synonyms: ['喫煙歴', '喫煙'] },
  { id: 'risk-other', labelJa: 'その他', labelEn: 'Other', kind: 'choice', synonyms: ['その他の疾患', 'その他'] },
  {
    id: 'immunosuppressed',
    labelJa: '臓器の移植、免疫抑制剤、抗がん剤等の使用その他の事由により免疫の機能が低下しているおそれの有無',
    labelEn: 'Immunosuppression',
    kind: 'choice',
    synonyms: [
      '臓器の移植、免疫抑制剤、抗がん剤等の使用その他の事由により免疫の機能が低下しているおそれの有無',
      '免疫の機能が低下しているおそれ',
      '免疫機能の低下',
      '免疫不全',
      '免疫抑制',
    ],
  },
  { id: 'pregnancy', labelJa: '妊娠の有無', labelEn: 'Pregnancy', kind: 'choice', synonyms: ['妊娠の有無', '妊娠'] },
  { id: 'severity', labelJa: '重症度', labelEn: 'Severity', kind: 'choice', synonyms: ['重症度'] },
  {
    id: 'hospitalization-needed',
    labelJa: '入院の必要性の有無',
    labelEn: 'Hospitalisation needed',
    kind: 'choice',
    synonyms: ['入院の必要性の有無', '入院の必要性', '入院要否'],
  },
  {
    id: 'hospitalized-now',
    labelJa: '届出時点の入院の有無',
    labelEn: 'In hospital at notification',
    kind: 'choice',
    synonyms: ['届出時点の入院の有無', '届出時点の入院', '入院の有無'],
  },
  { id: 'phone', labelJa: '電話番号', labelEn: 'Phone number', kind: 'phone', synonyms: ['患者電話番号', '電話番号', '連絡先電話番号', '電話'] },
  { id: 'birthdate', labelJa: '生年月日', labelEn: 'Date of birth', kind: 'date', synonyms: ['生年月日', '誕生日'] },
  { id: 'age', labelJa: '診断時の年齢', labelEn: 'Age at diagnosis', kind: 'number', synonyms: ['診断時の年齢', '年齢'] },
  { id: 'sex', labelJa: '性別', labelEn: 'Sex', kind: 'choice', synonyms: ['性別'] },
];

export const FIELD_BY_ID: ReadonlyMap<FieldId, FieldDef> = new Map(FIELDS.map((f) => [f.id, f]));

const FIELD_ID_SET: ReadonlySet<string> = new Set(FIELD_IDS);
export function isFieldId(s: string): s is FieldId {
  return FIELD_ID_SET.has(s);
}

/** Every (normalised synonym → field) pair, longest synonym first. */
const SYNONYMS: ReadonlyArray<readonly [string, FieldId]> = FIELDS.flatMap((f) =>
  f.synonyms.map((s) => [normalizeLabel(s), f.id] as const),
).sort((a, b) => b[0].length - a[0].length);

/**
 * The field a visible label names, or null. Exact synonym matches win; otherwise the
 * longest synonym that the label starts with (labels often carry trailing notes).
 */
export function fieldIdForLabel(label: string): FieldId | null {
  const norm = normalizeLabel(label);
  if (!norm) return null;
  for (const [syn, id] of SYNONYMS) if (norm === syn) return id;
  for (const [syn, id] of SYNONYMS) if (norm.startsWith(syn)) return id;
  return null;
}

/**
 * The field a CSV header names (contract §7): a field id with `_` or `-`, `id`, or a
 * Japanese label. Returns null for an unknown header.
 */
export function fieldIdForHeader(header: string): FieldId | 'id' | null {
  const h = header.replace(/^\uFEFF/, '').normalize('NFKC').trim().toLowerCase().replace(/[_\s]+/g, '-');
  if (h === 'id' || h === 'no' || h === '番号' || h === 'her-sys-id-or-row' || h === '行番号') return 'id';
  // The worklist's own Japanese header (and HER-SYS's name for its ID), so its files read back.
  if (h === 'her-sys-id' || h === 'hersys-id') return 'id';
  if (isFieldId(h)) return h;
  return fieldIdForLabel(header);
}
