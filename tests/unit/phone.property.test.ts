import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { analyzePhone, formatPhone, normalizePhoneDigits, sharedPhoneGroups, splitPhoneList, type PhoneKind } from '../../shared/phone';

const RUNS = { numRuns: 10000 };

/** Characters phone fields are made of, so the deeper paths (labels, extensions, lists) get exercised. */
const phoneish = fc.string({
  unit: fc.constantFrom(
    ...'0123456789０１２３４５６７８９-－ー−‐() （）+＋ 　./／,、;・\nxX#内線extTEL携帯(本人)または'.split(''),
    '内線',
    'ext.',
    'または',
    '+81',
    '(0)',
  ),
  maxLength: 24,
});

const FULL_WIDTH = (s: string): string => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * A mobile number: 070/080/090 + 8 digits, not all the same. The first of the 8 digits is 1–9:
 * libphonenumber's JP metadata (`[6-9]0[1-9]\d{7}`) has no 0A0-0… mobiles.
 */
const mobile = fc
  .tuple(fc.constantFrom('070', '080', '090'), fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }))
  .map(([prefix, first, rest]) => `${prefix}${first}${rest.join('')}`)
  .filter((d) => !/^0[789]0(\d)\1{7}$/.test(d));

describe('totality', () => {
  it('analyzePhone and normalizePhoneDigits never throw on arbitrary strings, including full unicode', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), phoneish), (s) => {
        const info = analyzePhone(s);
        expect(['empty', 'mobile', 'landline', 'ip', 'toll-free', 'navi-dial', 'pager', 'short-code', 'invalid']).toContain(info.kind);
        expect(info.code === null || ['PHONE_PLACEHOLDER', 'PHONE_INVALID', 'PHONE_NOT_MOBILE'].includes(info.code)).toBe(true);
        const digits = normalizePhoneDigits(s);
        expect(digits).toBe(info.digits);
        if (digits !== null) expect(digits).toMatch(/^\+?\d+$/);
        expect(Array.isArray(splitPhoneList(s))).toBe(true);
        formatPhone(s);
      }),
      RUNS,
    );
  });

  it('never throws on non-string input either', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        analyzePhone(v as string);
        normalizePhoneDigits(v as string);
        splitPhoneList(v as string);
        sharedPhoneGroups([v as string, v as string]);
      }),
      RUNS,
    );
  });

  it('codes follow kinds: placeholder first, then invalid, then not-mobile', () => {
    fc.assert(
      fc.property(phoneish, (s) => {
        const info = analyzePhone(s);
        if (info.kind === 'empty') expect(info.code).toBeNull();
        else if (info.placeholder) expect(info.code).toBe('PHONE_PLACEHOLDER');
        else if (info.kind === 'invalid') expect(info.code).toBe('PHONE_INVALID');
        else if (info.kind === 'mobile') expect(info.code).toBeNull();
        else expect(info.code).toBe('PHONE_NOT_MOBILE');
        expect(info.formatted === null).toBe(info.kind === 'invalid' || info.kind === 'empty');
      }),
      RUNS,
    );
  });
});

