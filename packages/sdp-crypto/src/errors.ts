/**
 * The one error class of `@voip/sdp-crypto`: a malformed `a=crypto` line (RFC 4568 §9,
 * https://www.rfc-editor.org/rfc/rfc4568#section-9) or an SDES answer that does not match its offer
 * (RFC 4568 §7.1.3).
 *
 * Caller mistakes (formatting a 15-byte key for a 16-byte suite) are `TypeError` / `RangeError` instead;
 * only text a remote peer can send raises {@link SdpCryptoError}.
 * @module
 */

/**
 * Stable codes of {@link SdpCryptoError}. Codes are API: they are never renamed or reused.
 *
 * Parsing (`parseCryptoAttribute`, `decodeBase64`):
 * - `NOT_CRYPTO_ATTRIBUTE`: an `a=` line whose attribute is not `crypto`.
 * - `MISSING_TAG`, `BAD_TAG`: no tag, or not 1 to 9 digits (RFC 4568 §9.1).
 * - `MISSING_SUITE`, `BAD_SUITE`: no crypto-suite, or characters outside `ALPHA / DIGIT / "_"`.
 * - `MISSING_KEY_PARAMS`: no key-params field.
 * - `BAD_KEY_METHOD`: a key-param without `method:` or with a method other than `inline` (§9.2).
 * - `BAD_KEY_INFO`: an empty key-param, or more than `key|lifetime|mki` fields.
 * - `TOO_MANY_KEYS`: more than `MAX_KEY_PARAMS` (32) key-params on one line.
 * - `BAD_BASE64`: a character outside the base64 alphabet, a misplaced or extra `=`, an impossible length.
 * - `BAD_KEY_LENGTH`: key‖salt length differs from what the suite needs (RFC 4568 §6.1, RFC 6188, RFC 7714).
 * - `BAD_LIFETIME`: not `2^n` (n 0..64) nor a decimal 1..2^64 (RFC 4568 §6.1).
 * - `BAD_MKI`: not `value:length` with length 1..128 and a value that fits in `length` bytes; from
 *   `acceptCryptoAnswer`, several answered keys without distinct MKIs of one length (RFC 4568 §6.1).
 * - `BAD_SESSION_PARAM`: a known session parameter with a bad value (KDR, FEC_ORDER, FEC_KEY, WSH),
 *   or a parameter with characters outside VCHAR (RFC 4568 §6.3).
 *
 * Answer processing (`acceptCryptoAnswer`):
 * - `UNKNOWN_TAG`: the answer's tag matches no offered line (RFC 4568 §7.1.3).
 * - `SUITE_MISMATCH`: the answer's suite differs from the offered line's suite.
 * - `SESSION_PARAM_MISMATCH`: the answer's declarative session parameters differ from the offer's.
 * - `ECHOED_KEY`: the answer carries the offerer's own key instead of a fresh one (rvoip PR #43).
 * - `LIFETIME_TOO_SHORT`: an answered key's lifetime is below the offerer's `minLifetime` (default
 *   2^20, the answerer's floor).
 * - `MKI_NOT_ACCEPTED`: the answer's key carries an MKI and the offerer passed `acceptMki: false`.
 *
 * @example
 * ```ts
 * import { parseCryptoAttribute, isSdpCryptoError } from '@voip/sdp-crypto';
 * import type { SdpCryptoErrorCode } from '@voip/sdp-crypto';
 * let code: SdpCryptoErrorCode | undefined;
 * try {
 *   parseCryptoAttribute('1 AES_CM_128_HMAC_SHA1_80 inline:AAAA');
 * } catch (e) {
 *   if (isSdpCryptoError(e)) code = e.code; // 'BAD_KEY_LENGTH'
 * }
 * ```
 */
export type SdpCryptoErrorCode =
  | 'NOT_CRYPTO_ATTRIBUTE'
  | 'MISSING_TAG'
  | 'BAD_TAG'
  | 'MISSING_SUITE'
  | 'BAD_SUITE'
  | 'MISSING_KEY_PARAMS'
  | 'BAD_KEY_METHOD'
  | 'BAD_KEY_INFO'
  | 'TOO_MANY_KEYS'
  | 'BAD_BASE64'
  | 'BAD_KEY_LENGTH'
  | 'BAD_LIFETIME'
  | 'BAD_MKI'
  | 'BAD_SESSION_PARAM'
  | 'UNKNOWN_TAG'
  | 'SUITE_MISMATCH'
  | 'SESSION_PARAM_MISMATCH'
  | 'ECHOED_KEY'
  | 'LIFETIME_TOO_SHORT'
  | 'MKI_NOT_ACCEPTED';

/**
 * A malformed or mismatching `a=crypto` line, with a stable {@link SdpCryptoErrorCode} and the character
 * offset into the parsed string. See RFC 4568 §9 (https://www.rfc-editor.org/rfc/rfc4568#section-9).
 *
 * @example
 * ```ts
 * import { parseCryptoAttribute, isSdpCryptoError } from '@voip/sdp-crypto';
 * try {
 *   parseCryptoAttribute('a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:AAAA');
 * } catch (e) {
 *   if (isSdpCryptoError(e)) console.log(e.code, e.offset); // "BAD_TAG" 9
 * }
 * ```
 */
export class SdpCryptoError extends Error {
  override readonly name = 'SdpCryptoError';
  /** Stable machine-readable reason. */
  readonly code: SdpCryptoErrorCode;
  /** Character offset into the parsed string where the problem was found, when known. */
  readonly offset: number | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a human-readable explanation.
   * @param offset - the character offset into the input.
   * @param options - standard `ErrorOptions` (`cause`).
   */
  constructor(code: SdpCryptoErrorCode, message: string, offset?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.offset = offset;
  }
}

/**
 * True when `e` is an {@link SdpCryptoError}, checked by name so it survives duplicate installs of the
 * package. Never throws.
 *
 * @param e - anything caught.
 * @returns whether `e` is an `SdpCryptoError`.
 * @example
 * ```ts
 * import { isSdpCryptoError } from '@voip/sdp-crypto';
 * isSdpCryptoError(new Error('x')); // false
 * ```
 */
export const isSdpCryptoError = (e: unknown): e is SdpCryptoError =>
  e instanceof Error && e.name === 'SdpCryptoError';
