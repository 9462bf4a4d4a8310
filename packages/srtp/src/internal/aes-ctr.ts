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

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Keystream generator for one AES key (16, 24 or 32 bytes). */
export class AesCtr {
  private readonly ecb: Cipher;
  private counters: Uint8Array = new Uint8Array(0);
  private words: Int32Array = new Int32Array(0);
  /** `views[n]` is `counters.subarray(0, 16 * n)`, kept so a packet allocates no view. */
  private views: Uint8Array[] = [];
  /** Int32Array views over the ArrayBuffers last XORed (src, dst, keystream), reused while they live. */
  private readonly cacheBuf: (ArrayBufferLike | undefined)[] = [undefined, undefined, undefined, undefined];
  private readonly cacheView: Int32Array[] = [EMPTY32, EMPTY32, EMPTY32, EMPTY32];
  private cacheNext = 1;

  /** @param key - AES key, 16, 24 or 32 bytes */
  constructor(key: Uint8Array) {
    this.ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    this.ecb.setAutoPadding(false);
  }

  /** Makes room for `blocks` counter blocks. Call before the fill methods of one run set. */
  reserve(blocks: number): void {
    if (this.counters.length < blocks * 16) {
      this.counters = new Uint8Array(Math.max(blocks * 16, 256 * 16));
      this.words = new Int32Array(this.counters.buffer);
      this.views = [];
    }
  }

  /**
   * Writes `blocks` SRTP counter blocks at block position `at`: `iv` + j in the low 16 bits, which the
   * SRTP IV leaves zero (RFC 3711 §4.1.1), so no carry leaves them.
   */
  fillCm(at: number, blocks: number, iv: Uint8Array): void {
    const base = (iv[14]! << 8) | iv[15]!;
    if (LITTLE_ENDIAN) {
      const words = this.words;
      const w0 = iv[0]! | (iv[1]! << 8) | (iv[2]! << 16) | (iv[3]! << 24);
      const w1 = iv[4]! | (iv[5]! << 8) | (iv[6]! << 16) | (iv[7]! << 24);
      const w2 = iv[8]! | (iv[9]! << 8) | (iv[10]! << 16) | (iv[11]! << 24);
      const w3 = iv[12]! | (iv[13]! << 8);
      for (let j = 0, p = at * 4; j < blocks; j++, p += 4) {
        const low = base + j;
        words[p] = w0;
        words[p + 1] = w1;
        words[p + 2] = w2;
        words[p + 3] = w3 | ((low & 0xff00) << 8) | ((low & 0xff) << 24);
      }
      return;
    }
    const v = this.counters;
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
    const v = this.counters;
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
    let v = this.views[blocks];
    if (v === undefined) {
      v = this.counters.subarray(0, blocks * 16);
      this.views[blocks] = v;
    }
    return this.ecb.update(v);
  }

  /** XORs `ks[ksOff..+n)` over `src[srcOff..+n)` into `dst[dstOff..)` (may be the same bytes). */
  xorWith(ks: Uint8Array, ksOff: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
    let i = 0;
    const sa = src.byteOffset + srcOff;
    const da = dst.byteOffset + dstOff;
    const ka = ks.byteOffset + ksOff;
    if (n >= 32 && ((sa | da | ka) & 3) === 0) {
      // word-wise over views cached per ArrayBuffer: no allocation while the buffers are reused
      const k32 = this.view32(ks.buffer, true);
      const s32 = this.view32(src.buffer, false);
      const d32 = this.view32(dst.buffer, false);
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

  /** Slot 0 holds the keystream's view (a new Buffer per batch); slots 1-3 the callers' buffers. */
  private view32(buf: ArrayBufferLike, keystream: boolean): Int32Array {
    const bufs = this.cacheBuf;
    for (let i = keystream ? 0 : 1; i < (keystream ? 1 : 4); i++) {
      if (bufs[i] === buf) {
        return this.cacheView[i]!;
      }
    }
    const v = new Int32Array(buf, 0, buf.byteLength >>> 2);
    let slot = 0;
    if (!keystream) {
      slot = this.cacheNext;
      this.cacheNext = slot === 3 ? 1 : slot + 1;
    }
    bufs[slot] = buf;
    this.cacheView[slot] = v;
    return v;
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
    this.xorWith(this.run(blocks), 0, src, srcOff, dst, dstOff, n);
  }

  /** Encrypts whole blocks `src` (a multiple of 16 bytes) in ECB mode: one native call. */
  ecbBlocks(src: Uint8Array): Uint8Array {
    return this.ecb.update(src);
  }

  /** Clears the counter buffer and cached views; node:crypto offers no way to wipe the expanded key. */
  dispose(): void {
    this.counters.fill(0);
    this.views = [];
    this.cacheBuf.fill(undefined);
    this.cacheView.fill(EMPTY32);
  }
}

const EMPTY32 = new Int32Array(0);
