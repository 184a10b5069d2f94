/**
 * Same number within a clinic day: the request a 発生届 page sends to ask whether
 * its phone number was used in another 発生届 from this browser in the last 24 h, or to
 * record that it was just used. The number travels to our own background only, which keeps
 * nothing but its keyed hash (HMAC with the per-installation secret) and a time.
 */
import * as z from 'zod/mini';

export const PHONE_SEEN_WINDOW_MS = 24 * 60 * 60 * 1000;
/** At most this many recent numbers are kept (a busy clinic day is far below it). */
export const PHONE_SEEN_MAX = 2000;

/** The request of the `phoneSeen` message (shared/messages.ts). */
export const PhoneSeenRequestSchema = z.strictObject({
  op: z.enum(['check', 'record']),
  /** National digits of a valid number (normalizePhoneDigits), never stored. */
  phone: z.string().check(z.regex(/^0\d{9,10}$/)),
});
export type PhoneSeenRequest = z.infer<typeof PhoneSeenRequestSchema>;

export interface PhoneSeenEntry {
  /** Keyed hash of the digits. */
  h: string;
  /** When the number was last used (ms since epoch). */
  t: number;
}

/** Entries still inside the window, newest last, at most PHONE_SEEN_MAX. */
export function prunePhoneSeen(entries: readonly PhoneSeenEntry[], now: number): PhoneSeenEntry[] {
  return entries.filter((e) => e && typeof e.h === 'string' && typeof e.t === 'number' && now - e.t < PHONE_SEEN_WINDOW_MS && e.t <= now).slice(-PHONE_SEEN_MAX);
}
