/** The audit log as CSV: one row per entry, every cell safe to open in a spreadsheet. */
import { canonicalJson, type AuditEntry } from '../../shared/audit';

/** A CSV cell: quoted when needed; a leading = + - @ is defused for spreadsheets. */
function csvCell(v: string): string {
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'id',
  'time',
  'type',
  'page',
  'tier',
  'reasons',
  'problems',
  'rulesetVersion',
  'training',
  'person',
  'reason',
  'detail',
  'prev',
  'hash',
] as const;

export function entryToCsvRow(e: AuditEntry): string {
  return [
    String(e.id),
    e.time,
    e.type,
    e.page ?? '',
    e.tier ?? '',
    e.reasons.join(' '),
    e.problems.map((p) => `${p.field}:${p.code}`).join(' '),
    e.rulesetVersion ?? '',
    e.training ? 'true' : 'false',
    e.person ?? '',
    e.reason ?? '',
    e.detail ? canonicalJson(e.detail) : '',
    e.prev,
    e.hash,
  ]
    .map(csvCell)
    .join(',');
}
