/**
 * SRTP crypto suites by their SDES names: RFC 4568 §6.2 (https://www.rfc-editor.org/rfc/rfc4568#section-6.2),
 * RFC 6188 §3 (AES-192/256 counter mode), RFC 7714 §12 (AEAD AES-GCM), plus rtpengine's NULL_HMAC_SHA1_*.
 * @module
 */
import { SrtpError } from './errors.js';

/**
 * Canonical names of the suites this package implements (RFC 4568 §6.2, RFC 6188 §5, RFC 7714 §14.2).
 *
 * @example
 * ```ts
 * import type { SrtpSuiteName } from '@voip/srtp';
 * const preferred: SrtpSuiteName = 'AEAD_AES_256_GCM';
 * ```
 */
export type SrtpSuiteName =
  | 'AES_CM_128_HMAC_SHA1_80'
  | 'AES_CM_128_HMAC_SHA1_32'
  | 'AES_192_CM_HMAC_SHA1_80'
  | 'AES_192_CM_HMAC_SHA1_32'
  | 'AES_256_CM_HMAC_SHA1_80'
  | 'AES_256_CM_HMAC_SHA1_32'
  | 'AEAD_AES_128_GCM'
  | 'AEAD_AES_256_GCM'
  | 'NULL_HMAC_SHA1_80'
  | 'NULL_HMAC_SHA1_32';

/**
 * Cipher families: AES counter mode (RFC 3711 §4.1.1), AES-GCM (RFC 7714 §7), NULL (RFC 3711 §4.1.3).
 *
 * @example
 * ```ts
 * import { SrtpCipher, resolveSrtpSuite } from '@voip/srtp';
 * resolveSrtpSuite('AEAD_AES_128_GCM').cipher === SrtpCipher.AES_GCM; // true
 * ```
 */
export const SrtpCipher = { AES_CM: 'AES_CM', AES_GCM: 'AES_GCM', NULL: 'NULL' } as const;
/** One of {@link SrtpCipher}'s values. */
export type SrtpCipher = (typeof SrtpCipher)[keyof typeof SrtpCipher];

/**
 * Parameters of one suite (RFC 4568 §6.2, RFC 6188 §5, RFC 7714 §12).
 *
 * @example
 * ```ts
 * import { resolveSrtpSuite, type SrtpSuite } from '@voip/srtp';
 * const s: SrtpSuite = resolveSrtpSuite('AES_CM_128_HMAC_SHA1_32'); // srtpTagLength 4, srtcpTagLength 10
 * ```
 */
export interface SrtpSuite {
  readonly name: SrtpSuiteName;
  readonly cipher: SrtpCipher;
  /** Master (and session encryption) key length in bytes. */
  readonly keyLength: 16 | 24 | 32;
  /** Master salt length in bytes: 14, or 12 for AEAD GCM. */
  readonly saltLength: 14 | 12;
  /** SRTP authentication tag length in bytes (AEAD: the GCM tag). */
  readonly srtpTagLength: number;
  /** SRTCP authentication tag length in bytes: 10 for every HMAC suite (RFC 4568 §6.2), 16 for GCM. */
  readonly srtcpTagLength: number;
  /** HMAC-SHA1 session authentication key length (RFC 3711 §4.2.1), 0 for AEAD. */
  readonly authKeyLength: number;
}

const hmac = (
  name: SrtpSuiteName,
  cipher: SrtpCipher,
  keyLength: 16 | 24 | 32,
  srtpTagLength: number,
): SrtpSuite => ({ name, cipher, keyLength, saltLength: 14, srtpTagLength, srtcpTagLength: 10, authKeyLength: 20 });
const gcm = (name: SrtpSuiteName, keyLength: 16 | 32): SrtpSuite => ({
  name,
  cipher: SrtpCipher.AES_GCM,
  keyLength,
  saltLength: 12,
  srtpTagLength: 16,
  srtcpTagLength: 16,
  authKeyLength: 0,
});

const SUITES: ReadonlyMap<string, SrtpSuite> = new Map<string, SrtpSuite>([
  ['AES_CM_128_HMAC_SHA1_80', hmac('AES_CM_128_HMAC_SHA1_80', SrtpCipher.AES_CM, 16, 10)],
  ['AES_CM_128_HMAC_SHA1_32', hmac('AES_CM_128_HMAC_SHA1_32', SrtpCipher.AES_CM, 16, 4)],
  ['AES_192_CM_HMAC_SHA1_80', hmac('AES_192_CM_HMAC_SHA1_80', SrtpCipher.AES_CM, 24, 10)],
  ['AES_192_CM_HMAC_SHA1_32', hmac('AES_192_CM_HMAC_SHA1_32', SrtpCipher.AES_CM, 24, 4)],
  ['AES_256_CM_HMAC_SHA1_80', hmac('AES_256_CM_HMAC_SHA1_80', SrtpCipher.AES_CM, 32, 10)],
  ['AES_256_CM_HMAC_SHA1_32', hmac('AES_256_CM_HMAC_SHA1_32', SrtpCipher.AES_CM, 32, 4)],
  ['AEAD_AES_128_GCM', gcm('AEAD_AES_128_GCM', 16)],
  ['AEAD_AES_256_GCM', gcm('AEAD_AES_256_GCM', 32)],
  ['NULL_HMAC_SHA1_80', hmac('NULL_HMAC_SHA1_80', SrtpCipher.NULL, 16, 10)],
  ['NULL_HMAC_SHA1_32', hmac('NULL_HMAC_SHA1_32', SrtpCipher.NULL, 16, 4)],
]);

