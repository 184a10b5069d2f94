/**
 * Vite plugin (builds only): the message catalogue `public/_locales/<lang>/messages.json` as the
 * code imports it through `shared/i18n.ts`. The browser still gets the full files (WXT copies
 * `public/`); the bundles get only what the lookup reads:
 * - `description` and placeholder `example` are for translators: dropped everywhere;
 * - content-script builds (WXT builds them in IIFE lib mode) also drop the extension pages' keys
 *   (`PAGE_KEY`), which no content script looks up (tests/unit/i18n.test.ts checks that), so the
 *   overlay's bundle carries the overlay's words only.
 */
import type { Plugin } from 'vite';

/** Keys only the extension pages (popup, options, audit viewer, training) use. */
export const PAGE_KEY = /^(popup|opt|obsopt|audit|page|language|train|training)_/;

const MESSAGES = /[\\/]_locales[\\/][^\\/]+[\\/]messages\.json$/;

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** The runtime part of a catalogue: messages and placeholder contents, without page keys when asked. */
export function compactCatalogue(all: Record<string, Entry>, dropPageKeys: boolean): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  for (const [key, v] of Object.entries(all)) {
    if (dropPageKeys && PAGE_KEY.test(key)) continue;
    out[key] = v.placeholders
      ? { message: v.message, placeholders: Object.fromEntries(Object.entries(v.placeholders).map(([n, p]) => [n, { content: p.content }])) }
      : { message: v.message };
  }
  return out;
}

export function localesForBundle(): Plugin {
  let contentBuild = false;
  return {
    name: 'hersys-assist:locales',
    apply: 'build',
    enforce: 'pre',
    configResolved(config) {
      const lib = config.build.lib;
      contentBuild = Boolean(lib && lib.formats?.includes('iife'));
    },
    transform(code, id) {
      if (!MESSAGES.test(id.split('?')[0]!)) return null;
      return { code: JSON.stringify(compactCatalogue(JSON.parse(code), contentBuild)), map: null };
    },
  };
}
