/**
 * Who is speaking to the background. The rules (which sender kind may send which message)
 * are the message table's (`shared/messages.ts`); this file only binds them to this
 * extension's id and URL, and decides which senders are the training page.
 *
 * - Web pages cannot reach us at all: the manifest has no `externally_connectable`
 *   (tests/unit/manifest.test.ts), and other extensions arrive on `onMessageExternal`, which we
 *   do not listen to. The id check is the second line.
 * - Our extension pages (popup, options, audit viewer, training page) are trusted.
 * - Our content scripts run inside host tabs, next to page code we do not control: they may
 *   send only what the table lets a content script send, each validated with its zod schema.
 */
import { browser } from 'wxt/browser';
import { senderKindOf, type SenderKind, type SenderLike } from '../../shared/messages';

/** This extension's pages, content scripts, or anybody else. */
export function senderKind(sender: SenderLike | undefined | null): SenderKind {
  return senderKindOf(sender, { id: browser.runtime.id, base: browser.runtime.getURL('/') });
}

/** The extension's own pages whose events are training (the training page and the replica frame it embeds). */
export const TRAINING_PAGE_PATHS: readonly string[] = ['/training.html', '/replica-frame.html'];

/**
 * Whether a message comes from our training page or its replica frame: decided from the
 * sender's URL (this extension's origin and one of TRAINING_PAGE_PATHS), never from what
 * the message claims — a content script on the host cannot mark its entries as training.
 */
export function isTrainingSender(sender: SenderLike): boolean {
  if (sender.id !== browser.runtime.id || typeof sender.url !== 'string') return false;
  try {
    const url = new URL(sender.url);
    return url.origin === new URL(browser.runtime.getURL('/')).origin && TRAINING_PAGE_PATHS.includes(url.pathname);
  } catch {
    return false;
  }
}
