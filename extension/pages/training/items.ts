/** The scenarios of a set as one list (notification scenarios first), and how an alerted row is scored. */
import type { ScenarioSet } from '../../../shared/scenario-set';
import type { ObservationScenario, Scenario } from '../../../shared/scenarios';

export type Item = { kind: 'notification'; s: Scenario } | { kind: 'observation'; s: ObservationScenario };

/** Where a scenario stands: nothing picked, its replica loading, ready to practise, or not loaded. */
export type Phase = 'idle' | 'loading' | 'ready' | 'failed';

export function itemsOf(set: ScenarioSet): Item[] {
  return [
    ...set.scenarios.map((s): Item => ({ kind: 'notification', s })),
    ...(set.observationScenarios ?? []).map((s): Item => ({ kind: 'observation', s })),
  ];
}

/** An alerted row as a score key: the row counts as found once the learner points at it. */
export function rowKey(r: { index: number; level: string }) {
  return { field: `row-${r.index + 1}`, code: r.level };
}
