/**
 * My HER-SYS URL通知: notices the press of the page's notify control (a button, or a checkbox
 * the page model reads itself), so MYHERSYS_NOT_NOTIFIED leaves the list once it is sent.
 */
import { defineFeature } from '../feature';
import type { NotificationPage } from '../page/notification-page';

export default defineFeature<NotificationPage>({
  id: 'myhersys-notify',
  include: ['notification'],
  init(signal, page) {
    page.scope.listen(
      page.env.doc,
      'click',
      (e) => {
        const notify = page.reading?.myHersysNotify;
        const target = e.target;
        if (notify && target instanceof Node && notify.contains(target)) {
          page.myHersysPressed = true;
          page.scheduleValues();
        }
      },
      signal,
      'notification.click',
      { capture: true },
    );
  },
});
