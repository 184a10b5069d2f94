import { describe, expect, it } from 'vitest';
import {
  ageOn,
  compareYM,
  compareYMD,
  dayNumber,
  formatISO,
  formatJapanese,
  formatWareki,
  formatWarekiShort,
  fromDayNumber,
  isLeapYear,
  isValidYMD,
  parseDate,
  parseISODate,
  parseYearMonth,
  toWareki,
  ymdFromDate,
  type DateFailure,
  type YMD,
} from '../../shared/dates';

const ymd = (y: number, m: number, d: number): YMD => ({ y, m, d });

function expectDate(input: string, y: number, m: number, d: number, era: string | null = null): void {
  expect(parseDate(input), input).toEqual({ ok: true, value: { y, m, d }, era });
}

function expectFailure(input: string | null | undefined, reason: DateFailure): void {
  expect(parseDate(input), String(input)).toEqual({ ok: false, reason });
}

describe('parseDate: Western forms', () => {
  it('reads 2022-02-09', () => expectDate('2022-02-09', 2022, 2, 9));
  it('reads 2022/2/9', () => expectDate('2022/2/9', 2022, 2, 9));
  it('reads 2022.2.9', () => expectDate('2022.2.9', 2022, 2, 9));
  it('reads 2022-2-9 and 2022/02/09 (one or two digits)', () => {
    expectDate('2022-2-9', 2022, 2, 9);
    expectDate('2022/02/09', 2022, 2, 9);
    expectDate('2022.12.31', 2022, 12, 31);
  });
  it('reads exactly 8 digits 20220209 as YYYYMMDD', () => expectDate('20220209', 2022, 2, 9));
  it('reads 2022年2月9日 and 2022年02月09日', () => {
    expectDate('2022年2月9日', 2022, 2, 9);
    expectDate('2022年02月09日', 2022, 2, 9);
  });
  it('reads 1979-03-14 without an era', () => expectDate('1979-03-14', 1979, 3, 14, null));
  it('reads the placeholder 0001-01-01 as a date so it can be flagged', () => expectDate('0001-01-01', 1, 1, 1));
  it('rejects mixed separators like 2022/2-9 as unparseable', () => expectFailure('2022/2-9', 'unparseable'));
  it('rejects 2-digit Western years like 79/3/14 as unparseable (ambiguous)', () => {
    expectFailure('79/3/14', 'unparseable');
    expectFailure('79年3月14日', 'unparseable');
    expectFailure('790314', 'unparseable');
  });
  it('rejects 5-digit years, 7 and 9 digit runs as unparseable', () => {
    expectFailure('12022-02-09', 'unparseable');
    expectFailure('2022029', 'unparseable');
    expectFailure('202202091', 'unparseable');
    expectFailure('2022-02-009', 'unparseable');
    expectFailure('2022-0209', 'unparseable');
  });
  it('rejects a year-month 2022-02 as unparseable for a full date', () => {
    expectFailure('2022-02', 'unparseable');
    expectFailure('202202', 'unparseable');
    expectFailure('2022年2月', 'unparseable');
  });
  it('rejects year 0000 as not a date', () => expectFailure('0000-01-01', 'not-a-date'));
});

