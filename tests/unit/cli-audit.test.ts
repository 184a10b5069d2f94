/**
 * `hersys-assist audit verify <export.json>` (contract §7), the real binary as a child
 * process, on exports written by the extension's own store (fake-indexeddb): an untouched
 * export passes; one changed field, one removed entry (first, middle or last) fail at the
 * right entry with exit 1; unreadable input is exit 2 with one line.
 */
import 'fake-indexeddb/auto';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditStore } from '../../extension/audit/store';
import type { AuditAppendInput, AuditExport } from '../../shared/audit';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'hersys-assist.mjs');
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);

let tmp = '';
let untouched: AuditExport;
let untouchedText = '';
let purged: AuditExport;

function run(args: string[], input?: string): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, timeout: 60_000 });
}
const out = (r: SpawnSyncReturns<Buffer>) => r.stdout.toString('utf8');
const err = (r: SpawnSyncReturns<Buffer>) => r.stderr.toString('utf8');

/** The store's own layout (one entry per line): what the viewer exports and the CLI's fast reader reads. */
function layout(doc: AuditExport): string {
  const { entries, ...head } = doc;
  return JSON.stringify(head).slice(0, -1) + ',"entries":[' + (entries.length ? '\n' + entries.map((e) => JSON.stringify(e)).join(',\n') + '\n' : '') + ']}\n';
}

