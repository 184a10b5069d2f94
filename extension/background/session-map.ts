import { browser } from 'wxt/browser';

/** Saved to storage.session at most this often. */
const STATE_SAVE_MS = 300;

/**
 * A bounded Map (oldest first out) mirrored to one `storage.session` key, so what it
 * remembers outlives a restart of the worker: loaded once, saved debounced, best effort
 * (without storage.session it lasts while the worker runs). `encode` may give null to skip.
 */
export class SessionMap<V, S> {
  private readonly map = new Map<string, V>();
  private loaded: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly key: string,
    private readonly max: number,
    private readonly decode: (saved: unknown) => V | null,
    private readonly encode: (value: V) => S | null | Promise<S | null>,
  ) {}

  load(): Promise<void> {
    this.loaded ??= (async () => {
      try {
        const got = await browser.storage.session.get(this.key);
        for (const [k, raw] of Object.entries((got[this.key] as Record<string, unknown> | undefined) ?? {})) {
          const v = this.decode(raw);
          if (v !== null && !this.map.has(k)) this.map.set(k, v);
        }
      } catch {
        // storage.session unavailable: the memory lasts while the worker runs
      }
    })();
    return this.loaded;
  }

  get(k: string): V | undefined {
    return this.map.get(k);
  }

  /** Sets `k` as the newest entry and drops the oldest beyond the bound. */
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  delete(k: string): void {
    this.map.delete(k);
  }

  /** Saves soon (debounced): one storage write per burst. */
  scheduleSave(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, STATE_SAVE_MS);
  }

  private async save(): Promise<void> {
    const out: Record<string, S> = {};
    const encoded = await Promise.all([...this.map].map(async ([k, v]) => [k, await this.encode(v)] as const));
    for (const [k, e] of encoded) if (e !== null) out[k] = e;
    try {
      await browser.storage.session.set({ [this.key]: out });
    } catch {
      // best effort
    }
  }
}
