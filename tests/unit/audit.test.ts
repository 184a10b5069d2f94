/**
 * shared/audit.ts and shared/audit-chain.ts: the hash, the canonical form, the chain and its
 * verifier, masking of free text, the person key and the message schema.
 */
import { MESSAGES } from '../../shared/messages';
import { createHash, webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  entryHash,
  exportEnvelopeError,
  formSignature,
  GENESIS,
  maskFreeText,
  sealEntry,
  toAppendInput,
  verifyChain,
  verifyExport,
  type AuditClientEvent,
  type AuditEntry,
  type AuditEntryBody,
} from '../../shared/audit';
import { personKeyFrom } from '../../shared/audit-person';
import { sha256Hex, sha256HexBytes } from '../../shared/sha256';

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function body(id: number, prev: string, extra: Partial<AuditEntryBody> = {}): AuditEntryBody {
  return {
    id,
    time: new Date(Date.UTC(2024, 4, 1, 0, 0, id)).toISOString(),
    type: 'form-evaluated',
    page: 'notification',
    tier: 'priority',
    reasons: ['AGE_65_PLUS'],
    problems: [{ field: 'phone', code: 'PHONE_NOT_MOBILE' }],
    rulesetVersion: 'jp-2022-02-09',
    training: false,
    person: 'ab'.repeat(32),
    reason: null,
    detail: null,
    prev,
    ...extra,
  };
}

/** A chain of `n` entries starting at `firstId` after `prev`. */
function chain(n: number, firstId = 1, prev = GENESIS): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const e = sealEntry(body(firstId + i, out[i - 1]?.hash ?? prev));
    out.push(e);
  }
  return out;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('sha256', () => {
  it('matches Node and Web Crypto at every padding boundary and for multibyte text', async () => {
    const texts = ['', 'abc', '試験花子', '😀'.repeat(40), ...[55, 56, 57, 63, 64, 65, 119, 120, 1000].map((n) => 'x'.repeat(n))];
    for (const t of texts) {
      expect(sha256Hex(t), JSON.stringify(t.slice(0, 10))).toBe(nodeSha(t));
      const sub = Buffer.from(await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(t))).toString('hex');
      expect(sha256Hex(t)).toBe(sub);
    }
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches Node for any string and any bytes (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => sha256Hex(s) === nodeSha(s)), { numRuns: 300 });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => sha256HexBytes(b) === createHash('sha256').update(b).digest('hex')),
      { numRuns: 200 },
    );
  });
});

