/**
 * The message catalogue (public/_locales/{ja,en}/messages.json) and its lookup (shared/i18n):
 * both languages have the same keys and placeholders, every key the code asks for exists,
 * every key is used, and the converted UI sources hold no Japanese literal.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue, FIELD_KEY, msg, PHONE_KIND_KEY, PROBLEM_KEY, REASON_KEY, resolvePlaceholders, substitute, TIER_KEY, translator, type CatalogueEntry } from '../../shared/i18n';
import { FIELD_IDS } from '../../shared/fields';
import { PROBLEM_CODES } from '../../shared/problems';
import { REASON_CODES, TIERS } from '../../shared/tier';

const ORIGIN_PROBLEMS = ['ORIGIN_EMPTY', 'ORIGIN_INVALID', 'ORIGIN_SCHEME', 'ORIGIN_HTTP_NOT_LOOPBACK', 'ORIGIN_HAS_PATH', 'ORIGIN_WILDCARD_TOO_WIDE', 'ORIGIN_ALREADY_COVERED'] as const;
import { compactCatalogue, PAGE_KEY } from '../../scripts/locales-plugin';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (lang: string) => JSON.parse(readFileSync(path.join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, CatalogueEntry>;
const JA = read('ja');
const EN = read('en');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mjs|html)$/.test(name)) out.push(p);
  }
  return out;
}
const SOURCES = ['content', 'extension', 'shared', 'entrypoints', 'helper'].flatMap((d) => walk(path.join(ROOT, d)));
const sourceText = new Map(SOURCES.map((f) => [path.relative(ROOT, f), readFileSync(f, 'utf8')]));
sourceText.set('wxt.config.ts', readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8'));

/** Placeholder names used in a message (`$name$`), lower-cased as Chrome compares them. */
const namesIn = (message: string) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
/** Substitution numbers a resolved message uses (`$1`…`$9`). */
const numbersIn = (text: string) => [...new Set([...text.replace(/\$\$/g, '').matchAll(/\$([1-9])/g)].map((m) => m[1]!))].sort();

describe('the catalogue files', () => {
  it('ja and en have exactly the same keys, in Chrome’s key alphabet', () => {
    expect(Object.keys(EN).sort()).toEqual(Object.keys(JA).sort());
    for (const key of Object.keys(JA)) expect(key, key).toMatch(/^[A-Za-z0-9_]+$/);
    expect(Object.keys(JA).length).toBeGreaterThan(90);
  });

  it('every message is non-empty and has the same placeholders (names and contents) in both languages', () => {
    for (const key of Object.keys(JA)) {
      const ja = JA[key]!;
      const en = EN[key]!;
      expect(typeof ja.message === 'string' && ja.message.length > 0, `ja ${key}`).toBe(true);
      expect(typeof en.message === 'string' && en.message.length > 0, `en ${key}`).toBe(true);
      const phJa = Object.fromEntries(Object.entries(ja.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p.content]));
      const phEn = Object.fromEntries(Object.entries(en.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p.content]));
      expect(phEn, `placeholders of ${key}`).toEqual(phJa);
      // Each message uses exactly its declared placeholders (each at least once), nothing undeclared.
      expect([...new Set(namesIn(ja.message))], `ja ${key}`).toEqual(Object.keys(phJa).sort());
      expect([...new Set(namesIn(en.message))], `en ${key}`).toEqual(Object.keys(phEn).sort());
      // After resolution both languages take the same numbered substitutions.
      expect(numbersIn(resolvePlaceholders(en)), `numbers of ${key}`).toEqual(numbersIn(resolvePlaceholders(ja)));
      for (const p of Object.values(ja.placeholders ?? {})) expect(p.content, key).toMatch(/^\$[1-9]$/);
    }
  });

  it('the module sees the same catalogues as the files the browser ships', () => {
    expect(catalogue('ja')).toEqual(JA);
    expect(catalogue('en')).toEqual(EN);
  });
});

describe('msg: lookup and Chrome-style substitution', () => {
  it('fills named placeholders through their $n content', () => {
    expect(msg('ja', 'ov_counts', 3, 1)).toBe('未入力 3・誤り 1');
    expect(msg('en', 'ov_counts', 3, 1)).toBe('3 missing · 1 invalid');
    expect(msg('ja', 'rb_bandMulti', 40, 64, 2)).toBe('40〜64歳: リスク因子2つ以上で重点観察');
    expect(msg('en', 'obs_spark', 'SpO₂', '95%', '98%', '94%', '98%', 10)).toBe('SpO₂ over 10 days: first 95%, latest 98%, lowest 94%, highest 98%');
  });

  it('switches language by argument, not by the browser locale', () => {
    expect(msg('ja', 'ov_problems')).toBe('確認が必要な項目');
    expect(msg('en', 'ov_problems')).toBe('Items to check');
    expect(translator('en')('ov_fix')).toBe('Fix');
    expect(translator('ja')('ov_fix')).toBe('修正する');
    // An unexpected language value falls back to the default locale.
    expect(msg('xx' as 'ja', 'ov_fix')).toBe('修正する');
  });

  it('substitutes $1…$9, turns $$ into $, and leaves missing substitutions empty', () => {
    expect(substitute('a $1 b $2', ['x', 7])).toBe('a x b 7');
    expect(substitute('cost $$1', ['x'])).toBe('cost $1');
    expect(substitute('[$2]', ['only one'])).toBe('[]');
    expect(resolvePlaceholders({ message: 'Hi $Who$ $WHO$', placeholders: { who: { content: '$1' } } })).toBe('Hi $1 $1');
  });
});

