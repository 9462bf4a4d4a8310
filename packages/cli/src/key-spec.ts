/**
 * Turns what a user pastes as `--key` into SRTP keying material: a whole `a=crypto` line (which also
 * names the suite, RFC 4568 §9.1), the attribute value without `a=crypto:`, an `inline:` key param
 * (RFC 4568 §6.1, with `|lifetime` and `|MKI:length`), or bare base64 key‖salt.
 * @module
 */
import {
  CRYPTO_SUITES,
  getCryptoSuite,
  isSdpCryptoError,
  keyingMaterialFromAttribute,
  parseCryptoAttribute,
  type CryptoAttribute,
  type SrtpKeyingMaterial,
} from '@voip/sdp-crypto';
import { CliUsageError } from './errors.js';

/** The suite used when neither `--suite` nor an `a=crypto` line names one. */
export const DEFAULT_SUITE = 'AES_CM_128_HMAC_SHA1_80';

/** Canonical names of the suites that can protect and unprotect. */
export const IMPLEMENTED_SUITES: readonly string[] = CRYPTO_SUITES.filter((s) => s.status === 'implemented').map(
  (s) => s.name,
);

/**
 * Resolves a suite name (aliases and any case accepted) to its canonical name.
 * @param command - for the message
 * @param name - as the user wrote it
 * @returns the canonical name
 * @throws {CliUsageError} for an unknown or recognised-but-unimplemented suite
 * @example
 * ```ts
 * import { resolveSuite } from './key-spec.js';
 * resolveSuite('demo', 'AES_CM_256_HMAC_SHA1_80'); // 'AES_256_CM_HMAC_SHA1_80'
 * ```
 */
export function resolveSuite(command: string, name: string): string {
  const info = getCryptoSuite(name);
  if (info === undefined || info.status !== 'implemented') {
    const why = info === undefined ? 'unknown suite' : 'suite not implemented';
    throw new CliUsageError(`"--suite" ${why} "${name}"; expected one of ${IMPLEMENTED_SUITES.join(', ')}`, command);
  }
  return info.name;
}

/**
 * Parses one `--key` value.
 * @param command - for messages
 * @param text - the key as pasted
 * @param suiteOption - the `--suite` value, if given
 * @returns the keying material
 * @throws {CliUsageError} for a malformed key, a wrong length for the suite, or a suite conflict
 * @example
 * ```ts
 * import { parseKeySpec } from '@voip/cli';
 * parseKeySpec('srtp decrypt', 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz');
 * ```
 */
export function parseKeySpec(command: string, text: string, suiteOption?: string): SrtpKeyingMaterial {
  const given = suiteOption === undefined ? undefined : resolveSuite(command, suiteOption);
  let value = text.trim().replace(/^a=crypto:/i, '');
  const isLine = /^\d+\s+\S+\s+\S/.test(value);
  if (!isLine) {
    const suite = given ?? DEFAULT_SUITE;
    if (!/^inline:/i.test(value)) {
      value = `inline:${value}`;
    }
    value = `1 ${suite} ${value}`;
  }
  let attr: CryptoAttribute;
  try {
    attr = parseCryptoAttribute(value);
  } catch (e) {
    if (isSdpCryptoError(e)) {
      throw new CliUsageError(`"--key" ${e.message}`, command);
    }
    throw e;
  }
  const info = getCryptoSuite(attr.suite);
  if (info === undefined || info.status !== 'implemented') {
    throw new CliUsageError(
      `"--key" names ${info === undefined ? 'an unknown' : 'an unimplemented'} suite "${attr.suite}"; expected one of ${IMPLEMENTED_SUITES.join(', ')}`,
      command,
    );
  }
  if (isLine && given !== undefined && given !== info.name) {
    throw new CliUsageError(`"--suite" ${given} contradicts the a=crypto line's ${info.name}`, command);
  }
  return keyingMaterialFromAttribute(attr);
}
