/**
 * The audit log's background service: the only writer of the audit store.
 *
 * - Receives `hersys-assist/audit` messages (runtime.sendMessage, or on a
 *   `hersys-assist/audit` port; zod-validated, from this extension only),
 *   replaces the person key by its HMAC-SHA-256 under a per-installation secret, masks the
 *   override reason again, de-duplicates `form-evaluated` per document and retries by
 *   clientId, and answers `{ ok: true, id }` only after the entry's transaction committed.
 * - Sets the training flag from the sender: true only for our training page and its replica
 *   frame (isTrainingSender), whatever the event claims.
 * - Logs `settings-changed` (the names of the changed keys, never their values).
 * - Applies retention at start-up and daily (chrome.alarms); the store logs each purge.
 * - Tells the user when the storage quota forced a purge (badge + a notice the viewer shows).
 *
 * The HMAC secret is 32 random bytes in `storage.local` under AUDIT_SECRET_KEY; it is never
 * exported, never written to the database, and the HMAC key is imported non-extractable.
 */
import { STORAGE_KEYS } from '../../shared/storage-keys';
import { browser, type Browser } from 'wxt/browser';
import {
  alertSignature,
  canonicalJson,
  formSignature,
  personHmacMessage,
  toAppendInput,
  type AuditAppendInput,
  type AuditResponse,
} from '../../shared/audit';
import { sha256Hex } from '../../shared/sha256';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../shared/settings';
import { AUDIT_ACK, AUDIT_PORT, dispatcher, senderAllowed, type AuditAck, type RequestOf } from '../../shared/messages';
import { isTrainingSender, senderKind } from './senders';
import { SessionMap } from './session-map';
import { loadSettings } from '../settings';
import { AuditStore, AuditStoreError, DEFAULT_RETENTION_DAYS, type AuditNotice, type AuditStoreOptions } from '../audit/store';

export const AUDIT_SECRET_KEY = STORAGE_KEYS.auditSecret;
export const AUDIT_NOTICE_KEY = STORAGE_KEYS.auditNotice;
export const AUDIT_PURGE_ALARM = 'hersys-assist/audit-retention';
const FORM_STATE_KEY = STORAGE_KEYS.auditFormState;
const SETTINGS_KEY = STORAGE_KEYS.settings;
const MAX_FORM_STATES = 200;
const PERSON_CACHE_SIZE = 256;
/** alert-raised already logged (digest → time, id), kept in storage.session. */
const ALERT_STATE_KEY = STORAGE_KEYS.auditAlertSeen;
/** The same alert (person, level, codes, day) is logged again only after this long. */
export const ALERT_ONCE_MS = 24 * 60 * 60 * 1000;
const MAX_ALERT_STATES = 20_000;

type Sender = Browser.runtime.MessageSender;

export interface AuditServiceOptions {
  /** Store options (tests pass a database name and a clock). */
  store?: AuditStoreOptions;
  now?: () => number;
}

function toHex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

interface FormState {
  sig: string;
  id: Promise<number>;
}