describe('canonical form and entry hash', () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 'é' }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,{"y":"é","z":1}]},"b":1}');
  });

  it('does not depend on the order the entry was built in', () => {
    const e = body(1, GENESIS);
    const reversed = Object.fromEntries(Object.entries(e).reverse()) as unknown as AuditEntryBody;
    expect(entryHash(reversed)).toBe(entryHash(e));
    expect(entryHash(e)).toBe(nodeSha(GENESIS + canonicalJson(e)));
  });

  it('covers every field but the hash: a new field changes it', () => {
    const e = sealEntry(body(1, GENESIS));
    expect(entryHash(e)).toBe(e.hash);
    expect(entryHash({ ...e, extra: 1 } as AuditEntry)).not.toBe(e.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and reports count and time range', () => {
    const c = chain(5);
    const r = verifyChain(clone(c));
    expect(r).toMatchObject({ ok: true, count: 5, first: c[0]!.time, last: c[4]!.time, firstId: 1, lastId: 5, head: c[4]!.hash });
    expect(verifyChain([])).toMatchObject({ ok: true, count: 0, first: null, last: null });
  });

  it('names the entry whose field was changed', () => {
    const c = clone(chain(6));
    c[3]!.tier = 'standard';
    expect(verifyChain(c)).toMatchObject({ ok: false, index: 3, id: 4, code: 'HASH_MISMATCH' });
    const d = clone(chain(6));
    d[2]!.training = true;
    expect(verifyChain(d)).toMatchObject({ ok: false, index: 2, code: 'HASH_MISMATCH' });
  });

  it('names the entry after one that was removed', () => {
    const c = clone(chain(6));
    c.splice(2, 1);
    expect(verifyChain(c)).toMatchObject({ ok: false, index: 2, id: 4, code: 'PREV_MISMATCH' });
  });

  it('catches a changed entry whose hash was recomputed (its successor no longer links)', () => {
    const c = clone(chain(4));
    c[1]!.tier = 'standard';
    c[1]!.hash = entryHash(c[1]!);
    expect(verifyChain(c)).toMatchObject({ ok: false, index: 2, id: 3, code: 'PREV_MISMATCH' });
  });

  it('catches removing the first entry and, with the export head, the last one', () => {
    const c = clone(chain(4));
    expect(verifyChain(c.slice(1))).toMatchObject({ ok: false, index: 0, id: 2, code: 'START_UNEXPLAINED' });
    const head = { id: 4, hash: c[3]!.hash };
    expect(verifyChain(c, { head })).toMatchObject({ ok: true });
    expect(verifyChain(c.slice(0, 3), { head })).toMatchObject({ ok: false, index: 2, code: 'HEAD_MISMATCH' });
  });

  it('catches swapped entries and malformed ones', () => {
    const c = clone(chain(4));
    [c[1], c[2]] = [c[2]!, c[1]!];
    expect(verifyChain(c)).toMatchObject({ ok: false, index: 1, code: 'PREV_MISMATCH' });
    expect(verifyChain([null])).toMatchObject({ ok: false, index: 0, code: 'NOT_AN_ENTRY' });
    expect(verifyChain([{ ...chain(1)[0], hash: 'xyz' }])).toMatchObject({ ok: false, code: 'BAD_FIELD' });
  });

  it('accepts a chain whose start is explained by a retention-purge entry, and only that', () => {
    const full = chain(10);
    const purge = sealEntry(
      body(11, full[9]!.hash, {
        type: 'retention-purge',
        page: null,
        tier: null,
        reasons: [],
        problems: [],
        person: null,
        rulesetVersion: null,
        detail: { reason: 'retention', fromId: 1, toId: 6, count: 6, fromTime: full[0]!.time, toTime: full[5]!.time, anchor: full[5]!.hash },
      }),
    );
    const remaining = [...full.slice(6), purge];
    expect(verifyChain(clone(remaining))).toMatchObject({ ok: true, count: 5, firstId: 7 });
    // Cutting one more entry off the head is not explained by the purge record.
    expect(verifyChain(clone(remaining.slice(1)))).toMatchObject({ ok: false, index: 0, id: 8, code: 'START_UNEXPLAINED' });
  });

  it('uses the sha256 it is given (the CLI passes Node crypto)', () => {
    expect(verifyChain(chain(3), { sha256: nodeSha })).toMatchObject({ ok: true });
  });

  it('verifyExport checks the envelope count and head', () => {
    const entries = chain(3);
    const doc = { format: 'hersys-assist-audit' as const, version: 1 as const, exportedAt: '', count: 3, head: { id: 3, hash: entries[2]!.hash }, purgedBefore: null, entries };
    expect(exportEnvelopeError(doc)).toBeNull();
    expect(verifyExport(doc)).toMatchObject({ ok: true });
    expect(verifyExport({ ...doc, count: 4 })).toMatchObject({ ok: false, code: 'COUNT_MISMATCH' });
    expect(exportEnvelopeError({ ...doc, format: 'x' })).toMatch(/format/);
    expect(exportEnvelopeError([])).toMatch(/object/);
  });
});

describe('maskFreeText', () => {
  it('masks digit runs, separators inside them included, in any width', () => {
    expect(maskFreeText('電話 090-2718-2818 に確認')).toBe('電話 # に確認');
    expect(maskFreeText('電話０９０－２７１８－２８１８')).toBe('電話#');
    expect(maskFreeText('生年月日 1951/06/15、ID 12345678')).toBe('生年月日 #、ID #');
    expect(maskFreeText('〇九〇二七一八 に電話')).toBe('# に電話');
    expect(maskFreeText('本人確認済み')).toBe('本人確認済み');
  });

  it('masks form values: whole, without dashes or spaces, their parts, any width, either kana', () => {
    const values = ['試験 花子', 'シケン ハナコ', 'Hanako Shiken', '090-2718-2818', 'AB-12X'];
    expect(maskFreeText('試験花子さん本人', values)).toBe('＊さん本人');
    expect(maskFreeText('試験 花子さん', values)).toBe('＊さん');
    expect(maskFreeText('花子さんの家族', values)).toBe('＊さんの家族');
    expect(maskFreeText('しけんはなこ 様', values)).toBe('＊ 様');
    expect(maskFreeText('ｼｹﾝ ﾊﾅｺ 様', values)).toBe('＊ 様');
    expect(maskFreeText('HANAKO SHIKEN confirmed', values)).toBe('＊ confirmed');
    expect(maskFreeText('ID AB12X です', values)).toBe('ID ＊ です');
    expect(maskFreeText('ＡＢ－１２Ｘ です', values)).toBe('＊ です');
  });

  it('ignores one-character values and is idempotent', () => {
    expect(maskFreeText('男性の患者', ['男'])).toBe('男性の患者');
    const once = maskFreeText('試験花子 090-2718-2818 理由あり', ['試験花子']);
    expect(once).toBe('＊ # 理由あり');
    expect(maskFreeText(once)).toBe(once);
    expect(maskFreeText(once, ['試験花子'])).toBe(once);
  });

  it('never leaves a digit (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => !/\p{Nd}/u.test(maskFreeText(s))), { numRuns: 500 });
  });
});

