/**
 * The operands of one packet's cipher work: the keystream slice the SRTP transform found or made, and
 * for AES-GCM (RFC 7714 §7, https://www.rfc-editor.org/rfc/rfc7714#section-7) the IV, the AAD, the text
 * and where the result goes. The transforms fill the one shared instance for each packet and hand it
 * down (SessionKeys, AesGcm, the WebAssembly kernel, node:crypto), so no layer passes a dozen positional
 * arguments and no packet allocates. Not exported from the package.
 * @module
 */

const EMPTY = new Uint8Array(0);

/** One packet's operands (see the module comment). Fields are set by the transforms before each use. */
export class PacketOperands {
  /** Keystream from `ksOff` (AES-GCM: E(K, J0), then the counter blocks); undefined: none made yet. */
  ks: Uint8Array | undefined = undefined;
  ksOff = 0;
  /** The 12-byte AES-GCM IV, written by {@link gcmIv}. */
  readonly iv: Uint8Array = new Uint8Array(12);
  /** AAD: `a1[a1Off..+a1Len)`, then `a2` when given (RFC 7714 §9.1: the SRTCP E-flag/index word). */
  a1: Uint8Array = EMPTY;
  a1Off = 0;
  a1Len = 0;
  a2: Uint8Array | undefined = undefined;
  /** The text: `src[srcOff..+n)`. */
  src: Uint8Array = EMPTY;
  srcOff = 0;
  n = 0;
  /** open: where the 16-byte tag is in `src`. */
  tagOff = 0;
  /** Where the result goes: `dst[dstOff..)` (seal: the ciphertext, then the tag). */
  dst: Uint8Array = EMPTY;
  dstOff = 0;

  /** Bytes of AAD. */
  aadLength(): number {
    return this.a1Len + (this.a2 === undefined ? 0 : this.a2.length);
  }

  /** Sets the AAD, the text and the destination of a seal or open in one call. */
  gcm(
    a1: Uint8Array,
    a1Off: number,
    a1Len: number,
    a2: Uint8Array | undefined,
    src: Uint8Array,
    srcOff: number,
    n: number,
    dst: Uint8Array,
    dstOff: number,
  ): this {
    this.a1 = a1;
    this.a1Off = a1Off;
    this.a1Len = a1Len;
    this.a2 = a2;
    this.src = src;
    this.srcOff = srcOff;
    this.n = n;
    this.dst = dst;
    this.dstOff = dstOff;
    return this;
  }

  /** Drops the references to packet buffers and zeroes the IV (dispose). */
  clear(): void {
    this.ks = undefined;
    this.a1 = this.src = this.dst = EMPTY;
    this.a2 = undefined;
    this.iv.fill(0);
  }
}

/**
 * Shared by every session of the process: a protect or unprotect call fills and reads it synchronously
 * before it returns, and JavaScript runs one call at a time.
 */
export const OPERANDS: PacketOperands = new PacketOperands();

/**
 * The AES-GCM IV, RFC 7714 §8.1 (SRTP: `00 00 || SSRC || ROC || SEQ`) and §9.1 (SRTCP:
 * `00 00 || SSRC || 00 00 || 0 || SRTCP index`), XOR the 12-byte session salt: both are the SSRC then a
 * 48-bit index (the SRTP packet index ROC * 2^16 + SEQ, or the 31-bit SRTCP index).
 */
export function gcmIv(iv: Uint8Array, salt: Uint8Array, ssrc: number, index: number): void {
  const hi = Math.floor(index / 2 ** 32);
  const lo = index >>> 0;
  iv[0] = salt[0]!;
  iv[1] = salt[1]!;
  iv[2] = salt[2]! ^ (ssrc >>> 24);
  iv[3] = salt[3]! ^ ((ssrc >>> 16) & 0xff);
  iv[4] = salt[4]! ^ ((ssrc >>> 8) & 0xff);
  iv[5] = salt[5]! ^ (ssrc & 0xff);
  iv[6] = salt[6]! ^ ((hi >>> 8) & 0xff);
  iv[7] = salt[7]! ^ (hi & 0xff);
  iv[8] = salt[8]! ^ (lo >>> 24);
  iv[9] = salt[9]! ^ ((lo >>> 16) & 0xff);
  iv[10] = salt[10]! ^ ((lo >>> 8) & 0xff);
  iv[11] = salt[11]! ^ (lo & 0xff);
}
