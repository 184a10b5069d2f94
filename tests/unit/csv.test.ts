import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseCsvRows, parseNotificationCsv, readNotificationCsv, type CsvParseResult } from '../../shared/csv';
import { FIELD_IDS } from '../../shared/fields';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const utf8 = (s: string) => new TextEncoder().encode(s);

function ok(result: CsvParseResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.messageEn}`);
  return result;
}
function err(result: CsvParseResult) {
  if (result.ok) throw new Error(`expected an error, got ${result.rowCount} rows`);
  return result;
}

describe('decodeCsvBytes', () => {
  it('reads UTF-8 and strips a BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('生年月日\n1990-01-02\n')]);
    expect(decodeCsvBytes(bytes)).toEqual({ text: '生年月日\n1990-01-02\n', encoding: 'utf-8' });
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decodeCsvBytes(utf8('電話番号,性別\n090-3141-5926,女\n'))).toEqual({
      text: '電話番号,性別\n090-3141-5926,女\n',
      encoding: 'utf-8',
    });
  });

  it('detects Shift_JIS (CP932) from bytes that are not UTF-8, NEC/IBM extensions included', () => {
    const text = '診断年月日,生年月日,重症度,電話番号\n令和4年2月9日,Ｓ５４．３．１４,中等症Ⅱ,０９０（３１４１）５９２６\n';
    const sjis = iconv.encode(text, 'cp932');
    const bytes = new Uint8Array(sjis.buffer, sjis.byteOffset, sjis.byteLength);
    expect(bytes).not.toBeInstanceOf(Buffer);
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding: 'shift_jis' });
    // A Node Buffer is a Uint8Array too.
    expect(decodeCsvBytes(sjis)).toEqual({ text, encoding: 'shift_jis' });
  });

  it('treats pure ASCII as UTF-8 (the same text either way)', () => {
    expect(decodeCsvBytes(utf8('phone,birthdate\n'))).toEqual({ text: 'phone,birthdate\n', encoding: 'utf-8' });
  });

  it('returns empty text for no bytes and for a lone BOM', () => {
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeCsvBytes(bytes);
        expect(typeof r.text).toBe('string');
        expect(['utf-8', 'shift_jis']).toContain(r.encoding);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('parseNotificationCsv: headers', () => {
  it('maps field ids written with underscores or hyphens, and id', () => {
    const r = ok(parseNotificationCsv('id,diagnosis_date,risk-any,Birth_Date,PHONE\nA1,2022-02-09,有,x,090-3141-5926\n'));
    expect(r.records[0]).toMatchObject({ id: 'A1', 'diagnosis-date': '2022-02-09', 'risk-any': '有', phone: '090-3141-5926' });
    expect(r.unknownHeaders).toEqual(['Birth_Date']);
  });

  it('maps Japanese labels (contract §3) to the same fields', () => {
    const ja = ok(parseNotificationCsv('診断年月日,生年月日,電話番号,重症化のリスク因子となる疾患の有無,届出時点の入院の有無,入院の必要性の有無\n2022-02-09,1990-01-02,090-3141-5926,無,無,有\n'));
    const en = ok(parseNotificationCsv('diagnosis_date,birthdate,phone,risk_any,hospitalized_now,hospitalization_needed\n2022-02-09,1990-01-02,090-3141-5926,無,無,有\n'));
    expect(ja.records).toEqual(en.records);
    expect(ja.records[0]).toMatchObject({ 'hospitalized-now': '無', 'hospitalization-needed': '有' });
  });

  it('lists unknown headers and ignores their cells', () => {
    const r = ok(parseNotificationCsv('氏名,birthdate,住所\n山田花子,1990-01-02,東京都\n'));
    expect(r.unknownHeaders).toEqual(['氏名', '住所']);
    expect(Object.values(r.records[0]!)).not.toContain('山田花子');
    expect(r.records[0]!.birthdate).toBe('1990-01-02');
  });

  it('gives every record every field id, blank when the file has no such column', () => {
    const r = ok(parseNotificationCsv('birthdate\n1990-01-02\n'));
    for (const f of FIELD_IDS) expect(r.records[0]![f]).toBe(f === 'birthdate' ? '1990-01-02' : '');
    expect(r.records[0]!.id).toBeUndefined();
  });

  it('leaves id unset when the id cell is blank (the triage then numbers the row)', () => {
    const r = ok(parseNotificationCsv('id,phone\n,090-3141-5926\nX2,080-2718-2818\n'));
    expect(r.records[0]!.id).toBeUndefined();
    expect(r.records[1]!.id).toBe('X2');
  });

  it('takes the first non-blank cell when two columns name the same field', () => {
    const r = ok(parseNotificationCsv('電話番号,連絡先電話番号\n,080-2718-2818\n090-3141-5926,080-2718-2818\n'));
    expect(r.records.map((x) => x.phone)).toEqual(['080-2718-2818', '090-3141-5926']);
    expect(r.unknownHeaders).toEqual([]);
  });

  it('uses the first non-blank row as the header', () => {
    const r = ok(parseNotificationCsv('\n\nbirthdate,sex\n1990-01-02,女\n'));
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.sex).toBe('女');
  });
});

describe('parseNotificationCsv: unreadable input', () => {
  it.each(['', '\uFEFF', '\n\n', '  \r\n\t\r\n', ',,,\n,,\n'])('reports an empty file (%j)', (text) => {
    expect(err(parseNotificationCsv(text)).code).toBe('CSV_EMPTY');
  });

  it('reports a header-only file', () => {
    const e = err(parseNotificationCsv('id,diagnosis_date,birthdate\n'));
    expect(e.code).toBe('CSV_NO_ROWS');
    expect(err(parseNotificationCsv('id,diagnosis_date,birthdate\n,,\n\n')).code).toBe('CSV_NO_ROWS');
  });

  it('reports a wrong header (no known field name), naming line 1', () => {
    const e = err(parseNotificationCsv('name,address,note\n山田,東京,x\n'));
    expect(e.code).toBe('CSV_HEADER');
    expect(e.line).toBe(1);
    expect(e.messageJa).toMatch(/項目名/);
    expect(e.messageEn).toMatch(/header/);
    // Data without a header row is a wrong header too; so is a header with only an id.
    expect(err(parseNotificationCsv('2022-02-09,090-3141-5926\n')).code).toBe('CSV_HEADER');
    expect(err(parseNotificationCsv('id\n1\n')).code).toBe('CSV_HEADER');
  });

  it('reports an unterminated quote with the line where it opens', () => {
    const e = err(parseNotificationCsv('id,phone,birthdate\n1,090-3141-5926,1990-01-02\n2,"080-2718-2818,1990-01-03\n3,070-1414-2135,1990-01-04\n'));
    expect(e.code).toBe('CSV_QUOTING');
    expect(e.line).toBe(3);
    expect(e.messageJa).toContain('3行目');
    expect(e.messageEn).toContain('line 3');
  });

  it('reports text after a closing quote (malformed quoted field) with its line', () => {
    const e = err(parseNotificationCsv('id,phone\r\n1,090-3141-5926\r\n2,"080"2718,x\r\n'));
    expect(e.code).toBe('CSV_QUOTING');
    expect(e.line).toBe(3);
  });

  it('counts lines inside quoted cells when naming the line', () => {
    const e = err(parseNotificationCsv('id,note,phone\n1,"two\nlines",090-3141-5926\n2,"open,080\n'));
    expect(e.code).toBe('CSV_QUOTING');
    expect(e.line).toBe(4);
  });
});

describe('readNotificationCsv (row by row, as the CLI reads)', () => {
  it('hands out the same records as parseNotificationCsv, in file order, and the same count', () => {
    const text = 'id,phone,birthdate\r\n\r\n1,090-3141-5926,1990-01-02\r\n,\r\n2,"080-2718-2818",1979-03-14\r\n3\r\n';
    const seen: unknown[] = [];
    const r = readNotificationCsv(text, (rec) => seen.push(rec));
    const whole = ok(parseNotificationCsv(text));
    expect(r).toEqual({ ok: true, unknownHeaders: [], rowCount: 3 });
    expect(seen).toEqual(whole.records);
    expect(seen.map((x) => (x as { id?: string }).id)).toEqual(['1', '2', '3']);
  });

  it('reports a quoting error even when it comes after a header without known names', () => {
    const e = err(parseNotificationCsv('\nname,note\n山田,x\n2,"open\n'));
    expect(e.code).toBe('CSV_QUOTING');
    expect(e.line).toBe(4);
  });

  it('names the header line after blank rows (with a quoted line break) when the header is wrong', () => {
    const e = err(parseNotificationCsv('\n" \n "\nname,note\n山田,x\n'));
    expect(e.code).toBe('CSV_HEADER');
    expect(e.line).toBe(4);
  });

  it("passes the caller's own exception through instead of calling the file unreadable", () => {
    expect(() =>
      readNotificationCsv('id,phone\n1,090-3141-5926\n', () => {
        throw new RangeError('from the caller');
      }),
    ).toThrow(RangeError);
  });
});

describe('parseNotificationCsv: cells and rows', () => {
  it('keeps commas, quotes and newlines inside quoted cells', () => {
    const r = ok(parseNotificationCsv('id,diagnosis_method,phone\n1,"PCR検査, 抗原定量検査","090-3141-5926"\n2,"検査\n(再検)","say ""hi"""\n3,LAMP法,080-2718-2818\n'));
    expect(r.records.map((x) => x['diagnosis-method'])).toEqual(['PCR検査, 抗原定量検査', '検査\n(再検)', 'LAMP法']);
    expect(r.records[1]!.phone).toBe('say "hi"');
    expect(r.rowCount).toBe(3);
  });

  it('tolerates short rows (missing cells are blank) and long rows (extra cells ignored)', () => {
    const r = ok(parseNotificationCsv('id,phone,birthdate,sex\n1,090-3141-5926\n2,080-2718-2818,1990-01-02,女,extra,more\n3\n'));
    expect(r.records).toHaveLength(3);
    expect(r.records[0]).toMatchObject({ id: '1', phone: '090-3141-5926', birthdate: '', sex: '' });
    expect(r.records[1]).toMatchObject({ id: '2', sex: '女' });
    expect(r.records[2]).toMatchObject({ id: '3', phone: '' });
  });

  it('skips blank lines (also lines of empty cells) anywhere, and reads CRLF files', () => {
    const r = ok(parseNotificationCsv('id,phone\r\n\r\n1,090-3141-5926\r\n,\r\n  \r\n2,080-2718-2818\r\n\r\n'));
    expect(r.records.map((x) => [x.id, x.phone])).toEqual([
      ['1', '090-3141-5926'],
      ['2', '080-2718-2818'],
    ]);
  });

  it('reads quoted cells at the end of CRLF lines, and CRLF inside quoted cells', () => {
    const r = ok(parseNotificationCsv('id,phone,diagnosis_method\r\n1,"090-3141-5926","PCR\r\n検査"\r\n"2","080-2718-2818",LAMP法\r\n'));
    expect(r.records.map((x) => [x.id, x.phone, x['diagnosis-method']])).toEqual([
      ['1', '090-3141-5926', 'PCR\r\n検査'],
      ['2', '080-2718-2818', 'LAMP法'],
    ]);
  });

  it('reads old Mac (CR only) files and mixed line ends', () => {
    expect(ok(parseNotificationCsv('id,phone\r1,090-3141-5926\r2,080-2718-2818\r')).rowCount).toBe(2);
    expect(ok(parseNotificationCsv('id,phone\r\n1,090-3141-5926\n2,080-2718-2818\r\n')).records.map((x) => x.phone)).toEqual([
      '090-3141-5926',
      '080-2718-2818',
    ]);
  });

  it('trims only surrounding white space (ideographic space included)', () => {
    const r = ok(parseNotificationCsv('id , phone ,diagnosis_method\n 7 ,\u3000090 3141 5926\t, PCR 検査 \n'));
    expect(r.records[0]).toMatchObject({ id: '7', phone: '090 3141 5926', 'diagnosis-method': 'PCR 検査' });
    expect(r.unknownHeaders).toEqual([]);
  });

  it('trims exactly like String.prototype.trim, for any cell', () => {
    const spaces = fc.constantFrom(' ', '\t', '\u3000', '\u00a0', '\u2003', '\u200a', '\u2028', '\ufeff', '\u180e', '\u200b', '');
    const cellText = fc
      .tuple(spaces, fc.string({ unit: 'binary', maxLength: 12 }), spaces)
      .map(([a, s, b]) => a + s + b)
      .filter((s) => !/[",\r\n]/.test(s) && s.trim() !== '');
    fc.assert(
      fc.property(cellText, (s) => {
        const r = ok(parseNotificationCsv(`id,phone\n1,${s}\n`));
        expect(r.records[0]!.phone).toBe(s.trim());
      }),
      { numRuns: 10_000 },
    );
  });

  it('keeps a row whose only content is in an unknown column', () => {
    const r = ok(parseNotificationCsv('氏名,phone\n山田,\n'));
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.phone).toBe('');
  });

  it('strips a BOM left at the start of the text', () => {
    const r = ok(parseNotificationCsv('\uFEFFid,phone\n1,090-3141-5926\n'));
    expect(r.records[0]!.id).toBe('1');
  });

  it('reads tab-separated files', () => {
    const r = ok(parseNotificationCsv('id\tphone\tbirthdate\n1\t090-3141-5926\t1990-01-02\n'));
    expect(r.records[0]).toMatchObject({ id: '1', phone: '090-3141-5926', birthdate: '1990-01-02' });
  });
});

describe('parseCsvRows (the parser alone)', () => {
  it('returns the raw rows, header included, untrimmed', () => {
    const r = parseCsvRows('a,b\n 1 ,"x,y"\n');
    expect(r.data).toEqual([['a', 'b'], [' 1 ', 'x,y'], ['']]);
    expect(r.errors).toEqual([]);
  });
});

describe('the sample fixtures', () => {
  const en = readFileSync(fixture('sample-notifications.csv'), 'utf8');
  const ja = readFileSync(fixture('sample-notifications-ja.csv'), 'utf8');

  it('have every column of contract §3 plus id, all recognised', () => {
    const r = ok(parseNotificationCsv(en));
    expect(r.unknownHeaders).toEqual([]);
    expect(r.rowCount).toBeGreaterThanOrEqual(30);
    const header = en.split('\n')[0]!.split(',');
    expect(header.sort()).toEqual(['id', ...FIELD_IDS.map((f) => f.replace(/-/g, '_'))].sort());
  });

  it('English and Japanese headers give identical records', () => {
    const a = ok(parseNotificationCsv(en));
    const b = ok(parseNotificationCsv(ja));
    expect(b.unknownHeaders).toEqual([]);
    expect(b.records).toEqual(a.records);
  });

  it('the Japanese twin survives a round trip through Shift_JIS', () => {
    const sjis = iconv.encode(ja, 'cp932');
    const decoded = decodeCsvBytes(sjis);
    expect(decoded.encoding).toBe('shift_jis');
    expect(decoded.text).toBe(ja);
    expect(ok(parseNotificationCsv(decoded.text)).records).toEqual(ok(parseNotificationCsv(en)).records);
  });
});

describe('parseNotificationCsv never throws', () => {
  const wellFormed = (r: CsvParseResult) => {
    if (r.ok) {
      expect(Array.isArray(r.records)).toBe(true);
      expect(r.rowCount).toBe(r.records.length);
      expect(r.rowCount).toBeGreaterThan(0);
    } else {
      expect(['CSV_EMPTY', 'CSV_HEADER', 'CSV_QUOTING', 'CSV_NO_ROWS', 'CSV_UNREADABLE']).toContain(r.code);
      expect(r.messageJa.length).toBeGreaterThan(0);
      expect(r.messageEn.length).toBeGreaterThan(0);
      expect(r.messageEn).not.toMatch(/[\r\n]/);
    }
  };

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        wellFormed(parseNotificationCsv(text));
      }),
      { numRuns: 10_000 },
    );
  });

  it('on CSV-like strings (headers, quotes, separators, line ends)', () => {
    const piece = fc.constantFrom('"', ',', '\n', '\r\n', '\r', '\t', ' ', '\u3000', '\uFEFF', 'id', 'phone', '生年月日', '有', '090-3141-5926', 'x', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        wellFormed(parseNotificationCsv(parts.join('')));
      }),
      { numRuns: 10_000 },
    );
  });
});