describe('parseDate: era forms', () => {
  it('reads 令和4年2月9日', () => expectDate('令和4年2月9日', 2022, 2, 9, '令和'));
  it('reads 令和元年5月1日 (元年 = year 1)', () => expectDate('令和元年5月1日', 2019, 5, 1, '令和'));
  it('reads R4.2.9, R04.02.09, r4/2/9, R4-2-9 and R4年2月9日', () => {
    for (const s of ['R4.2.9', 'R04.02.09', 'r4/2/9', 'R4-2-9', 'R4年2月9日']) expectDate(s, 2022, 2, 9, '令和');
  });
  it('reads 平成3年7月28日 and H3.7.28', () => {
    expectDate('平成3年7月28日', 1991, 7, 28, '平成');
    expectDate('H3.7.28', 1991, 7, 28, '平成');
    expectDate('h3.7.28', 1991, 7, 28, '平成');
  });
  it('reads 昭和54年3月14日 and S54.3.14', () => {
    expectDate('昭和54年3月14日', 1979, 3, 14, '昭和');
    expectDate('S54.3.14', 1979, 3, 14, '昭和');
    expectDate('s54/3/14', 1979, 3, 14, '昭和');
  });
  it('reads 大正 and T', () => {
    expectDate('大正10年4月1日', 1921, 4, 1, '大正');
    expectDate('T10.4.1', 1921, 4, 1, '大正');
    expectDate('大正元年7月30日', 1912, 7, 30, '大正');
  });
  it('reads 明治 and M', () => {
    expectDate('明治45年1月1日', 1912, 1, 1, '明治');
    expectDate('M45.1.1', 1912, 1, 1, '明治');
    expectDate('明治元年10月23日', 1868, 10, 23, '明治');
  });
  it('reads 元年 with an era letter (R元.5.1)', () => expectDate('R元.5.1', 2019, 5, 1, '令和'));
  it('reads the era name with dotted parts (令和4.2.9)', () => expectDate('令和4.2.9', 2022, 2, 9, '令和'));
  it('rejects era year 0 as not a date', () => {
    expectFailure('令和0年5月1日', 'not-a-date');
    expectFailure('R0.5.1', 'not-a-date');
  });
  it('rejects an unknown era letter or name as unparseable', () => {
    expectFailure('X4.2.9', 'unparseable');
    expectFailure('慶応3年1月1日', 'unparseable');
    expectFailure('RR4.2.9', 'unparseable');
  });
  it('reads the square era signs ㍻ and ㋿', () => {
    expectDate('㍻3年7月28日', 1991, 7, 28, '平成');
    expectDate('㋿4年2月9日', 2022, 2, 9, '令和');
  });
});

describe('parseDate: era boundaries', () => {
  it('accepts 平成31年4月30日 as 2019-04-30', () => expectDate('平成31年4月30日', 2019, 4, 30, '平成'));
  it('rejects 平成31年5月1日 as outside its era', () => expectFailure('平成31年5月1日', 'outside-era'));
  it('rejects 令和元年4月30日 as outside its era', () => expectFailure('令和元年4月30日', 'outside-era'));
  it('accepts 令和元年5月1日', () => expectDate('令和元年5月1日', 2019, 5, 1, '令和'));
  it('accepts 昭和64年1月7日 and rejects 昭和64年1月8日', () => {
    expectDate('昭和64年1月7日', 1989, 1, 7, '昭和');
    expectFailure('昭和64年1月8日', 'outside-era');
  });
  it('rejects 昭和65年 dates as outside the era', () => expectFailure('昭和65年3月1日', 'outside-era'));
  it('accepts 平成元年1月8日 and rejects 平成元年1月7日', () => {
    expectDate('平成元年1月8日', 1989, 1, 8, '平成');
    expectFailure('平成元年1月7日', 'outside-era');
  });
  it('accepts 昭和元年12月25日 and 大正15年12月24日, rejects 昭和元年12月24日 and 大正15年12月25日', () => {
    expectDate('昭和元年12月25日', 1926, 12, 25, '昭和');
    expectDate('大正15年12月24日', 1926, 12, 24, '大正');
    expectFailure('昭和元年12月24日', 'outside-era');
    expectFailure('大正15年12月25日', 'outside-era');
  });
  it('accepts 明治45年7月29日 and 大正元年7月30日, rejects 明治45年7月30日', () => {
    expectDate('明治45年7月29日', 1912, 7, 29, '明治');
    expectDate('大正元年7月30日', 1912, 7, 30, '大正');
    expectFailure('明治45年7月30日', 'outside-era');
  });
  it('rejects 明治元年10月22日 (before the first era starts)', () => expectFailure('明治元年10月22日', 'outside-era'));
  it('checks the boundary with era letters too (H31.5.1, R1.4.30)', () => {
    expectFailure('H31.5.1', 'outside-era');
    expectFailure('R1.4.30', 'outside-era');
    expectDate('H31.4.30', 2019, 4, 30, '平成');
  });
  it('reports an impossible day before an era boundary (平成31年2月30日 is not a date)', () => expectFailure('平成31年2月30日', 'not-a-date'));
});

