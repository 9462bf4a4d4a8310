/**
 * AES-GCM seal/open for SRTP and SRTCP (RFC 7714 §7, https://www.rfc-editor.org/rfc/rfc7714#section-7)
 * through `node:crypto`. The AAD may come in two pieces (RFC 7714 §9.1: the SRTCP header, or the whole
 * packet when unencrypted, then the E-flag/index word); they are joined into a reusable scratch buffer
 * and given to the cipher in one `setAAD` call, because runtimes disagree on a split AAD: Deno 2's
 * node:crypto computes another tag for two `setAAD` calls than Node and Bun do.
 * @module
 */
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';

/** GCM tag length of the AEAD_AES_*_GCM suites (RFC 7714 §12). */
export const GCM_TAG_LENGTH = 16;

/**
 * Scratch for the joined AAD, grown on demand, and a view of its first `view.length` bytes, kept
 * while packets have the same AAD length (SRTCP with E=1 always has 12), so a packet allocates nothing
 * for its AAD. Shared by every session of this module instance: the calls below are synchronous. The
 * AAD is sent in the clear, so the scratch holds nothing secret.
 */
let scratch = new Uint8Array(64);
let view = scratch.subarray(0, 12);

/** `a1[a1Off..a1Off+a1Len) || a2` in the scratch, as a view of exactly that length. */
function joinAad(a1: Uint8Array, a1Off: number, a1Len: number, a2: Uint8Array | undefined): Uint8Array {
  const len = a1Len + (a2 === undefined ? 0 : a2.length);
  if (len > scratch.length) {
    scratch = new Uint8Array(Math.max(len, 2 * scratch.length));
    view = scratch.subarray(0, len);
  } else if (view.length !== len) {
    view = scratch.subarray(0, len);
  }
  const s = scratch;
  for (let i = 0; i < a1Len; i++) {
    s[i] = a1[a1Off + i]!;
  }
  if (a2 !== undefined) {
    for (let i = 0; i < a2.length; i++) {
      s[a1Len + i] = a2[i]!;
    }
  }
  return view;
}

/**
 * Encrypts `src[srcOff..srcOff+n)` into `dst[dstOff..)` and writes the 16-byte tag right after it.
 * The AAD is `a1[a1Off..a1Off+a1Len)` followed by `a2` when given.
 */
export function gcmSeal(
  algorithm: CipherGCMTypes,
  key: Uint8Array,
  iv: Uint8Array,
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
  // GCM tags default to 16 bytes; omitting the option saves its validation on every packet
  const c = createCipheriv(algorithm, key, iv);
  c.setAAD(joinAad(a1, a1Off, a1Len, a2));
  if (n > 0) {
    const ct = c.update(src.subarray(srcOff, srcOff + n));
    dst.set(ct, dstOff);
  }
  c.final();
  dst.set(c.getAuthTag(), dstOff + n);
}

/**
 * Authenticates and decrypts `src[srcOff..srcOff+n)` whose tag is at `src[tagOff..tagOff+16)`, with the
 * AAD `a1[a1Off..a1Off+a1Len) || a2`.
 * @returns the plaintext (a fresh Buffer) or `undefined` when the tag does not verify; never throws
 */
export function gcmOpen(
  algorithm: CipherGCMTypes,
  key: Uint8Array,
  iv: Uint8Array,
  a1: Uint8Array,
  a1Off: number,
  a1Len: number,
  a2: Uint8Array | undefined,
  src: Uint8Array,
  srcOff: number,
  n: number,
  tagOff: number,
): Uint8Array | undefined {
  try {
    const d = createDecipheriv(algorithm, key, iv); // setAuthTag always gets exactly 16 bytes below
    d.setAAD(joinAad(a1, a1Off, a1Len, a2));
    d.setAuthTag(src.subarray(tagOff, tagOff + GCM_TAG_LENGTH));
    const pt = n > 0 ? d.update(src.subarray(srcOff, srcOff + n)) : EMPTY;
    d.final(); // throws when the tag does not verify
    return pt;
  } catch {
    return undefined;
  }
}

const EMPTY = new Uint8Array(0);
