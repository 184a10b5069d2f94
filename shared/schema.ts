/**
 * zod schemas at the boundaries: a notification record (docs/codes.md field ids) as the
 * extension's reader and the CLI's CSV rows produce it, and the triage result (§7).
 * `zod/mini` (the tree-shakable form of zod) keeps the content script small.
 */
import * as z from 'zod/mini';
import { FIELD_IDS, MYHERSYS_PSEUDO_FIELD, type FieldId } from './fields';
import { PROBLEM_CODES } from './problems';
import { REASON_CODES, TIERS, type TierConfig } from './tier';

/** What one field may hold: the text as typed or the label of the chosen option. */
export const FieldValueSchema = z.string().check(z.maxLength(2000));

const fieldShape = Object.fromEntries(FIELD_IDS.map((id) => [id, z.optional(FieldValueSchema)])) as Record<
  FieldId,
  z.ZodMiniOptional<typeof FieldValueSchema>
>;

/** A 発生届 record: every field optional (absent = unanswered), plus an optional row id. */
export const NotificationRecordSchema = z.strictObject({ id: z.optional(z.string().check(z.maxLength(200))), ...fieldShape });
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
  age: z.nullable(z.int()),
  riskCount: z.int().check(z.minimum(0)),
  problems: z.array(ProblemSchema),
});
export type TriageResultRecord = z.infer<typeof TriageResultSchema>;

/** Tier thresholds (docs/codes.md) as stored in settings, managed policy and imports. */
export const TierConfigSchema = z.object({
  version: z.string().check(z.minLength(1), z.maxLength(64)),
  priorityAge: z.int().check(z.minimum(0), z.maximum(130)),
  multiRiskMinAge: z.int().check(z.minimum(0), z.maximum(130)),
  multiRiskCount: z.int().check(z.minimum(1), z.maximum(20)),
  pregnancyMinAge: z.int().check(z.minimum(0), z.maximum(130)),
  pregnancyMaxAge: z.int().check(z.minimum(0), z.maximum(130)),
  maxDosesCountedAsUnvaccinated: z.int().check(z.minimum(0), z.maximum(10)),
  maxPlausibleAge: z.int().check(z.minimum(100), z.maximum(200)),
}) satisfies z.ZodMiniType<TierConfig>;
