#!/usr/bin/env node
// House rules the type checker cannot see (style.md): `shared/` is pure (no DOM, no
// `browser.*`, no node: imports); no HTML sinks and no string-to-code anywhere in the source
// folders (page data never goes through innerHTML-like sinks; the extension pages' CSP
// forbids eval, and the content script should not depend on it either).
//
//   node scripts/lint.mjs            # lint the tree, exit 1 on any problem
//
// Imports run one way (docs/architecture.md):
//   shared/      → shared/ only (and the message catalogue in public/_locales);
//   content/     → content/, shared/;
//   extension/   → extension/, shared/, and content/ only through its one public entry,
//                  content/index.ts (the training page runs the content runtime in its frame);
//   helper/      → helper/, shared/;
//   entrypoints/ → anything but helper/.
// And no source file in content/ or extension/ is longer than MAX_LINES (data tables aside).
//
// `lintSource(relPath, text)` is exported for the unit test of the rules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
export const SRC_DIRS = ['shared', 'content', 'extension', 'entrypoints', 'helper'];

/** Line rules for `shared/` (pure code). */
const LINE_RULES = [
  { dirs: ['shared'], re: /\b(document|window|navigator|HTMLElement|localStorage)\s*[.[]/, why: 'shared/ must not touch the DOM' },
  { dirs: ['shared'], re: /\b(browser|chrome)\.(runtime|storage|tabs|scripting|alarms)\b/, why: 'shared/ must not use extension APIs' },
  { dirs: ['shared'], re: /from\s+['"]node:/, why: 'shared/ must not import node: modules' },
];

/** Names that are HTML sinks wherever they appear (property, JSX attribute, string key). */
const HTML_SINKS = new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'dangerouslySetInnerHTML', 'createContextualFragment', 'srcdoc']);
const SINK_WHY = (name) =>
  `no HTML sinks: \`${name}\` parses markup (page data could run as HTML); build nodes with createElement / Preact and set text with textContent`;
const EVAL_WHY = (name) => `no string-to-code: \`${name}\` compiles text at run time (blocked by the extension CSP; an injection risk in the content script)`;
const WRITE_WHY = (name) => `no HTML sinks: \`${name}\` writes markup into the page; build nodes with createElement and set text with textContent`;

function scriptKind(file) {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(mjs|cjs|js)$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Longest source file in content/ and extension/ (a file that does more than one thing is split). */
export const MAX_LINES = 400;
/** Files not yet split (a ledger that only shrinks: a new file is never added here). Empty: every file is within the limit. */
export const OVERSIZE_PENDING = new Set([]);

/** The top folder of a project path, or null for a package. */
function topOf(rel) {
  return rel.split('/')[0] ?? null;
}

/** Whether a file under `from` may import the project file `target` (both relative to the root, '/' separated). */
export function importAllowed(from, target) {
  const a = topOf(from);
  const b = topOf(target);
  if (a === b) return true;
  if (b === 'shared') return a !== 'public';
  if (a === 'shared') return /^public\/_locales\/[a-z]+\/messages\.json$/.test(target);
  if (a === 'entrypoints') return b !== 'helper';
  if (a === 'extension' && b === 'content') return /^content\/index(\.tsx?)?$/.test(target);
  if (b === 'public') return a === 'content' || a === 'extension';
  // The CLI prints its version and drives Chromium with the project's launcher.
  if (a === 'helper') return target === 'package.json' || target.startsWith('scripts/');
  return false;
}

const IMPORT_WHY = (from, target) =>
  `imports run one way: ${topOf(from)}/ must not import ${target} (see the rule at the top of scripts/lint.mjs and docs/architecture.md)`;

/** The import-direction findings of one source text (static imports, export-from and dynamic import()). */
function importProblems(rel, text, sf) {
  const out = [];
  const dir = path.posix.dirname(rel.split(path.sep).join('/'));
  const check = (node, spec) => {
    if (!spec.startsWith('.')) return; // a package
    const target = path.posix.normalize(path.posix.join(dir, spec.replace(/\?.*$/, '')));
    if (target.startsWith('..')) return;
    if (!importAllowed(rel, target)) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push({ file: rel, line: line + 1, why: IMPORT_WHY(rel, target), source: (text.split('\n')[line] ?? '').trim() });
    }
  };
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      check(node, node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      check(node, node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The name a node stands for when it is an identifier or a string used as a key. */
function nameOf(node) {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return null;
}

/** The HTML-sink and eval findings of one source text (comments are never looked at). */
function sinkProblems(rel, text) {
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, scriptKind(rel));
  const out = [];
  const report = (node, why) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const source = text.split('\n')[line] ?? '';
    out.push({ file: rel, line: line + 1, why, source: source.trim() });
  };
  const visit = (node) => {
    // el.innerHTML, el['innerHTML'], { innerHTML: … }, <div dangerouslySetInnerHTML=…>, range.createContextualFragment(…)
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      if (HTML_SINKS.has(node.text)) report(node, SINK_WHY(node.text));
      else if (node.text === 'eval') report(node, EVAL_WHY('eval'));
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && ts.isElementAccessExpression(node.parent) && node.parent.argumentExpression === node) {
      if (HTML_SINKS.has(node.text)) report(node, SINK_WHY(node.text));
      else if (node.text === 'eval' || node.text === 'write' || node.text === 'writeln') report(node, EVAL_WHY(node.text));
    }
    // document.write / document.writeln (also doc.write on any document-named receiver)
    if (ts.isPropertyAccessExpression(node) && (node.name.text === 'write' || node.name.text === 'writeln')) {
      const recv = node.expression.getText(sf);
      if (/(^|\.)(document|doc|ownerDocument|contentDocument)$/.test(recv)) report(node, WRITE_WHY(`${recv}.${node.name.text}`));
    }
    // new Function(…) / Function(…)
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && nameOf(node.expression) === 'Function') {
      report(node, EVAL_WHY(ts.isNewExpression(node) ? 'new Function' : 'Function()'));
    }
    // setTimeout('code') / setInterval('code'): a string runs as code
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const fn = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : null;
      const arg = node.arguments[0];
      if ((fn === 'setTimeout' || fn === 'setInterval') && arg && (ts.isStringLiteral(arg) || ts.isTemplateExpression(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        report(node, EVAL_WHY(`${fn}(string)`));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/**
 * Lints one file given its path relative to the repository root (the first folder decides
 * which rules apply). Returns `{ file, line, why, source }` records, empty when clean.
 */
export function lintSource(rel, text) {
  const top = rel.split(/[\\/]/)[0];
  if (!SRC_DIRS.includes(top)) return [];
  const out = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
    for (const r of LINE_RULES) if (r.dirs.includes(top) && r.re.test(line)) out.push({ file: rel, line: i + 1, why: r.why, source: line.trim() });
  });
  out.push(...sinkProblems(rel, text));
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, scriptKind(rel));
  out.push(...importProblems(rel.split(path.sep).join('/'), text, sf));
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if ((top === 'content' || top === 'extension') && lines > MAX_LINES && !/\.(json|data\.ts)$/.test(rel) && !OVERSIZE_PENDING.has(rel.split(path.sep).join('/'))) {
    out.push({ file: rel, line: 1, why: `one file, one thing: ${lines} lines (at most ${MAX_LINES} in content/ and extension/); split it by feature`, source: '' });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Every lintable file under the source folders (relative paths). */
export function sourceFiles(base = root) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|mjs|js|jsx)$/.test(name) && !name.endsWith('.d.ts')) files.push(path.relative(base, p));
    }
  };
  for (const d of SRC_DIRS) {
    try {
      walk(path.join(base, d));
    } catch {
      /* folder not present */
    }
  }
  return files;
}

export function format(p) {
  return `${p.file}:${p.line}: ${p.why}\n    ${p.source}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = sourceFiles();
  const problems = files.flatMap((rel) => lintSource(rel, readFileSync(path.join(root, rel), 'utf8')));
  if (problems.length) {
    console.error(problems.map(format).join('\n'));
    console.error(`lint: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`lint: ${files.length} files clean`);
}
