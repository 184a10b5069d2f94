/**
 * Options: the submit guard, language, tier thresholds, the selector map and extra origins.
 * Keys an administrator set by policy (storage.managed) are shown disabled with
 * 「管理者により固定」 / "Set by your administrator".
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FIELDS, type FieldId } from '../../../shared/fields';
import { parseOrigin, type OriginProblem } from '../../../shared/origins';
import { DEFAULT_SETTINGS, SettingsSchema, type ManagedKey, type Settings } from '../../../shared/settings';
import { NATIONAL_2022_02, type TierConfig } from '../../../shared/tier';
import { loadSettingsState, saveSettings, watchSettingsState } from '../../settings';
import { FIELD_KEY, type MessageKey, type Translate } from '../../../shared/i18n';
import { ObservationOptions } from './ObservationOptions';
import { useLanguage } from '../common/use-language';

type NumKey = Exclude<keyof TierConfig, 'version'>;
const THRESHOLDS: { key: NumKey; label: MessageKey }[] = [
  { key: 'priorityAge', label: 'opt_t_priorityAge' },
  { key: 'multiRiskMinAge', label: 'opt_t_multiRiskMinAge' },
  { key: 'multiRiskCount', label: 'opt_t_multiRiskCount' },
  { key: 'pregnancyMinAge', label: 'opt_t_pregnancyMinAge' },
  { key: 'pregnancyMaxAge', label: 'opt_t_pregnancyMaxAge' },
  { key: 'maxDosesCountedAsUnvaccinated', label: 'opt_t_maxDosesCountedAsUnvaccinated' },
  { key: 'maxPlausibleAge', label: 'opt_t_maxPlausibleAge' },
];

/** Why an origin cannot be added (codes from shared/origins) → catalogue key. */
const ORIGIN_PROBLEM_KEY: Record<OriginProblem, MessageKey> = {
  ORIGIN_EMPTY: 'opt_origin_ORIGIN_EMPTY',
  ORIGIN_INVALID: 'opt_origin_ORIGIN_INVALID',
  ORIGIN_SCHEME: 'opt_origin_ORIGIN_SCHEME',
  ORIGIN_HTTP_NOT_LOOPBACK: 'opt_origin_ORIGIN_HTTP_NOT_LOOPBACK',
  ORIGIN_HAS_PATH: 'opt_origin_ORIGIN_HAS_PATH',
  ORIGIN_WILDCARD_TOO_WIDE: 'opt_origin_ORIGIN_WILDCARD_TOO_WIDE',
  ORIGIN_ALREADY_COVERED: 'opt_origin_ORIGIN_ALREADY_COVERED',
};

/** A CSS selector the browser accepts (checked against this page, never a HER-SYS page): the problem's key, or null. */
export function selectorError(sel: string): MessageKey | null {
  try {
    document.createDocumentFragment().querySelector(sel);
    return null;
  } catch {
    return 'opt_invalidSelector';
  }
}

/** Shown beside a setting the administrator fixed by policy (「管理者により固定」 / "Set by your administrator"). */
function Locked({ on, k, t }: { on: boolean; k: ManagedKey; t: Translate }) {
  if (!on) return null;
  return (
    <span class="locked" data-locked={k} id={`locked-${k}`}>
      {t('opt_locked')}
    </span>
  );
}

