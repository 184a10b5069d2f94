import { describe, expect, it } from 'vitest';
import { CSV_HEADER, resultJson, serializeChunks } from '../../helper/serialize';
import type { TriageResult } from '../../shared/triage';

/** 30,000 results (several 1 MiB buffers), ids with kanji, an emoji and a lone surrogate. */
function results(): TriageResult[] {
  const ids = ['患者-1', 'A\u{1F600}', 'x\uD800y', '"quoted", id'];
  return Array.from({ length: 30_000 }, (_, i) => ({
    id: i < ids.length ? ids[i]! : String(40_000_000 + i),
    tier: i % 3 === 0 ? 'priority' : 'standard',
    reasons: i % 3 === 0 ? ['AGE_65_PLUS'] : ['LOW_RISK'],
    age: i % 7 === 0 ? null : 20 + (i % 60),
    riskCount: i % 4,
    problems: i % 5 === 0 ? [{ field: 'phone', code: 'PHONE_NOT_MOBILE', level: 'warning' }] : [],
  }));
}

describe('serializeChunks (triage output bytes)', () => {
  it('JSON: the same text as the rows joined, in buffers that never split a row', () => {
    const rs = results();
    const done: number[] = [];
    const chunks = serializeChunks(rs, 'json', (n) => done.push(n));
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c[c.length - 1]).toBe(0x0a);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toBe('[\n' + rs.map(resultJson).join(',\n') + '\n]\n');
    expect(JSON.parse(text)[1].id).toBe('A\u{1F600}');
    expect(chunks.map((c) => c.toString('utf8')).join('')).toBe(text);
    expect(done).toEqual([10_000, 20_000, 30_000]);
  });

  it('CSV: BOM, header, CRLF rows; an empty JSON batch is []', () => {
    const text = Buffer.concat(serializeChunks(results().slice(0, 2), 'csv')).toString('utf8');
    expect(text).toBe(`\uFEFF${CSV_HEADER}\r\n患者-1,priority,AGE_65_PLUS,,0,phone:PHONE_NOT_MOBILE:warning\r\nA\u{1F600},standard,LOW_RISK,21,1,\r\n`);
    expect(Buffer.concat(serializeChunks([], 'json')).toString('utf8')).toBe('[]\n');
  });
});
