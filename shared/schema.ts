/**
 * zod schemas at the boundaries: a notification record (contract §3 field ids) as the
 * extension's reader and the CLI's CSV rows produce it, and the triage result (§7).
 */
import { z } from 'zod';
import { FIELD_IDS, MYHERSYS_PSEUDO_FIELD, type FieldId } from './fields';
import { PROBLEM_CODES } from './problems';
import { REASON_CODES, TIERS, type TierConfig } from './tier';

/** What one field may hold: the text as typed or the label of the chosen option. */
export const FieldValueSchema = z.string().max(2000);

const fieldShape = Object.fromEntries(FIELD_IDS.map((id) => [id, FieldValueSchema.optional()])) as Record<
  FieldId,
  z.ZodOptional<typeof FieldValueSchema>
>;

/** A 発生届 record: every field optional (absent = unanswered), plus an optional row id. */
export const NotificationRecordSchema = z
  .object({ id: z.string().max(200).optional(), ...fieldShape })
  .strict();
export type NotificationRecord = z.infer<typeof NotificationRecordSchema>;

export const ProblemSchema = z.object({
  field: z.enum([...FIELD_IDS, MYHERSYS_PSEUDO_FIELD]),
  code: z.enum(PROBLEM_CODES),
  level: z.enum(['error', 'warning', 'info']),
});

export const TriageResultSchema = z.object({
  id: z.string(),
  tier: z.enum(TIERS),
  reasons: z.array(z.enum(REASON_CODES)),
  age: z.number().int().nullable(),
  riskCount: z.number().int().min(0),
  problems: z.array(ProblemSchema),
});
export type TriageResultRecord = z.infer<typeof TriageResultSchema>;

/** Tier thresholds (contract §4) as stored in settings, managed policy and imports. */
export const TierConfigSchema = z.object({
  version: z.string().min(1).max(64),
  priorityAge: z.number().int().min(0).max(130),
  multiRiskMinAge: z.number().int().min(0).max(130),
  multiRiskCount: z.number().int().min(1).max(20),
  pregnancyMinAge: z.number().int().min(0).max(130),
  pregnancyMaxAge: z.number().int().min(0).max(130),
  maxDosesCountedAsUnvaccinated: z.number().int().min(0).max(10),
  maxPlausibleAge: z.number().int().min(100).max(200),
}) satisfies z.ZodType<TierConfig>;