/** Draft names still offered by FreeSWITCH, Zoiper, Linphone (freeswitch#1251, rtpengine#703). */
const ALIASES: ReadonlyMap<string, SrtpSuiteName> = new Map<string, SrtpSuiteName>([
  ['AES_CM_256_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_80'],
  ['AES_CM_256_HMAC_SHA1_32', 'AES_256_CM_HMAC_SHA1_32'],
  ['AES_CM_192_HMAC_SHA1_80', 'AES_192_CM_HMAC_SHA1_80'],
  ['AES_CM_192_HMAC_SHA1_32', 'AES_192_CM_HMAC_SHA1_32'],
]);

/** Recognised (RFC 4568 §6.2, RFC 7714 §14.2) but not implemented. */
const RECOGNISED_UNSUPPORTED: ReadonlySet<string> = new Set([
  'AEAD_AES_128_GCM_8',
  'AEAD_AES_256_GCM_8',
  'F8_128_HMAC_SHA1_80',
  'F8_128_HMAC_SHA1_32',
]);

/**
 * Recognised and refused on purpose, with the reason. FreeSWITCH's `AES_CM_128_NULL_AUTH` is AES-CM
 * with the NULL authentication of RFC 3711 §4.2 for SRTP (SRTCP keeps its 80-bit tag, RFC 3711 §3.4):
 * without an SRTP tag nothing protects the media's integrity, and the replay list of RFC 3711 §3.3.2
 * only works on authenticated packets, so a forger could inject or replay media at will.
 */
const REFUSED: ReadonlyMap<string, string> = new Map([
  [
    'AES_CM_128_NULL_AUTH',
    'no SRTP authentication (RFC 3711 §4.2 NULL auth): no integrity and no replay protection (RFC 3711 §3.3.2)',
  ],
]);

/**
 * Looks up a suite by its SDES name (RFC 4568 §6.2), accepting the legacy `AES_CM_256_*` / `AES_CM_192_*`
 * aliases.
 *
 * @param name - suite name as written in `a=crypto`
 * @returns the suite's parameters
 * @throws {SrtpError} `UNSUPPORTED_SUITE` for every name this package cannot build sessions for: suites it
 *   recognises but does not implement (F8, `AEAD_AES_*_GCM_8`), suites it refuses
 *   (`AES_CM_128_NULL_AUTH`: no SRTP authentication means no integrity and no replay protection) and
 *   unknown names; the message says which
 * @throws {TypeError} when `name` is not a string
 * @example
 * ```ts
 * import { resolveSrtpSuite } from '@voip/srtp';
 * resolveSrtpSuite('AES_CM_256_HMAC_SHA1_80').name; // 'AES_256_CM_HMAC_SHA1_80'
 * ```
 */
export function resolveSrtpSuite(name: string): SrtpSuite {
  if (typeof name !== 'string') {
    throw new TypeError(`"suite" expected a string, got ${name === null ? 'null' : typeof name}`);
  }
  const canonical = ALIASES.get(name) ?? name;
  const suite = SUITES.get(canonical);
  if (suite !== undefined) {
    return suite;
  }
  if (RECOGNISED_UNSUPPORTED.has(name)) {
    throw new SrtpError('UNSUPPORTED_SUITE', `"suite" ${name} is recognised but not implemented by @voip/srtp`);
  }
  const why = REFUSED.get(name);
  if (why !== undefined) {
    throw new SrtpError('UNSUPPORTED_SUITE', `"suite" ${name} is refused: ${why}`);
  }
  throw new SrtpError(
    'UNSUPPORTED_SUITE',
    `"suite" ${JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}...` : name)} is unknown; expected one of ${[...SUITES.keys()].join(', ')}`,
  );
}

/**
 * True when {@link resolveSrtpSuite} would accept `name` (aliases included). Never throws.
 *
 * @param name - suite name
 * @returns whether sessions can be built for it
 * @example
 * ```ts
 * import { isSupportedSrtpSuite } from '@voip/srtp';
 * isSupportedSrtpSuite('AEAD_AES_128_GCM_8'); // false
 * ```
 */
export function isSupportedSrtpSuite(name: string): boolean {
  return SUITES.has(ALIASES.get(name) ?? name);
}

/**
 * Canonical names of every implemented suite (RFC 4568 §6.2, RFC 6188, RFC 7714), in a stable order
 * that implies no preference.
 *
 * @example
 * ```ts
 * import { SRTP_SUITE_NAMES } from '@voip/srtp';
 * SRTP_SUITE_NAMES.includes('NULL_HMAC_SHA1_80'); // true
 * ```
 */
export const SRTP_SUITE_NAMES: readonly SrtpSuiteName[] = [...SUITES.keys()] as SrtpSuiteName[];
