/**
 * What a feature is. Each feature of the content script is one module in `content/features/`
 * that declares the page kinds it runs on and an `init(signal, page)`: it subscribes to its
 * page model's events and draws or checks one thing. The runtime (`content/runtime.ts`)
 * starts the features of the page kind it detected, each under its own AbortSignal and in
 * isolation (a feature that throws is logged under its id; the page and the other features
 * keep working), and stops a feature whose `enabledWhen` turns false. See docs/architecture.md.
 */
import type { PageKind } from '../shared/messages';
import type { Settings } from '../shared/settings';

export interface Feature<Page> {
  /** Stable id: logged with a failure (`feature.<id>`), listed in docs/architecture.md. */
  readonly id: string;
  readonly include: readonly PageKind[];
  /** The feature's switch in the settings (default: always on). Re-checked on every settings change. */
  readonly enabledWhen?: (settings: Settings) => boolean;
  /** Starts the feature; everything it registers must end with `signal` (use the page's `on`/`listen`/`timeout`/`frame`). */
  init(signal: AbortSignal, page: Page): void;
}

export function defineFeature<Page>(feature: Feature<Page>): Feature<Page> {
  return feature;
}

/** A page model the features of one kind share: it has an event emitter. */
export interface FeaturePage {
  readonly events: { owner: string };
}

/**
 * Starts `feature` over `page` under a child signal of `parent`. A throwing init is logged as
 * `feature.<id>` and leaves nothing running (its signal aborts); returns the feature's
 * controller, or null when it did not start.
 */
export function startFeature<P extends FeaturePage>(
  feature: Feature<P>,
  page: P,
  parent: AbortSignal,
  log: (error: unknown, where: string) => void,
): AbortController | null {
  const controller = new AbortController();
  parent.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
  page.events.owner = feature.id;
  try {
    feature.init(controller.signal, page);
    return controller;
  } catch (e) {
    log(e, `feature.${feature.id}`);
    controller.abort();
    return null;
  } finally {
    page.events.owner = 'page';
  }
}

/** A started (or switched-off) feature of a page. */
export interface Running<P> {
  feature: Feature<P>;
  controller: AbortController | null;
}

/** Starts the features of `kind` whose switch is on, in registry order. */
export function startFeatures<P extends FeaturePage>(
  features: readonly Feature<P>[],
  kind: PageKind,
  page: P,
  settings: Settings,
  parent: AbortSignal,
  log: (error: unknown, where: string) => void,
): Running<P>[] {
  return features
    .filter((f) => f.include.includes(kind))
    .map((feature) => ({ feature, controller: (feature.enabledWhen?.(settings) ?? true) ? startFeature(feature, page, parent, log) : null }));
}

/** The settings changed: stops the features whose switch turned off, starts those whose switch turned on. */
export function switchFeatures<P extends FeaturePage>(
  running: readonly Running<P>[],
  page: P,
  settings: Settings,
  parent: AbortSignal,
  log: (error: unknown, where: string) => void,
): void {
  for (const r of running) {
    const on = r.feature.enabledWhen?.(settings) ?? true;
    if (on && !r.controller) r.controller = startFeature(r.feature, page, parent, log);
    else if (!on && r.controller) {
      r.controller.abort();
      r.controller = null;
    }
  }
}

type Listener<T> = (payload: T) => void;

/**
 * A typed event emitter whose listeners are isolated from each other: a listener that
 * throws is logged under the owner it was registered by, and the next listener still runs.
 * Every subscription ends with its AbortSignal.
 */
export class Emitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<{ fn: Listener<never>; owner: string }>>();
  /** The feature being started (set by the runtime around `init`): listeners registered now belong to it. */
  owner = 'page';

  constructor(private readonly log: (error: unknown, where: string) => void) {}

  on<E extends keyof Events>(event: E, fn: Listener<Events[E]>, signal: AbortSignal): void {
    if (signal.aborted) return;
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = { fn: fn as Listener<never>, owner: this.owner };
    set.add(entry);
    signal.addEventListener('abort', () => set.delete(entry), { once: true });
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const { fn, owner } of [...set]) {
      try {
        (fn as Listener<Events[E]>)(payload);
      } catch (e) {
        this.log(e, `feature.${owner}.${String(event)}`);
      }
    }
  }
}

/**
 * Timers, animation frames and DOM listeners tied to an AbortSignal, each callback isolated:
 * a feature never leaves a timer or a listener behind, and never throws into the page.
 */
export class Scope {
  constructor(
    private readonly win: Window,
    private readonly log: (error: unknown, where: string) => void,
  ) {}

  private guarded<A extends unknown[]>(where: string, fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      try {
        fn(...args);
      } catch (e) {
        this.log(e, where);
      }
    };
  }

  listen<K extends string>(
    target: EventTarget,
    type: K,
    fn: (e: Event) => void,
    signal: AbortSignal,
    where: string,
    options: AddEventListenerOptions = {},
  ): void {
    target.addEventListener(type, this.guarded(where, fn), { ...options, signal });
  }

  /** A one-shot timer, cleared when `signal` aborts; returns a function that clears it. Leaves no listener behind once it ran or was cleared. */
  timeout(fn: () => void, ms: number, signal: AbortSignal, where: string): () => void {
    if (signal.aborted) return () => undefined;
    const run = this.guarded(where, fn);
    const clear = () => {
      this.win.clearTimeout(id);
      signal.removeEventListener('abort', clear);
    };
    const id = this.win.setTimeout(() => {
      signal.removeEventListener('abort', clear);
      run();
    }, ms);
    signal.addEventListener('abort', clear, { once: true });
    return clear;
  }

  /** One animation frame, cancelled when `signal` aborts (no listener left behind once it ran). */
  frame(fn: () => void, signal: AbortSignal, where: string): () => void {
    if (signal.aborted) return () => undefined;
    const run = this.guarded(where, fn);
    const cancel = () => {
      this.win.cancelAnimationFrame(id);
      signal.removeEventListener('abort', cancel);
    };
    const id = this.win.requestAnimationFrame(() => {
      signal.removeEventListener('abort', cancel);
      run();
    });
    signal.addEventListener('abort', cancel, { once: true });
    return cancel;
  }
}
