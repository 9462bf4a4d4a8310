/**
 * The errors of `@voip/rtp`, in one place:
 *
 * - {@link RtpError}: malformed bytes from the wire (RTP, RTCP, header extensions), with the offset,
 *   and the state errors of the call layer (`CLOSED`, `CALL_ENDED`).
 * - {@link CodecNegotiationError}: codec negotiation found nothing to answer with (RFC 3264 §6).
 * - {@link RtpWorkerError}: the state errors of the worker pool (`@voip/rtp/node`), with the worker's index.
 *
 * Caller mistakes are the built-in classes: `TypeError` for a value of the wrong type, `RangeError` for
 * one out of range (a payload type of 200, a CSRC list of 16 entries, port 70000).
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
 * - `CLOSED`: the multiplexer was closed (no offset: a state error, not a wire error).
 * - `CALL_ENDED`: the call has ended (hung up, or the remote sent a BYE), so it cannot be registered again.
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
  | 'BAD_RTCP_COMPOUND'
  | 'CLOSED'
  | 'CALL_ENDED';

/**
 * Malformed RTP or RTCP bytes, with a stable {@link RtpErrorCode} and the offset into the input; or a
 * state error of the call layer (`CLOSED`, `CALL_ENDED`, no offset).
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

/**
 * A code saying why codec negotiation failed: `NOT_IMPLEMENTED` when {@link RtpCall.negotiateCodec}
 * was not overridden, `NO_COMMON_CODEC` for overrides that find nothing acceptable.
 */
export type CodecNegotiationErrorCode = 'NOT_IMPLEMENTED' | 'NO_COMMON_CODEC';
// (RFC 3264 §6: an answerer that supports none of the offered formats rejects the stream.)

/**
 * Thrown by `RtpCall.negotiateCodec` (and meant for overrides of it): the signalling layer should
 * reject the offer (SIP 488 Not Acceptable Here, RFC 3261 §21.4.26) rather than answer it.
 *
 * @example
 * ```ts
 * import { CodecNegotiationError } from '@voip/rtp';
 * throw new CodecNegotiationError('NO_COMMON_CODEC', 'offer has no PCMU or opus');
 * ```
 */
export class CodecNegotiationError extends Error {
  override readonly name = 'CodecNegotiationError';
  /** Stable code; never renamed. */
  readonly code: CodecNegotiationErrorCode;
  /**
   * @param code - Why negotiation failed.
   * @param message - Human-readable detail.
   * @param options - Standard error options (`cause`).
   */
  constructor(code: CodecNegotiationErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * True when `e` is a {@link CodecNegotiationError}, also across duplicate installs (checks the name).
 *
 * @param e - Anything caught.
 * @returns Whether it is a codec negotiation error.
 * @example
 * ```ts
 * import { isCodecNegotiationError } from '@voip/rtp';
 * declare function negotiateCodecs(): void; // whatever may throw CodecNegotiationError
 * try {
 *   negotiateCodecs();
 * } catch (e) {
 *   if (isCodecNegotiationError(e)) console.log(e.code);
 * }
 * ```
 */
export function isCodecNegotiationError(e: unknown): e is CodecNegotiationError {
  return e instanceof Error && e.name === 'CodecNegotiationError';
}

/**
 * Stable codes of {@link RtpWorkerError}. Codes are API: they are never renamed or reused.
 *
 * - `POOL_CLOSED`: the pool was closed (or is closing), so it places no more calls.
 * - `POOL_FULL`: every live worker already holds `maxCallsPerWorker` calls.
 * - `NO_WORKERS`: every worker has failed; nothing is left to place a call on.
 * - `WORKER_FAILED`: the worker that held the call threw, exited or could not start; the call is gone.
 * - `CALL_REJECTED`: the worker could not set the call up (its handler threw, a bad request).
 * - `UNKNOWN_CALL`: no live call has that id.
 * - `NOT_IN_WORKER`: {@link serveRtpWorker} was called outside a pool's worker thread.
 */
export type RtpWorkerErrorCode =
  | 'POOL_CLOSED'
  | 'POOL_FULL'
  | 'NO_WORKERS'
  | 'WORKER_FAILED'
  | 'CALL_REJECTED'
  | 'UNKNOWN_CALL'
  | 'NOT_IN_WORKER';

/**
 * A state error of the worker pool, with a stable {@link RtpWorkerErrorCode} and, for errors about one
 * worker, that worker's index. Wrong option types are `TypeError`, out-of-range ones `RangeError`.
 *
 * @example
 * ```ts
 * import { isRtpWorkerError } from '@voip/rtp/node';
 * declare const pool: import('@voip/rtp/node').RtpWorkerPool;
 * try {
 *   await pool.placeCall({ media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000 } });
 * } catch (e) {
 *   if (isRtpWorkerError(e) && e.code === 'POOL_FULL') console.log('try another process');
 * }
 * ```
 */
export class RtpWorkerError extends Error {
  override readonly name = 'RtpWorkerError';
  /** Stable machine-readable reason. */
  readonly code: RtpWorkerErrorCode;
  /** The worker the error is about, when it is about one. */
  readonly worker: number | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a human-readable explanation.
   * @param worker - the worker's index, when the error is about one.
   * @param options - standard `ErrorOptions` (`cause`).
   */
  constructor(code: RtpWorkerErrorCode, message: string, worker?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.worker = worker;
  }
}

/**
 * True when `e` is an {@link RtpWorkerError}, checked by name so it survives duplicate installs.
 * @param e - anything caught.
 * @returns whether `e` is an `RtpWorkerError`.
 * @example
 * ```ts
 * import { isRtpWorkerError } from '@voip/rtp/node';
 * console.log(isRtpWorkerError(new Error('x'))); // false
 * ```
 */
export function isRtpWorkerError(e: unknown): e is RtpWorkerError {
  return e instanceof Error && e.name === 'RtpWorkerError' && typeof (e as { code?: unknown }).code === 'string';
}
