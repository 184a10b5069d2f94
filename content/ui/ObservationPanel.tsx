/**
 * The overlay panel on the observation screens: the summary bar (critical / warning /
 * unanswered counts), the "only people needing attention" filter and flagged-row navigation
 * on the list, the selected row's reasons with its 確認済み button, the trend warnings and
 * sparklines on a person's page, and the settings warnings on the 健康観察 tab.
 */
import type { AlertLevel, ObsLevel } from '../../shared/observation';
import { Sparkline, type SparkPoint } from './Sparkline';
import { OBS_LEVEL_KEY } from '../../shared/i18n';
import { translator, type Lang, type MessageKey } from './strings';

export type ObservationPageKind = 'observation-list' | 'observation-person' | 'observation-settings';

export interface ReasonItem {
  code: string;
  text: string;
}

export interface CurrentRow {
  index: number;
  label: string;
  level: AlertLevel;
  reasons: ReasonItem[];
  acked: boolean;
  canAck: boolean;
}

export interface ObservationPanelProps {
  lang: Lang;
  kind: ObservationPageKind;
  status: 'ok' | 'warning' | 'error';
  collapsed: boolean;
  counts: Record<ObsLevel, number> & { rows: number; acked: number };
  /** List only: the filter's state. */
  filter: boolean | null;
  current: CurrentRow | null;
  /** Person page: trend warnings and the series for the sparklines. */
  trends: ReasonItem[];
  series: { temp: SparkPoint[]; spo2: SparkPoint[]; feverFrom: number; spo2Below: number } | null;
  /** Settings page warnings. */
  settings: ReasonItem[];
  onToggle(): void;
  onFilter(on: boolean): void;
  onStep(direction: 1 | -1): void;
  onAck(): void;
}

const GLYPH: Record<ObsLevel, string> = { critical: '▲', warning: '◆', unanswered: '？' };
const PAGE_KEY: Record<ObservationPageKind, MessageKey> = {
  'observation-list': 'obs_page_list',
  'observation-person': 'obs_page_person',
  'observation-settings': 'obs_page_settings',
};
const LEVELS: ObsLevel[] = ['critical', 'warning', 'unanswered'];

export function ObservationPanel(p: ObservationPanelProps) {
  const t = translator(p.lang);
  const bodyId = 'hersys-assist-obs-body';
  const flagged = p.counts.critical + p.counts.warning + p.counts.unanswered;
  const isTable = p.kind !== 'observation-settings';
  const headline = isTable
    ? LEVELS.map((l) => `${t(OBS_LEVEL_KEY[l])} ${p.counts[l]}`).join(t('obs_countSeparator'))
    : p.settings.length > 0
      ? `${t('obs_level_warning')} ${p.settings.length}`
      : t('obs_settingsOk');
  return (
    <aside class={`panel obs status-${p.status}`} data-collapsed={p.collapsed ? 'true' : 'false'} data-kind={p.kind} aria-label={t('ov_product')} lang={p.lang}>
      <header class="panel-head">
        <span class={`badge obs-${p.status}`}>{t(PAGE_KEY[p.kind])}</span>
        <span class="counts">{headline}</span>
        <button type="button" class="toggle" aria-expanded={!p.collapsed} aria-controls={bodyId} onClick={p.onToggle}>
          {p.collapsed ? t('ov_expand') : t('ov_collapse')}
        </button>
      </header>
      <section role="status" aria-live="polite" aria-atomic="false" class="status">
        {isTable && (
          <div class="summary" role="group" aria-label={t('obs_summary')}>
            {LEVELS.map((l) => (
              <span key={l} class="sum" data-level={l} data-count={p.counts[l]}>
                <span class="glyph" aria-hidden="true">
                  {GLYPH[l]}
                </span>
                {t(OBS_LEVEL_KEY[l])} <strong>{p.counts[l]}</strong>
              </span>
            ))}
            <span class="sum" data-level="acked" data-count={p.counts.acked}>
              ✓ {t('obs_acked')} <strong>{p.counts.acked}</strong>
            </span>
            <span class="sum rows">{t('obs_rows', p.counts.rows)}</span>
          </div>
        )}
        {p.kind === 'observation-person' && p.trends.length > 0 && (
          <ul class="trends">
            {p.trends.map((r) => (
              <li key={r.code} data-code={r.code} class="level-warning">
                <span aria-hidden="true">◆ </span>
                {t('obs_level_warning')}: {r.text}
              </li>
            ))}
          </ul>
        )}
        {p.kind === 'observation-settings' && (
          <div class="settings-warnings">
            {p.settings.length === 0 ? (
              <p class="none">{t('obs_settingsOk')}</p>
            ) : (
              <ul>
                {p.settings.map((r) => (
                  <li key={r.code} data-code={r.code} class="level-warning">
                    <span aria-hidden="true">◆ </span>
                    {r.text}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
      <div id={bodyId} class="body" hidden={p.collapsed}>
        {p.filter !== null && (
          <label class="filter">
            <input type="checkbox" checked={p.filter} onChange={(e) => p.onFilter((e.currentTarget as HTMLInputElement).checked)} />
            {t('obs_filter')}
          </label>
        )}
        {isTable && (
          <div class="nav">
            <button type="button" class="step prev" disabled={flagged === 0} onClick={() => p.onStep(-1)}>
              ↑ {t('obs_prev')}
            </button>
            <button type="button" class="step next" disabled={flagged === 0} onClick={() => p.onStep(1)}>
              ↓ {t('obs_next')}
            </button>
            <p class="keys">{t('obs_keys')}</p>
          </div>
        )}
        {isTable && flagged === 0 && <p class="none">{t('obs_noFlags')}</p>}
        {p.current && (
          <div class="current-row" data-row={p.current.index} data-level={p.current.level}>
            <h2>
              {t('obs_current')}: {p.current.label}
            </h2>
            <p class={`level-${p.current.level === 'critical' ? 'error' : 'warning'}`}>
              {p.current.level !== 'none' && <span aria-hidden="true">{GLYPH[p.current.level]} </span>}
              {t(OBS_LEVEL_KEY[p.current.level])}
            </p>
            <ul class="reasons">
              {p.current.reasons.map((r) => (
                <li key={r.code} data-code={r.code}>
                  {r.text}
                </li>
              ))}
            </ul>
            {p.current.level !== 'none' && (
              <button type="button" class="ack" disabled={p.current.acked || !p.current.canAck} aria-pressed={p.current.acked} title={t('obs_ackHint')} onClick={p.onAck}>
                {p.current.acked ? `✓ ${t('obs_acked')}` : t('obs_ack')}
              </button>
            )}
          </div>
        )}
        {p.series && (
          <div class="sparks">
            <h2>{t('obs_trend')}</h2>
            {p.trends.length === 0 && <p class="none">{t('obs_trendNone')}</p>}
            <Sparkline
              id="temp"
              label={t('obs_temp')}
              unit="℃"
              points={p.series.temp}
              threshold={p.series.feverFrom}
              summary={(a, b, c, d, n) => t('obs_spark', t('obs_temp'), a, b, c, d, n)}
              empty={t('obs_sparkEmpty', t('obs_temp'))}
            />
            <Sparkline
              id="spo2"
              label={t('obs_spo2')}
              unit="%"
              points={p.series.spo2}
              threshold={p.series.spo2Below}
              summary={(a, b, c, d, n) => t('obs_spark', t('obs_spo2'), a, b, c, d, n)}
              empty={t('obs_sparkEmpty', t('obs_spo2'))}
            />
          </div>
        )}
        <p class="defaults">{t('obs_defaults')}</p>
      </div>
    </aside>
  );
}
