/**
 * AES-GCM seal/open for SRTP and SRTCP (RFC 7714 §7, https://www.rfc-editor.org/rfc/rfc7714#section-7)
 * through `node:crypto`. The AAD may come in two pieces (RFC 7714 §9.1: the SRTCP header, then the
 * E-flag/index word), fed with two `setAAD` calls.
 * @module
 */
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';

/** GCM tag length of the AEAD_AES_*_GCM suites (RFC 7714 §12). */
export const GCM_TAG_LENGTH = 16;

/**
 * Encrypts `src[srcOff..srcOff+n)` into `dst[dstOff..)` and writes the 16-byte tag right after it.
 */
export function gcmSeal(
  algorithm: CipherGCMTypes,
  key: Uint8Array,
  iv: Uint8Array,
  aad1: Uint8Array,
  aad2: Uint8Array | undefined,
  src: Uint8Array,
  srcOff: number,
  n: number,
  dst: Uint8Array,
  dstOff: number,
): void {
  // GCM tags default to 16 bytes; omitting the option saves its validation on every packet
  const c = createCipheriv(algorithm, key, iv);
  c.setAAD(aad1);
  if (aad2 !== undefined) {
    c.setAAD(aad2);
  }
  if (n > 0) {
    const ct = c.update(src.subarray(srcOff, srcOff + n));
    dst.set(ct, dstOff);
  }
  c.final();
  dst.set(c.getAuthTag(), dstOff + n);
}

/**
 * Authenticates and decrypts `src[srcOff..srcOff+n)` whose tag is at `src[tagOff..tagOff+16)`.
 * @returns the plaintext (a fresh Buffer) or `undefined` when the tag does not verify; never throws
 */
export function gcmOpen(
  algorithm: CipherGCMTypes,
  key: Uint8Array,
  iv: Uint8Array,
  aad1: Uint8Array,
  aad2: Uint8Array | undefined,
  src: Uint8Array,
  srcOff: number,
  n: number,
  tagOff: number,
): Uint8Array | undefined {
  try {
    const d = createDecipheriv(algorithm, key, iv); // setAuthTag always gets exactly 16 bytes below
    d.setAAD(aad1);
    if (aad2 !== undefined) {
      d.setAAD(aad2);
    }
    d.setAuthTag(src.subarray(tagOff, tagOff + GCM_TAG_LENGTH));
    const pt = n > 0 ? d.update(src.subarray(srcOff, srcOff + n)) : EMPTY;
    d.final(); // throws when the tag does not verify
    return pt;
  } catch {
    return undefined;
  }
}

const EMPTY = new Uint8Array(0);
