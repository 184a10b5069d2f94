/**
 * The side panel for an observation-list scenario: the alert counts against the expected
 * ones, then each alerted row with its codes and why they matter; pressing a row moves the
 * focus to it in the replica and counts it as checked.
 */
import type { ObsCode } from '../../../shared/observation-config';
import { OBS_WHY, type ObservationScenario } from '../../../shared/scenarios';
import { Pair } from './bilingual';
import { Level, type ExplainProps } from './explain-parts';
import type { FrameState } from './frame';
import { rowKey } from './items';

export function ObservationExplain({
  lang,
  t,
  state,
  expected,
  score,
  onPoint,
}: ExplainProps & {
  expected: ObservationScenario;
  onPoint: (r: FrameState['rows'][number]) => void;
}) {
  const c = state.observation?.counts;
  const found = score?.found ?? {};
  const e = expected.expect.counts;
  return (
    <>
      <p data-testid="obs-counts" data-critical={c?.critical ?? 0} data-warning={c?.warning ?? 0} data-unanswered={c?.unanswered ?? 0}>
        {t('train_level_critical')} <strong>{c?.critical ?? 0}</strong> · {t('train_level_warning')} <strong>{c?.warning ?? 0}</strong> · {t('train_level_unanswered')}{' '}
        <strong>{c?.unanswered ?? 0}</strong>
      </p>
      <p class="muted">
        {t('train_expected')}: {e.critical} · {e.warning} · {e.unanswered}
      </p>
      <ol class="problems" data-testid="rows">
        {state.rows.map((r) => {
          const k = rowKey(r);
          const key = `${k.field}:${k.code}`;
          return (
            <li key={r.index} data-row={r.index + 1} data-level={r.level} class={found[key] ? 'found' : undefined}>
              <button type="button" onClick={() => onPoint(r)}>
                <Level level={r.level} t={t} /> {t('train_row', r.index + 1)}
                {found[key] && <span class="found-tag"> ✓ {t('train_checkedTag')}</span>}
              </button>
              <div class="why">
                {r.codes.map((code) => {
                  const why = OBS_WHY[code as ObsCode];
                  return (
                    <p key={code} data-code={code}>
                      <code>{code}</code> {why && <Pair lang={lang} ja={why.ja} en={why.en} />}
                    </p>
                  );
                })}
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}
