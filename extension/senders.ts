/**
 * Who may send which message (issue 8, security review). Every `runtime.onMessage` /
 * `onConnect` handler asks `senderAllowed(type, sender)` before it parses the message with zod.
 *
 * - Web pages cannot reach us at all: the manifest has no `externally_connectable`
 *   (tests/unit/manifest.test.ts), and other extensions arrive on `onMessageExternal`, which we
 *   do not listen to. The id check below is the second line.
 * - Our extension pages (popup, options, audit viewer, training page) are trusted.
 * - Our content scripts run inside HER-SYS tabs, next to page code we do not control: they may
 *   send only the message types a content script needs (the audit events it logs and the
 *   same-number check), each validated with its zod schema by the handler.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';

export type SenderKind = 'extension-page' | 'content-script' | 'foreign';

export interface SenderLike {
  id?: string;
  url?: string;
  tab?: unknown;
}

/** Message types each kind of sender may send to the background. */
export const MESSAGE_SENDERS: Readonly<Record<string, readonly SenderKind[]>> = {
  'hersys-assist/audit': ['content-script', 'extension-page'],
  'hersys-assist/phone-seen': ['content-script', 'extension-page'],
};

export function senderKind(sender: SenderLike | undefined | null): SenderKind {
  if (!sender || sender.id !== browser.runtime.id) return 'foreign';
  const base = browser.runtime.getURL('/');
  if (typeof sender.url === 'string' && sender.url.startsWith(base)) return 'extension-page';
  // A content script always speaks from a tab; our own id without a tab or our URL is not one of ours.
  if (sender.tab) return 'content-script';
  return 'foreign';
}

/** Whether `sender` may send a message of `type` (unknown types: nobody). */
export function senderAllowed(type: unknown, sender: SenderLike | undefined | null): boolean {
  if (typeof type !== 'string') return false;
  const kinds = MESSAGE_SENDERS[type];
  return !!kinds && kinds.includes(senderKind(sender));
}

/** Messages our pages (popup, benches) send to a tab's content script with `tabs.sendMessage`. */
export const TabMessageSchema = z.strictObject({ type: z.enum(['hersys-assist/get-state', 'hersys-assist/get-metrics']) });
export type TabMessage = z.infer<typeof TabMessageSchema>;

/** A content script's check on `runtime.onMessage`: our extension pages only, a known message shape. */
export function parseTabMessage(message: unknown, sender: SenderLike | undefined | null): TabMessage | null {
  if (senderKind(sender) !== 'extension-page') return null;
  const r = TabMessageSchema.safeParse(message);
  return r.success ? r.data : null;
}
