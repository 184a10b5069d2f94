/**
 * The brief of the open scenario: its title and point, what the overlay should conclude (for
 * a 発生届), 答えを見る and start again, the answer's note once shown, and the live score with
 * its rule.
 */
import { TIER_KEY, type Lang, type Translate } from '../../../shared/i18n';
import type { scoreCounts } from '../../../shared/scenarios';
import { Pair } from './bilingual';
import type { Item, Phase } from './items';

interface Props {
  lang: Lang;
  t: Translate;
  current: Item;
  phase: Phase;
  answerShown: boolean;
  counts: ReturnType<typeof scoreCounts> | null;
  onShowAnswer: () => void;
  onRestart: () => void;
}

export function ScenarioBrief({ lang, t, current, phase, answerShown, counts, onShowAnswer, onRestart }: Props) {
  return (
    <section class="brief" aria-labelledby="scenario-title">
      <h2 id="scenario-title">
        <Pair lang={lang} ja={current.s.titleJa} en={current.s.titleEn} sep=" / " />
      </h2>
      {lang === 'en' ? (
        <p>{current.s.pointEn || current.s.pointJa}</p>
      ) : (
        <>
          <p>{current.s.pointJa}</p>
          {current.s.pointEn && <p class="en">{current.s.pointEn}</p>}
        </>
      )}
      {current.kind === 'notification' && (
        <p class="muted">
          {t('train_expected')}: {t('train_tier')} <strong data-tier={current.s.expect.tier}>{t(TIER_KEY[current.s.expect.tier])}</strong>
          {' · '}
          {current.s.expect.blocked ? t('train_submitHeld') : t('train_submitAllowed')}
        </p>
      )}
      <div class="row">
        {current.kind === 'notification' && (
          <button type="button" onClick={onShowAnswer} disabled={phase !== 'ready'} data-testid="show-answer">
            {t('train_showAnswer')}
          </button>
        )}
        <button type="button" onClick={onRestart} disabled={phase === 'loading'}>
          {t('train_restart')}
        </button>
      </div>
      {answerShown && current.kind === 'notification' && (current.s.answerNoteJa || current.s.answerNoteEn) && (
        <p class="answer-note" role="status">
          <Pair lang={lang} ja={current.s.answerNoteJa ?? ''} en={current.s.answerNoteEn} sep=" / " />
        </p>
      )}
      {counts && (
        <p class="score" data-testid="score" aria-live="polite">
          {current.kind === 'notification' ? t('train_problemsFound') : t('train_rowsChecked')}:{' '}
          <strong data-found={counts.found} data-total={counts.total}>
            {counts.found} / {counts.total}
          </strong>
          {counts.revealed > 0 && <span data-revealed={counts.revealed}> · {t('train_revealed', counts.revealed)}</span>}
          {counts.total === 0 && <span> · {t('train_noProblemHere')}</span>}
        </p>
      )}
      <p class="muted score-rule">{current.kind === 'notification' ? t('train_ruleFound') : t('train_ruleChecked')}</p>
    </section>
  );
}
