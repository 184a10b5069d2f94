import { describe, expect, it } from 'vitest';
import { evaluateNotification } from '../../shared/evaluate';
import { SCENARIOS } from '../../shared/scenarios';

describe('sample scenarios', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s gives the tier, blocking and codes it promises', (_id, s) => {
    const ev = evaluateNotification(s.record, {
      today: { y: 2022, m: 2, d: 20 },
      myHersysNotify: { present: true, pressed: s.pressMyHersys },
    });
    expect(ev.tier).toBe(s.expect.tier);
    expect(ev.problems.some((p) => p.level === 'error')).toBe(s.expect.blocked);
    expect(ev.problems.map((p) => p.code)).toEqual(s.expect.codes);
  });
  it('ids are unique', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
  });
});
