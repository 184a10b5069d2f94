/**
 * The classifier half of "collect, then classify": pure code (no DOM) over the plain data
 * of `collect.ts`. Decides which controls are which 発生届 field (docs/codes.md), which form is
 * the 発生届, where its submit buttons and the My HER-SYS URL通知 control are.
 *
 * Rules, in short:
 * - Radios form groups by (form, name) — or, without a name, by identical context labels;
 *   checkboxes by identical context labels (else name). A group is one field, classified
 *   by its context labels only: option labels (有/無) never classify a field.
 * - A select / text-like control is classified by its own label first, then its context.
 * - The first label the synonym table recognises decides; `その他` means `risk-other` only
 *   inside the risk-factor section (a risk-any label around it, or a risk field next to it).
 * - A field takes the first control/group in document order whose kind suits it (radios,
 *   yes/no checkboxes and selects for choices; text-like inputs for dates, phone, age);
 *   a text box only gets a choice field when no suitable control claimed it.
 * - Only the chosen form counts: the one holding the risk-factor section.
 */
import {
  FOREIGN_SECTION_WORDS,
  LOOKALIKE_LABELS,
  MYHERSYS_NOTIFY_IGNORED,
  MYHERSYS_NOTIFY_WORDS,
  NOT_SUBMIT_WORDS,
  PATIENT_SECTION_WORDS,
  SUBMIT_WORDS,
  YES_NO_OPTION_WORDS,
} from '../../shared/vocabulary';
import { FIELD_BY_ID, RISK_DISEASE_FIELDS, fieldIdForLabel, type FieldId } from '../../shared/fields';
import { normalizeLabel, normalizeText } from '../../shared/normalize';
import type { CollectedControl, ControlKind } from './collect';

export interface FieldMatch {
  field: FieldId;
  /** Indices into the collected controls (every radio of a group). */
  controls: number[];
  kind: ControlKind;
  /** The label text that matched. */
  label: string;
}

export interface Classification {
  /** The risk-factor section (a control classified as risk-any, or ≥ 3 risk disease fields) is present. */
  isNotificationForm: boolean;
  /** The form chosen (`CollectedControl.formKey`), -1 for controls outside any form. */
  formKey: number;
  fields: Partial<Record<FieldId, FieldMatch>>;
  /** Index of the My HER-SYS URL通知 button/checkbox, or null. */
  myHersysNotify: number | null;
  /** Indices of the chosen form's submit buttons. */
  submitButtons: number[];
}

type Fit = 'preferred' | 'fallback' | 'never';

interface Candidate {
  field: FieldId;
  label: string;
}

interface Unit {
  controls: number[];
  kind: ControlKind;
  formKey: number;
  first: number;
  /** Every recognised label, in label order (most specific first). */
  candidates: Candidate[];
  /** A checkbox group whose options are all 有/無/不明/あり/なし. */
  yesNo: boolean;
  /** Every label of the unit, own label first. */
  labels: string[];
}

const RISK_SECTION_FIELDS: ReadonlySet<FieldId> = new Set<FieldId>(['risk-any', ...RISK_DISEASE_FIELDS]);
const RISK_NAMED_DISEASES: ReadonlySet<FieldId> = new Set<FieldId>(RISK_DISEASE_FIELDS.filter((f) => f !== 'risk-other'));
/** Fields answered 有/無/不明: a checkbox group binds them only when its options are those words. */
const ANSWER_FIELDS: ReadonlySet<FieldId> = new Set<FieldId>([
  'risk-any',
  ...RISK_DISEASE_FIELDS,
  'immunosuppressed',
  'pregnancy',
  'hospitalization-needed',
  'hospitalized-now',
]);
/** Memo of `compact`: a page repeats the same few option and button labels hundreds of times. */
const compactMemo = new Map<string, string>();

function compact(s: string): string {
  let v = compactMemo.get(s);
  if (v === undefined) {
    v = normalizeText(s).toLowerCase().replace(/[\s\u3000]+/g, '');
    if (compactMemo.size >= 4096) compactMemo.clear();
    compactMemo.set(s, v);
  }
  return v;
}

/** 'My HER-SYS URL通知' in any width, case and spacing. */
export function isMyHersysNotifyLabel(label: string): boolean {
  const s = compact(label).replace(MYHERSYS_NOTIFY_IGNORED, '');
  return MYHERSYS_NOTIFY_WORDS.every((w) => s.includes(w));
}

/** A submit button's label (発生届を提出, 提出, 登録する, …), not 一時保存 / 戻る / キャンセル. */
export function isSubmitLabel(label: string): boolean {
  const s = compact(label);
  if (!s || NOT_SUBMIT_WORDS.some((w) => s.includes(w))) return false;
  if (isMyHersysNotifyLabel(label)) return false;
  return SUBMIT_WORDS.some((w) => s === w || s.startsWith(w) || s.endsWith(w));
}

function isYesNoOption(c: CollectedControl): boolean {
  return YES_NO_OPTION_WORDS.has(compact(c.ownLabel));
}

