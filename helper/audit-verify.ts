/**
 * `audit verify` on a file's bytes: parse the export and check its chain (shared/audit-chain).
 *
 * Two ways, one verdict:
 *
 * - The plain way parses the whole document with JSON.parse and runs verifyExport. It takes
 *   any valid JSON layout and alone decides what a failure message says.
 * - The fast way reads an export in the extension's own layout — the envelope, then one
 *   entry per line exactly as the store writes it (JSON.stringify of an entry: fixed key
 *   order, no spaces) — without building 100,000 object graphs: one strict regular expression
 *   takes each line apart and the entry's canonical text is built from the pieces. It
 *   accepts a line only in that exact shape with no backslash, control character or
 *   surrogate in it (so no string holds a quote, and a string's raw text is its
 *   JSON.stringify form); any other line is parsed with JSON.parse on its own. The envelope is parsed as `prefix + ']}'`, which
 *   only parses when the prefix ends just inside the root object's last member, an empty
 *   array checked to be `entries`; lines are joined by exactly one comma each. So what the
 *   fast way checks is exactly the document JSON.parse would see. It returns a verdict only
 *   when everything verifies; on any doubt or failure the plain way runs.
 */
import {
  canonicalEntry,
  canonicalJson,
  exportEnvelopeError,
  finishChain,
  joinSegments,
  verifyExport,
  verifySegment,
  type AuditEntry,
  type AuditExport,
  type SegmentSummary,
  type Sha256Hex,
  type VerifyResult,
} from '../shared/audit-chain';

export type VerifyFileOutcome = { kind: 'result'; result: VerifyResult } | { kind: 'bad-json' } | { kind: 'not-export'; reason: string };

const ENTRIES_OPEN = '"entries":[';
const BODY_END = '\n]}';
const ID_DIGITS = /^[1-9][0-9]{0,14}$/;

function stripBom(text: string): string {
  // (the plain way's text; the fast way skips the BOM's bytes)
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The plain check: parse everything, then verify. */
export function verifyTextPlain(text: string, sha256: Sha256Hex): VerifyFileOutcome {
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(text));
  } catch {
    return { kind: 'bad-json' };
  }
  const envelope = exportEnvelopeError(doc);
  if (envelope) return { kind: 'not-export', reason: envelope };
  return { kind: 'result', result: verifyExport(doc as AuditExport, sha256) };
}

/** An entry as the fast reader found it: the fields the checks look at, plus its canonical text. */
interface LineEntry {
  id: number;
  time: string;
  type: string;
  prev: string;
  hash: string;
  detail: unknown;
  canonical: string;
}

/**
 * One entry line exactly as the store writes it (JSON.stringify of an entry, its keys in the
 * store's order), with no backslash, control character or surrogate anywhere in it: then no
 * string holds a quote, `"S"` is exactly one JSON string, and its raw text is its
 * JSON.stringify form. (A line with any of those is read by JSON.parse instead.)
 */