describe('parseDate: real calendar check', () => {
  it('rejects 2月30日 as not a date', () => {
    expectFailure('2022年2月30日', 'not-a-date');
    expectFailure('令和4年2月30日', 'not-a-date');
  });
  it('rejects 4月31日 as not a date', () => expectFailure('2022/4/31', 'not-a-date'));
  it('rejects month 0 and 13 and day 0 as not a date', () => {
    expectFailure('2022-00-10', 'not-a-date');
    expectFailure('2022-13-01', 'not-a-date');
    expectFailure('2022-01-00', 'not-a-date');
    expectFailure('20221301', 'not-a-date');
    expectFailure('R4.13.1', 'not-a-date');
    expectFailure('2022-01-32', 'not-a-date');
  });
  it('accepts 29 February in leap years 2024 and 2000', () => {
    expectDate('2024-02-29', 2024, 2, 29);
    expectDate('2000年2月29日', 2000, 2, 29);
    expectDate('令和6年2月29日', 2024, 2, 29, '令和');
  });
  it('rejects 29 February in common years 2023 and 1900', () => {
    expectFailure('2023-02-29', 'not-a-date');
    expectFailure('1900/2/29', 'not-a-date');
    expectFailure('明治33年2月29日', 'not-a-date');
  });
});

describe('parseDate: width, spaces and decorations', () => {
  it('reads full-width ２０２２年２月９日', () => expectDate('２０２２年２月９日', 2022, 2, 9));
  it('reads full-width Ｒ４．２．９ and ｒ４／２／９', () => {
    expectDate('Ｒ４．２．９', 2022, 2, 9, '令和');
    expectDate('ｒ４／２／９', 2022, 2, 9, '令和');
  });
  it('reads full-width dashes ２０２２－０２－０９ and ２０２２ー０２ー０９', () => {
    expectDate('２０２２－０２－０９', 2022, 2, 9);
    expectDate('２０２２ー０２ー０９', 2022, 2, 9);
    expectDate('2022‐02‐09', 2022, 2, 9);
  });
  it('tolerates spaces around and between parts', () => {
    expectDate('  2022-02-09  ', 2022, 2, 9);
    expectDate('2022年 2月 9日', 2022, 2, 9);
    expectDate('令和 4年 2月 9日', 2022, 2, 9, '令和');
    expectDate('R 4. 2. 9', 2022, 2, 9, '令和');
    expectDate('2022 / 2 / 9', 2022, 2, 9);
    expectDate('\u3000令和４年２月９日\u3000', 2022, 2, 9, '令和');
    expectDate('\t2022-02-09\n', 2022, 2, 9);
  });
  it('does not treat a space between digits as a separator', () => {
    expectFailure('2022 2 9', 'unparseable');
    expectFailure('2022/2/9 10:30', 'unparseable');
    expectFailure('2022-0 2-09', 'unparseable');
  });
  it('ignores a trailing day of week (水) or （水）', () => {
    expectDate('2022年2月9日(水)', 2022, 2, 9);
    expectDate('2022年2月9日（水）', 2022, 2, 9);
    expectDate('2022/2/9 (水曜日)', 2022, 2, 9);
    expectDate('R4.2.9(Wed)', 2022, 2, 9, '令和');
  });
  it('ignores a trailing 生 or 生まれ', () => {
    expectDate('昭和54年3月14日生', 1979, 3, 14, '昭和');
    expectDate('1979年3月14日生まれ', 1979, 3, 14);
    expectDate('S54.3.14 生', 1979, 3, 14, '昭和');
  });
  it('rejects a decoration on its own as unparseable', () => {
    expectFailure('(水)', 'unparseable');
    expectFailure('生まれ', 'unparseable');
  });
});

