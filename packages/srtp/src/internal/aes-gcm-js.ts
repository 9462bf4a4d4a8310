/**
 * AES-GCM (NIST SP 800-38D) for SRTP/SRTCP (RFC 7714 §7) from one long-lived AES-ECB cipher plus
 * table-driven GHASH: 32 nibble-position tables (8 KiB per key) in the WebAssembly kernel
 * (wasm-kernel.ts), or where that is missing Shoup's 8-bit table (4 KiB) in JavaScript. A per-packet
 * createCipheriv('aes-*-gcm') costs more than the whole transform at packet sizes; here a packet is
 * one ECB call (J0 and the counter blocks, usually shared by a batch of packets) and table lookups.
 * @module
 */
import type { AesCtr } from './aes-ctr.js';
import { constantTimeEqual, writeU32 } from './bytes.js';
import type { PacketOperands } from './packet-operands.js';
import { releaseSecret, ghashTableRegistry, wasmKernel, releaseGhashTable, type WasmKernel } from './wasm-kernel.js';

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

// GHASH accumulator of the JavaScript path, shared by every AesGcm of the process: one tag is
// computed synchronously from start to end, and JavaScript runs one call at a time.
const X = new Int32Array(4);

/** Counter blocks a GCM packet of `n` bytes needs: J0 (for the tag) and ceil(n / 16). */
export const gcmBlocks = (n: number): number => 1 + ((n + 15) >>> 4);

/** AES-GCM with a 96-bit IV and 16-byte tag for one key. */
export class AesGcm {
  readonly #ctr: AesCtr;
  /** H = E(K, 0^128) as 4 big-endian words (SP 800-38D §6.4). */
  readonly #h = new Int32Array(4);
  /** M[b] = b * H, 256 entries of 4 big-endian words: the JavaScript GHASH's table, made on first use. */
  #m: Int32Array | undefined = undefined;
  /**
   * Handle of this key's GHASH tables in the WebAssembly kernel's memory (their address, bit 0 set
   * for 64 KiB byte tables, clear for 8 KiB nibble tables; layout in wasm/kernel.wat), or -1: made on
   * the key's first packet when the kernel is there, kept per key (a SessionKeys, shared by the
   * session's streams) until dispose() or garbage collection releases it.
   */
  #table = -1;

  /** The handle of this key's GHASH tables in the kernel's memory, or -1 (for tests). */
  get tableAddress(): number {
    return this.#table;
  }
  /** The kernel's memory could not grow for this key's tables: it hashes in JavaScript for good. */
  #noTable = false;
  /** The shared accumulator, held in a field so the hot loops read it like their own. */
  readonly #x = X;
  /** Bytes pending in the current GHASH block (0..15). */
  #pending = 0;

  /** @param ctr - the AES (ECB) cipher of the session key, 16 or 32 bytes */
  constructor(ctr: AesCtr) {
    this.#ctr = ctr;
    const h = ctr.ecbBlocks(new Uint8Array(16));
    for (let i = 0; i < 4; i++) {
      this.#h[i] = (h[4 * i]! << 24) | (h[4 * i + 1]! << 16) | (h[4 * i + 2]! << 8) | h[4 * i + 3]!;
    }
    h.fill(0);
  }

