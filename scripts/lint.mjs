#!/usr/bin/env node
// House rules the type checker cannot see (style.md): `shared/` is pure (no DOM, no
// `browser.*`, no node: imports); page data never goes through innerHTML-like sinks.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SRC_DIRS = ['shared', 'content', 'extension', 'entrypoints', 'helper'];
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) files.push(p);
  }
}
for (const d of SRC_DIRS) {
  try {
    walk(path.join(root, d));
  } catch {
    /* folder not present yet */
  }
}

const RULES = [
  { dirs: ['shared'], re: /\b(document|window|navigator|HTMLElement|localStorage)\s*[.[]/, why: 'shared/ must not touch the DOM' },
  { dirs: ['shared'], re: /\b(browser|chrome)\.(runtime|storage|tabs|scripting|alarms)\b/, why: 'shared/ must not use extension APIs' },
  { dirs: ['shared'], re: /from\s+['"]node:/, why: 'shared/ must not import node: modules' },
  { dirs: SRC_DIRS, re: /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\s*\(|dangerouslySetInnerHTML|document\.write\s*\(/, why: 'no HTML sinks: build nodes and use textContent' },
];

const problems = [];
for (const file of files) {
  const rel = path.relative(root, file);
  const top = rel.split(path.sep)[0];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
    for (const r of RULES) if (r.dirs.includes(top) && r.re.test(line)) problems.push(`${rel}:${i + 1}: ${r.why}\n    ${line.trim()}`);
  });
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`lint: ${files.length} files clean`);
