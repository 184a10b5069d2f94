/**
 * The audit log's hash chain: the entry record, its canonical serialisation, the entry hash,
 * the export format and the verifier. Pure and free of zod, so the CLI bundle stays small;
 * `shared/audit.ts` re-exports all of it together with the message schema and masking.
 *
 *   hash = SHA-256( prev + canonical(entry without `hash`) )      (UTF-8, lowercase hex)
 *
 * `canonical` is JSON with object keys sorted (UTF-16 code-unit order) at every level, no
 * whitespace, and `JSON.stringify`'s own string and number forms. Every field of the entry
 * except `hash` — including `prev` and any field a tamperer adds — is covered.
 *
 * The first entry ever written has `prev` = GENESIS (64 zeros). After a retention purge the
 * oldest remaining entry's `prev` is the hash of the last removed one; the `retention-purge`
 * entry written in the same transaction records that hash (`detail.anchor`) and the removed id
 * range, so the chain still verifies from its new start and a head cut off later is caught.
 */
import { sha256Hex } from './sha256';

export const GENESIS = '0'.repeat(64);
export const EXPORT_FORMAT = 'hersys-assist-audit';
export const EXPORT_VERSION = 1;

/** Every event type an entry can carry. */
export const AUDIT_EVENT_TYPES = [
  'form-evaluated',
  'submit-blocked',
  'submit-overridden',
  'submit-clean',
  'alert-raised',
  'alert-acknowledged',
  'settings-changed',
  'extension-error',
  'retention-purge',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** The page kinds an event may come from (docs/dom-attributes.md `data-page`, plus training screens). */
export const AUDIT_PAGES = ['notification', 'observation-list', 'observation-person', 'observation-settings', 'training'] as const;
export type AuditPage = (typeof AUDIT_PAGES)[number];

export type AuditDetail = Record<string, string | number | boolean>;

/** One audit entry as stored and exported. No field ever holds page text or a person's data. */
export interface AuditEntry {
  /** 1, 2, 3 … in chain order; never reused. */
  id: number;
  /** When the background committed it (ISO 8601, UTC). */
  time: string;
  type: AuditEventType;
  page: AuditPage | null;
  /** Notification tier (docs/dom-attributes.md `data-tier`) or observation alert level; null when not applicable. */
  tier: string | null;
  /** Reason codes (docs/codes.md / §6). */
  reasons: string[];
  /** Problem codes with their field ids (docs/codes.md). */
  problems: { field: string; code: string }[];
  rulesetVersion: string | null;
  training: boolean;
  /** HMAC-SHA-256 (per-installation secret) of the sender's linkage key; links entries of one person without saying who. */
  person: string | null;
  /** The override reason, masked (digit runs → #, form values → ＊). */
  reason: string | null;
  /** Codes only (e.g. `{ where: 'guard.click' }`), or the purge range for `retention-purge`. */
  detail: AuditDetail | null;
  prev: string;
  hash: string;
}

export type AuditEntryBody = Omit<AuditEntry, 'hash'>;

export interface AuditExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  count: number;
  /** The last entry at export time: a cut-off tail is noticed against it. */
  head: { id: number; hash: string } | null;
  /** When older entries were purged: the first entry's id and prev (the hash of the last removed entry). */
  purgedBefore: { id: number; prev: string } | null;
  entries: AuditEntry[];
}

export type Sha256Hex = (text: string) => string;

/** JSON with keys sorted at every level; `undefined` members are left out, as JSON does. */
export function canonicalJson(value: unknown, omitTopKey?: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) s += (i ? ',' : '') + canonicalJson(value[i] === undefined ? null : value[i]);
        return s + ']';
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        if (k === omitTopKey) continue;
        const v = obj[k];
        if (v === undefined) continue;
        s += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
        first = false;
      }
      return s + '}';
    }
    default:
      throw new TypeError(`canonicalJson: cannot serialise ${typeof value}`);
  }
}

const ENTRY_KEYS = new Set(['detail', 'hash', 'id', 'page', 'person', 'prev', 'problems', 'reason', 'reasons', 'rulesetVersion', 'tier', 'time', 'training', 'type']);

