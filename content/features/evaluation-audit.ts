/**
 * Evaluation audit: a `form-evaluated` entry each time the tier or the problems of the form
 * change (the background de-duplicates per document as well). Codes only; the person key is
 * replaced by its keyed hash in the background.
 */
import { defineFeature } from '../feature';
import type { NotificationPage } from '../page/notification-page';

export default defineFeature<NotificationPage>({
  id: 'evaluation-audit',
  include: ['notification'],
  init(signal, page) {
    let last = '';
    page.events.on(
      'update',
      () => {
        const v = page.view;
        if (!v) return;
        const sig = `${v.tier}|${v.problems.map((p) => `${p.field}:${p.code}`).join(' ')}`;
        if (sig === last) return;
        last = sig;
        // Right after the refresh that read these values: no need to read the form again.
        page.audit('form-evaluated', {}, page.values);
      },
      signal,
    );
  },
});
