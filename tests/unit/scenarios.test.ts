import { describe, expect, it } from 'vitest';
import { evaluateNotification } from '../../shared/evaluate';
import { PROBLEM_CODES } from '../../shared/problems';
import { REASON_CODES } from '../../shared/tier';
import {
  explainProblem,
  FIELD_WHY,
  OBSERVATION_SCENARIOS,
  PROBLEM_WHY,
  REASON_WHY,
  SCENARIOS,
  scoreAfter,
  scoreClicked,
  scoreCounts,
  startScore,
} from '../../shared/scenarios';

const TODAY = { y: 2022, m: 2, d: 20 };

describe('sample scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s gives the tier, blocking and codes it promises', (_id, s) => {
    const ev = evaluateNotification(s.record, {
      today: TODAY,
      myHersysNotify: { present: true, pressed: s.pressMyHersys },
    });
    expect(ev.tier).toBe(s.expect.tier);
    expect(ev.problems.some((p) => p.level === 'error')).toBe(s.expect.blocked);
    expect(ev.problems.map((p) => p.code)).toEqual(s.expect.codes);
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('the answer of %s has no error and no warning once URL通知 is pressed', (_id, s) => {
    const ev = evaluateNotification(s.answer, { today: TODAY, myHersysNotify: { present: true, pressed: true } });
    expect(ev.problems.filter((p) => p.level === 'error')).toEqual([]);
    expect(ev.problems).toEqual([]);
  });

  it('ids are unique', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    expect(new Set([...SCENARIOS, ...OBSERVATION_SCENARIOS].map((s) => s.id)).size).toBe(SCENARIOS.length + OBSERVATION_SCENARIOS.length);
  });

  it('cover the cases issue 7 asks for (at least 10 with the observation list)', () => {
    const ids = SCENARIOS.map((s) => s.id);
    for (const id of ['age-65-on-diagnosis-day', 'age-45-diabetes-one-dose', 'pregnant', 'risk-yes-without-details', 'landline', 'ip-050', 'february-30', 'full-width-input', 'wareki-birthdate', 'clean-low-risk', 'pregnancy-blank']) {
      expect(ids).toContain(id);
    }
    expect(SCENARIOS.length + OBSERVATION_SCENARIOS.length).toBeGreaterThanOrEqual(10);
  });

  it('a scenario that is wrong has an answer that differs from it (or presses URL通知)', () => {
    for (const s of SCENARIOS) {
      if (s.expect.codes.length === 0) continue;
      const changed = JSON.stringify(s.answer) !== JSON.stringify(s.record) || !s.pressMyHersys;
      expect(changed, s.id).toBe(true);
      expect(s.answerNoteJa, s.id).toBeTruthy();
    }
  });
});

describe('observation scenarios', () => {
  it('show the 対象者一覧 with its alert counts (the fields the demo reads)', () => {
    expect(OBSERVATION_SCENARIOS.length).toBeGreaterThanOrEqual(1);
    for (const o of OBSERVATION_SCENARIOS) {
      expect(Object.keys(o).sort()).toEqual(['expect', 'id', 'pointEn', 'pointJa', 'screen', 'titleEn', 'titleJa']);
      expect(o.screen).toBe('observation-list');
      expect(['error', 'warning', 'ok']).toContain(o.expect.status);
      expect(Object.keys(o.expect.counts).sort()).toEqual(['critical', 'unanswered', 'warning']);
    }
    expect(OBSERVATION_SCENARIOS[0]!.expect).toEqual({ status: 'error', counts: { critical: 3, warning: 4, unanswered: 1 } });
  });
});

describe('why it matters', () => {
  it('every problem code and every tier reason has a Japanese and an English explanation', () => {
    for (const c of PROBLEM_CODES) {
      expect(PROBLEM_WHY[c].ja.length, c).toBeGreaterThan(10);
      expect(PROBLEM_WHY[c].en.length, c).toBeGreaterThan(10);
    }
    for (const r of REASON_CODES) expect(REASON_WHY[r].ja, r).toBeTruthy();
  });

  it('the phone explains the SMS, the birthdate 健康コール, the severity what 中等症II means', () => {
    expect(PROBLEM_WHY.PHONE_NOT_MOBILE.ja).toContain('SMS');
    expect(FIELD_WHY.phone!.ja).toContain('SMS');
    expect(FIELD_WHY.birthdate!.ja).toContain('健康コール');
    expect(FIELD_WHY.severity!.ja).toContain('中等症II');
    expect(REASON_WHY.SEVERITY_MODERATE_II.ja).toContain('93%');
    expect(REASON_WHY.MULTI_RISK_40_64.ja).toContain('40〜64歳');
  });

  it('a blank 妊娠の有無 is explained by the code and by the field', () => {
    const why = explainProblem({ field: 'pregnancy', code: 'REQUIRED_MISSING' });
    expect(why.map((w) => w.ja)).toEqual([PROBLEM_WHY.REQUIRED_MISSING.ja, FIELD_WHY.pregnancy!.ja]);
    expect(why[1]!.ja).toContain('重点観察');
    // A code that says it all is not repeated with the field's text.
    expect(explainProblem({ field: 'phone', code: 'PHONE_NOT_MOBILE' })).toHaveLength(1);
  });
});

describe('training score', () => {
  const A = { field: 'pregnancy', code: 'REQUIRED_MISSING' };
  const B = { field: 'phone', code: 'PHONE_NOT_MOBILE' };

  it('counts a problem the learner fixed, or clicked, as found', () => {
    let s = startScore([A, B]);
    expect(scoreCounts(s)).toEqual({ found: 0, total: 2, revealed: 0 });
    s = scoreAfter(s, [B]);
    expect(s.found).toEqual({ 'pregnancy:REQUIRED_MISSING': 'fixed' });
    s = scoreClicked(s, B);
    expect(scoreCounts(s)).toEqual({ found: 2, total: 2, revealed: 0 });
  });

  it('problems cleared by the answer are revealed, not found; a fix stays found', () => {
    let s = startScore([A, B]);
    s = scoreAfter(s, [B]);
    s = scoreAfter(s, [], true);
    expect(scoreCounts(s)).toEqual({ found: 1, total: 2, revealed: 1 });
    expect(s.revealed).toEqual(['phone:PHONE_NOT_MOBILE']);
    // After the answer nothing more can be "found".
    s = scoreClicked(s, B);
    expect(scoreCounts(s).found).toBe(1);
  });

  it('a problem that comes back is not counted twice, a new problem does not change the total', () => {
    let s = startScore([A]);
    s = scoreAfter(s, []);
    s = scoreAfter(s, [A, B]);
    expect(scoreCounts(s)).toEqual({ found: 1, total: 1, revealed: 0 });
    expect(scoreClicked(startScore([A]), B).found).toEqual({});
  });
});
