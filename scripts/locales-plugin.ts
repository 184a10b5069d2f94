/**
 * Vite plugin (builds only): the message catalogue `public/_locales/<lang>/messages.json` as the
 * code imports it through `shared/i18n.ts`. The browser still gets the full files (WXT copies
 * `public/`); the bundles get only what the lookup reads:
 * - `description` and placeholder `example` are for translators: dropped everywhere;
 * - named placeholders are resolved here (`$AGE$` → its content `$1`), as `resolvePlaceholders`
 *   in shared/i18n.ts would do at run time, so each entry is its message alone;
 * - content-script builds (WXT builds them in IIFE lib mode) also drop the extension pages' keys (and the desk's, `desk_`, which only the helper reads)
 *   and the manifest's (`PAGE_KEY`), which no content script looks up (tests/unit/i18n.test.ts
 *   checks that), so the overlay's bundle carries the overlay's words only.
 */
import type { Plugin } from 'vite';

/** Keys only the extension pages (popup, options, audit viewer, training) or the manifest (`__MSG_…__`) use. */
export const PAGE_KEY = /^(?:(popup|opt|obsopt|audit|page|language|train|training|cli|desk)_|ext(?:Name|Description)$)/;

const MESSAGES = /[\\/]_locales[\\/][^\\/]+[\\/]messages\.json$/;

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** `$name$` → the placeholder's content, names case-insensitive (Chrome's rule; shared/i18n.ts `resolvePlaceholders`). */
function resolved(entry: Entry): string {
  const ph = entry.placeholders;
  if (!ph) return entry.message;
  const byName = new Map(Object.entries(ph).map(([k, v]) => [k.toLowerCase(), v.content]));
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (m, name: string) => byName.get(name.toLowerCase()) ?? m);
}

/** The runtime part of a catalogue: each message with its placeholders resolved, without page keys when asked. */
export function compactCatalogue(all: Record<string, Entry>, dropPageKeys: boolean): Record<string, { message: string }> {
  const out: Record<string, { message: string }> = {};
  for (const [key, v] of Object.entries(all)) {
    if (dropPageKeys && PAGE_KEY.test(key)) continue;
    out[key] = { message: resolved(v) };
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
