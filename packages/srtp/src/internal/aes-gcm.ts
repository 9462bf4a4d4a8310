/**
 * AES-GCM seal/open for SRTP and SRTCP (RFC 7714 §7, https://www.rfc-editor.org/rfc/rfc7714#section-7)
 * through `node:crypto`. The AAD may come in two pieces (RFC 7714 §9.1: the SRTCP header, or the whole
 * packet when unencrypted, then the E-flag/index word); they are joined into a reusable scratch buffer
 * and given to the cipher in one `setAAD` call, because runtimes disagree on a split AAD: Deno 2's
 * node:crypto computes another tag for two `setAAD` calls than Node and Bun do.
 * @module
 */
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';
import type { PacketOperands } from './packet-operands.js';

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

/** The AAD `a1[a1Off..a1Off+a1Len) || a2` of `op` in the scratch, as a view of exactly that length. */
function joinAad(op: PacketOperands): Uint8Array {
  const { a1, a1Off, a1Len, a2 } = op;
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
 * Encrypts `op.src[srcOff..srcOff+n)` into `op.dst[dstOff..)` with `op.iv` and writes the 16-byte tag
 * right after it. The AAD is `a1[a1Off..a1Off+a1Len)` followed by `a2` when given.
 */
export function gcmSeal(algorithm: CipherGCMTypes, key: Uint8Array, op: PacketOperands): void {
  const { src, srcOff, n, dst, dstOff } = op;
  // GCM tags default to 16 bytes; omitting the option saves its validation on every packet
  const c = createCipheriv(algorithm, key, op.iv);
  c.setAAD(joinAad(op));
  if (n > 0) {
    const ct = c.update(src.subarray(srcOff, srcOff + n));
    dst.set(ct, dstOff);
  }
  c.final();
  dst.set(c.getAuthTag(), dstOff + n);
}

/**
 * Authenticates and decrypts `op.src[srcOff..srcOff+n)` whose tag is at `src[tagOff..tagOff+16)`, with
 * `op.iv` and the AAD `a1[a1Off..a1Off+a1Len) || a2`.
 * @returns the plaintext (a fresh Buffer) or `undefined` when the tag does not verify; never throws
 */
export function gcmOpen(algorithm: CipherGCMTypes, key: Uint8Array, op: PacketOperands): Uint8Array | undefined {
  const { src, srcOff, n, tagOff } = op;
  try {
    const d = createDecipheriv(algorithm, key, op.iv); // setAuthTag always gets exactly 16 bytes below
    d.setAAD(joinAad(op));
    d.setAuthTag(src.subarray(tagOff, tagOff + GCM_TAG_LENGTH));
    const pt = n > 0 ? d.update(src.subarray(srcOff, srcOff + n)) : EMPTY;
    d.final(); // throws when the tag does not verify
    return pt;
  } catch {
    return undefined;
  }
}

const EMPTY = new Uint8Array(0);
