import { msg, PHONE_KIND_KEY } from '../../shared/i18n';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyzePhone,
  formatPhone,
  isPlaceholderDigits,
  normalizePhoneDigits,
  PHONE_060_SUPPLEMENT_ACTIVE,
  sharedPhoneGroups,
  splitPhoneList,
  type PhoneKind,
} from '../../shared/phone';

describe('input forms', () => {
  const forms = [
    '090-1234-5678',
    '09012345678',
    '０９０（１２３４）５６７８',
    '０９０－１２３４－５６７８',
    '090(1234)5678',
    '090 1234 5678',
    '090.1234.5678',
    ' 090-1234-5678 ',
    '+81 90 1234 5678',
    '+81-90-1234-5678',
    '+81(0)90-1234-5678',
    '+81 (0) 90 1234 5678',
    '+819012345678',
    '＋８１ ９０ １２３４ ５６７８',
    '090ー1234ー5678',
    '090−1234−5678',
    '090‐1234‐5678',
    '090―1234―5678',
    '090–1234–5678',
    '090‑1234‑5678',
    '090－1234－5678',
    '090　1234　5678',
  ];
  it.each(forms)('%j gives the digits 09012345678 and a mobile', (input) => {
    const info = analyzePhone(input);
    expect(info.digits).toBe('09012345678');
    expect(info.kind).toBe('mobile');
    expect(info.formatted).toBe('090-1234-5678');
    expect(info.code).toBeNull();
    expect(normalizePhoneDigits(input)).toBe('09012345678');
  });

  it.each(['03-1234-5678 内線 123', '03-1234-5678 ext. 12', '03-1234-5678 ext 12', '03-1234-5678（内線１２）', '03-1234-5678 x12', '０３－１２３４－５６７８　内線１２３'])(
    'ignores the extension in %j',
    (input) => {
      const info = analyzePhone(input);
      expect(info.digits).toBe('0312345678');
      expect(info.kind).toBe('landline');
      expect(info.formatted).toBe('03-1234-5678');
    },
  );

  it('ignores a leading label and a trailing note in brackets', () => {
    expect(analyzePhone('TEL: 090-1234-5678').digits).toBe('09012345678');
    expect(analyzePhone('携帯：090-1234-5678').digits).toBe('09012345678');
    expect(analyzePhone('℡ 03-1234-5678').digits).toBe('0312345678');
    expect(analyzePhone('090-1234-5678（本人）').digits).toBe('09012345678');
    expect(analyzePhone('090-1234-5678 (mother)').kind).toBe('mobile');
  });
});

describe('kinds (libphonenumber-js max metadata for JP)', () => {
  const cases: Array<[string, PhoneKind, string]> = [
    ['060-1234-5678', 'mobile', '060-1234-5678'],
    ['070-1234-5678', 'mobile', '070-1234-5678'],
    ['080-1234-5678', 'mobile', '080-1234-5678'],
    ['090-3141-5926', 'mobile', '090-3141-5926'],
    ['03-1234-5678', 'landline', '03-1234-5678'],
    ['06-6123-4567', 'landline', '06-6123-4567'],
    ['0466-12-3456', 'landline', '0466-12-3456'],
    ['045-123-4567', 'landline', '045-123-4567'],
    ['01267-2-3456', 'landline', '01267-2-3456'],
    ['050-1234-5678', 'ip', '050-1234-5678'],
    ['0120-123-456', 'toll-free', '0120-123-456'],
    ['0800-123-4567', 'toll-free', '0800-123-4567'],
    ['0570-012-345', 'navi-dial', '0570-012-345'],
    ['020-1234-5678', 'pager', '020-1234-5678'],
    ['110', 'short-code', '110'],
    ['119', 'short-code', '119'],
    ['117', 'short-code', '117'],
    ['177', 'short-code', '177'],
    ['104', 'short-code', '104'],
    ['171', 'short-code', '171'],
  ];
  it.each(cases)('%s is %s, formatted %s', (input, kind, formatted) => {
    const info = analyzePhone(input);
    expect(info.kind).toBe(kind);
    expect(info.formatted).toBe(formatted);
  });

  it('060 with 11 digits is a mobile in the bundled metadata itself, so no supplement is active', () => {
    expect(parsePhoneNumberFromString('06012345678', 'JP')?.getType()).toBe('MOBILE');
    expect(PHONE_060_SUPPLEMENT_ACTIVE).toBe(false);
    expect(analyzePhone('060-9876-5432').code).toBeNull();
  });

  it('020 with 11 digits is PAGER in the metadata: pager kind, not-mobile warning', () => {
    expect(parsePhoneNumberFromString('02012345678', 'JP')?.getType()).toBe('PAGER');
    expect(analyzePhone('020-1234-5678').code).toBe('PHONE_NOT_MOBILE');
  });

  it('a mobile has no code; landline, 050 and 020 numbers get PHONE_NOT_MOBILE', () => {
    expect(analyzePhone('080-2718-2818').code).toBeNull();
    for (const n of ['03-1234-5678', '06-6123-4567', '0466-12-3456', '050-1234-5678', '020-1234-5678']) {
      expect(analyzePhone(n).code, n).toBe('PHONE_NOT_MOBILE');
      expect(analyzePhone(n).placeholder, n).toBe(false);
    }
  });

  it('060 with 10 digits (PERSONAL_NUMBER, closed UPT service) is invalid', () => {
    expect(parsePhoneNumberFromString('0601234567', 'JP')?.getType()).toBe('PERSONAL_NUMBER');
    const info = analyzePhone('060-123-4567');
    expect(info.kind).toBe('invalid');
    expect(info.code).toBe('PHONE_INVALID');
  });

  it('0990 (PREMIUM_RATE) counts as a navi-dial service number and a placeholder', () => {
    const info = analyzePhone('0990-123-456');
    expect(info.kind).toBe('navi-dial');
    expect(info.code).toBe('PHONE_PLACEHOLDER');
  });

  it('carrier toll-free numbers starting 00 go through libphonenumber itself', () => {
    const info = analyzePhone('0037-6-12345678');
    expect(info.kind).toBe('toll-free');
    expect(info.digits).toBe('0037612345678');
    expect(info.code).toBe('PHONE_PLACEHOLDER');
  });
});

