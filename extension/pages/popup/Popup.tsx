/** Popup: the current tab's tier, counts, and the field inspector (field → control it was mapped to). */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FIELD_IDS, type FieldId } from '../../../shared/fields';
import { send, type NotificationSnapshot, type TabState } from '../../../shared/messages';
import { fieldLabel, type Lang, type MessageKey, type Translate } from '../../../shared/i18n';
import { useLanguage } from '../common/use-language';

const PAGE_LABEL: Record<string, MessageKey> = {
  notification: 'popup_page_notification',
  'observation-list': 'popup_page_observationList',
  'observation-person': 'popup_page_observationPerson',
  'observation-settings': 'popup_page_observationSettings',
};

export function Popup() {
  const { lang, t } = useLanguage('extName');
  const [state, setState] = useState<TabState | null | 'none'>(null);
  useEffect(() => {
    (async () => {
      try {
        const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
        if (tab?.id === undefined) return setState('none');
        const id = tab.id;
        setState((await send((m) => browser.tabs.sendMessage(id, m), 'getState', {})) ?? 'none');
      } catch {
        setState('none');
      }
    })();
  }, []);

  const openOptions = () => void browser.runtime.openOptionsPage();
  const openAudit = () => void browser.tabs.create({ url: browser.runtime.getURL('/audit.html') });
  const openTraining = () => void browser.tabs.create({ url: browser.runtime.getURL('/training.html') });
  return (
    <main class="popup" lang={lang}>
      <h1>HER-SYS Assist</h1>
      {state === null && <p>{t('page_loading')}</p>}
      {state === 'none' && <p>{t('popup_notHersys')}</p>}
      {state && state !== 'none' && (
        <>
          <p>
            {t('popup_page')}: <strong>{state.page ? (PAGE_LABEL[state.page] ? t(PAGE_LABEL[state.page]!) : state.page) : '—'}</strong>
          </p>
          {state.notification && <NotificationSummary snap={state.notification} lang={lang} t={t} />}
        </>
      )}
      <p>
        <button type="button" onClick={openOptions}>
          {t('popup_options')}
        </button>{' '}
        <button type="button" onClick={openAudit}>
          {t('popup_audit')}
        </button>{' '}
        <button type="button" onClick={openTraining} data-testid="open-training">
          {t('popup_training')}
        </button>
      </p>
    </main>
  );
}

function NotificationSummary({ snap, lang, t }: { snap: NotificationSnapshot; lang: Lang; t: Translate }) {
  const v = snap.view;
  const byField = new Map(snap.inspector.map((i) => [i.field, i]));
  return (
    <>
      <p>
        {t('popup_tier')}: <span class={`badge tier-${v.tier}`}>{v.tierLabel}</span>
      </p>
      <p>
        {t('popup_missing')}: <strong data-count="missing">{v.missing.length}</strong> · {t('popup_invalid')}:{' '}
        <strong data-count="invalid">{v.invalid.length}</strong> · {t('popup_warnings')}:{' '}
        <strong data-count="warning">{v.problems.filter((p) => p.level === 'warning').length}</strong>
      </p>
      {v.unseen.length > 0 && (
        <p data-unseen={v.unseen.join(' ')}>{t('ov_unseen', v.unseen.map((f) => fieldLabel(f as FieldId, lang)).join(t('obs_listSeparator')))}</p>
      )}
      <h2>{t('popup_inspector')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('popup_colField')}</th>
            <th>{t('popup_colControl')}</th>
            <th>{t('popup_colState')}</th>
          </tr>
        </thead>
        <tbody>
          {FIELD_IDS.map((f) => {
            const i = byField.get(f);
            return (
              <tr key={f} data-field={f}>
                <td>
                  {fieldLabel(f, lang)}
                  <br />
                  <code>{f}</code>
                </td>
                <td>{i ? `${i.describe} (${i.source === 'selector-map' ? t('popup_sourceSelector') : t('popup_sourceLabel', i.label)})` : t('popup_notFound')}</td>
                <td class={`state-${i ? i.state : 'not-found'}`}>{i ? i.state : 'not-found'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {snap.selectorErrors.length > 0 && (
        <p class="error">
          {t('popup_selectorErrors')}:{' '}
          {snap.selectorErrors.map((e) => `${e.field}: ${e.selector} (${e.reason})`).join(', ')}
        </p>
      )}
    </>
  );
}
