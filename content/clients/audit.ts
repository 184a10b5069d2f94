/**
 * What content scripts and extension pages call to write to the audit log:
 *
 *   sendAudit({ type: 'submit-overridden', page: 'notification', tier, problems, reason, personKey },
 *             { formValues: [name, phone, birthdate, herSysId] });
 *
 * Never throws and never blocks: the event is validated, its reason masked (digit runs and
 * the given form values), and it is queued in memory; one message is in flight at a time
 * (so a tab's events keep their order), sent over a long-lived port (PortTransport), and
 * each is retried with backoff until the background acknowledges that it committed —
 * across a service worker that is asleep, starting or restarting. A retry carries the same clientId, so it is stored once. The
 * returned promise resolves with the background's answer (or null if the event was
 * dropped: invalid, or the extension was reloaded under the page); it never rejects.
 *
 * The queue lives only in memory: `storage.session` is not available to content scripts,
 * and the raw person key must not be written anywhere.
 */
import { browser } from 'wxt/browser';
import {
  AuditClientEventSchema,
  canonicalJson,
  isRetryableAuditError,
  maskFreeText,
  type AuditClientEvent,
  type AuditResponse,
} from '../../shared/audit';
import { AUDIT_PORT, AuditAckSchema, MESSAGES, wire } from '../../shared/messages';

/** The wire form of the `audit` message (shared/messages.ts). */
export type AuditMessage = ReturnType<typeof wire<'audit'>>;

/** An event as callers give it: the clientId is added here. */
export type AuditEventInput = Omit<AuditClientEvent, 'clientId'> & { clientId?: string };

export interface AuditSendOptions {
  /** Values read from the form (name, phone, birthdate, IDs…): masked out of `reason` here, before queueing. */
  formValues?: readonly string[];
}

export interface AuditClientOptions {
  send?: (message: AuditMessage) => Promise<unknown>;
  /** Called when an answer is overdue, before the event is sent again (the port transport reconnects). */
  onTimeout?: () => void;
  /** Console logging by default. */
  log?: (error: unknown, where: string) => void;
  maxQueue?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A message not answered within this time is sent again (same clientId). */
  responseTimeoutMs?: number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

interface Item {
  message: AuditMessage;
  resolve: (r: AuditResponse | null) => void;
  promise: Promise<AuditResponse | null>;
  attempts: number;
}

function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** After an extension reload the page's old content script has no runtime any more. */
function checkRuntime(): void {
  if (!browser.runtime?.id) throw new Error('Extension context invalidated.');
}

type Port = ReturnType<typeof browser.runtime.connect>;

/**
 * The default transport: one long-lived port to the background, answers matched by
 * clientId. When the worker stops, the port disconnects, every waiting send fails (and is
 * retried by the client), and the next send connects again — which starts the worker. The
 * port is closed after a quiet spell so it holds nothing open for nothing.
 */
export class PortTransport {
  private port: Port | null = null;
  private readonly waiting = new Map<string, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly idleMs = 30_000) {}

  private connect(): Port {
    if (this.port) return this.port;
    checkRuntime();
    const port = browser.runtime.connect({ name: AUDIT_PORT });
    port.onMessage.addListener((m: unknown) => {
      const ack = AuditAckSchema.safeParse(m);
      const id = ack.success ? ack.data.clientId : null;
      if (!ack.success || id === null) return;
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      w?.resolve(ack.data.response);
      this.armIdle();
    });
    port.onDisconnect.addListener(() => this.drop(port, new Error('audit: the port to the background closed')));
    this.port = port;
    return port;
  }