export class AuditService {
  private storePromise: Promise<AuditStore> | null = null;
  private keyPromise: Promise<CryptoKey> | null = null;
  private settingsCache: Settings | null = null;
  /** The last form-evaluated per document (a digest of what it said, and its entry). */
  private readonly formStates = new SessionMap<FormState, { sig: string; id: number }>(
    FORM_STATE_KEY,
    MAX_FORM_STATES,
    (v) => {
      const o = v as { sig?: unknown; id?: unknown } | null;
      return typeof o?.sig === 'string' && typeof o.id === 'number' ? { sig: o.sig, id: Promise.resolve(o.id) } : null;
    },
    async (v) => {
      const id = await v.id.catch(() => null);
      return id === null ? null : { sig: v.sig, id };
    },
  );
  /** alert-raised already logged: digest → [time, entry id]. */
  private readonly alertStates = new SessionMap<{ t: number; id: number }, [number, number]>(
    ALERT_STATE_KEY,
    MAX_ALERT_STATES,
    (v) => (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' ? { t: v[0], id: v[1] } : null),
    (v) => [v.t, v.id],
  );
  private readonly now: () => number;

  constructor(private readonly options: AuditServiceOptions = {}) {
    this.now = options.now ?? options.store?.now ?? Date.now;
  }

  // -------------------------------------------------------------------------------------------
  // Dependencies.

  store(): Promise<AuditStore> {
    this.storePromise ??= AuditStore.open({
      now: this.now,
      retentionDays: () => this.settingsCache?.retentionDays ?? DEFAULT_RETENTION_DAYS,
      onNotice: (n) => void this.notify(n),
      ...this.options.store,
    }).catch((e) => {
      this.storePromise = null;
      throw e;
    });
    return this.storePromise;
  }

  /** Drops the connection (closed by an upgrade elsewhere, or broken); the next call reopens. */
  private resetStore(): void {
    const p = this.storePromise;
    this.storePromise = null;
    p?.then((s) => s.close()).catch(() => undefined);
  }

  async settings(): Promise<Settings> {
    if (this.settingsCache) return this.settingsCache;
    try {
      // The settings in force: an administrator's retention (storage.managed) wins.
      this.settingsCache = await loadSettings();
    } catch {
      this.settingsCache = DEFAULT_SETTINGS;
    }
    return this.settingsCache;
  }

  private hmacKey(): Promise<CryptoKey> {
    this.keyPromise ??= (async () => {
      const got = await browser.storage.local.get(AUDIT_SECRET_KEY);
      let raw = typeof got[AUDIT_SECRET_KEY] === 'string' ? fromBase64(got[AUDIT_SECRET_KEY]) : null;
      if (!raw || raw.length < 32) {
        raw = crypto.getRandomValues(new Uint8Array(32));
        await browser.storage.local.set({ [AUDIT_SECRET_KEY]: toBase64(raw) });
      }
      return crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    })().catch((e) => {
      this.keyPromise = null;
      throw e;
    });
    return this.keyPromise;
  }

  /** Recent person keys → their HMAC, in this worker's memory only (a form sends the same key many times). */
  private readonly personCache = new Map<string, string>();

  /** HMAC-SHA-256 of the person key under the installation secret (hex). */
  async personHash(key: string): Promise<string> {
    const cached = this.personCache.get(key);
    if (cached) return cached;
    const mac = toHex(await crypto.subtle.sign('HMAC', await this.hmacKey(), new TextEncoder().encode(personHmacMessage(key))));
    if (this.personCache.size >= PERSON_CACHE_SIZE) this.personCache.delete(this.personCache.keys().next().value!);
    this.personCache.set(key, mac);
    return mac;
  }

  // -------------------------------------------------------------------------------------------
  // Appending.

  /** Appends through the store, reopening the database once if its connection was lost. */
  async append(input: AuditAppendInput): Promise<{ id: number; duplicate: boolean }> {
    await this.settings();
    try {
      return await (await this.store()).append(input);
    } catch (e) {
      if (e instanceof AuditStoreError) throw e;
      this.resetStore();
      return (await this.store()).append(input);
    }
  }

  /**
   * A runtime.onMessage listener for audit messages alone (undefined for anything else, so
   * other listeners can answer those); the background's dispatcher calls `handle` directly.
   */
  readonly handleMessage = dispatcher<Sender, 'audit'>({ audit: (request, sender) => this.handle(request, sender) }, senderKind) as (
    message: unknown,
    sender: Sender,
  ) => Promise<AuditResponse> | undefined;

  /** An audit request already validated against the message table, from an allowed sender. */
  async handle(request: RequestOf<'audit'>, sender: Sender): Promise<AuditResponse> {
    const event = request.event;
    try {
      const person = event.personKey ? await this.personHash(event.personKey) : null;
      const input = toAppendInput(event, person, isTrainingSender(sender));
      if (input.type === 'form-evaluated') return await this.appendFormEvaluated(input, sender);
      if (input.type === 'alert-raised') return await this.appendAlertOnce(input, event.once ?? '');
      const r = await this.append(input);
      return r.duplicate ? { ok: true, id: r.id, duplicate: true } : { ok: true, id: r.id };
    } catch (e) {
      return { ok: false, error: e instanceof AuditStoreError && e.kind === 'quota' ? 'quota' : 'storage' };
    }
  }

  /** The document a message came from (never its URL: that may carry an id). */
  private docKey(sender: Sender): string {
    const s = sender as Sender & { documentId?: string };
    return s.documentId ?? `tab${s.tab?.id ?? 'none'}:frame${s.frameId ?? 0}`;
  }

  /**
   * alert-raised is written once per person, page, level, codes and day within ALERT_ONCE_MS
   * (reloading a 5,000-row list does not log its alerts again); the answer names the first entry.
   */
  private async appendAlertOnce(input: AuditAppendInput, once: string): Promise<AuditResponse> {
    await this.alertStates.load();
    // A short digest: storage.session holds no more than the log itself does.
    const key = sha256Hex(alertSignature(input, once)).slice(0, 32);
    const now = this.now();
    const known = this.alertStates.get(key);
    if (known && now - known.t >= 0 && now - known.t < ALERT_ONCE_MS) return { ok: true, id: known.id, unchanged: true };
    const r = await this.append(input);
    this.alertStates.set(key, { t: now, id: r.id });
    this.alertStates.scheduleSave();
    return r.duplicate ? { ok: true, id: r.id, duplicate: true } : { ok: true, id: r.id };
  }

  /** form-evaluated is written only when tier, reasons, problems or person changed for the document. */
  private async appendFormEvaluated(input: AuditAppendInput, sender: Sender): Promise<AuditResponse> {
    await this.formStates.load();
    const key = this.docKey(sender);
    // A short digest of the codes: storage.session holds no more than the log itself does.
    const sig = sha256Hex(formSignature(input)).slice(0, 32);
    const known = this.formStates.get(key);
    if (known && known.sig === sig) {
      const id = await known.id.catch(() => null);
      if (id !== null) return { ok: true, id, unchanged: true };
    }
    const write = this.append(input);
    const state: FormState = { sig, id: write.then((r) => r.id) };
    this.formStates.set(key, state);
    try {
      const r = await write;
      this.formStates.scheduleSave();
      return r.duplicate ? { ok: true, id: r.id, duplicate: true } : { ok: true, id: r.id };
    } catch (e) {
      if (this.formStates.get(key) === state) this.formStates.delete(key);
      throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Settings, retention, errors, notices.

  /** storage.onChanged handler: logs which settings keys changed (names only) and applies a new retention. */
  async onStorageChanged(changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string): Promise<void> {
    if (area === 'managed') {
      // An administrator's policy changed: the keys it touched are logged (names only).
      this.settingsCache = null;
      const keys = Object.keys(changes).sort();
      if (keys.length === 0) return;
      try {
        await this.append(this.internalEvent('settings-changed', { keys: keys.join(','), source: 'policy' }));
      } catch {
        // the policy itself is in force regardless
      }
      if (keys.includes('retentionDays')) await this.runRetention();
      return;
    }
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    const change = changes[SETTINGS_KEY]!;
    const before = parseSettings(change.oldValue ?? {}).settings as Record<string, unknown>;
    const after = parseSettings(change.newValue ?? {}).settings as Settings;
    this.settingsCache = null; // re-read with the policy laid over it
    const keys = Object.keys({ ...before, ...after })
      .filter((k) => canonicalJson(before[k] ?? null) !== canonicalJson((after as Record<string, unknown>)[k] ?? null))
      .sort();
    if (keys.length === 0) return;
    try {
      await this.append(this.internalEvent('settings-changed', { keys: keys.join(',') }));
    } catch {
      // logged nowhere else; the settings themselves were saved
    }
    if (keys.includes('retentionDays')) await this.runRetention();
  }

  private internalEvent(type: 'settings-changed' | 'extension-error', detail: Record<string, string | number | boolean>): AuditAppendInput {
    return { type, page: null, tier: null, reasons: [], problems: [], rulesetVersion: null, training: false, person: null, reason: null, detail };
  }

  /** Logs a fail-open case of the background itself (`where` is a code such as 'audit.purge'). */
  async logError(where: string): Promise<void> {
    try {
      await this.append(this.internalEvent('extension-error', { where }));
    } catch {
      // nowhere left to log
    }
  }

  /** Removes entries older than the retention setting (the store logs the purge). */
  async runRetention(): Promise<number> {
    try {
      const days = (await this.settings()).retentionDays;
      const r = await (await this.store()).purge(days, this.now());
      return r.removed;
    } catch {
      await this.logError('audit.purge');
      return 0;
    }
  }

  /** Builds missing export blocks (after an upgrade or a crash); cheap when none is missing. */
  async buildBlocks(): Promise<number> {
    try {
      return await (await this.store()).buildMissingBlocks();
    } catch {
      return 0;
    }
  }

  private async notify(notice: AuditNotice): Promise<void> {
    try {
      await browser.storage.local.set({ [AUDIT_NOTICE_KEY]: notice });
    } catch {
      // the badge still tells
    }
    try {
      await browser.action.setBadgeBackgroundColor({ color: '#b00020' });
      await browser.action.setBadgeText({ text: '!' });
      await browser.action.setTitle({
        title: `監査ログの容量が不足したため古い記録 ${notice.removed} 件を削除しました / Audit log storage was full: the ${notice.removed} oldest entries were removed`,
      });
    } catch {
      // no action API (tests)
    }
  }
}

type Port = ReturnType<typeof browser.runtime.connect>;

/** A client's port (see audit-client PortTransport): each audit message is answered on it with an ack carrying its clientId. */
export function servePort(service: AuditService, port: Port): void {
  if (port.name !== AUDIT_PORT) return;
  const sender = port.sender;
  if (!sender || !senderAllowed('audit', senderKind(sender))) {
    port.disconnect();
    return;
  }
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  port.onMessage.addListener((message: unknown) => {
    const reply = service.handleMessage(message, sender);
    if (!reply) return;
    const event = (message as { event?: { clientId?: unknown } }).event;
    const clientId = typeof event?.clientId === 'string' ? event.clientId : null;
    void reply.then((response) => {
      if (!open) return; // the sender retries; its clientId makes the retry harmless
      try {
        port.postMessage({ type: AUDIT_ACK, clientId, response } satisfies AuditAck);
      } catch {
        // disconnected meanwhile
      }
    });
  });
}

/** Ensures the daily retention alarm exists (alarms survive restarts; creating again would reset it). */
export async function ensureRetentionAlarm(): Promise<void> {
  const existing = await browser.alarms.get(AUDIT_PURGE_ALARM);
  if (!existing) await browser.alarms.create(AUDIT_PURGE_ALARM, { delayInMinutes: 24 * 60, periodInMinutes: 24 * 60 });
}

/**
 * Wires the service into the background: port, storage and alarm listeners (registered
 * synchronously, as a service worker must), the daily alarm and the start-up purge. Audit
 * messages reach `handle` through the background's one dispatcher (extension/background/index.ts).
 */
export function startAuditService(options: AuditServiceOptions = {}): AuditService {
  const service = new AuditService(options);
  browser.runtime.onConnect.addListener((port) => servePort(service, port));
  browser.storage.onChanged.addListener((changes, area) => void service.onStorageChanged(changes, area));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUDIT_PURGE_ALARM) void service.runRetention();
  });
  void ensureRetentionAlarm().catch(() => service.logError('audit.alarm'));
  void service.runRetention().then(() => service.buildBlocks());
  return service;
}
