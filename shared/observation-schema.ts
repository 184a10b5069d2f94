/**
 * The observation alert settings (docs/codes.md) as stored in `settings.observation`,
 * validated with zod/mini like the tier thresholds in `schema.ts`.
 */
import * as z from 'zod/mini';
import { OBS_CODES, OBSERVATION_DEFAULTS, type ObservationConfig } from './observation-config';

export const ObservationConfigSchema = z
  .object({
    version: z.string().check(z.minLength(1), z.maxLength(64)),
    spo2CriticalAtOrBelow: z.number().check(z.minimum(50), z.maximum(100)),
    spo2WarningBelow: z.number().check(z.minimum(50), z.maximum(100)),
    feverFrom: z.number().check(z.minimum(35), z.maximum(42)),
    spo2DropPoints: z.number().check(z.minimum(1), z.maximum(20)),
    feverDays: z.int().check(z.minimum(2), z.maximum(10)),
    off: z.array(z.enum(OBS_CODES)).check(z.maxLength(OBS_CODES.length)),
  })
  .check(
    z.refine((c) => c.spo2CriticalAtOrBelow < c.spo2WarningBelow, {
      message: 'spo2CriticalAtOrBelow must be below spo2WarningBelow',
      path: ['spo2CriticalAtOrBelow'],
    }),
  ) satisfies z.ZodMiniType<ObservationConfig>;

/** A fresh copy of the defaults (the `off` array is never shared). */
export function observationDefaults(): ObservationConfig {
  return { ...OBSERVATION_DEFAULTS, off: [] };
}
