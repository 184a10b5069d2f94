/**
 * The audit log, shared part: the message content scripts and extension pages send to the
 * background (zod/mini), masking of free text, the person linkage key, and the conversion of
 * a validated event into what the store appends. The hash chain itself (entry type, canonical
 * form, verifier, export format) lives in `./audit-chain` and is re-exported here.
 *
 * Nothing here may let page text reach storage: every string an event carries is either a
 * code matching a strict pattern, the override reason after masking, or the person key —
 * which the background replaces by its HMAC before anything is written.
 */
import * as z from 'zod/mini';
import {
  AUDIT_EVENT_TYPES,
  AUDIT_PAGES,
  canonicalJson,
  type AuditDetail,
  type AuditEventType,
  type AuditPage,
} from './audit-chain';

export * from './audit-chain';

/** Event types a sender may report. `settings-changed` and `retention-purge` are the background's own. */
export const CLIENT_EVENT_TYPES = [
  'form-evaluated',
  'submit-blocked',
  'submit-overridden',
  'submit-clean',
  'alert-raised',
  'alert-acknowledged',
  'extension-error',
] as const satisfies readonly AuditEventType[];
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

/** The longest override reason kept (code points, after masking). */
export const MAX_REASON_LENGTH = 500;

// Patterns for the code-like strings an event may carry. No run of 4+ digits anywhere: a code
// never needs one, and a phone number, birthdate or HER-SYS ID always has one.
const NO_DIGIT_RUN = '(?!.*\\d{4})';
const TIER_RE = new RegExp(`^${NO_DIGIT_RUN}[a-z][a-z0-9-]{0,31}$`);
const REASON_CODE_RE = new RegExp(`^${NO_DIGIT_RUN}[A-Z][A-Z0-9_]{0,63}$`);
const FIELD_RE = new RegExp(`^${NO_DIGIT_RUN}[a-z][a-z0-9-]{0,63}$`);
const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}$/;
const DETAIL_KEY_RE = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const DETAIL_CODE_RE = new RegExp(`^${NO_DIGIT_RUN}[A-Za-z][A-Za-z0-9_.:,/-]{0,63}$`);
const CLIENT_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_DETAIL_KEYS = 16;
/** Largest magnitude a detail number may have (counts, durations); larger ones could be a phone or a date. */
const MAX_DETAIL_NUMBER = 99_999;

export const AuditProblemSchema = z.strictObject({
  field: z.string().check(z.regex(FIELD_RE)),
  code: z.string().check(z.regex(REASON_CODE_RE)),
});

export const AuditClientEventSchema = z.strictObject({
  type: z.enum(CLIENT_EVENT_TYPES),
  page: z.optional(z.nullable(z.enum(AUDIT_PAGES))),
  tier: z.optional(z.string().check(z.regex(TIER_RE))),
  reasons: z.optional(z.array(z.string().check(z.regex(REASON_CODE_RE))).check(z.maxLength(64))),
  problems: z.optional(z.array(AuditProblemSchema).check(z.maxLength(200))),
  rulesetVersion: z.optional(z.string().check(z.regex(VERSION_RE))),
  training: z.optional(z.boolean()),
  /** Raw linkage key (see personKeyFrom); the background keeps only its HMAC. */
  personKey: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Override reason, masked by the sender (maskFreeText); the background masks digit runs again. */
  reason: z.optional(z.string().check(z.maxLength(4000))),
  /** Codes only. Values that do not look like codes are replaced by ＊ in the background. */
  detail: z.optional(
    z
      .record(z.string().check(z.regex(DETAIL_KEY_RE)), z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean()]))
      .check(z.refine((o) => Object.keys(o).length <= MAX_DETAIL_KEYS, 'too many detail keys')),
  ),
  /**
   * alert-raised only: what makes the alert new besides person, level and codes (the
   * observation day). Folded into a digest by the background and never stored, so the same
   * alert is logged once a day however often the list is reloaded.
   */
  once: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** Random per event (crypto.randomUUID()); a retry with the same id is stored once. */
  clientId: z.string().check(z.regex(CLIENT_ID_RE)),
});
export type AuditClientEvent = z.infer<typeof AuditClientEventSchema>;

