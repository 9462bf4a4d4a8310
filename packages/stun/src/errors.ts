/**
 * The one error class of `@voip/stun`, for bad bytes from the wire and for failed transactions.
 * Caller mistakes (a 15-byte transaction ID, a port of 70000) throw `TypeError` / `RangeError` instead.
 * @module
 */

/**
 * Stable error codes. Codes are API: they are never renamed or reused.
 *
 * Codec (`offset` points into the input):
 * - `TRUNCATED`: the input ends before a header, an attribute or a length field says it should.
 * - `NOT_STUN`: the two most significant bits are not zero (RFC 5389 §6).
 * - `BAD_MAGIC_COOKIE`: the magic cookie 0x2112A442 is missing and RFC 3489 messages are not allowed.
 * - `BAD_LENGTH`: the message length is not a multiple of 4 or does not match the input length.
 * - `BAD_ATTRIBUTE_LENGTH`: an attribute's length does not fit its type or the message.
 * - `BAD_ADDRESS_FAMILY`: an address attribute with a family other than 0x01 / 0x02.
 * - `BAD_ERROR_CODE`: an ERROR-CODE whose class is not 3..6 or whose number is not 0..99.
 * - `BAD_UTF8`: a text attribute that is not valid UTF-8.
 *
 * Transactions (`StunSocket` discovery):
 * - `TIMEOUT`: no response after the last retransmission (see `requestsSent`).
 * - `ERROR_RESPONSE`: the server answered with an error response (see `errorCode`, `reason`).
 * - `BAD_RESPONSE`: a success response with neither XOR-MAPPED-ADDRESS nor MAPPED-ADDRESS.
 * - `DNS_FAILURE`: the STUN server's host name did not resolve.
 * - `BIND_FAILED`: the local UDP socket could not be bound.
 * - `CLOSED`: the socket was closed while a transaction was running.
 */
export type StunErrorCode =
  | 'TRUNCATED'
  | 'NOT_STUN'
  | 'BAD_MAGIC_COOKIE'
  | 'BAD_LENGTH'
  | 'BAD_ATTRIBUTE_LENGTH'
  | 'BAD_ADDRESS_FAMILY'
  | 'BAD_ERROR_CODE'
  | 'BAD_UTF8'
  | 'TIMEOUT'
  | 'ERROR_RESPONSE'
  | 'BAD_RESPONSE'
  | 'DNS_FAILURE'
  | 'BIND_FAILED'
  | 'CLOSED';

/** Extra details a {@link StunError} may carry, besides the standard `cause`. */
export interface StunErrorOptions extends ErrorOptions {
  /** `TIMEOUT`: how many requests were sent (the original plus retransmissions). */
  readonly requestsSent?: number;
  /** `ERROR_RESPONSE`: the ERROR-CODE number (300..699), e.g. 401. */
  readonly errorCode?: number;
  /** `ERROR_RESPONSE`: the ERROR-CODE reason phrase. */
  readonly reason?: string;
}

/**
 * An error from the STUN codec or a STUN transaction. Check `code`, never the message text.
 *
 * @example
 * ```ts
 * import { parseStunMessage, isStunError } from '@voip/stun';
 * try {
 *   parseStunMessage(new Uint8Array(3));
 * } catch (e) {
 *   if (isStunError(e) && e.code === 'TRUNCATED') console.log('short datagram at', e.offset);
 * }
 * ```
 */
export class StunError extends Error {
  override readonly name = 'StunError';
  /** Stable error code. */
  readonly code: StunErrorCode;
  /** Offset into the parsed input where the problem was found (codec errors only). */
  readonly offset: number | undefined;
  /** `TIMEOUT`: requests sent, original included. */
  readonly requestsSent: number | undefined;
  /** `ERROR_RESPONSE`: the server's error code (e.g. 401). */
  readonly errorCode: number | undefined;
  /** `ERROR_RESPONSE`: the server's reason phrase. */
  readonly reason: string | undefined;

  /**
   * @param code - stable error code
   * @param message - human readable description
   * @param offset - offset into the input, for codec errors
   * @param options - `cause` and transaction details
   */
  constructor(code: StunErrorCode, message: string, offset?: number, options?: StunErrorOptions) {
    super(message, options);
    this.code = code;
    this.offset = offset;
    this.requestsSent = options?.requestsSent;
    this.errorCode = options?.errorCode;
    this.reason = options?.reason;
  }
}

/**
 * True when `e` is a {@link StunError}, also one from another copy of this package (checks the name).
 * @param e - any thrown value
 * @returns whether `e` is a StunError
 * @example
 * ```ts
 * import { isStunError } from '@voip/stun';
 * isStunError(new Error('x')); // false
 * ```
 */
export function isStunError(e: unknown): e is StunError {
  return e instanceof Error && e.name === 'StunError';
}