describe('code words shown by the UI', () => {
  // The catalogue is the only copy of user text: every code the rules, the CLI and the
  // sandbox show has an entry in both languages (and the English one is really English).
  const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
  const both = (key: string, what: string) => {
    expect(JA[key]?.message, what).toMatch(JAPANESE);
    expect(EN[key]?.message.length ?? 0, what).toBeGreaterThan(1);
  };
  it('tiers, reasons, problems, fields, phone kinds and origin problems each have a Japanese and an English text', () => {
    for (const t of TIERS) both(TIER_KEY[t], t);
    for (const r of REASON_CODES) both(REASON_KEY[r], r);
    for (const c of PROBLEM_CODES) both(PROBLEM_KEY[c], c);
    for (const f of FIELD_IDS) both(FIELD_KEY[f], f);
    for (const k of Object.keys(PHONE_KIND_KEY) as (keyof typeof PHONE_KIND_KEY)[]) both(PHONE_KIND_KEY[k], k);
    for (const c of ORIGIN_PROBLEMS) both(`opt_origin_${c}`, c);
  });

  it('the tier words are the notice\'s, and the English status names the tier in Japanese too', () => {
    const words: Record<(typeof TIERS)[number], string> = {
      hospital: '入院', priority: '重点観察', interview: '要聴取', standard: '通常観察', unknown: '判定不可', none: '対象外',
    };
    for (const t of TIERS) {
      expect(msg('ja', TIER_KEY[t])).toBe(words[t]);
      expect(msg('en', TIER_KEY[t])).toMatch(new RegExp(`^[A-Z][A-Za-z ]+ \\(${words[t]}\\)$`));
    }
    expect(msg('ja', FIELD_KEY.pregnancy)).toBe('妊娠の有無');
    expect(msg('ja', PROBLEM_KEY.PHONE_NOT_MOBILE)).toContain('健康コール');
  });
});

