/**
 * extension/audit-store.ts on fake-indexeddb: one chain under concurrent appends, acknowledged
 * after commit, idempotent by clientId, retention purges that keep the chain verifiable, the
 * quota path, paging, filters, per-day counts and the exports.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyExport, type AuditAppendInput, type AuditEntry, type AuditExport } from '../../shared/audit';
import { openDB } from 'idb';
import { AUDIT_DB_VERSION, AuditStore, AuditStoreError, BLOCK_SIZE, toRecord, type AuditNotice } from '../../extension/audit/store';
import { GENESIS, sealEntry } from '../../shared/audit';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 10, 3, 0, 0);
let dbCounter = 0;
const opened: AuditStore[] = [];

function input(extra: Partial<AuditAppendInput> = {}): AuditAppendInput {
  return {
    type: 'form-evaluated',
    page: 'notification',
    tier: 'priority',
    reasons: ['AGE_65_PLUS'],
    problems: [],
    rulesetVersion: 'jp-2022-02-09',
    training: false,
    person: null,
    reason: null,
    detail: null,
    ...extra,
  };
}

async function openStore(opts: { now?: () => number; retentionDays?: () => number; onNotice?: (n: AuditNotice) => void; dbName?: string } = {}) {
  const store = await AuditStore.open({ dbName: opts.dbName ?? `audit-test-${++dbCounter}`, ...opts });
  opened.push(store);
  return store;
}

async function exported(store: AuditStore): Promise<AuditExport> {
  return JSON.parse(await store.exportJsonText()) as AuditExport;
}

afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  vi.restoreAllMocks();
});

describe('appending', () => {
  it('concurrent appends from many tabs form one unbroken chain in arrival order', async () => {
    const store = await openStore();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.append(input({ detail: { n: i } }))));
    expect(results.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const doc = await exported(store);
    expect(doc.entries.map((e) => e.detail?.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(verifyExport(doc)).toMatchObject({ ok: true, count: 100 });
  });

  it('an acknowledged entry is committed: another connection sees it', async () => {
    const name = `audit-test-commit-${++dbCounter}`;
    const a = await openStore({ dbName: name });
    const { id } = await a.append(input());
    const b = await openStore({ dbName: name });
    expect((await b.stats()).last?.id).toBe(id);
  });

  it('a retry with the same clientId is stored once and answered with the first id', async () => {
    const store = await openStore();
    const [x, y] = await Promise.all([store.append(input({ clientId: 'same-client-id' })), store.append(input({ clientId: 'same-client-id' }))]);
    const z = await store.append(input({ clientId: 'same-client-id' }));
    expect(x).toEqual({ id: 1, duplicate: false });
    expect(y).toEqual({ id: 1, duplicate: true });
    expect(z).toEqual({ id: 1, duplicate: true });
    expect((await store.stats()).count).toBe(1);
    // The clientId is for de-duplication only: not in the entry, not in the export.
    expect(await store.exportJsonText()).not.toContain('same-client-id');
  });

  it('keeps the fields in a fixed order and does not export index helpers', async () => {
    const store = await openStore({ now: () => T0 });
    await store.append(input({ training: true }));
    const e = (await exported(store)).entries[0]!;
    expect(Object.keys(e)).toEqual(['id', 'time', 'type', 'page', 'tier', 'reasons', 'problems', 'rulesetVersion', 'training', 'person', 'reason', 'detail', 'prev', 'hash']);
    expect(e.time).toBe(new Date(T0).toISOString());
  });

  it('opens at the current schema version with its indexes (migrations run from 0)', async () => {
    await openStore({ dbName: 'audit-test-schema' });
    const db = await openDB('audit-test-schema');
    expect(db.version).toBe(AUDIT_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['blocks', 'entries']);
    expect([...db.transaction('entries').store.indexNames].sort()).toEqual(
      ['clientId', 'tier_time', 'time', 'tr_tier_time', 'tr_time', 'tr_type_time', 'type_time'].sort(),
    );
    db.close();
  });
});

describe('export blocks', () => {
  /** Writes n chained entries straight into the entries store (what n appends would leave). */
  async function bulk(dbName: string, n: number, version?: number) {
    const db = await openDB(dbName, version);
    const tx = db.transaction('entries', 'readwrite');
    let prev = GENESIS;
    for (let id = 1; id <= n; id++) {
      const e = sealEntry({ id, time: new Date(T0 + id * 1000).toISOString(), ...input({ detail: { id } }), prev });
      void tx.store.put(toRecord(e));
      prev = e.hash;
    }
    await tx.done;
    db.close();
  }

  it('a full block is built after its last append, and the export reads it', async () => {
    const store = await openStore({ now: () => T0 });
    for (let k = 0; k < BLOCK_SIZE + 5; k++) await store.append(input({ detail: { k } }));
    await store.append(input()); // the block build is queued behind the append that filled it
    const db = await openDB('audit-test-' + dbCounter);
    expect(await db.getAllKeys('blocks')).toEqual([0]);
    db.close();
    const doc = await exported(store);
    expect(doc.count).toBe(BLOCK_SIZE + 6);
    expect(doc.entries.map((e) => e.id)).toEqual(Array.from({ length: BLOCK_SIZE + 6 }, (_, i) => i + 1));
    expect(verifyExport(doc)).toMatchObject({ ok: true });
  }, 60_000);

  it('missing blocks are built at start-up, a purge drops the blocks it touches, and the export stays whole', async () => {
    const name = `audit-test-blocks-${++dbCounter}`;
    (await openStore({ dbName: name })).close();
    await bulk(name, 2 * BLOCK_SIZE + 10);
    let now = T0 + 10 * DAY;
    const store = await openStore({ dbName: name, now: () => now });
    expect(await store.buildMissingBlocks()).toBe(2);
    expect(await store.buildMissingBlocks()).toBe(0);
    const full = await exported(store);
    expect(verifyExport(full)).toMatchObject({ ok: true, count: 2 * BLOCK_SIZE + 10 });
    // Remove ids 1…1500 (their time is T0 + id s): block 0 and block 1 (1001…2000) go.
    now = T0 + 1500 * 1000 + 500 + DAY;
    const r = await store.purge(1, now);
    expect(r).toMatchObject({ fromId: 1, toId: 1500 });
    const db = await openDB(name);
    expect(await db.getAllKeys('blocks')).toEqual([]);
    db.close();
    const after = await exported(store);
    expect(after.entries[0]!.id).toBe(1501);
    expect(verifyExport(after)).toMatchObject({ ok: true, count: 2 * BLOCK_SIZE + 10 - 1500 + 1 });
    // Block 1 (1001…2000) lost entries for good and block 2 (2001…3000) is not full: nothing to build.
    expect(await store.buildMissingBlocks()).toBe(0);
  }, 60_000);

  it('upgrades a version-1 database (entries only) without touching its entries', async () => {
    const name = `audit-test-v1-${++dbCounter}`;
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        const s = db.createObjectStore('entries', { keyPath: 'id' });
        s.createIndex('clientId', 'c', { unique: true });
        s.createIndex('time', 't');
        s.createIndex('type_time', ['y', 't']);
        s.createIndex('tier_time', ['r', 't']);
        s.createIndex('tr_time', ['tr', 't']);
        s.createIndex('tr_type_time', ['tr', 'y', 't']);
        s.createIndex('tr_tier_time', ['tr', 'r', 't']);
      },
    });
    v1.close();
    await bulk(name, BLOCK_SIZE + 1, 1);
    const store = await openStore({ dbName: name, now: () => T0 });
    expect(await store.buildMissingBlocks()).toBe(1);
    const doc = await exported(store);
    expect(verifyExport(doc)).toMatchObject({ ok: true, count: BLOCK_SIZE + 1 });
    expect((await store.append(input())).id).toBe(BLOCK_SIZE + 2);
  }, 60_000);
});

