/**
 * Storage keys are defined once (shared/storage-keys.ts): no source file passes a literal key
 * to browser.storage, and no key is spelled anywhere else in the sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACK_KEY_PREFIX, STORAGE_KEYS } from '../../shared/storage-keys';

const ROOT = path.resolve(import.meta.dirname, '../..');
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}
const SOURCES = ['content', 'extension', 'shared', 'entrypoints'].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => !f.endsWith(path.join('shared', 'storage-keys.ts')));
const text = new Map(SOURCES.map((f) => [path.relative(ROOT, f), readFileSync(f, 'utf8')]));

describe('storage keys defined once', () => {
  it('keys are unique and the table is not empty', () => {
    const values = Object.values(STORAGE_KEYS);
    expect(values.length).toBeGreaterThan(10);
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(v.startsWith(ACK_KEY_PREFIX)).toBe(false);
  });

  it('no storage call takes a literal key', () => {
    const bad: string[] = [];
    for (const [file, src] of text) {
      for (const m of src.matchAll(/storage\.(?:local|session|sync)\.(?:get|set|remove)\(\s*(?:\{\s*)?['"`]/g)) bad.push(`${file}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
  });

  it('no key is spelled as a string outside the table', () => {
    // 'settings' is also a plain word of the code (an alert's subject); the distinctive keys must not appear at all.
    const keys = Object.values(STORAGE_KEYS).filter((k) => k !== 'settings');
    const bad: string[] = [];
    for (const [file, src] of text) for (const k of keys) if (src.includes(`'${k}'`) || src.includes(`"${k}"`)) bad.push(`${file}: ${k}`);
    for (const [file, src] of text) if (/\bKEY\s*=\s*'settings'/.test(src) || /'settings' in changes/.test(src)) bad.push(`${file}: settings`);
    for (const [file, src] of text) if (src.includes(`'${ACK_KEY_PREFIX}'`)) bad.push(`${file}: ${ACK_KEY_PREFIX}`);
    expect(bad).toEqual([]);
  });
});
