/**
 * Options: the submit guard, language, tier thresholds, the selector map and extra origins.
 * Keys an administrator set by policy (storage.managed) are shown disabled with
 * 「管理者により固定」 / "Set by your administrator".
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FIELDS, type FieldId } from '../../shared/fields';
import { ORIGIN_PROBLEM_TEXT, parseOrigin } from '../../shared/origins';
import { DEFAULT_SETTINGS, SettingsSchema, type ManagedKey, type Settings } from '../../shared/settings';
import { NATIONAL_2022_02, type TierConfig } from '../../shared/tier';
import { loadSettingsState, saveSettings, watchSettingsState } from '../settings';
import { ObservationOptions } from './ObservationOptions';

type NumKey = Exclude<keyof TierConfig, 'version'>;
const THRESHOLDS: { key: NumKey; ja: string; en: string }[] = [
  { key: 'priorityAge', ja: '重点観察とする年齢（以上）', en: 'Priority from age' },
  { key: 'multiRiskMinAge', ja: 'リスク因子を数える年齢帯の下限', en: 'Multi-risk band from age' },
  { key: 'multiRiskCount', ja: '重点観察とするリスク因子の数（以上）', en: 'Risk factors needed' },
  { key: 'pregnancyMinAge', ja: '妊娠を確認する年齢（下限）', en: 'Pregnancy asked from age' },
  { key: 'pregnancyMaxAge', ja: '妊娠を確認する年齢（上限）', en: 'Pregnancy asked to age' },
  { key: 'maxDosesCountedAsUnvaccinated', ja: '未接種とみなす接種回数（以下）', en: 'Doses counted as unvaccinated (≤)' },
  { key: 'maxPlausibleAge', ja: '生年月日の上限年齢', en: 'Implausible above age' },
];

/** A CSS selector the browser accepts (checked against this page, never a HER-SYS page). */
export function selectorError(sel: string): string | null {
  try {
    document.createDocumentFragment().querySelector(sel);
    return null;
  } catch {
    return 'CSS セレクタとして正しくありません / Not a valid CSS selector';
  }
}

/** Shown beside a setting the administrator fixed by policy. */
export const LOCKED_TEXT = '管理者により固定 / Set by your administrator';

function Locked({ on, k }: { on: boolean; k: ManagedKey }) {
  if (!on) return null;
  return (
    <span class="locked" data-locked={k} id={`locked-${k}`}>
      {LOCKED_TEXT}
    </span>
  );
}

