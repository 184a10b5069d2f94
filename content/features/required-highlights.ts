/**
 * Required highlights: an outline around each field that needs an answer or a correction,
 * drawn in our own layer (they follow scroll, resize and tab switches).
 */
import { defineFeature } from '../feature';
import type { NotificationPage } from '../page/notification-page';

export default defineFeature<NotificationPage>({
  id: 'required-highlights',
  include: ['notification'],
  init(signal, page) {
    page.events.on(
      'update',
      () => {
        const { view, reading } = page;
        if (!view || !reading) return;
        page.layer.set([...reading.bindings.values()].map((b) => ({ field: b.field, state: view.fieldStates.get(b.field) ?? 'ok', elements: b.elements })));
      },
      signal,
    );
    page.events.on('layout', () => page.layer.schedule(), signal);
    signal.addEventListener('abort', () => page.layer.set([]));
  },
});