export type AuditErrorCode = 'invalid' | 'forbidden' | 'quota' | 'storage';
/** The background's answer; `ok: true` only after the entry's transaction committed. */
export type AuditResponse =
  | { ok: true; id: number; duplicate?: true; unchanged?: true }
  | { ok: false; error: AuditErrorCode };

/** Errors a sender should retry (the store may recover); `invalid` and `forbidden` never will. */
export function isRetryableAuditError(error: AuditErrorCode): boolean {
  return error === 'quota' || error === 'storage';
}

/** What the store appends: a validated event with the person already hashed and text masked. */
export interface AuditAppendInput {
  type: AuditEventType;
  page: AuditPage | null;
  tier: string | null;
  reasons: string[];
  problems: { field: string; code: string }[];
  rulesetVersion: string | null;
  training: boolean;
  person: string | null;
  reason: string | null;
  detail: AuditDetail | null;
  /** Kept by the store for de-duplication only; not part of the entry or the export. */
  clientId?: string;
}

// ---------------------------------------------------------------------------------------------
// Masking.

const MASK_VALUE = '＊';
const MASK_DIGITS = '#';
/** Separators people put inside numbers and names (after NFKC). */
const SEP_CLASS = '[\\s\\-\\u2010-\\u2015\\u2212\\uff0d\\u30fb\\uff65./]';
const SEPARATORS = new RegExp(`${SEP_CLASS}+`, 'gu');
/** Digit runs, with the separators between them (090-2718-2818 → #, 1951/06/15 → #). */
const DIGIT_RUNS = /\p{Nd}+(?:[\s\-\u2010-\u2015\u2212\uff0d\u30fc/.,:()]*\p{Nd}+)*/gu;
/** Kanji numerals spelling out a number (〇九〇二七…): runs of four or more. */
const KANJI_DIGIT_RUNS = /[〇零一二三四五六七八九]{4,}/gu;
/** A form value shorter than this (after NFKC) is not matched: one character is any word. */
const MIN_VALUE_LENGTH = 2;

function nfkc(s: string): string {
  // The mask character itself is full-width and NFKC would make it '*': keep it as it is.
  return s.split(MASK_VALUE).map((p) => p.normalize('NFKC')).join(MASK_VALUE);
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A character class that also matches the other kana script (カ ↔ か). */
function charPattern(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x30a1 && cp <= 0x30f6) return `[${ch}${String.fromCodePoint(cp - 0x60)}]`;
  if (cp >= 0x3041 && cp <= 0x3096) return `[${ch}${String.fromCodePoint(cp + 0x60)}]`;
  return escapeRegex(ch);
}

/** The ways a form value may appear in text: whole, without separators, and each part of it. */
function valueVariants(value: string): string[] {
  const v = nfkc(value).replace(/\s+/g, ' ').trim();
  const out = new Set<string>();
  const add = (s: string) => {
    if ([...s].length >= MIN_VALUE_LENGTH) out.add(s);
  };
  add(v);
  add(v.replace(SEPARATORS, ''));
  for (const part of v.split(SEPARATORS)) add(part);
  return [...out].sort((a, b) => b.length - a.length);
}

/** A regex matching `variant` with optional separators between its characters, any case, either kana. */
function variantRegex(variant: string): RegExp {
  const chars = [...variant.replace(SEPARATORS, '')].map(charPattern);
  return new RegExp(chars.join(`${SEP_CLASS}*`), 'giu');
}

/**
 * Masks free text the user typed (the override reason) before it is logged: NFKC first (so
 * full-width digits and letters are caught), then every form value given — whole, with its
 * dashes and spaces removed, and each of its parts, matched with any separators, any letter
 * case and either kana script — becomes ＊, then every run of digits (with the separators
 * inside it, so 090-2718-2818 is one run) becomes #, as do runs of four or more kanji
 * numerals. Values shorter than two characters are not matched. Idempotent.
 */
