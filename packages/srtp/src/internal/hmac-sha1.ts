/**
 * HMAC-SHA1 (RFC 2104 over FIPS 180-4 SHA-1) for the SRTP authentication transform (RFC 3711
 * §4.2.1). The inner and outer states are precomputed from the key once, so one tag costs
 * ceil((n + 9) / 64) + 1 compressions and no allocation.
 *
 * `mac` has three paths, each kept because the protect bench shows it winning where it is used:
 * - below the threshold, the WebAssembly kernel (wasm-kernel.ts) for a message its memory holds: 1.7x the
 *   JavaScript compressions at packet sizes, and far ahead of `node:crypto`'s createHmac, whose
 *   per-call object and Buffer cost more than the hashing of a 172-byte packet;
 * - from {@link NATIVE_HMAC_THRESHOLD} bytes, the inner hash by node:crypto's one-shot `crypto.hash`
 *   (Node >= 20.12), where the native SHA-1 overtakes the per-call cost; the outer hash is one
 *   compression from the precomputed state;
 * - the JavaScript compressions otherwise (no WebAssembly, or a message the kernel does not hold;
 *   on Node before 20.12, long messages too, correct but slower).
 * @module
 */
import * as nodeCrypto from 'node:crypto';
import { releaseSecret, wasmKernel } from './wasm-kernel.js';

/** `crypto.hash` (one-shot digest, Node >= 20.12); undefined on older Node, where the kernel or JavaScript hashes every length. */
const oneShot = (nodeCrypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Uint8Array }).hash;

/**
 * Message length from which node:crypto's one-shot hash beats the WebAssembly kernel's SHA-1
 * (measured, Node 20: the kernel 1.8x faster at 600 bytes and 1.3x at 1212, node 1.1x at 3000).
 */
export const NATIVE_HMAC_THRESHOLD = 2048;

const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0] as const;

