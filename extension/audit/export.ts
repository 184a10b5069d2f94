/**
 * Exports of the audit log: the JSON document the CLI verifies (whole blocks copied as stored,
 * the rest entry by entry, in one transaction) and CSV for a spreadsheet.
 */
import { EXPORT_FORMAT, EXPORT_VERSION, GENESIS } from '../../shared/audit';
import { CSV_COLUMNS, entryToCsvRow } from './csv';
import { BLOCK_SIZE, EXPORT_BATCH, fromRecord, type DB, type StoredRecord } from './schema';

/** Calls `onBatch` with every record in chain order, in batches, inside one read transaction. */
export async function forEachBatch(db: DB, onBatch: (records: StoredRecord[]) => void): Promise<void> {
  const tx = db.transaction('entries');
  let lower: IDBKeyRange | null = null;
  for (;;) {
    const batch = await tx.store.getAll(lower, EXPORT_BATCH);
    if (batch.length === 0) break;
    onBatch(batch);
    if (batch.length < EXPORT_BATCH) break;
    lower = IDBKeyRange.lowerBound(batch[batch.length - 1]!.id, true);
  }
  await tx.done;
}

/**
 * The whole chain as the export document's parts (header first; see shared/audit-chain
 * AuditExport): one entry per line exactly as stored — the layout the CLI's fast reader
 * expects. Full blocks come from `blocks`, the rest from the entries, in one transaction.
 */
export async function exportJsonParts(db: DB, now: number): Promise<BlobPart[]> {
  const tx = db.transaction(['entries', 'blocks']);
  const entries = tx.objectStore('entries');
  const [firstCursor, lastCursor, blocks] = await Promise.all([entries.openCursor(), entries.openCursor(null, 'prev'), tx.objectStore('blocks').getAll()]);
  const body: BlobPart[] = [];
  let count = 0;
  const start = firstCursor ? fromRecord(firstCursor.value) : null;
  const head = lastCursor ? fromRecord(lastCursor.value) : null;
  if (start && head) {
    const byIndex = new Map(blocks.map((blk) => [blk.b, blk.bytes]));
    let id = start.id;
    while (id <= head.id) {
      const b = Math.floor((id - 1) / BLOCK_SIZE);
      const blockEnd = (b + 1) * BLOCK_SIZE;
      const bytes = id === b * BLOCK_SIZE + 1 && blockEnd <= head.id ? byIndex.get(b) : undefined;
      body.push(count ? ',\n' : '\n');
      if (bytes) {
        body.push(bytes);
        count += BLOCK_SIZE;
      } else {
        const records = await entries.getAll(IDBKeyRange.bound(id, Math.min(blockEnd, head.id)));
        body.push(records.map((r) => r.j).join(',\n'));
        count += records.length;
      }
      id = blockEnd + 1;
    }
  }
  await tx.done;
  const header =
    `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exportedAt":${JSON.stringify(new Date(now).toISOString())},` +
    `"count":${count},"head":${head ? JSON.stringify({ id: head.id, hash: head.hash }) : 'null'},` +
    `"purgedBefore":${start && start.prev !== GENESIS ? JSON.stringify({ id: start.id, prev: start.prev }) : 'null'},"entries":[`;
  return [header, ...body, count ? '\n]}\n' : ']}\n'];
}

/** The whole log as CSV parts: UTF-8 with BOM (Excel), CRLF, one row per entry. */
export async function exportCsvParts(db: DB): Promise<string[]> {
  const parts = ['\ufeff' + CSV_COLUMNS.join(',') + '\r\n'];
  await forEachBatch(db, (records) => {
    let s = '';
    for (const r of records) s += entryToCsvRow(fromRecord(r)) + '\r\n';
    parts.push(s);
  });
  return parts;
}