/** Extra origins (docs/architecture.md): each one is an optional host permission the user grants here. */
function ExtraOrigins({ origins, locked, onChange, t }: { origins: string[]; locked: boolean; onChange: (next: string[]) => void; t: Translate }) {
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
      setError(t('opt_permissionFailed', e instanceof Error ? e.message : String(e)));
    });
  };

  const add = () => {
    const p = parseOrigin(draft);
    setErrorCode(null);
    if (!p.ok) {
      setError(t(ORIGIN_PROBLEM_KEY[p.problem]));
      setErrorCode(p.problem);
      return;
    }
    if (origins.includes(p.origin)) {
      setError(t('opt_originListed', p.origin));
      return;
    }
    setError(null);
    request(p.pattern, (ok) => {
      if (!ok) {
        setError(t('opt_originNotGranted'));
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
        {t('opt_originsTitle')} <Locked on={locked} k="extraOrigins" t={t} />
      </h2>
      <p class="muted">
        {t('opt_originsNote')}
      </p>
      {origins.length === 0 ? (
        <p class="muted" id="extra-origins-empty">
          {t('opt_originsEmpty')}
        </p>
      ) : (
        <ul class="origins">
          {origins.map((o) => (
            <li key={o} data-origin={o}>
              <code>{o}</code>{' '}
              {granted[o] ? (
                <span class="ok" data-granted="true">
                  {t('opt_originAllowed')}
                </span>
              ) : (
                <>
                  <span class="error" data-granted="false">
                    {t('opt_originNotAllowed')}
                  </span>{' '}
                  <button
                    type="button"
                    onClick={() => {
                      const p = parseOrigin(o);
                      if (p.ok) request(p.pattern, () => undefined);
                    }}
                  >
                    {t('opt_originAllow')}
                  </button>
                </>
              )}{' '}
              {!locked && (
                <button type="button" data-remove-origin={o} onClick={() => remove(o)} aria-label={t('opt_originRemoveLabel', o)}>
                  {t('opt_originRemove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!locked && (
        <p class="row">
          <label for="origin-new">{t('opt_originAddLabel')}</label>
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
            {t('opt_originAdd')}
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
  // Messages are kept as keys, so they follow a language switch.
  const [message, setMessage] = useState<{ ok: boolean; key: MessageKey; detail?: string } | null>(null);
  const { lang, t } = useLanguage('opt_pageTitle');
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
  if (!settings) return <main lang={lang}>{t('page_loading')}</main>;
  const isLocked = (k: ManagedKey) => locked.has(k);

  const patch = (p: Partial<Settings>) => setSettings({ ...settings, ...p });
  const selErrors = Object.entries(settings.selectorMap)
    .map(([f, s]) => [f, s ? selectorError(s) : null] as const)
    .filter(([, e]) => e);

  const save = async () => {
    const parsed = SettingsSchema.safeParse(settings);
    if (!parsed.success || selErrors.length > 0) {
      setMessage({ ok: false, key: 'opt_cannotSaveInput', detail: parsed.success ? t('opt_detailInvalidSelector') : parsed.error.issues.map((i) => i.path.join('.')).join(', ') });
      return;
    }
    await saveSettings(parsed.data);
    setMessage({ ok: true, key: 'opt_saved' });
  };

  return (
    <main lang={lang}>
      <h1>{t('opt_pageTitle')}</h1>
      <h2>{t('opt_guardTitle')}</h2>
      <label>
        <input
          type="checkbox"
          id="guard-enabled"
          checked={settings.guardEnabled}
          disabled={isLocked('guardEnabled')}
          aria-describedby={isLocked('guardEnabled') ? 'locked-guardEnabled' : undefined}
          onChange={(e) => patch({ guardEnabled: e.currentTarget.checked })}
        />
        {t('opt_guardLabel')}
      </label>{' '}
      <Locked on={isLocked('guardEnabled')} k="guardEnabled" t={t} />
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
        {t('opt_confirmLabel')}
      </label>{' '}
      <Locked on={isLocked('confirmBeforeSubmit')} k="confirmBeforeSubmit" t={t} />
      <h2>
        {t('opt_languageTitle')} <Locked on={isLocked('language')} k="language" t={t} />
      </h2>
      <select
        id="language"
        aria-label={t('opt_languageTitle')}
        value={settings.language}
        disabled={isLocked('language')}
        onChange={(e) => patch({ language: e.currentTarget.value as Settings['language'] })}
      >
        <option value="ja" lang="ja">
          {t('language_ja')}
        </option>
        <option value="en" lang="en">
          {t('language_en')}
        </option>
      </select>
      <h2>
        {t('opt_tierTitle')} <Locked on={isLocked('tierConfig')} k="tierConfig" t={t} />
      </h2>
      <p class="muted">
        {t('opt_tierNote', NATIONAL_2022_02.version)}
      </p>
      <table>
        <tbody>
          {THRESHOLDS.map((th) => (
            <tr key={th.key}>
              <th scope="row">
                <label for={`t-${th.key}`}>{t(th.label)}</label>
              </th>
              <td>
                <input
                  id={`t-${th.key}`}
                  type="number"
                  value={settings.tierConfig[th.key]}
                  disabled={isLocked('tierConfig')}
                  onInput={(e) =>
                    patch({ tierConfig: { ...settings.tierConfig, version: 'custom', [th.key]: Number(e.currentTarget.value) } })
                  }
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" disabled={isLocked('tierConfig')} onClick={() => patch({ tierConfig: { ...NATIONAL_2022_02 } })}>
          {t('opt_tierReset')}
        </button>
      </p>
      <h2>
        {t('opt_selectorTitle')} <Locked on={isLocked('selectorMap')} k="selectorMap" t={t} />
      </h2>
      <p class="muted">
        {t('opt_selectorNote')}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('popup_colField')}</th>
            <th>{t('opt_colSelector')}</th>
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
                    {t(FIELD_KEY[f.id])} <code>{f.id}</code>
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
                  {err && <div class="error">{t(err)}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ObservationOptions value={settings.observation} lang={lang} onChange={(observation) => patch({ observation })} />
      <ExtraOrigins
        origins={settings.extraOrigins}
        locked={isLocked('extraOrigins')}
        t={t}
        onChange={(extraOrigins) => {
          setSettings({ ...settings, extraOrigins });
          saveSettings({ extraOrigins }).catch((e: unknown) =>
            setMessage({ ok: false, key: 'opt_cannotSave', detail: e instanceof Error ? e.message : String(e) }),
          );
        }}
      />
      <h2>{t('popup_audit')}</h2>
      <p class="row">
        <label for="retention-days">{t('opt_retentionLabel')}</label>
        <input
          id="retention-days"
          type="number"
          min={1}
          max={3650}
          value={settings.retentionDays}
          disabled={isLocked('retentionDays')}
          onInput={(e) => patch({ retentionDays: Number(e.currentTarget.value) })}
        />
        <Locked on={isLocked('retentionDays')} k="retentionDays" t={t} />
        <span class="muted">{t('opt_retentionNote')}</span>
      </p>
      <p class="row">
        <button type="button" id="options-save" onClick={save}>
          {t('opt_save')}
        </button>
        {message && (
          <span role="status" class={message.ok ? 'ok' : 'error'}>
            {t(message.key, message.detail ?? '')}
          </span>
        )}
      </p>
    </main>
  );
}