describe('placeholders', () => {
  it.each([
    '00000000000',
    '0000-0000-0000',
    '99999999999',
    '090-0000-0000',
    '080-1111-1111',
    '03-0000-0000',
    '090-9999-9999',
    '070-2222-2222',
    '0120-123-456',
    '0120-444-444',
    '0800-123-4567',
    '0570-012-345',
    '110',
    '119',
  ])('%s is PHONE_PLACEHOLDER', (input) => {
    const info = analyzePhone(input);
    expect(info.placeholder).toBe(true);
    expect(info.code).toBe('PHONE_PLACEHOLDER');
  });

  it.each(['090-1234-5678', '090-3141-5926', '080-1234-5678', '03-1234-5678', '03-1222-2222', '090-1111-2222', '090-2222-2223'])(
    '%s is not a placeholder',
    (input) => {
      const info = analyzePhone(input);
      expect(info.placeholder).toBe(false);
      expect(info.code).not.toBe('PHONE_PLACEHOLDER');
    },
  );

  it('placeholder wins over invalid (first code that applies)', () => {
    // 090-0000-0000 is not a valid mobile for libphonenumber (0A0-0… is unassigned).
    expect(analyzePhone('090-0000-0000').kind).toBe('invalid');
    expect(analyzePhone('090-0000-0000').code).toBe('PHONE_PLACEHOLDER');
  });

  it('isPlaceholderDigits uses the area code of the formatted number when it has one', () => {
    expect(isPlaceholderDigits('0312222222', '03-1222-2222')).toBe(false);
    expect(isPlaceholderDigits('0466222222', '0466-22-2222')).toBe(true);
    expect(isPlaceholderDigits('0300000000')).toBe(true);
  });
});

describe('invalid numbers', () => {
  it.each([
    ['090-1234-567', 'too short'],
    ['090-1234-56789', 'too long'],
    ['1234', 'four digits'],
    ['12', 'two digits'],
    ['9012345678', 'no leading 0'],
    ['819012345678', '81 without +'],
    ['011-123-4567', 'bad prefix'],
    ['03-1234-567', 'landline too short'],
  ])('%s (%s) is PHONE_INVALID', (input) => {
    const info = analyzePhone(input);
    expect(info.kind).toBe('invalid');
    expect(info.formatted).toBeNull();
    expect(info.code).toBe('PHONE_INVALID');
  });

  it.each(['090-1234-567a', 'O90-1234-5678', '090-l234-5678', 'なし', 'abc', '+'])('%j with letters is not a number', (input) => {
    const info = analyzePhone(input);
    expect(info.kind).toBe('invalid');
    expect(info.digits).toBeNull();
    expect(info.code).toBe('PHONE_INVALID');
    expect(normalizePhoneDigits(input)).toBeNull();
  });

  it('a number with another country code is invalid and keeps its + digits', () => {
    const info = analyzePhone('+1 202 555 0123');
    expect(info.kind).toBe('invalid');
    expect(info.digits).toBe('+12025550123');
    expect(info.code).toBe('PHONE_INVALID');
    expect(analyzePhone('+44 20 7946 0958').kind).toBe('invalid');
  });
});

describe('empty input', () => {
  it.each([null, undefined, '', '   ', '　', '-', '()', '\n'])('%j is empty with no code', (input) => {
    const info = analyzePhone(input);
    expect(info).toEqual({ digits: null, kind: 'empty', placeholder: false, formatted: null, code: null });
    expect(normalizePhoneDigits(input)).toBeNull();
  });

  it('returns a fresh object on every call', () => {
    const a = analyzePhone('');
    a.kind = 'mobile';
    expect(analyzePhone('').kind).toBe('empty');
  });
});