describe('retention', () => {
  it('purges entries past retention, logs the range, and the export still verifies', async () => {
    let now = T0;
    const store = await openStore({ now: () => now });
    for (let d = 0; d < 10; d++) {
      now = T0 + d * DAY;
      await store.append(input({ detail: { day: d } }));
    }
    now = T0 + 10 * DAY;
    const r = await store.purge(5, now); // keeps entries from day 5 on
    expect(r).toMatchObject({ removed: 5, fromId: 1, toId: 5, entryId: 11 });
    const doc = await exported(store);
    expect(doc.entries.map((e) => e.id)).toEqual([6, 7, 8, 9, 10, 11]);
    const purge = doc.entries[5]!;
    expect(purge.type).toBe('retention-purge');
    expect(purge.detail).toMatchObject({ reason: 'retention', fromId: 1, toId: 5, count: 5, fromTime: new Date(T0).toISOString(), toTime: new Date(T0 + 4 * DAY).toISOString(), retentionDays: 5 });
    expect(doc.purgedBefore).toEqual({ id: 6, prev: purge.detail!.anchor });
    expect(verifyExport(doc)).toMatchObject({ ok: true, count: 6, firstId: 6 });
    // Nothing more to purge: no entry is written.
    expect(await store.purge(5, now)).toEqual({ removed: 0 });
    // Cutting the oldest remaining entry off the export is caught.
    const cut = { ...doc, entries: doc.entries.slice(1), count: 5 };
    expect(verifyExport(cut)).toMatchObject({ ok: false, index: 0, code: 'START_UNEXPLAINED' });
  });

  it('a second purge is explained by its own record, and appending continues the chain', async () => {
    let now = T0;
    const store = await openStore({ now: () => now });
    for (let d = 0; d < 6; d++) {
      now = T0 + d * DAY;
      await store.append(input());
    }
    now = T0 + 6 * DAY;
    await store.purge(4, now); // removes days 0-1
    now = T0 + 9 * DAY;
    await store.purge(4, now); // removes days 2-4 (the first purge record, day 6, stays)
    await store.append(input());
    const doc = await exported(store);
    expect(doc.entries.map((e) => e.type)).toEqual(['form-evaluated', 'retention-purge', 'retention-purge', 'form-evaluated']);
    expect(verifyExport(doc)).toMatchObject({ ok: true });
  });

  it('removes only the oldest unbroken run when the clock went backwards', async () => {
    const times = [0, 1, 8, 2, 9].map((d) => T0 + d * DAY);
    let i = 0;
    let now = 0;
    const store = await openStore({ now: () => now || times[i++]! });
    for (let k = 0; k < times.length; k++) await store.append(input());
    now = T0 + 10 * DAY;
    const r = await store.purge(5, now); // cut-off day 5: ids 1, 2 and 4 are old, but 3 is not
    expect(r).toMatchObject({ removed: 2, fromId: 1, toId: 2 });
    expect(verifyExport(await exported(store))).toMatchObject({ ok: true });
  });

  it('purging everything leaves the purge record, which explains itself', async () => {
    let now = T0;
    const store = await openStore({ now: () => now });
    await store.append(input());
    await store.append(input());
    now = T0 + 30 * DAY;
    await store.purge(1, now);
    const doc = await exported(store);
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]).toMatchObject({ id: 3, type: 'retention-purge' });
    expect(verifyExport(doc)).toMatchObject({ ok: true, count: 1 });
  });
});

