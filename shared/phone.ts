/**
 * Japanese phone numbers on the notification form (docs/codes.md, domain "Phone numbers").
 * The SMS with the My HER-SYS URL goes to this number, so it has to be a mobile.
 *
 * Pure and total: no DOM or browser APIs, and no function here throws, whatever it is given.
 *
 * Classification follows libphonenumber-js (`max` metadata, region JP) exactly, but without
 * calling its parser per number (~20 µs a call): the national-number patterns per type, the
 * possible lengths and the formatting rules (read from the library's `Metadata` class by
 * scripts/gen-phone-metadata.mjs into `phone-metadata.jp.json`) are precompiled ONCE at module
 * load. Digits are extracted by a hand-written char-code loop for
 * plain ASCII input; `normalizeText` (NFKC, dashes) runs only for other input. Numbers written
 * with `00…` first have their national prefix read as libphonenumber's parser reads it
 * ({@link nationalNumberOf}). Nothing of the library is imported at run time (its parser and
 * metadata reader would be a tenth of the content script's bundle);
 * tests/unit/phone.property.test.ts checks the answers against libphonenumber's parser directly.
 *
 * Mapping of libphonenumber types to {@link PhoneKind}:
 * MOBILE → mobile (metadata 1.13: `[6-9]0[1-9]\d{7}`, i.e. 060/070/080/090 with 11 digits),
 * FIXED_LINE → landline, VOIP → ip (050), TOLL_FREE → toll-free (0120, 0800, 00xx carrier
 * numbers), UAN → navi-dial (0570), PAGER → pager (020), PREMIUM_RATE (0990, the closed Dial Q2
 * service) → navi-dial (a pay-per-call service number, like 0570; never a person's phone),
 * SHARED_COST → navi-dial.
 * PERSONAL_NUMBER (060 + 7 digits, 10 digits in all: the closed UPT service) → invalid: on a
 * form it is an 11-digit 060 mobile with a digit missing, and nobody can receive an SMS there.
 * Short codes (3 digits starting with 1: 110, 119, 117, 177, 104, 171 …) are not in the
 * metadata (libphonenumber-js has no short-number data) and are recognised here.
 */
// Japan's numbering plan with number types, from libphonenumber-js's `max` metadata as plain data
// (scripts/gen-phone-metadata.mjs; a test keeps it equal to what the installed package gives).
import jpMetadataJson from './phone-metadata.jp.json';

import { normalizeText } from './normalize';

export type PhoneKind =
  | 'empty'
  | 'mobile'
  | 'landline'
  | 'ip'
  | 'toll-free'
  | 'navi-dial'
  | 'pager'
  | 'short-code'
  | 'invalid';
export type PhoneCode = 'PHONE_PLACEHOLDER' | 'PHONE_INVALID' | 'PHONE_NOT_MOBILE';

export interface PhoneInfo {
  /**
   * National form with the leading 0 (`'09031415926'`). For a number written with a foreign
   * country code: `+` and its digits (`'+12025550123'`, kind invalid). `null` when empty or
   * not a number at all (letters in it, no digits).
   */
  digits: string | null;
  kind: PhoneKind;
  /** A dummy number (see {@link isPlaceholderDigits}); then `code` is `PHONE_PLACEHOLDER`. */
  placeholder: boolean;
  /** Grouped national form (`'090-3141-5926'`, `'03-1234-5678'`); `null` unless the kind is valid. */
  formatted: string | null;
  /** First that applies: PHONE_PLACEHOLDER, PHONE_INVALID, PHONE_NOT_MOBILE; null for a good mobile or empty input. */
  code: PhoneCode | null;
}

/** libphonenumber number type → kind (see the module comment for the choices). */
const TYPE_TO_KIND: Readonly<Record<string, PhoneKind>> = {
  MOBILE: 'mobile',
  FIXED_LINE_OR_MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  VOIP: 'ip',
  TOLL_FREE: 'toll-free',
  UAN: 'navi-dial',
  PREMIUM_RATE: 'navi-dial',
  SHARED_COST: 'navi-dial',
  PAGER: 'pager',
  PERSONAL_NUMBER: 'invalid',
  VOICEMAIL: 'invalid',
};

