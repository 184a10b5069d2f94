/**
 * extension/audit-service.ts with fakeBrowser and fake-indexeddb: sender and message checks,
 * the person HMAC, form-evaluated de-duplication (also across a worker restart), idempotent
 * retries, settings-changed with key names only, retention and the quota notice.
 */
import 'fake-indexeddb/auto';
import { createHmac } from 'node:crypto';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyExport, type AuditExport, type AuditResponse } from '../../shared/audit';
import { AUDIT_NOTICE_KEY, AUDIT_PURGE_ALARM, AUDIT_SECRET_KEY, AuditService, ensureRetentionAlarm } from '../../extension/background/audit-service';
import { saveSettings } from '../../content/clients/settings';

const DAY = 86_400_000;
let n = 0;
let dbName = '';
let now = Date.UTC(2024, 0, 10);
const services: AuditService[] = [];

function service(): AuditService {
  const s = new AuditService({ store: { dbName }, now: () => now });
  services.push(s);
  return s;
}
// A content script in a tab (extension/senders.ts: our id alone, without a tab or our URL, is refused).
const aTab = { id: 1 } as Browser.tabs.Tab;
const me = () => ({ id: fakeBrowser.runtime.id, documentId: 'doc-1', tab: aTab });
const msg = (event: Record<string, unknown>) => ({
  type: 'hersys-assist/audit',
  event: { page: 'notification', clientId: `client-${++n}-xxxxxxxx`, ...event },
});

async function exportOf(s: AuditService): Promise<AuditExport> {
  return JSON.parse(await (await s.store()).exportJsonText()) as AuditExport;
}

beforeEach(() => {
  fakeBrowser.reset();
  dbName = `audit-service-${++n}`;
  now = Date.UTC(2024, 0, 10);
});
afterEach(async () => {
  for (const s of services.splice(0)) (await s.store()).close();
});

describe('messages', () => {
  it('answers only audit messages, only from this extension, only when valid', async () => {
    const s = service();
    expect(s.handleMessage({ type: 'hersys-assist/get-state' }, me())).toBeUndefined();
    expect(await s.handleMessage(msg({ type: 'submit-clean' }), { id: 'another-extension' })).toEqual({ ok: false, error: 'forbidden' });
    expect(await s.handleMessage(msg({ type: 'submit-clean', name: '試験花子' }), me())).toEqual({ ok: false, error: 'invalid' });
    expect(await s.handleMessage(msg({ type: 'submit-clean' }), me())).toEqual({ ok: true, id: 1 });
  });

  it('a retried event (same clientId) is stored once', async () => {
    const s = service();
    const m = msg({ type: 'submit-blocked', tier: 'priority' });
    const [a, b] = await Promise.all([s.handleMessage(m, me()), s.handleMessage(m, me())]);
    expect(a).toEqual({ ok: true, id: 1 });
    expect(b).toEqual({ ok: true, id: 1, duplicate: true });
    expect((await exportOf(s)).count).toBe(1);
  });

  it('replaces the person key by its HMAC under the installation secret and stores the key nowhere', async () => {
    const s = service();
    await s.handleMessage(msg({ type: 'submit-clean', personKey: 'p:09027182818|b:1951-06-15' }), me());
    await s.handleMessage(msg({ type: 'submit-blocked', personKey: 'p:０９０２７１８２８１８|b:1951-06-15' }), me());
    const secret = (await fakeBrowser.storage.local.get(AUDIT_SECRET_KEY))[AUDIT_SECRET_KEY] as string;
    expect(Buffer.from(secret, 'base64')).toHaveLength(32);
    const want = createHmac('sha256', Buffer.from(secret, 'base64')).update('hersys-assist/person/v1\np:09027182818|b:1951-06-15').digest('hex');
    const doc = await exportOf(s);
    expect(doc.entries.map((e) => e.person)).toEqual([want, want]);
    const everything = JSON.stringify(doc) + JSON.stringify(await fakeBrowser.storage.session.get(null));
    expect(everything).not.toContain('09027182818');
    expect(everything).not.toContain('1951-06-15');
    expect(JSON.stringify(doc)).not.toContain(secret);
  });

  it('keeps the same secret across restarts, so a person links across days', async () => {
    const a = service();
    await a.handleMessage(msg({ type: 'submit-clean', personKey: 'k1' }), me());
    const b = service();
    await b.handleMessage(msg({ type: 'submit-clean', personKey: 'k1' }), me());
    const doc = await exportOf(b);
    expect(doc.entries[0]!.person).toBe(doc.entries[1]!.person);
  });

  it('masks digit runs of an override reason again, whatever the sender did', async () => {
    const s = service();
    await s.handleMessage(msg({ type: 'submit-overridden', reason: '本人に０９０－２７１８－２８１８で確認' }), me());
    expect((await exportOf(s)).entries[0]!.reason).toBe('本人に#で確認');
  });

  it('marks entries as training from the sender (our training page or replica frame), not from what the event claims', async () => {
    const s = service();
    const from = (url: string) => ({ ...me(), url });
    const own = (p: string) => fakeBrowser.runtime.getURL(p as '/');
    await s.handleMessage(msg({ type: 'submit-clean' }), from(own('/replica-frame.html?scenario=pregnancy-blank')));
    await s.handleMessage(msg({ type: 'submit-clean', training: false }), from(own('/training.html')));
    // A HER-SYS page (content script) or another extension page cannot claim training.
    await s.handleMessage(msg({ type: 'submit-clean', training: true, page: 'training' }), from('https://stop.cov19.mhlw.go.jp/training.html'));
    await s.handleMessage(msg({ type: 'submit-clean', training: true }), from(own('/audit.html')));
    await s.handleMessage(msg({ type: 'submit-clean', training: true }), me());
    const doc = await exportOf(s);
    expect(doc.entries.map((e) => e.training)).toEqual([true, true, false, false, false]);
    expect(verifyExport(doc)).toMatchObject({ ok: true, count: 5 });
  });
});

