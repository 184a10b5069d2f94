/** Options: the submit guard (on/off, confirm before every submit) and the language of the extension. */
import type { Settings } from '../../../shared/settings';
import { Locked, type SectionProps } from './Locked';

/** One on/off setting of the guard, with the administrator's mark when a policy fixed it. */
function GuardSwitch({ k, id, label, settings, patch, isLocked, t }: SectionProps & { k: 'guardEnabled' | 'confirmBeforeSubmit'; id: string; label: string }) {
  const onChange = (on: boolean) => {
    const p: Partial<Settings> = {};
    p[k] = on;
    patch(p);
  };
  return (
    <>
      <label>
        <input
          type="checkbox"
          id={id}
          checked={settings[k]}
          disabled={isLocked(k)}
          aria-describedby={isLocked(k) ? `locked-${k}` : undefined}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
        {label}
      </label>{' '}
      <Locked on={isLocked(k)} k={k} t={t} />
    </>
  );
}

export function GeneralOptions(section: SectionProps) {
  const { settings, patch, isLocked, t } = section;
  return (
    <>
      <h2>{t('opt_guardTitle')}</h2>
      <GuardSwitch k="guardEnabled" id="guard-enabled" label={t('opt_guardLabel')} {...section} />
      <br />
      <GuardSwitch k="confirmBeforeSubmit" id="confirm-before-submit" label={t('opt_confirmLabel')} {...section} />
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
    </>
  );
}
