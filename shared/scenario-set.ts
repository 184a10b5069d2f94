/**
 * A scenario set as trainers exchange it (the training page's 書き出し / 読み込み): the
 * sample 発生届 scenarios and the observation scenarios, as one JSON file.
 *
 *   { "format": "hersys-assist-scenarios", "version": 1, "title": "…",
 *     "scenarios": [Scenario…], "observationScenarios": [ObservationScenario…] }
 *
 * `parseScenarioSet(text)` validates a file with zod and never throws: a bad file gives one
 * clear message in Japanese and English naming the path of the bad value
 * (`scenarios[2].expect.tier`), so the trainer can find it in the file.
 */
import * as z from 'zod/mini';
import type { YMD } from './dates';
import { evaluateNotification } from './evaluate';
import { FIELD_IDS, type FieldId } from './fields';
import { PROBLEM_CODES } from './problems';
import { OBSERVATION_SCENARIOS, SCENARIOS, type ObservationScenario, type Scenario } from './scenarios';
import { TIERS } from './tier';

export const SCENARIO_SET_FORMAT = 'hersys-assist-scenarios';
export const SCENARIO_SET_VERSION = 1;
/** Largest file accepted (characters of JSON text). */
export const MAX_SCENARIO_SET_CHARS = 1_000_000;
export const MAX_SCENARIOS = 200;

const Id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
const Title = z.string().check(z.minLength(1), z.maxLength(200));
const Text = z.string().check(z.maxLength(2000));
const Value = z.string().check(z.maxLength(200));

const recordShape = Object.fromEntries(FIELD_IDS.map((id) => [id, z.optional(Value)])) as Record<FieldId, z.ZodMiniOptional<typeof Value>>;
const RecordSchema = z.strictObject(recordShape);

const Count = z.int().check(z.minimum(0), z.maximum(100_000));

export const ScenarioSchema = z.strictObject({
  id: Id,
  titleJa: Title,
  titleEn: Title,
  pointJa: Text,
  pointEn: z.optional(Text),
  record: RecordSchema,
  pressMyHersys: z.boolean(),
  expect: z.strictObject({
    tier: z.enum(TIERS),
    blocked: z.boolean(),
    codes: z.array(z.enum(PROBLEM_CODES)).check(z.maxLength(100)),
  }),
  answer: RecordSchema,
  answerNoteJa: z.optional(Text),
  answerNoteEn: z.optional(Text),
});

export const ObservationScenarioSchema = z.strictObject({
  id: Id,
  titleJa: Title,
  titleEn: Title,
  pointJa: Text,
  pointEn: z.optional(Text),
  screen: z.literal('observation-list'),
  expect: z.strictObject({
    status: z.enum(['error', 'warning', 'ok']),
    counts: z.strictObject({ critical: Count, warning: Count, unanswered: Count }),
  }),
});

