/**
 * Row markers: beside each flagged row in view, the level as a shape and a word (never colour
 * alone), the reasons on hover or focus, and a 確認済み button; the selected row is marked.
 * Drawn in our own layer; follows scroll and resize.
 */
import { OBS_LEVEL_KEY } from '../../shared/i18n';
import { obsCodeLabel, type EntryResult, type ObsLevel } from '../../shared/observation';
import { defineFeature } from '../feature';
import type { ObservationPage } from '../page/observation-page';
import { RowMarkerLayer, type RowMark } from '../ui/row-markers';
import { translator } from '../ui/strings';

function marks(page: ObservationPage): RowMark[] {
  const lang = page.env.settings().language;
  const t = translator(lang);
  // Results are shared per code set: their reason texts are built once per render.
  const texts = new Map<EntryResult, string[]>();
  const out: RowMark[] = [];
  for (const s of page.sortedOrder()) {
    const level = s.result.level;
    if (level === 'none') continue;
    let reasons = texts.get(s.result);
    if (!reasons) texts.set(s.result, (reasons = s.result.codes.map((c) => obsCodeLabel(c, page.rules.config, lang))));
    out.push({ row: s.row, level: level as ObsLevel, index: s.index, label: t(OBS_LEVEL_KEY[level]), reasons, acked: s.acked, canAck: true });
  }
  return out;
}

export default defineFeature<ObservationPage>({
  id: 'row-markers',
  include: ['observation-list', 'observation-person'],
  init(signal, page) {
    const layer = new RowMarkerLayer(page.env.container, () => {
      const t = translator(page.env.settings().language);
      return { ack: t('obs_ack'), acked: t('obs_acked'), ackHint: t('obs_ackHint'), ackedSuffix: t('obs_markAckedSuffix'), separator: t('obs_listSeparator') };
    });
    layer.onAck = (m) => {
      const s = page.stateOf(m.row);
      if (s) page.events.emit('ack', s);
    };
    layer.onSelect = (m) => {
      const s = page.stateOf(m.row);
      if (s) page.select(s, false);
    };
    layer.onError = (e) => page.env.log(e, 'observation.markers');
    page.events.on('render', () => layer.set(marks(page)), signal);
    page.events.on('select', ({ state }) => layer.setCurrent(state.row), signal);
    page.events.on('layout', () => layer.schedule(), signal);
    signal.addEventListener('abort', () => layer.destroy());
  },
});