function fit(field: FieldId, u: Unit): Fit {
  const k = u.kind;
  if (k === 'button') return 'never';
  const def = FIELD_BY_ID.get(field);
  switch (def?.kind) {
    case 'choice':
      if (k === 'radio' || k === 'select') return 'preferred';
      if (k === 'checkbox') return ANSWER_FIELDS.has(field) && !u.yesNo ? 'never' : 'preferred';
      if (k === 'date') return 'never';
      return 'fallback';
    case 'text':
      return k === 'date' ? 'never' : 'preferred';
    case 'date':
    case 'year-month':
      if (k === 'radio' || k === 'checkbox') return 'never';
      return 'preferred';
    case 'phone':
      if (k === 'tel' || k === 'text' || k === 'number') return 'preferred';
      return k === 'textarea' ? 'fallback' : 'never';
    case 'number':
      if (k === 'number' || k === 'text' || k === 'tel' || k === 'select') return 'preferred';
      return k === 'textarea' ? 'fallback' : 'never';
    default:
      return 'never';
  }
}

function groupKey(c: CollectedControl): string {
  const ctx = c.contextLabels.join('\u0001');
  if (c.kind === 'radio') return c.name ? `r\0${c.formKey}\0${c.name}` : `r\0${c.formKey}\0\0${ctx}`;
  if (ctx) return `c\0${c.formKey}\0\0${ctx}`;
  return c.name ? `c\0${c.formKey}\0${c.name}` : `c\0\0${c.index}`;
}

/** Memo of `fieldIdForLabel` (pure), kept across scans: a rescan meets the same labels again. */
const fieldMemo = new Map<string, FieldId | null>();

function idFor(label: string): FieldId | null {
  let v = fieldMemo.get(label);
  if (v === undefined) {
    v = fieldIdForLabel(label);
    if (fieldMemo.size >= 4096) fieldMemo.clear();
    fieldMemo.set(label, v);
  }
  return v;
}

/** Groups the controls into units (one per radio/checkbox group or other control) with their recognised labels. */
function buildUnits(controls: readonly CollectedControl[], skip: ReadonlySet<number>): Unit[] {
  const units: Unit[] = [];
  const groups = new Map<string, { unit: Unit; labels: string[] }>();
  const others: { unit: Unit; labels: string[] }[] = [];
  for (const c of controls) {
    if (c.kind === 'button' || skip.has(c.index)) continue;
    if (c.kind === 'radio' || c.kind === 'checkbox') {
      const key = groupKey(c);
      const g = groups.get(key);
      if (g) {
        g.unit.controls.push(c.index);
        g.unit.yesNo &&= isYesNoOption(c);
        for (const l of c.contextLabels) if (!g.labels.includes(l)) g.labels.push(l);
      } else {
        const unit: Unit = { controls: [c.index], kind: c.kind, formKey: c.formKey, first: c.index, candidates: [], yesNo: isYesNoOption(c), labels: [] };
        const entry = { unit, labels: [...c.contextLabels] };
        groups.set(key, entry);
        others.push(entry);
      }
    } else {
      const unit: Unit = { controls: [c.index], kind: c.kind, formKey: c.formKey, first: c.index, candidates: [], yesNo: false, labels: [] };
      others.push({ unit, labels: c.ownLabel ? [c.ownLabel, ...c.contextLabels] : [...c.contextLabels] });
    }
  }
  for (const { unit, labels } of others) {
    unit.labels = labels;
    for (const label of labels) {
      const field = idFor(label);
      if (field) unit.candidates.push({ field, label });
    }
    units.push(unit);
  }
  units.sort((a, b) => a.first - b.first);
  return units;
}

const isChoiceUnit = (u: Unit): boolean => u.kind === 'radio' || u.kind === 'select' || (u.kind === 'checkbox' && u.yesNo);
const isOtherCandidate = (u: Unit): boolean => u.candidates[0]?.field === 'risk-other';

/**
 * Is a unit labelled `その他` inside the risk-factor section? Yes when a risk-any label
 * surrounds it, or when the nearest classified neighbour before or after it (same form) is
 * a risk field.
 */
function inRiskSection(units: readonly Unit[], at: number): boolean {
  const u = units[at]!;
  if (u.candidates.some((c) => c.field === 'risk-any')) return true;
  const neighbour = (step: 1 | -1): FieldId | null => {
    for (let i = at + step; i >= 0 && i < units.length; i += step) {
      const v = units[i]!;
      if (v.formKey !== u.formKey || v.candidates.length === 0 || isOtherCandidate(v)) continue;
      return v.candidates[0]!.field;
    }
    return null;
  };
  const before = neighbour(-1);
  if (before && RISK_SECTION_FIELDS.has(before)) return true;
  const after = neighbour(1);
  return after !== null && RISK_SECTION_FIELDS.has(after);
}

/** The field a unit stands for: its first recognised label that is allowed where it stands. */
function chosenCandidate(units: readonly Unit[], at: number): Candidate | null {
  const u = units[at]!;
  let riskSection: boolean | undefined;
  for (const c of u.candidates) {
    if (c.field === 'risk-other') {
      riskSection ??= inRiskSection(units, at);
      if (!riskSection) continue;
    }
    return c;
  }
  return null;
}

