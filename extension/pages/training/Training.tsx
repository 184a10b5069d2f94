/**
 * The training page (training.html): pick a scenario; the replica screen loads in a frame
 * with the same reader and overlay as on HER-SYS and the scenario's entries filled in; the
 * side panel explains each highlighted problem and why it matters; 答えを見る fills the
 * correct entries; a score counts the problems the learner found. Presenter mode (large
 * text) is remembered; the scenario set can be exported and imported (validated, a bad
 * file never replaces the current set). Audit entries written from here are training
 * entries (the background decides that from the sender's URL).
 *
 * Its words come from the catalogue (`train_*` keys) in the language setting; scenario
 * content and explanations are data with their own Japanese and English (both shown in ja,
 * the English only in en).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ProblemField } from '../../../shared/fields';
import { fieldLabel, msg, PROBLEM_KEY, TIER_KEY, type Lang, type MessageKey, type Translate } from '../../../shared/i18n';
import type { ObsCode } from '../../../shared/observation-config';
import type { Problem, ProblemCode } from '../../../shared/problems';
import { ymdFromDate } from '../../../shared/dates';
import { builtInScenarioSet, checkScenarioSet, exportScenarioSet, MAX_SCENARIO_SET_CHARS, parseScenarioSet, type ScenarioSet } from '../../../shared/scenario-set';
import {
  explainProblem,
  OBS_WHY,
  REASON_WHY,
  scoreAfter,
  scoreClicked,
  scoreCounts,
  startScore,
  type ObservationScenario,
  type Scenario,
  type TrainingScore,
} from '../../../shared/scenarios';
import type { ReasonCode } from '../../../shared/tier';
import type { FrameState, TrainingFrameApi } from './frame';
import {
  loadPresenter,
  loadScenarioSet,
  loadScores,
  savePresenter,
  saveScenarioSet,
  saveScores,
  type LoadedSet,
  type StoredScores,
} from './store';
import { useLanguage } from '../common/use-language';

type Item = { kind: 'notification'; s: Scenario } | { kind: 'observation'; s: ObservationScenario };
type Phase = 'idle' | 'loading' | 'ready' | 'failed';
type Message = { kind: 'error' | 'info'; text: string; notes?: string[] } | null;

/** Problem and alert levels → catalogue keys of their names. */
const LEVEL_KEY: Record<string, MessageKey> = {
  critical: 'train_level_critical',
  warning: 'train_level_warning',
  unanswered: 'train_level_unanswered',
  error: 'train_level_error',
  info: 'train_level_info',
};

/**
 * Scenario content and explanations are data with their own Japanese and English: in ja the
 * page shows both (the English muted, after `sep`), in en the English only.
 */
function Pair({ lang, ja, en, sep = ' ' }: { lang: Lang; ja: string; en?: string | undefined; sep?: string }) {
  if (lang === 'en') return <>{en || ja}</>;
  return (
    <>
      {ja}
      {en && (
        <span class="en">
          {sep}
          {en}
        </span>
      )}
    </>
  );
}

/** A `{ ja, en }` pair as one string: "日本語 / English" in ja, English only in en. */
function pairText(lang: Lang, p: { ja: string; en: string }): string {
  return lang === 'en' ? p.en : `${p.ja} / ${p.en}`;
}

/**
 * A message whose substitution differs by language (an error given as `{ ja, en }`): the ja
 * catalogue holds the Japanese half, so ja shows "Japanese message / English message".
 */
function pairMessage(lang: Lang, key: MessageKey, sub: { ja: string; en: string }): string {
  return lang === 'en' ? msg('en', key, sub.en) : `${msg('ja', key, sub.ja)} / ${msg('en', key, sub.en)}`;
}

function itemsOf(set: ScenarioSet): Item[] {
  return [
    ...set.scenarios.map((s): Item => ({ kind: 'notification', s })),
    ...(set.observationScenarios ?? []).map((s): Item => ({ kind: 'observation', s })),
  ];
}