describe('form-evaluated', () => {
  const evaluated = (tier: string, problems: { field: string; code: string }[] = []) => msg({ type: 'form-evaluated', tier, problems, personKey: 'k' });

  it('is written only when tier or problems change, per document', async () => {
    const s = service();
    const r1 = (await s.handleMessage(evaluated('unknown', [{ field: 'phone', code: 'REQUIRED_MISSING' }]), me())) as AuditResponse;
    const r2 = await s.handleMessage(evaluated('unknown', [{ field: 'phone', code: 'REQUIRED_MISSING' }]), me());
    expect(r2).toEqual({ ok: true, id: (r1 as { id: number }).id, unchanged: true });
    await s.handleMessage(evaluated('priority'), me());
    await s.handleMessage(evaluated('priority'), me());
    await s.handleMessage(evaluated('priority'), { id: fakeBrowser.runtime.id, documentId: 'doc-2', tab: { ...aTab, id: 2 } });
    const doc = await exportOf(s);
    expect(doc.entries.map((e) => e.tier)).toEqual(['unknown', 'priority', 'priority']);
  });

  it('remembers the last result across a worker restart (storage.session, saved within 300 ms)', async () => {
    const a = service();
    await a.handleMessage(evaluated('priority'), me());
    await new Promise((r) => setTimeout(r, 400));
    const b = service();
    expect(await b.handleMessage(evaluated('priority'), me())).toMatchObject({ ok: true, unchanged: true });
    expect((await exportOf(b)).count).toBe(1);
  });
});

