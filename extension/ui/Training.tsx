/**
 * The training page (training.html): pick a scenario; the replica screen loads in a frame
 * with the same reader and overlay as on HER-SYS and the scenario's entries filled in; the
 * side panel explains each highlighted problem and why it matters; 答えを見る fills the
 * correct entries; a score counts the problems the learner found. Presenter mode (large
 * text) is remembered; the scenario set can be exported and imported (validated, a bad
 * file never replaces the current set). Audit entries written from here are training
 * entries (the background decides that from the sender's URL).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { fieldLabel } from '../../content/notification-state';
import type { ProblemField } from '../../shared/fields';
import type { ObsCode } from '../../shared/observation-config';
import { problemMessage, type Problem, type ProblemCode } from '../../shared/problems';
import { ymdFromDate } from '../../shared/dates';
import { builtInScenarioSet, checkScenarioSet, exportScenarioSet, MAX_SCENARIO_SET_CHARS, parseScenarioSet, type ScenarioSet } from '../../shared/scenario-set';
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
} from '../../shared/scenarios';
import { TIER_LABEL, type ReasonCode } from '../../shared/tier';
import type { FrameState, TrainingFrameApi } from '../training/frame';
import {
  loadPresenter,
  loadScenarioSet,
  loadScores,
  savePresenter,
  saveScenarioSet,
  saveScores,
  type LoadedSet,
  type StoredScores,
} from '../training/store';

type Item = { kind: 'notification'; s: Scenario } | { kind: 'observation'; s: ObservationScenario };
type Phase = 'idle' | 'loading' | 'ready' | 'failed';
type Message = { kind: 'error' | 'info'; text: string; notes?: string[] } | null;

const LEVEL_LABEL: Record<string, string> = {
  critical: '緊急 / Critical',
  warning: '注意 / Warning',
  unanswered: '未回答 / No answer',
  error: '誤り / Error',
  info: '情報 / Info',
};

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
        if (failed.length) setMessage({ kind: 'error', text: `複製画面に入力できなかった項目 / Could not fill: ${failed.join(', ')}` });
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
      setMessage({ kind: 'error', text: `複製画面を読み込めませんでした / The replica could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
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
        setMessage({ kind: 'error', text: `読み込めませんでした（今のシナリオはそのままです）: ファイルが大きすぎます（上限 ${MAX_SCENARIO_SET_CHARS / 1000} KB） / Not imported (the current set is kept): the file is too big` });
        return;
      }
      const r = parseScenarioSet(await file.text());
      if (!r.ok) {
        setMessage({ kind: 'error', text: `読み込めませんでした（今のシナリオはそのままです）: ${r.error.ja} / Not imported (the current set is kept): ${r.error.en}` });
        return;
      }
      await saveScenarioSet(r.set);
      setLoaded({ set: r.set, source: 'local' });
      const n = r.set.scenarios.length + (r.set.observationScenarios?.length ?? 0);
      const notes = checkScenarioSet(r.set, ymdFromDate(new Date())).map((x) => `${x.ja} / ${x.en}`);
      setMessage({ kind: 'info', text: `「${file.name}」から ${n} 件のシナリオを読み込みました / Imported ${n} scenarios from "${file.name}"`, notes });
      setCurrentId(null);
      setPhaseBoth('idle');
    } catch (e) {
      setMessage({ kind: 'error', text: `読み込めませんでした（今のシナリオはそのままです） / Not imported (the current set is kept): ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  }

  async function restoreBuiltIn() {
    await saveScenarioSet(null);
    setLoaded({ set: builtInScenarioSet(), source: 'built-in' });
    setCurrentId(null);
    setPhaseBoth('idle');
    setMessage({ kind: 'info', text: '標準のシナリオに戻しました / Back to the built-in scenarios' });
  }

  const screen = current?.kind === 'observation' ? current.s.screen : 'notification';
  const counts = score ? scoreCounts(score) : null;

  return (
    <div class="training" lang="ja">
      <header class="training-head">
        <h1>研修 / Training — HER-SYS Assist</h1>
        <p class="muted">
          複製画面（架空の患者）で、拡張機能の表示と正しい入力を練習します。記録は研修として監査ログに残ります。 / Practise on replica screens with fictional
          patients; the audit log marks these entries as training.
        </p>
        <div class="row tools">
          <label>
            <input type="checkbox" checked={presenter} onChange={(e) => void togglePresenter(e.currentTarget.checked)} data-testid="presenter" />
            発表モード（大きな文字） / Presenter mode (large text)
          </label>
          <button type="button" onClick={exportSet} data-testid="export" disabled={!loaded}>
            シナリオを書き出す（JSON） / Export scenarios
          </button>
          <label class="file">
            シナリオを読み込む / Import scenarios
            <input ref={fileRef} type="file" accept="application/json,.json" data-testid="import" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
          </label>
          {loaded?.source === 'local' && (
            <button type="button" onClick={() => void restoreBuiltIn()}>
              標準のシナリオに戻す / Restore built-in
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
            <p>確認してください（読み込みは済んでいます） / Please check (the set was imported):</p>
            <ul>
              {message.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </div>
        )}
      </header>

      <div class="training-body">
        <nav class="scenarios" aria-label="シナリオ / Scenarios">
          <h2>
            シナリオ / Scenarios{' '}
            <span class="muted">{loaded ? (loaded.source === 'local' ? `（読み込んだセット${loaded.set.title ? `：${loaded.set.title}` : ''}）` : '（標準 / built-in）') : ''}</span>
          </h2>
          <ol onKeyDown={onListKey}>
            {items.map((i) => {
              const sc = scores[i.s.id];
              return (
                <li key={i.s.id}>
                  <button type="button" aria-pressed={i.s.id === currentId} data-scenario={i.s.id} onClick={() => pick(i.s.id)}>
                    <span class="title">{i.s.titleJa}</span>
                    <span class="en">{i.s.titleEn}</span>
                    {sc && sc.total > 0 && (
                      <span class="badge-score" title="見つけた問題 / Problems found">
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
          {!current && <p class="placeholder">左の一覧からシナリオを選んでください。 / Pick a scenario on the left.</p>}
          {current && (
            <>
              <section class="brief" aria-labelledby="scenario-title">
                <h2 id="scenario-title">
                  {current.s.titleJa} <span class="en">/ {current.s.titleEn}</span>
                </h2>
                <p>{current.s.pointJa}</p>
                {current.s.pointEn && <p class="en">{current.s.pointEn}</p>}
                {current.kind === 'notification' && (
                  <p class="muted">
                    想定 / Expected: 優先度 / Tier <strong data-tier={current.s.expect.tier}>{TIER_LABEL[current.s.expect.tier].ja}</strong>
                    {current.s.expect.blocked ? ' · 提出は止められます / submit held back' : ' · 提出できます / submit allowed'}
                  </p>
                )}
                <div class="row">
                  {current.kind === 'notification' && (
                    <button type="button" onClick={() => void showAnswer()} disabled={phase !== 'ready'} data-testid="show-answer">
                      答えを見る / Show the answer
                    </button>
                  )}
                  <button type="button" onClick={() => pick(current.s.id)} disabled={phase === 'loading'}>
                    最初からやり直す / Start again
                  </button>
                </div>
                {answerShown && current.kind === 'notification' && (current.s.answerNoteJa || current.s.answerNoteEn) && (
                  <p class="answer-note" role="status">
                    {current.s.answerNoteJa} {current.s.answerNoteEn && <span class="en">/ {current.s.answerNoteEn}</span>}
                  </p>
                )}
                {counts && (
                  <p class="score" data-testid="score" aria-live="polite">
                    {current.kind === 'notification' ? '見つけた問題 / Problems found' : '確認した行 / Rows checked'}:{' '}
                    <strong data-found={counts.found} data-total={counts.total}>
                      {counts.found} / {counts.total}
                    </strong>
                    {counts.revealed > 0 && <span data-revealed={counts.revealed}> · 答えで確認 / shown by the answer: {counts.revealed}</span>}
                    {counts.total === 0 && <span> · 問題はありません。優先度とその理由を確認しましょう / No problem here: look at the tier and why</span>}
                  </p>
                )}
                <p class="muted score-rule">
                  {current.kind === 'notification'
                    ? '「見つけた」＝自分で欄を直して問題が消えた、または右の一覧でその問題を選んだもの。「答えを見る」で消えた問題は数えません。 / "Found" means you fixed the entry (the problem went away) or selected it in the list on the right; problems cleared by "Show the answer" do not count.'
                    : '「確認した」＝右の一覧でその行を選んだもの。 / "Checked" means you selected the row in the list on the right.'}
                </p>
              </section>
              <div class="replica-wrap">
                <iframe
                  key={run}
                  ref={frameRef}
                  class="replica"
                  title="HER-SYS 複製画面 / HER-SYS replica"
                  src={browser.runtime.getURL(`/replica-frame.html?screen=${screen}` as '/')}
                  onLoad={() => void onFrameLoad()}
                />
              </div>
            </>
          )}
        </main>

        <aside class="explain" aria-label="問題の説明 / Why it matters">
          <h2>この画面の指摘 / What the overlay shows</h2>
          {phase === 'loading' && <p class="muted">読み込み中… / Loading…</p>}
          {phase === 'ready' && current?.kind === 'notification' && frameState?.notification && (
            <NotificationExplain
              state={frameState}
              score={score}
              onPoint={(p) => pointAt(p, () => apiRef.current?.focusField(p.field))}
            />
          )}
          {phase === 'ready' && current?.kind === 'observation' && frameState && (
            <ObservationExplain
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

function NotificationExplain({ state, score, onPoint }: { state: FrameState; score: TrainingScore | null; onPoint: (p: Problem) => void }) {
  const view = state.notification!.view;
  const found = score?.found ?? {};
  return (
    <>
      <p data-testid="tier">
        優先度 / Tier: <span class={`badge tier-${view.tier}`}>{view.tierLabel}</span>
      </p>
      <ul class="reasons">
        {view.reasons.map((r) => (
          <li key={r.code} data-reason={r.code}>
            <strong>{r.text}</strong>
            <br />
            {REASON_WHY[r.code as ReasonCode]?.ja}
            <span class="en"> {REASON_WHY[r.code as ReasonCode]?.en}</span>
          </li>
        ))}
      </ul>
      <h3>
        問題 / Problems（{view.problems.length}）
      </h3>
      {view.problems.length === 0 && <p class="ok" data-testid="no-problems">問題はありません / No problem</p>}
      <ol class="problems" data-testid="problems">
        {view.problems.map((p) => {
          const key = `${p.field}:${p.code}`;
          return (
            <li key={key} data-field={p.field} data-code={p.code} data-level={p.level} class={found[key] ? 'found' : undefined}>
              <button type="button" onClick={() => onPoint(p)} aria-describedby={`why-${key}`}>
                <span class={`level level-${p.level}`}>{LEVEL_LABEL[p.level] ?? p.level}</span> {fieldLabel(p.field as ProblemField)}
                <span class="en"> / {fieldLabel(p.field as ProblemField, 'en')}</span>
                {found[key] && <span class="found-tag"> ✓ 見つけた / found</span>}
              </button>
              <p class="what">
                {problemMessage(p.code as ProblemCode, 'ja')}
                <span class="en"> / {problemMessage(p.code as ProblemCode, 'en')}</span>
              </p>
              <div class="why" id={`why-${key}`}>
                <strong>なぜ大切か / Why it matters:</strong>
                {explainProblem({ field: p.field as ProblemField, code: p.code as ProblemCode }).map((w, i) => (
                  <p key={i}>
                    {w.ja}
                    <span class="en"> {w.en}</span>
                  </p>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
      {state.submits > 0 && <p class="ok">（研修）提出 {state.submits} 回 / (Training) submitted {state.submits}×</p>}
    </>
  );
}

function ObservationExplain({
  state,
  expected,
  score,
  onPoint,
}: {
  state: FrameState;
  expected: ObservationScenario;
  score: TrainingScore | null;
  onPoint: (r: FrameState['rows'][number]) => void;
}) {
  const c = state.observation?.counts;
  const found = score?.found ?? {};
  const e = expected.expect.counts;
  return (
    <>
      <p data-testid="obs-counts" data-critical={c?.critical ?? 0} data-warning={c?.warning ?? 0} data-unanswered={c?.unanswered ?? 0}>
        緊急 / Critical <strong>{c?.critical ?? 0}</strong> · 注意 / Warning <strong>{c?.warning ?? 0}</strong> · 未回答 / No answer <strong>{c?.unanswered ?? 0}</strong>
      </p>
      <p class="muted">
        想定 / Expected: {e.critical} · {e.warning} · {e.unanswered}
      </p>
      <ol class="problems" data-testid="rows">
        {state.rows.map((r) => {
          const k = rowKey(r);
          const key = `${k.field}:${k.code}`;
          return (
            <li key={r.index} data-row={r.index + 1} data-level={r.level} class={found[key] ? 'found' : undefined}>
              <button type="button" onClick={() => onPoint(r)}>
                <span class={`level level-${r.level}`}>{LEVEL_LABEL[r.level] ?? r.level}</span> {r.index + 1} 行目 / row {r.index + 1}
                {found[key] && <span class="found-tag"> ✓ 確認 / checked</span>}
              </button>
              <div class="why">
                {r.codes.map((code) => (
                  <p key={code} data-code={code}>
                    <code>{code}</code> {OBS_WHY[code as ObsCode]?.ja}
                    <span class="en"> {OBS_WHY[code as ObsCode]?.en}</span>
                  </p>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}