/** Extra origins (contract §1): each one is an optional host permission the user grants here. */
function ExtraOrigins({ origins, locked, onChange }: { origins: string[]; locked: boolean; onChange: (next: string[]) => void }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [granted, setGranted] = useState<Record<string, boolean>>({});

  useEffect(() => {
    let live = true;
    const refresh = () => {
      Promise.all(
        origins.map(async (o) => {
          const p = parseOrigin(o);
          return [o, p.ok ? await browser.permissions.contains({ origins: [p.pattern] }).catch(() => false) : false] as const;
        }),
      ).then((pairs) => live && setGranted(Object.fromEntries(pairs)));
    };
    refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, [origins.join(' ')]);

  // permissions.request must run inside the click (a user gesture): no await before it.
  const request = (pattern: string, then: (ok: boolean) => void) => {
    browser.permissions.request({ origins: [pattern] }).then(then, (e: unknown) => {
      setError(`権限を要求できませんでした / Could not request the permission: ${e instanceof Error ? e.message : String(e)}`);
    });
  };

  const add = () => {
    const p = parseOrigin(draft);
    setErrorCode(null);
    if (!p.ok) {
      const t = ORIGIN_PROBLEM_TEXT[p.problem];
      setError(`${t.ja} / ${t.en}`);
      setErrorCode(p.problem);
      return;
    }
    if (origins.includes(p.origin)) {
      setError(`${p.origin} は追加済みです / ${p.origin} is already in the list`);
      return;
    }
    setError(null);
    request(p.pattern, (ok) => {
      if (!ok) {
        setError('権限が許可されなかったため追加しませんでした / Not added: the permission was not granted');
        return;
      }
      setDraft('');
      onChange([...origins, p.origin]);
    });
  };

  const remove = (origin: string) => {
    const next = origins.filter((o) => o !== origin);
    onChange(next);
    const p = parseOrigin(origin);
    // The permission goes too, unless another origin on the same host still needs it.
    if (p.ok && !next.some((o) => { const q = parseOrigin(o); return q.ok && q.pattern === p.pattern; })) {
      browser.permissions.remove({ origins: [p.pattern] }).catch(() => undefined);
    }
  };

  return (
    <section aria-labelledby="extra-origins-h">
      <h2 id="extra-origins-h">
        追加のオリジン / Extra origins <Locked on={locked} k="extraOrigins" />
      </h2>
      <p class="muted">
        HER-SYS（*.cov19.mhlw.go.jp）以外で確認を行うサイト（都道府県のシステム、練習用の http://127.0.0.1:5178 など）。追加するとブラウザーが権限を確認します。 / Sites
        beyond HER-SYS where the checks run (a prefecture's system, the local replica at http://127.0.0.1:5178). The browser asks you to allow each one.
      </p>
      {origins.length === 0 ? (
        <p class="muted" id="extra-origins-empty">
          追加のオリジンはありません / No extra origins
        </p>
      ) : (
        <ul class="origins">
          {origins.map((o) => (
            <li key={o} data-origin={o}>
              <code>{o}</code>{' '}
              {granted[o] ? (
                <span class="ok" data-granted="true">
                  許可済み / Allowed
                </span>
              ) : (
                <>
                  <span class="error" data-granted="false">
                    未許可 / Not allowed
                  </span>{' '}
                  <button
                    type="button"
                    onClick={() => {
                      const p = parseOrigin(o);
                      if (p.ok) request(p.pattern, () => undefined);
                    }}
                  >
                    許可する / Allow
                  </button>
                </>
              )}{' '}
              {!locked && (
                <button type="button" data-remove-origin={o} onClick={() => remove(o)} aria-label={`${o} を削除 / Remove ${o}`}>
                  削除 / Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!locked && (
        <p class="row">
          <label for="origin-new">オリジンを追加 / Add an origin</label>
          <input
            id="origin-new"
            type="text"
            placeholder="https://example.lg.jp"
            value={draft}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'origin-error' : undefined}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.isComposing) add();
            }}
          />
          <button type="button" id="origin-add" onClick={add}>
            追加 / Add
          </button>
        </p>
      )}
      {error && (
        <p id="origin-error" class="error" role="alert" data-problem={errorCode ?? undefined}>
          {error}
        </p>
      )}
    </section>
  );
}

export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [locked, setLocked] = useState<ReadonlySet<ManagedKey>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    loadSettingsState()
      .then((s) => {
        setSettings(s.settings);
        setLocked(new Set(s.locked));
      })
      .catch(() => setSettings(DEFAULT_SETTINGS));
    // A policy that changes while the page is open: locked keys follow it, unsaved edits to the rest stay.
    return watchSettingsState((s) => {
      setLocked(new Set(s.locked));
      setSettings((cur) => {
        if (!cur) return s.settings;
        const next: Record<string, unknown> = { ...cur, extraOrigins: s.settings.extraOrigins };
        for (const k of s.locked) next[k] = s.settings[k];
        return next as Settings;
      });
    });
  }, []);
  if (!settings) return <main>読み込み中… / Loading…</main>;
  const isLocked = (k: ManagedKey) => locked.has(k);

  const patch = (p: Partial<Settings>) => setSettings({ ...settings, ...p });
  const selErrors = Object.entries(settings.selectorMap)
    .map(([f, s]) => [f, s ? selectorError(s) : null] as const)
    .filter(([, e]) => e);

  const save = async () => {
    const parsed = SettingsSchema.safeParse(settings);
    if (!parsed.success || selErrors.length > 0) {
      setMessage({ ok: false, text: `保存できません: 入力を確認してください / Cannot save: ${parsed.success ? 'invalid selector' : parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` });
      return;
    }
    await saveSettings(parsed.data);
    setMessage({ ok: true, text: '保存しました / Saved' });
  };

  return (
    <main lang="ja">
      <h1>HER-SYS Assist 設定 / Options</h1>
      <h2>提出前チェック / Submit guard</h2>
      <label>
        <input
          type="checkbox"
          id="guard-enabled"
          checked={settings.guardEnabled}
          disabled={isLocked('guardEnabled')}
          aria-describedby={isLocked('guardEnabled') ? 'locked-guardEnabled' : undefined}
          onChange={(e) => patch({ guardEnabled: e.currentTarget.checked })}
        />
        誤りがあるとき提出を止める / Hold back submission while errors exist
      </label>{' '}
      <Locked on={isLocked('guardEnabled')} k="guardEnabled" />
      <br />
      <label>
        <input
          type="checkbox"
          id="confirm-before-submit"
          checked={settings.confirmBeforeSubmit}
          disabled={isLocked('confirmBeforeSubmit')}
          aria-describedby={isLocked('confirmBeforeSubmit') ? 'locked-confirmBeforeSubmit' : undefined}
          onChange={(e) => patch({ confirmBeforeSubmit: e.currentTarget.checked })}
        />
        送信前に確認する（電話番号・生年月日・優先度の確認カード） / Confirm phone, birthday and tier before every submit
      </label>{' '}
      <Locked on={isLocked('confirmBeforeSubmit')} k="confirmBeforeSubmit" />
      <h2>
        表示言語 / Language <Locked on={isLocked('language')} k="language" />
      </h2>
      <select
        id="language"
        aria-label="表示言語 / Language"
        value={settings.language}
        disabled={isLocked('language')}
        onChange={(e) => patch({ language: e.currentTarget.value as Settings['language'] })}
      >
        <option value="ja">日本語</option>
        <option value="en">English</option>
      </select>
      <h2>
        優先度の判定基準 / Tier thresholds <Locked on={isLocked('tierConfig')} k="tierConfig" />
      </h2>
      <p class="muted">
        既定値は 2022年2月9日付け事務連絡の全国基準です（{NATIONAL_2022_02.version}）。 / Defaults are the national rule of the 2022-02-09 notice.
      </p>
      <table>
        <tbody>
          {THRESHOLDS.map((t) => (
            <tr key={t.key}>
              <th scope="row">
                <label for={`t-${t.key}`}>
                  {t.ja} / {t.en}
                </label>
              </th>
              <td>
                <input
                  id={`t-${t.key}`}
                  type="number"
                  value={settings.tierConfig[t.key]}
                  disabled={isLocked('tierConfig')}
                  onInput={(e) =>
                    patch({ tierConfig: { ...settings.tierConfig, version: 'custom', [t.key]: Number(e.currentTarget.value) } })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" disabled={isLocked('tierConfig')} onClick={() => patch({ tierConfig: { ...NATIONAL_2022_02 } })}>
          全国基準に戻す / Reset to the national rule
        </button>
      </p>
      <h2>
        セレクタ指定 / Selector map <Locked on={isLocked('selectorMap')} k="selectorMap" />
      </h2>
      <p class="muted">
        項目を CSS セレクタで固定します（ラベル検出より優先）。 / Pin a field to a CSS selector; it wins over label detection.
      </p>
      <table>
        <thead>
          <tr>
            <th>項目 / Field</th>
            <th>CSS セレクタ / Selector</th>
          </tr>
        </thead>
        <tbody>
          {FIELDS.map((f) => {
            const value = settings.selectorMap[f.id] ?? '';
            const err = value ? selectorError(value) : null;
            return (
              <tr key={f.id}>
                <th scope="row">
                  <label for={`sel-${f.id}`}>
                    {f.labelJa} <code>{f.id}</code>
                  </label>
                </th>
                <td>
                  <input
                    id={`sel-${f.id}`}
                    class="selector"
                    type="text"
                    value={value}
                    disabled={isLocked('selectorMap')}
                    aria-invalid={err ? 'true' : undefined}
                    onInput={(e) => {
                      const v = e.currentTarget.value;
                      const map: Partial<Record<FieldId, string>> = { ...settings.selectorMap };
                      if (v.trim()) map[f.id] = v;
                      else delete map[f.id];
                      patch({ selectorMap: map });
                    }}
                  />
                  {err && <div class="error">{err}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ObservationOptions value={settings.observation} onChange={(observation) => patch({ observation })} />
      <ExtraOrigins
        origins={settings.extraOrigins}
        locked={isLocked('extraOrigins')}
        onChange={(extraOrigins) => {
          setSettings({ ...settings, extraOrigins });
          saveSettings({ extraOrigins }).catch((e: unknown) =>
            setMessage({ ok: false, text: `保存できません / Cannot save: ${e instanceof Error ? e.message : String(e)}` }),
          );
        }}
      />
      <h2>監査ログ / Audit log</h2>
      <p class="row">
        <label for="retention-days">保存期間（日） / Keep entries for (days)</label>
        <input
          id="retention-days"
          type="number"
          min={1}
          max={3650}
          value={settings.retentionDays}
          disabled={isLocked('retentionDays')}
          onInput={(e) => patch({ retentionDays: Number(e.currentTarget.value) })}
        />
        <Locked on={isLocked('retentionDays')} k="retentionDays" />
        <span class="muted">既定 400 日。古い記録は起動時と毎日削除され、削除したこと自体が記録されます。 / Default 400; older entries are removed at start-up and daily, and each removal is logged.</span>
      </p>
      <p class="row">
        <button type="button" id="options-save" onClick={save}>
          保存 / Save
        </button>
        {message && (
          <span role="status" class={message.ok ? 'ok' : 'error'}>
            {message.text}
          </span>
        )}
      </p>
    </main>
  );
}
