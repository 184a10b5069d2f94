/**
 * The viewer's filter: the form as the person fills it in (local dates, `to` inclusive), the
 * store filter it stands for, and the days the chart shows for it.
 */
import type { AuditEventType } from '../../../shared/audit';
import type { AuditFilter } from '../../audit/store';
import { localDate, localMidnight } from './time';

const CHART_DEFAULT_DAYS = 30;
const CHART_MAX_DAYS = 366;

export type TrainingFilter = NonNullable<AuditFilter['training']>;

export interface FormState {
  from: string; // YYYY-MM-DD (local) or ''
  to: string;
  type: AuditEventType | '';
  tier: string;
  training: TrainingFilter;
}

/** No filter but the default one: real entries only (training hidden). */
export const EMPTY_FORM: FormState = { from: '', to: '', type: '', tier: '', training: 'real' };

/** The store filter for the form: `to` is inclusive in the form (the whole day). */
export function toFilter(f: FormState): AuditFilter {
  const out: AuditFilter = { training: f.training };
  if (f.from) out.from = localMidnight(f.from).toISOString();
  if (f.to) out.to = localMidnight(f.to, 1).toISOString();
  if (f.type) out.type = f.type;
  if (f.tier) out.tier = f.tier;
  return out;
}

/** The days the chart shows: the filter's period (at most a year), else the last 30 days. */
export function chartDays(f: FormState, today: Date): string[] {
  const end = f.to || localDate(today);
  let start = f.from || localDate(localMidnight(end, -(CHART_DEFAULT_DAYS - 1)));
  if (start > end) return [];
  const span = Math.round((localMidnight(end).getTime() - localMidnight(start).getTime()) / 86_400_000) + 1;
  if (span > CHART_MAX_DAYS) start = localDate(localMidnight(end, -(CHART_MAX_DAYS - 1)));
  const days: string[] = [];
  for (let d = start; d <= end; d = localDate(localMidnight(d, 1))) days.push(d);
  return days;
}
