/**
 * The replica frame (replica-frame.html, an unlisted extension page the training page embeds):
 * imports a replica screen shipped in the extension (`/replica/<screen>.html`, so it works
 * offline) with DOMParser + importNode — never innerHTML — and runs the SAME content
 * runtime as on HER-SYS (`runContent`, with a ContentScriptContext), so the learner sees the
 * real reader, overlay and submit guard. The training page drives it through
 * `window.__hersysTrainingFrame` (same origin): fill a scenario, press URL通知, read the state.
 *
 * Nothing leaves the frame: the replica's links and its form's submit are kept in the frame
 * (a submit that the guard lets through is answered with a note, not a navigation).
 */
import { browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { fillRecord, isMyHersysNotifyLabel, runContent, type ContentHandle } from '../../../content/index';
import type { RawRecord } from '../../../shared/evaluate';
import type { FieldId } from '../../../shared/fields';
import { msg, type Lang } from '../../../shared/i18n';
import { loadSettings, watchSettings } from '../../settings';

export const REPLICA_SCREENS = ['notification', 'observation-list'] as const;
export type ReplicaScreen = (typeof REPLICA_SCREENS)[number];

export type FrameState = ReturnType<ContentHandle['state']> & {
  /** Alerted rows of an observation list: their position, level and codes (no names, no numbers). */
  rows: { index: number; level: string; codes: string[] }[];
  /** How many submits the guard let through (training: answered in the frame). */
  submits: number;
};

export interface TrainingFrameApi {
  /** Resolves once the replica is in place and the runtime has read it (rejects if it could not load). */
  ready: Promise<void>;
  screen: ReplicaScreen | null;
  /** Fills the 発生届; resolves after the overlay has evaluated the new entries. */
  fill(record: RawRecord): Promise<FieldId[]>;
  /** Presses My HER-SYS URL通知; resolves after the overlay has seen it. */
  pressMyHersys(): Promise<boolean>;
  state(): FrameState | null;
  /** Called (debounced) whenever what the overlay shows changes. */
  onChange(cb: (s: FrameState) => void): void;
  /** Focuses a field's control (first one of a group) and scrolls it into view. */
  focusField(field: string): boolean;
  /** Scrolls an observation row into view and focuses it. */
  focusRow(index: number): boolean;
}

declare global {
  interface Window {
    __hersysTrainingFrame?: TrainingFrameApi;
  }
}

const ALERT_ATTR = 'data-hersys-assist-alert';
const REASONS_ATTR = 'data-hersys-assist-reasons';

/** The language setting in force in this frame (the overlay follows it too). */
let lang: Lang = 'ja';
/** The replica's own title (the frame's title adds the training mark in the current language). */
let replicaTitle = '';

/** Brings the replica's styles and body into this document (no script runs, no markup parsing into the page). */
function importReplica(html: string, base: string): void {
  const src = new DOMParser().parseFromString(html, 'text/html');
  for (const style of Array.from(src.head.querySelectorAll('style'))) {
    const s = document.createElement('style');
    s.textContent = style.textContent;
    document.head.append(s);
  }
  for (const link of Array.from(src.head.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"][href]'))) {
    const l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = new URL(link.getAttribute('href')!, base).href;
    document.head.append(l);
  }
  replicaTitle = src.title;
  document.title = msg(lang, 'train_frameTitle', replicaTitle);
  const nodes = Array.from(src.body.childNodes)
    .filter((n) => !(n instanceof Element && n.tagName === 'SCRIPT'))
    .map((n) => document.importNode(n, true));
  document.body.replaceChildren(...nodes);
}

/** Keeps the learner in the frame: links do nothing, a submit the guard allowed shows a note. */
function contain(onSubmit: () => void): void {
  document.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
    if (a) e.preventDefault();
  });
  // Bubble phase: the guard (capture, on the window) decides first.
  document.addEventListener('submit', (e) => {
    e.preventDefault();
    if ((e.target as Element | null)?.id === 'search-form') return;
    onSubmit();
  });
}

