// @vitest-environment happy-dom
/**
 * Fuzz: the 発生届 reader's label detection and page-kind detector on random DOM fragments
 * (generators and properties in ./fuzz-dom.ts): 10,000 fragments; fuzz-form-reader-pinned.test.ts
 * runs 10,000 more with random selector maps (one file each, so the two run side by side).
 */
import { describe, it } from 'vitest';
import { fuzzReader } from './fuzz-dom';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

describe('fuzz: the form reader on random DOM fragments (labels)', () => {
  it(`never throws, returns well-formed readings, reads the same twice and never changes the page (${RUNS} fragments)`, () => {
    fuzzReader('labels', RUNS);
  }, 180_000);
});
