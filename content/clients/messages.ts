/**
 * The content script's end of the message table (`shared/messages.ts`): a typed request to
 * the background, and the receiver of what our extension pages ask a tab.
 */
import { browser } from 'wxt/browser';
import { dispatcher, send, senderKindOf, type Handlers, type RequestOf, type ResponseOf, type SenderLike, type TabMessage } from '../../shared/messages';

type ToBackground = 'audit' | 'samePhone';

/** A request to the background; `null` when it is not there (restarting, reloaded) or answers out of shape. */
export function toBackground<N extends ToBackground>(name: N, payload: RequestOf<N>): Promise<ResponseOf<N> | null> {
  return send((m) => browser.runtime.sendMessage(m), name, payload);
}

/** The `runtime.onMessage` listener of a tab: our extension pages only, known shapes only. */
export function tabReceiver(handlers: Handlers<SenderLike, TabMessage>): (message: unknown, sender: SenderLike) => Promise<unknown> | undefined {
  return dispatcher(handlers, (sender) => senderKindOf(sender, { id: browser.runtime.id, base: browser.runtime.getURL('/') }));
}
