/**
 * The 健康観察 settings check: reads the tab by its labels (period, method, call times, phone,
 * 自動通知) whenever it changes and lists what would leave the person unobserved — for
 * example 自動通知 left on after the period, or 自動架電 without a usable number.
 */
import { evaluateObservationSettings } from '../../shared/observation';
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';
import { personKeyOfPage, trim } from '../page/observation-rows';
import { readObservationSettings } from '../page/observation-table';

export default defineFeature<ObservationPage>({
  id: 'observation-settings-check',
  include: ['observation-settings'],
  init(signal, page) {
    const refresh = () => {
      const t0 = performance.now();
      const reading = readObservationSettings(page.env.doc);
      page.settingsCodes = evaluateObservationSettings(page.rules.settings, reading, page.today());
      page.setStatus();
      page.raise(personKeyOfPage(page.env.doc), 'settings', 'warning', page.settingsCodes);
      page.scheduleRender();
      page.metrics.scan.push(performance.now() - t0);
      page.metrics.scanRows.push(0);
      trim(page.metrics.scan, page.metrics.scanRows);
    };
    let clear: () => void = () => undefined;
    const later = (ms: number) => {
      clear();
      clear = ms === 0 ? (refresh(), () => undefined) : page.scope.timeout(refresh, ms, signal, 'feature.observation-settings-check');
    };
    page.events.on('settingsDirty', later, signal);
    const onInput = (e: Event) => {
      if ((e as InputEvent).isComposing) return;
      later(60);
    };
    for (const type of ['change', 'input', 'click']) page.scope.listen(page.env.doc, type, onInput, signal, 'feature.observation-settings-check', { capture: true });
    signal.addEventListener('abort', () => (page.settingsCodes = []));
  },
});
