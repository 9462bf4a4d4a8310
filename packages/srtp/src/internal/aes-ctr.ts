/**
 * AES counter mode (RFC 3711 §4.1.1; the GCM counter of NIST SP 800-38D §7) on top of one long-lived
 * AES-ECB cipher from `node:crypto`.
 *
 * Creating a CTR cipher per packet costs more than the whole transform; instead counter blocks are
 * written into a reused buffer and encrypted with one `update` call of an ECB cipher created once per
 * session key. Callers may write the counter runs of several future packets and encrypt them in one
 * call (see keystream-batch.ts), so the native call and the Buffer it returns are shared by a batch.
 * @module
 */
import { createCipheriv, type Cipher } from 'node:crypto';
import { releaseSecret, wasmKernel } from './wasm-kernel.js';
import { LITTLE_ENDIAN, view32 } from './word-views.js';

const EMPTY32 = new Int32Array(0);

// Scratch shared by every AesCtr of the process. Safe because JavaScript runs one call at a time and
// no method here yields: a run's counter blocks are written and encrypted by one native call before
// the caller returns, so no two packets (or sessions) ever see each other's counters. The next run
// overwrites them; dispose() zeroes them.
/** Counter blocks of the current run. */
let counters: Uint8Array = new Uint8Array(0);
let words: Int32Array = EMPTY32;
/** `views[n]` is `counters.subarray(0, 16 * n)`, kept so a packet allocates no view. */
let views: Uint8Array[] = [];
/**
 * Bytes from which the keystream XOR runs in WebAssembly (two native copies and 16 bytes per SIMD
 * step) rather than in JavaScript words (measured, Node 20).
 */
const WASM_XOR_FROM = 256;

/** Keystream generator for one AES key (16, 24 or 32 bytes). */
export class AesCtr {
  readonly #ecb: Cipher;

  /** @param key - AES key, 16, 24 or 32 bytes */
  constructor(key: Uint8Array) {
    this.#ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    this.#ecb.setAutoPadding(false);
  }

  /** Makes room for `blocks` counter blocks. Call before the fill methods of one run set. */
  reserve(blocks: number): void {
    if (counters.length < blocks * 16) {
      counters = new Uint8Array(Math.max(blocks * 16, 256 * 16));
      words = new Int32Array(counters.buffer);
      views = [];
    }
  }

  /**
   * Writes `blocks` SRTP counter blocks at block position `at`: `iv` + j in the low 16 bits, which the
   * SRTP IV leaves zero (RFC 3711 §4.1.1), so no carry leaves them.
   */
  fillCm(at: number, blocks: number, iv: Uint8Array): void {
    const base = (iv[14]! << 8) | iv[15]!;
    if (LITTLE_ENDIAN) {
      const w = words;
      const w0 = iv[0]! | (iv[1]! << 8) | (iv[2]! << 16) | (iv[3]! << 24);
      const w1 = iv[4]! | (iv[5]! << 8) | (iv[6]! << 16) | (iv[7]! << 24);
      const w2 = iv[8]! | (iv[9]! << 8) | (iv[10]! << 16) | (iv[11]! << 24);
      const w3 = iv[12]! | (iv[13]! << 8);
      for (let j = 0, p = at * 4; j < blocks; j++, p += 4) {
        const low = base + j;
        w[p] = w0;
        w[p + 1] = w1;
        w[p + 2] = w2;
        w[p + 3] = w3 | ((low & 0xff00) << 8) | ((low & 0xff) << 24);
      }
      return;
    }
    const v = counters;
    for (let j = 0, p = at * 16; j < blocks; j++, p += 16) {
      for (let k = 0; k < 14; k++) {
        v[p + k] = iv[k]!;
      }
      const low = base + j;
      v[p + 14] = (low >>> 8) & 0xff;
      v[p + 15] = low & 0xff;
    }
  }

  /** Writes the GCM counter blocks J0, inc32(J0), ... for a 96-bit IV (SP 800-38D §7.1) at `at`. */
  fillGcm(at: number, blocks: number, iv: Uint8Array): void {
    if (LITTLE_ENDIAN) {
      const w = words;
      const w0 = iv[0]! | (iv[1]! << 8) | (iv[2]! << 16) | (iv[3]! << 24);
      const w1 = iv[4]! | (iv[5]! << 8) | (iv[6]! << 16) | (iv[7]! << 24);
      const w2 = iv[8]! | (iv[9]! << 8) | (iv[10]! << 16) | (iv[11]! << 24);
      for (let j = 1, p = at * 4; j <= blocks; j++, p += 4) {
        w[p] = w0;
        w[p + 1] = w1;
        w[p + 2] = w2;
        // the 32-bit block counter, big-endian, read as a little-endian word
        w[p + 3] = (j >>> 24) | ((j >>> 8) & 0xff00) | ((j & 0xff00) << 8) | (j << 24);
      }
      return;
    }
    const v = counters;
    for (let j = 0, p = at * 16; j < blocks; j++, p += 16) {
      for (let k = 0; k < 12; k++) {
        v[p + k] = iv[k]!;
      }
      const c = j + 1;
      v[p + 12] = c >>> 24;
      v[p + 13] = (c >>> 16) & 0xff;
      v[p + 14] = (c >>> 8) & 0xff;
      v[p + 15] = c & 0xff;
    }
  }

