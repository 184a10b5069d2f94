/**
 * The desk's store: one embedded DuckDB database file (README "Desk"), created and migrated on
 * first open, readable by its owner only. It holds the people of the imported 発生届 files
 * (every column of the file, for display and export), their worklist entry, what staff
 * recorded (interview answers, contact status, note) and a log of events. Exports are
 * logged by count and column names, never by content.
 *
 * Every rule (tier, problems, action, channel, ask, order) comes from shared/worklist.ts.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import { decodeCsvBytes, parseCsvRows, readNotificationCsv, type CsvReadResult } from '../../shared/csv';
import type { YMD } from '../../shared/dates';
import type { RawRecord } from '../../shared/evaluate';
import { FIELD_IDS, type FieldId } from '../../shared/fields';
import type { Problem } from '../../shared/problems';
import type { ReasonCode, Tier } from '../../shared/tier';
import {
  channelFor,
  compareWork,
  isPhoneShared,
  reevaluate,
  WorklistStream,
  type Action,
  type Channel,
  type RowFacts,
  type WorkItem,
  type WorklistEntry,
} from '../../shared/worklist';
import { problem } from '../../shared/problems';
import { sortProblems } from '../../shared/evaluate';

type Duck = typeof import('@duckdb/node-api');
type Connection = Awaited<ReturnType<Duck['DuckDBConnection']['create']>>;
type Instance = Awaited<ReturnType<Duck['DuckDBInstance']['create']>>;

export const SCHEMA_VERSION = 1;

const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `CREATE TABLE IF NOT EXISTS desk_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
   CREATE TABLE IF NOT EXISTS people (
     pid VARCHAR PRIMARY KEY,
     hersys_id VARCHAR NOT NULL,
     seq BIGINT NOT NULL,
     first_import INTEGER NOT NULL,
     last_import INTEGER NOT NULL,
     cells VARCHAR NOT NULL,
     record VARCHAR NOT NULL,
     record_hash VARCHAR NOT NULL,
     answers VARCHAR,
     tier VARCHAR NOT NULL,
     action VARCHAR NOT NULL,
     channel VARCHAR NOT NULL,
     reasons VARCHAR NOT NULL,
     ask VARCHAR NOT NULL,
     problems VARCHAR NOT NULL,
     diag_day INTEGER,
     phone_key VARCHAR,
     phone_kind VARCHAR NOT NULL,
     phone_placeholder BOOLEAN NOT NULL,
     status VARCHAR NOT NULL DEFAULT 'open',
     status_at TIMESTAMP,
     note VARCHAR NOT NULL DEFAULT '',
     changed BOOLEAN NOT NULL DEFAULT false
   );
   CREATE SEQUENCE IF NOT EXISTS event_seq;
   CREATE TABLE IF NOT EXISTS events (
     id BIGINT PRIMARY KEY DEFAULT nextval('event_seq'),
     ts TIMESTAMP NOT NULL,
     pid VARCHAR,
     kind VARCHAR NOT NULL,
     detail VARCHAR NOT NULL
   );
   CREATE TABLE IF NOT EXISTS imports (
     id INTEGER PRIMARY KEY,
     ts TIMESTAMP NOT NULL,
     row_count INTEGER NOT NULL,
     added INTEGER NOT NULL,
     updated INTEGER NOT NULL,
     changed INTEGER NOT NULL,
     headers VARCHAR NOT NULL
   );`,
];

export type ContactStatus = 'open' | 'reached' | 'absent';
export const CONTACT_STATUSES: readonly ContactStatus[] = ['open', 'reached', 'absent'];

/** One person as the desk page shows them: the worklist entry plus what staff recorded. */
export interface QueuePerson extends WorklistEntry {
  pid: string;
  name: string;
  answers: Partial<Record<FieldId, string>>;
  status: ContactStatus;
  statusAt: string | null;
  note: string;
  changed: boolean;
}

export interface ImportSummary {
  rows: number;
  added: number;
  updated: number;
  changed: number;
  duplicates: number;
}

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; error: Extract<CsvReadResult, { ok: false }> };

