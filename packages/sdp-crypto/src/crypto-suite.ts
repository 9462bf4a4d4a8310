/**
 * The SDES crypto-suite table: every suite seen in `a=crypto` lines in the wild, with the exact key and
 * salt lengths (so key material is checked per suite) and the SRTP/SRTCP authentication tag lengths.
 *
 * Sources: RFC 4568 §6.2 (https://www.rfc-editor.org/rfc/rfc4568#section-6.2) for AES_CM_128 and F8,
 * RFC 6188 §3 (https://www.rfc-editor.org/rfc/rfc6188#section-3) for AES-192/256 counter mode,
 * RFC 7714 §12 (https://www.rfc-editor.org/rfc/rfc7714#section-12) for AEAD AES-GCM, plus the
 * non-standard names real peers send (FreeSWITCH `_GCM_8` and `AES_CM_128_NULL_AUTH`, rtpengine
 * `NULL_HMAC_SHA1_*` and `F8_128_HMAC_SHA1_32`, the draft aliases `AES_CM_256_*` / `AES_CM_192_*`).
 * @module
 */

/**
 * Whether `@voip/srtp` can build sessions for a suite (`'implemented'`), this package only knows its
 * lengths so the line can be parsed and skipped cleanly (`'recognised'`), or the suite is refused on
 * purpose by both packages (`'refused'`, with {@link CryptoSuiteInfo.refusal} saying why:
 * `AES_CM_128_NULL_AUTH` has no SRTP authentication, so no integrity and no replay protection, RFC 3711
 * §3.3.2). Suites: RFC 4568 §6.2 (https://www.rfc-editor.org/rfc/rfc4568#section-6.2).
 *
 * @example
 * ```ts
 * import { CryptoSuiteStatus, getCryptoSuite } from '@voip/sdp-crypto';
 * getCryptoSuite('AEAD_AES_128_GCM_8')?.status === CryptoSuiteStatus.RECOGNISED; // true
 * ```
 */
export const CryptoSuiteStatus = { IMPLEMENTED: 'implemented', RECOGNISED: 'recognised', REFUSED: 'refused' } as const;
/** One of {@link CryptoSuiteStatus}'s values. */
export type CryptoSuiteStatus = (typeof CryptoSuiteStatus)[keyof typeof CryptoSuiteStatus];

/**
 * Parameters of one SDES crypto suite (RFC 4568 §6.2, https://www.rfc-editor.org/rfc/rfc4568#section-6.2).
 *
 * @example
 * ```ts
 * import { getCryptoSuite } from '@voip/sdp-crypto';
 * const s = getCryptoSuite('AES_CM_128_HMAC_SHA1_32');
 * s?.srtpAuthTagLength; // 4
 * s?.srtcpAuthTagLength; // 10
 * ```
 */
export interface CryptoSuiteInfo {
  /** Canonical name (RFC spelling). */
  readonly name: string;
  /** Other names peers use for the same suite (matched by {@link getCryptoSuite}). */
  readonly aliases: readonly string[];
  /** Cipher family. */
  readonly cipher: 'AES_CM' | 'AES_F8' | 'AES_GCM' | 'NULL';
  /** Master key length in bytes. */
  readonly masterKeyLength: number;
  /** Master salt length in bytes. */
  readonly masterSaltLength: number;
  /** SRTP authentication tag length in bytes (AEAD: the GCM tag; 0: no SRTP authentication). */
  readonly srtpAuthTagLength: number;
  /** SRTCP authentication tag length in bytes (10 for every HMAC-SHA1 suite, RFC 4568 §6.2.2). */
  readonly srtcpAuthTagLength: number;
  /** Implemented by `@voip/srtp`, recognised only, or refused. */
  readonly status: CryptoSuiteStatus;
  /** For a `'refused'` suite: why (e.g. `'no authentication: ...'`); absent otherwise. */
  readonly refusal?: string;
  /** Where the suite is defined. */
  readonly reference: string;
}

