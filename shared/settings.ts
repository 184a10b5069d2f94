/**
 * The extension's settings as one zod schema (storage, Options, managed policy and
 * imports all go through it). Pure: the storage glue lives in `extension/settings.ts`.
 */
import * as z from 'zod/mini';
import { FIELD_IDS } from './fields';
import { ObservationConfigSchema, observationDefaults } from './observation-schema';
import { TierConfigSchema } from './schema';
import { NATIONAL_2022_02 } from './tier';

export const SelectorMapSchema = z.partialRecord(z.enum(FIELD_IDS), z.string().check(z.trim(), z.minLength(1), z.maxLength(500)));

export const SettingsSchema = z.object({
  /** The submit guard (holding back a submit while errors exist). Off = kill switch. */
  guardEnabled: z._default(z.boolean(), true),
  /** Tier thresholds; the default is the national rule of February 2022. */
  tierConfig: z._default(TierConfigSchema, { ...NATIONAL_2022_02 }),
  /** Field id → CSS selector pinned by an administrator; wins over label detection. */
  selectorMap: z._default(SelectorMapSchema, {}),
  /** The overlay panel is collapsed. */
  panelCollapsed: z._default(z.boolean(), false),
  /** 送信前に確認する: a read-back card (phone, kind, birthday, age, tier) before every submit. */
  confirmBeforeSubmit: z._default(z.boolean(), false),
  /** UI language. */
  language: z._default(z.enum(['ja', 'en']), 'ja'),
  /** Audit log retention in days: older entries are purged at start-up and daily. */
  retentionDays: z._default(z.int().check(z.minimum(1), z.maximum(3650)), 400),
  /** Observation alerts (contract §6): thresholds and rules switched off; the defaults are the extension's own. */
  observation: z._default(ObservationConfigSchema, observationDefaults),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/**
 * Reads stored settings leniently: each invalid key falls back to its default instead of
 * throwing away everything the user saved. Returns the settings and the keys that were bad.
 */
export function parseSettings(raw: unknown): { settings: Settings; invalidKeys: string[] } {
  const full = SettingsSchema.safeParse(raw ?? {});
  if (full.success) return { settings: full.data, invalidKeys: [] };
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const invalidKeys: string[] = [];
  for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
    if (!(key in obj)) continue;
    const r = (schema as z.ZodMiniType).safeParse(obj[key]);
    if (r.success) settings[key] = r.data;
    else invalidKeys.push(key);
  }
  if (!raw || typeof raw !== 'object') invalidKeys.push('(root)');
  return { settings: settings as Settings, invalidKeys };
}