// ---------------------------------------------------------------------------------------------
// Metadata, read once.

/** The shape scripts/gen-phone-metadata.mjs writes (values of libphonenumber-js's `NumberingPlan`, `Type`, `Format`). */
interface JpType { pattern: string; possibleLengths: number[] | null }
interface JpFormat {
  pattern: string;
  format: string;
  leadingDigitsPatterns: string[];
  nationalPrefixFormattingRule: string | null;
}
interface JpPlan {
  nationalNumberPattern: string;
  possibleLengths: number[] | null;
  nationalPrefixForParsing: string | null;
  nationalPrefixTransformRule: string | null;
  types: Partial<Record<string, JpType>>;
  formats: JpFormat[];
}
const JP_PLAN: JpPlan = jpMetadataJson;

/** Order of libphonenumber's `getNumberType` after FIXED_LINE (first match wins). */
const NON_FIXED_TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

interface TypeTest { kind: PhoneKind; lengths: boolean[] | null; re: RegExp }
interface FormatPlan {
  /** Total digits when the pattern is a plain `(\d{a})(\d{b})…`, else -1 (then `re` decides). */
  length: number;
  /** The pattern as libphonenumber uses it for `replace`, and anchored (`matchesEntirely`). */
  re: RegExp;
  full: RegExp;
  /** Group boundaries in the national number (without the 0), when the pattern is plain. */
  cuts: number[] | null;
  /** National format template after the national-prefix rule, e.g. `0$1-$2-$3`. */
  template: string;
  /** The template split into literal text (strings) and 1-based group numbers. */
  tokens: Array<string | number>;
}
interface TrieNode { c: Array<TrieNode | undefined>; mark: number; below: number }
interface FastMeta {
  /** `^0(?:nationalNumberPattern)$`, tested on the national digits with their 0. */
  valid: RegExp;
  fixed: TypeTest | null;
  mobileToo: TypeTest | null;
  others: TypeTest[];
  formats: FormatPlan[];
  /** Leading-digits patterns of all formats as a trie (null: use the regexes instead). */
  trie: TrieNode | null;
  leadRes: Array<RegExp | null>;
  /** True when 060 mobiles had to be added because the metadata lacked them. */
  mobile060Supplement: boolean;
  /** `^(?:nationalNumberPattern)$` on a national number without its 0 (for {@link nationalNumberOf}). */
  nsnPattern: RegExp;
  /** The national prefix for parsing, anchored, and its transform rule (`$1`), if any. */
  prefix: RegExp | null;
  prefixRule: string | null;
  /** Possible national number lengths, ascending (null: any). */
  lengths: number[] | null;
}

/** 060 with 11 digits is a mobile range from 2025 (domain notes); added only if the metadata lacks it. */
const MOBILE_060_SUPPLEMENT = '60[1-9]\\d{7}';

function lengthTable(lengths: number[] | undefined): boolean[] | null {
  if (!lengths || lengths.length === 0) return null;
  const t: boolean[] = [];
  for (const n of lengths) t[n] = true;
  return t;
}

/**
 * Expands a finite digit regex (the leading-digits patterns: digits, `\d`, `[…]`, `(?:…)`, `|`,
 * `{n}`, `{n,m}`, `?`) into the list of strings it matches. Returns null for anything else or
 * if the list grows past `limit`.
 */
