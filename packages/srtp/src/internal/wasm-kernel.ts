/**
 * The WebAssembly (128-bit SIMD) kernel of the transforms: GHASH (NIST SP 800-38D §6.4) and whole
 * AES-GCM packets (keystream XOR, GHASH, tag and its check; see aes-gcm-js.ts), the AES-CM keystream
 * XOR (see aes-ctr.ts), HMAC-SHA1 from precomputed key states (see hmac-sha1.ts), and whole AES-CM
 * packets below the native HMAC threshold (XOR and HMAC in one pass; on unprotect the XOR runs on
 * the copy the tag check made, see {@link WasmKernel.xorHeld}). The
 * AES itself stays in node:crypto (one ECB call per keystream batch); what moves here is what
 * JavaScript did a word or a byte at a time. The module is wasm/kernel.wat, carried as base64 in
 * wasm-kernel-binary.ts and compiled on first use; where WebAssembly or its SIMD is missing
 * (`--jitless`, an old engine, a big-endian host) {@link wasmKernel} returns undefined and the
 * transforms run in JavaScript and node:crypto alone.
 *
 * A packet is copied in whole with one native copy, so that its text starts 16-byte aligned, worked
 * on in place, and copied out through a view kept per length: no allocation per packet. The keystream
 * buffer of a batch is copied in once and kept while packets use it.
 *
 * One instance and one memory serve the process: the scratch of the packet being worked on (written
 * and read within one synchronous call, so no two packets ever share it), the loaded keystream and
 * HMAC key states, and GHASH tables per AES-GCM key in use: 64 KiB byte tables for up to
 * {@link GHASH_BYTE_TABLES_MAX} keys at once, 8 KiB nibble tables for the others. A key's tables
 * are zeroed and their slot reused when the key is disposed or garbage-collected (a
 * FinalizationRegistry covers sessions nobody disposed); the memory grows by a quarter at a time and
 * is never returned to the system while the process lives. The kernel is the one owner of this memory: the transforms wipe a
 * keystream or HMAC key state they handed it with {@link releaseSecret} (which zeroes the copy in
 * here and then the buffer itself) and a key's tables with {@link releaseGhashTable}; nothing else
 * zeroes or frees anything in it.
 *
 * The lookups are indexed by secret-dependent bytes (X ^ block), as in every table-driven GHASH
 * (OpenSSL's and libsrtp's own fallbacks without carry-less multiply among them): a cache-timing
 * observer on the same machine could learn about H. The tag compares are constant-time (AES-GCM's in
 * the kernel: all 16 bytes XORed, one test of the result).
 * @module
 */
import { LITTLE_ENDIAN, view32 } from './word-views.js';
import { writeU32 } from './bytes.js';
import type { PacketOperands } from './packet-operands.js';
import { WASM_KERNEL_BASE64 } from './wasm-kernel-binary.js';

const PAGE = 65536;
/** Address of the length block len(A) || len(C), written by the kernel. */
const L_AT = 16;
/**
 * Address of an AAD that is not the packet's own header (the kernel reads an SRTP packet's header
 * where the packet was copied to, right before its text), e.g. SRTCP's header then E-flag/index word.
 */
const A_AT = 32;
/** The most AAD bytes the packet functions take (a header with 15 CSRCs and an 8 KiB extension). */
const A_MAX = 8192;
/** Address of the keystream: a batch's or a packet's (E(K, J0) and the counter blocks of each). */
const KS_AT = A_AT + A_MAX + 16;
/** The largest keystream buffer taken (a batch, see keystream-batch.ts). */
const KS_MAX = 16384;
/**
 * Address of the text of a packet: the whole packet is copied so that its text starts here, 16-byte
 * aligned, and its header (up to A_MAX bytes) lands in the room before.
 */
