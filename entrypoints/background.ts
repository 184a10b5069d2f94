import { browser } from 'wxt/browser';
import { isTrainingSender, startAuditService } from '../extension/audit-service';
import { browserOriginsDeps, createOriginsSyncer } from '../extension/origins';
import { PhoneSeenRegistry } from '../extension/phone-seen';
import { senderAllowed } from '../extension/senders';
import { loadSettings, loadSettingsState } from '../extension/settings';
import { PHONE_SEEN_MESSAGE } from '../shared/phone-seen';

export default defineBackground(() => {
  // The audit log's single writer: message, storage and alarm listeners are registered here,
  // synchronously, so a message that wakes the worker finds them.
  const audit = startAuditService();
  // Same number within 24 h (read-back): keyed hashes under the same installation secret.
  const phones = new PhoneSeenRegistry({ keyedHash: (text) => audit.personHash(text) });
  // The training page's fictional numbers live in their own list: they never meet real patients' numbers.
  const trainingPhones = new PhoneSeenRegistry({ keyedHash: (text) => audit.personHash(text), key: 'phoneSeenTraining' });
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== PHONE_SEEN_MESSAGE) return undefined;
    // Our content scripts and pages only (extension/senders.ts); the handler validates with zod.
    if (!senderAllowed(PHONE_SEEN_MESSAGE, sender)) return Promise.resolve({ error: 'forbidden' });
    return (isTrainingSender(sender) ? trainingPhones : phones).handle(message);
  });

  // Extra origins (contract §1): the content script follows the granted origins in the settings
  // in force (the user's or the administrator's).
  const syncOrigins = createOriginsSyncer(
    async () => (await loadSettings()).extraOrigins,
    browserOriginsDeps(),
    () => void audit.logError('origins.sync'),
  );
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed' || (area === 'local' && 'settings' in changes)) void syncOrigins();
    if (area === 'managed') void logInvalidPolicy();
  });
  browser.permissions.onAdded.addListener(() => void syncOrigins());
  browser.permissions.onRemoved.addListener(() => void syncOrigins());
  void syncOrigins();

  // Managed keys that fail validation are ignored (the user's value stays) and logged once per
  // distinct set, not at every wake-up of the worker.
  const POLICY_LOGGED_KEY = 'policyInvalidLogged';
  async function logInvalidPolicy(): Promise<void> {
    try {
      const { invalidManaged } = await loadSettingsState();
      const sig = invalidManaged.sort().join(',');
      const got = await browser.storage.local.get(POLICY_LOGGED_KEY);
      if (got[POLICY_LOGGED_KEY] === sig) return;
      await browser.storage.local.set({ [POLICY_LOGGED_KEY]: sig });
      for (const key of invalidManaged) await audit.logError(`policy.invalid.${key.replace(/[^A-Za-z0-9]/g, "")}`);
    } catch {
      // logging is best effort
    }
  }
  void logInvalidPolicy();
});
