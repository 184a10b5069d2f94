/**
 * The audit database's shape: its name and version, the stored record (flat, with the
 * exported entry in `j`), the export blocks, the indexes, the migrations, and the store's
 * errors. See extension/audit/store.ts for how it is written.
 *
 * A stored record is flat: `{ id, t: time, y: type, r?: tier, tr: 0|1, c?: clientId, j }`
 * where `j` is the entry exactly as exported (JSON.stringify, the store's key order) and the
 * other fields exist only for the indexes (`tr`: the training flag as a key — booleans
 * cannot be IndexedDB keys; `c`: the sender's random event id). Reading a page parses 100
 * `j`s; exporting copies whole blocks of 1,000 lines, so 100,000 entries are 100 reads.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { AuditEntry, AuditEventType } from '../../shared/audit';

export const AUDIT_DB_NAME = 'hersys-assist-audit';
export const AUDIT_DB_VERSION = 2;
/** Entries per export block (see `blocks`). */
export const BLOCK_SIZE = 1000;
export const DEFAULT_RETENTION_DAYS = 400;
export const DAY_MS = 86_400_000;
/** Share of the oldest entries dropped when the quota is hit and nothing is past retention. */
export const QUOTA_PURGE_SHARE = 0.1;
export const EXPORT_BATCH = 5_000;

export interface StoredRecord {
  id: number;
  /** entry.time */
  t: string;
  /** entry.type */
  y: string;
  /** entry.tier, absent when null (then not in the tier indexes) */
  r?: string;
  tr: 0 | 1;
  /** The sender's clientId (absent for the background's own events). */
  c?: string;
  /** The entry as exported. */
  j: string;
}

export type IndexName = 'clientId' | 'time' | 'type_time' | 'tier_time' | 'tr_time' | 'tr_type_time' | 'tr_tier_time';

/**
 * An export block: the lines of entries b·BLOCK_SIZE+1 … (b+1)·BLOCK_SIZE exactly as the
 * export writes them (`j`s joined by ",\n"), UTF-8. Derived data, written by the same single
 * writer once a block is full and deleted with any entry it covers; the export reads 100
 * blocks instead of 100,000 records (IndexedDB's cost is per record).
 */
export interface StoredBlock {
  b: number;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface AuditDB extends DBSchema {
  entries: {
    key: number;
    value: StoredRecord;
    indexes: Record<IndexName, IDBValidKey>;
  };
  blocks: {
    key: number;
    value: StoredBlock;
  };
}
export type DB = IDBPDatabase<AuditDB>;

/**
 * Schema migrations: `MIGRATIONS[v]` takes a database at version v−1 to v. Never edit a
 * released step; add the next one and bump AUDIT_DB_VERSION.
 */
export const MIGRATIONS: Record<number, (db: DB, tx: IDBPTransaction<AuditDB, StoreNames<AuditDB>[], 'versionchange'>) => void> = {
  1: (db) => {
    const s = db.createObjectStore('entries', { keyPath: 'id' });
    s.createIndex('clientId', 'c', { unique: true });
    s.createIndex('time', 't');
    s.createIndex('type_time', ['y', 't']);
    s.createIndex('tier_time', ['r', 't']);
    s.createIndex('tr_time', ['tr', 't']);
    s.createIndex('tr_type_time', ['tr', 'y', 't']);
    s.createIndex('tr_tier_time', ['tr', 'r', 't']);
  },
  // v2: export blocks (built for existing entries by buildMissingBlocks at the next start).
  2: (db) => {
    db.createObjectStore('blocks', { keyPath: 'b' });
  },
};

export type AuditErrorKind = 'quota' | 'storage';
export class AuditStoreError extends Error {
  constructor(
    readonly kind: AuditErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AuditStoreError';
  }
}

export function isQuotaError(e: unknown, tx?: { error: DOMException | null }): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || tx?.error?.name === 'QuotaExceededError';
}

export interface AuditFilter {
  /** Inclusive lower bound (ISO time). */
  from?: string;
  /** Exclusive upper bound (ISO time). */
  to?: string;
  type?: AuditEventType;
  tier?: string;
  /** Default 'all'. */
  training?: 'all' | 'real' | 'training';
}

/** Where a page of results ends: the next page starts after this entry (newest first). */
export interface PageToken {
  time: string;
  id: number;
}

export interface PurgeResult {
  removed: number;
  fromId?: number;
  toId?: number;
  /** The id of the retention-purge entry written. */
  entryId?: number;
}

export interface AuditNotice {
  kind: 'quota-purge';
  removed: number;
  at: string;
}

export interface AuditStoreOptions {
  dbName?: string;
  now?: () => number;
  /** Current retention (days); read at each purge. */
  retentionDays?: () => number;
  /** Called when the quota forced a purge (the service tells the user). */
  onNotice?: (notice: AuditNotice) => void;
}

/** How an entry is stored. */
export function toRecord(entry: AuditEntry, clientId?: string): StoredRecord {
  const rec: StoredRecord = { id: entry.id, t: entry.time, y: entry.type, tr: entry.training ? 1 : 0, j: JSON.stringify(entry) };
  if (entry.tier !== null) rec.r = entry.tier;
  if (clientId) rec.c = clientId;
  return rec;
}

/** The entry a record holds. */
export function fromRecord(rec: StoredRecord): AuditEntry {
  return JSON.parse(rec.j) as AuditEntry;
}

/** The index and key prefix a filter reads, and what is left to check per entry. */