const C_AT = KS_AT + KS_MAX + A_MAX;
/** Tables start after the two pages of scratch. */
const TABLES_AT = 2 * PAGE;
/** HMAC-SHA1: the inner and outer states of the loaded key (10 words). */
const MAC_ST_AT = TABLES_AT - 512;
/** HMAC-SHA1: working state, outer block and byte-swapped block scratch (404 bytes kept). */
const MAC_SCRATCH_AT = MAC_ST_AT + 48;
/** HMAC-SHA1: the 20-byte MAC. */
const MAC_OUT_AT = TABLES_AT - 32;
/** The most bytes of a packet from its text on (text, tag, MKI, HMAC padding) the functions take. */
const C_MAX = MAC_ST_AT - C_AT - 128;
/** The most bytes of a caller's buffer before and after an HMAC message that are copied with it. */
const MAC_SLACK = 2048;
/** Bytes of one key's GHASH nibble tables: 32 nibble positions x 16 values x 16 bytes. */
export const GHASH_TABLE_BYTES: number = 8192;
/** Bytes of one key's GHASH byte tables: 16 byte positions x 256 values x 16 bytes. */
export const GHASH_BYTE_TABLE_BYTES: number = 65536;
/**
 * How many keys at once get byte tables (half the GHASH lookups of the nibble tables: about 1.6x
 * faster per block, measured on Node 20): at most 4 MiB of the memory; the keys beyond take nibble
 * tables, so many calls at once cost 8 KiB per key as before.
 */
export const GHASH_BYTE_TABLES_MAX = 64;

/** The size in bytes of the tables of `handle` (see {@link WasmKernel.allocateTable}). */
export function ghashTableBytes(handle: number): number {
  return (handle & 1) === 1 ? GHASH_BYTE_TABLE_BYTES : GHASH_TABLE_BYTES;
}

// The parts of the WebAssembly JS API used here (the project's lib settings have no DOM types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: object };
};

interface KernelExports {
  readonly memory: WasmMemory;
  readonly seal: (t: number, a: number, aLen: number, c: number, n: number, ks: number, l: number) => void;
  readonly open: (t: number, a: number, aLen: number, c: number, n: number, ks: number, l: number, tag: number) => number;
  readonly xor: (c: number, ks: number, n: number) => void;
  readonly hmacSha1: (st: number, p: number, blocks: number, scratch: number, out: number) => void;
}

/** The process's kernel: its memory, the GHASH table slots, and the calls the transforms make. */
export class WasmKernel {
  readonly #exports: KernelExports;
  /** Byte view of the memory, renewed when the memory grows. */
  #u8: Uint8Array;
  /** Word view of the memory (platform order: used only to copy words, never to read values). */
  #i32: Int32Array;
  /** Table slots released by their keys, reused before the memory grows: nibble, byte tables. */
  readonly #freeSlots: number[] = [];
  readonly #freeByteSlots: number[] = [];
  /** Tables handed out and not released: nibble, byte tables. */
  #inUse = 0;
  #byteInUse = 0;
  /** The address after the last table slot ever handed out. */
  #top = TABLES_AT;
  /** Where the next {@link WasmKernel.put} writes. */
  #at = A_AT;
  /** The keystream buffer whose bytes are at KS_AT (buffers are never rewritten, only zeroed). */
  #loadedKs: Uint8Array | undefined = undefined;
  /** The HMAC-SHA1 states (HmacSha1's words 0-9) whose copy is at MAC_ST_AT. */
  #loadedMac: Int32Array | undefined = undefined;
  /** Views of the text area by length, so copying a packet out allocates nothing once seen. */
  readonly #textViews = new Map<number, Uint8Array>();
  /** Views of other places by (address, length), for {@link WasmKernel.xorHeld}. */
  readonly #views = new Map<number, Uint8Array>();
  /**
   * The array whose bytes the last {@link WasmKernel.hmacSha1} copied to #heldAt (intact up to its
   * index #heldEnd, where the MAC's trailer begins), until any other call overwrites the text area.
   */
  #held: Uint8Array | undefined = undefined;
  #heldAt = 0;
  #heldEnd = 0;

  constructor(module: object) {
    this.#exports = new WebAssembly.Instance(module).exports as KernelExports;
    this.#u8 = new Uint8Array(this.#exports.memory.buffer);
    this.#i32 = new Int32Array(this.#exports.memory.buffer);
  }

