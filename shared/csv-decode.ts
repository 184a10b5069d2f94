/**
 * Bytes of a 発生届 CSV → text, chunk by chunk, with a strict choice of encoding and a
 * report of every loss (README: CSV input).
 *
 * - A UTF-8 BOM means UTF-8. Otherwise the file is UTF-8 unless its bytes say otherwise:
 *   the choice is made at the first non-ASCII byte, over up to 64 KiB from there. CP932 (the
 *   Windows Shift_JIS that Excel writes, NEC/IBM extensions included) is chosen only when that
 *   sample is clean CP932 *and* is not mostly valid UTF-8 — so a UTF-8 file with one bad byte
 *   stays UTF-8 (one character lost and reported) instead of being read whole as CP932.
 * - `forced` skips the choice (`--encoding`).
 * - Whatever the encoding, a byte that is not valid in it becomes U+FFFD, and `report()`
 *   tells the encoding, whether anything was lost, and the first bad byte's line (1-based)
 *   and value, so the caller can warn.
 *
 * Pure: no DOM, no `node:` imports. Never throws.
 */
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'shift_jis';

export interface DecodeReport {
  encoding: CsvEncoding;
  /** True when some bytes could not be decoded (each became U+FFFD). */
  lossy: boolean;
  /** The first undecodable byte: its 1-based line and its value in hex (`0x82`). */
  firstBad: { line: number; bytes: string } | null;
  /** True when the encoding came from `forced`, not from the bytes. */
  forced: boolean;
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_LENIENT = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
/** How much of the file, from its first non-ASCII byte, decides the encoding. */
const SAMPLE_BYTES = 64 << 10;

/** Length of the valid UTF-8 sequence at `i`, 0 when the byte there starts none, -1 when `bytes` ends inside it. */
function utf8SeqLen(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < n; k++) {
    if (i + k >= end) return -1;
    const t = b[i + k]!;
    if (t < (k === 1 ? lo : 0x80) || t > (k === 1 ? hi : 0xbf)) return 0;
  }
  return n;
}

const isSjisLead = (c: number) => (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc);
const isSjisTrail = (c: number) => c >= 0x40 && c <= 0xfc && c !== 0x7f;
/** Single bytes CP932 maps: ASCII and half-width katakana. */
const isSjisSingle = (c: number) => c < 0x80 || (c >= 0xa1 && c <= 0xdf);

/** Index of the first byte that is not valid UTF-8 in `b[from, end)`, or -1. */
function firstBadUtf8(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; ) {
    const n = utf8SeqLen(b, i, end);
    if (n <= 0) return i;
    i += n;
  }
  return -1;
}

/** Index of the first byte that is not valid CP932 in `b[from, end)`, or -1. */
function firstBadSjis(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; ) {
    const c = b[i]!;
    if (isSjisSingle(c)) i++;
    else if (isSjisLead(c) && i + 1 < end && isSjisTrail(b[i + 1]!)) i += 2;
    else return i;
  }
  return -1;
}

/** Counts in a sample: valid multi-byte UTF-8 sequences, bytes that start none, bytes that are not CP932. */
function score(b: Uint8Array, from: number, end: number): { utf8Good: number; utf8Bad: number; sjisBad: number } {
  let utf8Good = 0;
  let utf8Bad = 0;
  for (let i = from; i < end; ) {
    const n = utf8SeqLen(b, i, end);
    if (n > 1) utf8Good++;
    if (n === -1) break; // the sample ends inside a character
    if (n <= 0) utf8Bad++;
    i += n <= 0 ? 1 : n;
  }
  let sjisBad = 0;
  for (let i = from; i < end; ) {
    const c = b[i]!;
    if (isSjisSingle(c)) i++;
    else if (isSjisLead(c) && i + 1 < end && isSjisTrail(b[i + 1]!)) i += 2;
    else {
      if (!(isSjisLead(c) && i + 1 === end)) sjisBad++;
      i++;
    }
  }
  return { utf8Good, utf8Bad, sjisBad };
}

function countNewlines(b: Uint8Array, from: number, end: number): number {
  let n = 0;
  for (let i = b.indexOf(10, from); i >= 0 && i < end; i = b.indexOf(10, i + 1)) n++;
  return n;
}

const hex = (b: Uint8Array, i: number, n: number) =>
  Array.from(b.subarray(i, Math.min(b.length, i + n)), (c) => '0x' + c.toString(16).padStart(2, '0')).join(' ');

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Decodes a CSV file's bytes as they arrive: `push` each chunk, then `end`; `report` at any time. */
export class CsvDecoder {
  private encoding: CsvEncoding | null;
  private readonly forced: boolean;
  private started = false;
  /** Bytes held back: the start of the file (for the BOM) or an incomplete last character. */
  private carry: Uint8Array = new Uint8Array(0);
  private sjis: ReturnType<typeof iconv.getDecoder> | null = null;
  /** Line breaks seen before the current chunk (counted until the first loss, then no longer needed). */
  private lines = 0;
  private lossy = false;
  private firstBad: DecodeReport['firstBad'] = null;

