/**
 * Errors of `@voip/srtp`: one class, stable string codes (never renamed, never reused).
 *
 * Only local caller problems throw (`protect` on a spent key, malformed RTP handed to `protect`, an
 * unsupported suite at construction). Everything a remote peer sends is answered with a result value,
 * see {@link SrtpFailureReason}.
 * @module
 */

/**
 * Stable codes of {@link SrtpError} (never renamed or reused; RFC 3711, https://www.rfc-editor.org/rfc/rfc3711).
 *
 * @example
 * ```ts
 * import { isSrtpError, type SrtpErrorCode } from '@voip/srtp';
 * const codeOf = (e: unknown): SrtpErrorCode | undefined => (isSrtpError(e) ? e.code : undefined);
 * ```
 * - `MALFORMED`: the RTP/RTCP packet given to `protect` is not well formed (RFC 3550 §5.1, §6.4).
 * - `KEY_EXPIRED`: the master key's lifetime or the SRTP/SRTCP index space is spent (RFC 3711 §9.2).
 * - `ROC_LOWERED`: a receive ROC below the stream's current one was refused (it would re-open old
 *   packets to replay); pass `{ force: true }` to lower it anyway.
 * - `INDEX_REUSED`: `protect` was asked to reuse a packet index (same SSRC and sequence number, or older
 *   than the replay window), which would reuse a keystream (RFC 3711 §9.1).
 * - `SSRC_LIMIT`: the session already tracks `maxSsrcs` SSRCs in this direction.
 * - `UNSUPPORTED_SUITE`: a suite this package cannot build sessions for: recognised but not implemented
 *   (F8, AEAD GCM with 8-byte tags), refused (`AES_CM_128_NULL_AUTH`: no SRTP authentication), or unknown.
 */
export type SrtpErrorCode =
  | 'MALFORMED'
  | 'KEY_EXPIRED'
  | 'INDEX_REUSED'
  | 'ROC_LOWERED'
  | 'SSRC_LIMIT'
  | 'UNSUPPORTED_SUITE';

/**
 * Error thrown by `@voip/srtp` for local problems (RFC 3711, https://www.rfc-editor.org/rfc/rfc3711).
 *
 * @example
 * ```ts
 * import { SrtpError } from '@voip/srtp';
 * const e = new SrtpError('MALFORMED', 'RTP header needs 12 bytes, got 3', 0);
 * console.log(e.code); // 'MALFORMED'
 * ```
 */
export class SrtpError extends Error {
  override readonly name = 'SrtpError';
  /** Stable machine-readable code. */
  readonly code: SrtpErrorCode;
  /** Byte offset into the input where the problem is, when there is one. */
  readonly offset: number | undefined;
  /**
   * @param code - stable code
   * @param message - human readable detail
   * @param offset - byte offset into the input, if relevant
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code: SrtpErrorCode, message: string, offset?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.offset = offset;
  }
}

/**
 * True for an {@link SrtpError}, also one from another copy of this package (checks the name).
 *
 * @param e - anything caught
 * @returns whether `e` is an SrtpError
 * @example
 * ```ts
 * import { isSrtpError } from '@voip/srtp';
 * try { throw new Error('x'); } catch (e) { console.log(isSrtpError(e)); } // false
 * ```
 */
export const isSrtpError = (e: unknown): e is SrtpError => e instanceof Error && e.name === 'SrtpError';

/**
 * Why `unprotect` / `unprotectRtcp` refused a packet (RFC 3711 §3.3: such packets are discarded).
 * Routine on a real network, so a value, not an exception.
 *
 * @example
 * ```ts
 * import type { SrtpFailureReason } from '@voip/srtp';
 * const worthLogging = (r: SrtpFailureReason): boolean => r !== 'REPLAYED';
 * ```
 *
 * - `TOO_SHORT`: shorter than the header plus MKI and tag.
 * - `MALFORMED`: not RTP/RTCP version 2, or CSRC count / extension length past the end.
 * - `AUTH_FAILED`: the authentication tag does not verify (wrong key, corruption, forgery).
 * - `REPLAYED`: index already seen or older than the replay window (RFC 3711 §3.3.2).
 * - `UNKNOWN_MKI`: MKI matches none of the session's master keys (RFC 3711 §3.1).
 * - `KEY_EXPIRED`: the master key's lifetime is spent (RFC 3711 §9.2).
 * - `SSRC_LIMIT`: authentic packet of a new SSRC while `maxSsrcs` SSRCs are already tracked.
 */
export type SrtpFailureReason =
  | 'TOO_SHORT'
  | 'MALFORMED'
  | 'AUTH_FAILED'
  | 'REPLAYED'
  | 'UNKNOWN_MKI'
  | 'KEY_EXPIRED'
  | 'SSRC_LIMIT';
