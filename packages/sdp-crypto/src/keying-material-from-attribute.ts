/**
 * The SRTP keying material of one `a=crypto` line taken on its own (RFC 4568 §6.1 key params, §6.3
 * session params), for keys that come from somewhere other than an offer/answer: a capture to decrypt, a
 * configuration file, a line logged by a PBX.
 * @module
 */
import type { CryptoAttribute } from './crypto-attribute.js';
import { getCryptoSuite } from './crypto-suite.js';
import type { SrtpKeyingMaterial } from './keying-material.js';
import { toKeyingMaterial } from './internal/material.js';

/**
 * Turns a parsed `a=crypto` attribute into the keying material `@voip/srtp` takes: the suite's canonical
 * name (legacy `AES_CM_256_…` names mapped), every `inline:` key with its lifetime and MKI, and the
 * declarative session parameters (`KDR=n` as a rate of 2^n, `UNENCRYPTED_SRTP`, `UNENCRYPTED_SRTCP`,
 * `UNAUTHENTICATED_SRTP`) and the window size hint `WSH=n` as `replayWindowSize` (RFC 4568 §6.3.6,
 * clamped to 32768). It checks nothing beyond what the parser checked: a suite this package does
 * not know keeps its name as written (and its key param as raw key‖salt in `masterKey`), so the SRTP
 * session will refuse it. In an offer/answer use `selectCryptoAnswer` / `acceptCryptoAnswer` instead:
 * they also apply the answerer's policies and generate the local key.
 *
 * @param attribute - a parsed attribute, from {@link parseCryptoAttribute}.
 * @returns the keying material of that line's sender.
 * @throws {TypeError} when `attribute` has no key params (a parsed attribute always has one).
 * @example
 * ```ts
 * import { keyingMaterialFromAttribute, parseCryptoAttribute } from '@voip/sdp-crypto';
 * const material = keyingMaterialFromAttribute(
 *   parseCryptoAttribute('a=crypto:1 AES_CM_256_HMAC_SHA1_80 inline:'
 *     + 'd0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj5ToR2rcwTr7FVqbTaMUw2Q==|2^31 UNENCRYPTED_SRTCP'),
 * );
 * material.suite; // 'AES_256_CM_HMAC_SHA1_80'
 * material.unencryptedSrtcp; // true
 * ```
 */
export function keyingMaterialFromAttribute(attribute: CryptoAttribute): SrtpKeyingMaterial {
  const suite = getCryptoSuite(attribute.suite)?.name ?? attribute.suite;
  return toKeyingMaterial(suite, attribute.keyParams, attribute.sessionParams);
}