function showNote(): void {
  let note = document.getElementById('training-submitted');
  if (!note) {
    note = document.createElement('p');
    note.id = 'training-submitted';
    note.setAttribute('role', 'status');
    note.style.cssText = 'position:sticky;top:0;margin:0;padding:6px 16px;background:#e6f4ea;border-bottom:1px solid #1b6e20;color:#0d3d12;z-index:1';
    document.body.prepend(note);
  }
  note.textContent = msg(lang, 'train_frameSubmitted');
}

/** Follows the language setting: the frame's title and the submit note switch with it. */
async function followLanguage(): Promise<void> {
  watchSettings((s) => {
    lang = s.language;
    if (replicaTitle) document.title = msg(lang, 'train_frameTitle', replicaTitle);
    if (document.getElementById('training-submitted')) showNote();
  });
  lang = await loadSettings().then(
    (s) => s.language,
    () => lang, // unreadable settings: stay on the default language
  );
}

/**
 * Waits until the overlay has evaluated what was just typed: its value refresh is a 60 ms
 * timer in this same window, and timers of one window fire in order of their due time.
 */
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 150));
}

/** The replica's My HER-SYS URL通知 control (button, or a checkbox labelled so). */
function myHersysButton(): HTMLElement | null {
  return (
    Array.from(document.querySelectorAll<HTMLElement>('button, input[type="button"], input[type="checkbox"]')).find((b) =>
      isMyHersysNotifyLabel(b.textContent || b.getAttribute('value') || b.getAttribute('aria-label') || ''),
    ) ?? null
  );
}

export function startTrainingFrame(css: string): TrainingFrameApi {
  const param = new URLSearchParams(location.search).get('screen');
  const screen = (REPLICA_SCREENS as readonly string[]).includes(param ?? '') ? (param as ReplicaScreen) : null;
  let handle: ContentHandle | null = null;
  let submits = 0;
  const listeners: ((s: FrameState) => void)[] = [];

  const state = (): FrameState | null => {
    if (!handle) return null;
    const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>(`tr[${ALERT_ATTR}]`))
      .map((tr, index) => ({ index, level: tr.getAttribute(ALERT_ATTR) ?? 'none', codes: (tr.getAttribute(REASONS_ATTR) ?? '').split(/\s+/).filter(Boolean) }))
      .filter((r) => r.level !== 'none');
    return { ...handle.state(), rows, submits };
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const s = state();
      if (s) for (const cb of listeners) cb(s);
    }, 40);
  };

  const ready = (async () => {
    if (!screen) return;
    const url = browser.runtime.getURL(`/replica/${screen}.html` as '/');
    const [html] = await Promise.all([fetch(url).then((r) => r.text()), followLanguage()]);
    importReplica(html, url);
    contain(() => {
      submits++;
      showNote();
      changed();
    });
    const ctx = new ContentScriptContext('replica-frame');
    handle = await runContent(ctx, { training: true, css });
    const host = document.querySelector('hersys-assist');
    const mo = new MutationObserver(changed);
    if (host) {
      mo.observe(host, { attributes: true });
      if (host.shadowRoot) mo.observe(host.shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true });
    }
    mo.observe(document.body, { subtree: true, attributes: true, attributeFilter: [ALERT_ATTR, 'data-hersys-assist-state'] });
  })();

  const api: TrainingFrameApi = {
    ready,
    screen,
    fill: async (record) => {
      const failed = fillRecord(document, record);
      await settle();
      changed();
      return failed;
    },
    pressMyHersys: async () => {
      const btn = myHersysButton();
      if (!btn) return false;
      btn.click();
      await settle();
      return true;
    },
    state,
    onChange: (cb) => void listeners.push(cb),
    focusField: (field) => {
      const el =
        field === 'myhersys-notify' ? myHersysButton() : document.querySelector<HTMLElement>(`[data-hersys-assist-field="${CSS.escape(field)}"]`);
      if (!el) return false;
      el.scrollIntoView({ block: 'center' });
      el.focus();
      return true;
    },
    focusRow: (index) => {
      const tr = document.querySelectorAll<HTMLTableRowElement>(`tr[${ALERT_ATTR}]`)[index];
      if (!tr) return false;
      tr.scrollIntoView({ block: 'center' });
      if (!tr.hasAttribute('tabindex')) tr.tabIndex = -1;
      tr.focus();
      return true;
    },
  };
  window.__hersysTrainingFrame = api;
  return api;
}