function expandDigitPattern(pattern: string, limit = 50_000): string[] | null {
  let i = 0;
  const fail = (): never => { throw new Error('unsupported'); };
  const product = (a: string[], b: string[]): string[] => {
    if (a.length * b.length > limit) fail();
    const out: string[] = [];
    for (const x of a) for (const y of b) out.push(x + y);
    return out;
  };
  const alt = (): string[] => {
    const out = seq();
    while (pattern[i] === '|') {
      i++;
      for (const s of seq()) out.push(s);
      if (out.length > limit) fail();
    }
    return out;
  };
  const cls = (): string[] => {
    // after '['
    const set = new Set<string>();
    if (pattern[i] === '^') fail();
    while (i < pattern.length && pattern[i] !== ']') {
      const c = pattern[i++]!;
      if (c === '\\') {
        if (pattern[i++] !== 'd') fail();
        for (let d = 0; d <= 9; d++) set.add(String(d));
      } else if (c >= '0' && c <= '9') {
        if (pattern[i] === '-' && pattern[i + 1] !== undefined && pattern[i + 1] !== ']') {
          const hi = pattern[i + 1]!;
          if (hi < '0' || hi > '9' || hi < c) fail();
          for (let d = c.charCodeAt(0); d <= hi.charCodeAt(0); d++) set.add(String.fromCharCode(d));
          i += 2;
        } else set.add(c);
      } else fail();
    }
    if (pattern[i++] !== ']') fail();
    return [...set];
  };
  const atom = (): string[] => {
    const c = pattern[i];
    if (c === '(') {
      i++;
      if (pattern[i] === '?') { if (pattern[i + 1] !== ':') fail(); i += 2; }
      const r = alt();
      if (pattern[i++] !== ')') fail();
      return r;
    }
    if (c === '[') { i++; return cls(); }
    if (c === '\\') {
      if (pattern[i + 1] !== 'd') fail();
      i += 2;
      return ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    }
    if (c !== undefined && c >= '0' && c <= '9') { i++; return [c]; }
    return fail();
  };
  const quant = (a: string[]): string[] => {
    let lo = 1;
    let hi = 1;
    if (pattern[i] === '?') { i++; lo = 0; hi = 1; }
    else if (pattern[i] === '{') {
      const m = /^\{(\d+)(?:,(\d+))?\}/.exec(pattern.slice(i));
      if (!m) return fail();
      i += m[0].length;
      lo = Number(m[1]);
      hi = m[2] === undefined ? lo : Number(m[2]);
      if (hi < lo || hi > 20) fail();
    } else return a;
    const out: string[] = [];
    let cur = [''];
    for (let n = 0; n <= hi; n++) {
      if (n >= lo) for (const s of cur) out.push(s);
      if (n < hi) cur = product(cur, a);
    }
    return out;
  };
  const seq = (): string[] => {
    let acc = [''];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') acc = product(acc, quant(atom()));
    return acc;
  };
  try {
    const r = alt();
    return i === pattern.length ? r : null;
  } catch {
    return null;
  }
}

function buildTrie(formats: JpFormat[]): TrieNode | null {
  if (formats.length > 30) return null;
  const newNode = (): TrieNode => ({ c: [], mark: 0, below: 0 });
  const root = newNode();
  for (let f = 0; f < formats.length; f++) {
    const leads = formats[f]!.leadingDigitsPatterns;
    const last = leads.length > 0 ? leads[leads.length - 1]! : '';
    const strings = last === '' ? [''] : expandDigitPattern(last);
    if (!strings) return null;
    for (const s of strings) {
      let node = root;
      for (let k = 0; k < s.length; k++) {
        const d = s.charCodeAt(k) - 48;
        node = node.c[d] ??= newNode();
      }
      node.mark |= 1 << f;
    }
  }
  const fill = (n: TrieNode): number => {
    let b = n.mark;
    for (const ch of n.c) if (ch) b |= fill(ch);
    n.below = b;
    return b;
  };
  fill(root);
  return root;
}

