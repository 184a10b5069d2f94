/**
 * Same number within 24 h: asks the background whether the number a submit would go out with
 * was used in another 発生届 (keyed hash there, nothing in clear), and records it when a
 * submit goes out. The read-back shows the answer.
 */
import { toBackground } from '../clients/messages';
import { defineFeature } from '../feature';
import type { NotificationPage } from '../page/notification-page';

export default defineFeature<NotificationPage>({
  id: 'same-phone',
  include: ['notification'],
  init(signal, page) {
    page.events.on(
      'update',
      () => {
        const digits = page.usablePhone();
        if (!digits) {
          page.samePhone = null;
          return;
        }
        if (page.samePhone?.digits === digits) return;
        page.samePhone = { digits, seen: false };
        void toBackground('samePhone', { op: 'check', phone: digits }).then((r) => {
          // null: the background is restarting; the line is informational only
          if (signal.aborted || page.samePhone?.digits !== digits || !r || !('seen' in r)) return;
          page.samePhone = { digits, seen: r.seen };
          page.events.emit('facts', undefined);
        });
      },
      signal,
    );
    page.events.on(
      'submitted',
      () => {
        const digits = page.usablePhone();
        if (digits) void toBackground('samePhone', { op: 'record', phone: digits });
      },
      signal,
    );
  },
});
