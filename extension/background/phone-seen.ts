/**
 * Background side of the same-number check: keyed hashes of numbers used in a submitted
 * 発生届, with their time, in `storage.local` (never the number itself).
 */
import { STORAGE_KEYS } from '../../shared/storage-keys';
import { browser } from 'wxt/browser';
import type { RequestOf, ResponseOf } from '../../shared/messages';
import { prunePhoneSeen, type PhoneSeenEntry } from '../../shared/phone-seen';

const KEY = STORAGE_KEYS.phoneSeen;

export interface PhoneSeenDeps {
  /** The storage key (training submits keep their own list, apart from real patients'). */
  key?: string;
  /** HMAC-SHA-256 (hex) under the per-installation secret. */
  keyedHash(text: string): Promise<string>;
  now?: () => number;
}

export class PhoneSeenRegistry {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private readonly deps: PhoneSeenDeps) {}

  private async load(now: number): Promise<PhoneSeenEntry[]> {
    const key = this.deps.key ?? KEY;
    const got = await browser.storage.local.get(key);
    const raw = got[key];
    return prunePhoneSeen(Array.isArray(raw) ? (raw as PhoneSeenEntry[]) : [], now);
  }

  /** Whether `digits` was recorded in the last 24 h. */
  async check(digits: string): Promise<boolean> {
    const now = (this.deps.now ?? Date.now)();
    const h = await this.deps.keyedHash(`phone:${digits}`);
    return (await this.load(now)).some((e) => e.h === h);
  }

  /** Records that `digits` was used now (one entry per number; serialised writes). */
  record(digits: string): Promise<void> {
    const run = this.chain.then(async () => {
      const now = (this.deps.now ?? Date.now)();
      const h = await this.deps.keyedHash(`phone:${digits}`);
      const entries = (await this.load(now)).filter((e) => e.h !== h);
      entries.push({ h, t: now });
      await browser.storage.local.set({ [this.deps.key ?? KEY]: entries });
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The handler of a validated `phoneSeen` request (the dispatcher checked sender and shape). Answers `{ seen }` or `{ ok }`. */
  async handle(request: RequestOf<'samePhone'>): Promise<ResponseOf<'samePhone'>> {
    if (request.op === 'check') return { seen: await this.check(request.phone) };
    await this.record(request.phone);
    return { ok: true };
  }
}