function buildFormat(f: JpFormat): FormatPlan {
  const pattern = f.pattern;
  const rule = f.nationalPrefixFormattingRule;
  // libphonenumber's formatNationalNumberUsingFormat: the rule replaces the first `$n`.
  const template = rule ? f.format.replace(/(\$\d)/, rule) : f.format;
  let cuts: number[] | null = null;
  let length = -1;
  if (/^(?:\(\\d(?:\{\d+\})?\))+$/.test(pattern)) {
    // `(\d{4})(\d)(\d{4})`: group sizes 4, 1, 4.
    cuts = [0];
    for (const m of pattern.matchAll(/\\d(?:\{(\d+)\})?/g)) cuts.push(cuts[cuts.length - 1]! + Number(m[1] ?? 1));
    length = cuts[cuts.length - 1]!;
  }
  const tokens: Array<string | number> = [];
  for (const part of template.split(/(\$\d)/)) {
    if (part === '') continue;
    tokens.push(/^\$\d$/.test(part) ? Number(part[1]) : part);
  }
  // Group numbers beyond the pattern's groups make the fast template unusable.
  if (cuts && tokens.some((t) => typeof t === 'number' && (t < 1 || t >= cuts!.length))) cuts = null;
  return { length: cuts ? length : -1, re: new RegExp(pattern), full: new RegExp(`^(?:${pattern})$`), cuts, template, tokens };
}

function loadMeta(): FastMeta | null {
  try {
    const plan = JP_PLAN;
    const typeTest = (name: string, extra?: string): TypeTest | null => {
      const t = plan.types[name];
      let pattern = t?.pattern ?? '';
      let lengths = t?.possibleLengths ?? undefined;
      if (extra) {
        pattern = pattern ? `${pattern}|${extra}` : extra;
        if (lengths && !lengths.includes(10)) lengths = [...lengths, 10];
      }
      if (!pattern) return null;
      return { kind: TYPE_TO_KIND[name] ?? 'invalid', lengths: lengthTable(lengths), re: new RegExp(`^0(?:${pattern})$`) };
    };
    let mobile = typeTest('MOBILE');
    let mobile060Supplement = false;
    if (!mobile || !mobile.re.test('06012345678')) {
      mobile = typeTest('MOBILE', MOBILE_060_SUPPLEMENT);
      mobile060Supplement = true;
    }
    const others: TypeTest[] = [];
    for (const name of NON_FIXED_TYPES) {
      const t = name === 'MOBILE' ? mobile : typeTest(name);
      if (t) others.push(t);
    }
    let valid = plan.nationalNumberPattern;
    if (mobile060Supplement) valid = `${valid}|${MOBILE_060_SUPPLEMENT}`;
    const formats = plan.formats;
    const prefix = plan.nationalPrefixForParsing;
    const lengths = plan.possibleLengths;
    return {
      valid: new RegExp(`^0(?:${valid})$`),
      nsnPattern: new RegExp(`^(?:${plan.nationalNumberPattern})$`),
      prefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
      prefixRule: plan.nationalPrefixTransformRule || null,
      lengths: lengths && lengths.length > 0 ? lengths : null,
      fixed: typeTest('FIXED_LINE'),
      mobileToo: mobile,
      others,
      formats: formats.map(buildFormat),
      trie: buildTrie(formats),
      leadRes: formats.map((f) => {
        const leads = f.leadingDigitsPatterns;
        return leads.length > 0 ? new RegExp(`^(?:${leads[leads.length - 1]})`) : null;
      }),
      mobile060Supplement,
    };
  } catch {
    return null;
  }
}

const META: FastMeta | null = loadMeta();

/** Whether the JP metadata lacked 11-digit 060 mobiles so that {@link MOBILE_060_SUPPLEMENT} is in use. */
export const PHONE_060_SUPPLEMENT_ACTIVE: boolean = META?.mobile060Supplement ?? false;

// ---------------------------------------------------------------------------------------------
// Digit extraction.

/** Status of a scan: digits found, nothing at all, not a number, or "use the general path". */
const Scan = { Digits: 0, Empty: 1, NotANumber: 2, Fallback: 3 } as const;
type Scan = (typeof Scan)[keyof typeof Scan];
let scanDigits = '';
let scanPlus = false;

/**
 * Scans `s` for a phone number: digits, the separators ` -().` and a `+` before the first
 * digit. In fast mode (`fast`), a list separator after some digits ends the first number, and
 * anything unusual (letters, non-ASCII, a leading list separator) asks for the general path.
 */
