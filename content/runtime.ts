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
import { switchFeatures, type Running } from './feature';
import { startNotificationPage, startObservationPage } from './features/index';
import { isolated } from './guard';
import { logError } from './log';
import { detectPageKind } from './page/form-reader';
import { NotificationPage, type PageEnv } from './page/notification-page';
import { ObservationPage } from './page/observation-page';

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

type Page = NotificationPage | ObservationPage;

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
  let running: Running<NotificationPage>[] | Running<ObservationPage>[] = [];

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
    if (page && pageAbort) {
      if (page instanceof NotificationPage) switchFeatures(running as Running<NotificationPage>[], page, settings, pageAbort.signal, logError);
      else switchFeatures(running as Running<ObservationPage>[], page, settings, pageAbort.signal, logError);
    }
    page?.onSettingsChange();
  }

  /** Builds the page model of `next` and starts it with its features. */
  function startPage(next: PageKind, u: ShadowRootContentScriptUi<HTMLElement>): void {
    const controller = new AbortController();
    pageAbort = controller;
    const e = env(u.shadowHost, u.uiContainer);
    const started = next === 'notification' ? startNotificationPage(e, controller.signal) : startObservationPage(e, next, controller.signal);
    page = started.page;
    running = started.running;
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
      if (next) {
        const u = await ensureUi();
        u.shadowHost.setAttribute('data-page', next);
        startPage(next, u);
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
    observation: page instanceof ObservationPage ? page.snapshot() : null,
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