  /** The WebAssembly memory itself (for the test that stubs its growth). */
  get memory(): WasmMemory {
    return this.#exports.memory;
  }

  /** Tables in use, of both kinds (for tests and memory accounting). */
  get tablesInUse(): number {
    return this.#inUse + this.#byteInUse;
  }

  /** The WebAssembly memory's byte view (renewed when it grows): for writing a key's tables. */
  get bytes(): Uint8Array {
    return this.#u8;
  }

  /**
   * A key's tables: byte tables while fewer than {@link GHASH_BYTE_TABLES_MAX} are in use, else
   * nibble tables; a released slot of that kind, or the next one at the end of the memory. Returns
   * the handle the packet functions take, the address with bit 0 set for byte tables (see
   * wasm/kernel.wat), or -1 when the memory cannot grow (its 4 GiB limit, or the system's): the key
   * then hashes in JavaScript.
   */
  allocateTable(): number {
    const wide = this.#byteInUse < GHASH_BYTE_TABLES_MAX;
    const reused = wide ? this.#freeByteSlots.pop() : this.#freeSlots.pop();
    let t = reused ?? this.#top;
    if (reused === undefined) {
      const size = wide ? GHASH_BYTE_TABLE_BYTES : GHASH_TABLE_BYTES;
      const memory = this.#exports.memory;
      const short = t + size - memory.buffer.byteLength;
      if (short > 0) {
        // by a quarter of the memory at a time: each growth replaces the buffer (and may copy it and
        // count as new external memory for the GC), so page-by-page growth costs quadratic time
        try {
          memory.grow(Math.max(Math.ceil(short / PAGE), memory.buffer.byteLength / PAGE / 4) | 0);
        } catch {
          return -1;
        }
        this.#u8 = new Uint8Array(memory.buffer);
        this.#i32 = new Int32Array(memory.buffer);
        this.#textViews.clear();
        this.#views.clear();
      }
      this.#top = t + size;
    }
    if (wide) {
      this.#byteInUse++;
      t |= 1;
    } else {
      this.#inUse++;
    }
    return t;
  }

  /** Zeroes the tables of `handle` (from {@link WasmKernel.allocateTable}) and makes their slot free. */
  releaseTable(handle: number): void {
    const t = handle & ~1;
    this.#u8.fill(0, t, t + ghashTableBytes(handle));
    if ((handle & 1) === 1) {
      this.#freeByteSlots.push(t);
      this.#byteInUse--;
    } else {
      this.#freeSlots.push(t);
      this.#inUse--;
    }
  }

  /**
   * Whether {@link WasmKernel.seal} and {@link WasmKernel.open} take a packet of this shape: AAD of
   * `aLen` bytes, text from `srcOff` of a `srcLength`-byte packet, keystream buffer of `ksLength`.
   */
  fits(aLen: number, srcOff: number, srcLength: number, ksLength: number): boolean {
    return aLen <= A_MAX && srcOff <= A_MAX && srcLength - srcOff <= C_MAX && ksLength <= KS_MAX;
  }

  /**
   * Zeroizes `secret` (a keystream buffer or an HMAC key's states) and, first, its copy in this
   * memory if it is the loaded one: the only way the transforms wipe what the kernel may hold.
   */
  release(secret: Uint8Array | Int32Array): void {
    if (this.#loadedKs === secret) {
      this.#u8.fill(0, KS_AT, KS_AT + secret.length);
      this.#loadedKs = undefined;
    } else if (this.#loadedMac === secret) {
      this.#u8.fill(0, MAC_ST_AT, MAC_ST_AT + 40);
      this.#loadedMac = undefined;
    }
    secret.fill(0);
  }

