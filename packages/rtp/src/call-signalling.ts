/**
 * How a call asks the signalling layer to end it. Rather than the RTP call sending a SIP BYE itself,
 * the SIP (or any other) stack is injected, so `@voip/rtp` stays signalling-agnostic.
 * @module
 */
import type { RtpCall } from './rtp-call.js';

/**
 * The signalling side of a call: {@link RtpCall.hangUp} calls `hangUp` after it has sent the RTCP BYE
 * (RFC 3550 §6.6) and stopped its media, so the SIP layer can send its BYE (RFC 3261 §15.1.1).
 *
 * @example
 * ```ts
 * import type { CallSignalling } from '@voip/rtp';
 * const signalling: CallSignalling = {
 *   async hangUp(call, reason) {
 *     console.log(`BYE to ${call.caller?.uri ?? 'unknown'}: ${reason ?? 'normal clearing'}`);
 *   },
 * };
 * ```
 */
export interface CallSignalling {
  /** Ends the call on the signalling side. A rejection propagates out of `RtpCall.hangUp`. */
  hangUp(call: RtpCall, reason?: string): void | Promise<void>;
}

/**
 * The same as {@link CallSignalling} written as a bare callback.
 * @example
 * ```ts
 * import type { CallSignallingFunction } from '@voip/rtp';
 * const bye: CallSignallingFunction = (call, reason) => console.log('BYE', call.caller?.uri, reason);
 * ```
 */
export type CallSignallingFunction = (call: RtpCall, reason?: string) => void | Promise<void>;

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
