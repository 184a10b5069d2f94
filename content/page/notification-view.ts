/**
 * From an evaluation to what the page shows: the state of each field, the host
 * attributes of docs/dom-attributes.md, and the problems grouped by field. Pure (no DOM).
 */
import type { Evaluation } from '../../shared/evaluate';
import type { FieldId, ProblemField } from '../../shared/fields';
import type { Problem } from '../../shared/problems';
import { fieldLabel, msg, PROBLEM_KEY, REASON_KEY, TIER_KEY } from '../../shared/i18n';
import type { Tier } from '../../shared/tier';

export type FieldState = 'missing' | 'invalid' | 'warning' | 'ok';
export type PageStatus = 'ok' | 'warning' | 'error';

export interface NotificationView {
  tier: Tier;
  tierLabel: string;
  reasons: { code: string; text: string }[];
  status: PageStatus;
  /** Required and unanswered, among the fields found on the page. */
  missing: FieldId[];
  /** Required (as far as the answers found tell) but not found on the page: not "unanswered", "not seen". */
  unseen: FieldId[];
  /** Fields with an error-level problem other than REQUIRED_MISSING. */
  invalid: FieldId[];
  fieldStates: Map<FieldId, FieldState>;
  /** Problems on fields found on the page (plus page-level ones), in field order. */
  problems: Problem[];
  groups: { field: ProblemField; label: string; items: { code: string; level: Problem['level']; text: string }[] }[];
  errors: Problem[];
  age: number | null;
  riskCount: number;
}

/**
 * `bound` is the set of fields found on the page: a required field the page does not have
 * cannot be answered there, so it is not reported missing — it is `unseen` (「画面上で見つからない
 * 項目」 in the panel and the popup, `data-unseen` on the host).
 */
export function viewOf(ev: Evaluation, bound: ReadonlySet<FieldId>, lang: 'ja' | 'en' = 'ja'): NotificationView {
  const onPage = (p: Problem) => p.field === 'myhersys-notify' || bound.has(p.field);
  const problems = ev.problems.filter((p) => onPage(p) && !(p.code === 'REQUIRED_MISSING' && !bound.has(p.field as FieldId)));
  const missing = ev.missing.filter((f) => bound.has(f));
  const unseen = ev.missing.filter((f) => !bound.has(f));
  const invalidSet = new Set<FieldId>();
  const warnSet = new Set<FieldId>();
  for (const p of problems) {
    if (p.field === 'myhersys-notify' || p.code === 'REQUIRED_MISSING') continue;
    if (p.level === 'error') invalidSet.add(p.field);
    else if (p.level === 'warning') warnSet.add(p.field);
  }
  const fieldStates = new Map<FieldId, FieldState>();
  for (const f of bound) {
    fieldStates.set(f, missing.includes(f) ? 'missing' : invalidSet.has(f) ? 'invalid' : warnSet.has(f) ? 'warning' : 'ok');
  }
  const errors = problems.filter((p) => p.level === 'error');
  const status: PageStatus = errors.length > 0 ? 'error' : problems.some((p) => p.level === 'warning') ? 'warning' : 'ok';
  const groups: NotificationView['groups'] = [];
  for (const p of problems) {
    let g = groups.find((x) => x.field === p.field);
    if (!g) {
      g = { field: p.field, label: fieldLabel(p.field, lang), items: [] };
      groups.push(g);
    }
    g.items.push({ code: p.code, level: p.level, text: msg(lang, PROBLEM_KEY[p.code]) });
  }
  return {
    tier: ev.tier,
    tierLabel: msg(lang, TIER_KEY[ev.tier]),
    reasons: ev.reasons.map((code) => ({ code, text: msg(lang, REASON_KEY[code]) })),
    status,
    missing,
    unseen,
    invalid: [...invalidSet].sort((a, b) => [...bound].indexOf(a) - [...bound].indexOf(b)),
    fieldStates,
    problems,
    groups,
    errors,
    age: ev.age,
    riskCount: ev.riskCount,
  };
}

/** Host attributes of docs/dom-attributes.md for a notification page. */
export function hostAttributes(view: NotificationView): Record<string, string> {
  return {
    'data-page': 'notification',
    'data-status': view.status,
    'data-tier': view.tier,
    'data-missing': view.missing.join(' '),
    'data-invalid': view.invalid.join(' '),
    'data-unseen': view.unseen.join(' '),
  };
}
