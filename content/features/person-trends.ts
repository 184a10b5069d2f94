/**
 * Person trends: on a person's page (one row per day), the rules over the days — a fever that
 * lasts, SpO₂ falling — raise a warning for the page and show in the panel with sparklines.
 */
import { evaluateTrend } from '../../shared/observation';
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';
import { isoToYmd } from '../page/observation-rows';

export default defineFeature<ObservationPage>({
  id: 'person-trends',
  include: ['observation-person'],
  init(signal, page) {
    page.events.on(
      'batch',
      () => {
        const codes = evaluateTrend(
          page.rules.trend,
          page.order.map((s) => ({ date: isoToYmd(s.dateIso), temp: s.entry.temp, spo2: s.entry.spo2 })),
        );
        page.trendCodes = codes;
        if (codes.length > 0) page.raise(page.pageKey, 'trend', 'warning', codes);
      },
      signal,
    );
    signal.addEventListener('abort', () => (page.trendCodes = []));
  },
});