/** Writes an export in the store's layout (or a string as it is). */
function write(name: string, doc: unknown): string {
  const file = join(tmp, name);
  writeFileSync(file, typeof doc === 'string' ? doc : layout(doc as AuditExport));
  return file;
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function event(i: number): AuditAppendInput {
  const types = ['form-evaluated', 'submit-blocked', 'submit-overridden', 'submit-clean', 'alert-raised'] as const;
  const type = types[i % types.length]!;
  return {
    type,
    page: type === 'alert-raised' ? 'observation-list' : 'notification',
    tier: type === 'alert-raised' ? 'critical' : 'priority',
    reasons: ['AGE_65_PLUS'],
    problems: [{ field: 'phone', code: 'PHONE_INVALID' }],
    rulesetVersion: 'jp-2022-02-09',
    training: i % 2 === 0,
    person: 'ab'.repeat(32),
    reason: type === 'submit-overridden' ? '本人に # で確認済み' : null,
    detail: { where: 'guard.click', n: i },
  };
}

async function exportText(store: AuditStore): Promise<string> {
  return await store.exportJsonText();
}

/** Fails with exit 1 and one line naming entry #n (id). */
function expectBroken(r: SpawnSyncReturns<Buffer>, n: number, id: number) {
  expect(out(r)).toBe('');
  expect(r.status).toBe(1);
  const lines = err(r).split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(new RegExp(`^hersys-assist: 検証に失敗しました / verification failed: entry #${n} \\(id ${id}\\): \\S`));
}

beforeAll(async () => {
  const buildScript = new URL('../../scripts/build-cli.mjs', import.meta.url).href;
  const { buildCli } = (await import(buildScript)) as { buildCli: () => Promise<string> };
  await buildCli();
  tmp = mkdtempSync(join(tmpdir(), 'hersys-audit-cli-'));

  let now = T0;
  const a = await AuditStore.open({ dbName: 'cli-audit-untouched', now: () => now });
  for (let i = 0; i < 6; i++) {
    now = T0 + i * 60_000;
    await a.append(event(i));
  }
  untouchedText = await exportText(a);
  untouched = JSON.parse(untouchedText) as AuditExport;
  a.close();

  const b = await AuditStore.open({ dbName: 'cli-audit-purged', now: () => now });
  for (let d = 0; d < 8; d++) {
    now = T0 + d * DAY;
    await b.append(event(d));
  }
  now = T0 + 8 * DAY;
  await b.purge(3, now);
  purged = JSON.parse(await exportText(b)) as AuditExport;
  b.close();
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('audit verify', () => {
  it('passes an untouched export, printing the count and the time range', () => {
    expect(layout(untouched)).toBe(untouchedText); // the tests below write what the viewer writes
    const r = run(['audit', 'verify', write('ok.json', untouchedText)]);
    expect(err(r)).toBe('');
    expect(r.status).toBe(0);
    expect(out(r)).toBe(`OK: 6 entries, ${new Date(T0).toISOString()} – ${new Date(T0 + 5 * 60_000).toISOString()}\n`);
  });

  it('passes an export after a retention purge (the chain starts at the purge anchor)', () => {
    expect(purged.entries[0]!.prev).not.toBe('0'.repeat(64));
    const r = run(['audit', 'verify', write('purged.json', purged)]);
    expect(err(r)).toBe('');
    expect(r.status).toBe(0);
    expect(out(r)).toMatch(/^OK: 4 entries, /);
  });

  it('passes the same export in any other JSON layout (pretty-printed)', () => {
    const r = run(['audit', 'verify', write('pretty.json', JSON.stringify(untouched, null, 2))]);
    expect(err(r)).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails at the changed entry when the text itself was edited (a value in the line)', () => {
    const text = untouchedText.replace(/^(\{"id":4,.*?"tier":)"priority"/m, '$1"standard"');
    expect(text).not.toBe(untouchedText);
    expectBroken(run(['audit', 'verify', write('edited.json', text)]), 4, 4);
    const pretty = clone(untouched);
    pretty.entries[3]!.tier = 'standard';
    expectBroken(run(['audit', 'verify', write('edited-pretty.json', JSON.stringify(pretty, null, 2))]), 4, 4);
  });

  it('passes a file with a BOM and reads stdin as -', () => {
    expect(run(['audit', 'verify', write('bom.json', '\ufeff' + JSON.stringify(untouched))]).status).toBe(0);
    expect(run(['audit', 'verify', '-'], JSON.stringify(untouched)).status).toBe(0);
  });

  it('fails at the entry whose field was changed', () => {
    const doc = clone(untouched);
    doc.entries[2]!.tier = 'standard';
    expectBroken(run(['audit', 'verify', write('field.json', doc)]), 3, 3);
    const doc2 = clone(untouched);
    doc2.entries[4]!.detail = { where: 'guard.click', n: 99 };
    expectBroken(run(['audit', 'verify', write('detail.json', doc2)]), 5, 5);
  });

  it('fails at the entry after one that was removed from the middle (header adjusted or not)', () => {
    const doc = clone(untouched);
    doc.entries.splice(2, 1);
    expectBroken(run(['audit', 'verify', write('removed.json', doc)]), 3, 4);
    doc.count = 5;
    expectBroken(run(['audit', 'verify', write('removed-count.json', doc)]), 3, 4);
  });

  it('fails at the first entry when the first one was removed, and at the end when the last was', () => {
    const first = clone(untouched);
    first.entries.shift();
    expectBroken(run(['audit', 'verify', write('first.json', first)]), 1, 2);
    const last = clone(untouched);
    last.entries.pop();
    last.count = 5;
    expectBroken(run(['audit', 'verify', write('last.json', last)]), 5, 5);
  });

  it('fails when an entry was cut off the head of a purged export', () => {
    const doc = clone(purged);
    doc.entries.shift();
    doc.count--;
    expectBroken(run(['audit', 'verify', write('purged-cut.json', doc)]), 1, doc.entries[0]!.id);
  });

  const garbage: Array<[string, () => string[], RegExp]> = [
    ['not JSON', () => ['audit', 'verify', write('garbage.json', '{"format": "hersys-assist-audit", entries: [')], /not valid JSON/],
    ['binary noise', () => ['audit', 'verify', write('noise.json', '\u0000\u0001\u0002')], /not valid JSON/],
    ['JSON of another kind', () => ['audit', 'verify', write('other.json', JSON.stringify({ results: [] }))], /not an audit log export \(format/],
    ['a newer version', () => ['audit', 'verify', write('v2.json', JSON.stringify({ ...untouched, version: 2 }))], /unsupported version/],
    ['entries not an array', () => ['audit', 'verify', write('noentries.json', JSON.stringify({ ...untouched, entries: {} }))], /entries is not an array/],
    ['a missing file', () => ['audit', 'verify', join(tmp, 'nope.json')], /not found/],
    ['no file', () => ['audit', 'verify'], /missing <export.json>/],
    ['two files', () => ['audit', 'verify', write('a.json', untouched), write('b.json', untouched)], /unexpected argument/],
    ['an unknown option', () => ['audit', 'verify', '--fix', write('c.json', untouched)], /unknown option/],
    ['an unknown audit command', () => ['audit', 'repair', write('d.json', untouched)], /unknown audit command/],
  ];
  it.each(garbage)('%s → exit 2 with one line', (_name, args, pattern) => {
    const r = run(args());
    expect(r.status).toBe(2);
    expect(out(r)).toBe('');
    const lines = err(r).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^hersys-assist: \S.* \/ \S/);
    expect(lines[0]).toMatch(pattern);
  });

  it('lists audit verify in --help', () => {
    const r = run(['--help']);
    expect(out(r)).toContain('audit verify <export.json>');
    expect(out(r)).not.toMatch(/audit verify.*not available/);
  });
});