export interface DeskEvent {
  at: string;
  kind: string;
  detail: Record<string, unknown>;
}

/** Header names that hold the person's name (shown in the queue, offered in the export). */
const NAME_HEADER = /^(?:氏名|患者氏名|名前|お名前|name|patient[ _-]?name)$/i;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function isBlankRow(row: readonly string[]): boolean {
  return row.every((c) => c.trim() === '');
}

/** The record with the interview answers on top (answers win over the file). */
export function withAnswers(rec: RawRecord, answers: Partial<Record<FieldId, string>> | null): RawRecord {
  return answers ? { ...rec, ...answers } : rec;
}

interface PersonRow {
  pid: string;
  hersysId: string;
  /** JSON array of the row's cells; the headers are those of the import (`last_import`). */
  cells: string;
  /** JSON of the record's non-blank fields. */
  record: string;
  hash: string;
  item: WorkItem;
  facts: RowFacts;
  answers: Partial<Record<FieldId, string>> | null;
}

export class DeskDb {
  private constructor(
    private readonly instance: Instance,
    private readonly conn: Connection,
    readonly path: string,
    private readonly asOf: () => YMD,
  ) {}

  /**
   * Opens (creating and migrating) the database at `path` (`:memory:` for tests). A new file
   * is created with owner-only permissions (the process umask is narrowed while it is made).
   */
  static async open(path: string, asOf: () => YMD): Promise<DeskDb> {
    const duck: Duck = await import('@duckdb/node-api');
    const fresh = path !== ':memory:' && !existsSync(path);
    // Owner-only for everything the database writes (the file, its WAL, temp files): the
    // desk is its own process, so the narrower umask stays for the rest of the run.
    narrowUmask();
    const instance = await duck.DuckDBInstance.create(path);
    if (path !== ':memory:') for (const f of [path, `${path}.wal`]) ownerOnly(f);
    const conn = await instance.connect();
    const db = new DeskDb(instance, conn, path, asOf);
    await db.migrate(fresh);
    return db;
  }

  private async migrate(_fresh: boolean): Promise<void> {
    await this.conn.run('CREATE TABLE IF NOT EXISTS desk_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)');
    const r = await this.conn.runAndReadAll("SELECT value FROM desk_meta WHERE key = 'schema'");
    const current = r.getRowObjectsJS().length ? Number(r.getRowObjectsJS()[0]!.value) : 0;
    for (let v = current; v < MIGRATIONS.length; v++) {
      await this.conn.run('BEGIN TRANSACTION');
      await this.conn.run(MIGRATIONS[v]!);
      await this.conn.run("INSERT OR REPLACE INTO desk_meta VALUES ('schema', ?)", [String(v + 1)]);
      await this.conn.run('COMMIT');
    }
  }

  async schemaVersion(): Promise<number> {
    const r = await this.conn.runAndReadAll("SELECT value FROM desk_meta WHERE key = 'schema'");
    return Number(r.getRowObjectsJS()[0]?.value ?? 0);
  }

  close(): void {
    try {
      this.conn.closeSync();
    } finally {
      this.instance.closeSync();
    }
  }

  private async log(pid: string | null, kind: string, detail: Record<string, unknown>): Promise<void> {
    await this.conn.run('INSERT INTO events (ts, pid, kind, detail) VALUES (now()::TIMESTAMP, ?, ?, ?)', [pid, kind, JSON.stringify(detail)]);
  }