type SectionWord = 'patient' | 'foreign' | 'lookalike' | null;
const sectionMemo = new Map<string, SectionWord>();

/** What a label says about the part of the form it is in (memoised: pages repeat their labels). */
function sectionOf(label: string): SectionWord {
  let v = sectionMemo.get(label);
  if (v === undefined) {
    const l = normalizeLabel(label);
    v = LOOKALIKE_LABELS.includes(l)
      ? 'lookalike'
      : PATIENT_SECTION_WORDS.some((w) => l.includes(w))
        ? 'patient'
        : FOREIGN_SECTION_WORDS.some((w) => l.includes(w))
          ? 'foreign'
          : null;
    if (sectionMemo.size >= 4096) sectionMemo.clear();
    sectionMemo.set(label, v);
  }
  return v;
}

/**
 * Drops the candidates that are not the patient's: a look-alike date (初診年月日 …) by its own
 * label, and everything in the reporting doctor's block or among the 保護者 fields. A foreign
 * block starts at a label naming it and lasts until a label names the patient (当該者, 患者) or a
 * unit is bound to one of the patient's own fields (other than a phone number: the doctor's
 * block ends with the clinic's 電話番号).
 */
function keepPatientsOwn(units: readonly Unit[], chosen: (Candidate | null)[]): void {
  let foreign = false;
  units.forEach((u, i) => {
    const words = u.labels.map(sectionOf);
    if (words[0] === 'lookalike') {
      chosen[i] = null;
      return;
    }
    if (words.includes('patient')) foreign = false;
    else if (words.includes('foreign')) foreign = true;
    else if (foreign && chosen[i] && chosen[i]!.field !== 'phone') foreign = false;
    if (foreign) chosen[i] = null;
  });
}

interface FormStats {
  riskAny: boolean;
  diseases: Set<FieldId>;
  fields: Set<FieldId>;
}

export function classifyControls(controls: readonly CollectedControl[]): Classification {
  // The My HER-SYS URL通知 control: a button or checkbox, by its own label (a checkbox also by its question label).
  const notifyCandidates = controls.filter(
    (c) =>
      (c.kind === 'button' || c.kind === 'checkbox') &&
      (isMyHersysNotifyLabel(c.ownLabel) || (c.kind === 'checkbox' && c.contextLabels.length > 0 && isMyHersysNotifyLabel(c.contextLabels[0]!))),
  );
  const notifySet = new Set(notifyCandidates.map((c) => c.index));
  const units = buildUnits(controls, notifySet);
  const chosen = units.map((_, i) => chosenCandidate(units, i));
  keepPatientsOwn(units, chosen);

  // Which form holds the 発生届 (its risk-factor section)?
  const stats = new Map<number, FormStats>();
  units.forEach((u, i) => {
    const c = chosen[i];
    if (!c) return;
    let s = stats.get(u.formKey);
    if (!s) stats.set(u.formKey, (s = { riskAny: false, diseases: new Set(), fields: new Set() }));
    s.fields.add(c.field);
    if (!isChoiceUnit(u)) return;
    if (c.field === 'risk-any') s.riskAny = true;
    if (RISK_NAMED_DISEASES.has(c.field)) s.diseases.add(c.field);
  });
  const hasSection = (s: FormStats): boolean => s.riskAny || s.diseases.size >= 3;
  let formKey = -1;
  let best: FormStats | null = null;
  for (const [key, s] of stats) {
    if (!best) {
      [formKey, best] = [key, s];
      continue;
    }
    const better =
      hasSection(s) !== hasSection(best) ? hasSection(s) : s.fields.size > best.fields.size;
    if (better) [formKey, best] = [key, s];
  }
  const isNotificationForm = best !== null && hasSection(best);

  // Fields: first suitable unit in document order, within the chosen form.
  const fields: Partial<Record<FieldId, FieldMatch>> = {};
  for (const pass of ['preferred', 'fallback'] as const) {
    units.forEach((u, i) => {
      const c = chosen[i];
      if (!c || u.formKey !== formKey || fields[c.field]) return;
      if (fit(c.field, u) !== pass) return;
      fields[c.field] = { field: c.field, controls: [...u.controls], kind: u.kind, label: c.label };
    });
  }

  const myHersysNotify = notifyCandidates.find((c) => c.formKey === formKey)?.index ?? notifyCandidates[0]?.index ?? null;

  const submitOf = (key: number): number[] =>
    controls.filter((c) => c.kind === 'button' && c.formKey === key && !notifySet.has(c.index) && isSubmitLabel(c.ownLabel)).map((c) => c.index);
  let submitButtons = best ? submitOf(formKey) : [];
  // Single-page apps often put the submit bar outside the <form>.
  if (best && submitButtons.length === 0 && formKey !== -1) submitButtons = submitOf(-1);

  return { isNotificationForm, formKey, fields, myHersysNotify, submitButtons };
}
