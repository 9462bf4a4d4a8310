/**
 * The RFC 3389 comfort noise (CN) payload (https://www.rfc-editor.org/rfc/rfc3389#section-3): one byte
 * of noise level, `-dBov` in 0..127 with the top bit 0 (§3.1), then optionally spectral information as
 * quantized reflection coefficients, one byte each (§3.2). `CN/8000`, static payload type 13
 * (RFC 3551 Table 4).
 *
 * Levels here are measured against a full-scale 16-bit square wave: 0 dBov is an RMS of 32767, so a
 * level of `L` is an RMS of `32767 × 10^(-L / 20)`.
 * @module
 */
import { AudioError } from '../errors.js';

/** A parsed comfort noise payload. */
export interface ComfortNoise {
  /** The noise level, `-dBov`, 0 (loudest) to 127 (quietest), RFC 3389 §3.1. */
  readonly level: number;
  /** The quantized reflection coefficients of §3.2 (a view of the parsed payload, empty when absent). */
  readonly reflectionCoefficients: Uint8Array;
}

/** The static RTP payload type of `CN/8000` (RFC 3551 Table 4, RFC 3389 §4). */
export const COMFORT_NOISE_PAYLOAD_TYPE = 13;

function check(cn: ComfortNoise): void {
  if (!Number.isInteger(cn.level) || cn.level < 0 || cn.level > 127) {
    throw new RangeError(`comfort noise level must be an integer 0..127 (-dBov), got ${cn.level}`);
  }
  if (!(cn.reflectionCoefficients instanceof Uint8Array)) {
    throw new TypeError('reflectionCoefficients must be a Uint8Array');
  }
}

/** The operations of {@link ComfortNoisePayload}. */
export interface ComfortNoiseFormat {
  /** Parses a CN payload (RFC 3389 §3); the coefficients are a view of `payload`. */
  parse(payload: Uint8Array): ComfortNoise;
  /** Bytes of the serialized payload. */
  byteLength(cn: ComfortNoise): number;
  /** Writes `cn` at `offset` of `out`; returns the bytes written. */
  serializeInto(cn: ComfortNoise, out: Uint8Array, offset?: number): number;
  /** `cn` as a new payload. */
  serialize(cn: ComfortNoise): Uint8Array;
  /** The level (`-dBov`, 0..127) of PCM. */
  levelOf(pcm: Int16Array): number;
  /** The RMS of 16-bit PCM at a level. */
  rmsOf(level: number): number;
  /** Fills `out` with white noise at `level`. */
  fill(out: Int16Array, level: number, random?: () => number): Int16Array;
}

/**
 * The RFC 3389 comfort noise payload: `parse`, `byteLength`, `serializeInto`, `serialize`, and the
 * conversions between a level and PCM (`levelOf`, `rmsOf`, `fill`).
 * @example
 * ```ts
 * import { ComfortNoisePayload } from '@voip/audio';
 * const bytes = ComfortNoisePayload.serialize({ level: 60, reflectionCoefficients: new Uint8Array(0) });
 * console.log(bytes, ComfortNoisePayload.parse(bytes).level); // Uint8Array [60] 60
 * ```
 */
export const ComfortNoisePayload: ComfortNoiseFormat = Object.freeze({
  /**
   * Parses a CN payload (RFC 3389 §3).
   * @throws {AudioError} `BAD_PAYLOAD` for an empty payload or a level byte with its reserved top bit set.
   */
  parse(payload: Uint8Array): ComfortNoise {
    if (!(payload instanceof Uint8Array)) {
      throw new TypeError('payload must be a Uint8Array');
    }
    if (payload.length === 0) {
      throw new AudioError('BAD_PAYLOAD', 'a comfort noise payload has at least the noise level byte (RFC 3389 §3)', 0);
    }
    const level = payload[0]!;
    if ((level & 0x80) !== 0) {
      throw new AudioError('BAD_PAYLOAD', `comfort noise level byte 0x${level.toString(16)} has the reserved top bit set (RFC 3389 §3.1)`, 0);
    }
    return { level, reflectionCoefficients: payload.subarray(1) };
  },

  /** Bytes of the serialized payload: one plus the reflection coefficients. */
  byteLength(cn: ComfortNoise): number {
    check(cn);
    return 1 + cn.reflectionCoefficients.length;
  },

  /**
   * Writes `cn` at `offset` of `out`; returns the bytes written.
   * @throws {RangeError} for a level outside 0..127 or too small an `out`.
   */
  serializeInto(cn: ComfortNoise, out: Uint8Array, offset: number = 0): number {
    const n = ComfortNoisePayload.byteLength(cn);
    if (!Number.isInteger(offset) || offset < 0 || offset + n > out.length) {
      throw new RangeError(`"out" must hold ${n} bytes at offset ${offset}, it holds ${out.length}`);
    }
    out[offset] = cn.level;
    out.set(cn.reflectionCoefficients, offset + 1);
    return n;
  },

  /** `cn` as a new payload. */
  serialize(cn: ComfortNoise): Uint8Array {
    const out = new Uint8Array(ComfortNoisePayload.byteLength(cn));
    ComfortNoisePayload.serializeInto(cn, out);
    return out;
  },

  /** The level (`-dBov`, rounded and clamped to 0..127) of the PCM in `pcm`; digital silence is 127. */
  levelOf(pcm: Int16Array): number {
    let sum = 0;
    for (let i = 0; i < pcm.length; i++) {
      sum += pcm[i]! * pcm[i]!;
    }
    const rms = Math.sqrt(sum / Math.max(1, pcm.length));
    if (rms === 0) {
      return 127;
    }
    return Math.min(127, Math.max(0, Math.round(-20 * Math.log10(rms / 32767))));
  },

  /** The RMS of 16-bit PCM at `level` (`-dBov`). */
  rmsOf(level: number): number {
    return 32767 * 10 ** (-level / 20);
  },

  /**
   * Fills `out` with white noise at `level` (uniform, scaled to the level's RMS), the noise a receiver
   * plays for a CN packet without spectral information. `random` defaults to `Math.random`.
   */
  fill(out: Int16Array, level: number, random: () => number = Math.random): Int16Array {
    // A uniform variable on [-a, a] has RMS a / √3.
    const a = ComfortNoisePayload.rmsOf(level) * Math.sqrt(3);
    for (let i = 0; i < out.length; i++) {
      const v = Math.round((random() * 2 - 1) * a);
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    return out;
  },
});