const S = '[^"\\\\\\u0000-\\u001f\\ud800-\\udfff]*';
const LINE = new RegExp(
  `^\\{"id":([1-9][0-9]{0,14}),"time":"(${S})","type":"(${S})","page":(null|"${S}"),"tier":(null|"${S}"),` +
    `"reasons":(\\[(?:"${S}"(?:,"${S}")*)?\\]),"problems":\\[((?:\\{"field":"${S}","code":"${S}"\\}(?:,\\{"field":"${S}","code":"${S}"\\})*)?)\\],` +
    `"rulesetVersion":(null|"${S}"),"training":(true|false),"person":(null|"${S}"),"reason":(null|"${S}"),` +
    `"detail":(null|\\{[^\\\\\\u0000-\\u001f\\ud800-\\udfff]*?\\}),"prev":"(${S})","hash":"(${S})"\\}$`,
);
const PROBLEM = /\{"field":"([^"]*)","code":"([^"]*)"\}/g;

/**
 * Reads one line in the store's exact layout, or returns null (then JSON.parse reads it).
 */
export function readEntryLine(line: string): LineEntry | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const idText = m[1]!, time = m[2]!, type = m[3]!, page = m[4]!, tier = m[5]!, reasons = m[6]!, problemList = m[7]!, rulesetVersion = m[8]!;
  const training = m[9]!, person = m[10]!, reason = m[11]!, detailText = m[12]!, prev = m[13]!, hash = m[14]!;
  // Canonical order inside a problem is code, field.
  const problems = problemList ? '[' + problemList.replace(PROBLEM, '{"code":"$2","field":"$1"}') + ']' : '[]';
  let detail: unknown = null;
  let detailCanonical = 'null';
  if (detailText !== 'null') {
    // `.*?` stopped at the first `},"prev":"` — a quote cannot be inside a string here, so
    // that text is the next member; the object itself must parse.
    try {
      detail = JSON.parse(detailText);
    } catch {
      return null;
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return null;
    detailCanonical = canonicalJson(detail);
  }
  const canonical =
    '{"detail":' + detailCanonical + ',"id":' + idText + ',"page":' + page + ',"person":' + person + ',"prev":"' + prev + '","problems":' +
    problems + ',"reason":' + reason + ',"reasons":' + reasons + ',"rulesetVersion":' + rulesetVersion + ',"tier":' + tier + ',"time":"' +
    time + '","training":' + training + ',"type":"' + type + '"}';
  return { id: Number(idText), time, type, prev, hash, detail, canonical };
}

/** Lines checked per verifySegment call: the pieces of a batch die young (cheap for the GC). */
const BATCH = 2048;
const COMMA = 0x2c;
const LF = 0x0a;

/**
 * Verifies the entry lines of `buf` from `from` to the line feed at `to` as one run: every
 * line ends with a comma but the run's last, which ends with one only when `final` is false.
 */
export function verifyLines(buf: Buffer, from: number, to: number, final: boolean, sha256: Sha256Hex): SegmentSummary | null {
  let summary: SegmentSummary | null = null;
  let entries: (LineEntry | Record<string, unknown>)[] = [];
  let canon: (string | null)[] = [];
  const flush = (): boolean => {
    const seg = verifySegment(entries, sha256, (e, i) => canon[i] ?? canonicalEntry(e as AuditEntry));
    if (!seg.ok) return false;
    if (summary === null) summary = seg.summary;
    else {
      const joined = joinSegments(summary, seg.summary);
      if (!joined.ok) return false;
      summary = joined.summary;
    }
    entries = [];
    canon = [];
    return true;
  };
  for (let pos = from; pos <= to; ) {
    const nl = buf.indexOf(LF, pos);
    if (nl < 0 || nl > to) return null;
    const last = nl === to;
    let lineEnd = nl;
    if (!last || !final) {
      if (buf[nl - 1] !== COMMA) return null;
      lineEnd = nl - 1;
    }
    const line = buf.toString('utf8', pos, lineEnd);
    pos = nl + 1;
    const fast = readEntryLine(line);
    if (fast) {
      entries.push(fast);
      canon.push(fast.canonical);
    } else {
      // Not in the store's shape (e.g. a reason with a quote in it): this line alone, the plain way.
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        return null;
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return null;
      entries.push(obj as Record<string, unknown>);
      canon.push(null);
    }
    if (entries.length === BATCH && !flush()) return null;
    if (last) break;
  }
  if (entries.length > 0 && !flush()) return null;
  return summary;
}

/**
 * The fast check over the file's bytes (UTF-8, BOM optional), line by line — each line decoded
 * on its own, so ASCII lines stay one-byte strings, and checked in batches whose garbage dies
 * young. Null when it cannot vouch for the file (the caller then runs the plain check).
 */
export function verifyBytesFast(bytes: Uint8Array, sha256: Sha256Hex): VerifyResult | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const open = buf.indexOf(ENTRIES_OPEN, start);
  const end = buf.lastIndexOf(BODY_END);
  if (open < 0 || end < open) return null;
  for (let i = end + BODY_END.length; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return null;
  }
  const bodyStart = open + ENTRIES_OPEN.length;
  let head: Record<string, unknown>;
  try {
    head = JSON.parse(buf.toString('utf8', start, bodyStart) + ']}') as Record<string, unknown>;
  } catch {
    return null;
  }
  if (exportEnvelopeError(head) !== null) return null;
  const keys = Object.keys(head);
  if (keys[keys.length - 1] !== 'entries' || (head.entries as unknown[]).length !== 0) return null;

  // The body: "\n" + line + ",\n" + line + … + "\n" before "]}" (`end` is that last line feed).
  if (buf[bodyStart] !== LF || end <= bodyStart) return null;
  const summary = verifyLines(buf, bodyStart + 1, end, true, sha256);
  if (summary === null) return null;
  const doc = head as unknown as AuditExport;
  const result = finishChain(summary, {
    ...(doc.head !== undefined ? { head: doc.head } : {}),
    ...(typeof doc.count === 'number' ? { count: doc.count } : {}),
  });
  return result.ok ? result : null;
}

/** Verifies an export file's bytes (UTF-8, BOM optional): the fast way, else the plain way. */
export function verifyExportBytes(bytes: Uint8Array, sha256: Sha256Hex): VerifyFileOutcome {
  let fast: VerifyResult | null = null;
  try {
    fast = verifyBytesFast(bytes, sha256);
  } catch {
    fast = null;
  }
  if (fast) return { kind: 'result', result: fast };
  return verifyTextPlain(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), sha256);
}
