/**
 * What the training page remembers in `storage.local`: the trainer's imported scenario set
 * (validated again on every read: a damaged value falls back to the built-in set), the
 * presenter mode, and the last score of each scenario (counts only).
 */
import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import { builtInScenarioSet, parseScenarioSet, type ScenarioSet } from '../../../shared/scenario-set';
import { STORAGE_KEYS } from '../../../shared/storage-keys';

export const TRAINING_SET_KEY = STORAGE_KEYS.trainingScenarioSet;
export const TRAINING_PRESENTER_KEY = STORAGE_KEYS.trainingPresenter;
export const TRAINING_SCORES_KEY = STORAGE_KEYS.trainingScores;

export interface LoadedSet {
  set: ScenarioSet;
  source: 'built-in' | 'local';
}

export async function loadScenarioSet(): Promise<LoadedSet> {
  try {
    const got = await browser.storage.local.get(TRAINING_SET_KEY);
    const stored = got[TRAINING_SET_KEY];
    if (stored !== undefined) {
      const r = parseScenarioSet(stored);
      if (r.ok) return { set: r.set, source: 'local' };
    }
  } catch {
    // storage unavailable: the built-in set still works
  }
  return { set: builtInScenarioSet(), source: 'built-in' };
}

/** Stores a trainer's set (null: back to the built-in one). */
export async function saveScenarioSet(set: ScenarioSet | null): Promise<void> {
  if (set) await browser.storage.local.set({ [TRAINING_SET_KEY]: set });
  else await browser.storage.local.remove(TRAINING_SET_KEY);
}

export async function loadPresenter(): Promise<boolean> {
  try {
    return (await browser.storage.local.get(TRAINING_PRESENTER_KEY))[TRAINING_PRESENTER_KEY] === true;
  } catch {
    return false;
  }
}

export async function savePresenter(on: boolean): Promise<void> {
  await browser.storage.local.set({ [TRAINING_PRESENTER_KEY]: on });
}

const Count = z.int().check(z.minimum(0), z.maximum(10_000));
const ScoreSchema = z.strictObject({ found: Count, total: Count, revealed: Count });
const ScoresSchema = z.record(z.string().check(z.maxLength(64)), ScoreSchema);
export type StoredScores = z.infer<typeof ScoresSchema>;

export async function loadScores(): Promise<StoredScores> {
  try {
    const r = ScoresSchema.safeParse((await browser.storage.local.get(TRAINING_SCORES_KEY))[TRAINING_SCORES_KEY] ?? {});
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

export async function saveScores(scores: StoredScores): Promise<void> {
  await browser.storage.local.set({ [TRAINING_SCORES_KEY]: scores });
}
