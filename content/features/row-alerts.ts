/**
 * Row alerts: `data-hersys-assist-alert` (the level) and `data-hersys-assist-reasons` (the
 * codes) on each row of the observation table (docs/dom-attributes.md). An unchanged row is
 * not written again; rows of a table read again, or of a stopped page, lose their marks.
 */
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';
import type { RowState } from '../page/observation-rows';

export const ALERT_ATTR = 'data-hersys-assist-alert';
export const REASONS_ATTR = 'data-hersys-assist-reasons';

function unmark(states: readonly RowState[]): void {
  for (const s of states) {
    if (!s.row.isConnected) continue;
    s.row.removeAttribute(ALERT_ATTR);
    s.row.removeAttribute(REASONS_ATTR);
  }
}

export default defineFeature<ObservationPage>({
  id: 'row-alerts',
  include: ['observation-list', 'observation-person'],
  init(signal, page) {
    page.events.on(
      'rows',
      (rows) => {
        for (const s of rows) {
          const { level, reasons } = s.result;
          if (s.shownLevel !== level) {
            s.row.setAttribute(ALERT_ATTR, level);
            s.shownLevel = level;
          }
          if (s.shownReasons !== reasons) {
            s.row.setAttribute(REASONS_ATTR, reasons);
            s.shownReasons = reasons;
          }
        }
      },
      signal,
    );
    page.events.on('forget', ({ states, all }) => all && unmark(states), signal);
    signal.addEventListener('abort', () => unmark(page.order));
  },
});
