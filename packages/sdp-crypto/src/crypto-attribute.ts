/**
 * The parsed form of one SDP `a=crypto` attribute (RFC 4568 §4 and §9.1,
 * https://www.rfc-editor.org/rfc/rfc4568#section-9.1):
 * ```text
 * a=crypto:<tag> <crypto-suite> <key-params> [<session-param>]*
 * key-params = key-param *(";" key-param)
 * key-param  = "inline:" <base64 key||salt> ["|" lifetime] ["|" mki-value ":" mki-length]
 * ```
 * @module
 */
import type { SrtpMasterKey } from './keying-material.js';

/**
 * One SRTP session parameter (RFC 4568 §6.3, https://www.rfc-editor.org/rfc/rfc4568#section-6.3).
 *
 * - `KDR`: `KDR=n`, key derivation rate 2^n, n 0..24 (§6.3.1).
 * - `UNENCRYPTED_SRTP` / `UNENCRYPTED_SRTCP` (§6.3.2), `UNAUTHENTICATED_SRTP` (§6.3.3).
 * - `FEC_ORDER`: `FEC_ORDER=FEC_SRTP|SRTP_FEC` (§6.3.4).
 * - `FEC_KEY`: `FEC_KEY=<key-params>`, master keys for the FEC stream (§6.3.5).
 * - `WSH`: `WSH=n`, replay window size hint, at least 64 (§6.3.6).
 * - `EXTENSION`: any other parameter, kept verbatim (§6.3.7 extensions).
 *
 * @example
 * ```ts
 * import type { SrtpSessionParam } from '@voip/sdp-crypto';
 * const params: SrtpSessionParam[] = [{ type: 'UNENCRYPTED_SRTCP' }, { type: 'KDR', exponent: 0 }];
 * ```
 */
export type SrtpSessionParam =
  | { readonly type: 'KDR'; readonly exponent: number }
  | { readonly type: 'UNENCRYPTED_SRTP' }
  | { readonly type: 'UNENCRYPTED_SRTCP' }
  | { readonly type: 'UNAUTHENTICATED_SRTP' }
  | { readonly type: 'FEC_ORDER'; readonly order: 'FEC_SRTP' | 'SRTP_FEC' }
  | { readonly type: 'FEC_KEY'; readonly keyParams: readonly SrtpMasterKey[] }
  | { readonly type: 'WSH'; readonly windowSize: number }
  | { readonly type: 'EXTENSION'; readonly value: string };

/**
 * One `a=crypto` attribute (RFC 4568 §9.1).
 *
 * For a suite in `CRYPTO_SUITES`, each key param's `masterKey` and `masterSalt` have the suite's
 * exact lengths. For an unknown suite the split is unknowable: `masterKey` then holds the whole decoded
 * key‖salt and `masterSalt` is empty (length 0), which formats back to the same `inline:` value.
 *
 * @example
 * ```ts
 * import type { CryptoAttribute } from '@voip/sdp-crypto';
 * const attr: CryptoAttribute = {
 *   tag: 1,
 *   suite: 'AES_CM_128_HMAC_SHA1_80',
 *   keyParams: [{ masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14) }],
 *   sessionParams: [{ type: 'UNENCRYPTED_SRTCP' }],
 * };
 * ```
 */
export interface CryptoAttribute {
  /** Decimal tag, 0..999999999 (RFC 4568 §9.1: 1*9DIGIT); the answer echoes it. */
  readonly tag: number;
  /** Suite name as written (legacy aliases kept; see `getCryptoSuite` for the canonical name). */
  readonly suite: string;
  /** One or more `inline:` key params, in order. */
  readonly keyParams: readonly SrtpMasterKey[];
  /** Session parameters, in order. */
  readonly sessionParams: readonly SrtpSessionParam[];
}