export const ScenarioSetSchema = z
  .strictObject({
    format: z.literal(SCENARIO_SET_FORMAT),
    version: z.literal(SCENARIO_SET_VERSION),
    title: z.optional(Title),
    scenarios: z.array(ScenarioSchema).check(z.maxLength(MAX_SCENARIOS)),
    observationScenarios: z.optional(z.array(ObservationScenarioSchema).check(z.maxLength(MAX_SCENARIOS))),
  })
  .check(
    z.superRefine((set, ctx) => {
      const seen = new Map<string, string>();
      const all: [string, { id: string }[]][] = [
        ['scenarios', set.scenarios],
        ['observationScenarios', set.observationScenarios ?? []],
      ];
      for (const [key, list] of all) {
        list.forEach((s, i) => {
          const first = seen.get(s.id);
          if (first) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate:${first}`, input: s.id });
          else seen.set(s.id, `${key}[${i}]`);
        });
      }
      if (set.scenarios.length + (set.observationScenarios?.length ?? 0) === 0) {
        ctx.addIssue({ code: 'custom', path: ['scenarios'], message: 'empty', input: set.scenarios });
      }
    }),
  );

export interface ScenarioSet {
  format: typeof SCENARIO_SET_FORMAT;
  version: typeof SCENARIO_SET_VERSION;
  title?: string;
  scenarios: Scenario[];
  observationScenarios?: ObservationScenario[];
}

/** The built-in set (the samples this version ships). */
export function builtInScenarioSet(): ScenarioSet {
  return {
    format: SCENARIO_SET_FORMAT,
    version: SCENARIO_SET_VERSION,
    title: 'HER-SYS Assist 標準シナリオ / Built-in scenarios',
    scenarios: SCENARIOS.map((s) => structuredClone(s) as Scenario),
    observationScenarios: OBSERVATION_SCENARIOS.map((s) => structuredClone(s) as ObservationScenario),
  };
}

/** The set as a file (pretty JSON, ending with a newline). */
export function exportScenarioSet(set: ScenarioSet): string {
  return JSON.stringify(set, null, 2) + '\n';
}

export interface ScenarioSetError {
  /** Where the bad value is (`scenarios[2].expect.tier`), '' for the whole file. */
  path: string;
  ja: string;
  en: string;
}

export type ScenarioSetResult = { ok: true; set: ScenarioSet } | { ok: false; error: ScenarioSetError };

/** `['scenarios', 2, 'expect', 'tier']` → `scenarios[2].expect.tier`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out;
}

function short(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

const TYPE_JA: Record<string, string> = {
  string: '文字列',
  number: '数値',
  int: '整数',
  boolean: 'true か false',
  object: 'オブジェクト { … }',
  array: '配列 [ … ]',
};

/** One zod issue as a sentence in each language (the path is added by the caller). */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): { ja: string; en: string } {
  const at = valueAt(root, issue.path);
  const last = issue.path.at(-1);
  switch (issue.code) {
    case 'invalid_type': {
      if (at === undefined) return { ja: '必要な項目がありません', en: 'a required field is missing' };
      const expected = String(issue.expected);
      return { ja: `${TYPE_JA[expected] ?? expected} が必要です（${short(at)} は使えません）`, en: `expected ${expected}, got ${short(at)}` };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      if (last === 'version') {
        return {
          ja: `このファイルの版（${short(at)}）は読み込めません。読み込めるのは版 ${SCENARIO_SET_VERSION} です`,
          en: `version ${short(at)} cannot be read; this version reads version ${SCENARIO_SET_VERSION}`,
        };
      }
      if (last === 'format') {
        return {
          ja: `HER-SYS Assist のシナリオファイルではありません（format は "${SCENARIO_SET_FORMAT}"）`,
          en: `not a HER-SYS Assist scenario file (format must be "${SCENARIO_SET_FORMAT}")`,
        };
      }
      const list = values.length > 12 ? `${values.slice(0, 12).join(' / ')} …` : values.join(' / ');
      const what = last === 'tier' ? '優先度' : '値';
      return { ja: `${what}は ${list} のいずれかです（${short(at)} は使えません）`, en: `must be one of ${list} (got ${short(at)})` };
    }
    case 'unrecognized_keys':
      return {
        ja: `知らない項目があります: ${issue.keys.join(', ')}（項目名の綴りを確認してください）`,
        en: `unknown field(s): ${issue.keys.join(', ')} (check the spelling)`,
      };
    case 'too_big':
      if (issue.origin === 'array') return { ja: `多すぎます（最大 ${String(issue.maximum)} 件）`, en: `too many (at most ${String(issue.maximum)})` };
      if (issue.origin === 'string') return { ja: `長すぎます（最大 ${String(issue.maximum)} 文字）`, en: `too long (at most ${String(issue.maximum)} characters)` };
      return { ja: `大きすぎます（最大 ${String(issue.maximum)}）`, en: `too large (at most ${String(issue.maximum)})` };
    case 'too_small':
      if (issue.origin === 'string') return { ja: '空にできません', en: 'must not be empty' };
      return { ja: `小さすぎます（最小 ${String(issue.minimum)}）`, en: `too small (at least ${String(issue.minimum)})` };
    case 'invalid_format':
      if (last === 'id') {
        return {
          ja: `ID は半角の英小文字・数字・ハイフン（64文字まで）です（${short(at)} は使えません）`,
          en: `an id is lower-case letters, digits and hyphens (up to 64), got ${short(at)}`,
        };
      }
      return { ja: `形式が正しくありません（${short(at)}）`, en: `wrong format (${short(at)})` };
    case 'custom':
      if (issue.message.startsWith('duplicate:')) {
        const first = issue.message.slice('duplicate:'.length);
        return { ja: `ID ${short(at)} が重複しています（${first} と同じ）`, en: `id ${short(at)} is used twice (also at ${first})` };
      }
      if (issue.message === 'empty') return { ja: 'シナリオが1件もありません', en: 'the file holds no scenario' };
      return { ja: issue.message, en: issue.message };
    default:
      return { ja: `値が正しくありません（${short(at)}）`, en: `invalid value (${short(at)})` };
  }
}

function fail(path: string, ja: string, en: string): ScenarioSetResult {
  return { ok: false, error: { path, ja: path ? `${path}: ${ja}` : ja, en: path ? `${path}: ${en}` : en } };
}

/** Validates a scenario set (the text of a file, or an already parsed value). Never throws. */
export function parseScenarioSet(input: string | unknown): ScenarioSetResult {
  let data: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_SCENARIO_SET_CHARS) {
      return fail(
        '',
        `ファイルが大きすぎます（${Math.ceil(input.length / 1000)} KB。上限は ${MAX_SCENARIO_SET_CHARS / 1000} KB）`,
        `the file is too big (${Math.ceil(input.length / 1000)} kB; the limit is ${MAX_SCENARIO_SET_CHARS / 1000} kB)`,
      );
    }
    try {
      data = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return fail('', `JSON として読めません（${detail}）`, `not valid JSON (${detail})`);
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail('', 'ファイルの中身が { "format": …, "version": …, "scenarios": […] } の形ではありません', 'the file is not an object { "format", "version", "scenarios" }');
  }
  // The file's kind and version first: a different file should say so, not list its fields.
  const o = data as Record<string, unknown>;
  if (o.format !== SCENARIO_SET_FORMAT) {
    return fail(
      'format',
      `HER-SYS Assist のシナリオファイルではありません（format は "${SCENARIO_SET_FORMAT}"、このファイルは ${short(o.format)}）`,
      `not a HER-SYS Assist scenario file (format must be "${SCENARIO_SET_FORMAT}", got ${short(o.format)})`,
    );
  }
  const parsed = ScenarioSetSchema.safeParse(data);
  if (parsed.success) return { ok: true, set: parsed.data as ScenarioSet };
  // The issue that comes first in the file (the version before the scenarios, scenario 1 before 2).
  const issue = parsed.error.issues[0]!;
  const text = describeIssue(issue, data);
  return fail(formatPath(issue.path), text.ja, text.en);
}

// ---------------------------------------------------------------------------------------------
// What a valid file may still get wrong: a scenario whose entries do not give what it promises,
// or an answer that still has an error. Reported to the trainer after the import (not refused:
// the file is theirs, and the page shows what the overlay really says).

export interface ScenarioSetNote {
  path: string;
  ja: string;
  en: string;
}

export function checkScenarioSet(set: ScenarioSet, today: YMD): ScenarioSetNote[] {
  const notes: ScenarioSetNote[] = [];
  set.scenarios.forEach((s, i) => {
    const ev = evaluateNotification(s.record, { today, myHersysNotify: { present: true, pressed: s.pressMyHersys } });
    const codes = ev.problems.map((p) => p.code);
    const blocked = ev.problems.some((p) => p.level === 'error');
    const sameCodes = JSON.stringify([...codes].sort()) === JSON.stringify([...s.expect.codes].sort());
    if (ev.tier !== s.expect.tier || blocked !== s.expect.blocked || !sameCodes) {
      const got = `${ev.tier}${blocked ? '・提出停止' : ''}${codes.length ? `・${codes.join(' ')}` : ''}`;
      const want = `${s.expect.tier}${s.expect.blocked ? '・提出停止' : ''}${s.expect.codes.length ? `・${s.expect.codes.join(' ')}` : ''}`;
      notes.push({
        path: `scenarios[${i}].expect`,
        ja: `scenarios[${i}].expect（${s.id}）: 想定は ${want} ですが、入力から評価すると ${got} です`,
        en: `scenarios[${i}].expect (${s.id}): expects ${want.replace(/・提出停止/g, ' blocked').replace(/・/g, ' ')}, the entries give ${got.replace(/・提出停止/g, ' blocked').replace(/・/g, ' ')}`,
      });
    }
    const answer = evaluateNotification(s.answer, { today, myHersysNotify: { present: true, pressed: true } });
    const errors = answer.problems.filter((p) => p.level === 'error').map((p) => `${p.field}:${p.code}`);
    if (errors.length > 0) {
      notes.push({
        path: `scenarios[${i}].answer`,
        ja: `scenarios[${i}].answer（${s.id}）: 答えにまだ誤りがあります（${errors.join(', ')}）`,
        en: `scenarios[${i}].answer (${s.id}): the answer still has errors (${errors.join(', ')})`,
      });
    }
  });
  return notes;
}
