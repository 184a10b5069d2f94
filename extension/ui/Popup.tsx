/** Popup: the current tab's tier, counts, and the field inspector (field → control it was mapped to). */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FIELD_IDS } from '../../shared/fields';
import type { NotificationSnapshot } from '../../content/notification-app';
import { fieldLabel } from '../../content/notification-state';

interface TabState {
  page: string | null;
  notification: NotificationSnapshot | null;
}

const PAGE_LABEL: Record<string, string> = {
  notification: '発生届 / Notification',
  'observation-list': '対象者一覧 / Observation list',
  'observation-person': '個人ページ / Person',
  'observation-settings': '健康観察設定 / Observation settings',
};

export function Popup() {
  const [state, setState] = useState<TabState | null | 'none'>(null);
  useEffect(() => {
    (async () => {
      try {
        const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
        if (tab?.id === undefined) return setState('none');
        const res = (await browser.tabs.sendMessage(tab.id, { type: 'hersys-assist/get-state' })) as TabState | undefined;
        setState(res ?? 'none');
      } catch {
        setState('none');
      }
    })();
  }, []);

  const openOptions = () => void browser.runtime.openOptionsPage();
  const openAudit = () => void browser.tabs.create({ url: browser.runtime.getURL('/audit.html') });
  return (
    <main class="popup" lang="ja">
      <h1>HER-SYS Assist</h1>
      {state === null && <p>読み込み中… / Loading…</p>}
      {state === 'none' && <p>このタブは HER-SYS の対象画面ではありません。 / This tab is not a HER-SYS screen we check.</p>}
      {state && state !== 'none' && (
        <>
          <p>
            画面 / Page: <strong>{state.page ? (PAGE_LABEL[state.page] ?? state.page) : '—'}</strong>
          </p>
          {state.notification && <NotificationSummary snap={state.notification} />}
        </>
      )}
      <p>
        <button type="button" onClick={openOptions}>
          設定 / Options
        </button>{' '}
        <button type="button" onClick={openAudit}>
          監査ログ / Audit log
        </button>
      </p>
    </main>
  );
}

function NotificationSummary({ snap }: { snap: NotificationSnapshot }) {
  const v = snap.view;
  const byField = new Map(snap.inspector.map((i) => [i.field, i]));
  return (
    <>
      <p>
        優先度 / Tier: <span class={`badge tier-${v.tier}`}>{v.tierLabel}</span>
      </p>
      <p>
        未入力 / Missing: <strong data-count="missing">{v.missing.length}</strong> · 誤り / Invalid:{' '}
        <strong data-count="invalid">{v.invalid.length}</strong> · 注意 / Warnings:{' '}
        <strong data-count="warning">{v.problems.filter((p) => p.level === 'warning').length}</strong>
      </p>
      <h2>項目の対応 / Field inspector</h2>
      <table>
        <thead>
          <tr>
            <th>項目 / Field</th>
            <th>コントロール / Control</th>
            <th>状態 / State</th>
          </tr>
        </thead>
        <tbody>
          {FIELD_IDS.map((f) => {
            const i = byField.get(f);
            return (
              <tr key={f} data-field={f}>
                <td>
                  {fieldLabel(f)}
                  <br />
                  <code>{f}</code>
                </td>
                <td>{i ? `${i.describe} (${i.source === 'selector-map' ? 'セレクタ指定' : `ラベル「${i.label}」`})` : '見つかりません / not found'}</td>
                <td class={`state-${i ? i.state : 'not-found'}`}>{i ? i.state : 'not-found'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {snap.selectorErrors.length > 0 && (
        <p class="error">
          セレクタの誤り / Selector errors:{' '}
          {snap.selectorErrors.map((e) => `${e.field}: ${e.selector} (${e.reason})`).join(', ')}
        </p>
      )}
    </>
  );
}
