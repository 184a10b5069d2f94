/**
 * Evaluated in the extension's audit.html page by tests/bench/audit.bench.mjs: seeds a
 * separate database with a chain built by the extension's own code, and times the store's
 * exportJson (what the viewer's export button runs).
 */
import { AuditClient } from '../../content/clients/audit';
import { AuditStore, toRecord, AUDIT_DB_VERSION } from '../../extension/audit/store';
import { makeEntries } from './audit-data';

async function seed(dbName: string, n: number): Promise<number> {
  // Create the schema through the store (migrations), then bulk-write in large transactions.
  (await AuditStore.open({ dbName })).close();
  const entries = makeEntries(n, Date.now());
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(dbName, AUDIT_DB_VERSION);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  for (let i = 0; i < entries.length; i += 10_000) {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('entries', 'readwrite');
      const store = tx.objectStore('entries');
      for (const e of entries.slice(i, i + 10_000)) store.put(toRecord(e));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  db.close();
  // What the background does as blocks fill up (and at start-up for any it missed).
  const store = await AuditStore.open({ dbName });
  await store.buildMissingBlocks();
  store.close();
  return entries.length;
}

async function timeExport(dbName: string): Promise<{ ms: number; bytes: number }> {
  const store = await AuditStore.open({ dbName });
  try {
    const t0 = performance.now();
    const blob = await store.exportJson();
    const ms = performance.now() - t0;
    return { ms, bytes: blob.size };
  } finally {
    store.close();
  }
}

/** Appends through the real client (port transport), one at a time; the time of each until its ack. */
async function timeAppends(total: number, warmup: number): Promise<number[]> {
  const client = new AuditClient();
  const out: number[] = [];
  for (let i = 0; i < total + warmup; i++) {
    const t0 = performance.now();
    const r = await client.send({
      type: i % 3 === 0 ? 'submit-blocked' : 'form-evaluated',
      page: 'notification',
      tier: i % 2 ? 'priority' : 'standard',
      reasons: ['AGE_65_PLUS'],
      problems: [{ field: 'phone', code: 'PHONE_NOT_MOBILE' }, { field: 'birthdate', code: i % 2 ? 'BIRTHDATE_INVALID' : 'REQUIRED_MISSING' }],
      rulesetVersion: 'jp-2022-02-09',
      personKey: `p:090${String(10_000_000 + (i % 50))}|b:1950-01-01`,
    });
    const dt = performance.now() - t0;
    if (!r || r.ok !== true || r.unchanged) throw new Error(`append ${i} not written: ${JSON.stringify(r)}`);
    if (i >= warmup) out.push(dt);
  }
  return out;
}

(globalThis as unknown as { __auditBench: unknown }).__auditBench = { seed, timeExport, timeAppends };
