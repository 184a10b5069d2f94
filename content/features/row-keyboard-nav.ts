/**
 * Keyboard navigation of the observation tables: J / K (or Alt+↓ / Alt+↑, or the panel's
 * buttons) move to the next or previous flagged row that is shown and focus it (or its first
 * link) — never while the user is typing in a field, never during IME composition, never
 * with Ctrl, ⌘ or Shift.
 */
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'tel', 'url', 'email', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);

/** Whether keys typed at `el` belong to the user's typing (text fields, selects, editors). */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has(((el as HTMLInputElement).getAttribute('type') ?? '').toLowerCase());
  if ((el as HTMLElement).isContentEditable) return true;
  const role = el.getAttribute('role');
  return role === 'textbox' || role === 'combobox' || role === 'searchbox' || role === 'spinbutton';
}

function deepActive(doc: Document): Element | null {
  let a: Element | null = doc.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export default defineFeature<ObservationPage>({
  id: 'row-keyboard-nav',
  include: ['observation-list', 'observation-person'],
  init(signal, page) {
    /** Rows we made focusable (tabindex=-1), given back when the page goes. */
    const tabbed = new Set<HTMLElement>();
    page.events.on(
      'step',
      (dir) => {
        const order = page.sortedOrder();
        const activeRow = deepActive(page.env.doc)?.closest?.('tr');
        const from = page.stateOf(activeRow) || page.current;
        let i = from ? order.indexOf(from) : dir === 1 ? -1 : order.length;
        for (i += dir; i >= 0 && i < order.length; i += dir) {
          const s = order[i]!;
          if (s.result.level === 'none' || !s.row.isConnected || s.row.hidden || s.row.getClientRects().length === 0) continue;
          page.select(s, true);
          return;
        }
      },
      signal,
    );
    page.events.on(
      'select',
      ({ state: s, focus }) => {
        if (!focus) return;
        s.row.scrollIntoView({ block: 'center', behavior: 'auto' });
        let target = s.row.querySelector<HTMLElement>(FOCUSABLE);
        if (!target) {
          if (!s.row.hasAttribute('tabindex')) {
            s.row.setAttribute('tabindex', '-1');
            tabbed.add(s.row);
          }
          target = s.row;
        }
        target.focus({ preventScroll: true });
      },
      signal,
    );
    signal.addEventListener('abort', () => {
      for (const r of tabbed) if (r.getAttribute('tabindex') === '-1') r.removeAttribute('tabindex');
      tabbed.clear();
    });
    const onKey = (ev: Event) => {
      const e = ev as KeyboardEvent;
      if (e.isComposing || e.keyCode === 229 || e.defaultPrevented || e.ctrlKey || e.metaKey || e.shiftKey) return;
      let dir: 1 | -1 | 0 = 0;
      if (e.altKey) {
        if (e.key === 'ArrowDown') dir = 1;
        else if (e.key === 'ArrowUp') dir = -1;
      } else if (e.key === 'j') dir = 1;
      else if (e.key === 'k') dir = -1;
      if (!dir) return;
      const path = e.composedPath();
      const origin = (path[0] instanceof Element ? path[0] : e.target) as Element | null;
      if (isTypingTarget(origin) || isTypingTarget(deepActive(page.env.doc))) return;
      e.preventDefault();
      page.step(dir);
    };
    page.scope.listen(page.env.doc, 'keydown', onKey, signal, 'feature.row-keyboard-nav');
    // Our shadow root's own keys do not reach the document (isolated events): listen there too.
    page.scope.listen(page.env.container, 'keydown', onKey, signal, 'feature.row-keyboard-nav');
  },
});