  constructor(forced: CsvEncoding | null = null) {
    this.encoding = forced;
    this.forced = forced !== null;
  }

  /** Decodes `chunk` (and what was held back); returns the text that is complete so far. */
  push(chunk: Uint8Array): string {
    let b = concat(this.carry, chunk);
    this.carry = new Uint8Array(0);
    if (!this.started) {
      if (b.length < 3 && b.every((c, i) => c === [0xef, 0xbb, 0xbf][i])) {
        this.carry = Uint8Array.prototype.slice.call(b); // maybe a BOM; a copy, as the caller may reuse its buffer
        return '';
      }
      this.started = true;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
        b = b.subarray(3);
        if (!this.forced) this.encoding = 'utf-8';
      }
    }
    return this.decode(b, false);
  }

  /** Decodes what is left; call once, after the last `push`. */
  end(): string {
    this.started = true;
    const b = this.carry;
    this.carry = new Uint8Array(0);
    return this.decode(b, true);
  }

  report(): DecodeReport {
    return { encoding: this.encoding ?? 'utf-8', lossy: this.lossy, firstBad: this.firstBad, forced: this.forced };
  }

  private decode(b: Uint8Array, last: boolean): string {
    if (this.encoding === null) {
      let i = 0;
      while (i < b.length && b[i]! < 0x80) i++;
      if (i === b.length) {
        // ASCII so far: the same text in either encoding; decide later.
        this.countLines(b, 0, b.length);
        return UTF8_LENIENT.decode(b);
      }
      const s = score(b, i, Math.min(b.length, i + SAMPLE_BYTES));
      const sjis = s.sjisBad === 0 && s.utf8Bad > s.utf8Good;
      const neitherClean = s.utf8Bad > 0 && s.sjisBad > 0;
      this.encoding = sjis || (neitherClean && s.sjisBad < s.utf8Bad) ? 'shift_jis' : 'utf-8';
    }
    return this.encoding === 'utf-8' ? this.decodeUtf8(b, last) : this.decodeSjis(b, last);
  }

  private countLines(b: Uint8Array, from: number, end: number): void {
    if (!this.lossy) this.lines += countNewlines(b, from, end);
  }

  private noteLoss(b: Uint8Array, at: number): void {
    if (this.lossy) return;
    this.lossy = true;
    this.firstBad = { line: this.lines + countNewlines(b, 0, at) + 1, bytes: hex(b, at, 1) };
  }

  private decodeUtf8(b: Uint8Array, last: boolean): string {
    let end = b.length;
    if (!last) {
      // Hold back an incomplete last character (at most 3 bytes) for the next chunk.
      for (let k = 1; k <= 3 && end - k >= 0; k++) {
        const c = b[end - k]!;
        if (c >= 0xc0) {
          if (utf8SeqLen(b, end - k, end) === -1) end -= k;
          break;
        }
        if (c < 0x80) break;
      }
      // A copy: `b` may be a view of the caller's read buffer (and Buffer#slice does not copy).
      this.carry = Uint8Array.prototype.slice.call(b, end);
    }
    const piece = b.subarray(0, end);
    if (!this.lossy) {
      try {
        const text = UTF8_STRICT.decode(piece);
        this.countLines(piece, 0, piece.length);
        return text;
      } catch {
        this.noteLoss(piece, Math.max(0, firstBadUtf8(piece, 0, piece.length)));
      }
    }
    return UTF8_LENIENT.decode(piece);
  }

  private decodeSjis(b: Uint8Array, last: boolean): string {
    this.sjis ??= iconv.getDecoder('cp932');
    let text = b.length > 0 ? this.sjis.write(b as Buffer) : '';
    if (last) text += this.sjis.end() ?? '';
    if (!this.lossy) {
      if (text.indexOf('\uFFFD') >= 0) {
        const at = firstBadSjis(b, 0, b.length);
        this.noteLoss(b, at >= 0 ? at : Math.max(0, b.length - 1));
      } else this.countLines(b, 0, b.length);
    }
    return text;
  }
}

/** Decodes a whole file at once (see `CsvDecoder`). */
export function decodeAll(bytes: Uint8Array, forced: CsvEncoding | null = null): { text: string; report: DecodeReport } {
  const d = new CsvDecoder(forced);
  const text = d.push(bytes) + d.end();
  return { text, report: d.report() };
}
