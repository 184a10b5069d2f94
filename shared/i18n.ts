/**
 * The message catalogue (`public/_locales/{ja,en}/messages.json`, Chrome's `_locales`
 * format) looked up by the language setting. `browser.i18n.getMessage` follows the browser's
 * language and cannot switch at run time, so both catalogues are bundled and chosen here.
 * Placeholders work the Chrome way: `$name$` in a message is replaced by its placeholder's
 * `content`, then `$1`…`$9` by the substitutions and `$$` by `$`. Pure: no DOM, no browser.*.
 */
import en from '../public/_locales/en/messages.json';
import ja from '../public/_locales/ja/messages.json';

export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

/** Every key of the catalogue (`ja` is the default locale; `en` must have the same keys). */
export type MessageKey = keyof typeof ja;

export interface CatalogueEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalogue = Record<MessageKey, CatalogueEntry>;

// The annotation makes a key missing from either file a type error.
const CATALOGUES: Record<Lang, Catalogue> = { ja, en };

export type Sub = string | number;

/** `$name$` → the placeholder's content (names are case-insensitive, as in Chrome). */
export function resolvePlaceholders(entry: CatalogueEntry): string {
  const ph = entry.placeholders;
  if (!ph) return entry.message;
  const byName = new Map(Object.entries(ph).map(([k, v]) => [k.toLowerCase(), v.content]));
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name: string) => byName.get(name.toLowerCase()) ?? m);
}

/** `$1`…`$9` → substitutions (missing ones are empty), `$$` → `$`. */
export function substitute(template: string, subs: readonly Sub[]): string {
  if (!template.includes('$')) return template;
  return template.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : String(subs[Number(d) - 1] ?? '')));
}

const resolved: Record<Lang, Map<string, string>> = { ja: new Map(), en: new Map() };

/** The message `key` in `lang` with its substitutions (an unknown language falls back to ja). */
export function msg(lang: Lang, key: MessageKey, ...subs: Sub[]): string {
  const l: Lang = lang === 'en' ? 'en' : 'ja';
  let template = resolved[l].get(key);
  if (template === undefined) {
    const entry = CATALOGUES[l][key] ?? CATALOGUES.ja[key];
    template = entry ? resolvePlaceholders(entry) : key;
    resolved[l].set(key, template);
  }
  return substitute(template, subs);
}

/** A lookup bound to one language: `t('ov_counts', 2, 0)`. */
export type Translate = (key: MessageKey, ...subs: Sub[]) => string;

const bound: Partial<Record<Lang, Translate>> = {};
export function translator(lang: Lang): Translate {
  const l: Lang = lang === 'en' ? 'en' : 'ja';
  return (bound[l] ??= (key, ...subs) => msg(l, key, ...subs));
}

/** The raw catalogues (for tests and tools). */
export function catalogue(lang: Lang): Readonly<Catalogue> {
  return CATALOGUES[lang];
}
