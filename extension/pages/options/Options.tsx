/**
 * Options: the submit guard, language, tier thresholds, the selector map and extra origins.
 * Keys an administrator set by policy (storage.managed) are shown disabled with
 * 「管理者により固定」 / "Set by your administrator".
 */
import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, SettingsSchema, type ManagedKey, type Settings } from '../../../shared/settings';
import { loadSettingsState, saveSettings, watchSettingsState } from '../../settings';
import type { MessageKey } from '../../../shared/i18n';
import { ExtraOrigins } from './ExtraOrigins';
import { GeneralOptions } from './GeneralOptions';
import { ObservationOptions } from './ObservationOptions';
import { RetentionOption } from './RetentionOption';
import { selectorError, SelectorMapOptions } from './SelectorMapOptions';
import { TierOptions } from './TierOptions';
import { useLanguage } from '../common/use-language';

// Offered here before the page was split, for the code that imports it from this module.
export { selectorError } from './SelectorMapOptions';

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

  const section = { settings, patch, isLocked, t };

  return (
    <main lang={lang}>
      <h1>{t('opt_pageTitle')}</h1>
      <GeneralOptions {...section} />
      <TierOptions {...section} />
      <SelectorMapOptions {...section} />
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
      <RetentionOption {...section} />
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
