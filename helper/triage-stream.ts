/**
 * `hersys-assist triage` as a stream, so that memory does not grow with the file (a
 * national file has ten million rows and more).
 *
 * Pass 1 reads the input in 64 KiB pieces: bytes → text (shared/csv-decode.ts) → rows
 * (shared/csv.ts) → one evaluation per row → the row's output text, which goes to a spool:
 * memory up to 8 MiB, then an anonymous temporary file (created 0600 and unlinked at once,
 * so nothing is left behind even on a crash). Small pieces keep each piece's parsed rows in
 * V8's young generation: with 4 MiB pieces they outlived a scavenge, were promoted, and the
 * peak memory of 3 million rows was 304 MiB instead of 158 MiB.
 * Each row's text is kept in two parts, split
 * where `PHONE_SHARED` would go, and its normalised number is packed with its row number into
 * one 64-bit integer (8 bytes a row, never written to disk).
 * Between the passes the packed numbers are sorted (natively, block by block) and merged:
 * runs of one number over two or more rows mark those rows in a bit set.
 * Pass 2 copies the spool to the output, adding `PHONE_SHARED` to the marked rows — so every
 * row sharing a number gets it, as the batch triage does, with no second evaluation.
 *
 * Nothing reaches the output before the whole input was read without error: a failure in
 * pass 1 (a broken quote on the last line) leaves the output untouched.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { CsvDecoder, type CsvEncoding, type DecodeReport } from '../shared/csv-decode';
import { NotificationCsvReader, type CsvReadResult } from '../shared/csv';
import type { YMD } from '../shared/dates';
import { evaluateNotification, type EvaluateOptions } from '../shared/evaluate';
import type { RawRecord } from '../shared/triage';
import { outputEnd, outputStart, rowParts, sharedInsertions, sharedSlot, slotVariant, type OutputFormat } from './serialize';

/** Rows are numbered in 26 bits of the packed key. */
export const MAX_ROWS = (1 << 26) - 1;
const READ_BYTES = 64 << 10;
const BLOCK_TEXT_BYTES = 1 << 20;
const BLOCK_MAX_ROWS = 16_384;

// ---------------------------------------------------------------------------------------------
// Shared numbers: (number, row) packed in a BigUint64, sorted per block, merged.

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Keys `'1' + digits` for national numbers of up to 11 digits; others get ids above these. */
const SYNTHETIC_BASE = 2e11;

export class SharedPhoneIndex {
  private readonly blocks: BigUint64Array[] = [];
  private fill = 0;
  private current: Uint32Array | null = null;
  private readonly other = new Map<string, number>();

  /** Notes that row `row` (0-based) has the normalised number `digits`. */
  add(row: number, digits: string): void {
    let v: number;
    if (digits.length <= 11 && /^\d+$/.test(digits)) v = Number('1' + digits);
    else {
      let id = this.other.get(digits);
      if (id === undefined) this.other.set(digits, (id = SYNTHETIC_BASE + this.other.size));
      v = id;
    }
    let cur = this.current;
    if (cur === null || this.fill * 2 === cur.length) {
      const size = Math.min(1 << 21, 1 << (16 + Math.min(5, this.blocks.length)));
      const block = new BigUint64Array(size);
      this.blocks.push(block);
      cur = this.current = new Uint32Array(block.buffer);
      this.fill = 0;
    }
    const low = (((v % 64) << 26) | row) >>> 0;
    const high = Math.floor(v / 64);
    const k = this.fill * 2;
    cur[LITTLE_ENDIAN ? k : k + 1] = low;
    cur[LITTLE_ENDIAN ? k + 1 : k] = high;
    this.fill++;
  }

