import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, lintSource, MAX_LINES, OVERSIZE_PENDING } from '../../scripts/lint.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const why = (rel: string, text: string) => lintSource(rel, text).map((p) => p.why);

describe('lint: no HTML sinks and no string-to-code in the source folders', () => {
  const BAD: [string, string][] = [
    ['el.innerHTML = label;', 'innerHTML'],
    ['el.innerHTML += "<b>x</b>";', 'innerHTML'],
    ['const html = el.outerHTML;', 'outerHTML'],
    ["el['innerHTML'] = text;", 'innerHTML'],
    ['Object.assign(el, { innerHTML: text });', 'innerHTML'],
    ["el.insertAdjacentHTML('beforeend', text);", 'insertAdjacentHTML'],
    ['document.write(text);', 'document.write'],
    ['doc.writeln(text);', 'doc.writeln'],
    ['const f = range.createContextualFragment(text);', 'createContextualFragment'],
    ['eval(code);', 'eval'],
    ['const run = new Function("a", code);', 'new Function'],
    ["setTimeout('alert(1)', 10);", 'setTimeout(string)'],
  ];
  for (const [snippet, name] of BAD) {
    it(`rejects \`${snippet}\` in content/ with a message naming ${name}`, () => {
      const problems = lintSource('content/bad.ts', `const el = document.body;\n${snippet}\n`);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]!.line).toBe(2);
      expect(problems[0]!.why).toContain(`\`${name}\``);
      expect(format(problems[0]!)).toContain(`content/bad.ts:2:`);
    });
  }

  it('rejects dangerouslySetInnerHTML in a Preact component (tsx)', () => {
    const src = 'export const X = (p: { t: string }) => <div dangerouslySetInnerHTML={{ __html: p.t }} />;\n';
    expect(why('content/ui/X.tsx', src).join()).toContain('dangerouslySetInnerHTML');
  });

  it('applies to every source folder, and not to tests or fixtures', () => {
    for (const dir of ['content', 'extension', 'entrypoints', 'shared', 'helper']) {
      expect(why(`${dir}/x.ts`, 'node.innerHTML = s;\n')).toHaveLength(1);
    }
    expect(why('tests/fixtures/pages/x.mjs', 'node.innerHTML = s;\n')).toEqual([]);
    expect(why('tests/e2e/x.ts', 'node.innerHTML = s;\n')).toEqual([]);
  });

  it('ignores comments and accepts the safe equivalents', () => {
    const src = [
      '// never use el.innerHTML here',
      '/* nor document.write() */',
      'el.textContent = text;',
      "const b = document.createElement('b');",
      'el.append(b);',
      'const msg = "set the text, not the markup";',
      "ctx.setTimeout(() => update(), 10);",
      'const re = /innerHTML/;',
    ].join('\n');
    expect(lintSource('content/ok.ts', src)).toEqual([]);
  });

  it('keeps shared/ pure: no DOM, no extension APIs, no node: imports', () => {
    expect(why('shared/x.ts', 'const w = window.innerWidth;\n')).toEqual(['shared/ must not touch the DOM']);
    expect(why('shared/x.ts', "import fs from 'node:fs';\n")).toEqual(['shared/ must not import node: modules']);
    expect(why('content/x.ts', 'const w = window.innerWidth;\n')).toEqual([]);
  });

  it('imports run one way: a wrong-way import is named with its line, the right ways pass', () => {
    const wrong: [string, string][] = [
      ['content/page/x.ts', "import { AuditStore } from '../../extension/audit/store';"],
      ['content/x.ts', "export { run } from '../helper/cli';"],
      ['shared/x.ts', "import { HOST_TAG } from '../content/index';"],
      ['shared/x.ts', "const m = await import('../extension/background/senders');"],
      ['helper/x.ts', "import { readForm } from '../content/page/form-reader';"],
      ['extension/pages/x/X.tsx', "import { readForm } from '../../../content/page/form-reader';"],
      ['entrypoints/x.ts', "import { run } from '../helper/cli';"],
      ['extension/background/x.ts', "import { loadSettings } from '../../content/clients/settings';"],
    ];
    for (const [file, line] of wrong) {
      const problems = lintSource(file, `export const a = 1;\n${line}\n`);
      expect(problems, `${file}: ${line}`).toHaveLength(1);
      expect(problems[0]!.line).toBe(2);
      expect(problems[0]!.why).toContain('imports run one way');
    }
    const right: [string, string][] = [
      ['content/page/x.ts', "import { parseDate } from '../../shared/dates';"],
      ['content/x.ts', "import { sendAudit } from './clients/audit';"],
      ['shared/i18n.ts', "import ja from '../public/_locales/ja/messages.json';"],
      ['extension/pages/x/X.tsx', "import { runContent } from '../../../content/index';"],
      ['helper/x.ts', "import { triage } from '../shared/triage';"],
      ['entrypoints/x.ts', "import { startBackground } from '../extension/background/index';"],
      ['content/x.ts', "import { h } from 'preact';"],
    ];
    for (const [file, line] of right) expect(lintSource(file, `${line}\n`), `${file}: ${line}`).toEqual([]);
  });

  it('one file, one thing: a content/ or extension/ file over the limit is reported, tests and shared/ are not', () => {
    const long = Array.from({ length: MAX_LINES + 1 }, (_, i) => `export const a${i} = ${i};`).join('\n') + '\n';
    expect(why('content/features/x.ts', long).join()).toContain('one file, one thing');
    expect(why('extension/pages/x.tsx', long).join()).toContain('one file, one thing');
    expect(why('content/features/x.ts', long.split('\n').slice(1).join('\n'))).toEqual([]);
    expect(why('shared/x.ts', long)).toEqual([]);
    expect(why('tests/unit/x.test.ts', long)).toEqual([]);
    // Nothing is exempt any more: every file of content/ and extension/ is within the limit.
    expect([...OVERSIZE_PENDING]).toEqual([]);
  });

  it('the command exits 1 and prints file:line for a bad tree, 0 for a clean one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-'));
    mkdirSync(path.join(dir, 'content'));
    mkdirSync(path.join(dir, 'scripts'));
    writeFileSync(path.join(dir, 'content', 'ok.ts'), 'export const a = 1;\n');
    // Run a copy of the script so that its root is the temporary tree.
    execFileSync('cp', [path.join(ROOT, 'scripts/lint.mjs'), path.join(dir, 'scripts/lint.mjs')]);
    const runLint = () => spawnSync(process.execPath, [path.join(dir, 'scripts/lint.mjs')], { encoding: 'utf8' });
    // typescript resolves from the copy's folder: link the project's node_modules there.
    execFileSync('ln', ['-s', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
    const clean = runLint();
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('files clean');
    writeFileSync(path.join(dir, 'content', 'bad.ts'), 'export function f(el: HTMLElement, s: string) {\n  el.innerHTML = s;\n}\n');
    const bad = runLint();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('content/bad.ts:2: no HTML sinks: `innerHTML`');
  });

  it('the project tree itself is clean', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/lint.mjs')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
