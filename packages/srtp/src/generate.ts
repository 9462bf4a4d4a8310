/**
 * Fresh SDES keying material from a CSPRNG (RFC 4568 §6.1, https://www.rfc-editor.org/rfc/rfc4568#section-6.1;
 * RFC 3711 §8.1 wants master keys random and secret).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { SrtpKeyingMaterial } from './keying-material.js';
import { resolveSrtpSuite } from './suites.js';

/**
 * Fresh random keying material for `suite` (RFC 4568 §6.1: key and salt from a CSPRNG), ready for an
 * `a=crypto` line and for `new SrtpSession(...)`.
 *
 * @param suite - suite name; default `AES_CM_128_HMAC_SHA1_80`
 * @returns `{ suite, masterKey, masterSalt }`
 * @throws {SrtpError} `UNSUPPORTED_SUITE` for a suite that is not implemented, refused or unknown
 * @example
 * ```ts
 * import { generateSrtpKeyingMaterial } from '@voip/srtp';
 * const local = generateSrtpKeyingMaterial('AEAD_AES_256_GCM'); // masterKey 32 bytes, masterSalt 12
 * ```
 */
export function generateSrtpKeyingMaterial(suite = 'AES_CM_128_HMAC_SHA1_80'): SrtpKeyingMaterial {
  const s = resolveSrtpSuite(suite);
  const kb = randomBytes(s.keyLength + s.saltLength);
  const material = {
    suite: s.name,
    masterKey: new Uint8Array(kb.subarray(0, s.keyLength)),
    masterSalt: new Uint8Array(kb.subarray(s.keyLength)),
  };
  kb.fill(0);
  return material;
}

