/**
 * Message senders (issue 8, security review): the background answers only our pages and our
 * content scripts in a tab, each for the message types it needs; a content script answers only
 * our extension pages with a known message shape. And the audit service follows an
 * administrator's retention and logs a policy change by key names.
 */
import 'fake-indexeddb/auto';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../extension/background/audit-service';
import { senderKind } from '../../extension/background/senders';
import { tabReceiver } from '../../content/clients/messages';
import { senderAllowed, type MessageName, messageNameOf } from '../../shared/messages';
import type { AuditExport } from '../../shared/audit';

const tab = { id: 7 } as Browser.tabs.Tab;
const own = (p: string) => fakeBrowser.runtime.getURL(p as '/');
const contentScript = () => ({ id: fakeBrowser.runtime.id, url: 'https://stop.cov19.mhlw.go.jp/hasseitodoke', tab });
const popup = () => ({ id: fakeBrowser.runtime.id, url: own('/popup.html') });

beforeEach(() => fakeBrowser.reset());

describe('senderKind / senderAllowed', () => {
  it('tells our pages, our content scripts and everything else apart', () => {
    expect(senderKind(popup())).toBe('extension-page');
    expect(senderKind(contentScript())).toBe('content-script');
    expect(senderKind({ id: 'another-extension-id', url: 'https://stop.cov19.mhlw.go.jp/', tab })).toBe('foreign');
    expect(senderKind({ id: fakeBrowser.runtime.id })).toBe('foreign'); // neither our URL nor a tab
    expect(senderKind({ id: fakeBrowser.runtime.id, url: 'chrome-extension://someone-else/popup.html' })).toBe('foreign');
    expect(senderKind(undefined)).toBe('foreign');
  });

  it('a content script may send the audit and same-number messages and nothing else', () => {
    const allowed = (type: unknown, sender: Parameters<typeof senderKind>[0]) => {
      const name: MessageName | null = messageNameOf({ type });
      return name !== null && senderAllowed(name, senderKind(sender));
    };
    expect(allowed('hersys-assist/audit', contentScript())).toBe(true);
    expect(allowed('hersys-assist/phone-seen', contentScript())).toBe(true);
    expect(allowed('hersys-assist/get-state', contentScript())).toBe(false);
    expect(allowed('hersys-assist/settings-set', contentScript())).toBe(false);
    expect(allowed(42, contentScript())).toBe(false);
    expect(allowed('hersys-assist/audit', { id: 'another-extension-id', tab })).toBe(false);
    expect(allowed('hersys-assist/get-state', popup())).toBe(true);
  });
});

describe('content script: tab messages', () => {
  it('answers get-state and get-metrics from our pages only, with exactly that shape', async () => {
    const state = { page: null, notification: null, observation: null };
    const receive = tabReceiver({ getState: () => state, getMetrics: () => ({ 'scan.ms': [1.5] }) });
    expect(await receive({ type: 'hersys-assist/get-state' }, popup())).toEqual(state);
    expect(await receive({ type: 'hersys-assist/get-metrics' }, { id: fakeBrowser.runtime.id, url: own('/background.js') })).toEqual({ 'scan.ms': [1.5] });
    expect(await receive({ type: 'hersys-assist/get-state' }, contentScript())).toEqual({ error: 'forbidden' });
    expect(await receive({ type: 'hersys-assist/get-state', extra: 1 }, popup())).toEqual({ error: 'invalid' });
    expect(receive({ type: 'hersys-assist/do-anything' }, popup())).toBeUndefined();
    expect(receive('hersys-assist/get-state', popup())).toBeUndefined();
    // the audit message is the background's: a tab does not answer it
    expect(receive({ type: 'hersys-assist/audit', event: {} }, popup())).toBeUndefined();
  });
});

describe('audit service', () => {
  let n = 0;
  let s: AuditService;
  beforeEach(() => {
    s = new AuditService({ store: { dbName: `policy-senders-${++n}` }, now: () => Date.UTC(2024, 0, 10) });
  });
  afterEach(async () => (await s.store()).close());
  const msg = (type: string) => ({ type: 'hersys-assist/audit', event: { type, page: 'notification', clientId: `client-${n}-${Math.random().toString(36).slice(2, 10)}` } });

  it('refuses an audit message with our id but neither a tab nor our URL, accepts our content script and pages', async () => {
    expect(await s.handleMessage(msg('submit-clean'), { id: fakeBrowser.runtime.id })).toEqual({ ok: false, error: 'forbidden' });
    expect(await s.handleMessage(msg('submit-clean'), contentScript())).toMatchObject({ ok: true });
    expect(await s.handleMessage(msg('submit-clean'), popup())).toMatchObject({ ok: true });
  });

  it('uses the administrator’s retention over the user’s, and logs a policy change by key names', async () => {
    await fakeBrowser.storage.local.set({ settings: { retentionDays: 400 } });
    await (fakeBrowser.storage.managed as unknown as { set(v: object): Promise<void> }).set({ retentionDays: 30 });
    expect((await s.settings()).retentionDays).toBe(30);
    await s.onStorageChanged({ retentionDays: { newValue: 30 }, guardEnabled: { newValue: false } }, 'managed');
    const doc = JSON.parse(await (await s.store()).exportJsonText()) as AuditExport;
    const changed = doc.entries.filter((e) => e.type === 'settings-changed');
    expect(changed.map((e) => e.detail)).toEqual([{ keys: 'guardEnabled,retentionDays', source: 'policy' }]);
  });
});