  /**
   * Imports a day's CSV file: new people are added, people already known (same HER-SYS ID)
   * are updated in place — their status, note and answers kept, `changed` set when their
   * 発生届 differs — and nobody is added twice. Nothing is written when the file is unreadable.
   */
  async importCsv(bytes: Uint8Array): Promise<ImportOutcome> {
    const { text } = decodeCsvBytes(bytes);
    const records: RawRecord[] = [];
    const csv = readNotificationCsv(text, (rec) => records.push(rec));
    if (!csv.ok) return { ok: false, error: csv };
    const parsed = parseCsvRows(text).data;
    let h = 0;
    while (h < parsed.length && isBlankRow(parsed[h]!)) h++;
    const headers = (parsed[h] ?? []).map((c) => c.trim());
    const rows: string[][] = [];
    for (let i = h + 1; i < parsed.length; i++) if (!isBlankRow(parsed[i]!)) rows.push(parsed[i]!);

    const meta = await this.conn.runAndReadAll('SELECT coalesce(max(id), 0) + 1 AS imp, (SELECT coalesce(max(seq), 0) FROM people) AS seq FROM imports');
    const m = meta.getRowObjectsJS()[0]!;
    const importNo = Number(m.imp);
    let seq = Number(m.seq);

    const existing = new Map<string, { hash: string; answers: Partial<Record<FieldId, string>> | null }>();
    const ex = await this.conn.runAndReadAll('SELECT pid, record_hash, answers FROM people');
    for (const [pid, hash, answers] of ex.getRowsJS() as [string, string, string | null][]) {
      existing.set(pid, { hash, answers: answers ? JSON.parse(answers) : null });
    }

    // One worklist over the file's people (effective records: file + interview answers).
    const stream = new WorklistStream({ asOf: this.asOf() });
    const people: Omit<PersonRow, 'item' | 'facts'>[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    for (let i = 0; i < records.length; i++) {
      const rec = records[i]!;
      const hersysId = rec.id?.trim() ?? '';
      const pid = hersysId !== '' ? hersysId : `#${importNo}-${i + 1}`;
      if (seen.has(pid)) {
        duplicates++;
        continue;
      }
      seen.add(pid);
      const known = existing.get(pid);
      const answers = known?.answers ?? null;
      // The record as stored: its non-blank fields, in field order (also what the change check hashes).
      const fields: Record<string, string> = {};
      for (const f of FIELD_IDS) {
        const v = rec[f];
        if (v) fields[f] = v;
      }
      const record = JSON.stringify(fields);
      people.push({ pid, hersysId, cells: JSON.stringify(rows[i] ?? []), record, hash: sha256(record), answers });
      stream.add({ ...withAnswers(rec, answers), id: pid });
    }
    const items = stream.finishItems();
    const factsByRow = stream.facts;

    // Numbers shared with people of earlier days count too (自動架電 takes one number per person).
    const keys = await this.conn.runAndReadAll('SELECT phone_key, list(pid) FROM people WHERE phone_key IS NOT NULL GROUP BY phone_key');
    const earlier = new Map<string, string[]>();
    for (const [k, pids] of keys.getRowsJS() as [string, string[]][]) earlier.set(k, pids.filter((p) => !seen.has(p)));
    const reshare = new Set<string>();
    for (let i = 0; i < items.length; i++) {
      const key = factsByRow[i]!.phoneKey;
      const others = key === null ? undefined : earlier.get(key);
      if (!others || others.length === 0) continue;
      markShared(items[i]!, factsByRow[i]!);
      for (const p of others) reshare.add(p);
    }

    let added = 0;
    let changed = 0;
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await this.conn.run('CREATE OR REPLACE TABLE staging AS SELECT * EXCLUDE (status, status_at, note, changed) FROM people LIMIT 0');
      const ap = await this.conn.createAppender('staging');
      for (let i = 0; i < people.length; i++) {
        const p = people[i]!;
        const item = items[i]!;
        const facts = factsByRow[i]!;
        const known = existing.get(p.pid);
        if (!known) {
          added++;
          seq++;
        } else if (known.hash !== p.hash) changed++;
        appendPerson(ap, { ...p, item, facts }, known ? 0 : seq, importNo);
      }
      ap.closeSync();
      await this.conn.run(
        `INSERT INTO events (ts, pid, kind, detail)
         SELECT now()::TIMESTAMP, s.pid, 'changed', '{}' FROM staging s JOIN people p USING (pid) WHERE p.record_hash <> s.record_hash`,
      );
      // People already known: the file's data is updated, what staff recorded is kept.
      await this.conn.run(
        `UPDATE people SET
           changed = people.changed OR people.record_hash <> s.record_hash,
           hersys_id = s.hersys_id, last_import = s.last_import, cells = s.cells,
           record = s.record, record_hash = s.record_hash, tier = s.tier,
           action = s.action, channel = s.channel, reasons = s.reasons,
           ask = s.ask, problems = s.problems, diag_day = s.diag_day,
           phone_key = s.phone_key, phone_kind = s.phone_kind,
           phone_placeholder = s.phone_placeholder
         FROM staging s WHERE people.pid = s.pid`,
      );
      await this.conn.run(
        `INSERT INTO people SELECT s.*, 'open', NULL, '', false FROM staging s
         WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.pid = s.pid)`,
      );
      for (const pid of reshare) await this.reevaluateStored(pid, true);
      const summary: ImportSummary = { rows: records.length, added, updated: people.length - added, changed, duplicates };
      await this.conn.run('INSERT INTO imports VALUES (?, now()::TIMESTAMP, ?, ?, ?, ?, ?)', [
        importNo,
        summary.rows,
        summary.added,
        summary.updated,
        summary.changed,
        JSON.stringify(headers),
      ]);
      await this.log(null, 'import', { ...summary });
      await this.conn.run('DROP TABLE staging');
      await this.conn.run('COMMIT');
      return { ok: true, summary };
    } catch (e) {
      await this.conn.run('ROLLBACK');
      throw e;
    }
  }