  /**
   * Encrypts `op.src[srcOff..+n)` with the keystream `op.ks[ksOff..)` (E(K, J0) first) and writes the
   * ciphertext and the tag over AAD `a1[a1Off..+a1Len) || a2` to `op.dst[dstOff..)`: one copy in, one
   * kernel call, one copy out. Check {@link WasmKernel.fits} first.
   */
  seal(t: number, op: PacketOperands): void {
    const n = op.n;
    const aLen = op.aadLength();
    this.#exports.seal(t, this.#prepare(op), aLen, C_AT, n, KS_AT + op.ksOff, L_AT);
    op.dst.set(this.#textView(n + 16), op.dstOff);
  }

  /**
   * Verifies the tag at `op.src[tagOff..+16)` over AAD and ciphertext `src[srcOff..+n)` (in the kernel,
   * constant-time) and only then writes the plaintext to `op.dst[dstOff..)`.
   * @returns false when the tag does not verify (dst untouched)
   */
  open(t: number, op: PacketOperands): boolean {
    const n = op.n;
    const aLen = op.aadLength();
    const a = this.#prepare(op);
    if (this.#exports.open(t, a, aLen, C_AT, n, KS_AT + op.ksOff, L_AT, C_AT - op.srcOff + op.tagOff) === 0) {
      return false;
    }
    if (n > 0) {
      op.dst.set(this.#textView(n), op.dstOff);
    }
    return true;
  }

  /**
   * `dst[dstOff..+n)` = `src[srcOff..+n)` XOR `ks[ksOff..+n)` (AES-CM's keystream; may be the same
   * bytes). Check {@link WasmKernel.fits} (with no AAD) first.
   */
  xor(ks: Uint8Array, ksOff: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
    this.#held = undefined;
    this.#loadKeystream(ks);
    this.#u8.set(src, C_AT - srcOff);
    this.#exports.xor(C_AT, KS_AT + ksOff, n);
    dst.set(this.#textView(n), dstOff);
  }

  /**
   * Whether {@link WasmKernel.hmacSha1} takes `data[start..end)`: the copy in is of the whole of
   * `data`, so it may reach at most MAC_SLACK bytes before and after the message.
   */
  macFits(data: Uint8Array, start: number, end: number): boolean {
    // the copy spans data.length - start bytes from the message on, then trailer and padding (72)
    return start <= MAC_SLACK && data.length - end <= MAC_SLACK && data.length - start + 72 <= C_MAX;
  }

  /**
   * The first `tagLength` bytes of HMAC-SHA1(key, data[start..end) || trailer) to `out[outOff..)`,
   * `trailer` a big-endian u32 when `withTrailer`; `st` the key's precomputed inner and outer states
   * (words 0-4 and 5-9, see hmac-sha1.ts). Check {@link WasmKernel.macFits} first. The copy of `data`
   * stays in the memory for {@link WasmKernel.xorHeld} until the next call.
   */
  hmacSha1(
    st: Int32Array,
    data: Uint8Array,
    start: number,
    end: number,
    withTrailer: boolean,
    trailer: number,
    out: Uint8Array,
    outOff: number,
    tagLength: number,
  ): void {
    this.#u8.set(data, C_AT - start);
    this.#mac(st, C_AT, C_AT + end - start, withTrailer, trailer, out, outOff, tagLength);
    this.#held = data;
    this.#heldAt = C_AT - start;
    this.#heldEnd = end;
  }

  /** Forgets the packet {@link WasmKernel.hmacSha1} left in the memory (a MAC computed elsewhere). */
  forgetHeld(): void {
    this.#held = undefined;
  }

  /**
   * Whether {@link WasmKernel.xorThenMac} takes a packet with a header of `hdr` bytes, `len` bytes in
   * all, and a keystream buffer of `ksLength`.
   */
  xorMacFits(hdr: number, len: number, ksLength: number): boolean {
    return hdr <= A_MAX && len - hdr + 76 <= C_MAX && ksLength <= KS_MAX;
  }

  /**
   * AES-CM protect of one SRTP packet in one pass (RFC 3711 §4.1.1, §4.2.1): `src` (the whole RTP
   * packet, its header `hdr` bytes) is copied in once; its payload is XORed with `ks[ksOff..)` and
   * written to `dst[dstOff + hdr..)`, and the first `tagLength` bytes of HMAC-SHA1 over the header,
   * the ciphertext and the ROC `trailer` go to `dst[tagAt..)`. The caller writes the header (and
   * MKI) to `dst`. Check {@link WasmKernel.xorMacFits} first.
   */
  xorThenMac(
    st: Int32Array,
    ks: Uint8Array,
    ksOff: number,
    src: Uint8Array,
    hdr: number,
    dst: Uint8Array,
    dstOff: number,
    trailer: number,
    tagAt: number,
    tagLength: number,
  ): void {
    this.#held = undefined;
    this.#loadKeystream(ks);
    const n = src.length - hdr;
    this.#u8.set(src, C_AT - hdr);
    if (n > 0) {
      this.#exports.xor(C_AT, KS_AT + ksOff, n);
      // out before the MAC's trailer and padding overwrite what follows the text
      dst.set(this.#textView(n), dstOff + hdr);
    }
    this.#mac(st, C_AT - hdr, C_AT + n, true, trailer, dst, tagAt, tagLength);
  }

  /**
   * `dst[dstOff..+n)` = `src[srcOff..+n)` XOR `ks[ksOff..)` from the copy of `src` that the last
   * {@link WasmKernel.hmacSha1} left, when that copy is of `src` and holds those bytes (the payload
   * of a packet whose tag was just checked, in the same call): no second copy in.
   * @returns false when it is not there (the caller XORs some other way)
   */
  xorHeld(ks: Uint8Array, ksOff: number, src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): boolean {
    if (src !== this.#held || srcOff + n > this.#heldEnd || ks.length > KS_MAX) {
      return false;
    }
    this.#held = undefined;
    this.#loadKeystream(ks);
    const at = this.#heldAt + srcOff;
    this.#exports.xor(at, KS_AT + ksOff, n);
    dst.set(this.#viewAt(at, n), dstOff);
    return true;
  }

  /**
   * HMAC-SHA1 of the message at [m0, m) of the memory plus `trailer`, as {@link WasmKernel.hmacSha1}:
   * writes the trailer and the SHA-1 padding after it (over whatever follows the message).
   */
  #mac(
    st: Int32Array,
    m0: number,
    m: number,
    withTrailer: boolean,
    trailer: number,
    out: Uint8Array,
    outOff: number,
    tagLength: number,
  ): void {
    const u8 = this.#u8;
    if (this.#loadedMac !== st) {
      const i32 = this.#i32;
      for (let i = 0; i < 10; i++) {
        i32[(MAC_ST_AT >>> 2) + i] = st[i]!;
      }
      this.#loadedMac = st;
    }
    if (withTrailer) {
      writeU32(u8, m, trailer);
      m += 4;
    }
    // SHA-1 padding after the key block and the message: 0x80, zeros, the 64-bit bit length
    const bits = (64 + m - m0) * 8;
    const blocks = (m - m0 + 72) >>> 6;
    const padEnd = m0 + blocks * 64;
    u8[m++] = 0x80;
    while (m < padEnd - 4) {
      u8[m++] = 0;
    }
    writeU32(u8, m, bits);
    this.#exports.hmacSha1(MAC_ST_AT, m0, blocks, MAC_SCRATCH_AT, MAC_OUT_AT);
    for (let i = 0; i < tagLength; i++) {
      out[outOff + i] = u8[MAC_OUT_AT + i]!;
    }
  }

  /** Copies `ks` to KS_AT unless it is the one there already. */
  #loadKeystream(ks: Uint8Array): void {
    if (this.#loadedKs !== ks) {
      this.#u8.set(ks, KS_AT);
      this.#loadedKs = ks;
    }
  }

  /** `n` bytes of the memory from `at`, as a view kept per (address, length), at most 64 at a time. */
  #viewAt(at: number, n: number): Uint8Array {
    const k = at * 65536 + n;
    let v = this.#views.get(k);
    if (v === undefined) {
      if (this.#views.size >= 64) {
        this.#views.clear();
      }
      v = this.#u8.subarray(at, at + n);
      this.#views.set(k, v);
    }
    return v;
  }

  /**
   * Loads the keystream (when not already there) and copies the packet in whole, so that its text
   * starts at C_AT: one native copy, no view of `src`. Returns the address of the AAD: where the
   * packet's header landed when the AAD is exactly that (SRTP), else A_AT after copying it there.
   */
  #prepare(op: PacketOperands): number {
    const { a1, a1Off, a1Len, a2, src, srcOff } = op;
    this.#held = undefined;
    this.#loadKeystream(op.ks!);
    this.#u8.set(src, C_AT - srcOff);
    if (a2 === undefined && a1Off === 0 && a1Len === srcOff && a1 === src) {
      return C_AT - srcOff;
    }
    this.#at = A_AT;
    this.#put(a1, a1Off, a1Len);
    if (a2 !== undefined) {
      this.#put(a2, 0, a2.length);
    }
    return A_AT;
  }

  /** Appends `src[off..off+n)` to the AAD blocks, word by word where both sides are aligned. */
  #put(src: Uint8Array, off: number, n: number): void {
    let p = this.#at;
    let i = 0;
    const sa = src.byteOffset + off;
    if (n >= 32 && ((sa | p) & 3) === 0) {
      const s32 = view32(src.buffer, 1);
      const d32 = this.#i32;
      const nw = n >>> 2;
      for (let w = 0, sp = sa >>> 2, dp = p >>> 2; w < nw; w++) {
        d32[dp + w] = s32[sp + w]!;
      }
      i = nw << 2;
    }
    const u8 = this.#u8;
    for (p += i; i < n; i++, p++) {
      u8[p] = src[off + i]!;
    }
    this.#at = p;
  }