  /** M[b] = b * H for the 256 byte values b (Shoup's 8-bit table). */
  #buildM(): Int32Array {
    const m = new Int32Array(1024);
    let v0 = this.#h[0]!;
    let v1 = this.#h[1]!;
    let v2 = this.#h[2]!;
    let v3 = this.#h[3]!;
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
    return m;
  }

  /**
   * Writes this key's 16 byte-position tables into the kernel's memory at `t` (layout in
   * wasm/kernel.wat): for byte i, (b at byte i) * H for b = 0..255, which is M[b] times x^(8i), in
   * GCM's byte order.
   */
  #writeByteTables(w: WasmKernel, t: number): void {
    const cur = this.#m === undefined ? this.#buildM() : this.#m.slice();
    const u8 = w.bytes;
    for (let pos = 0; pos < 16; pos++) {
      for (let e = 0; e < 1024; e += 4) {
        if (pos > 0) {
          timesX8(cur, e);
        }
        writeEntry(u8, t + (pos << 12) + (e << 2), cur, e);
      }
    }
    cur.fill(0);
  }

  /**
   * Writes this key's 32 nibble-position tables into the kernel's memory at `t` (layout in
   * wasm/kernel.wat): for byte i, (n << 4 at byte i) * H and (n at byte i) * H for n = 0..15, which are
   * M[n << 4] and M[n] times x^(8i), in GCM's byte order.
   */
  #writeTables(w: WasmKernel, t: number): void {
    const m = this.#m ?? this.#buildM();
    // the 32 entries of M the tables start from: n << 4 (high nibble), then n (low nibble)
    const cur = new Int32Array(128);
    for (let n = 0; n < 16; n++) {
      cur.set(m.subarray(4 * (n << 4), 4 * (n << 4) + 4), 4 * n);
      cur.set(m.subarray(4 * n, 4 * n + 4), 64 + 4 * n);
    }
    if (m !== this.#m) {
      m.fill(0);
    }
    const u8 = w.bytes;
    for (let pos = 0; pos < 16; pos++) {
      for (let e = 0; e < 128; e += 4) {
        if (pos > 0) {
          timesX8(cur, e);
        }
        // entry n of table 2 pos (high nibble) or 2 pos + 1 (low nibble)
        writeEntry(u8, t + ((2 * pos + (e >>> 6)) << 8) + ((e & 63) << 2), cur, e);
      }
    }
    cur.fill(0);
  }

  /** X = X * H (Horner over the 16 bytes of X, last byte first; SP 800-38D §6.3 with Shoup's tables). */
  #mulH(): void {
    const x = this.#x;
    const m = (this.#m ??= this.#buildM());
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
   * Absorbs `b[off..off+n)` into GHASH, continuing a partial block.
   */
  #absorb(b: Uint8Array, off: number, n: number): void {
    const x = this.#x;
    let i = 0;
    while (i < n) {
      if (this.#pending === 0 && n - i >= 16) {
        const p = off + i;
        x[0]! ^= (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
        x[1]! ^= (b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!;
        x[2]! ^= (b[p + 8]! << 24) | (b[p + 9]! << 16) | (b[p + 10]! << 8) | b[p + 11]!;
        x[3]! ^= (b[p + 12]! << 24) | (b[p + 13]! << 16) | (b[p + 14]! << 8) | b[p + 15]!;
        this.#mulH();
        i += 16;
        continue;
      }
      const f = this.#pending;
      x[f >>> 2]! ^= b[off + i]! << (24 - 8 * (f & 3));
      i++;
      if (f === 15) {
        this.#pending = 0;
        this.#mulH();
      } else {
        this.#pending = f + 1;
      }
    }
  }

  /** Zero-pads the pending block (SP 800-38D §6.4). */
  #pad(): void {
    if (this.#pending !== 0) {
      this.#pending = 0;
      this.#mulH();
    }
  }

  /**
   * The WebAssembly kernel, with this key's tables made, when the packet of `op` goes through it.
   */
  #viaWasm(op: PacketOperands): WasmKernel | undefined {
    if (this.#noTable) {
      return undefined;
    }
    const w = wasmKernel();
    if (w === undefined || !w.fits(op.aadLength(), op.srcOff, op.src.length, op.ks!.length)) {
      return undefined;
    }
    if (this.#table < 0) {
      const t = w.allocateTable();
      if (t < 0) {
        this.#noTable = true;
        return undefined;
      }
      this.#table = t;
      if ((t & 1) === 1) {
        this.#writeByteTables(w, t - 1);
      } else {
        this.#writeTables(w, t);
      }
      ghashTableRegistry.register(this, t, this);
    }
    return w;
  }

  /** Zeroes a per-packet keystream from {@link AesGcm.keystream} (and its copy in WebAssembly). */
  wipe(ks: Uint8Array): void {
    releaseSecret(ks);
  }

  /** Keystream for one packet: E(J0), then the counter blocks for `n` bytes, in one ECB call. */
  keystream(iv: Uint8Array, n: number): Uint8Array {
    const blocks = gcmBlocks(n);
    this.#ctr.reserve(blocks);
    this.#ctr.fillGcm(0, blocks, iv);
    return this.#ctr.run(blocks);
  }

  /** GHASH(A = a1 || a2 of `op`, C = `c[cOff..+op.n)`) XOR E(J0), into `out[outOff..+16)`. */
  #tag(op: PacketOperands, c: Uint8Array, cOff: number, out: Uint8Array, outOff: number): void {
    const { ks, ksOff, a2, n } = op;
    const x = this.#x;
    x.fill(0);
    this.#pending = 0;
    this.#absorb(op.a1, op.a1Off, op.a1Len);
    if (a2 !== undefined) {
      this.#absorb(a2, 0, a2.length);
    }
    this.#pad();
    this.#absorb(c, cOff, n);
    this.#pad();
    // len(A) || len(C) in bits, 64-bit big-endian each (lengths here stay far below 2^29 bytes)
    x[1]! ^= op.aadLength() * 8;
    x[3]! ^= n * 8;
    this.#mulH();
    for (let i = 0; i < 16; i++) {
      out[outOff + i] = ((x[i >>> 2]! >>> (24 - 8 * (i & 3))) & 0xff) ^ ks![ksOff + i]!;
    }
  }

  /**
   * Encrypts `op.src[srcOff..+n)` into `op.dst[dstOff..)` with the keystream `op.ks[ksOff..)` (from
   * {@link AesGcm.keystream} or a batch) and writes the tag after it. `a1` may be `dst` (the header
   * already copied there).
   */
  seal(op: PacketOperands): void {
    const w = this.#viaWasm(op);
    if (w !== undefined) {
      w.seal(this.#table, op);
      return;
    }
    this.#ctr.xorWith(op.ks!, op.ksOff + 16, op.src, op.srcOff, op.dst, op.dstOff, op.n);
    this.#tag(op, op.dst, op.dstOff, op.dst, op.dstOff + op.n);
  }

  /**
   * Verifies the tag at `op.src[tagOff..+16)` over AAD and ciphertext `src[srcOff..+n)` and only then
   * decrypts into `op.dst[dstOff..)` (may be the same bytes). `scratch` receives the computed tag.
   * @returns false when the tag does not verify (dst untouched)
   */
  open(op: PacketOperands, scratch: Uint8Array): boolean {
    const w = this.#viaWasm(op);
    if (w !== undefined) {
      return w.open(this.#table, op);
    }
    this.#tag(op, op.src, op.srcOff, scratch, 0);
    if (!constantTimeEqual(scratch, 0, op.src, op.tagOff, 16)) {
      return false;
    }
    this.#ctr.xorWith(op.ks!, op.ksOff + 16, op.src, op.srcOff, op.dst, op.dstOff, op.n);
    return true;
  }

  /** Zeroizes the GHASH key table and scratch state. */
  dispose(): void {
    this.#m?.fill(0);
    this.#m = undefined;
    this.#h.fill(0);
    if (this.#table >= 0) {
      ghashTableRegistry.unregister(this);
      releaseGhashTable(this.#table);
      this.#table = -1;
    }
    X.fill(0);
  }
}

/** Multiplies the field element at `cur[e..e + 4)` by x^8 in place: 8 bits to the right, what falls off folded back (R8). */
function timesX8(cur: Int32Array, e: number): void {
  const z0 = cur[e]!;
  const z1 = cur[e + 1]!;
  const z2 = cur[e + 2]!;
  const z3 = cur[e + 3]!;
  cur[e] = (z0 >>> 8) ^ R8[z3 & 0xff]!;
  cur[e + 1] = (z1 >>> 8) | (z0 << 24);
  cur[e + 2] = (z2 >>> 8) | (z1 << 24);
  cur[e + 3] = (z3 >>> 8) | (z2 << 24);
}

/** Writes the field element at `cur[e..e + 4)` to `u8[q..q + 16)` as four 32-bit words. */
function writeEntry(u8: Uint8Array, q: number, cur: Int32Array, e: number): void {
  writeU32(u8, q, cur[e]!);
  writeU32(u8, q + 4, cur[e + 1]!);
  writeU32(u8, q + 8, cur[e + 2]!);
  writeU32(u8, q + 12, cur[e + 3]!);
}
