/**
 * Every message between the extension's contexts, in one table: its wire name, who may send
 * it, where it goes, the zod schema of the request and of the reply. One typed `send` (a
 * client over any transport) and one `dispatcher` (the only receiver of a context) use it,
 * so no message name is written anywhere else and no reply is cast: a reply that does not
 * match its schema is `null` to the caller.
 *
 * Pure: the transports (`runtime.sendMessage`, `tabs.sendMessage`) are passed in by the
 * clients in `content/clients/` and `extension/`. See docs/architecture.md.
 */
import * as z from 'zod/mini';
import { AuditClientEventSchema, type AuditResponse } from './audit';
import { FIELD_IDS, MYHERSYS_PSEUDO_FIELD } from './fields';
import { PhoneSeenRequestSchema } from './phone-seen';
import { PROBLEM_CODES } from './problems';

/** Who sent a message, as the receiver sees it. */
export type SenderKind = 'extension-page' | 'content-script' | 'foreign';

/** Where a message goes: the background's dispatcher, or the content script of one tab. */
export type Destination = 'background' | 'tab';

export interface MessageDef<Req extends z.ZodMiniType, Res extends z.ZodMiniType> {
  /** The wire name (`type` of the message object). */
  readonly type: string;
  readonly to: Destination;
  /** Senders the receiver accepts; anybody else gets no handler (a `forbidden` reply). */
  readonly from: readonly SenderKind[];
  /** The payload (everything but `type`). */
  readonly request: Req;
  readonly response: Res;
}

function def<Req extends z.ZodMiniType, Res extends z.ZodMiniType>(d: MessageDef<Req, Res>): MessageDef<Req, Res> {
  return d;
}

// ---------------------------------------------------------------------------------------------
// Replies.

const AuditResponseSchema = z.union([
  z.object({ ok: z.literal(true), id: z.number(), duplicate: z.optional(z.literal(true)), unchanged: z.optional(z.literal(true)) }),
  z.object({ ok: z.literal(false), error: z.enum(['invalid', 'forbidden', 'quota', 'storage']) }),
]);
// The reply schema and the type the background builds are the same thing.
type _AuditResponseMatches = z.infer<typeof AuditResponseSchema> extends AuditResponse ? true : never;
const _auditResponseMatches: _AuditResponseMatches = true;
void _auditResponseMatches;

const PhoneSeenResponseSchema = z.union([
  z.object({ seen: z.boolean() }),
  z.object({ ok: z.boolean() }),
  z.object({ error: z.string() }),
]);

/** What a tab's content script tells the popup (and tests): its page kind and a snapshot of what it shows. */
const ProblemSnapshotSchema = z.object({
  field: z.enum([...FIELD_IDS, MYHERSYS_PSEUDO_FIELD]),
  code: z.enum(PROBLEM_CODES),
  level: z.enum(['error', 'warning', 'info']),
});
export const NotificationSnapshotSchema = z.object({
  page: z.literal('notification'),
  view: z.object({
    tier: z.string(),
    tierLabel: z.string(),
    status: z.enum(['ok', 'warning', 'error']),
    missing: z.array(z.string()),
    invalid: z.array(z.string()),
    unseen: z.array(z.string()),
    reasons: z.array(z.object({ code: z.string(), text: z.string() })),
    age: z.nullable(z.number()),
    riskCount: z.number(),
    problems: z.array(ProblemSnapshotSchema),
  }),
  inspector: z.array(
    z.object({ field: z.string(), source: z.string(), kind: z.string(), label: z.string(), state: z.string(), describe: z.string() }),
  ),
  selectorErrors: z.array(z.object({ field: z.string(), selector: z.string(), reason: z.enum(['invalid', 'no-match']) })),
});
export type NotificationSnapshot = z.infer<typeof NotificationSnapshotSchema>;

export const ObservationSnapshotSchema = z.object({
  page: z.enum(['observation-list', 'observation-person', 'observation-settings']),
  status: z.enum(['ok', 'warning', 'error']),
  counts: z.object({
    critical: z.number(),
    warning: z.number(),
    unanswered: z.number(),
    none: z.number(),
    acked: z.number(),
    rows: z.number(),
  }),
  trends: z.array(z.string()),
  settings: z.array(z.string()),
  filter: z.boolean(),
  current: z.nullable(z.number()),
});
export type ObservationSnapshot = z.infer<typeof ObservationSnapshotSchema>;

