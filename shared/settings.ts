/**
 * The extension's settings as one zod schema (storage, Options, managed policy and
 * imports all go through it). Pure: the storage glue lives in `extension/settings.ts`.
 */
import * as z from 'zod/mini';
import { FIELD_IDS } from './fields';
import { ObservationConfigSchema, observationDefaults } from './observation-schema';
import { parseOrigin } from './origins';
import { TierConfigSchema } from './schema';
import { NATIONAL_2022_02 } from './tier';

export const SelectorMapSchema = z.partialRecord(z.enum(FIELD_IDS), z.string().check(z.trim(), z.minLength(1), z.maxLength(500)));

/** An extra origin (docs/architecture.md) as `parseOrigin` accepts it, e.g. `https://example.lg.jp` or `http://127.0.0.1:5178`. */
export const OriginSchema = z.string().check(
  z.maxLength(300),
  z.refine((s) => parseOrigin(s).ok, { message: 'not an origin the extension accepts' }),
);

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
  /** Origins beyond HER-SYS where the checks run (optional host permissions, granted by the user). */
  extraOrigins: z._default(z.array(OriginSchema).check(z.maxLength(50)), []),
  /** Observation alerts (docs/codes.md): thresholds and rules switched off; the defaults are the extension's own. */
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

/**
 * The keys an administrator can set through enterprise policy (`storage.managed`, see
 * `public/managed_schema.json`). A managed key wins over the user's and is shown locked.
 */
export const MANAGED_KEYS = [
  'guardEnabled',
  'confirmBeforeSubmit',
  'tierConfig',
  'selectorMap',
  'extraOrigins',
  'retentionDays',
  'language',
] as const satisfies readonly (keyof Settings)[];
export type ManagedKey = (typeof MANAGED_KEYS)[number];

/**
 * Reads a policy object key by key: valid managed keys are kept, invalid ones are reported and
 * ignored (the user's own value stays in force), unknown keys are reported too. Never throws.
 */
export function parseManagedSettings(raw: unknown): { values: Partial<Settings>; invalidKeys: string[]; unknownKeys: string[] } {
  const values: Record<string, unknown> = {};
  const invalidKeys: string[] = [];
  const unknownKeys: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { values: {}, invalidKeys: raw == null ? [] : ['(root)'], unknownKeys };
  const shape = SettingsSchema.shape as Record<string, z.ZodMiniType>;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(MANAGED_KEYS as readonly string[]).includes(key)) {
      unknownKeys.push(key);
      continue;
    }
    const r = shape[key]!.safeParse(value);
    if (r.success && value !== undefined) values[key] = r.data;
    else invalidKeys.push(key);
  }
  return { values: values as Partial<Settings>, invalidKeys, unknownKeys };
}