  private drop(port: Port, error: Error): void {
    if (this.port !== port) return;
    this.port = null;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) w.reject(error);
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.waiting.size > 0) return;
    this.idleTimer = setTimeout(() => {
      const port = this.port;
      if (!port || this.waiting.size > 0) return;
      this.port = null;
      try {
        port.disconnect();
      } catch {
        // already gone
      }
    }, this.idleMs);
  }

  /** Forgets the current port (an answer is overdue: the port may be dead without having said so). */
  reset = (): void => {
    const port = this.port;
    if (!port) return;
    this.drop(port, new Error('audit: the port was reset'));
    try {
      port.disconnect();
    } catch {
      // already gone
    }
  };

  send = (message: AuditMessage): Promise<unknown> =>
    new Promise((resolve, reject) => {
      clearTimeout(this.idleTimer);
      const port = this.connect();
      const id = message.event.clientId;
      // A resend of the same event replaces the earlier wait (its answer serves both).
      this.waiting.get(id)?.reject(new Error('audit: superseded'));
      this.waiting.set(id, { resolve, reject });
      try {
        port.postMessage(message);
      } catch (e) {
        this.waiting.delete(id);
        this.drop(port, e instanceof Error ? e : new Error(String(e)));
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
}

/** The one-off alternative (runtime.sendMessage), e.g. for a page that sends a single event. */
export function sendMessageTransport(message: AuditMessage): Promise<unknown> {
  checkRuntime();
  return browser.runtime.sendMessage(message);
}

/** The background's answer, checked against the message table (anything else is retried). */
function responseOf(r: unknown): AuditResponse | null {
  const parsed = MESSAGES.audit.response.safeParse(r);
  return parsed.success ? parsed.data : null;
}

export class AuditClient {
  private readonly queue: Item[] = [];
  private pumping = false;
  private dead = false;
  private dropped = 0;
  private lastForm: { sig: string; promise: Promise<AuditResponse | null> } | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly o: Required<AuditClientOptions>;

  constructor(options: AuditClientOptions = {}) {
    const port = options.send ? null : new PortTransport();
    this.o = {
      send: options.send ?? port!.send,
      onTimeout: options.onTimeout ?? port?.reset ?? (() => undefined),
      log: options.log ?? ((e, where) => console.warn(`[HER-SYS Assist] ${where}:`, e)),
      maxQueue: options.maxQueue ?? 1000,
      baseDelayMs: options.baseDelayMs ?? 50,
      maxDelayMs: options.maxDelayMs ?? 5000,
      responseTimeoutMs: options.responseTimeoutMs ?? 5_000,
      setTimeout: options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms)),
      clearTimeout: options.clearTimeout ?? ((h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>)),
    };
  }

  /** Events not yet acknowledged. */
  pending(): number {
    return this.queue.length;
  }

  /** Resolves when every queued event has been acknowledged or dropped. */
  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  send(input: AuditEventInput, options: AuditSendOptions = {}): Promise<AuditResponse | null> {
    try {
      return this.enqueue(input, options);
    } catch (e) {
      this.o.log(e, 'audit.send');
      return Promise.resolve(null);
    }
  }

  private enqueue(input: AuditEventInput, options: AuditSendOptions): Promise<AuditResponse | null> {
    if (this.dead) return Promise.resolve(null);
    const event = { ...input, clientId: input.clientId ?? newClientId() };
    if (event.reason !== undefined) event.reason = maskFreeText(event.reason, options.formValues ?? []);
    const parsed = AuditClientEventSchema.safeParse(event);
    if (!parsed.success) {
      this.o.log(new Error(`invalid audit event: ${parsed.error.issues.map((i) => i.path.join('.') || i.code).join(', ')}`), 'audit.send');
      return Promise.resolve(null);
    }
    // form-evaluated: the same result again is not news (the background checks this too).
    let sig: string | null = null;
    if (event.type === 'form-evaluated') {
      const { clientId: _c, ...rest } = parsed.data;
      void _c;
      sig = canonicalJson({ ...rest, problems: [...(rest.problems ?? [])].map((p) => `${p.field}:${p.code}`).sort() });
      if (this.lastForm?.sig === sig) return this.lastForm.promise;
    }
    let resolve!: (r: AuditResponse | null) => void;
    const promise = new Promise<AuditResponse | null>((r) => (resolve = r));
    const item: Item = { message: wire('audit', { event: parsed.data }), resolve, promise, attempts: 0 };
    if (sig !== null) this.lastForm = { sig, promise };
    if (this.queue.length >= this.o.maxQueue) {
      // Drop the oldest not in flight; the count is reported once the background answers again.
      const victim = this.queue.splice(this.pumping ? 1 : 0, 1)[0];
      victim?.resolve(null);
      this.dropped++;
    }
    this.queue.push(item);
    void this.pump();
    return promise;
  }

  private delay(attempts: number): number {
    const exp = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(attempts, 16));
    return exp / 2 + Math.random() * (exp / 2);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((r) => this.o.setTimeout(r, ms));
  }

  /** One send; rejects when the send fails or no answer comes in time. */
  private attempt(item: Item): Promise<unknown> {
    item.attempts++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = this.o.setTimeout(() => {
        if (settled) return;
        settled = true;
        try {
          this.o.onTimeout();
        } catch {
          // nothing to reset
        }
        reject(new Error('audit: no answer in time'));
      }, this.o.responseTimeoutMs);
      Promise.resolve()
        .then(() => this.o.send(item.message))
        .then(
          (r) => {
            if (settled) return;
            settled = true;
            this.o.clearTimeout(timer);
            resolve(r);
          },
          (e: unknown) => {
            if (settled) return;
            settled = true;
            this.o.clearTimeout(timer);
            reject(e);
          },
        );
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.dead) {
        const item = this.queue[0]!;
        let result: AuditResponse | null | 'retry';
        try {
          const r = responseOf(await this.attempt(item));
          if (!r) result = 'retry';
          else if (r.ok) result = r;
          else if (isRetryableAuditError(r.error)) result = 'retry';
          else {
            this.o.log(new Error(`audit event refused: ${r.error}`), 'audit.send');
            result = r;
          }
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          if (/context invalidated/i.test(msg)) {
            // The extension was reloaded or updated under this page: nobody can answer any more.
            this.dead = true;
            break;
          }
          result = 'retry';
        }
        if (result === 'retry') {
          await this.wait(this.delay(item.attempts));
          continue;
        }
        this.queue.shift();
        item.resolve(result);
        if (result?.ok && this.dropped > 0) {
          const n = this.dropped;
          this.dropped = 0;
          void this.send({ type: 'extension-error', page: null, detail: { where: 'audit.queue-overflow', dropped: Math.min(n, 99_999) } });
        }
      }
    } finally {
      this.pumping = false;
      if (this.dead) for (const it of this.queue.splice(0)) it.resolve(null);
      if (this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}

let defaultClient: AuditClient | null = null;

/** The page's audit client (one per content-script or extension-page context). */
export function auditClient(): AuditClient {
  defaultClient ??= new AuditClient();
  return defaultClient;
}

/** Queues an audit event (see the module comment); never throws, never blocks. */
export function sendAudit(event: AuditEventInput, options?: AuditSendOptions): Promise<AuditResponse | null> {
  return auditClient().send(event, options);
}
