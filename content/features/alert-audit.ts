/**
 * Alert audit: an `alert-raised` entry once per person, day and code set on this page (the
 * background keeps it to once a day across reloads), through the page's one-at-a-time queue.
 */
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';

export default defineFeature<ObservationPage>({
  id: 'alert-audit',
  include: ['observation-list', 'observation-person', 'observation-settings'],
  init(signal, page) {
    const raised = new Set<string>();
    page.events.on(
      'alert',
      ({ personKey, day, level, codes }) => {
        const sig = `${personKey}\u0000${day}\u0000${codes.join(' ')}`;
        if (raised.has(sig)) return;
        raised.add(sig);
        page.sendAudit({
          type: 'alert-raised',
          page: page.kind,
          tier: level,
          reasons: [...codes],
          personKey,
          rulesetVersion: page.rules.config.version,
          // The day the alert is about: the background logs the same alert once a day, across reloads.
          ...(day ? { once: day.slice(0, 64) } : {}),
        });
      },
      signal,
    );
  },
});