export function maskFreeText(reason: string, formValues: readonly string[] = []): string {
  let s = nfkc(reason);
  const variants = new Set<string>();
  for (const value of formValues) if (typeof value === 'string') for (const v of valueVariants(value)) variants.add(v);
  for (const v of [...variants].sort((a, b) => b.length - a.length)) s = s.replace(variantRegex(v), MASK_VALUE);
  s = s.replace(DIGIT_RUNS, MASK_DIGITS).replace(KANJI_DIGIT_RUNS, MASK_DIGITS);
  return s;
}

// ---------------------------------------------------------------------------------------------
// The person linkage key (built by the sender with personKeyFrom, in ./audit-person).

/** How the background normalises a person key before its HMAC (width, spaces). */
export function normalizePersonKey(key: string): string {
  return key.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** The message the HMAC is computed over (domain-separated, versioned). */
export function personHmacMessage(key: string): string {
  return `hersys-assist/person/v1\n${normalizePersonKey(key)}`;
}

// ---------------------------------------------------------------------------------------------
// Event → append input.

function sanitizeDetail(detail: Record<string, string | number | boolean> | undefined): AuditDetail | null {
  if (!detail) return null;
  const out: AuditDetail = {};
  let n = 0;
  for (const [k, v] of Object.entries(detail)) {
    if (!DETAIL_KEY_RE.test(k) || ++n > MAX_DETAIL_KEYS) continue;
    if (typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'number') out[k] = Number.isFinite(v) && Math.abs(v) <= MAX_DETAIL_NUMBER ? Math.round(v * 1000) / 1000 : MASK_VALUE;
    else out[k] = DETAIL_CODE_RE.test(v) ? v : MASK_VALUE;
  }
  return n ? out : null;
}

/** Masks a reason again (digit runs) and bounds its length; empty → null. */
export function finalizeReason(reason: string | undefined): string | null {
  if (reason === undefined) return null;
  const masked = maskFreeText(reason).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!masked) return null;
  const cps = [...masked];
  return cps.length > MAX_REASON_LENGTH ? cps.slice(0, MAX_REASON_LENGTH).join('') : masked;
}

/**
 * A validated client event, with its person key already hashed (`person`), as the store takes it.
 * `trainingSender`: the background's own decision from the sender (our training page or its
 * replica frame); when given, it wins over whatever the event claims.
 */
export function toAppendInput(event: AuditClientEvent, person: string | null, trainingSender?: boolean): AuditAppendInput {
  const page = event.page ?? null;
  return {
    type: event.type,
    page,
    tier: event.tier ?? null,
    reasons: event.reasons ? [...event.reasons] : [],
    problems: event.problems ? event.problems.map((p) => ({ field: p.field, code: p.code })) : [],
    rulesetVersion: event.rulesetVersion ?? null,
    training: trainingSender ?? event.training ?? page === 'training',
    person,
    reason: event.type === 'submit-overridden' ? finalizeReason(event.reason) : null,
    detail: sanitizeDetail(event.detail),
    clientId: event.clientId,
  };
}

/**
 * What makes two `alert-raised` events "the same": person, page, level, codes (order-free),
 * training, rule set and the sender's `once` (the observation day).
 */
export function alertSignature(input: AuditAppendInput, once: string): string {
  return canonicalJson({
    page: input.page,
    tier: input.tier,
    reasons: [...input.reasons].sort(),
    training: input.training,
    rulesetVersion: input.rulesetVersion,
    person: input.person,
    once,
  });
}

/**
 * What makes two `form-evaluated` events "the same": tier, reasons, problems (order-free),
 * page, training, rule set and person. A new entry is written only when this changes.
 */
export function formSignature(input: AuditAppendInput): string {
  const problems = input.problems.map((p) => `${p.field}:${p.code}`).sort();
  return canonicalJson({
    page: input.page,
    tier: input.tier,
    reasons: [...input.reasons].sort(),
    problems,
    training: input.training,
    rulesetVersion: input.rulesetVersion,
    person: input.person,
  });
}
