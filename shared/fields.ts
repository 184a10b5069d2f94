/**
 * The fields of the 発生届 (docs/codes.md) as data: ids, the Japanese labels that name them,
 * and when each one is required. The form reader, the CLI's header mapping and the rule
 * engine all read this one table.
 */
import { normalizeLabel } from './normalize';
import { FIELD_WORDS, ID_HEADER_WORDS } from './vocabulary';

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

/** Pseudo-field carrying `MYHERSYS_NOT_NOTIFIED` (docs/codes.md). */
export const MYHERSYS_PSEUDO_FIELD = 'myhersys-notify' as const;
export type ProblemField = FieldId | typeof MYHERSYS_PSEUDO_FIELD;

export type FieldKind = 'choice' | 'date' | 'year-month' | 'text' | 'phone' | 'number';

export interface FieldDef {
  id: FieldId;
  kind: FieldKind;
  /**
   * Label synonyms (the page vocabulary's, `shared/vocabulary.ts`), compared in
   * `normalizeLabel` form; the most specific first. The field's name shown to people is the
   * catalogue's (`FIELD_KEY` in shared/i18n.ts).
   */
  synonyms: readonly string[];
}

const FIELD_KINDS: Readonly<Record<FieldId, FieldKind>> = {
  'patient-type': 'choice',
  'diagnosis-method': 'text',
  'specimen-date': 'date',
  'diagnosis-date': 'date',
  'onset-date': 'date',
  'vaccine-doses': 'choice',
  'vaccine-date': 'year-month',
  'risk-any': 'choice',
  'risk-malignancy': 'choice',
  'risk-copd': 'choice',
  'risk-ckd': 'choice',
  'risk-hypertension': 'choice',
  'risk-diabetes': 'choice',
  'risk-dyslipidemia': 'choice',
  'risk-obesity': 'choice',
  'risk-smoking': 'choice',
  'risk-other': 'choice',
  'immunosuppressed': 'choice',
  'pregnancy': 'choice',
  'severity': 'choice',
  'hospitalization-needed': 'choice',
  'hospitalized-now': 'choice',
  'phone': 'phone',
  'birthdate': 'date',
  'age': 'number',
  'sex': 'choice',
};

export const FIELDS: readonly FieldDef[] = FIELD_IDS.map((id) => ({ id, kind: FIELD_KINDS[id], synonyms: FIELD_WORDS[id] }));

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
 * The field a CSV header names (docs/cli.md): a field id with `_` or `-`, `id`, or a
 * Japanese label. Returns null for an unknown header.
 */
export function fieldIdForHeader(header: string): FieldId | 'id' | null {
  const h = header.replace(/^\uFEFF/, '').normalize('NFKC').trim().toLowerCase().replace(/[_\s]+/g, '-');
  if (ID_HEADER_WORDS.has(h)) return 'id';
  if (isFieldId(h)) return h;
  return fieldIdForLabel(header);
}
