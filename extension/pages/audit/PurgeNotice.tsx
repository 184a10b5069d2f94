/**
 * The notice that the retention purge removed old entries (left by the background in
 * storage.local): shown until the person dismisses it, which also clears the toolbar badge.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Translate } from '../../../shared/i18n';
import type { AuditNotice } from '../../audit/store';
import { AUDIT_NOTICE_KEY } from '../../background/audit-service';
import { localTime } from './time';

export function PurgeNotice({ t }: { t: Translate }) {
  const [notice, setNotice] = useState<AuditNotice | null>(null);

  useEffect(() => {
    browser.storage.local
      .get(AUDIT_NOTICE_KEY)
      .then((got) => setNotice((got[AUDIT_NOTICE_KEY] as AuditNotice | undefined) ?? null))
      .catch(() => undefined);
  }, []);

  const dismissNotice = async () => {
    setNotice(null);
    try {
      await browser.storage.local.remove(AUDIT_NOTICE_KEY);
      await browser.action.setBadgeText({ text: '' });
    } catch {
      // nothing to clear
    }
  };

  if (!notice) return null;
  return (
    <div class="notice" role="alert">
      {t('audit_purged', notice.removed, localTime(notice.at))}{' '}
      <button type="button" onClick={dismissNotice}>
        {t('audit_dismiss')}
      </button>
    </div>
  );
}
