import { browser } from 'wxt/browser';
import { startAuditService } from '../extension/audit-service';
import { PhoneSeenRegistry } from '../extension/phone-seen';
import { PHONE_SEEN_MESSAGE } from '../shared/phone-seen';

export default defineBackground(() => {
  // The audit log's single writer: message, storage and alarm listeners are registered here,
  // synchronously, so a message that wakes the worker finds them.
  const audit = startAuditService();
  // Same number within 24 h (read-back): keyed hashes under the same installation secret.
  const phones = new PhoneSeenRegistry({ keyedHash: (text) => audit.personHash(text) });
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== PHONE_SEEN_MESSAGE) return undefined;
    return phones.handle(message);
  });
});