describe('parseDate: blank and garbage', () => {
  it('reports null, undefined, blank and white space as empty', () => {
    expectFailure(null, 'empty');
    expectFailure(undefined, 'empty');
    expectFailure('', 'empty');
    expectFailure('   ', 'empty');
    expectFailure('\u3000\t', 'empty');
  });
  it('reports 未 and its variants as empty', () => {
    for (const s of ['未', '未入力', '未回答', '未記入', '未選択', ' 未 ']) expectFailure(s, 'empty');
  });
  it('reports garbage as unparseable', () => {
    for (const s of ['abc', 'empty', 'not-a-date', '2022', '2022-02-09T00:00', '令和', 'R4', '不明', '昭和54年', '2022年2月9', '０', '...', '\u0000']) {
      expectFailure(s, 'unparseable');
    }
  });
  it('never throws on non-string values', () => {
    const weird: unknown[] = [42, 20220209, {}, [], Symbol('x'), { toString() { throw new Error('boom'); } }, Object.create(null)];
    for (const w of weird) {
      expect(() => parseDate(w as string)).not.toThrow();
      expect(() => parseYearMonth(w as string)).not.toThrow();
    }
    expect(parseDate(20220209 as unknown as string)).toEqual({ ok: true, value: { y: 2022, m: 2, d: 9 }, era: null });
  });
});

describe('parseYearMonth', () => {
  function expectYM(input: string, y: number, m: number, day: number | null = null): void {
    expect(parseYearMonth(input), input).toEqual({ ok: true, value: { y, m }, day });
  }
  function expectYMFailure(input: string | null | undefined, reason: DateFailure): void {
    expect(parseYearMonth(input), String(input)).toEqual({ ok: false, reason });
  }
  it('reads 2021-09, 2021/9, 2021.9 and 202109', () => {
    for (const s of ['2021-09', '2021/9', '2021.9', '202109']) expectYM(s, 2021, 9);
  });
  it('reads 2021年9月 and ２０２１年９月', () => {
    expectYM('2021年9月', 2021, 9);
    expectYM('２０２１年９月', 2021, 9);
  });
  it('reads 令和3年9月, R3.9, R3/9, R03.09 and Ｒ３．９', () => {
    for (const s of ['令和3年9月', 'R3.9', 'R3/9', 'R03.09', 'r3-9', 'Ｒ３．９', 'R3年9月']) expectYM(s, 2021, 9);
  });
  it('reads every full-date form and sets the day', () => {
    expectYM('2021-09-15', 2021, 9, 15);
    expectYM('20210915', 2021, 9, 15);
    expectYM('2021年9月15日', 2021, 9, 15);
    expectYM('令和3年9月15日', 2021, 9, 15);
    expectYM('R3.9.15', 2021, 9, 15);
    expectYM('2021/9/15(水)', 2021, 9, 15);
  });
  it('rejects 令和元年4月 and accepts 令和元年5月', () => {
    expectYMFailure('令和元年4月', 'outside-era');
    expectYM('令和元年5月', 2019, 5);
  });
  it('accepts 平成31年4月 and rejects 平成31年5月 as outside its era', () => {
    expectYM('平成31年4月', 2019, 4);
    expectYMFailure('平成31年5月', 'outside-era');
    expectYMFailure('H31.5', 'outside-era');
  });
  it('accepts the shared month of two eras on both sides (昭和64年1月, 平成元年1月)', () => {
    expectYM('昭和64年1月', 1989, 1);
    expectYM('平成元年1月', 1989, 1);
    expectYMFailure('昭和64年2月', 'outside-era');
  });
  it('rejects month 0 and 13 as not a date', () => {
    expectYMFailure('2021-13', 'not-a-date');
    expectYMFailure('2021年0月', 'not-a-date');
    expectYMFailure('R3.13', 'not-a-date');
    expectYMFailure('R0.5', 'not-a-date');
  });
  it('passes full-date failures through (2月30日 is not a date, 令和元年4月30日 is outside the era)', () => {
    expectYMFailure('2021-02-30', 'not-a-date');
    expectYMFailure('令和元年4月30日', 'outside-era');
  });
  it('reports blank and 未 as empty, garbage and 2-digit years as unparseable', () => {
    expectYMFailure('', 'empty');
    expectYMFailure(null, 'empty');
    expectYMFailure('未', 'empty');
    expectYMFailure('abc', 'unparseable');
    expectYMFailure('21/9', 'unparseable');
    expectYMFailure('2021', 'unparseable');
    expectYMFailure('2021-9-', 'unparseable');
  });
});

