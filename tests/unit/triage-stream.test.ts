/**
 * The streaming triage (helper/triage-stream.ts) gives byte for byte what the whole-file
 * batch triage gives — across read boundaries (64 KiB reads), in UTF-8 and CP932, with the spool in
 * memory or in a temporary file — and marks PHONE_SHARED on rows that are far apart.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotificationCsv } from '../../shared/csv';
import { parseISODate } from '../../shared/dates';
import { triageBatch } from '../../shared/triage';
import { serializeChunks } from '../../helper/serialize';
import { SharedPhoneIndex, triageStream, type TriageStreamOptions } from '../../helper/triage-stream';
// The benchmark's generator: realistic rows (era dates, full-width digits, shared numbers).
// @ts-expect-error plain JS module without types
import { generateCsv } from '../bench/triage.bench.mjs';

const asOf = parseISODate('2022-02-20')!;
let tmp = '';
let text = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hersys-stream-'));
  // ~6 MB: two read chunks; the first and the last row share a number written differently.
  const rows = (generateCsv(34_000, 7) as string).split('\r\n');
  rows[1] = rows[1]!.replace(/,0[0-9０-９（）\-－]+,(?=[^,]*,[^,]*,[^,]*$)/, ',０９０（７７７７）１２３４,');
  rows[rows.length - 2] = rows[rows.length - 2]!.replace(/,[^,]*,(?=[^,]*,[^,]*,[^,]*$)/, ',090-7777-1234,');
  text = rows.join('\r\n');
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function reference(format: 'json' | 'csv'): Buffer {
  const parsed = parseNotificationCsv(text);
  if (!parsed.ok) throw new Error(parsed.messageEn);
  return Buffer.concat(serializeChunks(triageBatch(parsed.records, { asOf }), format));
}

function streamed(bytes: Uint8Array, opts: Partial<TriageStreamOptions> & Pick<TriageStreamOptions, 'format'>) {
  const file = join(tmp, `in-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, bytes);
  const fd = openSync(file, 'r');
  const out: Buffer[] = [];
  try {
    const outcome = triageStream(fd, (b) => out.push(Buffer.from(b)), { asOf, encoding: null, ...opts });
    return { outcome, bytes: Buffer.concat(out), pieces: out };
  } finally {
    closeSync(fd);
    rmSync(file);
  }
}

describe('triageStream', () => {
  it('UTF-8, JSON: the same bytes as the batch triage, PHONE_SHARED on the first and the last row', () => {
    expect(Buffer.byteLength(text)).toBeGreaterThan(5 << 20);
    const { outcome, bytes, pieces } = streamed(Buffer.from(text, 'utf8'), { format: 'json' });
    expect(outcome.ok).toBe(true);
    expect(bytes.equals(reference('json'))).toBe(true);
    // Pieces end at row boundaries: each decodes on its own.
    expect(pieces.map((p) => p.toString('utf8')).join('')).toBe(bytes.toString('utf8'));
    const rows = JSON.parse(bytes.toString('utf8')) as Array<{ problems: Array<{ code: string }> }>;
    expect(rows).toHaveLength(34_000);
    const shared = (i: number) => rows[i]!.problems.some((p) => p.code === 'PHONE_SHARED');
    expect(shared(0) && shared(rows.length - 1)).toBe(true);
    if (outcome.ok) expect(outcome.sharedRows).toBe(rows.filter((_, i) => shared(i)).length);
  });

  it('CP932, CSV, spool in a temporary file: the same bytes, and no file is left behind', () => {
    const dir = mkdtempSync(join(tmp, 'spool-'));
    const { outcome, bytes } = streamed(iconv.encode(text, 'cp932'), { format: 'csv', spoolMemoryBytes: 0, spoolDir: dir });
    expect(outcome).toMatchObject({ ok: true, spilled: true, decode: { encoding: 'shift_jis', lossy: false } });
    expect(bytes.equals(reference('csv'))).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a broken quote on the last line: no output at all, the line named', () => {
    const { outcome, pieces } = streamed(Buffer.from(text + '"41799999,患者（確定例）\r\n', 'utf8'), { format: 'json' });
    expect(outcome.ok).toBe(false);
    expect(pieces).toEqual([]);
    if (!outcome.ok) expect(outcome.csv?.messageEn).toBe('line 34002: unterminated quote (")');
  });
});

describe('SharedPhoneIndex', () => {
  it('marks every row of a number used twice or more, across blocks, and no other', () => {
    const idx = new SharedPhoneIndex();
    const n = 300_000; // several blocks
    const want = new Set<number>();
    for (let i = 0; i < n; i++) {
      const shared = i % 1000 === 0 || i === n - 1;
      const digits = shared ? '09077771234' : `0${80 + (i % 10)}${String(10_000_000 + i).slice(0, 8)}`;
      if (shared) want.add(i);
      idx.add(i, digits);
    }
    idx.add(n, '+12025550123'); // not a national number: its own key, shared with nothing
    const { bits, count } = idx.sharedRows(n + 1);
    const got: number[] = [];
    for (let i = 0; i <= n; i++) if (bits[i >>> 3]! & (1 << (i & 7))) got.push(i);
    expect(got).toEqual([...want].sort((a, b) => a - b));
    expect(count).toBe(want.size);
  });
});