  /** Encrypts the first `blocks` counter blocks: one native call, one returned Buffer. */
  run(blocks: number): Uint8Array {
    let v = views[blocks];
    if (v === undefined) {
      v = counters.subarray(0, blocks * 16);
      views[blocks] = v;
    }
    return this.#ecb.update(v);
  }

  /** XORs `ks[ksOff..+n)` over `src[srcOff..+n)` into `dst[dstOff..)` (may be the same bytes). */
  xorWith(ks: Uint8Array, ksOff: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
    if (n >= WASM_XOR_FROM) {
      const w = wasmKernel();
      if (w !== undefined && w.fits(0, srcOff, src.length, ks.length)) {
        w.xor(ks, ksOff, src, srcOff, dst, dstOff, n);
        return;
      }
    }
    let i = 0;
    const sa = src.byteOffset + srcOff;
    const da = dst.byteOffset + dstOff;
    const ka = ks.byteOffset + ksOff;
    if (n >= 32 && ((sa | da | ka) & 3) === 0) {
      // word-wise over views cached per ArrayBuffer: no allocation while the buffers are reused
      const k32 = view32(ks.buffer, 0);
      const s32 = view32(src.buffer, 1);
      const d32 = view32(dst.buffer, 2);
      const nw = n >>> 2;
      for (let w = 0, sp = sa >>> 2, dp = da >>> 2, kp = ka >>> 2; w < nw; w++) {
        d32[dp + w] = s32[sp + w]! ^ k32[kp + w]!;
      }
      i = nw << 2;
    }
    for (; i < n; i++) {
      dst[dstOff + i] = src[srcOff + i]! ^ ks[ksOff + i]!;
    }
  }

  /**
   * {@link AesCtr.xorWith} for the payload of a packet whose tag was just checked in this call: from
   * the copy the WebAssembly kernel made to compute that tag, when it holds it (WasmKernel.xorHeld).
   */
  xorVerified(ks: Uint8Array, ksOff: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
    const w = wasmKernel();
    if (w === undefined || !w.xorHeld(ks, ksOff, src, srcOff, dst, dstOff, n)) {
      this.xorWith(ks, ksOff, src, srcOff, dst, dstOff, n);
    }
  }

  /**
   * XORs `n` bytes of keystream starting at SRTP counter block `iv` over `src[srcOff..)` into
   * `dst[dstOff..)` (may be the same bytes): one packet, no batching.
   */
  xor(iv: Uint8Array, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
    if (n <= 0) {
      return;
    }
    const blocks = (n + 15) >>> 4;
    this.reserve(blocks);
    this.fillCm(0, blocks, iv);
    const ks = this.run(blocks);
    this.xorWith(ks, 0, src, srcOff, dst, dstOff, n);
    releaseSecret(ks);
  }

  /** Encrypts whole blocks `src` (a multiple of 16 bytes) in ECB mode: one native call. */
  ecbBlocks(src: Uint8Array): Uint8Array {
    return this.#ecb.update(src);
  }

  /** Zeroes the shared counter blocks; node:crypto offers no way to wipe the expanded key. */
  dispose(): void {
    counters.fill(0);
  }
}

/**
 * AES-CM for one packet with a cipher made for it (RFC 3711 §4.1.1): XORs `n` bytes of keystream from
 * counter block `iv` over `src[srcOff..)` into `dst[dstOff..)`. For SRTCP, a packet every few seconds,
 * where keeping an AES context per session would cost more memory than the call costs time. Equal to
 * {@link AesCtr.xor}: OpenSSL's CTR increments the whole block, and the SRTP IV's low 16 bits start at
 * zero, so no carry reaches the rest while n < 2^20 bytes.
 */
export function aesCmOnce(key: Uint8Array, iv: Uint8Array, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
  if (n <= 0) {
    return;
  }
  const c = createCipheriv(`aes-${key.length * 8}-ctr`, key, iv);
  const out = c.update(src.subarray(srcOff, srcOff + n));
  dst.set(out, dstOff);
  out.fill(0);
}
