/**
 * AES counter mode (RFC 3711 §4.1.1) on top of one long-lived AES-ECB cipher from `node:crypto`.
 *
 * Creating a CTR cipher per packet costs more than the whole transform; instead the counter blocks of
 * a packet are written into a reused buffer and encrypted with a single `update` call of an ECB cipher
 * created once per session key, and the keystream is XORed over the payload.
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

  /** @param key - AES key, 16, 24 or 32 bytes */
  constructor(key: Uint8Array) {
    this.ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    this.ecb.setAutoPadding(false);
  }

  /**
   * XORs `n` bytes of keystream over `src[srcOff..)` into `dst[dstOff..)` (may be the same bytes).
   * The keystream starts at counter block `iv` (16 bytes) and increments its low 16 bits, which the
   * SRTP IV leaves zero (RFC 3711 §4.1.1), so at most 2^16 blocks per call.
   */
  xor(iv: Uint8Array, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
    if (n <= 0) {
      return;
    }
    const blocks = (n + 15) >>> 4;
    const view = this.counterView(blocks);
    const words = this.words;
    const base = (iv[14]! << 8) | iv[15]!;
    if (LITTLE_ENDIAN) {
      const w0 = iv[0]! | (iv[1]! << 8) | (iv[2]! << 16) | (iv[3]! << 24);
      const w1 = iv[4]! | (iv[5]! << 8) | (iv[6]! << 16) | (iv[7]! << 24);
      const w2 = iv[8]! | (iv[9]! << 8) | (iv[10]! << 16) | (iv[11]! << 24);
      const w3 = iv[12]! | (iv[13]! << 8);
      for (let j = 0, p = 0; j < blocks; j++, p += 4) {
        // low 16 bits: iv + j; SRTP leaves them zero in the IV so no carry leaves them (RFC 3711 §4.1.1)
        const low = base + j;
        words[p] = w0;
        words[p + 1] = w1;
        words[p + 2] = w2;
        words[p + 3] = w3 | ((low & 0xff00) << 8) | ((low & 0xff) << 24);
      }
    } else {
      for (let j = 0, p = 0; j < blocks; j++, p += 16) {
        for (let k = 0; k < 14; k++) {
          view[p + k] = iv[k]!;
        }
        const low = base + j;
        view[p + 14] = (low >>> 8) & 0xff;
        view[p + 15] = low & 0xff;
      }
    }
    const ks: Uint8Array = this.ecb.update(view);
    let i = 0;
    const sa = src.byteOffset + srcOff;
    const da = dst.byteOffset + dstOff;
    if (n >= 64 && (sa & 3) === 0 && (da & 3) === 0 && (ks.byteOffset & 3) === 0) {
      // word-wise XOR over aligned views (the Buffer node:crypto returns is freshly allocated)
      const nw = n >>> 2;
      const s32 = new Int32Array(src.buffer, sa, nw);
      const d32 = new Int32Array(dst.buffer, da, nw);
      const k32 = new Int32Array(ks.buffer, ks.byteOffset, nw);
      for (let w = 0; w < nw; w++) {
        d32[w] = s32[w]! ^ k32[w]!;
      }
      i = nw << 2;
    }
    for (; i < n; i++) {
      dst[dstOff + i] = src[srcOff + i]! ^ ks[i]!;
    }
  }

  /** Encrypts whole blocks `src` (a multiple of 16 bytes) in ECB mode: one native call. */
  ecbBlocks(src: Uint8Array): Uint8Array {
    return this.ecb.update(src);
  }

  private counterView(blocks: number): Uint8Array {
    const cached = this.views[blocks];
    if (cached !== undefined) {
      return cached;
    }
    if (this.counters.length < blocks * 16) {
      this.counters = new Uint8Array(Math.max(blocks * 16, 128 * 16));
      this.words = new Int32Array(this.counters.buffer);
      this.views = [];
    }
    const v = this.counters.subarray(0, blocks * 16);
    this.views[blocks] = v;
    return v;
  }

  /** Clears the counter buffer; node:crypto offers no way to wipe the cipher's expanded key. */
  dispose(): void {
    this.counters.fill(0);
    this.views = [];
  }
}
