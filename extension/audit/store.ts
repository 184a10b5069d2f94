/**
 * The audit store: one IndexedDB database (`hersys-assist-audit`, versioned, migrations
 * in schema.ts) with the object store `entries` and, derived from it, `blocks` (export blocks, see
 * StoredBlock). The background service worker is its only writer; the audit viewer opens the
 * same database to read, page and export.
 *
 * Appends run one at a time through a promise queue (one writer), so entries form one
 * unbroken chain whatever the number of tabs. Each append is one `add` in one readwrite
 * transaction, and resolves only after that transaction has committed. The chain's tail is
 * kept in memory; the id (the primary key) is tail + 1, so should anything else ever have
 * written, the add fails on the key, the tail is read again and the append retried — the
 * chain cannot fork. A second event with the same clientId fails on the unique index and is
 * answered with the first one's id.
 *
 * No browser.* API here (the HMAC secret and notifications are the service's business), so
 * unit tests run it on fake-indexeddb and the benchmark bundles it into an extension page.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import {
  canonicalJson,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  GENESIS,
  sealEntry,
  type AuditAppendInput,
  type AuditEntry,
  type AuditEntryBody,
  type AuditEventType,
} from '../../shared/audit';
import { exportCsvParts, exportJsonParts, forEachBatch } from './export';
import { keyRange, MAX_TIME, plan } from './query';
import {
  AUDIT_DB_NAME,
  AUDIT_DB_VERSION,
  AuditStoreError,
  BLOCK_SIZE,
  DAY_MS,
  DEFAULT_RETENTION_DAYS,
  fromRecord,
  isQuotaError,
  MIGRATIONS,
  QUOTA_PURGE_SHARE,
  toRecord,
  type AuditDB,
  type AuditFilter,
  type AuditNotice,
  type AuditStoreOptions,
  type DB,
  type PageToken,
  type PurgeResult,
  type StoredRecord,
} from './schema';

export * from './schema';
export { CSV_COLUMNS, entryToCsvRow } from './csv';

export class AuditStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  private constructor(
    private readonly db: DB,
    private readonly options: AuditStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  static async open(options: AuditStoreOptions = {}): Promise<AuditStore> {
    let store: AuditStore | null = null;
    const db = await openDB<AuditDB>(options.dbName ?? AUDIT_DB_NAME, AUDIT_DB_VERSION, {
      upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion + 1; v <= (newVersion ?? AUDIT_DB_VERSION); v++) MIGRATIONS[v]?.(db, tx);
      },
      // A newer version elsewhere (an update) wants the database: let it go; the next call reopens.
      blocking() {
        store?.close();
      },
    });
    store = new AuditStore(db, options);
    return store;
  }

  close(): void {
    this.db.close();
  }

  /** Runs `task` after every earlier append/purge has finished (one writer at a time). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // -------------------------------------------------------------------------------------------
  // Writing.

  /**
   * Appends one entry and resolves after its transaction committed, with its id. A second
   * append with the same clientId writes nothing and resolves with the first one's id. On a
   * quota error, entries past retention are purged (else the oldest tenth), the user is told
   * through onNotice, and the append is tried once more; then it rejects with AuditStoreError.
   */
  append(input: AuditAppendInput): Promise<{ id: number; duplicate: boolean }> {
    return this.serial(async () => {
      try {
        return await this.write(input);
      } catch (e) {
        if (!(e instanceof AuditStoreError) || e.kind !== 'quota') throw e;
      }
      let freed = await this.purgeNow('quota', this.retentionCutoff()).catch(() => null);
      if (!freed || freed.removed === 0) freed = await this.purgeNow('quota', null).catch(() => null);
      if (freed && freed.removed > 0) this.options.onNotice?.({ kind: 'quota-purge', removed: freed.removed, at: new Date(this.now()).toISOString() });
      return this.write(input);
    });
  }

  /** The chain's last entry (null: empty store; undefined: not read yet). */
  private tail: AuditEntry | null | undefined = undefined;

  private async readTail(): Promise<AuditEntry | null> {
    const cursor = await this.db.transaction('entries').store.openCursor(null, 'prev');
    return cursor ? fromRecord(cursor.value) : null;
  }

  private async write(input: AuditAppendInput): Promise<{ id: number; duplicate: boolean }> {
    for (let attempt = 0; ; attempt++) {
      this.tail ??= await this.readTail();
      const entry = sealEntry(this.body(input, this.tail));
      const tx = this.db.transaction('entries', 'readwrite');
      const done = tx.done;
      done.catch(() => undefined);
      try {
        const added = tx.store.add(toRecord(entry, input.clientId));
        // Nothing else goes into this transaction: commit now rather than after a round trip.
        (unwrap(tx) as IDBTransaction & { commit?: () => void }).commit?.();
        await Promise.all([added, done]);
        this.tail = entry;
        // A full block: queue its export block (after this append has been answered).
        if (entry.id % BLOCK_SIZE === 0) void this.serial(() => this.buildBlock(entry.id / BLOCK_SIZE - 1)).catch(() => undefined);
        return { id: entry.id, duplicate: false };
      } catch (e) {
        try {
          tx.abort();
        } catch {
          // already finished
        }
        if (isQuotaError(e, tx)) throw new AuditStoreError('quota', 'the storage quota is exhausted');
        const constraint = (e as { name?: unknown } | null)?.name === 'ConstraintError' || tx.error?.name === 'ConstraintError';
        if (!constraint || attempt > 0) throw new AuditStoreError('storage', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        // The same clientId again (a retry), or the id taken (another writer): which one?
        if (input.clientId) {
          const existing = await this.db.getKeyFromIndex('entries', 'clientId', input.clientId);
          if (existing !== undefined) return { id: existing, duplicate: true };
        }
        this.tail = undefined;
      }
    }
  }

  private body(input: AuditAppendInput, tail: AuditEntry | null): AuditEntryBody {
    // Fixed key order: the export reads the same way for every entry.
    return {
      id: (tail?.id ?? 0) + 1,
      time: new Date(this.now()).toISOString(),
      type: input.type,
      page: input.page,
      tier: input.tier,
      reasons: input.reasons,
      problems: input.problems,
      rulesetVersion: input.rulesetVersion,
      training: input.training,
      person: input.person,
      reason: input.reason,
      detail: input.detail,
      prev: tail?.hash ?? GENESIS,
    };
  }

  private retentionCutoff(days = this.options.retentionDays?.() ?? DEFAULT_RETENTION_DAYS): string {
    return new Date(this.now() - days * DAY_MS).toISOString();
  }

  /**
   * Removes the entries older than `retentionDays` (the longest run of oldest ids whose time
   * is before the cut-off, so the chain keeps one start) and logs a `retention-purge` entry
   * with the removed range and the last removed hash, in the same transaction.
   */
  purge(retentionDays: number, now: number = this.now()): Promise<PurgeResult> {
    return this.serial(() => this.purgeNow('retention', new Date(now - retentionDays * DAY_MS).toISOString(), retentionDays));
  }

  /** `cutoff` null: remove the oldest QUOTA_PURGE_SHARE of entries. */
  private async purgeNow(reason: 'retention' | 'quota', cutoff: string | null, retentionDays?: number): Promise<PurgeResult> {
    // 1. Which ids go (read-only).
    const rtx = this.db.transaction('entries', 'readonly');
    const firstKey = (await rtx.store.openKeyCursor())?.key;
    if (firstKey === undefined) return { removed: 0 };
    let toId = firstKey - 1;
    if (cutoff !== null) {
      const old = (await rtx.store.index('time').getAllKeys(IDBKeyRange.upperBound(cutoff, true))).sort((a, b) => a - b);
      for (const k of old) {
        if (k !== toId + 1) break;
        toId = k;
      }
    } else {
      const count = await rtx.store.count();
      toId = firstKey + Math.max(1, Math.ceil(count * QUOTA_PURGE_SHARE)) - 1;
    }
    await rtx.done;
    if (toId < firstKey) return { removed: 0 };

    // 2. Remove them and log the purge, atomically.
    const tx = this.db.transaction(['entries', 'blocks'], 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    try {
      const store = tx.objectStore('entries');
      const tail = fromRecord((await store.openCursor(null, 'prev'))!.value);
      toId = Math.min(toId, tail.id);
      const firstRemoved = fromRecord((await store.get(firstKey))!);
      const lastRemoved = toId === tail.id ? tail : fromRecord((await store.get(toId))!);
      await store.delete(IDBKeyRange.bound(firstKey, toId));
      // Every export block that covered a removed entry goes too.
      await tx.objectStore('blocks').delete(IDBKeyRange.upperBound(Math.floor((toId - 1) / BLOCK_SIZE)));
      const detail: Record<string, string | number> = {
        reason,
        fromId: firstKey,
        toId,
        count: toId - firstKey + 1,
        fromTime: firstRemoved.time,
        toTime: lastRemoved.time,
        anchor: lastRemoved.hash,
      };
      if (retentionDays !== undefined) detail.retentionDays = retentionDays;
      const entry = sealEntry(
        this.body(
          { type: 'retention-purge', page: null, tier: null, reasons: [], problems: [], rulesetVersion: null, training: false, person: null, reason: null, detail },
          tail,
        ),
      );
      await Promise.all([store.add(toRecord(entry)), done]);
      this.tail = entry;
      return { removed: toId - firstKey + 1, fromId: firstKey, toId, entryId: entry.id };
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      this.tail = undefined;
      throw new AuditStoreError(isQuotaError(e, tx) ? 'quota' : 'storage', e instanceof Error ? e.message : String(e));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reading.

  /** Total entries, the oldest and newest time, and the head (last) entry. */
  async stats(): Promise<{ count: number; first: AuditEntry | null; last: AuditEntry | null }> {
    const tx = this.db.transaction('entries');
    const [count, first, last] = await Promise.all([tx.store.count(), tx.store.openCursor(), tx.store.openCursor(null, 'prev')]);
    return { count, first: first ? fromRecord(first.value) : null, last: last ? fromRecord(last.value) : null };
  }

  /** One page of entries matching `filter`, newest first; `next` continues after the last one. */
  async list(filter: AuditFilter, page: { limit?: number; after?: PageToken | null } = {}): Promise<{ entries: AuditEntry[]; next: PageToken | null }> {
    const limit = Math.max(1, Math.min(1000, page.limit ?? 100));
    const p = plan(filter);
    const after = page.after ?? null;
    let to = filter.to;
    let toInclusive = false;
    if (after && (to === undefined || after.time < to)) {
      to = after.time;
      toInclusive = true;
    }
    const range = keyRange(p, filter.from, to, toInclusive);
    if (!range) return { entries: [], next: null };
    const tx = this.db.transaction('entries');
    let cursor = await tx.store.index(p.index).openCursor(range, 'prev');
    const out: AuditEntry[] = [];
    while (cursor && out.length < limit) {
      const r = cursor.value;
      const skip = after !== null && r.t === after.time && r.id >= after.id;
      if (!skip && (!p.residual || p.residual(r))) out.push(fromRecord(r));
      cursor = await cursor.continue();
    }
    const last = out[out.length - 1];
    return { entries: out, next: cursor && last ? { time: last.time, id: last.id } : null };
  }

  /** Number of entries matching `filter`. */
  async count(filter: AuditFilter): Promise<number> {
    return (await this.countsBetween(filter, [filter.from ?? '', filter.to ?? MAX_TIME]))[0] ?? 0;
  }

  /**
   * Entries matching `filter` per bucket: `boundaries` are ascending ISO times, bucket i is
   * [boundaries[i], boundaries[i+1]). The viewer passes local midnights (counts per day).
   */
  async countsPerDay(filter: AuditFilter, boundaries: readonly string[]): Promise<number[]> {
    return this.countsBetween(filter, boundaries);
  }

  private async countsBetween(filter: AuditFilter, boundaries: readonly string[]): Promise<number[]> {
    const n = Math.max(0, boundaries.length - 1);
    const counts = new Array<number>(n).fill(0);
    if (n === 0) return counts;
    const p = plan(filter);
    const tx = this.db.transaction('entries');
    const index = tx.store.index(p.index);
    const clampLo = (t: string) => (filter.from !== undefined && filter.from > t ? filter.from : t);
    const clampHi = (t: string) => (filter.to !== undefined && filter.to < t ? filter.to : t);
    if (!p.residual) {
      await Promise.all(
        counts.map(async (_, i) => {
          const range = keyRange(p, clampLo(boundaries[i]!), clampHi(boundaries[i + 1]!));
          counts[i] = range ? await index.count(range) : 0;
        }),
      );
      return counts;
    }
    const range = keyRange(p, clampLo(boundaries[0]!), clampHi(boundaries[n]!));
    if (!range) return counts;
    let cursor = await index.openCursor(range);
    let b = 0;
    while (cursor) {
      const r = cursor.value;
      if (p.residual(r)) {
        while (b < n - 1 && r.t >= boundaries[b + 1]!) b++;
        counts[b]!++;
      }
      cursor = await cursor.continue();
    }
    return counts;
  }

  /** Writes export block `b` when all its entries are there (writer only: runs in the queue). */
  private async buildBlock(b: number): Promise<boolean> {
    const tx = this.db.transaction(['entries', 'blocks'], 'readwrite');
    const records = await tx.objectStore('entries').getAll(IDBKeyRange.bound(b * BLOCK_SIZE + 1, (b + 1) * BLOCK_SIZE));
    if (records.length !== BLOCK_SIZE) {
      await tx.done;
      return false;
    }
    const bytes = new TextEncoder().encode(records.map((r) => r.j).join(',\n'));
    await Promise.all([tx.objectStore('blocks').put({ b, bytes }), tx.done]);
    return true;
  }

  /**
   * Builds the export blocks that are missing (after an upgrade, a crash between an append
   * and its block, or a bulk import). Cheap when none is: one key read.
   */
  buildMissingBlocks(): Promise<number> {
    return this.serial(async () => {
      const tx = this.db.transaction(['entries', 'blocks']);
      const [first, last, have] = await Promise.all([
        tx.objectStore('entries').openKeyCursor(),
        tx.objectStore('entries').openKeyCursor(null, 'prev'),
        tx.objectStore('blocks').getAllKeys(),
      ]);
      await tx.done;
      if (!first || !last) return 0;
      const present = new Set(have);
      let built = 0;
      for (let b = Math.ceil((first.key - 1) / BLOCK_SIZE); (b + 1) * BLOCK_SIZE <= last.key; b++) {
        if (!present.has(b) && (await this.buildBlock(b))) built++;
      }
      return built;
    });
  }

  /** The whole chain as the export document's parts (extension/audit/export.ts). */
  exportJsonParts(): Promise<BlobPart[]> {
    return exportJsonParts(this.db, this.now());
  }

  /** The export as a JSON Blob (the viewer downloads it). */
  async exportJson(): Promise<Blob> {
    return new Blob(await this.exportJsonParts(), { type: 'application/json' });
  }

  /** The export as text (tests, the viewer's chain check). */
  async exportJsonText(): Promise<string> {
    return (await this.exportJson()).text();
  }

  /** The whole log as CSV parts: UTF-8 with BOM (Excel), CRLF, one row per entry. */
  exportCsvParts(): Promise<string[]> {
    return exportCsvParts(this.db);
  }

  async exportCsv(): Promise<Blob> {
    return new Blob(await this.exportCsvParts(), { type: 'text/csv;charset=utf-8' });
  }
}