  /** Re-tiers a stored person from their record and answers (same engine), keeping `sharedPhone`. */
  private async reevaluateStored(pid: string, sharedPhone: boolean): Promise<{ before: Tier; after: Tier } | null> {
    const r = await this.conn.runAndReadAll('SELECT record, answers, tier FROM people WHERE pid = ?', [pid]);
    const row = r.getRowObjectsJS()[0];
    if (!row) return null;
    const rec = JSON.parse(String(row.record)) as RawRecord;
    const answers = row.answers ? (JSON.parse(String(row.answers)) as Partial<Record<FieldId, string>>) : null;
    const { item, facts } = reevaluate({ ...withAnswers(rec, answers), id: pid }, { asOf: this.asOf() }, sharedPhone);
    const e = item.entry;
    await this.conn.run(
      'UPDATE people SET tier = ?, action = ?, channel = ?, reasons = ?, ask = ?, problems = ?, diag_day = ? WHERE pid = ?',
      [e.tier, e.action, e.channel, e.reasons.join(' '), e.ask.join(' '), JSON.stringify(e.problems), facts.diagnosisDay, pid],
    );
    return { before: row.tier as Tier, after: e.tier };
  }

  /**
   * Records interview answers (field → 有/無/不明 or a dose count; '' clears one) and re-tiers
   * the person at once; the change is logged. Null when there is no such person.
   */
  async setAnswers(pid: string, answers: Partial<Record<FieldId, string>>): Promise<{ before: Tier; after: Tier } | null> {
    const r = await this.conn.runAndReadAll('SELECT answers, problems FROM people WHERE pid = ?', [pid]);
    const row = r.getRowObjectsJS()[0];
    if (!row) return null;
    const merged: Record<string, string> = { ...(row.answers ? JSON.parse(String(row.answers)) : {}) };
    for (const [f, v] of Object.entries(answers)) {
      if (v === '' || v === undefined) delete merged[f];
      else merged[f] = v;
    }
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await this.conn.run('UPDATE people SET answers = ? WHERE pid = ?', [Object.keys(merged).length ? JSON.stringify(merged) : null, pid]);
      const shared = (JSON.parse(String(row.problems)) as Problem[]).some((p) => p.code === 'PHONE_SHARED');
      const change = await this.reevaluateStored(pid, shared);
      await this.log(pid, 'retier', { from: change!.before, to: change!.after, fields: Object.keys(answers) });
      await this.conn.run('COMMIT');
      return change;
    } catch (e) {
      await this.conn.run('ROLLBACK');
      throw e;
    }
  }

  /** Marks 連絡済み / 不在 (with the time) or back to open. False when there is no such person. */
  async setStatus(pid: string, status: ContactStatus): Promise<boolean> {
    const r = await this.conn.runAndReadAll(
      `UPDATE people SET status = ?, status_at = CASE WHEN ? = 'open' THEN NULL ELSE now()::TIMESTAMP END WHERE pid = ? RETURNING pid`,
      [status, status, pid],
    );
    if (r.getRowsJS().length === 0) return false;
    await this.log(pid, 'status', { status });
    return true;
  }

  async setNote(pid: string, note: string): Promise<boolean> {
    const r = await this.conn.runAndReadAll('UPDATE people SET note = ? WHERE pid = ? RETURNING pid', [note, pid]);
    if (r.getRowsJS().length === 0) return false;
    await this.log(pid, 'note', { length: note.length });
    return true;
  }

  /** Everyone in worklist order (rank over the whole list), with what staff recorded. */
  async queue(): Promise<QueuePerson[]> {
    const r = await this.conn.runAndReadAll(
      `SELECT pid, hersys_id, seq, cells, tier, action, channel, reasons, ask, problems, diag_day, answers,
              status, strftime(status_at, '%Y-%m-%d %H:%M') AS status_at, note, changed, last_import FROM people`,
    );
    const nameColumn = new Map<number, number>();
    for (const [id, headers] of await this.importHeaders()) nameColumn.set(id, headers.findIndex((h) => NAME_HEADER.test(h)));
    const rows = r.getRowsJS() as unknown[][];
    const list = rows.map((c) => ({
      pid: c[0] as string,
      hersysId: c[1] as string,
      index: Number(c[2]),
      cells: c[3] as string,
      tier: c[4] as Tier,
      action: c[5] as Action,
      channel: c[6] as Channel,
      reasons: c[7] as string,
      ask: c[8] as string,
      problems: c[9] as string,
      diagnosisDay: c[10] === null ? null : Number(c[10]),
      answers: c[11] as string | null,
      status: c[12] as ContactStatus,
      statusAt: c[13] as string | null,
      note: c[14] as string,
      changed: Boolean(c[15]),
      nameAt: nameColumn.get(Number(c[16])) ?? -1,
    }));
    list.sort(compareWork);
    return list.map((p, i) => ({
      rank: i + 1,
      pid: p.pid,
      id: p.hersysId,
      name: p.nameAt < 0 ? '' : String((JSON.parse(p.cells) as string[])[p.nameAt] ?? '').trim(),
      tier: p.tier,
      action: p.action,
      channel: p.channel,
      reasons: splitList(p.reasons) as ReasonCode[],
      ask: splitList(p.ask) as FieldId[],
      problems: JSON.parse(p.problems) as Problem[],
      answers: p.answers ? JSON.parse(p.answers) : {},
      status: p.status,
      statusAt: p.statusAt,
      note: p.note,
      changed: p.changed,
    }));
  }

  /** Each import's header row (trimmed), by import number. */
  private async importHeaders(): Promise<Map<number, string[]>> {
    const r = await this.conn.runAndReadAll('SELECT id, headers FROM imports ORDER BY id');
    return new Map((r.getRowsJS() as [number, string][]).map(([id, h]) => [Number(id), JSON.parse(h) as string[]]));
  }

  /** The columns of every imported file, in first-seen order (for the export chooser). */
  async fileHeaders(): Promise<string[]> {
    const out: string[] = [];
    for (const headers of (await this.importHeaders()).values()) for (const name of headers) if (name !== '' && !out.includes(name)) out.push(name);
    return out;
  }

  /** The file cells of the given people (pid → header → value), and their phone as read. */
  async cellsOf(pids: readonly string[]): Promise<Map<string, { cells: Map<string, string>; phone: string }>> {
    const out = new Map<string, { cells: Map<string, string>; phone: string }>();
    if (pids.length === 0) return out;
    const wanted = new Set(pids);
    const headers = await this.importHeaders();
    const r = await this.conn.runAndReadAll('SELECT pid, cells, record, last_import FROM people');
    for (const [pid, cells, record, imp] of r.getRowsJS() as [string, string, string, number][]) {
      if (!wanted.has(pid)) continue;
      const names = headers.get(Number(imp)) ?? [];
      const values = JSON.parse(cells) as string[];
      const m = new Map<string, string>();
      names.forEach((h, i) => {
        if (h !== '' && !m.has(h)) m.set(h, values[i] ?? '');
      });
      out.set(pid, { cells: m, phone: (JSON.parse(record) as RawRecord).phone ?? '' });
    }
    return out;
  }

  /** Logs that an export happened: how many rows and which columns, never the content. */
  async logExport(rows: number, columns: readonly string[], encoding: string): Promise<void> {
    await this.log(null, 'export', { rows, columns, encoding });
  }

  async events(pid: string | null, limit = 50): Promise<DeskEvent[]> {
    const r = await this.conn.runAndReadAll(
      `SELECT strftime(ts, '%Y-%m-%d %H:%M:%S'), kind, detail FROM events WHERE (? IS NULL AND pid IS NULL) OR pid = ? ORDER BY id DESC LIMIT ?`,
      [pid, pid, limit],
    );
    return (r.getRowsJS() as [string, string, string][]).map(([at, kind, detail]) => ({ at, kind, detail: JSON.parse(detail) }));
  }

  async count(): Promise<number> {
    const r = await this.conn.runAndReadAll('SELECT count(*) FROM people');
    return Number((r.getRowsJS()[0] as unknown[])[0]);
  }
}