describe('keys used in the code', () => {
  const all = [...sourceText.values()].join('\n');
  const KEY_PREFIX = /^(ov|obs|obsopt|obsCode|problem|rb|popup|page|opt|audit|train|language|ext|tier|reason|phone|field)[A-Za-z]*(_[A-Za-z0-9_]+)?$/;

  it('every t(…)/msg(…) call names a key that exists', () => {
    const used = new Set<string>();
    for (const [file, text] of sourceText) {
      for (const m of text.matchAll(/\b(?:t|msg\(\s*[\w.]+\s*,|tr)\(\s*'([A-Za-z0-9_]+)'/g)) used.add(`${m[1]}@${file}`);
      for (const m of text.matchAll(/\bmsg\(\s*[\w.]+\s*,\s*'([A-Za-z0-9_]+)'/g)) used.add(`${m[1]}@${file}`);
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(`${m[1]}@${file}`);
    }
    expect(used.size).toBeGreaterThan(60);
    const missing = [...used].filter((u) => !(u.split('@')[0]! in JA));
    expect(missing).toEqual([]);
  });

  it('every string literal shaped like a catalogue key (key tables) exists', () => {
    const missing: string[] = [];
    for (const [file, text] of sourceText) {
      // Only files that look messages up (an IndexedDB index may well be called `tier_time`).
      if (!/\.(ts|tsx)$/.test(file) || !(/from '[^']*(i18n|\/strings)'/.test(text) || file === 'shared/i18n.ts')) continue;
      for (const m of text.matchAll(/'((?:ov|obs|obsopt|obsCode|rb|popup|page|opt|audit|train|tier|reason|problem|phone|field)_[A-Za-z0-9_]+)'/g)) {
        if (KEY_PREFIX.test(m[1]!) && !(m[1]! in JA)) missing.push(`${m[1]} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every key of the catalogue is used somewhere', () => {
    const unused = Object.keys(JA).filter((k) => !all.includes(`'${k}'`) && !all.includes(`__MSG_${k}__`));
    expect(unused).toEqual([]);
  });
});

describe('what the bundles carry (scripts/locales-plugin.ts)', () => {
  it('content scripts get the catalogue without translators’ notes and without the pages’ keys', () => {
    const content = compactCatalogue(JA, true);
    const pages = compactCatalogue(JA, false);
    expect(Object.keys(pages)).toEqual(Object.keys(JA));
    expect(Object.keys(content).some((k) => PAGE_KEY.test(k))).toBe(false);
    expect(Object.keys(content)).toEqual(expect.arrayContaining(['ov_counts', 'obs_spark', 'rb_bandMulti', 'tier_priority']));
    expect(Object.keys(content).length).toBeLessThan(Object.keys(JA).length);
    expect(JSON.stringify(content)).not.toContain('description');
    expect(JSON.stringify(content)).not.toContain('example');
    // The manifest's keys (__MSG_extName__) are not looked up by content scripts either.
    expect(Object.keys(content)).not.toContain('extName');
    // What the lookup reads is unchanged (placeholders come resolved, in both bundles and languages).
    for (const [lang, cat] of [['ja', JA], ['en', EN]] as const) {
      for (const [key, entry] of Object.entries(compactCatalogue(cat, false))) {
        expect(Object.keys(entry), key).toEqual(['message']);
        expect(entry.message, `${lang} ${key}`).toBe(resolvePlaceholders(cat[key]!));
      }
    }
    for (const key of Object.keys(content)) expect(resolvePlaceholders(content[key]!), key).toBe(resolvePlaceholders(JA[key]!));
  });

  it('no content script or shared module looks up a page key (it would be missing from the content bundle)', () => {
    const offenders: string[] = [];
    for (const [file, text] of sourceText) {
      if (!/^(content|shared)\//.test(file)) continue;
      for (const m of text.matchAll(/'([A-Za-z0-9_]+)'/g)) if (m[1]! in JA && PAGE_KEY.test(m[1]!)) offenders.push(`${m[1]} (${file})`);
    }
    expect(offenders).toEqual([]);
  });
});

describe('page titles', () => {
  // The static <title> shows before the script runs; useLanguage() then sets it from the catalogue.
  it.each([
    ['popup', 'extName'],
    ['options', 'opt_pageTitle'],
    ['audit', 'audit_pageTitle'],
    ['training', 'train_pageTitle'],
  ])('entrypoints/%s/index.html starts with the Japanese %s', (name, key) => {
    const html = readFileSync(path.join(ROOT, `entrypoints/${name}/index.html`), 'utf8');
    expect(html).toMatch(/<html lang="ja">/);
    expect(html.match(/<title>([^<]*)<\/title>/)?.[1]).toBe(JA[key]?.message);
    const ui = ({ popup: 'popup/Popup', options: 'options/Options', audit: 'audit/AuditViewer', training: 'training/Training' } as Record<string, string>)[name];
    expect(sourceText.get(`extension/pages/${ui}.tsx`)).toContain(`useLanguage('${key}')`);
  });
});

describe('no Japanese literal left in the UI sources', () => {
  const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u30FC\u30FB]/u;
  // Everything a person reads: the overlay, the features that write notes, the extension's pages.
  const uiFiles = [...sourceText.keys()].filter((f) => /^(content\/ui\/[^/]+|content\/features\/[^/]+|extension\/pages\/.+)\.(ts|tsx)$/.test(f));

  /** The source without comments (`//…`, `/* … *\/`, JSX `{/* … *\/}`), keeping strings. */
  function code(text: string): string {
    let out = '';
    let i = 0;
    let quote: string | null = null;
    while (i < text.length) {
      const c = text[i]!;
      if (quote) {
        out += c;
        if (c === '\\') out += text[++i] ?? '';
        else if (c === quote) quote = null;
        i++;
      } else if (c === '/' && text[i + 1] === '/' && text[i - 1] !== ':') {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? text.length : end + 2;
      } else {
        if (c === "'" || c === '"' || c === '`') quote = c;
        out += c;
        i++;
      }
    }
    return out;
  }

  it('finds the UI files', () => {
    expect(uiFiles).toEqual(
      expect.arrayContaining(['content/ui/Panel.tsx', 'content/ui/GuardDialog.tsx', 'content/ui/ConfirmCard.tsx', 'content/ui/ObservationPanel.tsx', 'extension/pages/popup/Popup.tsx', 'extension/pages/options/Options.tsx', 'extension/pages/training/Training.tsx']),
    );
  });

  it.each(uiFiles)('%s', (file) => {
    const lines = code(sourceText.get(file)!)
      .split('\n')
      .map((l, n) => [n + 1, l] as const)
      .filter(([, l]) => JAPANESE.test(l))
      .map(([n, l]) => `${file}:${n}: ${l.trim()}`);
    expect(lines).toEqual([]);
  });

  it('the comment stripper keeps strings and drops comments (so the check above can fail)', () => {
    expect(JAPANESE.test(code("const a = '未入力'; // 注意"))).toBe(true);
    expect(JAPANESE.test(code('const a = 1; // 注意\n/* 確認 */'))).toBe(false);
  });
});
