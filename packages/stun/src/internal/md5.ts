/**
 * MD5 (RFC 1321) in plain JavaScript, for the long-term credential key of RFC 5389 §15.4
 * (`MD5(username ":" realm ":" password)`), so the codec needs no `node:crypto` and runs in any
 * runtime. MD5 is broken as a general hash; STUN uses it only because the RFC fixes that key
 * derivation. The test suite cross-checks it against node:crypto. Not exported from the package.
 * @module
 */

/** RFC 1321 §3.4: T[i] = floor(2^32 * abs(sin(i + 1))), computed once. */
const T = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);

/** RFC 1321 §3.4: the per-step left-rotation amounts, four per round. */
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

const X = new Int32Array(16);

/** One MD5 compression of the 64-byte block at `b[o..o+64)` into state `h` (words little-endian). */
function compress(h: Int32Array, b: Uint8Array, o: number): void {
  for (let i = 0; i < 16; i++, o += 4) {
    X[i] = b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
  }
  let a = h[0]!;
  let bb = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    let f: number;
    let k: number;
    if (round === 0) {
      f = (bb & c) | (~bb & d); // F
      k = i;
    } else if (round === 1) {
      f = (bb & d) | (c & ~d); // G
      k = (5 * i + 1) & 15;
    } else if (round === 2) {
      f = bb ^ c ^ d; // H
      k = (3 * i + 5) & 15;
    } else {
      f = c ^ (bb | ~d); // I
      k = (7 * i) & 15;
    }
    const s = S[(round << 2) | (i & 3)]!;
    const x = (a + f + T[i]! + X[k]!) | 0;
    a = d;
    d = c;
    c = bb;
    bb = (bb + ((x << s) | (x >>> (32 - s)))) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + bb) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
}

/** The MD5 digest (16 bytes) of `data`. */
export function md5(data: Uint8Array): Uint8Array<ArrayBuffer> {
  // RFC 1321 §3.1-3.2: 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian integer.
  const padded = new Uint8Array((data.length + 9 + 63) & ~63);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, (data.length << 3) >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(data.length / 0x20000000), true);
  const h = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  for (let o = 0; o < padded.length; o += 64) {
    compress(h, padded, o);
  }
  padded.fill(0);
  const out = new Uint8Array(16);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) {
    outView.setInt32(i * 4, h[i]!, true);
  }
  return out;
}
