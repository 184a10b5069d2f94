/**
 * The side panel for a 発生届 scenario: the tier and its reasons with why they matter, then
 * each highlighted problem (its field, what is wrong and why it matters); pressing a problem
 * moves the focus to its field in the replica and counts it as found.
 */
import type { ProblemField } from '../../../shared/fields';
import { fieldLabel, msg, PROBLEM_KEY } from '../../../shared/i18n';
import type { Problem, ProblemCode } from '../../../shared/problems';
import { explainProblem, REASON_WHY } from '../../../shared/scenarios';
import type { ReasonCode } from '../../../shared/tier';
import { Pair } from './bilingual';
import { Level, type ExplainProps } from './explain-parts';

export function NotificationExplain({ lang, t, state, score, onPoint }: ExplainProps & { onPoint: (p: Problem) => void }) {
  const view = state.notification!.view;
  const found = score?.found ?? {};
  return (
    <>
      <p data-testid="tier">
        {t('train_tier')}: <span class={`badge tier-${view.tier}`}>{view.tierLabel}</span>
      </p>
      <ul class="reasons">
        {view.reasons.map((r) => {
          const why = REASON_WHY[r.code as ReasonCode];
          return (
            <li key={r.code} data-reason={r.code}>
              <strong>{r.text}</strong>
              <br />
              {why && <Pair lang={lang} ja={why.ja} en={why.en} />}
            </li>
          );
        })}
      </ul>
      <h3>{t('train_problemsHeading', view.problems.length)}</h3>
      {view.problems.length === 0 && (
        <p class="ok" data-testid="no-problems">
          {t('train_noProblem')}
        </p>
      )}
      <ol class="problems" data-testid="problems">
        {view.problems.map((p) => {
          const key = `${p.field}:${p.code}`;
          const field = p.field as ProblemField;
          const code = p.code as ProblemCode;
          return (
            <li key={key} data-field={p.field} data-code={p.code} data-level={p.level} class={found[key] ? 'found' : undefined}>
              <button type="button" onClick={() => onPoint(p)} aria-describedby={`why-${key}`}>
                <Level level={p.level} t={t} /> <Pair lang={lang} ja={fieldLabel(field, 'ja')} en={fieldLabel(field, 'en')} sep=" / " />
                {found[key] && <span class="found-tag"> ✓ {t('train_foundTag')}</span>}
              </button>
              <p class="what">
                <Pair lang={lang} ja={msg('ja', PROBLEM_KEY[code])} en={msg('en', PROBLEM_KEY[code])} sep=" / " />
              </p>
              <div class="why" id={`why-${key}`}>
                <strong>{t('train_why')}</strong>
                {explainProblem({ field, code }).map((w, i) => (
                  <p key={i}>
                    <Pair lang={lang} ja={w.ja} en={w.en} />
                  </p>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
      {state.submits > 0 && <p class="ok">{t('train_submits', state.submits)}</p>}
    </>
  );
}
