/**
 * Writes one SDP `a=crypto` attribute (RFC 4568 §9.1, https://www.rfc-editor.org/rfc/rfc4568#section-9.1).
 * @module
 */
import type { CryptoAttribute } from './crypto-attribute.js';
import { getCryptoSuite } from './crypto-suite.js';
import { formatKeyParams } from './key-param.js';
import { formatSessionParam } from './session-param.js';
import { isList } from './internal/checks.js';

const MAX_TAG = 999_999_999;

/**
 * Options of {@link formatCryptoAttribute} (RFC 4568 §9.1, https://www.rfc-editor.org/rfc/rfc4568#section-9.1).
 *
 * @example
 * ```ts
 * import type { FormatCryptoAttributeOptions } from '@voip/sdp-crypto';
 * const rtpengineStyle: FormatCryptoAttributeOptions = { padded: false, prefix: true };
 * ```
 */
export interface FormatCryptoAttributeOptions {
  /** Pad base64 keys with `=` (default `true`); `false` writes them as rtpengine does. */
  readonly padded?: boolean;
  /** Start with `a=crypto:` (default `false`: the attribute value only). */
  readonly prefix?: boolean;
}

/**
 * Writes an `a=crypto` attribute value (RFC 4568 §9.1) in canonical form: single spaces, lifetimes that
 * are powers of two as `2^n` and others in decimal, MKI as `value:length`, the suite as given.
 * `parseCryptoAttribute(formatCryptoAttribute(a))` gives back `a`.
 *
 * For a suite in `CRYPTO_SUITES`, key and salt lengths are checked exactly; for an unknown suite the
 * `inline:` value is `masterKey‖masterSalt` as given.
 *
 * @param attr - the attribute.
 * @param options - `padded` (default `true`), `prefix` (default `false`).
 * @returns the attribute value, or the whole `a=crypto:` line with `prefix: true` (no CRLF).
 * @throws {TypeError} for a malformed `attr` (wrong types, suite characters, empty key params).
 * @throws {RangeError} for out-of-range values, worded like `"keyParams[0].masterKey" expected 16 bytes, got 15`.
 * @example
 * ```ts
 * import { formatCryptoAttribute } from '@voip/sdp-crypto';
 * formatCryptoAttribute(
 *   {
 *     tag: 1,
 *     suite: 'AES_CM_128_HMAC_SHA1_80',
 *     keyParams: [{ masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14), lifetime: 2 ** 31 }],
 *     sessionParams: [],
 *   },
 *   { prefix: true },
 * ); // 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|2^31'
 * ```
 */
export function formatCryptoAttribute(attr: CryptoAttribute, options: FormatCryptoAttributeOptions = {}): string {
  const padded = options.padded ?? true;
  if (!Number.isInteger(attr.tag) || attr.tag < 0 || attr.tag > MAX_TAG) {
    throw new RangeError(`"tag" expected an integer 0..999999999, got ${String(attr.tag)}`);
  }
  if (typeof attr.suite !== 'string' || !/^[A-Za-z0-9_]+$/.test(attr.suite)) {
    throw new TypeError(`"suite" expected 1*(ALPHA / DIGIT / "_"), got ${JSON.stringify(attr.suite)}`);
  }
  const info = getCryptoSuite(attr.suite);
  const parts = [String(attr.tag), attr.suite, formatKeyParams(attr.keyParams, info, padded, 'keyParams')];
  if (!isList(attr.sessionParams)) {
    throw new TypeError('"sessionParams" expected an array');
  }
  attr.sessionParams.forEach((p, i) => parts.push(formatSessionParam(p, info, padded, `sessionParams[${i}]`)));
  return (options.prefix === true ? 'a=crypto:' : '') + parts.join(' ');
}