describe('formatPhone', () => {
  it.each([
    ['09031415926', '090-3141-5926'],
    ['0312345678', '03-1234-5678'],
    ['0120123456', '0120-123-456'],
    ['05012345678', '050-1234-5678'],
    ['0570012345', '0570-012-345'],
    ['0466123456', '0466-12-3456'],
    ['0661234567', '06-6123-4567'],
    ['+81 90 3141 5926', '090-3141-5926'],
  ])('%s → %s', (digits, formatted) => {
    expect(formatPhone(digits)).toBe(formatted);
  });

  it('is null for an invalid number', () => {
    expect(formatPhone('1234')).toBeNull();
    expect(formatPhone('')).toBeNull();
  });
});

describe('several numbers in one field', () => {
  it.each([
    '090-1111-2222 / 03-1234-5678',
    '090-1111-2222／03-1234-5678',
    '090-1111-2222、03-1234-5678',
    '090-1111-2222, 03-1234-5678',
    '090-1111-2222; 03-1234-5678',
    '090-1111-2222・03-1234-5678',
    '090-1111-2222\n03-1234-5678',
    '090-1111-2222 または 03-1234-5678',
    '０９０－１１１１－２２２２、０３－１２３４－５６７８',
  ])('analyzePhone uses the first number of %j', (input) => {
    expect(splitPhoneList(input)).toHaveLength(2);
    expect(analyzePhone(input).digits).toBe('09011112222');
    expect(analyzePhone(input).kind).toBe('mobile');
    expect(normalizePhoneDigits(input)).toBe('09011112222');
  });

  it('splitPhoneList returns the trimmed parts as written', () => {
    expect(splitPhoneList(' 090-1111-2222 / 03-1234-5678 ')).toEqual(['090-1111-2222', '03-1234-5678']);
    expect(splitPhoneList('090-1111-2222')).toEqual(['090-1111-2222']);
    expect(splitPhoneList('')).toEqual([]);
    expect(splitPhoneList(null)).toEqual([]);
  });

  it('skips an empty first part', () => {
    expect(analyzePhone(' / 090-1111-2222').digits).toBe('09011112222');
  });
});

describe('sharedPhoneGroups', () => {
  it('counts the same number written differently as shared', () => {
    const groups = sharedPhoneGroups(['090-1234-5678', '03-1234-5678', '０９０（１２３４）５６７８', '+81 90 1234 5678']);
    expect([...groups]).toEqual([['09012345678', [0, 2, 3]]]);
  });

  it('does not group different numbers', () => {
    expect(sharedPhoneGroups(['090-1234-5678', '090-1234-5679', '03-1234-5678']).size).toBe(0);
  });

  it('ignores empty and invalid entries', () => {
    expect(sharedPhoneGroups(['', null, undefined, '   ', '1234', '1234', 'abc', 'abc']).size).toBe(0);
  });

  it('reports each group with its indexes in order', () => {
    const groups = sharedPhoneGroups(['03-1234-5678', '090-1111-2222', '0312345678', '090 1111 2222', '']);
    expect(groups.get('0312345678')).toEqual([0, 2]);
    expect(groups.get('09011112222')).toEqual([1, 3]);
  });
});

describe('phone kind names (catalogue)', () => {
  const kinds: PhoneKind[] = ['empty', 'mobile', 'landline', 'ip', 'toll-free', 'navi-dial', 'pager', 'short-code', 'invalid'];
  it('has a Japanese and an English name for every kind', () => {
    expect(Object.keys(PHONE_KIND_KEY).sort()).toEqual([...kinds].sort());
    for (const k of kinds) {
      expect(msg('ja', PHONE_KIND_KEY[k]).length, k).toBeGreaterThan(0);
      expect(msg('en', PHONE_KIND_KEY[k]).length, k).toBeGreaterThan(0);
    }
    expect([msg('ja', PHONE_KIND_KEY.mobile), msg('en', PHONE_KIND_KEY.mobile)]).toEqual(['携帯', 'Mobile']);
    expect([msg('ja', PHONE_KIND_KEY.pager), msg('en', PHONE_KIND_KEY.pager)]).toEqual(['020番号', 'Pager or M2M (020)']);
  });
});

describe('bundled Japan metadata', () => {
  it('equals the JP entry of the installed libphonenumber-js max metadata (run scripts/gen-phone-metadata.mjs after an upgrade)', async () => {
    const { jpMetadata } = (await import('../../scripts/gen-phone-metadata.mjs')) as { jpMetadata: () => unknown };
    const bundled = JSON.parse(readFileSync(new URL('../../shared/phone-metadata.jp.json', import.meta.url), 'utf8'));
    expect(bundled).toEqual(JSON.parse(JSON.stringify(jpMetadata())));
  });
});