describe('generated mobile numbers', () => {
  it('analyzePhone(formatted).digits is the digits, and the number is a good mobile', () => {
    fc.assert(
      fc.property(mobile, (d) => {
        const info = analyzePhone(d);
        expect(info.kind).toBe('mobile');
        expect(info.code).toBeNull();
        expect(info.formatted).toBe(`${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`);
        expect(analyzePhone(info.formatted).digits).toBe(d);
      }),
      RUNS,
    );
  });

  it('full-width, +81 and bracket spellings give the same digits', () => {
    fc.assert(
      fc.property(mobile, (d) => {
        const [a, b, c] = [d.slice(0, 3), d.slice(3, 7), d.slice(7)];
        const spellings = [
          FULL_WIDTH(`${a}-${b}-${c}`),
          FULL_WIDTH(`${a}（${b}）${c}`),
          `${a}(${b})${c}`,
          `${a} ${b} ${c}`,
          `+81 ${a.slice(1)} ${b} ${c}`,
          `+81-${a.slice(1)}-${b}-${c}`,
          `+81(0)${a.slice(1)}-${b}-${c}`,
          `${a}ー${b}ー${c}`,
          `${a}−${b}−${c}`,
        ];
        for (const s of spellings) expect(analyzePhone(s).digits, s).toBe(d);
      }),
      RUNS,
    );
  });

  it('formatted → analyze → formatted is stable', () => {
    fc.assert(
      fc.property(fc.oneof(mobile, phoneish), (s) => {
        const first = analyzePhone(s);
        if (first.formatted === null) return;
        const again = analyzePhone(first.formatted);
        expect(again.formatted).toBe(first.formatted);
        expect(again.digits).toBe(first.digits);
        expect(again.kind).toBe(first.kind);
      }),
      RUNS,
    );
  });
});

describe('agreement with libphonenumber-js', () => {
  const TYPE_KIND: Record<string, PhoneKind> = {
    MOBILE: 'mobile',
    FIXED_LINE: 'landline',
    VOIP: 'ip',
    TOLL_FREE: 'toll-free',
    UAN: 'navi-dial',
    PREMIUM_RATE: 'navi-dial',
    PAGER: 'pager',
    PERSONAL_NUMBER: 'invalid',
  };
  /** 0 + a leading digit 1–9 + 7–10 more digits: all national lengths JP has. */
  const randomNational = fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 10 }))
    .map(([first, rest]) => `0${first}${rest.join('')}`);
  /** Known prefixes of every kind, filled up to 10 or 11 digits. */
  const prefixed = fc
    .tuple(
      fc.constantFrom('0120', '0800', '0570', '0990', '050', '020', '060', '070', '080', '090', '03', '06', '045', '0466', '01267', '011', '0166', '0997', '04992'),
      fc.constantFrom(10, 11),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }),
    )
    .map(([prefix, len, rest]) => (prefix + rest.join('')).slice(0, len));
  const national = fc.oneof(randomNational, prefixed);

  it('the precompiled metadata gives the same kind and national format as parsePhoneNumber', () => {
    fc.assert(
      fc.property(national, (d) => {
        const pn = parsePhoneNumberFromString(d, 'JP');
        const valid = !!pn && pn.country === 'JP' && pn.isValid();
        const kind = valid ? TYPE_KIND[pn.getType() ?? ''] ?? 'invalid' : 'invalid';
        const info = analyzePhone(d);
        expect(info.kind).toBe(kind);
        if (kind !== 'invalid') expect(info.formatted).toBe(pn!.formatNational());
      }),
      RUNS,
    );
  });

  /** Numbers written with `00` first: the national prefix is read as the parser reads it (`0`, the 003768 carrier prefix, `000[2569]…` kept whole). */
  const zeroZero = fc
    .tuple(
      fc.constantFrom('00', '000', '0002', '0005', '0006', '0009', '0001', '0037', '003768', '0037680', '0066', '00777', '00882', '0070', '00120', '0060'),
      fc.integer({ min: 3, max: 20 }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 20, maxLength: 20 }),
    )
    .map(([prefix, len, rest]) => (prefix + rest.join('')).slice(0, Math.max(len, prefix.length)));

  it('numbers starting 00 (carrier toll-free, 000x) get the same kind and national format as parsePhoneNumber', () => {
    fc.assert(
      fc.property(zeroZero, (d) => {
        const pn = parsePhoneNumberFromString(d, 'JP');
        const valid = !!pn && pn.country === 'JP' && pn.isValid();
        const kind = valid ? TYPE_KIND[pn.getType() ?? ''] ?? 'invalid' : 'invalid';
        const info = analyzePhone(d);
        expect(info.kind).toBe(kind);
        expect(info.formatted).toBe(kind === 'invalid' ? null : pn!.formatNational());
      }),
      RUNS,
    );
  });
});
