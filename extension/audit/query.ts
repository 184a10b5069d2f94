/**
 * How a filter of the audit viewer becomes an IndexedDB query: which compound index, the key
 * prefix, and what is checked on each record when no index covers it.
 */
import type { AuditFilter, IndexName, StoredRecord } from './schema';

export interface Plan {
  index: IndexName;
  prefix: (string | number)[];
  residual: ((r: StoredRecord) => boolean) | null;
}

export function plan(f: AuditFilter): Plan {
  const prefix: (string | number)[] = [];
  const parts: string[] = [];
  if (f.training === 'real' || f.training === 'training') {
    prefix.push(f.training === 'training' ? 1 : 0);
    parts.push('tr');
  }
  let residual: Plan['residual'] = null;
  if (f.type) {
    prefix.push(f.type);
    parts.push('type');
    if (f.tier) {
      const tier = f.tier;
      residual = (r) => r.r === tier;
    }
  } else if (f.tier) {
    prefix.push(f.tier);
    parts.push('tier');
  }
  parts.push('time');
  return { index: parts.join('_') as IndexName, prefix, residual };
}

export const MAX_TIME = '\uffff';

/** The key range of `p` between `from` (inclusive) and `to` (exclusive, or inclusive when `toInclusive`). */
export function keyRange(p: Plan, from: string | undefined, to: string | undefined, toInclusive = false): IDBKeyRange | null {
  const lo = from ?? '';
  const hi = to ?? MAX_TIME;
  if (lo > hi || (lo === hi && !toInclusive)) return null;
  const upperOpen = to === undefined ? false : !toInclusive;
  if (p.prefix.length === 0) return IDBKeyRange.bound(lo, hi, false, upperOpen);
  return IDBKeyRange.bound([...p.prefix, lo], [...p.prefix, hi], false, upperOpen);
}
