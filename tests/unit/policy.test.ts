/**
 * Enterprise policy (issue 8): extension/settings.ts lays `storage.managed` over the user's
 * settings. Managed keys win and are locked, invalid managed keys are ignored (the user's value
 * stays) and never throw, an unavailable managed area is an empty policy, saveSettings never
 * changes a locked key, and a policy change is re-emitted to watchers (the kill switch on
 * every open tab).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSettings, loadSettingsState, saveSettings, watchSettings, watchSettingsState, type SettingsState } from '../../content/clients/settings';
import { FIELD_IDS } from '../../shared/fields';
import { TierConfigSchema } from '../../shared/schema';
import { DEFAULT_SETTINGS, MANAGED_KEYS, parseManagedSettings, SettingsSchema } from '../../shared/settings';
import { NATIONAL_2022_02 } from '../../shared/tier';

const managed = fakeBrowser.storage.managed as unknown as { set(v: Record<string, unknown>): Promise<void>; clear(): Promise<void> };
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('managed settings are laid over the user’s settings', () => {
  it('with no policy everything is the user’s and nothing is locked', async () => {
    await saveSettings({ guardEnabled: false, retentionDays: 30 });
    const s = await loadSettingsState();
    expect(s.locked).toEqual([]);
    expect(s.settings.guardEnabled).toBe(false);
    expect(s.settings.retentionDays).toBe(30);
  });

  it('a managed guardEnabled=false (the kill switch) wins over the user’s true and is locked', async () => {
    await saveSettings({ guardEnabled: true });
    await managed.set({ guardEnabled: false });
    const s = await loadSettingsState();
    expect(s.settings.guardEnabled).toBe(false);
    expect(s.locked).toEqual(['guardEnabled']);
    expect((await loadSettings()).guardEnabled).toBe(false);
  });

  it('every lockable key is taken from the policy', async () => {
    const tier = { ...NATIONAL_2022_02, version: 'pref-x-2024', priorityAge: 60 };
    await managed.set({
      guardEnabled: false,
      confirmBeforeSubmit: true,
      tierConfig: tier,
      selectorMap: { phone: '#tel' },
      extraOrigins: ['https://hoken.example.lg.jp'],
      retentionDays: 90,
      language: 'en',
    });
    const s = await loadSettingsState();
    expect([...s.locked].sort()).toEqual([...MANAGED_KEYS].sort());
    expect(s.settings).toMatchObject({
      guardEnabled: false,
      confirmBeforeSubmit: true,
      tierConfig: tier,
      selectorMap: { phone: '#tel' },
      extraOrigins: ['https://hoken.example.lg.jp'],
      retentionDays: 90,
      language: 'en',
    });
    // keys outside the policy stay the user's
    expect(s.settings.panelCollapsed).toBe(false);
  });

  it('an invalid managed key is ignored and reported; the valid ones still apply; nothing throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await saveSettings({ retentionDays: 45, language: 'en' });
    await managed.set({ retentionDays: 'forever', language: 'fr', guardEnabled: false, extraOrigins: ['ftp://x.example.jp'], panelCollapsed: true });
    const s = await loadSettingsState();
    expect(s.settings.retentionDays).toBe(45);
    expect(s.settings.language).toBe('en');
    expect(s.settings.guardEnabled).toBe(false);
    expect(s.settings.extraOrigins).toEqual([]);
    expect(s.locked).toEqual(['guardEnabled']);
    expect(s.invalidManaged.sort()).toEqual(['extraOrigins', 'language', 'retentionDays']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('panelCollapsed'));
  });

  it('a managed area that rejects (Firefox without policies.json) is an empty policy', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    await saveSettings({ guardEnabled: false });
    const s = await loadSettingsState();
    expect(s.locked).toEqual([]);
    expect(s.settings.guardEnabled).toBe(false);
  });

  it('a policy that is not an object is ignored', () => {
    expect(parseManagedSettings(['guardEnabled'])).toEqual({ values: {}, invalidKeys: ['(root)'], unknownKeys: [] });
    expect(parseManagedSettings(undefined)).toEqual({ values: {}, invalidKeys: [], unknownKeys: [] });
  });
});

describe('saveSettings never changes a locked key', () => {
  it('Options saving the whole object keeps the user’s own value under the policy and saves the rest', async () => {
    await saveSettings({ guardEnabled: true, retentionDays: 400 });
    await managed.set({ guardEnabled: false });
    // Options sends everything it shows, the managed false included
    const inForce = await saveSettings({ ...DEFAULT_SETTINGS, guardEnabled: false, retentionDays: 120 });
    expect(inForce.guardEnabled).toBe(false);
    expect(inForce.retentionDays).toBe(120);
    const stored = (await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown>;
    expect(stored.retentionDays).toBe(120);
    expect(stored.guardEnabled).toBe(true); // the user's own value, back in force when the policy goes
    await managed.clear();
    expect((await loadSettings()).guardEnabled).toBe(true);
  });

  it('a patch of only locked keys writes nothing new', async () => {
    await managed.set({ language: 'en' });
    await saveSettings({ language: 'ja' });
    expect((await loadSettings()).language).toBe('en');
    const stored = (await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown>;
    expect(stored.language).toBe('ja'); // default, untouched by the patch
  });
});

describe('watchers hear policy changes (the kill switch reaches every open tab)', () => {
  it('a managed change re-emits the settings in force with the locked keys', async () => {
    const seen: SettingsState[] = [];
    const stop = watchSettingsState((s) => seen.push(s));
    await managed.set({ guardEnabled: false });
    await until(() => seen.length === 1);
    expect(seen[0]!.settings.guardEnabled).toBe(false);
    expect(seen[0]!.locked).toEqual(['guardEnabled']);
    await managed.clear();
    await until(() => seen.length === 2);
    expect(seen[1]!.settings.guardEnabled).toBe(true);
    expect(seen[1]!.locked).toEqual([]);
    stop();
  });

  it('two watchers (two tabs) both turn the guard off when the user switches it off', async () => {
    const tabA: boolean[] = [];
    const tabB: boolean[] = [];
    const stopA = watchSettings((s) => tabA.push(s.guardEnabled));
    const stopB = watchSettings((s) => tabB.push(s.guardEnabled));
    await saveSettings({ guardEnabled: false });
    await until(() => tabA.length === 1 && tabB.length === 1);
    expect([tabA[0], tabB[0]]).toEqual([false, false]);
    stopA();
    stopB();
  });

  it('a local change to a locked key does not flip the value in force', async () => {
    await managed.set({ guardEnabled: false });
    const seen: boolean[] = [];
    const stop = watchSettings((s) => seen.push(s.guardEnabled));
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, guardEnabled: true } });
    await until(() => seen.length === 1);
    expect(seen[0]).toBe(false);
    stop();
  });

  it('unrelated storage changes are not re-emitted', async () => {
    const seen: unknown[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await fakeBrowser.storage.local.set({ phoneSeen: [] });
    await new Promise((r) => setTimeout(r, 30));
    expect(seen).toEqual([]);
    stop();
  });
});

describe('public/managed_schema.json matches the settings schema', () => {
  const schema = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../public/managed_schema.json'), 'utf8')) as {
    type: string;
    properties: Record<string, { type: string; properties?: Record<string, { type: string; minimum?: number; maximum?: number }>; items?: { type: string }; enum?: string[] }>;
  };

  it('lists exactly the lockable keys, each with a type Chrome accepts', () => {
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual([...MANAGED_KEYS].sort());
    const chromeTypes = ['object', 'array', 'string', 'integer', 'number', 'boolean'];
    const walk = (node: Record<string, unknown>): void => {
      expect(chromeTypes).toContain(node.type);
      for (const child of Object.values((node.properties as Record<string, Record<string, unknown>>) ?? {})) walk(child);
      if (node.items) walk(node.items as Record<string, unknown>);
    };
    for (const p of Object.values(schema.properties)) walk(p as unknown as Record<string, unknown>);
  });

  it('names every field id in the selector map and every tier threshold with the zod bounds', () => {
    expect(Object.keys(schema.properties.selectorMap!.properties!).sort()).toEqual([...FIELD_IDS].sort());
    const tierProps = schema.properties.tierConfig!.properties!;
    expect(Object.keys(tierProps).sort()).toEqual(Object.keys(TierConfigSchema.shape).sort());
    for (const [key, p] of Object.entries(tierProps)) {
      if (p.type !== 'integer') continue;
      const field = (TierConfigSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[key]!;
      expect(field.safeParse(p.minimum).success, `${key} minimum`).toBe(true);
      expect(field.safeParse(p.maximum).success, `${key} maximum`).toBe(true);
      expect(field.safeParse(p.minimum! - 1).success, `${key} below minimum`).toBe(false);
      expect(field.safeParse(p.maximum! + 1).success, `${key} above maximum`).toBe(false);
    }
    expect(schema.properties.language!.enum).toEqual(['ja', 'en']);
  });

  it('a policy written to the schema passes the zod schema', () => {
    const policy = {
      guardEnabled: false,
      confirmBeforeSubmit: true,
      tierConfig: { ...NATIONAL_2022_02 },
      selectorMap: { birthdate: 'input[name="birth"]' },
      extraOrigins: ['https://hoken.example.lg.jp', 'http://127.0.0.1:5178'],
      retentionDays: 730,
      language: 'ja',
    };
    const r = parseManagedSettings(policy);
    expect(r.invalidKeys).toEqual([]);
    expect(SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...r.values }).success).toBe(true);
  });
});
