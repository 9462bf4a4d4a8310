/**
 * The error of `@voip/audio`: {@link AudioError}, with a stable {@link AudioErrorCode}.
 *
 * Caller mistakes are the built-in classes: `RangeError` for a value out of range (an output buffer too
 * small, a sample rate of 0, a ptime that is not a whole number of samples), `TypeError` for a value of
 * the wrong type.
 * @module
 */

/**
 * Stable codes of {@link AudioError}. Codes are API: they are never renamed or reused.
 *
 * - `BAD_WAV`: the bytes are not a RIFF/WAVE file this package reads (not RIFF, no `fmt ` or `data`
 *   chunk, a chunk running past the end of the file).
 * - `UNSUPPORTED_WAV`: a well-formed WAVE file in a format other than 16-bit PCM, mono or stereo.
 * - `BAD_PAYLOAD`: an RTP payload whose length does not fit the codec (an odd byte count for L16).
 * - `UNSUPPORTED_RATE`: a sample rate the resampler does not convert (not 8, 16, 24 or 48 kHz).
 */
export type AudioErrorCode = 'BAD_WAV' | 'UNSUPPORTED_WAV' | 'BAD_PAYLOAD' | 'UNSUPPORTED_RATE';

/**
 * Bad audio input (a malformed WAV file, a payload of the wrong size, an unsupported rate), with a
 * stable {@link AudioErrorCode} and, for byte input, the offset where the problem was found.
 * @example
 * ```ts
 * import { AudioError, decodeWav } from '@voip/audio';
 * try {
 *   decodeWav(new Uint8Array(8));
 * } catch (e) {
 *   if (e instanceof AudioError) console.log(e.code, e.offset); // "BAD_WAV" 0
 * }
 * ```
 */
export class AudioError extends Error {
  override readonly name = 'AudioError';
  /** Stable machine-readable reason. */
  readonly code: AudioErrorCode;
  /** Byte offset into the input where the problem was found, when known. */
  readonly offset: number | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a human-readable explanation.
   * @param offset - the byte offset into the input.
   * @param options - standard `ErrorOptions` (`cause`).
   */
  constructor(code: AudioErrorCode, message: string, offset?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.offset = offset;
  }
}

/**
 * True when `e` is an {@link AudioError}, checked by name so it survives duplicate installs.
 * @param e - anything caught.
 * @returns whether `e` is an `AudioError`.
 * @example
 * ```ts
 * import { isAudioError, l16 } from '@voip/audio';
 * try {
 *   l16(8000).createDecoder().decode(new Uint8Array(3));
 * } catch (e) {
 *   if (isAudioError(e)) console.log(e.code); // "BAD_PAYLOAD"
 * }
 * ```
 */
export function isAudioError(e: unknown): e is AudioError {
  return e instanceof Error && e.name === 'AudioError' && typeof (e as { code?: unknown }).code === 'string';
}
