/**
 * HMAC-SHA1 in plain JavaScript with the key's inner and outer states precomputed (RFC 2104 §4
 * suggests exactly this). For the ~100-byte messages STUN authenticates, this avoids node:crypto's
 * per-call object creation and is several times faster than `createHmac('sha1', key)`. The test suite
 * cross-checks it against node:crypto on random inputs. Not exported from the package.
 *
 * SHA-1 itself is FIPS 180-4 §6.1. Single-threaded scratch state: the functions are not re-entrant,
 * which is fine in JavaScript since none of them yields.
 * @module
 */

const IV = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);
const W = new Int32Array(80);

/** One SHA-1 compression of the 64-byte block at `b[o..o+64)` into state `h`. */
function compress(h: Int32Array, b: Uint8Array, o: number): void {
  const w = W;
  for (let i = 0; i < 16; i++, o += 4) {
    w[i] = (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  }
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let bb = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let i = 0;
  // FIPS 180-4 §6.1.2 step 3, one loop per round function (no branch per step).
  for (; i < 20; i++) {
    const t = (((a << 5) | (a >>> 27)) + (d ^ (bb & (c ^ d))) + e + 0x5a827999 + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  for (; i < 40; i++) {
    const t = (((a << 5) | (a >>> 27)) + (bb ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  for (; i < 60; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((bb & c) | (d & (bb | c))) + e - 0x70e44324 + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  for (; i < 80; i++) {
    const t = (((a << 5) | (a >>> 27)) + (bb ^ c ^ d) + e - 0x359d3e2a + w[i]!) | 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + bb) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

// Streaming scratch state.
const H = new Int32Array(5);
const BUF = new Uint8Array(64);
let bufLen = 0;
let total = 0;

function start(state: Int32Array, alreadyHashed: number): void {
  H.set(state);
  bufLen = 0;
  total = alreadyHashed;
}

function update(data: Uint8Array, from: number, to: number): void {
  let i = from;
  total += to - from;
  if (bufLen > 0) {
    while (bufLen < 64 && i < to) {
      BUF[bufLen++] = data[i++]!;
    }
    if (bufLen < 64) {
      return;
    }
    compress(H, BUF, 0);
    bufLen = 0;
  }
  while (to - i >= 64) {
    compress(H, data, i);
    i += 64;
  }
  while (i < to) {
    BUF[bufLen++] = data[i++]!;
  }
}

function finish(out: Uint8Array, off: number): void {
  BUF[bufLen++] = 0x80;
  if (bufLen > 56) {
    BUF.fill(0, bufLen);
    compress(H, BUF, 0);
    bufLen = 0;
  }
  BUF.fill(0, bufLen, 56);
  const bits = total * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  BUF[56] = hi >>> 24;
  BUF[57] = hi >>> 16;
  BUF[58] = hi >>> 8;
  BUF[59] = hi;
  BUF[60] = lo >>> 24;
  BUF[61] = lo >>> 16;
  BUF[62] = lo >>> 8;
  BUF[63] = lo;
  compress(H, BUF, 0);
  for (let j = 0; j < 5; j++) {
    const v = H[j]!;
    out[off++] = v >>> 24;
    out[off++] = v >>> 16;
    out[off++] = v >>> 8;
    out[off++] = v;
  }
}

/** SHA-1 of `data`. */
export function sha1(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(20);
  start(IV, 0);
  update(data, 0, data.length);
  finish(out, 0);
  return out;
}

const INNER_DIGEST = new Uint8Array(20);
let SCRATCH = new Uint8Array(1024);
/** The outer hash input after the opad block: 20 digest bytes, 0x80, zeros, bit length 672. */
const OUTER_BLOCK = /* @__PURE__ */ (() => {
  const b = new Uint8Array(64);
  b[20] = 0x80;
  b[62] = (84 * 8) >>> 8;
  b[63] = (84 * 8) & 0xff;
  return b;
})();

/** An HMAC-SHA1 key with its inner and outer states precomputed (RFC 2104 §4). */
export class HmacSha1Key {
  readonly #inner = new Int32Array(5);
  readonly #outer = new Int32Array(5);

  constructor(key: Uint8Array) {
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? sha1(key) : key);
    const pad = new Uint8Array(64);
    for (let i = 0; i < 64; i++) {
      pad[i] = block[i]! ^ 0x36;
    }
    this.#inner.set(IV);
    compress(this.#inner, pad, 0);
    for (let i = 0; i < 64; i++) {
      pad[i] = block[i]! ^ 0x5c;
    }
    this.#outer.set(IV);
    compress(this.#outer, pad, 0);
    block.fill(0);
    pad.fill(0);
  }

  /**
   * HMAC of `data[0..end)` with the two bytes at 2..3 (a STUN header's length field) replaced by
   * `lengthField`, written to `out[off..off+20)`. Requires `end >= 4`. The inner message is copied once
   * into a scratch buffer with its padding, and the outer hash is a single precomputed-layout block.
   */
  macStun(data: Uint8Array, end: number, lengthField: number, out: Uint8Array, off: number): void {
    // FIPS 180-4 §5.1.1 padding: 0x80, zeros, 64-bit bit length; the ipad block counts 64 bytes.
    const blocks = ((end + 8) >>> 6) + 1;
    const padded = blocks * 64;
    if (SCRATCH.length < padded) {
      SCRATCH = new Uint8Array(padded * 2);
    }
    const s = SCRATCH;
    if (end <= 128) {
      for (let i = 0; i < end; i++) {
        s[i] = data[i]!;
      }
    } else {
      s.set(data.subarray(0, end));
    }
    s[2] = lengthField >>> 8;
    s[3] = lengthField;
    s[end] = 0x80;
    s.fill(0, end + 1, padded - 4);
    const bits = (64 + end) * 8; // < 2^32 for any STUN message
    s[padded - 4] = bits >>> 24;
    s[padded - 3] = bits >>> 16;
    s[padded - 2] = bits >>> 8;
    s[padded - 1] = bits;
    H.set(this.#inner);
    for (let o = 0; o < padded; o += 64) {
      compress(H, s, o);
    }
    const ob = OUTER_BLOCK;
    for (let j = 0, k = 0; j < 5; j++, k += 4) {
      const v = H[j]!;
      ob[k] = v >>> 24;
      ob[k + 1] = v >>> 16;
      ob[k + 2] = v >>> 8;
      ob[k + 3] = v;
    }
    H.set(this.#outer);
    compress(H, ob, 0);
    for (let j = 0; j < 5; j++) {
      const v = H[j]!;
      out[off++] = v >>> 24;
      out[off++] = v >>> 16;
      out[off++] = v >>> 8;
      out[off++] = v;
    }
  }

  /** HMAC of all of `data`. */
  mac(data: Uint8Array): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(20);
    start(this.#inner, 64);
    update(data, 0, data.length);
    finish(INNER_DIGEST, 0);
    start(this.#outer, 64);
    update(INNER_DIGEST, 0, 20);
    finish(out, 0);
    return out;
  }

  /** Overwrites the precomputed states. */
  zeroize(): void {
    this.#inner.fill(0);
    this.#outer.fill(0);
  }
}
