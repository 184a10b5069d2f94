/**
 * "Only people needing attention" on the 対象者一覧: hides the rows with no alert (remembering
 * which ones we hid) and shows again a hidden row that now needs attention. Switched from the
 * panel; switching off, reading the table again or leaving the page shows every row we hid.
 */
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';
import type { RowState } from '../page/observation-rows';

export default defineFeature<ObservationPage>({
  id: 'attention-filter',
  include: ['observation-list'],
  init(signal, page) {
    const hiddenByUs = new Set<HTMLTableRowElement>();
    const apply = (s: RowState) => {
      const flagged = s.result.level !== 'none';
      if (!flagged && !s.row.hidden) {
        s.row.hidden = true;
        hiddenByUs.add(s.row);
      } else if (flagged && hiddenByUs.has(s.row)) {
        s.row.hidden = false;
        hiddenByUs.delete(s.row);
      }
    };
    const showAll = () => {
      for (const r of hiddenByUs) if (r.isConnected) r.hidden = false;
      hiddenByUs.clear();
    };
    page.events.on('filter', (on) => (on ? page.order.forEach(apply) : showAll()), signal);
    page.events.on('rows', (rows) => page.filter && rows.forEach(apply), signal);
    page.events.on(
      'forget',
      ({ states, all }) => {
        if (all) showAll();
        else for (const s of states) hiddenByUs.delete(s.row);
      },
      signal,
    );
    signal.addEventListener('abort', showAll);
  },
});
