// @vitest-environment happy-dom
/**
 * Fuzz: the 発生届 reader with a random selector map (valid, invalid, overlapping, matching
 * nothing) on random DOM fragments (generators and properties in ./fuzz-dom.ts): 10,000 fragments.
 */
import { describe, expect, it } from 'vitest';
import { fuzzReader } from './fuzz-dom';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

describe('fuzz: the form reader on random DOM fragments (selector map)', () => {
  it(`never throws, pins each control to one field, reports bad selectors and never changes the page (${RUNS} fragments)`, () => {
    fuzzReader('pinned', RUNS);
  }, 180_000);
});

describe('overlapping selectors (found by the fuzzer)', () => {
  it('a control matched by two pinned selectors belongs to the first field only; the second reports no-match', async () => {
    const { readForm } = await import('../../content/page/form-reader');
    document.body.replaceChildren();
    const input = document.createElement('input');
    input.type = 'radio';
    input.id = 'phone';
    document.body.append(input);
    const r = readForm(document, { 'patient-type': '#phone', sex: 'input[type=radio]' });
    expect(r.bindings.get('patient-type')?.elements).toEqual([input]);
    expect(r.bindings.has('sex')).toBe(false);
    expect(r.selectorErrors).toEqual([{ field: 'sex', selector: 'input[type=radio]', reason: 'no-match' }]);
  });
});