describe('alert-raised', () => {
  const alert = (personKey: string, day: string, reasons = ['TEMP_GE_37_5'], tier = 'warning') =>
    msg({ type: 'alert-raised', page: 'observation-list', tier, reasons, personKey, rulesetVersion: 'obs-1', once: day });

  it('reloading the list does not log the same alert again: once per person, level, codes and day, from any tab', async () => {
    const s = service();
    const first = (await s.handleMessage(alert('id:10000001', '2022-02-09'), me())) as AuditResponse;
    // The same list reloaded (a new document, another tab): the first entry is named, nothing is written.
    expect(await s.handleMessage(alert('id:10000001', '2022-02-09'), { id: fakeBrowser.runtime.id, documentId: 'doc-9', tab: { ...aTab, id: 9 } })).toEqual({
      ok: true,
      id: (first as { id: number }).id,
      unchanged: true,
    });
    // Another day, another person, other codes or another level: new entries.
    await s.handleMessage(alert('id:10000001', '2022-02-10'), me());
    await s.handleMessage(alert('id:10000002', '2022-02-09'), me());
    await s.handleMessage(alert('id:10000001', '2022-02-09', ['SPO2_LT_96', 'BREATHLESS']), me());
    await s.handleMessage(alert('id:10000001', '2022-02-09', ['TEMP_GE_37_5'], 'critical'), me());
    expect((await exportOf(s)).count).toBe(5);
  });

  it('after 24 h the same alert is logged again, and the memory survives a worker restart', async () => {
    const a = service();
    await a.handleMessage(alert('id:10000001', '2022-02-09'), me());
    await new Promise((r) => setTimeout(r, 400));
    const b = service();
    expect(await b.handleMessage(alert('id:10000001', '2022-02-09'), me())).toMatchObject({ ok: true, unchanged: true });
    now += DAY;
    expect(await b.handleMessage(alert('id:10000001', '2022-02-09'), me())).not.toHaveProperty('unchanged');
    expect((await exportOf(b)).count).toBe(2);
  });

  it('keeps the day only as a digest: neither the day nor the person key is stored in clear', async () => {
    const s = service();
    await s.handleMessage(alert('id:10000001', '2022-02-09'), me());
    await new Promise((r) => setTimeout(r, 400));
    const stored = JSON.stringify(await fakeBrowser.storage.session.get(null)) + (await (await s.store()).exportJsonText());
    expect(stored).not.toContain('2022-02-09');
    expect(stored).not.toContain('10000001');
  });
});

describe('settings, retention, notices', () => {
  it('logs settings-changed with the key names only', async () => {
    const s = service();
    fakeBrowser.storage.onChanged.addListener((c, area) => void s.onStorageChanged(c, area));
    await saveSettings({ guardEnabled: false, selectorMap: { phone: '#tel-secret-selector' } });
    // The listener appends asynchronously: wait for it rather than a fixed delay (slow under load).
    await vi.waitFor(async () => expect((await exportOf(s)).entries).toHaveLength(1), { timeout: 5000 });
    const doc = await exportOf(s);
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]).toMatchObject({ type: 'settings-changed', detail: { keys: 'guardEnabled,selectorMap' } });
    expect(JSON.stringify(doc)).not.toContain('tel-secret-selector');
  });

  it('purges by the retention setting, and again when it is changed', async () => {
    const s = service();
    fakeBrowser.storage.onChanged.addListener((c, area) => void s.onStorageChanged(c, area));
    for (let d = 0; d < 10; d++) {
      now = Date.UTC(2024, 0, 10) + d * DAY;
      await s.handleMessage(msg({ type: 'submit-clean' }), me());
    }
    now = Date.UTC(2024, 0, 10) + 10 * DAY;
    expect(await s.runRetention()).toBe(0); // 400 days by default
    await saveSettings({ retentionDays: 3 });
    await vi.waitFor(async () => expect((await exportOf(s)).entries.at(-1)?.type).toBe('retention-purge'), { timeout: 5000 });
    const doc = await exportOf(s);
    expect(doc.entries.map((e) => e.type)).toEqual([
      'submit-clean', 'submit-clean', 'submit-clean', 'settings-changed', 'retention-purge',
    ]);
    expect(doc.entries.at(-1)!.detail).toMatchObject({ reason: 'retention', fromId: 1, toId: 7, retentionDays: 3 });
    expect(verifyExport(doc)).toMatchObject({ ok: true });
  });

  it('creates the daily alarm once', async () => {
    await ensureRetentionAlarm();
    const first = await fakeBrowser.alarms.get(AUDIT_PURGE_ALARM);
    expect(first?.periodInMinutes).toBe(1440);
    await ensureRetentionAlarm();
    expect(await fakeBrowser.alarms.getAll()).toHaveLength(1);
  });

  it('records a quota purge notice for the viewer', async () => {
    const s = service();
    // The store calls this (through its onNotice option) after a quota purge.
    await (s as unknown as { notify: (n: unknown) => Promise<void> }).notify({ kind: 'quota-purge', removed: 12, at: 'x' });
    expect((await fakeBrowser.storage.local.get(AUDIT_NOTICE_KEY))[AUDIT_NOTICE_KEY]).toEqual({ kind: 'quota-purge', removed: 12, at: 'x' });
  });
});