const suite = (
  name: string,
  cipher: CryptoSuiteInfo['cipher'],
  masterKeyLength: number,
  masterSaltLength: number,
  srtpAuthTagLength: number,
  srtcpAuthTagLength: number,
  status: CryptoSuiteStatus,
  reference: string,
  aliases: readonly string[] = [],
  refusal?: string,
): CryptoSuiteInfo =>
  Object.freeze({
    name,
    aliases: Object.freeze([...aliases]),
    cipher,
    masterKeyLength,
    masterSaltLength,
    srtpAuthTagLength,
    srtcpAuthTagLength,
    status,
    reference,
    ...(refusal === undefined ? {} : { refusal }),
  });

const I = CryptoSuiteStatus.IMPLEMENTED;
const R = CryptoSuiteStatus.RECOGNISED;
const X = CryptoSuiteStatus.REFUSED;
/** Why the NULL-auth suite is refused (also the answerer's rejection message). */
const NO_AUTH = 'no authentication: SRTP without a tag has no integrity and no replay protection (RFC 3711 §3.3.2)';

/**
 * Every SDES suite this package knows, in no preference order. Frozen.
 *
 * | suite | key | salt | SRTP tag | SRTCP tag | status |
 * |---|---|---|---|---|---|
 * | AES_CM_128_HMAC_SHA1_80 / _32 | 16 | 14 | 10 / 4 | 10 | implemented |
 * | AES_192_CM_HMAC_SHA1_80 / _32 | 24 | 14 | 10 / 4 | 10 | implemented |
 * | AES_256_CM_HMAC_SHA1_80 / _32 | 32 | 14 | 10 / 4 | 10 | implemented |
 * | AEAD_AES_128_GCM / AEAD_AES_256_GCM | 16 / 32 | 12 | 16 | 16 | implemented |
 * | NULL_HMAC_SHA1_80 / _32 (rtpengine) | 16 | 14 | 10 / 4 | 10 | implemented |
 * | AEAD_AES_128_GCM_8 / AEAD_AES_256_GCM_8 | 16 / 32 | 12 | 8 | 8 | recognised |
 * | F8_128_HMAC_SHA1_80 / _32 | 16 | 14 | 10 / 4 | 10 | recognised |
 * | AES_CM_128_NULL_AUTH (FreeSWITCH) | 16 | 14 | 0 | 10 | refused: no authentication |
 *
 * `AES_CM_128_NULL_AUTH` is refused by this package (the answerer skips its lines, the offerer will not
 * offer it) and by `@voip/srtp` (`UNSUPPORTED_SUITE`): without an SRTP tag (RFC 3711 §4.2 NULL auth)
 * nothing protects the media's integrity, and replay protection (RFC 3711 §3.3.2) needs authentication.
 *
 * @example
 * ```ts
 * import { CRYPTO_SUITES } from '@voip/sdp-crypto';
 * CRYPTO_SUITES.filter((s) => s.status === 'implemented').map((s) => s.name);
 * ```
 */