  /** A bit per row (`rows` rows): set when another row has the same number. Frees the index. */
  sharedRows(rows: number): { bits: Uint8Array; count: number } {
    const bits = new Uint8Array((rows >>> 3) + 1);
    const lists: Uint32Array[] = [];
    const sizes: number[] = [];
    this.blocks.forEach((block, b) => {
      const n = b === this.blocks.length - 1 ? this.fill : block.length;
      block.subarray(0, n).sort();
      lists.push(new Uint32Array(block.buffer, 0, n * 2));
      sizes.push(n);
    });
    this.blocks.length = 0;
    this.current = null;
    const lo = LITTLE_ENDIAN ? 0 : 1;
    const hi = 1 - lo;
    const keyAt = (l: Uint32Array, i: number) => l[2 * i + hi]! * 64 + (l[2 * i + lo]! >>> 26);
    const rowAt = (l: Uint32Array, i: number) => l[2 * i + lo]! & 0x3ffffff;
    const pos = sizes.map(() => 0);
    let prevKey = -1;
    let prevRow = -1;
    let count = 0;
    const mark = (r: number) => {
      if ((bits[r >>> 3]! & (1 << (r & 7))) === 0) count++;
      bits[r >>> 3]! |= 1 << (r & 7);
    };
    for (;;) {
      // The smallest head of the sorted blocks (there are few: linear search).
      let best = -1;
      let bestKey = Infinity;
      for (let b = 0; b < lists.length; b++) {
        if (pos[b]! >= sizes[b]!) continue;
        const k = keyAt(lists[b]!, pos[b]!);
        if (k < bestKey) {
          bestKey = k;
          best = b;
        }
      }
      if (best < 0) break;
      const row = rowAt(lists[best]!, pos[best]!);
      pos[best]!++;
      if (bestKey === prevKey) {
        mark(prevRow);
        mark(row);
      }
      prevKey = bestKey;
      prevRow = row;
    }
    return { bits, count };
  }
}

// ---------------------------------------------------------------------------------------------
// The spool: blocks of [u32 text bytes][u32 rows][u32 meta × 2 × rows][text].

const HEADER = 8;

class Spool {
  private readonly mem: Buffer[] = [];
  private memBytes = 0;
  private fd: number | null = null;
  private path: string | null = null;
  private text = Buffer.allocUnsafe(BLOCK_TEXT_BYTES);
  private off = 0;
  private readonly meta = new Uint32Array(BLOCK_MAX_ROWS * 2);
  private rows = 0;

  constructor(
    private readonly memoryLimit: number,
    private readonly dir: string,
  ) {}

  /** One row: `head` and `tail` text, `variant` of its slot (0–2), or 3: no number to share. */
  addRow(head: string, tail: string, variant: number): void {
    const need = (head.length + tail.length) * 3;
    if (this.rows === BLOCK_MAX_ROWS || this.text.length - this.off < need) {
      this.flush();
      if (this.text.length < need) this.text = Buffer.allocUnsafe(need);
    }
    const h = this.text.write(head, this.off, 'utf8');
    const t = tail.length > 0 ? this.text.write(tail, this.off + h, 'utf8') : 0;
    this.off += h + t;
    this.meta[this.rows * 2] = h + t;
    this.meta[this.rows * 2 + 1] = (h << 2) | variant;
    this.rows++;
  }

  private flush(): void {
    if (this.rows === 0) return;
    const metaBytes = this.rows * 8;
    const block = Buffer.allocUnsafe(HEADER + metaBytes + this.off);
    block.writeUInt32LE(this.off, 0);
    block.writeUInt32LE(this.rows, 4);
    Buffer.from(this.meta.buffer, 0, metaBytes).copy(block, HEADER);
    this.text.copy(block, HEADER + metaBytes, 0, this.off);
    this.off = 0;
    this.rows = 0;
    if (this.fd === null && this.memBytes + block.length <= this.memoryLimit) {
      this.mem.push(block);
      this.memBytes += block.length;
      return;
    }
    if (this.fd === null) this.spill();
    writeAll(this.fd!, block);
  }

  private spill(): void {
    this.path = join(this.dir, `.hersys-assist-${process.pid}-${randomBytes(6).toString('hex')}.spool`);
    this.fd = openSync(this.path, 'wx+', 0o600);
    try {
      unlinkSync(this.path); // POSIX: the open descriptor keeps it; nothing is left behind
      this.path = null;
    } catch {
      // Windows: removed in close()
    }
    for (const b of this.mem) writeAll(this.fd, b);
    this.mem.length = 0;
    this.memBytes = 0;
  }

