/**
 * G.711 μ-law (PCMU) and A-law (PCMA) companding, ITU-T G.711
 * (https://www.itu.int/rec/T-REC-G.711), as used by RTP payload types 0 and 8 (RFC 3551 §4.5.14,
 * https://www.rfc-editor.org/rfc/rfc3551#section-4.5.14). 16-bit linear PCM in, one byte per sample out.
 *
 * The decoders are exact table lookups of G.711's reconstruction values (μ-law 0xFF → 0,
 * 0x00 → -32124; A-law 0xD5 → 8, 0x55 → -8); the encoders pick the segment by the position of the
 * highest set bit and truncate within it, as G.711's reference implementation does.
 * @module
 */

const MULAW_BIAS = 0x84; // G.711 μ-law bias (33 in 14-bit units, shifted to 16-bit)
const MULAW_CLIP = 32635;

function mulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  let t = ((u & 0x0f) << 3) + MULAW_BIAS;
  t <<= (u & 0x70) >> 4;
  return (u & 0x80) !== 0 ? MULAW_BIAS - t : t - MULAW_BIAS;
}

function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) {
    t += 8;
  } else {
    t = (t + 0x108) << (seg - 1);
  }
  return (a & 0x80) !== 0 ? t : -t;
}

const MULAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => mulawToLinear(i));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i));

/** Position of the highest set bit of `v` (v > 0), 0-based. */
function highBit(v: number): number {
  return 31 - Math.clz32(v);
}

/**
 * Encodes one 16-bit sample to μ-law (G.711 §2, PCMU).
 * @param sample - linear PCM, -32768..32767 (clamped)
 * @returns the μ-law byte
 * @example
 * ```ts
 * import { linearToMulaw } from '@voip/cli';
 * linearToMulaw(0); // 0xff
 * ```
 */
export function linearToMulaw(sample: number): number {
  let s = Math.trunc(sample);
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) {
    s = -s;
  }
  if (s > MULAW_CLIP) {
    s = MULAW_CLIP;
  }
  s += MULAW_BIAS;
  const exponent = highBit(s) - 7; // s >= 0x84 so exponent >= 0
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/**
 * Encodes one 16-bit sample to A-law (G.711 §3, PCMA).
 * @param sample - linear PCM, -32768..32767 (clamped)
 * @returns the A-law byte
 * @example
 * ```ts
 * import { linearToAlaw } from '@voip/cli';
 * linearToAlaw(0); // 0xd5
 * ```
 */
export function linearToAlaw(sample: number): number {
  let s = Math.trunc(sample);
  let mask: number;
  if (s >= 0) {
    mask = 0xd5; // sign bit set and even bits inverted
  } else {
    mask = 0x55;
    s = -s - 1;
  }
  if (s > 32767) {
    s = 32767;
  }
  let byte: number;
  if (s < 256) {
    byte = s >> 4;
  } else {
    const seg = highBit(s) - 7; // 1..7
    byte = (seg << 4) | ((s >> (seg + 3)) & 0x0f);
  }
  return (byte ^ mask) & 0xff;
}

/**
 * Decodes one μ-law byte.
 * @param byte - 0..255
 * @returns linear PCM
 * @example
 * ```ts
 * import { mulawToLinearSample } from '@voip/cli';
 * mulawToLinearSample(0x00); // -32124
 * ```
 */
export function mulawToLinearSample(byte: number): number {
  return MULAW_TABLE[byte & 0xff] ?? 0;
}

/**
 * Decodes one A-law byte.
 * @param byte - 0..255
 * @returns linear PCM
 * @example
 * ```ts
 * import { alawToLinearSample } from '@voip/cli';
 * alawToLinearSample(0xd5); // 8
 * ```
 */
export function alawToLinearSample(byte: number): number {
  return ALAW_TABLE[byte & 0xff] ?? 0;
}

/** The two G.711 laws by their RTP encoding names. */
export type G711Law = 'PCMU' | 'PCMA';

/**
 * Encodes 16-bit PCM to G.711.
 * @param law - `PCMU` (μ-law) or `PCMA` (A-law)
 * @param pcm - samples
 * @param out - optional output of at least `pcm.length` bytes
 * @returns the encoded bytes (one per sample)
 * @example
 * ```ts
 * import { encodeG711 } from '@voip/cli';
 * const payload = encodeG711('PCMU', new Int16Array(160));
 * ```
 */
export function encodeG711(law: G711Law, pcm: Int16Array, out: Uint8Array = new Uint8Array(pcm.length)): Uint8Array {
  if (out.length < pcm.length) {
    throw new RangeError(`"out" expected at least ${pcm.length} bytes, got ${out.length}`);
  }
  const f = law === 'PCMU' ? linearToMulaw : linearToAlaw;
  for (let i = 0; i < pcm.length; i++) {
    out[i] = f(pcm[i] ?? 0);
  }
  return out;
}

/**
 * Decodes G.711 to 16-bit PCM.
 * @param law - `PCMU` (μ-law) or `PCMA` (A-law)
 * @param bytes - encoded samples
 * @param out - optional output of at least `bytes.length` samples
 * @returns the samples
 * @example
 * ```ts
 * import { decodeG711 } from '@voip/cli';
 * declare const payload: Uint8Array;
 * const pcm = decodeG711('PCMA', payload);
 * ```
 */
export function decodeG711(law: G711Law, bytes: Uint8Array, out: Int16Array = new Int16Array(bytes.length)): Int16Array {
  if (out.length < bytes.length) {
    throw new RangeError(`"out" expected at least ${bytes.length} samples, got ${out.length}`);
  }
  const table = law === 'PCMU' ? MULAW_TABLE : ALAW_TABLE;
  for (let i = 0; i < bytes.length; i++) {
    out[i] = table[bytes[i] ?? 0] ?? 0;
  }
  return out;
}
