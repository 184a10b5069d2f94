/**
 * The settings as the background and the extension's pages see them: the shared store over
 * this context's storage API. See shared/settings-store.ts.
 */
import { browser } from 'wxt/browser';
import { createSettingsStore, type StorageApi } from '../shared/settings-store';

export type { SettingsState } from '../shared/settings-store';
export const { readManaged, loadSettingsState, loadSettings, saveSettings, watchSettingsState, watchSettings } = createSettingsStore(
  () => browser.storage as unknown as StorageApi,
);