function rowKey(r: { index: number; level: string }) {
  return { field: `row-${r.index + 1}`, code: r.level };
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

export function Training() {
  const { lang, t } = useLanguage('train_pageTitle');
  const [loaded, setLoaded] = useState<LoadedSet | null>(null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [presenter, setPresenter] = useState(false);
  const [scores, setScores] = useState<StoredScores>({});
  const [message, setMessage] = useState<Message>(null);
  const [run, setRun] = useState(0);
  const [phase, setPhase] = useState<Phase>('idle');
  const [frameState, setFrameState] = useState<FrameState | null>(null);
  const [score, setScore] = useState<TrainingScore | null>(null);
  const [answerShown, setAnswerShown] = useState(false);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const apiRef = useRef<TrainingFrameApi | null>(null);
  const phaseRef = useRef<Phase>('idle');
  const fileRef = useRef<HTMLInputElement>(null);
  /** Which load is current: a frame replaced meanwhile (another scenario picked) is ignored. */
  const runRef = useRef(0);

  useEffect(() => {
    void (async () => {
      const [l, p, sc] = await Promise.all([loadScenarioSet(), loadPresenter(), loadScores()]);
      setLoaded(l);
      setPresenter(p);
      setScores(sc);
    })();
  }, []);

  useEffect(() => {
    document.documentElement.classList.toggle('presenter', presenter);
  }, [presenter]);

  const items = loaded ? itemsOf(loaded.set) : [];
  const current = items.find((i) => i.s.id === currentId) ?? null;

  const setPhaseBoth = (p: Phase) => {
    phaseRef.current = p;
    setPhase(p);
  };

  // Keep the stored score of the current scenario in step with the live one.
  useEffect(() => {
    if (!score || !currentId) return;
    const c = scoreCounts(score);
    const prev = scores[currentId];
    if (prev && prev.found === c.found && prev.total === c.total && prev.revealed === c.revealed) return;
    const next = { ...scores, [currentId]: c };
    setScores(next);
    void saveScores(next).catch(() => undefined);
  }, [score]);

  function pick(id: string) {
    setCurrentId(id);
    setFrameState(null);
    setScore(null);
    setAnswerShown(false);
    apiRef.current = null;
    setPhaseBoth('loading');
    runRef.current += 1;
    setRun(runRef.current);
  }

  function onProblems(state: FrameState, item: Item | null, token: number) {
    if (token !== runRef.current) return;
    setFrameState(state);
    if (phaseRef.current !== 'ready' || !item) return;
    if (item.kind === 'notification') setScore((s) => (s ? scoreAfter(s, state.notification?.view.problems ?? []) : s));
  }

  async function onFrameLoad() {
    const item = current;
    const win = frameRef.current?.contentWindow as (Window & { __hersysTrainingFrame?: TrainingFrameApi }) | null;
    const api = win?.__hersysTrainingFrame;
    const token = runRef.current;
    const stale = () => token !== runRef.current;
    if (!item || !api || !api.screen) return;
    try {
      await api.ready;
      if (stale()) return;
      apiRef.current = api;
      api.onChange((s) => onProblems(s, item, token));
      if (item.kind === 'notification') {
        const failed = await api.fill(item.s.record);
        if (item.s.pressMyHersys) await api.pressMyHersys();
        if (stale()) return;
        if (failed.length) setMessage({ kind: 'error', text: t('train_fillFailed', failed.join(', ')) });
        const st = api.state();
        setFrameState(st);
        setScore(startScore(st?.notification?.view.problems ?? []));
      } else {
        const st = api.state();
        setFrameState(st);
        setScore(startScore((st?.rows ?? []).map(rowKey)));
      }
      setPhaseBoth('ready');
    } catch (e) {
      if (stale()) return;
      setPhaseBoth('failed');
      setMessage({ kind: 'error', text: t('train_loadFailed', e instanceof Error ? e.message : String(e)) });
    }
  }

  async function showAnswer() {
    const api = apiRef.current;
    const token = runRef.current;
    if (!api || current?.kind !== 'notification') return;
    setAnswerShown(true);
    // From now on nothing more can be found: every problem not found yet is revealed by the
    // answer (marked before the fill, whose changes arrive while it runs).
    const before = api.state()?.notification?.view.problems ?? [];
    setScore((s) => (s ? scoreAfter(s, before, true) : s));
    await api.fill(current.s.answer);
    await api.pressMyHersys();
    const st = api.state();
    if (st && token === runRef.current) {
      setFrameState(st);
      setScore((s) => (s ? scoreAfter(s, st.notification?.view.problems ?? [], true) : s));
    }
  }

  function pointAt(p: { field: string; code: string }, focus: () => void) {
    setScore((s) => (s ? scoreClicked(s, p) : s));
    focus();
  }

  /** ↑/↓ (and Home/End) move between the scenarios; Enter or Space opens one (buttons). */
  function onListKey(e: KeyboardEvent) {
    if (e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    const buttons = Array.from((e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button[data-scenario]'));
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
  }

  async function togglePresenter(on: boolean) {
    setPresenter(on);
    await savePresenter(on).catch(() => undefined);
  }

  function exportSet() {
    if (!loaded) return;
    const blob = new Blob([exportScenarioSet(loaded.set)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `hersys-assist-scenarios-${today()}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    try {
      if (file.size > MAX_SCENARIO_SET_CHARS * 4) {
        setMessage({ kind: 'error', text: t('train_importTooBig', MAX_SCENARIO_SET_CHARS / 1000) });
        return;
      }
      const r = parseScenarioSet(await file.text());
      if (!r.ok) {
        setMessage({ kind: 'error', text: pairMessage(lang, 'train_importRefused', r.error) });
        return;
      }
      await saveScenarioSet(r.set);
      setLoaded({ set: r.set, source: 'local' });
      const n = r.set.scenarios.length + (r.set.observationScenarios?.length ?? 0);
      const notes = checkScenarioSet(r.set, ymdFromDate(new Date())).map((x) => pairText(lang, x));
      setMessage({ kind: 'info', text: t('train_imported', file.name, n), notes });
      setCurrentId(null);
      setPhaseBoth('idle');
    } catch (e) {
      setMessage({ kind: 'error', text: t('train_importFailed', e instanceof Error ? e.message : String(e)) });
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  async function restoreBuiltIn() {
    await saveScenarioSet(null);
    setLoaded({ set: builtInScenarioSet(), source: 'built-in' });
    setCurrentId(null);
    setPhaseBoth('idle');
    setMessage({ kind: 'info', text: t('train_restored') });
  }

  const screen = current?.kind === 'observation' ? current.s.screen : 'notification';
  const counts = score ? scoreCounts(score) : null;

  return (
    <div class="training" lang={lang}>
      <header class="training-head">
        <h1>{t('train_heading')}</h1>
        <p class="muted">{t('train_intro')}</p>
        <div class="row tools">
          <label>
            <input type="checkbox" checked={presenter} onChange={(e) => void togglePresenter(e.currentTarget.checked)} data-testid="presenter" />
            {t('train_presenter')}
          </label>
          <button type="button" onClick={exportSet} data-testid="export" disabled={!loaded}>
            {t('train_export')}
          </button>
          <label class="file">
            {t('train_import')}
            <input ref={fileRef} type="file" accept="application/json,.json" data-testid="import" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
          </label>
          {loaded?.source === 'local' && (
            <button type="button" onClick={() => void restoreBuiltIn()}>
              {t('train_restore')}
            </button>
          )}
        </div>
        {message && (
          <p class={message.kind === 'error' ? 'message error' : 'message ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="message">
            {message.text}
          </p>
        )}
        {message?.notes && message.notes.length > 0 && (
          <div class="message notes" data-testid="import-notes">
            <p>{t('train_importNotes')}</p>
            <ul>
              {message.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        )}
      </header>

      <div class="training-body">
        <nav class="scenarios" aria-label={t('train_scenarios')}>
          <h2>
            {t('train_scenarios')}{' '}
            <span class="muted">
              {loaded
                ? loaded.source === 'local'
                  ? loaded.set.title
                    ? t('train_setLocalTitled', loaded.set.title)
                    : t('train_setLocal')
                  : t('train_setBuiltIn')
                : ''}
            </span>
          </h2>
          <ol onKeyDown={onListKey}>
            {items.map((i) => {
              const sc = scores[i.s.id];
              return (
                <li key={i.s.id}>
                  <button type="button" aria-pressed={i.s.id === currentId} data-scenario={i.s.id} onClick={() => pick(i.s.id)}>
                    <span class="title">{lang === 'en' ? i.s.titleEn : i.s.titleJa}</span>
                    {lang === 'ja' && <span class="en">{i.s.titleEn}</span>}
                    {sc && sc.total > 0 && (
                      <span class="badge-score" title={t('train_problemsFound')}>
                        {sc.found}/{sc.total}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>

        <main class="stage">
          {!current && <p class="placeholder">{t('train_pick')}</p>}
          {current && (
            <>
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
                    <button type="button" onClick={() => void showAnswer()} disabled={phase !== 'ready'} data-testid="show-answer">
                      {t('train_showAnswer')}
                    </button>
                  )}
                  <button type="button" onClick={() => pick(current.s.id)} disabled={phase === 'loading'}>
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
              <div class="replica-wrap">
                <iframe
                  key={run}
                  ref={frameRef}
                  class="replica"
                  title={t('train_replicaTitle')}
                  src={browser.runtime.getURL(`/replica-frame.html?screen=${screen}` as '/')}
                  onLoad={() => void onFrameLoad()}
                />
              </div>
            </>
          )}
        </main>

        <aside class="explain" aria-label={t('train_explainLabel')}>
          <h2>{t('train_explainHeading')}</h2>
          {phase === 'loading' && <p class="muted">{t('page_loading')}</p>}
          {phase === 'ready' && current?.kind === 'notification' && frameState?.notification && (
            <NotificationExplain
              lang={lang}
              t={t}
              state={frameState}
              score={score}
              onPoint={(p) => pointAt(p, () => apiRef.current?.focusField(p.field))}
            />
          )}
          {phase === 'ready' && current?.kind === 'observation' && frameState && (
            <ObservationExplain
              lang={lang}
              t={t}
              state={frameState}
              expected={current.s}
              score={score}
              onPoint={(r) => pointAt(rowKey(r), () => apiRef.current?.focusRow(r.index))}
            />
          )}
        </aside>
      </div>
    </div>
  );
}

interface ExplainProps {
  lang: Lang;
  t: Translate;
  state: FrameState;
  score: TrainingScore | null;
}

/** A level's name as a badge (an unknown level shows its code). */
function Level({ level, t }: { level: string; t: Translate }) {
  const key = LEVEL_KEY[level];
  return <span class={`level level-${level}`}>{key ? t(key) : level}</span>;
}

function NotificationExplain({ lang, t, state, score, onPoint }: ExplainProps & { onPoint: (p: Problem) => void }) {
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

function ObservationExplain({
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
