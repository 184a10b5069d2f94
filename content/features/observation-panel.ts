/**
 * The observation panel: counts by level (and 確認済み), the selected row with its reasons and
 * a 確認済み button, the filter switch on the list, the trends with sparklines on a person's
 * page, the settings warnings on the settings tab.
 */
import { isolated } from '../guard';
import { h, render } from 'preact';
import type { YMD } from '../../shared/dates';
import { chronological, obsCodeLabel, type ObsCode } from '../../shared/observation';
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';
import { isoToYmd } from '../page/observation-rows';
import { ObservationPanel, type CurrentRow } from '../ui/ObservationPanel';
import type { SparkPoint } from '../ui/Sparkline';

function reasonTexts(page: ObservationPage, codes: readonly ObsCode[]): { code: string; text: string }[] {
  const lang = page.env.settings().language;
  return codes.map((code) => ({ code, text: obsCodeLabel(code, page.rules.config, lang) }));
}

/** Temperature and SpO₂ by day, oldest first, for the sparklines. */
function series(page: ObservationPage): { temp: SparkPoint[]; spo2: SparkPoint[]; feverFrom: number; spo2Below: number } {
  const days = chronological(page.order.map((s) => ({ date: isoToYmd(s.dateIso), temp: s.entry.temp, spo2: s.entry.spo2 })));
  const label = (d: YMD | null, i: number) => (d ? `${d.m}/${d.d}` : `#${i + 1}`);
  return {
    temp: days.map((d, i) => ({ day: label(d.date, i), value: d.temp })),
    spo2: days.map((d, i) => ({ day: label(d.date, i), value: d.spo2 })),
    feverFrom: page.rules.config.feverFrom,
    spo2Below: page.rules.config.spo2WarningBelow,
  };
}

export default defineFeature<ObservationPage>({
  id: 'observation-panel',
  include: ['observation-list', 'observation-person', 'observation-settings'],
  init(signal, page) {
    const mount = page.env.doc.createElement('div');
    page.env.container.prepend(mount);
    page.events.on(
      'render',
      () => {
        const s = page.env.settings();
        const cur = page.current && !page.current.dead ? page.current : null;
        if (cur && !cur.identified) page.identify(cur);
        const current: CurrentRow | null = cur
          ? { index: cur.index, label: cur.label, level: cur.result.level, reasons: reasonTexts(page, cur.result.codes), acked: cur.acked, canAck: true }
          : null;
        const c = page.counts;
        render(
          h(ObservationPanel, {
            lang: s.language,
            kind: page.kind,
            status: page.status(),
            collapsed: s.panelCollapsed,
            counts: { critical: c.critical, warning: c.warning, unanswered: c.unanswered, rows: page.order.length, acked: page.ackedCount() },
            filter: page.kind === 'observation-list' ? page.filter : null,
            current,
            trends: reasonTexts(page, page.trendCodes),
            series: page.kind === 'observation-person' ? series(page) : null,
            settings: reasonTexts(page, page.settingsCodes),
            // The panel's actions are isolated too: a failure is logged, never thrown.
            onToggle: isolated('observation.toggle', page.env.log, () => page.env.saveSettings({ panelCollapsed: !s.panelCollapsed })),
            onFilter: isolated('observation.filter', page.env.log, (on: boolean) => page.setFilter(on)),
            onStep: isolated('observation.step', page.env.log, (d: 1 | -1) => page.step(d)),
            onAck: isolated('observation.ack', page.env.log, () => page.acknowledgeCurrent()),
          }),
          mount,
        );
      },
      signal,
    );
    signal.addEventListener('abort', () => {
      render(null, mount);
      mount.remove();
    });
  },
});
