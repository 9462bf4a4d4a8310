/**
 * AES-GCM (NIST SP 800-38D) for SRTP/SRTCP (RFC 7714 §7) from one long-lived AES-ECB cipher plus
 * GHASH in JavaScript with Shoup's 8-bit tables. A per-packet createCipheriv('aes-*-gcm') costs more
 * than the whole transform at packet sizes; here a packet is one ECB call (J0 and the counter blocks)
 * and table lookups, and allocates only the Buffer node:crypto returns.
 * @module
 */
import { LITTLE_ENDIAN, view32, type AesCtr } from './aes-ctr.js';

/** R8[b]: what dropping byte b off the low end of Z folds back into the top word (x^128 + x^7 + x^2 + x + 1). */
const R8 = ((): Int32Array => {
  const r = new Int32Array(256);
  for (let b = 0; b < 256; b++) {
    let z0 = 0;
    let z3 = b;
    for (let k = 0; k < 8; k++) {
      const carry = z3 & 1;
      z3 >>>= 1;
      z0 = (z0 >>> 1) ^ (carry ? 0xe1000000 : 0);
    }
    r[b] = z0;
  }
  return r;
})();

// GHASH accumulator shared by every AesGcm of the process: one tag is computed synchronously from
// start to end, and JavaScript runs one call at a time. Per key the 4 KiB table is kept, and the
// 64 KiB of per-position tables once a packet of GHASH_TABLES_FROM bytes or more used the key.
const X = new Int32Array(4);

/**
 * AAD + text length from which a key gets its 16 per-byte-position tables (64 KiB, see
 * {@link AesGcm}); shorter packets keep using the 4 KiB table alone.
 */
export const GHASH_TABLES_FROM = 320;

const bswap = (v: number): number =>
  ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);

/** Counter blocks a GCM packet of `n` bytes needs: J0 (for the tag) and ceil(n / 16). */
export const gcmBlocks = (n: number): number => 1 + ((n + 15) >>> 4);

/** AES-GCM with a 96-bit IV and 16-byte tag for one key. */
export class AesGcm {
  private readonly ctr: AesCtr;
  /** M[b] = b * H, 256 entries of 4 big-endian words. */
  private readonly m = new Int32Array(1024);
  /**
   * T_i[b] = M[b] * x^(8i) for byte positions i = 0..15 (16 x 256 entries of 4 words, 64 KiB): one
   * lookup per byte of X and no reduction step. Made on the first packet of at least
   * {@link GHASH_TABLES_FROM} bytes and kept per key (a SessionKeys, shared by the session's streams).
   */
  private t16: Int32Array | undefined = undefined;
  /** The shared accumulator, held in a field so the hot loops read it like their own. */
  private readonly x = X;
  /** Bytes pending in the current GHASH block (0..15). */
  private pending = 0;

  /** @param ctr - the AES (ECB) cipher of the session key, 16 or 32 bytes */
  constructor(ctr: AesCtr) {
    this.ctr = ctr;
    const h = ctr.ecbBlocks(new Uint8Array(16));
    const rd = (o: number): number => (h[o]! << 24) | (h[o + 1]! << 16) | (h[o + 2]! << 8) | h[o + 3]!;
    let v0 = rd(0);
    let v1 = rd(4);
    let v2 = rd(8);
    let v3 = rd(12);
    h.fill(0);
    const m = this.m;
    // M[128] = H, M[64] = H*x, ... M[1] = H*x^7 (GCM's reflected bit order), then XOR combinations
    for (let bit = 128; bit >= 1; bit >>>= 1) {
      m[4 * bit] = v0;
      m[4 * bit + 1] = v1;
      m[4 * bit + 2] = v2;
      m[4 * bit + 3] = v3;
      const carry = v3 & 1;
      v3 = (v3 >>> 1) | (v2 << 31);
      v2 = (v2 >>> 1) | (v1 << 31);
      v1 = (v1 >>> 1) | (v0 << 31);
      v0 = (v0 >>> 1) ^ (carry ? 0xe1000000 : 0);
    }
    for (let i = 2; i < 256; i <<= 1) {
      for (let j = 1; j < i; j++) {
        for (let k = 0; k < 4; k++) {
          m[4 * (i + j) + k] = m[4 * i + k]! ^ m[4 * j + k]!;
        }
      }
    }
  }

  /** Builds {@link AesGcm.t16} from M: each position is the previous one times x^8. */
  private buildTables(): Int32Array {
    const t = new Int32Array(16 * 1024);
    t.set(this.m);
    for (let p = 1024; p < 16 * 1024; p += 4) {
      let z0 = t[p - 1024]!;
      let z1 = t[p - 1023]!;
      let z2 = t[p - 1022]!;
      let z3 = t[p - 1021]!;
      const rem = z3 & 0xff;
      z3 = (z3 >>> 8) | (z2 << 24);
      z2 = (z2 >>> 8) | (z1 << 24);
      z1 = (z1 >>> 8) | (z0 << 24);
      z0 = (z0 >>> 8) ^ R8[rem]!;
      t[p] = z0;
      t[p + 1] = z1;
      t[p + 2] = z2;
      t[p + 3] = z3;
    }
    // entries as little-endian words, the order an Int32Array reads packet bytes in (see blocks16)
    for (let i = 0; i < t.length; i++) {
      t[i] = bswap(t[i]!);
    }
    return t;
  }

