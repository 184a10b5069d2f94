/**
 * The content script's runtime: recognises the page kind from its content, mounts the one
 * `<hersys-assist>` host when a kind is found, runs the feature for that kind, and follows
 * single-page-app changes with a debounced MutationObserver. Each feature is isolated:
 * an exception is logged and the page carries on (fail open).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { sendAudit } from './clients/audit';
import { loadSettings, saveSettings, watchSettings } from './clients/settings';
import { tabReceiver } from './clients/messages';
import { detectPageKind } from './page/form-reader';
import { isolated } from './guard';
import { NotificationFeature, type FeatureEnv } from './notification-app';
import { ObservationFeature } from './observation-app';

export const HOST_TAG = 'hersys-assist';
/** The training page fills its replica with a scenario's record the way a person would. */
export { fillRecord } from './training-fill';
/** The page vocabulary's test for the My HER-SYS URL通知 control (the training page presses the replica's). */
export { isMyHersysNotifyLabel } from './page/classify';
type PageKind = NonNullable<ReturnType<typeof detectPageKind>>;

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

/** How the runtime is started: on HER-SYS (no options) or in the training page's replica frame. */
export interface ContentOptions {
  /** The training page's replica frame: the features' audit events carry the training flag. */
  training?: boolean;
  /**
   * The overlay's CSS, for an extension page: there the content script's CSS file is not
   * loaded by `cssInjectionMode: 'ui'`, so the page passes it (imported with `?inline`).
   */
  css?: string;
}

/** What the training page reads from the runtime it started. */
export interface ContentHandle {
  state(): { page: PageKind | null; notification: ReturnType<NotificationFeature['snapshot']> | null; observation: ReturnType<ObservationFeature['snapshot']> | null };
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
  let feature: NotificationFeature | ObservationFeature | null = null;
  let featureAbort: AbortController | null = null;

  const env = (host: HTMLElement, container: HTMLElement): FeatureEnv => ({
    doc: document,
    host,
    container,
    settings: () => settings,
    saveSettings: (patch) => {
      settings = { ...settings, ...patch };
      feature?.onSettingsChange();
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

  function stopFeature(): void {
    featureAbort?.abort();
    featureAbort = null;
    feature = null;
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
      // On a 発生届 the feature reads the form itself; the page kind is looked at again only
      // when the form is gone (one scan per change, not two).
      if (kind === 'notification' && feature?.onStructureChange()) return;
      const next = detectPageKind(document);
      if (next === kind) return;
      stopFeature();
      kind = next;
      if (next === 'notification') {
        const u = await ensureUi();
        u.shadowHost.setAttribute('data-page', next);
        featureAbort = new AbortController();
        feature = new NotificationFeature(env(u.shadowHost, u.uiContainer));
        feature.start(featureAbort.signal);
      } else if (next) {
        // Observation pages (contract §6): the feature reads its table or settings itself.
        const u = await ensureUi();
        u.shadowHost.setAttribute('data-page', next);
        for (const a of ['data-tier', 'data-missing', 'data-invalid', 'data-guard']) u.shadowHost.removeAttribute(a);
        featureAbort = new AbortController();
        feature = new ObservationFeature(env(u.shadowHost, u.uiContainer), next);
        feature.start(featureAbort.signal);
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  let layoutFrame = 0;
  const observer = new MutationObserver(isolated('content.mutations', logError, (records: MutationRecord[]) => {
    let structural = false;
    for (const r of records) {
      const t = r.target;
      if (ui && (t === ui.shadowHost || ui.shadowHost.contains(t))) continue;
      if (r.type === 'childList') {
        const nodes = [...r.addedNodes, ...r.removedNodes].filter((n) => n !== ui?.shadowHost);
        if (nodes.length > 0 && (!feature || feature.isAffectedBy(t, nodes))) structural = true;
      } else if (r.type === 'attributes' && !layoutFrame) {
        layoutFrame = requestAnimationFrame(
          isolated('content.layout', logError, () => {
            layoutFrame = 0;
            feature?.onLayoutChange();
          }),
        );
      }
    }
    if (!structural) return;
    clearTimeout(timer);
    timer = setTimeout(() => void update(), 150);
  }));
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['hidden', 'style', 'class', 'aria-hidden', 'open'],
  });
  ctx.onInvalidated(() => {
    observer.disconnect();
    clearTimeout(timer);
    stopFeature();
  });

  const unwatch = watchSettings(
    isolated('settings.watch', logError, (s: Settings) => {
      settings = s;
      feature?.onSettingsChange();
    }),
  );
  ctx.onInvalidated(unwatch);

  const receive = tabReceiver({
    getState: () => ({
      page: kind,
      notification: feature instanceof NotificationFeature ? feature.snapshot() : null,
      observation: feature instanceof ObservationFeature ? feature.snapshot() : null,
    }),
    getMetrics: () => (feature ? { ...feature.metrics } : null),
  });
  const onMessage = isolated('content.message', logError, receive);
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

  await update();
  return {
    state: () => ({
      page: kind,
      notification: feature instanceof NotificationFeature ? feature.snapshot() : null,
      observation: feature instanceof ObservationFeature ? feature.snapshot() : null,
    }),
  };
}
