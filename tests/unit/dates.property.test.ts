import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  compareYMD,
  dayNumber,
  formatISO,
  formatJapanese,
  formatWareki,
  formatWarekiShort,
  fromDayNumber,
  isValidYMD,
  parseDate,
  parseYearMonth,
  type YMD,
} from '../../shared/dates';

const MEIJI_START = dayNumber({ y: 1868, m: 10, d: 23 });
const END_2100 = dayNumber({ y: 2100, m: 12, d: 31 });

/** Any real date 1868-10-23 .. 2100-12-31. */
const eraDate = fc.integer({ min: MEIJI_START, max: END_2100 }).map(fromDayNumber);
/** Any real date in years 1..9999. */
const anyDate = fc.integer({ min: dayNumber({ y: 1, m: 1, d: 1 }), max: dayNumber({ y: 9999, m: 12, d: 31 }) }).map(fromDayNumber);

/** Characters dates are made of, so the parsers' deeper paths get exercised too. */
const dateish = fc.string({
  unit: fc.constantFrom(
    ...'0123456789０１２３４５６７８９-/.．／－ー 　年月日元生まれ()（）水曜RHSTMrhs令和平成昭和大正明治未'.split(''),
  ),
  maxLength: 16,
});

function expectTotal(value: unknown): void {
  expect(value).toBeTypeOf('object');
  expect(value).not.toBeNull();
  const r = value as { ok: boolean; reason?: string };
  if (!r.ok) expect(['empty', 'unparseable', 'not-a-date', 'outside-era']).toContain(r.reason);
}

function expectRealDate(value: ReturnType<typeof parseDate>): void {
  if (value.ok) expect(isValidYMD(value.value.y, value.value.m, value.value.d)).toBe(true);
}

describe('parsers are total', () => {
  it('parseDate never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => { const r = parseDate(s); expectTotal(r); expectRealDate(r); }), { numRuns: 10000 });
  });
  it('parseDate never throws on arbitrary Unicode (graphemes and raw code points)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expectTotal(parseDate(s));
    }), { numRuns: 10000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expectTotal(parseDate(s));
    }), { numRuns: 10000 });
  });
  it('parseYearMonth never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expectTotal(parseYearMonth(s));
    }), { numRuns: 10000 });
  });
  it('parseYearMonth never throws on arbitrary Unicode (graphemes and raw code points)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expectTotal(parseYearMonth(s));
    }), { numRuns: 10000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expectTotal(parseYearMonth(s));
    }), { numRuns: 10000 });
  });
  it('date-like strings either parse to a real date or fail with a reason', () => {
    fc.assert(
      fc.property(dateish, (s) => {
        const d = parseDate(s);
        expectTotal(d);
        expectRealDate(d);
        const ym = parseYearMonth(s);
        expectTotal(ym);
        if (d.ok) expect(ym).toEqual({ ok: true, value: { y: d.value.y, m: d.value.m }, day: d.value.d });
        if (ym.ok) {
          expect(ym.value.m).toBeGreaterThanOrEqual(1);
          expect(ym.value.m).toBeLessThanOrEqual(12);
        }
      }),
      { numRuns: 10000 },
    );
  });
});

describe('formatting round-trips through parseDate', () => {
  it('parseDate(formatISO(d)), formatJapanese, formatWareki and formatWarekiShort give d back (1868-10-23..2100-12-31)', () => {
    fc.assert(
      fc.property(eraDate, (d) => {
        for (const text of [formatISO(d), formatJapanese(d), formatWareki(d), formatWarekiShort(d)]) {
          expect(text).not.toBeNull();
          const r = parseDate(text);
          expect(r.ok, String(text)).toBe(true);
          if (r.ok) expect(r.value).toEqual(d);
        }
      }),
      { numRuns: 10000 },
    );
  });
  it('era forms name the era they were written in', () => {
    fc.assert(
      fc.property(eraDate, (d) => {
        const r = parseDate(formatWareki(d));
        expect(r.ok && r.era).toBe(formatWareki(d)!.slice(0, 2));
      }),
      { numRuns: 2000 },
    );
  });
  it('formatISO round-trips for every year 1..9999', () => {
    fc.assert(fc.property(anyDate, (d) => {
      expect(parseDate(formatISO(d))).toEqual({ ok: true, value: d, era: null });
    }), { numRuns: 5000 });
  });
  it('parseYearMonth reads the year-month of a formatted date', () => {
    fc.assert(
      fc.property(eraDate, (d) => {
        const iso = formatISO(d).slice(0, 7);
        expect(parseYearMonth(iso)).toEqual({ ok: true, value: { y: d.y, m: d.m }, day: null });
        const wareki = formatWareki(d)!.replace(/\d+日$/, '');
        expect(parseYearMonth(wareki)).toEqual({ ok: true, value: { y: d.y, m: d.m }, day: null });
      }),
      { numRuns: 5000 },
    );
  });
});

describe('day numbers', () => {
  it('fromDayNumber inverts dayNumber and consecutive numbers are consecutive days', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), (n) => {
        const d = fromDayNumber(n);
        expect(isValidYMD(d.y, d.m, d.d)).toBe(true);
        expect(dayNumber(d)).toBe(n);
        expect(compareYMD(d, fromDayNumber(n + 1))).toBeLessThan(0);
      }),
      { numRuns: 10000 },
    );
  });
});

describe('ageOn', () => {
  const birthAndLater = fc
    .tuple(fc.integer({ min: MEIJI_START, max: END_2100 }), fc.integer({ min: 0, max: 130 * 366 }))
    .map(([b, gap]): [YMD, YMD] => [fromDayNumber(b), fromDayNumber(b + gap)]);

  it('is never negative when on ≥ birth', () => {
    fc.assert(fc.property(birthAndLater, ([birth, on]) => {
      expect(ageOn(birth, on)).toBeGreaterThanOrEqual(0);
    }), { numRuns: 10000 });
  });

  it('goes up by exactly 1 across each birthday and stays put on other days', () => {
    fc.assert(
      fc.property(birthAndLater, ([birth, on]) => {
        const next = fromDayNumber(dayNumber(on) + 1);
        const step = ageOn(birth, next) - ageOn(birth, on);
        // The birthday is the same month/day, or 1 March for a 29 February birth in a common year.
        const isBirthday =
          (next.m === birth.m && next.d === birth.d) ||
          (birth.m === 2 && birth.d === 29 && next.m === 3 && next.d === 1 && !(on.m === 2 && on.d === 29));
        expect(step).toBe(isBirthday ? 1 : 0);
      }),
      { numRuns: 10000 },
    );
  });

  it('equals the number of birthdays passed', () => {
    fc.assert(
      fc.property(birthAndLater, ([birth, on]) => {
        const age = ageOn(birth, on);
        // A year after `age` birthdays the person is `age`; one more would be in the future.
        const yearsOn = (n: number): YMD => {
          const y = birth.y + n;
          return birth.m === 2 && birth.d === 29 && !isValidYMD(y, 2, 29) ? { y, m: 3, d: 1 } : { y, m: birth.m, d: birth.d };
        };
        expect(compareYMD(yearsOn(age), on)).toBeLessThanOrEqual(0);
        expect(compareYMD(yearsOn(age + 1), on)).toBeGreaterThan(0);
      }),
      { numRuns: 10000 },
    );
  });
});