  /** X = X * H as the XOR of T_i[byte i of X] (see {@link AesGcm.t16}). */
  private mulH16(t: Int32Array): void {
    const x = this.x;
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let w = 0, base = 0; w < 4; w++, base += 4096) {
      const word = x[w]!;
      // byte 4w+j of X is bits 24-8j of the big-endian word; T's entries are little-endian words
      for (let j = 0; j < 4; j++) {
        const q = base + (j << 10) + (((word >>> (24 - 8 * j)) & 0xff) << 2);
        z0 ^= t[q]!;
        z1 ^= t[q + 1]!;
        z2 ^= t[q + 2]!;
        z3 ^= t[q + 3]!;
      }
    }
    x[0] = bswap(z0);
    x[1] = bswap(z1);
    x[2] = bswap(z2);
    x[3] = bswap(z3);
  }

  /**
   * GHASH of `blocks` whole blocks at `b32[p..)` (words read in the platform's little-endian order)
   * into X, with X held in locals in the same order as the table entries.
   *
   * The 16 table lookups per block are written out on purpose: this is the per-byte loop of
   * {@link mulH16} unrolled, for 320..700-byte packets where it decides whether JavaScript beats
   * node's native GCM. Both compute the same product; the fast-vs-reference property tests cover both.
   */
  private blocks16(t: Int32Array, b32: Int32Array, p: number, blocks: number): void {
    const x = this.x;
    let z0 = bswap(x[0]!);
    let z1 = bswap(x[1]!);
    let z2 = bswap(x[2]!);
    let z3 = bswap(x[3]!);
    for (const end = p + (blocks << 2); p < end; p += 4) {
      const w0 = z0 ^ b32[p]!;
      const w1 = z1 ^ b32[p + 1]!;
      const w2 = z2 ^ b32[p + 2]!;
      const w3 = z3 ^ b32[p + 3]!;
      let q = (w0 << 2) & 0x3fc;
      z0 = t[q]!;
      z1 = t[q + 1]!;
      z2 = t[q + 2]!;
      z3 = t[q + 3]!;
      q = 1024 + ((w0 >>> 6) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 2048 + ((w0 >>> 14) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 3072 + ((w0 >>> 22) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 4096 + ((w1 << 2) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 5120 + ((w1 >>> 6) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 6144 + ((w1 >>> 14) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 7168 + ((w1 >>> 22) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 8192 + ((w2 << 2) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 9216 + ((w2 >>> 6) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 10240 + ((w2 >>> 14) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 11264 + ((w2 >>> 22) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 12288 + ((w3 << 2) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 13312 + ((w3 >>> 6) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 14336 + ((w3 >>> 14) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
      q = 15360 + ((w3 >>> 22) & 0x3fc);
      z0 ^= t[q]!;
      z1 ^= t[q + 1]!;
      z2 ^= t[q + 2]!;
      z3 ^= t[q + 3]!;
    }
    x[0] = bswap(z0);
    x[1] = bswap(z1);
    x[2] = bswap(z2);
    x[3] = bswap(z3);
  }

  /** X = X * H (Horner over the 16 bytes of X, last byte first; SP 800-38D §6.3 with Shoup's tables). */
  private mulH(): void {
    const t = this.t16;
    if (t !== undefined) {
      this.mulH16(t);
      return;
    }
    const x = this.x;
    const m = this.m;
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let w = 3; w >= 0; w--) {
      let word = x[w]!;
      for (let k = 0; k < 4; k++) {
        const rem = z3 & 0xff;
        z3 = (z3 >>> 8) | (z2 << 24);
        z2 = (z2 >>> 8) | (z1 << 24);
        z1 = (z1 >>> 8) | (z0 << 24);
        z0 = (z0 >>> 8) ^ R8[rem]!;
        const p = (word & 0xff) << 2;
        word >>>= 8;
        z0 ^= m[p]!;
        z1 ^= m[p + 1]!;
        z2 ^= m[p + 2]!;
        z3 ^= m[p + 3]!;
      }
    }
    x[0] = z0;
    x[1] = z1;
    x[2] = z2;
    x[3] = z3;
  }

  /**
   * Absorbs `b[off..off+n)` into GHASH, continuing a partial block. `role` picks the cached word view
   * of `b` (see aes-ctr.ts): 1 for a packet read, 2 for the output just written.
   */
  private absorb(b: Uint8Array, off: number, n: number, role: number): void {
    const x = this.x;
    let i = 0;
    while (i < n) {
      const a = b.byteOffset + off + i;
      if (this.pending === 0 && n - i >= 16 && this.t16 !== undefined && LITTLE_ENDIAN && (a & 3) === 0) {
        const blocks = (n - i) >>> 4;
        this.blocks16(this.t16, view32(b.buffer, role), a >>> 2, blocks);
        i += blocks << 4;
        continue;
      }
      if (this.pending === 0 && n - i >= 16) {
        const p = off + i;
        x[0]! ^= (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
        x[1]! ^= (b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!;
        x[2]! ^= (b[p + 8]! << 24) | (b[p + 9]! << 16) | (b[p + 10]! << 8) | b[p + 11]!;
        x[3]! ^= (b[p + 12]! << 24) | (b[p + 13]! << 16) | (b[p + 14]! << 8) | b[p + 15]!;
        this.mulH();
        i += 16;
        continue;
      }
      const f = this.pending;
      x[f >>> 2]! ^= b[off + i]! << (24 - 8 * (f & 3));
      i++;
      if (f === 15) {
        this.pending = 0;
        this.mulH();
      } else {
        this.pending = f + 1;
      }
    }
  }

  /** Zero-pads the pending block (SP 800-38D §6.4). */
  private pad(): void {
    if (this.pending !== 0) {
      this.pending = 0;
      this.mulH();
    }
  }

  /** Keystream for one packet: E(J0), then the counter blocks for `n` bytes, in one ECB call. */
  keystream(iv: Uint8Array, n: number): Uint8Array {
    const blocks = gcmBlocks(n);
    this.ctr.reserve(blocks);
    this.ctr.fillGcm(0, blocks, iv);
    return this.ctr.run(blocks);
  }

  /** GHASH(A = a1 || a2, C) XOR E(J0), into `out[outOff..+16)`. */
  private tag(
    ks: Uint8Array,
    ksOff: number,
    a1: Uint8Array,
    a1Off: number,
    a1Len: number,
    a2: Uint8Array | undefined,
    c: Uint8Array,
    cOff: number,
    cLen: number,
    cRole: number,
    out: Uint8Array,
    outOff: number,
  ): void {
    const x = this.x;
    x.fill(0);
    this.pending = 0;
    if (this.t16 === undefined && a1Len + cLen >= GHASH_TABLES_FROM) {
      this.t16 = this.buildTables();
    }
    this.absorb(a1, a1Off, a1Len, cRole);
    const aLen = a1Len + (a2 === undefined ? 0 : a2.length);
    if (a2 !== undefined) {
      this.absorb(a2, 0, a2.length, 1);
    }
    this.pad();
    this.absorb(c, cOff, cLen, cRole);
    this.pad();
    // len(A) || len(C) in bits, 64-bit big-endian each (lengths here stay far below 2^29 bytes)
    x[1]! ^= aLen * 8;
    x[3]! ^= cLen * 8;
    this.mulH();
    for (let i = 0; i < 16; i++) {
      out[outOff + i] = ((x[i >>> 2]! >>> (24 - 8 * (i & 3))) & 0xff) ^ ks[ksOff + i]!;
    }
  }

  /**
   * Encrypts `src[srcOff..+n)` into `dst[dstOff..)` with keystream `ks[ksOff..)` (from
   * {@link AesGcm.keystream} or a batch) and writes the tag after it. AAD is
   * `a1[a1Off..+a1Len) || a2`; `a1` may be `dst` (the header already copied there).
   */
  seal(
    ks: Uint8Array,
    ksOff: number,
    a1: Uint8Array,
    a1Off: number,
    a1Len: number,
    a2: Uint8Array | undefined,
    src: Uint8Array,
    srcOff: number,
    n: number,
    dst: Uint8Array,
    dstOff: number,
  ): void {
    this.ctr.xorWith(ks, ksOff + 16, src, srcOff, dst, dstOff, n);
    this.tag(ks, ksOff, a1, a1Off, a1Len, a2, dst, dstOff, n, 2, dst, dstOff + n);
  }

  /**
   * Verifies the tag at `src[tagOff..+16)` over AAD and ciphertext `src[srcOff..+n)` and only then
   * decrypts into `dst[dstOff..)` (may be the same bytes). `scratch` receives the computed tag.
   * @returns false when the tag does not verify (dst untouched)
   */
  open(
    ks: Uint8Array,
    ksOff: number,
    a1: Uint8Array,
    a1Off: number,
    a1Len: number,
    a2: Uint8Array | undefined,
    src: Uint8Array,
    srcOff: number,
    n: number,
    tagOff: number,
    dst: Uint8Array,
    dstOff: number,
    scratch: Uint8Array,
  ): boolean {
    this.tag(ks, ksOff, a1, a1Off, a1Len, a2, src, srcOff, n, 1, scratch, 0);
    let diff = 0;
    for (let i = 0; i < 16; i++) {
      diff |= scratch[i]! ^ src[tagOff + i]!;
    }
    if (diff !== 0) {
      return false;
    }
    this.ctr.xorWith(ks, ksOff + 16, src, srcOff, dst, dstOff, n);
    return true;
  }

  /** Zeroizes the GHASH key table and scratch state. */
  dispose(): void {
    this.m.fill(0);
    this.t16?.fill(0);
    this.t16 = undefined;
    X.fill(0);
  }
}
