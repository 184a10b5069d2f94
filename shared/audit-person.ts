/**
 * The person linkage key a sender puts in an audit event (`personKey`). Its own module so
 * the background, which only HMACs the key, does not bundle the phone and date parsers.
 */
import { formatISO, parseDate } from './dates';
import { normalizePhoneDigits } from './phone';

/**
 * A linkage key for one person from the 発生届's phone and birthdate: national phone digits
 * and the ISO birthdate (`p:09027182818|b:1951-06-15`), so that every spelling of the same
 * number and date gives the same key. Null when neither can be read. The key goes to the
 * background in the message and is replaced there by its HMAC; it is never stored.
 */
export function personKeyFrom(values: { phone?: string | null; birthdate?: string | null }): string | null {
  const digits = normalizePhoneDigits(values.phone ?? null);
  const date = parseDate(values.birthdate ?? null);
  const iso = date.ok ? formatISO(date.value) : null;
  if (!digits && !iso) return null;
  return `p:${digits ?? ''}|b:${iso ?? ''}`;
}