describe('calendar helpers', () => {
  it('knows leap years', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });
  it('validates real dates with year 1..9999', () => {
    expect(isValidYMD(2024, 2, 29)).toBe(true);
    expect(isValidYMD(2023, 2, 29)).toBe(false);
    expect(isValidYMD(2022, 4, 31)).toBe(false);
    expect(isValidYMD(0, 1, 1)).toBe(false);
    expect(isValidYMD(1, 1, 1)).toBe(true);
    expect(isValidYMD(9999, 12, 31)).toBe(true);
    expect(isValidYMD(10000, 1, 1)).toBe(false);
    expect(isValidYMD(2022, 1.5, 1)).toBe(false);
    expect(isValidYMD(Number.NaN, 1, 1)).toBe(false);
  });
  it('compares dates and year-months', () => {
    expect(compareYMD(ymd(2022, 2, 9), ymd(2022, 2, 10))).toBeLessThan(0);
    expect(compareYMD(ymd(2022, 2, 9), ymd(2022, 2, 9))).toBe(0);
    expect(compareYMD(ymd(2023, 1, 1), ymd(2022, 12, 31))).toBeGreaterThan(0);
    expect(compareYM({ y: 2021, m: 9 }, { y: 2021, m: 10 })).toBeLessThan(0);
    expect(compareYM({ y: 2021, m: 9 }, { y: 2021, m: 9 })).toBe(0);
    expect(compareYM({ y: 2022, m: 1 }, { y: 2021, m: 12 })).toBeGreaterThan(0);
  });
  it('counts days since 1970-01-01 like Date.UTC does', () => {
    expect(dayNumber(ymd(1970, 1, 1))).toBe(0);
    expect(dayNumber(ymd(1969, 12, 31))).toBe(-1);
    expect(dayNumber(ymd(2022, 2, 9))).toBe(Date.UTC(2022, 1, 9) / 86_400_000);
    expect(dayNumber(ymd(1868, 10, 23))).toBe(Date.UTC(1868, 9, 23) / 86_400_000);
    expect(dayNumber(ymd(2024, 3, 1)) - dayNumber(ymd(2024, 2, 28))).toBe(2);
    expect(fromDayNumber(dayNumber(ymd(2000, 2, 29)))).toEqual(ymd(2000, 2, 29));
    expect(fromDayNumber(0)).toEqual(ymd(1970, 1, 1));
    expect(fromDayNumber(dayNumber(ymd(1, 1, 1)))).toEqual(ymd(1, 1, 1));
  });
  it('reads the local calendar date of a JS Date', () => {
    expect(ymdFromDate(new Date(2022, 1, 9, 23, 59))).toEqual(ymd(2022, 2, 9));
    expect(ymdFromDate(new Date(2024, 1, 29, 0, 0))).toEqual(ymd(2024, 2, 29));
  });
});

describe('ageOn', () => {
  const birth = ymd(1979, 3, 14);
  it('does not count the year on the day before the birthday', () => expect(ageOn(birth, ymd(2022, 3, 13))).toBe(42));
  it('counts the year on the birthday', () => expect(ageOn(birth, ymd(2022, 3, 14))).toBe(43));
  it('keeps the year on the day after the birthday', () => expect(ageOn(birth, ymd(2022, 3, 15))).toBe(43));
  it('is 0 on the day of birth', () => expect(ageOn(birth, birth)).toBe(0));
  it('is negative before the birth', () => expect(ageOn(birth, ymd(1979, 3, 13))).toBe(-1));
  const leapling = ymd(2000, 2, 29);
  it('has a 29 February birthday not yet counted on 28 February of a common year', () => expect(ageOn(leapling, ymd(2023, 2, 28))).toBe(22));
  it('counts a 29 February birthday from 1 March in a common year', () => expect(ageOn(leapling, ymd(2023, 3, 1))).toBe(23));
  it('counts a 29 February birthday on 29 February of a leap year', () => {
    expect(ageOn(leapling, ymd(2024, 2, 28))).toBe(23);
    expect(ageOn(leapling, ymd(2024, 2, 29))).toBe(24);
  });
});

