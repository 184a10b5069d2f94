/**
 * Settings storage: one `settings` key in `browser.storage.local`, validated with the
 * shared zod schema on every read and write.
 */
import { browser } from 'wxt/browser';
import { parseSettings, SettingsSchema, type Settings } from '../shared/settings';

const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(KEY);
  return parseSettings(got[KEY]).settings;
}

/** Merges `patch` into the stored settings; rejects (with zod's issues) an invalid result. */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const current = await loadSettings();
  const next = SettingsSchema.parse({ ...current, ...patch });
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

/** Calls `onChange` with the new settings whenever they change; returns the unsubscribe function. */
export function watchSettings(onChange: (s: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) onChange(parseSettings(changes[KEY]?.newValue).settings);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
