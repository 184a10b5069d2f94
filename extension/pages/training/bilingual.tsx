/**
 * Scenario content and explanations are data with their own Japanese and English: in ja the
 * training page shows both (the English muted), in en the English only.
 */
import { msg, type Lang, type MessageKey } from '../../../shared/i18n';

/** A ja/en pair in the page: in ja both (the English muted, after `sep`), in en the English only. */
export function Pair({ lang, ja, en, sep = ' ' }: { lang: Lang; ja: string; en?: string | undefined; sep?: string }) {
  if (lang === 'en') return <>{en || ja}</>;
  return (
    <>
      {ja}
      {en && (
        <span class="en">
          {sep}
          {en}
        </span>
      )}
    </>
  );
}

/** A `{ ja, en }` pair as one string: "日本語 / English" in ja, English only in en. */
export function pairText(lang: Lang, p: { ja: string; en: string }): string {
  return lang === 'en' ? p.en : `${p.ja} / ${p.en}`;
}

/**
 * A message whose substitution differs by language (an error given as `{ ja, en }`): the ja
 * catalogue holds the Japanese half, so ja shows "Japanese message / English message".
 */
export function pairMessage(lang: Lang, key: MessageKey, sub: { ja: string; en: string }): string {
  return lang === 'en' ? msg('en', key, sub.en) : `${msg('ja', key, sub.ja)} / ${msg('en', key, sub.en)}`;
}