describe('quota', () => {
  /** Makes the next `times` adds of ordinary entries fail as if the disk were full. */
  function failAdds(times: number) {
    const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { add: (...a: unknown[]) => unknown } } }).IDBObjectStore.prototype;
    const original = proto.add;
    let left = times;
    vi.spyOn(proto, 'add').mockImplementation(function (this: unknown, ...args: unknown[]) {
      const rec = args[0] as { y?: string };
      if (left > 0 && rec.y !== 'retention-purge') {
        left--;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return original.apply(this, args);
    });
  }

  it('purges entries past retention first, tells the user, and writes the entry', async () => {
    let now = T0;
    const notices: AuditNotice[] = [];
    const store = await openStore({ now: () => now, retentionDays: () => 5, onNotice: (n) => notices.push(n) });
    for (let d = 0; d < 8; d++) {
      now = T0 + d * DAY;
      await store.append(input());
    }
    failAdds(1);
    const r = await store.append(input({ type: 'submit-clean' }));
    const doc = await exported(store);
    expect(doc.entries.map((e) => e.type).slice(-2)).toEqual(['retention-purge', 'submit-clean']);
    expect(doc.entries.at(-2)!.detail).toMatchObject({ reason: 'quota', fromId: 1, toId: 2 });
    expect(r.id).toBe(doc.entries.at(-1)!.id);
    expect(notices).toEqual([{ kind: 'quota-purge', removed: 2, at: new Date(now).toISOString() }]);
    expect(verifyExport(doc)).toMatchObject({ ok: true });
  });

  it('with nothing past retention, drops the oldest tenth', async () => {
    const store = await openStore({ now: () => T0 });
    for (let k = 0; k < 20; k++) await store.append(input());
    failAdds(1);
    await store.append(input({ type: 'submit-blocked' }));
    const doc = await exported(store);
    expect(doc.entries[0]!.id).toBe(3);
    expect(doc.entries.at(-2)!.detail).toMatchObject({ reason: 'quota', fromId: 1, toId: 2, count: 2 });
    expect(verifyExport(doc)).toMatchObject({ ok: true });
  });

  it('when the quota stays exhausted the append fails with a quota error, and the store carries on', async () => {
    const store = await openStore({ now: () => T0 });
    await store.append(input());
    failAdds(2);
    await expect(store.append(input())).rejects.toSatisfy((e) => e instanceof AuditStoreError && e.kind === 'quota');
    const after = await store.append(input({ type: 'submit-clean' }));
    expect(after.id).toBeGreaterThan(1);
    expect(verifyExport(await exported(store))).toMatchObject({ ok: true });
  });
});