export const CRYPTO_SUITES: readonly CryptoSuiteInfo[] = Object.freeze([
  suite('AES_CM_128_HMAC_SHA1_80', 'AES_CM', 16, 14, 10, 10, I, 'RFC 4568 §6.2.1'),
  suite('AES_CM_128_HMAC_SHA1_32', 'AES_CM', 16, 14, 4, 10, I, 'RFC 4568 §6.2.2'),
  suite('AES_192_CM_HMAC_SHA1_80', 'AES_CM', 24, 14, 10, 10, I, 'RFC 6188 §3', ['AES_CM_192_HMAC_SHA1_80']),
  suite('AES_192_CM_HMAC_SHA1_32', 'AES_CM', 24, 14, 4, 10, I, 'RFC 6188 §3', ['AES_CM_192_HMAC_SHA1_32']),
  suite('AES_256_CM_HMAC_SHA1_80', 'AES_CM', 32, 14, 10, 10, I, 'RFC 6188 §3', ['AES_CM_256_HMAC_SHA1_80']),
  suite('AES_256_CM_HMAC_SHA1_32', 'AES_CM', 32, 14, 4, 10, I, 'RFC 6188 §3', ['AES_CM_256_HMAC_SHA1_32']),
  suite('AEAD_AES_128_GCM', 'AES_GCM', 16, 12, 16, 16, I, 'RFC 7714 §12'),
  suite('AEAD_AES_256_GCM', 'AES_GCM', 32, 12, 16, 16, I, 'RFC 7714 §12'),
  suite('NULL_HMAC_SHA1_80', 'NULL', 16, 14, 10, 10, I, 'rtpengine (RFC 3711 §4.1.3 NULL cipher)'),
  suite('NULL_HMAC_SHA1_32', 'NULL', 16, 14, 4, 10, I, 'rtpengine (RFC 3711 §4.1.3 NULL cipher)'),
  suite('AEAD_AES_128_GCM_8', 'AES_GCM', 16, 12, 8, 8, R, 'RFC 7714 §14.2 (8-byte tag; FreeSWITCH, Asterisk)'),
  suite('AEAD_AES_256_GCM_8', 'AES_GCM', 32, 12, 8, 8, R, 'RFC 7714 §14.2 (8-byte tag; FreeSWITCH, Asterisk)'),
  suite('F8_128_HMAC_SHA1_80', 'AES_F8', 16, 14, 10, 10, R, 'RFC 4568 §6.2.3'),
  suite('F8_128_HMAC_SHA1_32', 'AES_F8', 16, 14, 4, 10, R, 'rtpengine'),
  suite('AES_CM_128_NULL_AUTH', 'AES_CM', 16, 14, 0, 10, X, 'FreeSWITCH (RFC 3711 §4.2 NULL auth for SRTP)', [], NO_AUTH),
]);

const BY_NAME: ReadonlyMap<string, CryptoSuiteInfo> = new Map(
  CRYPTO_SUITES.flatMap((s) => [s.name, ...s.aliases].map((n): [string, CryptoSuiteInfo] => [n, s])),
);

/**
 * The answerer's default suite set: canonical names of the suites `@voip/srtp` implements with
 * encryption (RFC 4568 §6.2, RFC 6188 §3, RFC 7714 §12). NULL_HMAC_SHA1_* are implemented but only
 * accepted when listed explicitly. The order carries no preference (the offer's order decides).
 *
 * @example
 * ```ts
 * import { DEFAULT_ANSWER_SUITES, selectCryptoAnswer } from '@voip/sdp-crypto';
 * selectCryptoAnswer([], { suites: [...DEFAULT_ANSWER_SUITES, 'NULL_HMAC_SHA1_80'] });
 * ```
 */
export const DEFAULT_ANSWER_SUITES: readonly string[] = Object.freeze([
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
  'AES_192_CM_HMAC_SHA1_80',
  'AES_192_CM_HMAC_SHA1_32',
  'AES_256_CM_HMAC_SHA1_80',
  'AES_256_CM_HMAC_SHA1_32',
  'AEAD_AES_128_GCM',
  'AEAD_AES_256_GCM',
]);

/**
 * Looks up a suite by the name written in an `a=crypto` line (RFC 4568 §6.2), accepting the draft
 * aliases `AES_CM_256_*` / `AES_CM_192_*` (still offered by FreeSWITCH and rtpengine: freeswitch#1251, rtpengine#703) and any letter
 * case (RFC 4568 §9 ABNF literals are case-insensitive). Never throws.
 *
 * @param name - suite name as written.
 * @returns the suite's parameters (with its canonical `name`), or `undefined` for unknown names.
 * @example
 * ```ts
 * import { getCryptoSuite } from '@voip/sdp-crypto';
 * getCryptoSuite('AES_CM_256_HMAC_SHA1_80')?.name; // 'AES_256_CM_HMAC_SHA1_80'
 * getCryptoSuite('AEAD_AES_256_GCM_8')?.status; // 'recognised'
 * getCryptoSuite('ROT13'); // undefined
 * ```
 */
export function getCryptoSuite(name: string): CryptoSuiteInfo | undefined {
  if (typeof name !== 'string') {
    return undefined;
  }
  return BY_NAME.get(name) ?? BY_NAME.get(name.toUpperCase());
}
