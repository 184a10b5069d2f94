/**
 * Field marks: the host attributes that name the tier and the missing and invalid fields,
 * and `data-hersys-assist-field` / `-state` on each control of the 発生届 (docs/dom-attributes.md).
 * Our own attributes only; the page's elements are never restyled.
 */
import { defineFeature } from '../feature';
import type { NotificationPage } from '../page/notification-page';
import { hostAttributes } from '../page/notification-view';

export const FIELD_ATTR = 'data-hersys-assist-field';
export const STATE_ATTR = 'data-hersys-assist-state';

export default defineFeature<NotificationPage>({
  id: 'field-marks',
  include: ['notification'],
  init(signal, page) {
    let marked = new Set<HTMLElement>();
    page.events.on(
      'update',
      () => {
        const { view, reading } = page;
        if (!view || !reading) return;
        const host = page.env.host;
        for (const [k, v] of Object.entries(hostAttributes(view))) if (host.getAttribute(k) !== v) host.setAttribute(k, v);
        const now = new Set<HTMLElement>();
        for (const b of reading.bindings.values()) {
          const state = view.fieldStates.get(b.field) ?? 'ok';
          for (const el of b.elements) {
            now.add(el);
            if (el.getAttribute(FIELD_ATTR) !== b.field) el.setAttribute(FIELD_ATTR, b.field);
            if (el.getAttribute(STATE_ATTR) !== state) el.setAttribute(STATE_ATTR, state);
          }
        }
        for (const el of marked) if (!now.has(el)) unmark(el);
        marked = now;
      },
      signal,
    );
    signal.addEventListener('abort', () => {
      for (const el of marked) unmark(el);
      marked.clear();
    });
  },
});

function unmark(el: HTMLElement): void {
  el.removeAttribute(FIELD_ATTR);
  el.removeAttribute(STATE_ATTR);
}
