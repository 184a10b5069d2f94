/**
 * CsvDecoder (shared/csv-decode.ts): the same text whatever the chunking — also when the
 * caller reuses one read buffer, as the CLI does — and the encoding chosen from the bytes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvDecoder, decodeAll, type CsvEncoding } from '../../shared/csv-decode';

const SAMPLE_JA = readFileSync(fileURLToPath(new URL('../fixtures/sample-notifications-ja.csv', import.meta.url)), 'utf8');

/** Decodes `bytes` through one reused buffer of `size` bytes, like a read loop. */
function chunked(bytes: Uint8Array, size: number, forced: CsvEncoding | null = null) {
  const d = new CsvDecoder(forced);
  const buf = Buffer.allocUnsafe(size);
  let text = '';
  for (let off = 0; off < bytes.length; off += size) {
    const n = Math.min(size, bytes.length - off);
    buf.set(bytes.subarray(off, off + n));
    text += d.push(buf.subarray(0, n));
    buf.fill(0x5a); // what the next read would overwrite
  }
  return { text: text + d.end(), report: d.report() };
}

describe('CsvDecoder', () => {
  const text = '\uFEFF' + SAMPLE_JA.repeat(3);
  const encodings: Array<[string, Uint8Array, CsvEncoding]> = [
    ['UTF-8 with BOM', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8', Buffer.from(text.slice(1), 'utf8'), 'utf-8'],
    ['CP932', iconv.encode(text.slice(1), 'cp932'), 'shift_jis'],
  ];

  it.each(encodings)('%s: every chunk size gives the same text, nothing lost', (_name, bytes, encoding) => {
    const want = text.replace(/^\uFEFF/, '');
    for (const size of [1, 2, 3, 5, 7, 64, 1000, 4096]) {
      const got = chunked(bytes, size);
      expect(got.report, `chunks of ${size}`).toMatchObject({ encoding, lossy: false, firstBad: null });
      expect(got.text === want, `chunks of ${size}`).toBe(true);
    }
  });

  it('chooses CP932 when the first non-ASCII byte comes late (an ASCII header, Japanese in row 3)', () => {
    const csv = 'id,patient_type,birthdate\n1,,1990-01-02\n2,患者（確定例）,1985-03-04\n';
    const got = chunked(iconv.encode(csv, 'cp932'), 16);
    expect(got.report).toMatchObject({ encoding: 'shift_jis', lossy: false });
    expect(got.text).toBe(csv);
  });

  it('one bad byte in UTF-8 text: still UTF-8, one U+FFFD, the line of the byte', () => {
    const bytes = Buffer.from('生年月日,性別\n1990-01-02,女\n1991-02-03,男\n', 'utf8');
    const broken = Buffer.concat([bytes.subarray(0, 35), Buffer.from([0x93]), bytes.subarray(35)]);
    const { text: got, report } = decodeAll(broken);
    expect(report).toEqual({ encoding: 'utf-8', lossy: true, firstBad: { line: 3, bytes: '0x93' }, forced: false });
    expect(got.split('\uFFFD')).toHaveLength(2);
  });

  it('forced: decodes as told and reports the loss', () => {
    const { report } = decodeAll(iconv.encode('性別\n女\n', 'cp932'), 'utf-8');
    expect(report).toMatchObject({ encoding: 'utf-8', lossy: true, forced: true, firstBad: { line: 1 } });
  });
});