function scan(s: string, fast: boolean): Scan {
  let d = '';
  let run = -1;
  let plus = false;
  let seen = false; // any digit or '+'
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (run < 0) run = i;
      seen = true;
      continue;
    }
    if (run >= 0) { d = d === '' ? s.slice(run, i) : d + s.slice(run, i); run = -1; }
    if (c === 45 || c === 32 || c === 40 || c === 41 || c === 46 || c === 9) continue; // - space ( ) . tab
    if (c === 43 && !seen) { plus = true; seen = true; continue; } // +
    if (fast && (c === 47 || c === 44 || c === 59 || c === 10 || c === 13) && d !== '') break; // / , ; LF CR
    return fast ? Scan.Fallback : Scan.NotANumber;
  }
  if (run >= 0) d = d === '' ? (run === 0 && i === n ? s : s.slice(run, i)) : d + s.slice(run, i);
  scanDigits = d;
  scanPlus = plus;
  if (d === '') return plus ? Scan.NotANumber : Scan.Empty;
  return Scan.Digits;
}

const DIGIT = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Character classes for the full-width fast path (what NFKC + normalizeText would turn into a
 * digit, a separator, `+` or a list separator): 0–9 digit value, 10 separator, 11 plus,
 * 12 list separator; undefined: anything else (general path).
 */
const WIDE = new Map<number, number>();
for (let k = 0; k <= 9; k++) { WIDE.set(48 + k, k); WIDE.set(0xff10 + k, k); }
for (const c of '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff70\u2500\u2501\u207b\u208b\ufe58\ufe63 \t\u3000\u00a0().\uff08\uff09\uff0e') WIDE.set(c.charCodeAt(0), 10);
WIDE.set(43, 11); WIDE.set(0xff0b, 11);
for (const c of '/,;\n\r\uff0f\uff0c\u3001\uff1b\u30fb\uff65\uff64') WIDE.set(c.charCodeAt(0), 12);

/** Like the fast {@link scan}, for text with full-width digits, dashes and brackets. */
function scanWide(s: string): Scan {
  let d = '';
  let plus = false;
  let seen = false;
  for (let i = 0; i < s.length; i++) {
    const k = WIDE.get(s.charCodeAt(i));
    if (k === undefined) return Scan.Fallback;
    if (k <= 9) { d += DIGIT[k]!; seen = true; continue; }
    if (k === 10) continue;
    if (k === 11 && !seen) { plus = true; seen = true; continue; }
    if (k === 12 && d !== '') break;
    return Scan.Fallback;
  }
  scanDigits = d;
  scanPlus = plus;
  if (d === '') return plus ? Scan.NotANumber : Scan.Empty;
  return Scan.Digits;
}