/** Characters JSON.stringify would escape (or must, for lone surrogates) inside a string. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * canonicalJson(entry, 'hash'), written out for the entry's own shape (the keys in sorted
 * order by hand, strings quoted without JSON.stringify when none of them holds a character
 * that needs escaping — checked on all of them at once): the verifier runs it 100,000 times.
 * Anything of another shape — a missing or extra field, a value of an unexpected type, a
 * string that needs escaping — goes through canonicalJson, so the result is always exactly
 * canonicalJson's (a property test holds them together).
 */
export function canonicalEntry(entry: AuditEntryBody | AuditEntry): string {
  const e = entry as unknown as Record<string, unknown>;
  fast: {
    let n = 0;
    for (const k in e) {
      if (!ENTRY_KEYS.has(k) || !Object.hasOwn(e, k)) break fast;
      n++;
    }
    if (n !== (Object.hasOwn(e, 'hash') ? 14 : 13)) break fast;
    const { id, training, page, person, prev, reason, rulesetVersion, tier, time, type, reasons, problems, detail } = e;
    if (typeof id !== 'number' || !Number.isFinite(id) || typeof training !== 'boolean') break fast;
    if (typeof prev !== 'string' || typeof time !== 'string' || typeof type !== 'string') break fast;
    if ((page !== null && typeof page !== 'string') || (person !== null && typeof person !== 'string') || (reason !== null && typeof reason !== 'string')) break fast;
    if ((rulesetVersion !== null && typeof rulesetVersion !== 'string') || (tier !== null && typeof tier !== 'string')) break fast;
    if (!Array.isArray(reasons) || !Array.isArray(problems)) break fast;
    // Every string value, joined: one test decides whether plain quoting is exact.
    let all = prev + time + type + (page ?? '') + (person ?? '') + (reason ?? '') + (rulesetVersion ?? '') + (tier ?? '');
    let r = '[';
    for (let i = 0; i < reasons.length; i++) {
      const x: unknown = reasons[i];
      if (typeof x !== 'string') break fast;
      all += x;
      r += (i ? ',"' : '"') + x + '"';
    }
    r += ']';
    let p = '[';
    for (let i = 0; i < problems.length; i++) {
      const x = problems[i] as Record<string, unknown> | null;
      if (x === null || typeof x !== 'object' || Array.isArray(x)) break fast;
      const { field, code } = x;
      if (typeof field !== 'string' || typeof code !== 'string' || Object.keys(x).length !== 2) break fast;
      all += field + code;
      p += (i ? ',{"code":"' : '{"code":"') + code + '","field":"' + field + '"}';
    }
    p += ']';
    if (NEEDS_ESCAPE.test(all)) break fast;
    const q = (v: unknown) => (v === null ? 'null' : '"' + (v as string) + '"');
    const d = detail === null ? 'null' : canonicalJson(detail);
    return (
      '{"detail":' + d + ',"id":' + String(id) + ',"page":' + q(page) + ',"person":' + q(person) + ',"prev":"' + prev + '","problems":' + p +
      ',"reason":' + q(reason) + ',"reasons":' + r + ',"rulesetVersion":' + q(rulesetVersion) + ',"tier":' + q(tier) + ',"time":"' + time +
      '","training":' + (training ? 'true' : 'false') + ',"type":"' + type + '"}'
    );
  }
  return canonicalJson(e, 'hash');
}

/** The hash an entry must carry: SHA-256(prev + canonical(entry without `hash`)). */
export function entryHash(entry: AuditEntryBody | AuditEntry, sha256: Sha256Hex = sha256Hex): string {
  return sha256(entry.prev + canonicalEntry(entry));
}

/** Seals a body: adds its hash. */
export function sealEntry(body: AuditEntryBody, sha256: Sha256Hex = sha256Hex): AuditEntry {
  return { ...body, hash: entryHash(body, sha256) };
}

// ---------------------------------------------------------------------------------------------
// Verification.

export type VerifyFailureCode =
  | 'NOT_AN_ENTRY'
  | 'BAD_FIELD'
  | 'HASH_MISMATCH'
  | 'PREV_MISMATCH'
  | 'ID_NOT_NEXT'
  | 'START_UNEXPLAINED'
  | 'HEAD_MISMATCH'
  | 'COUNT_MISMATCH';

export type VerifyResult =
  | { ok: true; count: number; first: string | null; last: string | null; firstId: number | null; lastId: number | null; head: string }
  | { ok: false; index: number; id: number | null; code: VerifyFailureCode; reason: string };

const HEX64 = /^[0-9a-f]{64}$/;

