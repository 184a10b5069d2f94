/**
 * The UI language of an extension page: the `language` setting in force (user or policy),
 * followed live (storage.onChanged), with `<html lang>` and the window title kept in step.
 */
import { useEffect, useState } from 'preact/hooks';
import { translator, type Lang, type MessageKey, type Translate } from '../../../shared/i18n';
import { loadSettings, watchSettings } from '../../settings';

export function useLanguage(titleKey?: MessageKey): { lang: Lang; t: Translate } {
  const [lang, setLang] = useState<Lang>('ja');
  useEffect(() => {
    let alive = true;
    loadSettings().then(
      (s) => alive && setLang(s.language),
      () => undefined, // unreadable settings: stay on the default language
    );
    const unwatch = watchSettings((s) => setLang(s.language));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);
  const t = translator(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
    if (titleKey) document.title = t(titleKey);
  }, [lang, titleKey]);
  return { lang, t };
}