  /** `len` bytes of the text area, as a view kept per length (at most 64 lengths at a time). */
  #textView(len: number): Uint8Array {
    let v = this.#textViews.get(len);
    if (v === undefined) {
      if (this.#textViews.size >= 64) {
        this.#textViews.clear();
      }
      v = this.#u8.subarray(C_AT, C_AT + len);
      this.#textViews.set(len, v);
    }
    return v;
  }
}

/** undefined: not tried yet; null: WebAssembly SIMD is not available here. */
let instance: WasmKernel | null | undefined;
let enabled = true;

/** The process's kernel, made on first call; undefined where WebAssembly SIMD is missing. */
export function wasmKernel(): WasmKernel | undefined {
  if (instance === undefined) {
    // the HMAC states are handed over as platform-order words, which WebAssembly reads little-endian
    if (!LITTLE_ENDIAN) {
      instance = null;
      return undefined;
    }
    try {
      instance = new WasmKernel(new WebAssembly.Module(Buffer.from(WASM_KERNEL_BASE64, 'base64')));
    } catch {
      instance = null;
    }
  }
  return enabled && instance !== null ? instance : undefined;
}

/**
 * Turns the WebAssembly kernel off (and on again) for this process, as if it were unavailable: for
 * tests of the JavaScript fallback. While off, every transform runs in JavaScript and node:crypto.
 */
export function setWasmKernelEnabled(on: boolean): void {
  enabled = on;
}

/** Zeroes and frees the tables of handle `t` (a key's dispose(), or its garbage collection). */
export function releaseGhashTable(t: number): void {
  if (instance) {
    instance.releaseTable(t);
  }
}

/**
 * Zeroizes a keystream buffer or an HMAC key's states and any copy of it in the WebAssembly memory
 * (see {@link WasmKernel.release}); use this instead of `fill(0)` on anything the kernel may have
 * loaded, so no copy outlives its buffer.
 */
export function releaseSecret(secret: Uint8Array | Int32Array): void {
  if (instance) {
    instance.release(secret);
  } else {
    secret.fill(0);
  }
}

/** Releases the table of a key that was garbage-collected without dispose(). */
export const ghashTableRegistry: FinalizationRegistry<number> = new FinalizationRegistry<number>(releaseGhashTable);
