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
import { scoreAfter, scoreClicked, scoreCounts, startScore, type TrainingScore } from '../../../shared/scenarios';
import type { FrameState, TrainingFrameApi } from './frame';
import { itemsOf, rowKey, type Item, type Phase } from './items';
import { loadPresenter, loadScenarioSet, loadScores, savePresenter, saveScores, type LoadedSet, type StoredScores } from './store';
import { NotificationExplain } from './NotificationExplain';
import { ObservationExplain } from './ObservationExplain';
import { ScenarioBrief } from './ScenarioBrief';
import { ScenarioList } from './ScenarioList';
import { ScenarioSetTools } from './ScenarioSetTools';
import { TrainingMessage, type Message } from './TrainingMessage';
import { useLanguage } from '../common/use-language';

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

  async function togglePresenter(on: boolean) {
    setPresenter(on);
    await savePresenter(on).catch(() => undefined);
  }

  function replaceSet(l: LoadedSet) {
    setLoaded(l);
    setCurrentId(null);
    setPhaseBoth('idle');
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
          <ScenarioSetTools lang={lang} t={t} loaded={loaded} onReplaced={replaceSet} onMessage={setMessage} />
        </div>
        <TrainingMessage message={message} t={t} />
      </header>

      <div class="training-body">
        <ScenarioList lang={lang} t={t} loaded={loaded} items={items} scores={scores} currentId={currentId} onPick={pick} />

        <main class="stage">
          {!current && <p class="placeholder">{t('train_pick')}</p>}
          {current && (
            <>
              <ScenarioBrief
                lang={lang}
                t={t}
                current={current}
                phase={phase}
                answerShown={answerShown}
                counts={counts}
                onShowAnswer={() => void showAnswer()}
                onRestart={() => pick(current.s.id)}
              />
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
