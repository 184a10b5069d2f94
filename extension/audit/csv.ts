/** The audit log as CSV: one row per entry, every cell safe to open in a spreadsheet. */
import { canonicalJson, type AuditEntry } from '../../shared/audit';
import { csvRow } from '../../shared/csv-write';

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
  return csvRow([
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
  ]);
}
