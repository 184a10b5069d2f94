/**
 * The background: one dispatcher for every message (the table is `shared/messages.ts`), the
 * audit log's single writer, the same-number registry, the extra-origins sync and the policy
 * check. Listeners are registered synchronously, as a service worker must, so a message that
 * wakes the worker finds them.
 */
import { STORAGE_KEYS } from '../../shared/storage-keys';
import { browser, type Browser } from 'wxt/browser';
import { dispatcher } from '../../shared/messages';
import { loadSettings, loadSettingsState } from '../settings';
import { startAuditService, type AuditService } from './audit-service';
import { browserOriginsDeps, createOriginsSyncer } from './origins';
import { PhoneSeenRegistry } from './phone-seen';
import { isTrainingSender, senderKind } from './senders';

type Sender = Browser.runtime.MessageSender;

export function startBackground(): void {
  const audit = startAuditService();
  // Same number within 24 h (read-back): keyed hashes under the same installation secret.
  const phones = new PhoneSeenRegistry({ keyedHash: (text) => audit.personHash(text) });
  // The training page's fictional numbers live in their own list: they never meet real patients' numbers.
  const trainingPhones = new PhoneSeenRegistry({ keyedHash: (text) => audit.personHash(text), key: STORAGE_KEYS.phoneSeenTraining });

  browser.runtime.onMessage.addListener(
    dispatcher<Sender, 'audit' | 'samePhone'>(
      {
        audit: (request, sender) => audit.handle(request, sender),
        samePhone: (request, sender) => (isTrainingSender(sender) ? trainingPhones : phones).handle(request),
      },
      senderKind,
    ),
  );

  startOriginsSync(audit);
  startPolicyCheck(audit);
}

/** Extra origins: the content script follows the granted origins in the settings in force (the user's or the administrator's). */
function startOriginsSync(audit: AuditService): void {
  const syncOrigins = createOriginsSyncer(
    async () => (await loadSettings()).extraOrigins,
    browserOriginsDeps(),
    () => void audit.logError('origins.sync'),
  );
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed' || (area === 'local' && STORAGE_KEYS.settings in changes)) void syncOrigins();
  });
  browser.permissions.onAdded.addListener(() => void syncOrigins());
  browser.permissions.onRemoved.addListener(() => void syncOrigins());
  void syncOrigins();
}

const POLICY_LOGGED_KEY = STORAGE_KEYS.policyInvalidLogged;

/**
 * Managed keys that fail validation are ignored (the user's value stays) and logged once per
 * distinct set, not at every wake-up of the worker.
 */
function startPolicyCheck(audit: AuditService): void {
  async function logInvalidPolicy(): Promise<void> {
    try {
      const { invalidManaged } = await loadSettingsState();
      const sig = invalidManaged.sort().join(',');
      const got = await browser.storage.local.get(POLICY_LOGGED_KEY);
      if (got[POLICY_LOGGED_KEY] === sig) return;
      await browser.storage.local.set({ [POLICY_LOGGED_KEY]: sig });
      for (const key of invalidManaged) await audit.logError(`policy.invalid.${key.replace(/[^A-Za-z0-9]/g, '')}`);
    } catch {
      // logging is best effort
    }
  }
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void logInvalidPolicy();
  });
  void logInvalidPolicy();
}
