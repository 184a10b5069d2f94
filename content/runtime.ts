/**
 * The content runtime: recognises the page kind from its content, mounts the one
 * `<hersys-assist>` host when a kind is found, builds the page model for that kind and starts
 * the registered features over it (`content/features/`), and follows single-page-app changes
 * with a debounced MutationObserver. Every feature runs under its own AbortSignal, in
 * isolation (a throwing feature is logged under its id and the page keeps working), and is
 * stopped or started again when its switch in the settings changes. See docs/architecture.md.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { NotificationSnapshot, ObservationSnapshot, PageKind } from '../shared/messages';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { tabReceiver } from './clients/messages';
import { loadSettings, saveSettings, watchSettings } from './clients/settings';
import type { Feature } from './feature';
import { NOTIFICATION_FEATURES } from './features/index';
import { isolated } from './guard';
import { logError } from './log';
import { ObservationFeature } from './observation-app';
import { detectPageKind } from './page/form-reader';
import { NotificationPage, type PageEnv } from './page/notification-page';

export const HOST_TAG = 'hersys-assist';

/** How the runtime is started: on the host system (no options) or in the training page's replica frame. */
export interface ContentOptions {
  /** The training page's replica frame: the features' audit events carry the training flag. */
  training?: boolean;
  /**
   * The overlay's CSS, for an extension page: there the content script's CSS file is not
   * loaded by `cssInjectionMode: 'ui'`, so the page passes it (imported with `?inline`).
   */
  css?: string;
}

export interface ContentState {
  page: PageKind | null;
  notification: NotificationSnapshot | null;
  observation: ObservationSnapshot | null;
}

/** What the training page reads from the runtime it started. */
export interface ContentHandle {
  state(): ContentState;
}

type Page = NotificationPage | ObservationFeature;

interface Running {
  feature: Feature<never>;
  controller: AbortController | null;
}

/** Starts `feature` over `page` under a child of `parent`; a throwing init is logged and leaves nothing running. */
function startFeature<P extends NotificationPage>(feature: Feature<P>, page: P, parent: AbortSignal): AbortController | null {
  const controller = new AbortController();
  parent.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
  page.events.owner = feature.id;
  try {
    feature.init(controller.signal, page);
    return controller;
  } catch (e) {
    logError(e, `feature.${feature.id}`);
    controller.abort();
    return null;
  } finally {
    page.events.owner = 'page';
  }
}