describe('person key', () => {
  it('gives one key for every spelling of the same phone and birthdate', () => {
    const a = personKeyFrom({ phone: '090-2718-2818', birthdate: '1951/06/15' });
    expect(a).toBe('p:09027182818|b:1951-06-15');
    expect(personKeyFrom({ phone: '０９０（２７１８）２８１８', birthdate: '昭和26年6月15日' })).toBe(a);
    expect(personKeyFrom({ phone: '+81 90 2718 2818', birthdate: '19510615' })).toBe(a);
    expect(personKeyFrom({ phone: '', birthdate: '' })).toBeNull();
  });
});

describe('the audit message', () => {
  const event: AuditClientEvent = {
    type: 'submit-overridden',
    page: 'notification',
    tier: 'priority',
    reasons: ['AGE_65_PLUS'],
    problems: [{ field: 'phone', code: 'PHONE_INVALID' }],
    rulesetVersion: 'jp-2022-02-09',
    personKey: 'p:09027182818|b:1951-06-15',
    reason: '本人に 090-2718-2818 で確認',
    detail: { where: 'guard.click', attempts: 2, ok: true },
    clientId: 'c0ffee00-1234-4abc-8def-000000000001',
  };
  const ok = (e: unknown) => MESSAGES.audit.request.safeParse({ event: e }).success;

  it('accepts a well-formed event', () => {
    expect(ok(event)).toBe(true);
    expect(ok({ type: 'form-evaluated', page: null, clientId: 'abcdefgh' })).toBe(true);
  });

  it('refuses unknown keys, the background’s own types, codes hiding numbers and bad ids', () => {
    expect(ok({ ...event, name: '試験花子' })).toBe(false);
    expect(ok({ ...event, type: 'settings-changed' })).toBe(false);
    expect(ok({ ...event, type: 'retention-purge' })).toBe(false);
    expect(ok({ ...event, reasons: ['PHONE_09027182818'] })).toBe(false);
    expect(ok({ ...event, problems: [{ field: 'phone', code: 'phone number' }] })).toBe(false);
    expect(ok({ ...event, tier: '試験' })).toBe(false);
    expect(ok({ ...event, clientId: 'x' })).toBe(false);
    expect(ok({ ...event, detail: { 'bad key': 'x' } })).toBe(false);
    expect(ok({ ...event, detail: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 1])) })).toBe(false);
  });

  it('toAppendInput masks the reason again, keeps it only for overrides, and defuses detail values', () => {
    const input = toAppendInput({ ...event, detail: { where: 'guard.click', phone: '09027182818', n: 9027182818, ok: true, name: '試験花子' } }, 'ff'.repeat(32));
    expect(input.reason).toBe('本人に # で確認');
    expect(input.detail).toEqual({ where: 'guard.click', phone: '＊', n: '＊', ok: true, name: '＊' });
    expect(input.person).toBe('ff'.repeat(32));
    expect(JSON.stringify(input)).not.toContain('09027182818');
    expect(toAppendInput({ ...event, type: 'submit-blocked' }, null).reason).toBeNull();
    expect(toAppendInput({ type: 'form-evaluated', page: 'training', clientId: 'abcdefgh' }, null).training).toBe(true);
  });

  it('formSignature ignores the order of problems and reasons', () => {
    const a = toAppendInput({ ...event, type: 'form-evaluated', problems: [{ field: 'a', code: 'X' }, { field: 'b', code: 'Y' }] }, null);
    const b = toAppendInput({ ...event, type: 'form-evaluated', problems: [{ field: 'b', code: 'Y' }, { field: 'a', code: 'X' }], clientId: 'otherid12' }, null);
    expect(formSignature(a)).toBe(formSignature(b));
    expect(formSignature({ ...a, tier: 'standard' })).not.toBe(formSignature(a));
  });
});
