// @vitest-environment happy-dom
/**
 * Fuzz: the 発生届 reader's label detection and page-kind detector on random DOM fragments
 * (generators and properties in ./fuzz-dom.ts). Together with fuzz-form-reader-pinned.test.ts
 * the reader sees 10,000 fragments; each file stays near 15 s on the 2-core CI machine.
 */
import { describe, it } from 'vitest';
import { fuzzReader } from './fuzz-dom';

const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);

describe('fuzz: the form reader on random DOM fragments (labels)', () => {
  it(`never throws, returns well-formed readings, reads the same twice and never changes the page (${RUNS} fragments)`, () => {
    fuzzReader('labels', RUNS);
  }, 180_000);
});