export interface VerifyOptions {
  sha256?: Sha256Hex;
  /** The export's `head`: the last entry must be this one (catches a removed tail). */
  head?: { id: number; hash: string } | null;
  /** The export's `count`. */
  count?: number;
}

export type VerifyFailure = Extract<VerifyResult, { ok: false }>;

function fail(index: number, id: number | null, code: VerifyFailureCode, reason: string): VerifyFailure {
  return { ok: false, index, id, code, reason };
}

/** What a verified run of consecutive entries looks like from outside (to join runs checked apart). */
export interface SegmentSummary {
  count: number;
  firstId: number | null;
  firstPrev: string | null;
  firstTime: string | null;
  lastId: number | null;
  lastHash: string | null;
  lastTime: string | null;
  /** retention-purge entries: the id range end and the anchor hash they record. */
  witnesses: { toId: number; anchor: string }[];
}

export type SegmentResult = { ok: true; summary: SegmentSummary } | VerifyFailure;

/**
 * Checks each entry's fields and hash, and the links between consecutive entries of one run
 * (not the run's first link, nor its start). `index` in a failure is relative to the run.
 * `canonical(e, i)` may supply an entry's canonical text when the caller already has it (the
 * CLI's line reader); it must equal canonicalEntry(e).
 */
export function verifySegment(
  entries: readonly unknown[],
  sha256: Sha256Hex = sha256Hex,
  canonical: (e: AuditEntry, i: number) => string = canonicalEntry,
): SegmentResult {
  let prevHash = '';
  let prevId = 0;
  const witnesses: { toId: number; anchor: string }[] = [];
  const n = entries.length;

  for (let i = 0; i < n; i++) {
    const raw = entries[i];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(i, null, 'NOT_AN_ENTRY', 'not an object');
    const e = raw as Partial<AuditEntry>;
    const id = typeof e.id === 'number' && Number.isSafeInteger(e.id) && e.id > 0 ? e.id : null;
    if (id === null) return fail(i, null, 'BAD_FIELD', 'id is not a positive integer');
    // Cheap checks here; a hash or prev equal to a computed hash is well-formed by itself,
    // so their format is only looked at when they do not match.
    if (typeof e.hash !== 'string') return fail(i, id, 'BAD_FIELD', 'hash is not 64 hex digits');
    if (typeof e.prev !== 'string' || (i === 0 && !HEX64.test(e.prev))) return fail(i, id, 'BAD_FIELD', 'prev is not 64 hex digits');
    if (typeof e.time !== 'string' || ((i === 0 || i === n - 1) && Number.isNaN(Date.parse(e.time)))) {
      return fail(i, id, 'BAD_FIELD', 'time is not a date');
    }
    if (typeof e.type !== 'string') return fail(i, id, 'BAD_FIELD', 'type is missing');

    let computed: string;
    try {
      computed = sha256(e.prev + canonical(e as AuditEntry, i));
    } catch (err) {
      return fail(i, id, 'BAD_FIELD', `cannot serialise: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (computed !== e.hash) {
      if (!HEX64.test(e.hash)) return fail(i, id, 'BAD_FIELD', 'hash is not 64 hex digits');
      return fail(i, id, 'HASH_MISMATCH', 'the hash does not match the entry (changed after it was written)');
    }
    if (i > 0) {
      const link = linkError(e.prev, id, prevHash, prevId);
      if (link) return fail(i, id, link.code, link.reason);
    }
    if (e.type === 'retention-purge' && e.detail && typeof e.detail === 'object') {
      const { toId, anchor } = e.detail as Record<string, unknown>;
      if (typeof toId === 'number' && typeof anchor === 'string') witnesses.push({ toId, anchor });
    }
    prevHash = e.hash;
    prevId = id;
  }
  const first = entries[0] as AuditEntry | undefined;
  const last = entries[n - 1] as AuditEntry | undefined;
  return {
    ok: true,
    summary: {
      count: n,
      firstId: first?.id ?? null,
      firstPrev: first?.prev ?? null,
      firstTime: first?.time ?? null,
      lastId: last?.id ?? null,
      lastHash: last?.hash ?? null,
      lastTime: last?.time ?? null,
      witnesses,
    },
  };
}

/** Why `prev`/`id` do not follow the entry (prevHash, prevId), or null when they do. */
export function linkError(prev: string, id: number, prevHash: string, prevId: number): { code: VerifyFailureCode; reason: string } | null {
  if (prev !== prevHash) {
    if (!HEX64.test(prev)) return { code: 'BAD_FIELD', reason: 'prev is not 64 hex digits' };
    return { code: 'PREV_MISMATCH', reason: `prev does not match the hash of the entry before it (id ${prevId}): an entry was removed, reordered or replaced` };
  }
  if (id !== prevId + 1) return { code: 'ID_NOT_NEXT', reason: `id follows ${prevId}: an entry is missing before it` };
  return null;
}

/** Two verified runs, the second right after the first, as one; or the failure at their join. */
export function joinSegments(a: SegmentSummary, b: SegmentSummary): { ok: true; summary: SegmentSummary } | { ok: false; code: VerifyFailureCode; reason: string } {
  if (a.count === 0) return { ok: true, summary: b };
  if (b.count === 0) return { ok: true, summary: a };
  const link = linkError(b.firstPrev!, b.firstId!, a.lastHash!, a.lastId!);
  if (link) return { ok: false, ...link };
  return {
    ok: true,
    summary: {
      count: a.count + b.count,
      firstId: a.firstId,
      firstPrev: a.firstPrev,
      firstTime: a.firstTime,
      lastId: b.lastId,
      lastHash: b.lastHash,
      lastTime: b.lastTime,
      witnesses: [...a.witnesses, ...b.witnesses],
    },
  };
}

/**
 * The checks on a whole chain once its runs verified: the start (GENESIS, or explained by a
 * retention-purge entry: `detail.toId` = first id − 1 and `detail.anchor` = first prev), and
 * the export's head and count.
 */
export function finishChain(s: SegmentSummary, options: Pick<VerifyOptions, 'head' | 'count'> = {}): VerifyResult {
  if (s.count > 0 && s.firstPrev !== GENESIS && !s.witnesses.some((w) => w.toId === s.firstId! - 1 && w.anchor === s.firstPrev)) {
    return fail(0, s.firstId, 'START_UNEXPLAINED', 'the chain does not start at the genesis and no retention-purge entry records removing the entries before it');
  }
  if (options.head !== undefined) {
    const want = options.head;
    const tailOk = want === null ? s.count === 0 : s.count > 0 && s.lastId === want.id && s.lastHash === want.hash;
    if (!tailOk) {
      return fail(Math.max(0, s.count - 1), s.lastId, 'HEAD_MISMATCH', `the last entry is not the export's head (id ${want?.id ?? 'none'}): entries were removed from the end`);
    }
  }
  if (options.count !== undefined && options.count !== s.count) {
    return fail(Math.max(0, s.count - 1), s.lastId, 'COUNT_MISMATCH', `the export says ${options.count} entries but holds ${s.count}`);
  }
  return { ok: true, count: s.count, first: s.firstTime, last: s.lastTime, firstId: s.firstId, lastId: s.lastId, head: s.lastHash ?? GENESIS };
}

/**
 * Checks every entry's hash and link. `index` in a failure is 0-based (the CLI prints it
 * 1-based). The chain must start at GENESIS, or at an entry whose `prev` and id are
 * explained by a `retention-purge` entry inside the chain (`detail.toId` = first id − 1 and
 * `detail.anchor` = first prev).
 */
export function verifyChain(entries: readonly unknown[], options: VerifyOptions = {}): VerifyResult {
  const seg = verifySegment(entries, options.sha256);
  if (!seg.ok) return seg;
  return finishChain(seg.summary, options);
}

/** Checks the envelope of an export; returns a one-line reason when it is not one. */
export function exportEnvelopeError(doc: unknown): string | null {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'not a JSON object';
  const d = doc as Partial<AuditExport>;
  if (d.format !== EXPORT_FORMAT) return `format is not "${EXPORT_FORMAT}"`;
  if (d.version !== EXPORT_VERSION) return `unsupported version ${JSON.stringify(d.version)} (expected ${EXPORT_VERSION})`;
  if (!Array.isArray(d.entries)) return 'entries is not an array';
  return null;
}

/** Verifies a parsed export (envelope fields head and count included when present). */
export function verifyExport(doc: AuditExport, sha256?: Sha256Hex): VerifyResult {
  const options: VerifyOptions = { sha256 };
  if (doc.head !== undefined) options.head = doc.head;
  if (typeof doc.count === 'number') options.count = doc.count;
  return verifyChain(doc.entries, options);
}