function narrowUmask(): void {
  try {
    process.umask(process.umask() | 0o077);
  } catch {
    // worker threads cannot change it; the files are chmod-ed below
  }
}

function ownerOnly(file: string): void {
  try {
    if (existsSync(file)) chmodSync(file, 0o600);
  } catch {
    // a file system without modes
  }
}

function markShared(item: WorkItem, facts: RowFacts): void {
  const e = item.entry;
  if (facts.phoneKey === null || isPhoneShared(e)) return;
  e.problems = sortProblems([...e.problems, problem('PHONE_SHARED')]);
  e.channel = channelFor(facts.phone, true);
}

function appendPerson(ap: Awaited<ReturnType<Connection['createAppender']>>, p: PersonRow, seq: number, importNo: number): void {
  const e = p.item.entry;
  ap.appendVarchar(p.pid);
  ap.appendVarchar(p.hersysId);
  ap.appendBigInt(BigInt(seq));
  ap.appendInteger(importNo);
  ap.appendInteger(importNo);
  ap.appendVarchar(p.cells);
  ap.appendVarchar(p.record);
  ap.appendVarchar(p.hash);
  if (p.answers) ap.appendVarchar(JSON.stringify(p.answers));
  else ap.appendNull();
  ap.appendVarchar(e.tier);
  ap.appendVarchar(e.action);
  ap.appendVarchar(e.channel);
  ap.appendVarchar(e.reasons.join(' '));
  ap.appendVarchar(e.ask.join(' '));
  ap.appendVarchar(JSON.stringify(e.problems));
  if (p.facts.diagnosisDay === null) ap.appendNull();
  else ap.appendInteger(p.facts.diagnosisDay);
  if (p.facts.phoneKey === null) ap.appendNull();
  else ap.appendVarchar(p.facts.phoneKey);
  ap.appendVarchar(p.facts.phone.kind);
  ap.appendBoolean(p.facts.phone.placeholder);
  ap.endRow();
}

function splitList(s: string): string[] {
  return s === '' ? [] : s.split(' ');
}

export function nameHeader(headers: readonly string[]): string | null {
  return headers.find((h) => NAME_HEADER.test(h.trim())) ?? null;
}
