/**
 * Fuzz: CSV round trip into triage (the CLI's path). Random records (every accepted spelling
 * mixed with garbage, generators in fuzz-records.ts), written as CSV with quoting, LF or
 * CRLF and field-id headers with `_` or `-`, read back by parseNotificationCsv: the same
 * records, and triage gives the same results as on the records themselves. 10,000 files.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { parseNotificationCsv } from '../../shared/csv';
import { FIELD_IDS } from '../../shared/fields';
import { triageBatch, type RawRecord } from '../../shared/triage';
import { AS_OF, check, record } from './fuzz-records';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

describe('fuzz: CSV into triage', () => {
  it(`a CSV written from random records reads back to the same records and results (${RUNS} files)`, () => {
    const quote = (v: string) => (/[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
    // Cells whose trimmed text is what the record holds (the reader trims cells like String.prototype.trim).
    const clean = (rec: RawRecord): RawRecord =>
      Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, (v ?? '').replace(/\u0000/g, '').trim()])) as RawRecord;
    fc.assert(
      fc.property(fc.array(record.map(clean), { minLength: 1, maxLength: 3 }), fc.boolean(), (records, crlf) => {
        const cols = FIELD_IDS.filter((f) => records.some((r) => r[f] !== undefined));
        const header = ['id', ...cols.map((c) => (c.length % 2 ? c.replace(/-/g, '_') : c))];
        const rows = records.map((r, i) => [`R${i + 1}`, ...cols.map((c) => quote(r[c] ?? ''))].join(','));
        const text = [header.join(','), ...rows].join(crlf ? '\r\n' : '\n') + '\n';
        const parsed = parseNotificationCsv(text);
        if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.messageEn}`);
        check(parsed.records.length === records.length, 'one record per row');
        parsed.records.forEach((p, i) => {
          check(p.id === `R${i + 1}`, 'the id column');
          for (const c of cols) check((p[c] ?? '') === (records[i]![c] ?? ''), `${c} reads back: ${JSON.stringify(p[c])} vs ${JSON.stringify(records[i]![c])}`);
        });
        const direct = triageBatch(records.map((r, i) => ({ ...Object.fromEntries(cols.map((c) => [c, r[c] ?? ''])), id: `R${i + 1}` })), { asOf: AS_OF });
        check(JSON.stringify(triageBatch(parsed.records, { asOf: AS_OF })) === JSON.stringify(direct), 'the same results from the CSV');
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
