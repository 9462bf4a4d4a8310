/**
 * The one error class of `@voip/rtp` for malformed bytes from the wire (RTP, RTCP, header extensions).
 *
 * Caller mistakes (a payload type of 200, a CSRC list of 16 entries) are `TypeError` / `RangeError`
 * instead; only what a remote peer can send raises {@link RtpError}.
 * @module
 */

/**
 * Stable codes of {@link RtpError}. Codes are API: they are never renamed or reused.
 *
 * - `TRUNCATED`: fewer bytes than the fixed part of the structure needs.
 * - `BAD_VERSION`: the version field is not 2 (RFC 3550 §5.1, §6.4.1).
 * - `BAD_PADDING`: the P bit is set but the padding count is 0 or longer than the room for it.
 * - `BAD_CSRC_COUNT`: the CSRC list (CC × 4 bytes) runs past the end of the packet.
 * - `BAD_EXTENSION_LENGTH`: the header extension runs past the end of the packet.
 * - `BAD_EXTENSION_PROFILE`: header extension elements asked of a profile that is not RFC 8285.
 * - `BAD_EXTENSION_ELEMENT`: an RFC 8285 element runs past the end of the extension data.
 * - `BAD_RTCP_LENGTH`: an RTCP length field disagrees with the bytes present (RFC 3550 §6.4.1).
 * - `BAD_RTCP_PACKET`: an RTCP packet's body is inconsistent with its type (counts, items, FCI size).
 * - `BAD_RTCP_COMPOUND`: a compound packet fails RFC 3550 §6.1 / A.2 (first not SR/RR, inner padding).
 */
export type RtpErrorCode =
  | 'TRUNCATED'
  | 'BAD_VERSION'
  | 'BAD_PADDING'
  | 'BAD_CSRC_COUNT'
  | 'BAD_EXTENSION_LENGTH'
  | 'BAD_EXTENSION_PROFILE'
  | 'BAD_EXTENSION_ELEMENT'
  | 'BAD_RTCP_LENGTH'
  | 'BAD_RTCP_PACKET'
  | 'BAD_RTCP_COMPOUND';

/**
 * Malformed RTP or RTCP bytes, with a stable {@link RtpErrorCode} and the offset into the input.
 * See RFC 3550 §5.1 (https://www.rfc-editor.org/rfc/rfc3550#section-5.1) and §6.4.
 *
 * @example
 * ```ts
 * import { parseRtpPacket, isRtpError } from '@voip/rtp';
 * try {
 *   parseRtpPacket(new Uint8Array(4));
 * } catch (e) {
 *   if (isRtpError(e)) console.log(e.code, e.offset); // "TRUNCATED" 0
 * }
 * ```
 */
export class RtpError extends Error {
  override readonly name = 'RtpError';
  /** Stable machine-readable reason. */
  readonly code: RtpErrorCode;
  /** Byte offset into the parsed input where the problem was found, when known. */
  readonly offset: number | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a human-readable explanation.
   * @param offset - the byte offset into the input.
   * @param options - standard `ErrorOptions` (`cause`).
   */
  constructor(code: RtpErrorCode, message: string, offset?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.offset = offset;
  }
}

/**
 * True when `e` is an {@link RtpError}, checked by name so it survives duplicate installs.
 * @param e - anything caught.
 * @returns whether `e` is an RtpError.
 * @example
 * ```ts
 * import { isRtpError } from '@voip/rtp';
 * isRtpError(new Error('x')); // false
 * ```
 */
export function isRtpError(e: unknown): e is RtpError {
  return e instanceof Error && e.name === 'RtpError';
}