describe('reading', () => {
  async function seeded() {
    let now = T0;
    const store = await openStore({ now: () => now });
    const types = ['form-evaluated', 'submit-blocked', 'submit-overridden', 'alert-raised'] as const;
    const tiers = ['priority', 'standard', 'hospital'];
    for (let k = 0; k < 250; k++) {
      now = T0 + Math.floor(k / 50) * DAY + k * 1000; // 50 per day over 5 days
      await store.append(input({ type: types[k % 4]!, tier: tiers[k % 3]!, training: k % 5 === 0 }));
    }
    return store;
  }

  it('pages newest first, 100 at a time, without repeats or gaps', async () => {
    const store = await seeded();
    const ids: number[] = [];
    let after = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<AuditStore['list']>> = await store.list({}, { limit: 100, after });
      ids.push(...page.entries.map((e) => e.id));
      after = page.next;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => 250 - i));
  });

  it('pages correctly through entries with the same time', async () => {
    const store = await openStore({ now: () => T0 });
    for (let k = 0; k < 7; k++) await store.append(input());
    const a = await store.list({}, { limit: 3 });
    const b = await store.list({}, { limit: 3, after: a.next });
    const c = await store.list({}, { limit: 3, after: b.next });
    expect([...a.entries, ...b.entries, ...c.entries].map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(c.next).toBeNull();
  });

  it('filters by type, tier, training and date range, alone and together', async () => {
    const store = await seeded();
    const all = (await exported(store)).entries;
    const check = async (filter: Parameters<AuditStore['list']>[0], pred: (e: AuditEntry) => boolean) => {
      const want = all.filter(pred).map((e) => e.id).reverse();
      const got = (await store.list(filter, { limit: 1000 })).entries.map((e) => e.id);
      expect(got, JSON.stringify(filter)).toEqual(want);
      expect(await store.count(filter), JSON.stringify(filter)).toBe(want.length);
    };
    const day2 = new Date(T0 + 2 * DAY).toISOString().slice(0, 10) + 'T00:00:00.000Z';
    const day4 = new Date(T0 + 4 * DAY).toISOString().slice(0, 10) + 'T00:00:00.000Z';
    await check({ type: 'submit-blocked' }, (e) => e.type === 'submit-blocked');
    await check({ tier: 'hospital' }, (e) => e.tier === 'hospital');
    await check({ training: 'real' }, (e) => !e.training);
    await check({ training: 'training' }, (e) => e.training);
    await check({ from: day2, to: day4 }, (e) => e.time >= day2 && e.time < day4);
    await check({ type: 'alert-raised', tier: 'standard', training: 'real' }, (e) => e.type === 'alert-raised' && e.tier === 'standard' && !e.training);
    await check({ type: 'form-evaluated', training: 'real', from: day2 }, (e) => e.type === 'form-evaluated' && !e.training && e.time >= day2);
  });

  it('counts per day, with and without filters', async () => {
    const store = await seeded();
    const days = Array.from({ length: 6 }, (_, d) => new Date(T0 + d * DAY).toISOString().slice(0, 10) + 'T00:00:00.000Z');
    expect(await store.countsPerDay({}, days)).toEqual([50, 50, 50, 50, 50]);
    const real = await store.countsPerDay({ training: 'real' }, days);
    expect(real.reduce((a, b) => a + b, 0)).toBe(200);
    const combo = await store.countsPerDay({ type: 'submit-blocked', tier: 'priority' }, days);
    const all = (await exported(store)).entries.filter((e) => e.type === 'submit-blocked' && e.tier === 'priority');
    expect(combo.reduce((a, b) => a + b, 0)).toBe(all.length);
  });

  it('exports CSV as UTF-8 with BOM and CRLF, defusing spreadsheet formulas', async () => {
    const store = await openStore({ now: () => T0 });
    await store.append(input({ type: 'submit-overridden', reason: '=HYPERLINK("x") 確認済み', problems: [{ field: 'phone', code: 'PHONE_INVALID' }] }));
    const blob = await store.exportCsv();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const [head, row, end] = text.split('\r\n');
    expect(head).toBe('id,time,type,page,tier,reasons,problems,rulesetVersion,training,person,reason,detail,prev,hash');
    expect(row).toContain(`"'=HYPERLINK(""x"") 確認済み"`);
    expect(row).toContain('phone:PHONE_INVALID');
    expect(end).toBe('');
  });
});
