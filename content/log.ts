/**
 * Logging of caught failures: the page carries on (fail open); the console says what, the
 * audit log says where (never data).
 */
import { sendAudit } from './clients/audit';

/** When each place last wrote an `extension-error` entry: a fault that repeats on every keystroke is logged once a minute. */
const lastLogged = new Map<string, number>();
const LOG_EVERY_MS = 60_000;

/** Logs a caught failure (the page carries on: fail open) to the console and the audit log (the place only, never data). */
export function logError(error: unknown, where: string): void {
  console.warn(`[HER-SYS Assist] ${where}:`, error);
  try {
    const now = Date.now();
    const last = lastLogged.get(where);
    if (last !== undefined && now - last < LOG_EVERY_MS) return;
    lastLogged.set(where, now);
    sendAudit({ type: 'extension-error', page: null, detail: { where } }).catch(() => undefined);
  } catch {
    // the audit log is best effort here
  }
}

