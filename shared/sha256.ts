/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, synchronous, for the audit chain.
 *
 * Why not `crypto.subtle.digest`: the audit store computes an entry's hash *inside* its
 * IndexedDB transaction (read the tail, hash, write), and an IndexedDB transaction commits
 * as soon as it waits on anything that is not an IndexedDB request — an awaited
 * `crypto.subtle` promise would end it. A synchronous hash keeps read-hash-write atomic.
 * The CLI passes Node's `createHash` instead (same function, faster); a unit test holds
 * this implementation to Node's and to Web Crypto's output.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const W = new Int32Array(64);
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const encoder = new TextEncoder();
let scratch = new Uint8Array(4096);

/** SHA-256 of `bytes[0, length)`; the caller's buffer must have room for the padding (≥ length + 72, rounded to 64). */
function digestPadded(buf: Uint8Array, length: number): Int32Array {
  // Padding: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
  const total = ((length + 8) >>> 6) * 64 + 64;
  buf[length] = 0x80;
  buf.fill(0, length + 1, total);
  const bits = length * 8;
  const hi = Math.floor(bits / 0x100000000);
  buf[total - 8] = hi >>> 24;
  buf[total - 7] = hi >>> 16;
  buf[total - 6] = hi >>> 8;
  buf[total - 5] = hi;
  buf[total - 4] = bits >>> 24;
  buf[total - 3] = bits >>> 16;
  buf[total - 2] = bits >>> 8;
  buf[total - 1] = bits;

  let h0 = H0[0]! | 0,
    h1 = H0[1]! | 0,
    h2 = H0[2]! | 0,
    h3 = H0[3]! | 0,
    h4 = H0[4]! | 0,
    h5 = H0[5]! | 0,
    h6 = H0[6]! | 0,
    h7 = H0[7]! | 0;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      W[i] = (buf[j]! << 24) | (buf[j + 1]! << 16) | (buf[j + 2]! << 8) | buf[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15]!;
      const y = W[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  return Int32Array.of(h0, h1, h2, h3, h4, h5, h6, h7);
}

function toHex(words: Int32Array): string {
  let s = '';
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    s += HEX[(w >>> 24) & 255]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
  }
  return s;
}

function roomFor(length: number): Uint8Array {
  const need = length + 72;
  if (scratch.length < need) scratch = new Uint8Array(Math.max(need, scratch.length * 2));
  return scratch;
}

/** SHA-256 of the UTF-8 encoding of `text`, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  const buf = roomFor(text.length * 3);
  const { written } = encoder.encodeInto(text, buf);
  return toHex(digestPadded(buf, written));
}

/** SHA-256 of raw bytes, as 64 lowercase hex digits. */
export function sha256HexBytes(bytes: Uint8Array): string {
  const buf = roomFor(bytes.length);
  buf.set(bytes);
  return toHex(digestPadded(buf, bytes.length));
}