describe('formatting and 和暦', () => {
  it('formats ISO and Japanese', () => {
    expect(formatISO(ymd(2022, 2, 9))).toBe('2022-02-09');
    expect(formatISO(ymd(1, 1, 1))).toBe('0001-01-01');
    expect(formatJapanese(ymd(2022, 2, 9))).toBe('2022年2月9日');
  });
  it('converts to the era on both sides of each boundary', () => {
    expect(toWareki(ymd(2022, 2, 9))).toEqual({ era: '令和', letter: 'R', year: 4 });
    expect(toWareki(ymd(2019, 4, 30))).toEqual({ era: '平成', letter: 'H', year: 31 });
    expect(toWareki(ymd(2019, 5, 1))).toEqual({ era: '令和', letter: 'R', year: 1 });
    expect(toWareki(ymd(1989, 1, 7))).toEqual({ era: '昭和', letter: 'S', year: 64 });
    expect(toWareki(ymd(1989, 1, 8))).toEqual({ era: '平成', letter: 'H', year: 1 });
    expect(toWareki(ymd(1926, 12, 24))).toEqual({ era: '大正', letter: 'T', year: 15 });
    expect(toWareki(ymd(1926, 12, 25))).toEqual({ era: '昭和', letter: 'S', year: 1 });
    expect(toWareki(ymd(1912, 7, 29))).toEqual({ era: '明治', letter: 'M', year: 45 });
    expect(toWareki(ymd(1912, 7, 30))).toEqual({ era: '大正', letter: 'T', year: 1 });
    expect(toWareki(ymd(1868, 10, 23))).toEqual({ era: '明治', letter: 'M', year: 1 });
  });
  it('has no era before 1868-10-23', () => {
    expect(toWareki(ymd(1868, 10, 22))).toBeNull();
    expect(formatWareki(ymd(1800, 1, 1))).toBeNull();
    expect(formatWarekiShort(ymd(1800, 1, 1))).toBeNull();
  });
  it('formats 令和4年2月9日 and R4.2.9', () => {
    expect(formatWareki(ymd(2022, 2, 9))).toBe('令和4年2月9日');
    expect(formatWarekiShort(ymd(2022, 2, 9))).toBe('R4.2.9');
    expect(formatWareki(ymd(1979, 3, 14))).toBe('昭和54年3月14日');
    expect(formatWarekiShort(ymd(1979, 3, 14))).toBe('S54.3.14');
  });
  it('writes era year 1 as 元年', () => {
    expect(formatWareki(ymd(2019, 5, 1))).toBe('令和元年5月1日');
    expect(formatWareki(ymd(1989, 1, 8))).toBe('平成元年1月8日');
    expect(formatWarekiShort(ymd(2019, 5, 1))).toBe('R1.5.1');
  });
});

describe('parseISODate', () => {
  it('reads strict YYYY-MM-DD', () => {
    expect(parseISODate('2022-02-09')).toEqual(ymd(2022, 2, 9));
    expect(parseISODate('2024-02-29')).toEqual(ymd(2024, 2, 29));
  });
  it('rejects every other form', () => {
    for (const s of ['2022-2-9', '2022/02/09', '20220209', ' 2022-02-09', '2022-02-09 ', '２０２２-０２-０９', 'R4.2.9', '2022-02-09T00:00', '', '22-02-09']) {
      expect(parseISODate(s), s).toBeNull();
    }
  });
  it('rejects dates that do not exist', () => {
    expect(parseISODate('2023-02-29')).toBeNull();
    expect(parseISODate('2022-13-01')).toBeNull();
    expect(parseISODate('2022-04-31')).toBeNull();
    expect(parseISODate('0000-01-01')).toBeNull();
  });
  it('returns null for a non-string', () => expect(parseISODate(undefined as unknown as string)).toBeNull());
});
