// @vitest-environment happy-dom
/**
 * The training page fills the 発生届 replica (public/replica/notification.html) with each
 * scenario's entries through extension/training/fill.ts: what the reader reads back from
 * the page evaluates exactly as the scenario promises, and the answer clears every error,
 * including fields the scenario had answered and the answer leaves blank.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readForm, readValues } from '../../content/page/form-reader';
import { fillRecord } from '../../content/training-fill';
import { evaluateNotification } from '../../shared/evaluate';
import { SCENARIOS } from '../../shared/scenarios';

const REPLICA = path.resolve(import.meta.dirname, '../../public/replica/notification.html');
const TODAY = { y: 2022, m: 2, d: 20 };

function loadReplica(): void {
  const doc = new DOMParser().parseFromString(readFileSync(REPLICA, 'utf8'), 'text/html');
  document.body.replaceChildren(...Array.from(doc.body.childNodes).map((n) => document.importNode(n, true)));
}

function evaluatePage(pressed: boolean) {
  return evaluateNotification(readValues(readForm(document)), { today: TODAY, myHersysNotify: { present: true, pressed } });
}

beforeEach(loadReplica);

describe('filling the replica with a scenario', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s reads back as the scenario promises', (_id, s) => {
    const events: string[] = [];
    document.addEventListener('change', (e) => events.push((e.target as HTMLElement).id), { capture: true });
    expect(fillRecord(document, s.record)).toEqual([]);
    const ev = evaluatePage(s.pressMyHersys);
    expect(ev.tier).toBe(s.expect.tier);
    expect(ev.problems.map((p) => p.code)).toEqual(s.expect.codes);
    expect(events.length).toBeGreaterThan(0); // the overlay hears the edits as a user's
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: the answer over the scenario leaves no problem', (_id, s) => {
    fillRecord(document, s.record);
    expect(fillRecord(document, s.answer)).toEqual([]);
    expect(evaluatePage(true).problems).toEqual([]);
  });

  it('clears a radio group when the answer leaves it blank, and a select back to its placeholder', () => {
    fillRecord(document, { pregnancy: '有', 'vaccine-doses': '3回' });
    expect(readValues(readForm(document))).toMatchObject({ pregnancy: '有', 'vaccine-doses': '3回' });
    fillRecord(document, {});
    expect(readValues(readForm(document))).toMatchObject({ pregnancy: '', 'vaccine-doses': '' });
  });

  it('reports a value the page has no option for instead of throwing', () => {
    expect(fillRecord(document, { severity: '超重症', pregnancy: '無' })).toEqual(['severity']);
  });
});
