/**
 * 確認済み marks on observation alerts, kept in `storage.local` without personal data: each
 * mark is stored under `ack:` + SHA-256(per-installation salt, person key, date), computed
 * here with `crypto.subtle`, so neither the HER-SYS ID nor the name ever reaches storage.
 * The salt is random (32 bytes) and created once under `ackSalt`. A mark holds the codes
 * that were acknowledged and when; it counts while the row shows no code beyond them.
 */
import { ACK_KEY_PREFIX, STORAGE_KEYS } from '../../shared/storage-keys';
import { browser } from 'wxt/browser';

export const ACK_SALT_KEY = STORAGE_KEYS.ackSalt;
export const ACK_PREFIX = ACK_KEY_PREFIX;

export interface AckRecord {
  /** The codes acknowledged. */
  codes: string[];
  /** When (ms since the epoch). */
  at: number;
}

/** The part of a storage area used here (`browser.storage.local`, or a fake in tests). */
export interface AckArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

function hex(buf: ArrayBuffer): string {
  const b = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

function isRecord(v: unknown): v is AckRecord {
  if (!v || typeof v !== 'object') return false;
  const r = v as AckRecord;
  return Array.isArray(r.codes) && r.codes.every((c) => typeof c === 'string') && typeof r.at === 'number';
}

/** Whether a mark covers the codes a row shows now (a new code needs a new look). */
export function covers(record: AckRecord | undefined, codes: readonly string[]): boolean {
  return !!record && codes.length > 0 && codes.every((c) => record.codes.includes(c));
}

export class AckStore {
  private saltPromise: Promise<string> | null = null;
  private readonly encoder = new TextEncoder();

  constructor(private readonly area: AckArea = browser.storage.local) {}

  /** The installation's salt, created on first use (another tab's salt wins a race). */
  salt(): Promise<string> {
    this.saltPromise ??= (async () => {
      const got = await this.area.get(ACK_SALT_KEY);
      const have = got[ACK_SALT_KEY];
      if (typeof have === 'string' && /^[0-9a-f]{64}$/.test(have)) return have;
      const fresh = hex(crypto.getRandomValues(new Uint8Array(32)).buffer);
      await this.area.set({ [ACK_SALT_KEY]: fresh });
      const again = (await this.area.get(ACK_SALT_KEY))[ACK_SALT_KEY];
      return typeof again === 'string' ? again : fresh;
    })();
    this.saltPromise.catch(() => (this.saltPromise = null));
    return this.saltPromise;
  }

  /** The storage key of a person's day: `ack:` + hex SHA-256(salt, person key, ISO date). */
  async keyFor(personKey: string, dateIso: string): Promise<string> {
    const salt = await this.salt();
    const digest = await crypto.subtle.digest('SHA-256', this.encoder.encode(`${salt}\u0000${personKey.normalize('NFKC').trim()}\u0000${dateIso}`));
    return ACK_PREFIX + hex(digest);
  }

  /** The marks stored under `keys` (one storage read). */
  async lookup(keys: readonly string[]): Promise<Map<string, AckRecord>> {
    const out = new Map<string, AckRecord>();
    if (keys.length === 0) return out;
    const got = await this.area.get([...keys]);
    for (const k of keys) {
      const v = got[k];
      if (isRecord(v)) out.set(k, v);
    }
    return out;
  }

  async put(key: string, codes: readonly string[], at = Date.now()): Promise<AckRecord> {
    const record: AckRecord = { codes: [...codes], at };
    await this.area.set({ [key]: record });
    return record;
  }
}
