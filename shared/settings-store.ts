/**
 * Settings storage: the user's `settings` key in the extension's local storage area, with an
 * administrator's enterprise policy (the managed area, schema in
 * `public/managed_schema.json`) laid over it. Both are validated with the shared zod schema on
 * every read; a managed key wins and is locked: `saveSettings` never changes it.
 *
 * Managed storage is absent in Firefox without a policy and in an unmanaged Chrome (the call
 * rejects or returns nothing): that is an empty policy, never an error for the page.
 */
import { STORAGE_KEYS } from './storage-keys';
import { parseManagedSettings, parseSettings, SettingsSchema, type ManagedKey, type Settings } from './settings';

const KEY = STORAGE_KEYS.settings;

/** The part of the extension's storage API the settings need (passed in: `shared/` does not touch `browser`). */
export interface StorageApi {
  local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  managed?: { get(keys?: null): Promise<Record<string, unknown>> };
  onChanged: {
    addListener(fn: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
    removeListener(fn: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
  };
}

export interface SettingsStore {
  readManaged(): Promise<{ values: Partial<Settings>; invalidKeys: string[]; unknownKeys: string[] }>;
  loadSettingsState(): Promise<SettingsState>;
  loadSettings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  watchSettingsState(onChange: (s: SettingsState) => void): () => void;
  watchSettings(onChange: (s: Settings) => void): () => void;
}

export interface SettingsState {
  /** What is in force: the user's settings with the managed keys laid over them. */
  settings: Settings;
  /** Keys set by the administrator (shown locked in Options, ignored by saveSettings). */
  locked: ManagedKey[];
  /** Managed keys whose value did not validate: ignored (the user's value stays in force) and logged. */
  invalidManaged: string[];
}

/**
 * The settings of one context, over its storage API. `storage` is read at each call (tests
 * swap the fake browser between cases).
 */
export function createSettingsStore(storage: () => StorageApi): SettingsStore {
  let lastLogged = '';

  /** The administrator's policy, validated key by key; an unavailable managed area is an empty policy. */
  async function readManaged(): Promise<{ values: Partial<Settings>; invalidKeys: string[]; unknownKeys: string[] }> {
    let raw: unknown = {};
    try {
      const area = storage().managed;
      raw = area ? ((await area.get(null)) ?? {}) : {};
    } catch {
      raw = {}; // no policy (Firefox without one, Chrome without a managed schema or policy)
    }
    const parsed = parseManagedSettings(raw);
    const bad = [...parsed.invalidKeys, ...parsed.unknownKeys];
    const sig = bad.join(',');
    if (bad.length > 0 && sig !== lastLogged) {
      lastLogged = sig;
      console.warn(`[HER-SYS Assist] policy: ignored managed keys ${sig} (invalid or unknown)`);
    }
    return parsed;
  }

  async function readLocal(): Promise<Settings> {
    const got = await storage().local.get(KEY);
    return parseSettings(got[KEY]).settings;
  }

  /** The settings in force, which keys are locked by policy and which managed keys were ignored. */
  async function loadSettingsState(): Promise<SettingsState> {
    const [local, managed] = await Promise.all([readLocal(), readManaged()]);
    return {
      settings: { ...local, ...managed.values },
      locked: Object.keys(managed.values) as ManagedKey[],
      invalidManaged: managed.invalidKeys,
    };
  }

  async function loadSettings(): Promise<Settings> {
    return (await loadSettingsState()).settings;
  }

  /**
   * Merges `patch` into the user's stored settings and returns the settings in force. Keys the
   * administrator set are left out of the write (the user's own value is kept for the day the
   * policy goes away); rejects (with zod's issues) an invalid result.
   */
  async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
    const [local, managed] = await Promise.all([readLocal(), readManaged()]);
    const allowed: Record<string, unknown> = { ...patch };
    for (const k of Object.keys(managed.values)) delete allowed[k];
    const next = SettingsSchema.parse({ ...local, ...allowed });
    await storage().local.set({ [KEY]: next });
    return { ...next, ...managed.values };
  }

  /**
   * Calls `onChange` with the state in force whenever the user's settings or the policy change;
   * returns the unsubscribe function. Changes are read again in order, so the last call wins.
   */
  function watchSettingsState(onChange: (s: SettingsState) => void): () => void {
    let seq = 0;
    let stopped = false;
    const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (!((area === 'local' && KEY in changes) || area === 'managed')) return;
      const mine = ++seq;
      loadSettingsState().then(
        (state) => {
          if (!stopped && mine === seq) onChange(state);
        },
        (e) => console.warn('[HER-SYS Assist] settings reload failed:', e),
      );
    };
    storage().onChanged.addListener(listener);
    return () => {
      stopped = true;
      storage().onChanged.removeListener(listener);
    };
  }

  /** Calls `onChange` with the settings in force whenever they change; returns the unsubscribe function. */
  function watchSettings(onChange: (s: Settings) => void): () => void {
    return watchSettingsState((state) => onChange(state.settings));
  }

  return { readManaged, loadSettingsState, loadSettings, saveSettings, watchSettingsState, watchSettings };
}