function compress(h: Int32Array, w: Int32Array, src: Uint8Array, off: number): void {
  for (let i = 0, j = off; i < 16; i++, j += 4) {
    w[i] = (src[j]! << 24) | (src[j + 1]! << 16) | (src[j + 2]! << 8) | src[j + 3]!;
  }
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let t = 0;
  // FIPS 180-4 §6.1.2, the four rounds of 20 steps unrolled by function
  for (let i = 0; i < 20; i++) {
    t = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + 0x5a827999 + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 20; i < 40; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 40; i < 60; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + 0x8f1bbcdc + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 60; i < 80; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0xca62c1d6 + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

// Scratch shared by every HmacSha1 of the process: `mac` fills and reads it synchronously, and
// JavaScript runs one call at a time, so one set serves all sessions. Per key only the two
// precomputed states and the key itself are kept.
const H = new Int32Array(5);
const W = new Int32Array(80);
const TAIL = new Uint8Array(128);
/** key XOR ipad, then the message, for the one-shot inner hash; grown on demand. */
let scratch: Uint8Array = new Uint8Array(0);
/** The state (`st`) of the HmacSha1 whose key XOR ipad the scratch starts with. */
let padsOf: Int32Array | undefined;

/** Zeroizes the shared scratch (it may hold the last message and intermediate hash states). */
function wipeScratch(): void {
  H.fill(0);
  W.fill(0);
  TAIL.fill(0);
  scratch.fill(0);
  padsOf = undefined;
}

/** HMAC-SHA1 keyed once, reused for every packet of a session. */
export class HmacSha1 {
  /** Words 0-4: inner state H(K^ipad); 5-9: outer state H(K^opad); 10-25: the key, zero-padded to 64 bytes. */
  readonly #st = new Int32Array(26);

  /** The precomputed inner and outer states (words 0-9), for the test that they leave memory. */
  get keyStates(): Int32Array {
    return this.#st;
  }

  /** @param key - at most 64 bytes (SRTP session auth keys are 20). */
  constructor(key: Uint8Array) {
    if (key.length > 64) {
      throw new RangeError(`"key" expected at most 64 bytes, got ${key.length}`);
    }
    const st = this.#st;
    for (let i = 0; i < 64; i++) {
      st[10 + (i >>> 2)]! |= (key[i] ?? 0) << (24 - 8 * (i & 3));
    }
    for (const [at, byte] of [
      [0, 0x36],
      [5, 0x5c],
    ] as const) {
      this.#padded(TAIL, 0, byte);
      for (let i = 0; i < 5; i++) {
        H[i] = IV[i]!;
      }
      compress(H, W, TAIL, 0);
      for (let i = 0; i < 5; i++) {
        st[at + i] = H[i]!;
      }
    }
    wipeScratch();
  }

  /** Writes the 64 bytes K XOR `byte` (ipad 0x36, opad 0x5c) to `b[off..)`. */
  #padded(b: Uint8Array, off: number, byte: number): void {
    const st = this.#st;
    for (let i = 0; i < 64; i++) {
      b[off + i] = ((st[10 + (i >>> 2)]! >>> (24 - 8 * (i & 3))) & 0xff) ^ byte;
    }
  }

  /**
   * Writes the first `tagLength` bytes of HMAC(key, data[start..end) ‖ trailer) to `out[outOff..)`,
   * where `trailer` is a big-endian u32 (the SRTP ROC, RFC 3711 §4.2) when `withTrailer` is set.
   */
  mac(
    data: Uint8Array,
    start: number,
    end: number,
    withTrailer: boolean,
    trailer: number,
    out: Uint8Array,
    outOff: number,
    tagLength: number,
  ): void {
    const tail = TAIL;
    const k = wasmKernel();
    if (k !== undefined && (end - start < NATIVE_HMAC_THRESHOLD || oneShot === undefined) && k.macFits(data, start, end)) {
      k.hmacSha1(this.#st, data, start, end, withTrailer, trailer, out, outOff, tagLength);
      return;
    }
    // the kernel holds no packet this MAC was computed over (see WasmKernel.xorHeld)
    k?.forgetHeld();
    if (end - start >= NATIVE_HMAC_THRESHOLD && oneShot !== undefined) {
      // HMAC = H(K^opad || H(K^ipad || m)) (RFC 2104 §2): the inner hash one-shot native, the outer
      // one compression from the precomputed state
      const n = end - start;
      if (scratch.length < 68 + n) {
        scratch.fill(0);
        scratch = new Uint8Array(Math.max(68 + n, 1600));
        padsOf = undefined;
      }
      const sc = scratch;
      if (padsOf !== this.#st) {
        this.#padded(sc, 0, 0x36);
        padsOf = this.#st;
      }
      sc.set(data.subarray(start, end), 64);
      let m = 64 + n;
      if (withTrailer) {
        sc[m++] = trailer >>> 24;
        sc[m++] = (trailer >>> 16) & 0xff;
        sc[m++] = (trailer >>> 8) & 0xff;
        sc[m++] = trailer & 0xff;
      }
      const inner = oneShot('sha1', sc.subarray(0, m), 'buffer');
      for (let i = 0; i < 20; i++) {
        tail[i] = inner[i]!;
      }
      inner.fill(0);
      this.#outer(out, outOff, tagLength);
      return;
    }
    const h = H;
    const w = W;
    const st = this.#st;
    h[0] = st[0]!;
    h[1] = st[1]!;
    h[2] = st[2]!;
    h[3] = st[3]!;
    h[4] = st[4]!;
    let pos = start;
    while (end - pos >= 64) {
      compress(h, w, data, pos);
      pos += 64;
    }
    let t = 0;
    while (pos < end) {
      tail[t++] = data[pos++]!;
    }
    if (withTrailer) {
      tail[t++] = trailer >>> 24;
      tail[t++] = (trailer >>> 16) & 0xff;
      tail[t++] = (trailer >>> 8) & 0xff;
      tail[t++] = trailer & 0xff;
    }
    const bits = (64 + end - start + (withTrailer ? 4 : 0)) * 8;
    tail[t++] = 0x80;
    const blockEnd = t + 8 <= 64 ? 64 : 128;
    while (t < blockEnd - 4) {
      tail[t++] = 0;
    }
    tail[t++] = bits >>> 24;
    tail[t++] = (bits >>> 16) & 0xff;
    tail[t++] = (bits >>> 8) & 0xff;
    tail[t] = bits & 0xff;
    compress(h, w, tail, 0);
    if (blockEnd === 128) {
      compress(h, w, tail, 64);
    }
    for (let i = 0; i < 5; i++) {
      const v = h[i]!;
      tail[4 * i] = v >>> 24;
      tail[4 * i + 1] = (v >>> 16) & 0xff;
      tail[4 * i + 2] = (v >>> 8) & 0xff;
      tail[4 * i + 3] = v & 0xff;
    }
    this.#outer(out, outOff, tagLength);
  }

  /**
   * AES-CM protect of one SRTP packet in the WebAssembly kernel (see WasmKernel.xorThenMac) where
   * {@link HmacSha1.mac} would hash it there: `src` is the RTP packet, its first `hdr` bytes the
   * header (already copied to `dst[dstOff..)`); its payload XOR `ks[ksOff..)` goes to
   * `dst[dstOff + hdr..)` and the tag over header, ciphertext and the ROC `trailer` to `dst[tagAt..)`.
   * @returns false, having done nothing, where the kernel does not take the packet
   */
  xorThenMac(
    ks: Uint8Array,
    ksOff: number,
    src: Uint8Array,
    hdr: number,
    dst: Uint8Array,
    dstOff: number,
    trailer: number,
    tagAt: number,
    tagLength: number,
  ): boolean {
    const len = src.length;
    if (len >= NATIVE_HMAC_THRESHOLD && oneShot !== undefined) {
      return false;
    }
    const k = wasmKernel();
    if (k === undefined || !k.xorMacFits(hdr, len, ks.length)) {
      return false;
    }
    k.xorThenMac(this.#st, ks, ksOff, src, hdr, dst, dstOff, trailer, tagAt, tagLength);
    return true;
  }

  /**
   * The outer hash of HMAC from the inner digest at TAIL[0..20): one block (digest, 0x80, zeros, the
   * bit length of 64 + 20 bytes) compressed from the precomputed outer state; one compression in
   * JavaScript costs less than a native call.
   */
  #outer(out: Uint8Array, outOff: number, tagLength: number): void {
    const tail = TAIL;
    const h = H;
    const st = this.#st;
    tail[20] = 0x80;
    tail.fill(0, 21, 62);
    tail[62] = (84 * 8) >>> 8;
    tail[63] = (84 * 8) & 0xff;
    h[0] = st[5]!;
    h[1] = st[6]!;
    h[2] = st[7]!;
    h[3] = st[8]!;
    h[4] = st[9]!;
    compress(h, W, tail, 0);
    for (let i = 0; i < tagLength; i++) {
      out[outOff + i] = (h[i >>> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
    }
  }

  /** Zeroizes the keyed states and key, and the shared scratch. */
  dispose(): void {
    releaseSecret(this.#st);
    wipeScratch();
  }
}