/** List separators between several numbers in one field (raw text, before normalisation). */
const LIST_SEPARATOR = /[\/／,，、､;；・･\n\r]|または|又は|もしくは|\sor\s/i;
const LIST_SPLIT = new RegExp(LIST_SEPARATOR.source, 'gi');
/** A leading label: `TEL:`, `℡` (NFKC → TEL), `携帯：`, `自宅`, `電話番号` … */
const LABEL = /^(?:telephone|tel|phone|mobile|mob|cell|携帯(?:電話)?(?:番号)?|自宅(?:電話)?(?:番号)?|電話(?:番号)?|連絡先)\s*[:.]?\s*/i;
/** A trailing extension: `内線 123`, `(内123)`, `ext. 12`, `x12`, `#12`. */
const EXTENSION = /\s*[(\[]?\s*(?:内線|内|ext(?:ension)?\.?|x|#)\s*[:.]?\s*\d{1,6}\s*[)\]]?\s*$/i;
/** A trailing note in brackets without digits: `(本人)`, `（母）`, `【自宅】`. */
const NOTE = /\s*[(\[【「][^()\[\]【】「」\d]*[)\]】」]\s*$/;

function firstListPart(s: string): string | undefined {
  if (!LIST_SEPARATOR.test(s)) return s.trim() === '' ? undefined : s;
  for (const part of s.split(LIST_SPLIT)) {
    if (part.trim() !== '') return part;
  }
  return undefined;
}

/** Extracts the first number of `s` into scanDigits/scanPlus. */
function extract(s: string): Scan {
  let r = scan(s, true);
  if (r !== Scan.Fallback) return r;
  r = scanWide(s);
  if (r !== Scan.Fallback) return r;
  const part = firstListPart(s);
  if (part === undefined) return Scan.Empty;
  let t = normalizeText(part).replace(LABEL, '');
  const noExt = t.replace(EXTENSION, '');
  if (noExt !== t && /\d/.test(noExt)) t = noExt;
  const noNote = t.replace(NOTE, '');
  if (noNote !== t && /\d/.test(noNote)) t = noNote;
  return scan(t, false);
}

/**
 * National digits from the scan: `+81…` → `0…` (a `(0)` or `0` trunk prefix after 81 dropped),
 * another `+country` → `+digits`, otherwise the digits as written.
 */
function nationalFromScan(): string {
  const d = scanDigits;
  if (!scanPlus) return d;
  if (d.charCodeAt(0) === 56 && d.charCodeAt(1) === 49) { // "81"
    return d.charCodeAt(2) === 48 ? d.slice(2) : `0${d.slice(2)}`;
  }
  return `+${d}`;
}

// ---------------------------------------------------------------------------------------------
// Classification and formatting.

let outKind: PhoneKind = 'invalid';
let outFormatted: string | null = null;

function chooseFormat(meta: FastMeta, d: string): number {
  const nsnLen = d.length - 1;
  const formats = meta.formats;
  const F = formats.length;
  let nsn: string | null = null;
  const trie = meta.trie;
  if (!trie) {
    // libphonenumber's chooseFormatForNumber with precompiled leading-digits regexes.
    nsn = d.slice(1);
    for (let f = 0; f < F; f++) {
      const lead = meta.leadRes[f];
      if (lead && !lead.test(nsn)) continue;
      const fp = formats[f]!;
      if (fp.length >= 0 ? fp.length === nsnLen : fp.full.test(nsn)) return f;
    }
    return -1;
  }
  // Walk the trie: a format is decided once its leading digits matched (`sat`) and no earlier
  // format of the right length can still match deeper down (`below`).
  let node: TrieNode | undefined = trie;
  let sat = 0;
  let i = 1;
  for (;;) {
    let below = 0;
    if (node) { sat |= node.mark; below = node.below; }
    let undecided = false;
    for (let f = 0; f < F; f++) {
      const b = 1 << f;
      if (!((sat | below) & b)) continue;
      // The format's own pattern must match the whole number (libphonenumber's matchesEntirely).
      const fp = formats[f]!;
      if (fp.length >= 0 ? fp.length !== nsnLen : !fp.full.test(nsn ??= d.slice(1))) continue;
      if (sat & b) return f;
      undecided = true;
      break;
    }
    if (!undecided) return -1;
    node = i < d.length ? node!.c[d.charCodeAt(i) - 48] : undefined;
    i++;
  }
}

function formatWith(fp: FormatPlan, d: string): string {
  const cuts = fp.cuts;
  if (!cuts) return d.slice(1).replace(fp.re, fp.template);
  let out = '';
  for (const t of fp.tokens) {
    out += typeof t === 'string' ? t : d.slice(1 + cuts[t - 1]!, 1 + cuts[t]!);
  }
  return out;
}

/**
 * Sets outKind/outFormatted for a national number `d` given as `0` + national number (NSN)
 * from the precompiled metadata; `plain` is the result when no format applies (libphonenumber
 * gives the NSN then).
 */
function classifyFast(meta: FastMeta, d: string, plain: string = d): void {
  outFormatted = null;
  outKind = 'invalid';
  const len = d.length - 1;
  if (len > 17 || !meta.valid.test(d)) return;
  let kind: PhoneKind | null = null;
  const fixed = meta.fixed;
  if (fixed && (!fixed.lengths || fixed.lengths[len]) && fixed.re.test(d)) {
    const mob = meta.mobileToo;
    kind = !mob || ((!mob.lengths || mob.lengths[len]) && mob.re.test(d)) ? 'mobile' : 'landline';
  } else {
    for (const t of meta.others) {
      if ((!t.lengths || t.lengths[len]) && t.re.test(d)) { kind = t.kind; break; }
    }
  }
  if (kind === null || kind === 'invalid') return;
  outKind = kind;
  const f = chooseFormat(meta, d);
  outFormatted = f < 0 ? plain : formatWith(meta.formats[f]!, d);
}

/**
 * The national number (NSN) of digits starting `00`, as libphonenumber's parser reads it
 * (`extractNationalNumber`): the national prefix for parsing (JP: `0`, the `003768` carrier
 * prefix, or `000[2569]…` kept whole by the transform rule) comes off unless what is left no
 * longer matches the national pattern while the whole did, or has an impossible length.
 */
function nationalNumberOf(meta: FastMeta, d: string): string {
  const m = meta.prefix?.exec(d);
  if (!m) return d;
  const groups = m.length - 1;
  const captured = groups > 0 && Boolean(m[groups]);
  const nsn = meta.prefixRule && captured ? d.replace(meta.prefix!, meta.prefixRule) : d.slice(m[0].length);
  if (nsn === d) return d;
  if (meta.nsnPattern.test(d) && !meta.nsnPattern.test(nsn)) return d;
  const lengths = meta.lengths;
  if (lengths) {
    const n = nsn.length;
    // libphonenumber's checkNumberLength: TOO_SHORT and INVALID_LENGTH keep the prefix, TOO_LONG does not.
    if (n < lengths[0]! || (n <= lengths[lengths.length - 1]! && !lengths.includes(n))) return d;
  }
  return nsn;
}

function classify(d: string): void {
  if (d.length === 3 && d.charCodeAt(0) === 49) { // 1XY
    outKind = 'short-code';
    outFormatted = d;
    return;
  }
  if (d.charCodeAt(0) !== 48 || d.length < 3 || d.length > 20) { // not 0…, or absurd length
    outKind = 'invalid';
    outFormatted = null;
    return;
  }
  if (!META) {
    outKind = 'invalid';
    outFormatted = null;
  } else if (d.charCodeAt(1) !== 48) classifyFast(META, d);
  else {
    const nsn = nationalNumberOf(META, d);
    if (nsn.length < 2) { // the parser's TOO_SHORT
      outKind = 'invalid';
      outFormatted = null;
    } else classifyFast(META, `0${nsn}`, nsn);
  }
}

// ---------------------------------------------------------------------------------------------
// Placeholders.

/**
 * A dummy number: one digit repeated (3 or more digits), or a 10–11 digit number whose part
 * after the prefix (the first group of the formatted number, else 2–4 digits, 2–3 for 11) is one repeated
 * digit: 090-0000-0000, 080-1111-1111, 03-0000-0000. 0120/0800/0570 numbers and short codes
 * are dummies by kind (see {@link analyzePhone}). Ordinary sequences (090-1234-5678) are not.
 */
export function isPlaceholderDigits(digits: string, formatted: string | null = null): boolean {
  const d = digits.charCodeAt(0) === 43 ? digits.slice(1) : digits;
  const n = d.length;
  if (n < 3) return false;
  const last = d.charCodeAt(n - 1);
  let run = 1;
  while (run < n && d.charCodeAt(n - 1 - run) === last) run++;
  if (run === n) return true;
  if ((n !== 10 && n !== 11) || d.charCodeAt(0) !== 48) return false;
  if (formatted !== null) {
    const dash = formatted.indexOf('-');
    if (dash > 0) return run >= n - dash;
  }
  return run >= n - 4 && (n === 10 || run >= n - 3);
}

// ---------------------------------------------------------------------------------------------
// Public API.

const EMPTY: PhoneInfo = Object.freeze({ digits: null, kind: 'empty', placeholder: false, formatted: null, code: null }) as PhoneInfo;
const NOT_A_NUMBER: PhoneInfo = Object.freeze({ digits: null, kind: 'invalid', placeholder: false, formatted: null, code: 'PHONE_INVALID' }) as PhoneInfo;

function toText(input: unknown): string | null {
  if (input == null) return null;
  if (typeof input === 'string') return input;
  try {
    return String(input);
  } catch {
    return null;
  }
}

/** Analyses the (first) phone number in a form field. Never throws; a fresh object each call. */
export function analyzePhone(input: string | null | undefined): PhoneInfo {
  try {
    const s = toText(input);
    if (s === null) return { ...EMPTY };
    const r = extract(s);
    if (r === Scan.Empty) return { ...EMPTY };
    if (r !== Scan.Digits) return { ...NOT_A_NUMBER };
    const digits = nationalFromScan();
    if (digits.charCodeAt(0) === 43) { // another country code
      const placeholder = isPlaceholderDigits(digits);
      return { digits, kind: 'invalid', placeholder, formatted: null, code: placeholder ? 'PHONE_PLACEHOLDER' : 'PHONE_INVALID' };
    }
    classify(digits);
    const kind = outKind;
    const formatted = outFormatted;
    const placeholder = kind === 'toll-free' || kind === 'navi-dial' || kind === 'short-code' || isPlaceholderDigits(digits, formatted);
    const code: PhoneCode | null = placeholder ? 'PHONE_PLACEHOLDER' : kind === 'invalid' ? 'PHONE_INVALID' : kind === 'mobile' ? null : 'PHONE_NOT_MOBILE';
    return { digits, kind, placeholder, formatted, code };
  } catch {
    return { ...NOT_A_NUMBER };
  }
}

/** The first number of a field as national digits (`'09031415926'`), or null when empty or not a number. */
export function normalizePhoneDigits(input: string | null | undefined): string | null {
  try {
    const s = toText(input);
    if (s === null) return null;
    return extract(s) === Scan.Digits ? nationalFromScan() : null;
  } catch {
    return null;
  }
}

/**
 * Grouped national form of a number (`'09031415926'` → `'090-3141-5926'`); any spelling
 * analyzePhone accepts works. Null when the number is not valid.
 */
export function formatPhone(digits: string): string | null {
  return analyzePhone(digits).formatted;
}

/**
 * Splits a field holding several numbers: `/`, `、`, `,`, `;`, `・` (and their full-width
 * forms), line breaks, `または`/`又は`/`もしくは`, or ` or `. Returns the trimmed non-empty parts
 * as written.
 */
export function splitPhoneList(input: string | null | undefined): string[] {
  try {
    const s = toText(input);
    if (s === null) return [];
    const out: string[] = [];
    for (const part of s.split(LIST_SPLIT)) {
      const t = part.trim();
      if (t !== '') out.push(t);
    }
    return out;
  } catch {
    return [];
  }
}

/**
 * Numbers used by two or more entries (PHONE_SHARED): digits → the indexes holding it, in
 * order, only for groups of ≥ 2 indexes. Numbers are compared after normalisation (the first
 * number of each entry); empty and invalid entries are ignored.
 */
export function sharedPhoneGroups(values: ReadonlyArray<string | null | undefined>): Map<string, number[]> {
  const all = new Map<string, number[]>();
  try {
    for (let i = 0; i < values.length; i++) {
      const info = analyzePhone(values[i]);
      if (info.digits === null || info.kind === 'invalid' || info.kind === 'empty') continue;
      const list = all.get(info.digits);
      if (list) list.push(i);
      else all.set(info.digits, [i]);
    }
  } catch {
    // keep what was collected
  }
  const out = new Map<string, number[]>();
  for (const [digits, idx] of all) if (idx.length >= 2) out.set(digits, idx);
  return out;
}