  /** True once the spool went to a file. */
  get isSpilled(): boolean {
    return this.fd !== null;
  }

  /** Every block, in order (after the last row). */
  *blocks(): Generator<Buffer> {
    this.flush();
    if (this.fd === null) {
      yield* this.mem;
      return;
    }
    let pos = 0;
    const head = Buffer.allocUnsafe(HEADER);
    let buf = Buffer.allocUnsafe(BLOCK_TEXT_BYTES + HEADER + BLOCK_MAX_ROWS * 8);
    for (;;) {
      if (readAll(this.fd, head, 0, HEADER, pos) < HEADER) return;
      const size = HEADER + head.readUInt32LE(4) * 8 + head.readUInt32LE(0);
      if (buf.length < size) buf = Buffer.allocUnsafe(size);
      readAll(this.fd, buf, 0, size, pos);
      pos += size;
      yield buf.subarray(0, size);
    }
  }

  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
    if (this.path !== null) {
      try {
        unlinkSync(this.path);
      } catch {
        // gone
      }
      this.path = null;
    }
    this.mem.length = 0;
  }
}

function writeAll(fd: number, b: Uint8Array): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}

function readAll(fd: number, b: Buffer, off: number, len: number, pos: number): number {
  let got = 0;
  while (got < len) {
    const n = readSync(fd, b, off + got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Reading the input failed (EISDIR, EIO …): the input is unreadable, not the output unwritable. */
export class InputReadError extends Error {
  constructor(readonly code: string | undefined) {
    super(`cannot read the input (${code ?? 'error'})`);
  }
}

/** Reads from `fd` (a file or a pipe), waiting when a non-blocking pipe has nothing yet. */
function readChunk(fd: number, b: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, b, 0, b.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') return 0;
      throw new InputReadError(code);
    }
  }
}


// ---------------------------------------------------------------------------------------------

export interface TriageStreamOptions {
  asOf: YMD;
  format: OutputFormat;
  /** `--encoding`; null: detected. */
  encoding: CsvEncoding | null;
  /** Where the spool file goes when the output outgrows memory (the output's folder). */
  spoolDir?: string;
  /** Bytes kept in memory before spilling to a file (default 8 MiB). */
  spoolMemoryBytes?: number;
  /** Size of the input when known (a file), for progress. */
  totalBytes?: number | null;
  /** Called now and then: pass 1 with rows and bytes read, pass 2 with the fraction written. */
  onProgress?: (p: { pass: 1 | 2; rows: number; bytesRead: number; fraction: number }) => void;
}

export type TriageStreamOutcome =
  | { ok: true; rows: number; sharedRows: number; decode: DecodeReport; spilled: boolean }
  | { ok: false; csv?: Extract<CsvReadResult, { ok: false }>; tooManyRows?: true; decode: DecodeReport };

/**
 * Triages the CSV read from `inputFd` and hands the output bytes to `write`, in order, in
 * pieces that end at row boundaries. `write` is first called after the whole input was read
 * without error.
 */
export function triageStream(inputFd: number, write: (b: Buffer) => void, opts: TriageStreamOptions): TriageStreamOutcome {
  const format = opts.format;
  const evalOpts: EvaluateOptions = { today: opts.asOf };
  const decoder = new CsvDecoder(opts.encoding);
  const phones = new SharedPhoneIndex();
  const spool = new Spool(opts.spoolMemoryBytes ?? 8 << 20, opts.spoolDir ?? tmpdir());
  let rows = 0;
  let tooMany = false;

  const onRecord = (rec: RawRecord) => {
    if (rows >= MAX_ROWS) {
      tooMany = true;
      return;
    }
    const ev = evaluateNotification(rec, evalOpts);
    const rawId = rec.id;
    const id = rawId !== undefined && rawId.trim() !== '' ? rawId.trim() : String(rows + 1);
    const result = { id, tier: ev.tier, reasons: ev.reasons, age: ev.age, riskCount: ev.riskCount, problems: ev.problems };
    const phone = ev.phone;
    const key = phone.digits && phone.kind !== 'invalid' && !phone.placeholder ? phone.digits : null;
    if (key === null) {
      const [head, tail] = rowParts(result, format, rows, ev.problems.length);
      spool.addRow(head, tail, 3);
    } else {
      const slot = sharedSlot(ev.problems);
      const [head, tail] = rowParts(result, format, rows, slot);
      spool.addRow(head, tail, slotVariant(slot, ev.problems.length));
      phones.add(rows, key);
    }
    rows++;
  };

  try {
    const reader = new NotificationCsvReader(onRecord);
    const buf = Buffer.allocUnsafe(READ_BYTES);
    let bytesRead = 0;
    let lastReport = 0;
    for (;;) {
      const n = readChunk(inputFd, buf);
      if (n === 0) break;
      bytesRead += n;
      if (!reader.push(decoder.push(buf.subarray(0, n))) || tooMany) break;
      if (opts.onProgress && bytesRead - lastReport >= 16 << 20) {
        lastReport = bytesRead;
        opts.onProgress({ pass: 1, rows, bytesRead, fraction: opts.totalBytes ? bytesRead / opts.totalBytes : NaN });
      }
    }
    if (!tooMany) reader.push(decoder.end());
    const csv = reader.end();
    if (tooMany) return { ok: false, tooManyRows: true, decode: decoder.report() };
    if (!csv.ok) return { ok: false, csv, decode: decoder.report() };

    const { bits, count } = phones.sharedRows(rows);
    const spilled = spool.isSpilled;
    copyOut(spool, bits, format, rows, write, opts.onProgress);
    return { ok: true, rows, sharedRows: count, decode: decoder.report(), spilled };
  } finally {
    spool.close();
  }
}

/** Pass 2: the spool to `write`, with `PHONE_SHARED` added where `bits` says. */
function copyOut(
  spool: Spool,
  bits: Uint8Array,
  format: OutputFormat,
  rows: number,
  write: (b: Buffer) => void,
  onProgress: TriageStreamOptions['onProgress'],
): void {
  const ins = sharedInsertions(format).map((s) => Buffer.from(s, 'utf8'));
  let out = Buffer.allocUnsafe(BLOCK_TEXT_BYTES + 4096);
  let o = out.write(rows === 0 && format === 'json' ? '[' : outputStart(format), 0, 'utf8');
  let row = 0;
  const emit = () => {
    if (o > 0) write(out.subarray(0, o));
    out = Buffer.allocUnsafe(out.length);
    o = 0;
  };
  for (const block of spool.blocks()) {
    const textBytes = block.readUInt32LE(0);
    const n = block.readUInt32LE(4);
    const meta = new Uint32Array(block.buffer.slice(block.byteOffset + HEADER, block.byteOffset + HEADER + n * 8));
    const text = block.subarray(HEADER + n * 8, HEADER + n * 8 + textBytes);
    // Room for the block and one insertion per row.
    if (out.length - o < textBytes + n * 64) {
      emit();
      if (out.length < textBytes + n * 64) out = Buffer.allocUnsafe(textBytes + n * 64);
    }
    let runStart = 0;
    let at = 0;
    for (let i = 0; i < n; i++, row++) {
      const len = meta[i * 2]!;
      const hv = meta[i * 2 + 1]!;
      if ((hv & 3) !== 3 && (bits[row >>> 3]! & (1 << (row & 7))) !== 0) {
        const split = at + (hv >>> 2);
        o += text.copy(out, o, runStart, split);
        o += ins[hv & 3]!.copy(out, o);
        runStart = split;
      }
      at += len;
    }
    o += text.copy(out, o, runStart, at);
    if (onProgress && rows > 0) onProgress({ pass: 2, rows, bytesRead: 0, fraction: row / rows });
  }
  const end = outputEnd(format, rows);
  if (out.length - o < end.length * 3) emit();
  o += out.write(end, o, 'utf8');
  emit();
}
