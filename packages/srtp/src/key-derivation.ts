/**
 * SRTP key derivation, RFC 3711 §4.3 (https://www.rfc-editor.org/rfc/rfc3711#section-4.3), with the
 * AES-192/256 PRF of RFC 6188 §3 and the 96-bit-salt form of RFC 7714 §11.
 *
 * ```text
 * key_id = label || r          r = index DIV key_derivation_rate (48 bits; 0 when the rate is 0)
 * x      = key_id XOR master_salt        (both 112 bits, key_id right-aligned)
 * out    = AES-CM(master_key, IV = x * 2^16), first n octets
 * ```
 * A 12-byte AEAD master salt is padded with two zero octets on the right to 112 bits, as libsrtp does.
 * @module
 */
import { createCipheriv } from 'node:crypto';

/**
 * Key derivation labels, RFC 3711 §4.3.1 and §4.3.2 (https://www.rfc-editor.org/rfc/rfc3711#section-4.3.2).
 *
 * @example
 * ```ts
 * import { SrtpKdfLabel } from '@voip/srtp';
 * SrtpKdfLabel.SRTCP_SALT; // 5
 * ```
 */
export const SrtpKdfLabel = {
  SRTP_ENCRYPTION: 0,
  SRTP_AUTHENTICATION: 1,
  SRTP_SALT: 2,
  SRTCP_ENCRYPTION: 3,
  SRTCP_AUTHENTICATION: 4,
  SRTCP_SALT: 5,
} as const;
/** One of {@link SrtpKdfLabel}'s values. */
export type SrtpKdfLabel = (typeof SrtpKdfLabel)[keyof typeof SrtpKdfLabel];

/**
 * Derives one session key, salt or auth key from a master key (RFC 3711 §4.3.1).
 *
 * @param masterKey - 16, 24 or 32 bytes; selects AES-128/192/256 as the PRF (RFC 6188 §3)
 * @param masterSalt - 14 bytes, or 12 for AEAD suites (padded with zeros, RFC 7714 §11)
 * @param label - {@link SrtpKdfLabel}
 * @param r - `index DIV key_derivation_rate`, an integer below 2^48 (0 when the rate is 0)
 * @param length - octets wanted
 * @returns a fresh Uint8Array of `length` octets
 * @throws {RangeError} on a key, salt or `r` out of range
 * @example
 * ```ts
 * import { deriveSrtpKey, SrtpKdfLabel } from '@voip/srtp';
 * const sessionKey = deriveSrtpKey(new Uint8Array(16), new Uint8Array(14), SrtpKdfLabel.SRTP_ENCRYPTION, 0, 16);
 * ```
 */
export function deriveSrtpKey(
  masterKey: Uint8Array,
  masterSalt: Uint8Array,
  label: number,
  r: number,
  length: number,
): Uint8Array {
  if (masterKey.length !== 16 && masterKey.length !== 24 && masterKey.length !== 32) {
    throw new RangeError(`"masterKey" expected 16, 24 or 32 bytes, got ${masterKey.length}`);
  }
  if (masterSalt.length !== 14 && masterSalt.length !== 12) {
    throw new RangeError(`"masterSalt" expected 14 or 12 bytes, got ${masterSalt.length}`);
  }
  if (!Number.isSafeInteger(r) || r < 0 || r >= 2 ** 48) {
    throw new RangeError(`"r" expected an integer in [0, 2^48), got ${r}`);
  }
  const iv = new Uint8Array(16);
  iv.set(masterSalt);
  // key_id = label (8 bits) || r (48 bits), right-aligned against the 112-bit salt: bytes 7..13.
  iv[7]! ^= label;
  const hi = Math.floor(r / 2 ** 32);
  const lo = r >>> 0;
  iv[8]! ^= (hi >>> 8) & 0xff;
  iv[9]! ^= hi & 0xff;
  iv[10]! ^= lo >>> 24;
  iv[11]! ^= (lo >>> 16) & 0xff;
  iv[12]! ^= (lo >>> 8) & 0xff;
  iv[13]! ^= lo & 0xff;
  const ctr = createCipheriv(`aes-${masterKey.length * 8}-ctr`, masterKey, iv);
  const ks = ctr.update(new Uint8Array(length));
  ctr.final();
  const out = new Uint8Array(ks);
  ks.fill(0);
  iv.fill(0);
  return out;
}