export const PAGE_KINDS = ['notification', 'observation-list', 'observation-person', 'observation-settings'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export const TabStateSchema = z.object({
  page: z.nullable(z.enum(PAGE_KINDS)),
  notification: z.nullable(NotificationSnapshotSchema),
  observation: z.nullable(ObservationSnapshotSchema),
});
export type TabState = z.infer<typeof TabStateSchema>;

/** Durations (ms) of recent scans, updates and renders, for the benchmarks and diagnostics. */
export const MetricsSchema = z.nullable(z.record(z.string(), z.array(z.number())));
export type Metrics = z.infer<typeof MetricsSchema>;

const Empty = z.strictObject({});

// ---------------------------------------------------------------------------------------------
// The table.

export const MESSAGES = {
  /** An audit event to the log's single writer (also sent on the `AUDIT_PORT` port). */
  audit: def({
    type: 'hersys-assist/audit',
    to: 'background',
    from: ['content-script', 'extension-page'],
    request: z.strictObject({ event: AuditClientEventSchema }),
    response: AuditResponseSchema,
  }),
  /** Was this phone number used in another 発生届 in the last 24 h (check), or was it just used (record). */
  samePhone: def({
    type: 'hersys-assist/phone-seen',
    to: 'background',
    from: ['content-script', 'extension-page'],
    request: PhoneSeenRequestSchema,
    response: PhoneSeenResponseSchema,
  }),
  /** The popup asks a tab what it shows. */
  getState: def({ type: 'hersys-assist/get-state', to: 'tab', from: ['extension-page'], request: Empty, response: TabStateSchema }),
  /** Benchmarks ask a tab for its recent durations. */
  getMetrics: def({ type: 'hersys-assist/get-metrics', to: 'tab', from: ['extension-page'], request: Empty, response: MetricsSchema }),
} as const;

export type MessageName = keyof typeof MESSAGES;
export type RequestOf<N extends MessageName> = z.infer<(typeof MESSAGES)[N]['request']>;
export type ResponseOf<N extends MessageName> = z.infer<(typeof MESSAGES)[N]['response']>;
export type BackgroundMessage = { [N in MessageName]: (typeof MESSAGES)[N]['to'] extends 'background' ? N : never }[MessageName];
export type TabMessage = { [N in MessageName]: (typeof MESSAGES)[N]['to'] extends 'tab' ? N : never }[MessageName];

/**
 * The audit client's long-lived port (runtime.connect): each message on it is an `audit`
 * message, answered with `{ type: AUDIT_ACK, clientId, response }`.
 */
export const AUDIT_PORT = 'hersys-assist/audit';
export const AUDIT_ACK = 'hersys-assist/audit-ack';
export const AuditAckSchema = z.object({
  type: z.literal(AUDIT_ACK),
  clientId: z.nullable(z.string()),
  response: AuditResponseSchema,
});
export type AuditAck = z.infer<typeof AuditAckSchema>;

const BY_TYPE: ReadonlyMap<string, MessageName> = new Map(Object.entries(MESSAGES).map(([name, d]) => [d.type, name as MessageName]));

/** The wire object of a message: `{ type, ...payload }`. */
export function wire<N extends MessageName>(name: N, payload: RequestOf<N>): { type: string } & RequestOf<N> {
  return { ...(payload as object), type: MESSAGES[name].type } as { type: string } & RequestOf<N>;
}

/** Which message a wire object is, if any (by its `type`). */
export function messageNameOf(message: unknown): MessageName | null {
  if (!message || typeof message !== 'object') return null;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' ? (BY_TYPE.get(type) ?? null) : null;
}

// ---------------------------------------------------------------------------------------------
// Senders.

export interface SenderLike {
  id?: string;
  url?: string;
  tab?: unknown;
}

/**
 * Who a sender is: one of our pages (this extension's id and a URL under its base), one of
 * our content scripts (our id, from a tab), or anybody else. `self` is this extension's id
 * and base URL (`runtime.id`, `runtime.getURL('/')`).
 */
export function senderKindOf(sender: SenderLike | undefined | null, self: { id: string; base: string }): SenderKind {
  if (!sender || sender.id !== self.id) return 'foreign';
  if (typeof sender.url === 'string' && sender.url.startsWith(self.base)) return 'extension-page';
  // A content script always speaks from a tab; our own id without a tab or our URL is not one of ours.
  if (sender.tab) return 'content-script';
  return 'foreign';
}

/** Whether a sender of `kind` may send the message `name`. */
export function senderAllowed(name: MessageName, kind: SenderKind): boolean {
  return (MESSAGES[name].from as readonly SenderKind[]).includes(kind);
}

// ---------------------------------------------------------------------------------------------
// One typed send, one dispatcher.

export type Transport = (message: unknown) => Promise<unknown>;

/**
 * Sends `name` over `transport` and checks the reply against the table: resolves with the
 * typed reply, or `null` when the transport failed (nobody listening, a worker restarting, an
 * extension reloaded under the page) or the reply does not match. Never rejects.
 */
export async function send<N extends MessageName>(transport: Transport, name: N, payload: RequestOf<N>): Promise<ResponseOf<N> | null> {
  let reply: unknown;
  try {
    reply = await transport(wire(name, payload));
  } catch {
    return null;
  }
  const parsed = MESSAGES[name].response.safeParse(reply);
  return parsed.success ? (parsed.data as ResponseOf<N>) : null;
}

export type Handlers<S, Names extends MessageName> = {
  [N in Names]: (request: RequestOf<N>, sender: S) => ResponseOf<N> | Promise<ResponseOf<N>>;
};

/** The reply to a message whose sender is not allowed to send it. */
export const FORBIDDEN = { error: 'forbidden' } as const;

/**
 * The receiver of one context: a `runtime.onMessage` listener that answers the messages it
 * has handlers for — from allowed senders only, with a request that matches its schema — and
 * returns `undefined` (not ours) for everything else. A sender that may not send a message
 * gets `FORBIDDEN` (audit: `{ ok: false, error: 'forbidden' }`); a bad request `invalid`.
 */
export function dispatcher<S, Names extends MessageName>(
  handlers: Handlers<S, Names>,
  kindOf: (sender: S) => SenderKind,
): (message: unknown, sender: S) => Promise<unknown> | undefined {
  const table = handlers as unknown as Record<string, ((request: unknown, sender: S) => unknown) | undefined>;
  return (message, sender) => {
    const name = messageNameOf(message);
    if (!name) return undefined;
    const handler = table[name];
    if (!handler) return undefined;
    const audit = name === 'audit';
    if (!senderAllowed(name, kindOf(sender))) return Promise.resolve(audit ? { ok: false, error: 'forbidden' } : FORBIDDEN);
    const { type: _type, ...payload } = message as Record<string, unknown>;
    void _type;
    const parsed = MESSAGES[name].request.safeParse(payload);
    if (!parsed.success) return Promise.resolve(audit ? { ok: false, error: 'invalid' } : { error: 'invalid' });
    try {
      return Promise.resolve(handler(parsed.data, sender));
    } catch (e) {
      return Promise.reject(e);
    }
  };
}