export async function runContent(ctx: ContentScriptContext, options: ContentOptions = {}): Promise<ContentHandle> {
  let settings: Settings = DEFAULT_SETTINGS;
  try {
    settings = await loadSettings();
  } catch (e) {
    logError(e, 'settings.load');
  }

  let ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  let kind: PageKind | null = null;
  let page: Page | null = null;
  let pageAbort: AbortController | null = null;
  let running: Running[] = [];

  const env = (host: HTMLElement, container: HTMLElement): PageEnv => ({
    doc: document,
    host,
    container,
    settings: () => settings,
    saveSettings: (patch) => {
      settings = { ...settings, ...patch };
      onSettings();
      saveSettings(patch).catch((e) => logError(e, 'settings.save'));
    },
    log: logError,
    ...(options.training ? { training: true } : {}),
  });

  async function ensureUi(): Promise<ShadowRootContentScriptUi<HTMLElement>> {
    if (ui) {
      if (!ui.shadowHost.isConnected) document.body.append(ui.shadowHost);
      return ui;
    }
    ui = await createShadowRootUi(ctx, {
      name: HOST_TAG,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      mode: 'open',
      ...(options.css ? { css: options.css } : {}),
      isolateEvents: ['keydown', 'keyup', 'keypress', 'input', 'change', 'compositionstart', 'compositionend'],
      onMount: (container) => container,
    });
    ui.mount();
    return ui;
  }

  function stopPage(): void {
    pageAbort?.abort();
    pageAbort = null;
    page = null;
    running = [];
  }

  /** Starts or stops the features whose switch changed, then lets the page model follow the settings. */
  function onSettings(): void {
    if (page instanceof NotificationPage && pageAbort) {
      const current = page;
      const parent = pageAbort.signal;
      for (const r of running) {
        const f = r.feature as unknown as Feature<NotificationPage>;
        const on = f.enabledWhen?.(settings) ?? true;
        if (on && !r.controller) r.controller = startFeature(f, current, parent);
        else if (!on && r.controller) {
          r.controller.abort();
          r.controller = null;
        }
      }
    }
    page?.onSettingsChange();
  }

  function startNotification(u: ShadowRootContentScriptUi<HTMLElement>): void {
    const controller = new AbortController();
    const p = new NotificationPage(env(u.shadowHost, u.uiContainer));
    pageAbort = controller;
    page = p;
    // Features subscribe first: the page model's first read reaches them all.
    running = NOTIFICATION_FEATURES.filter((f) => f.include.includes('notification')).map((f) => ({
      feature: f as unknown as Feature<never>,
      controller: (f.enabledWhen?.(settings) ?? true) ? startFeature(f, p, controller.signal) : null,
    }));
    p.start(controller.signal);
  }

  let switching = false;
  let rerun = false;
  async function update(): Promise<void> {
    if (switching) {
      rerun = true;
      return;
    }
    switching = true;
    try {
      if (ui && !ui.shadowHost.isConnected) document.body.append(ui.shadowHost);
      // On a 発生届 the page model reads the form itself; the page kind is looked at again only
      // when the form is gone (one scan per change, not two).
      if (kind === 'notification' && page?.onStructureChange()) return;
      const next = detectPageKind(document);
      if (next === kind) return;
      stopPage();
      kind = next;
      if (next === 'notification') {
        const u = await ensureUi();
        u.shadowHost.setAttribute('data-page', next);
        startNotification(u);
      } else if (next) {
        // Observation pages: the observation model reads its table or settings itself.
        const u = await ensureUi();
        u.shadowHost.setAttribute('data-page', next);
        for (const a of ['data-tier', 'data-missing', 'data-invalid', 'data-guard']) u.shadowHost.removeAttribute(a);
        pageAbort = new AbortController();
        const obs = new ObservationFeature(env(u.shadowHost, u.uiContainer), next);
        page = obs;
        obs.start(pageAbort.signal);
      } else if (ui) {
        ui.remove();
        ui = null;
      }
    } catch (e) {
      logError(e, 'content.update');
    } finally {
      switching = false;
      if (rerun) {
        rerun = false;
        void update();
      }
    }
  }

  // Debounced observation of the page's structure. Our own host is ignored, and so are
  // changes that cannot touch the 発生届 (a toast, a clock, a list elsewhere on the page).
  let layoutFrame = 0;
  const observer = new MutationObserver(
    isolated('content.mutations', logError, (records: MutationRecord[]) => {
      let structural = false;
      for (const r of records) {
        const t = r.target;
        if (ui && (t === ui.shadowHost || ui.shadowHost.contains(t))) continue;
        if (r.type === 'childList') {
          const nodes = [...r.addedNodes, ...r.removedNodes].filter((n) => n !== ui?.shadowHost);
          if (nodes.length > 0 && (!page || page.isAffectedBy(t, nodes))) structural = true;
        } else if (r.type === 'attributes' && !layoutFrame) {
          layoutFrame = ctx.requestAnimationFrame(
            isolated('content.layout', logError, () => {
              layoutFrame = 0;
              page?.onLayoutChange();
            }),
          );
        }
      }
      if (!structural) return;
      clearTimeout(timer);
      timer = ctx.setTimeout(() => void update(), 150);
    }),
  );
  let timer: number | undefined;
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['hidden', 'style', 'class', 'aria-hidden', 'open'],
  });
  ctx.onInvalidated(() => {
    observer.disconnect();
    clearTimeout(timer);
    stopPage();
  });

  const unwatch = watchSettings(
    isolated('settings.watch', logError, (s: Settings) => {
      settings = s;
      onSettings();
    }),
  );
  ctx.onInvalidated(unwatch);

  const state = (): ContentState => ({
    page: kind,
    notification: page instanceof NotificationPage ? page.snapshot() : null,
    observation: page instanceof ObservationFeature ? page.snapshot() : null,
  });
  const receive = tabReceiver({
    getState: state,
    getMetrics: () => (page ? { ...page.metrics } : null),
  });
  const onMessage = isolated('content.message', logError, receive);
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  await update();
  return { state };
}
