/**
 * helper/audit-verify.ts: the CLI's fast line reader must never disagree with the plain
 * JSON.parse verifier — it either gives the same OK verdict or steps aside (null).
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../../extension/audit/store';
import { readEntryLine, verifyBytesFast, verifyExportBytes, verifyTextPlain } from '../../helper/audit-verify';
import { canonicalEntry, canonicalJson, sealEntry, GENESIS, type AuditAppendInput, type AuditEntry } from '../../shared/audit';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const T0 = Date.UTC(2024, 5, 1);
let exportText = '';

function input(i: number): AuditAppendInput {
  const types = ['form-evaluated', 'submit-blocked', 'submit-overridden', 'alert-raised', 'settings-changed'] as const;
  const type = types[i % types.length]!;
  return {
    type,
    page: type === 'settings-changed' ? null : 'notification',
    tier: i % 3 ? 'priority' : null,
    reasons: i % 2 ? ['AGE_65_PLUS', 'PREGNANT'] : [],
    problems: i % 4 ? [{ field: 'phone', code: 'PHONE_INVALID' }, { field: 'birthdate', code: 'BIRTHDATE_FUTURE' }] : [],
    rulesetVersion: 'jp-2022-02-09',
    training: i % 5 === 0,
    person: i % 2 ? 'cd'.repeat(32) : null,
    reason: type === 'submit-overridden' ? (i % 10 === 2 ? '「至急」 "本人" に確認 ＊ #' : '電話で本人確認済み') : null,
    detail: type === 'settings-changed' ? { keys: 'guardEnabled,language' } : i % 7 === 0 ? { z: 1, a: true, where: 'guard.click' } : null,
  };
}

const plain = (text: string) => verifyTextPlain(text, sha);
const fast = (text: string) => verifyBytesFast(Buffer.from(text, 'utf8'), sha);

beforeAll(async () => {
  let now = T0;
  const store = await AuditStore.open({ dbName: 'audit-verify-fast', now: () => now });
  for (let i = 0; i < 40; i++) {
    now = T0 + i * 1000;
    await store.append(input(i));
  }
  exportText = await store.exportJsonText();
  store.close();
});

describe('the fast reader', () => {
  it('reads the store’s own export and agrees with the plain verifier', () => {
    const p = plain(exportText);
    expect(p).toMatchObject({ kind: 'result', result: { ok: true, count: 40 } });
    expect(fast(exportText)).toEqual((p as { result: unknown }).result);
  });

  it('builds exactly the canonical text of every line it accepts (and steps aside for quotes)', () => {
    const lines = exportText.split('\n').filter((l) => l.startsWith('{"id"')).map((l) => l.replace(/,$/, ''));
    let accepted = 0;
    for (const line of lines) {
      const got = readEntryLine(line);
      const obj = JSON.parse(line) as AuditEntry;
      if (got) {
        accepted++;
        expect(got.canonical).toBe(canonicalJson(obj, 'hash'));
        expect(got).toMatchObject({ id: obj.id, prev: obj.prev, hash: obj.hash, time: obj.time, type: obj.type });
      } else {
        expect(line).toContain('\\"'); // only the reason with a quote in it is left to JSON.parse
      }
    }
    expect(accepted).toBe(lines.length - 4);
  });

  it('refuses lines in another shape: spaces, another key order, escapes, an extra key', () => {
    const { clientId: _c, ...rest } = input(1);
    void _c;
    // The store's key order: id, time, type, page, tier, reasons, problems, rulesetVersion, training, person, reason, detail, prev, hash.
    const e = sealEntry({ id: 1, time: new Date(T0).toISOString(), ...rest, prev: GENESIS });
    const line = JSON.stringify(e);
    expect(readEntryLine(line)).not.toBeNull();
    expect(readEntryLine(JSON.stringify(e, null, 1).replace(/\n/g, ''))).toBeNull();
    const { time, hash, ...others } = e;
    expect(readEntryLine(JSON.stringify({ time, ...others, hash }))).toBeNull();
    expect(readEntryLine(JSON.stringify({ hash, time, ...others }))).toBeNull();
    expect(readEntryLine(line.replace('"priority"', '"pri\\u006frity"'))).toBeNull();
    expect(readEntryLine(line.replace('}', ',"x":1}'))).toBeNull();
    expect(readEntryLine(line.replace('"id":1', '"id":01'))).toBeNull();
  });

  it('never says OK when the plain verifier does not, and agrees when both say OK (random edits)', () => {
    const chars = ['0', '1', 'a', 'f', '"', ',', '}', '{', '[', ']', '\\', '\n', ' ', 'x', '＊', ':'];
    fc.assert(
      fc.property(fc.nat(exportText.length - 1), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...chars), (pos, op, ch) => {
        const text =
          op === 0 ? exportText.slice(0, pos) + ch + exportText.slice(pos + 1) : op === 1 ? exportText.slice(0, pos) + exportText.slice(pos + 1) : exportText.slice(0, pos) + ch + exportText.slice(pos);
        const f = fast(text);
        const p = plain(text);
        if (f === null) return true;
        return p.kind === 'result' && p.result.ok && JSON.stringify(p.result) === JSON.stringify(f);
      }),
      { numRuns: 1500 },
    );
  });

  it('swapping, removing or duplicating whole lines is never accepted', () => {
    const lines = exportText.split('\n');
    const body = lines.slice(1, -2);
    const variants = [
      [...lines.slice(0, 3), lines[4]!, lines[3]!, ...lines.slice(5)],
      [...lines.slice(0, 3), ...lines.slice(4)],
      [...lines.slice(0, 3), lines[3]!, ...lines.slice(3)],
    ];
    expect(body.length).toBe(40);
    for (const v of variants) {
      expect(fast(v.join('\n'))).toBeNull();
      expect(plain(v.join('\n'))).not.toMatchObject({ kind: 'result', result: { ok: true } });
    }
  });

  it('verifyExportBytes falls back to the plain way for another layout and reports its failures', () => {
    const doc = JSON.parse(exportText);
    expect(verifyExportBytes(Buffer.from(JSON.stringify(doc, null, 2)), sha)).toMatchObject({ kind: 'result', result: { ok: true, count: 40 } });
    doc.entries[5].tier = 'standard';
    expect(verifyExportBytes(Buffer.from(JSON.stringify(doc)), sha)).toMatchObject({ kind: 'result', result: { ok: false, index: 5, code: 'HASH_MISMATCH' } });
    expect(verifyExportBytes(Buffer.from('{'), sha)).toEqual({ kind: 'bad-json' });
    expect(verifyExportBytes(Buffer.from('[]'), sha)).toMatchObject({ kind: 'not-export' });
  });

  it('canonicalEntry always equals canonicalJson without the hash (property)', () => {
    const str = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a"b', 'c\\d', '\u0001', '\ud800', '😀', '＊'));
    const entry = fc.record({
      id: fc.oneof(fc.nat(), fc.double(), fc.constant('1')),
      time: str,
      type: str,
      page: fc.option(str),
      tier: fc.option(str),
      reasons: fc.array(fc.oneof(str, fc.nat()), { maxLength: 3 }),
      problems: fc.array(fc.oneof(fc.record({ field: str, code: str }), fc.record({ code: str, field: str, x: fc.nat() })), { maxLength: 3 }),
      rulesetVersion: fc.option(str),
      training: fc.oneof(fc.boolean(), fc.constant(null)),
      person: fc.option(str),
      reason: fc.option(str),
      detail: fc.option(fc.dictionary(str, fc.oneof(str, fc.integer(), fc.boolean()), { maxKeys: 3 })),
      prev: str,
      hash: str,
    }, { requiredKeys: ['id', 'time', 'type', 'page', 'tier', 'reasons', 'problems', 'rulesetVersion', 'training', 'person', 'reason', 'detail', 'prev'] });
    fc.assert(
      fc.property(entry, (e) => {
        let want: string;
        try {
          want = canonicalJson(e, 'hash');
        } catch {
          return true;
        }
        return canonicalEntry(e as unknown as AuditEntry) === want;
      }),
      { numRuns: 2000 },
    );
  });
});
