/**
 * Checks of MESSAGE-INTEGRITY (RFC 5389 §15.4), MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) and
 * FINGERPRINT (RFC 5389 §15.5) on a parsed message. All return booleans (a failed check is routine
 * traffic, not an exception) and compare in constant time.
 * @module
 */
import { STUN_HEADER_LENGTH } from './constants.js';
import { constantTimeEqual, readU32 } from './internal/bytes.js';
import { crc32 } from './internal/crc32.js';
import { hmacSha256Stun } from './internal/sha256.js';
import { FINGERPRINT_XOR } from './message.js';
import type { ParsedStunMessage } from './message.js';
import { toStunKey } from './stun-key.js';
import type { StunKey } from './stun-key.js';

const MAC = new Uint8Array(20);

/**
 * Verifies MESSAGE-INTEGRITY (HMAC-SHA1), RFC 5389 §15.4: the HMAC covers the message up to the
 * attribute, with the header length field set as if MESSAGE-INTEGRITY were the last attribute.
 * @param msg - a parsed message
 * @param key - `shortTermKey(...)`, `longTermKey(...)` or raw key bytes
 * @returns true when the attribute is present and the HMAC matches
 * @example
 * ```ts
 * import { parseStunMessage, verifyMessageIntegrity, shortTermKey } from '@voip/stun';
 * declare const datagram: Uint8Array;
 * const ok = verifyMessageIntegrity(parseStunMessage(datagram), shortTermKey('pwd'));
 * ```
 */
export function verifyMessageIntegrity(msg: ParsedStunMessage, key: StunKey | Uint8Array): boolean {
  const at = msg.integrityOffset;
  if (at < 0) {
    return false;
  }
  const k = toStunKey(key);
  k.sha1.macStun(msg.raw, at, at + 24 - STUN_HEADER_LENGTH, MAC, 0);
  return constantTimeEqual(MAC, 0, msg.raw, at + 4, 20);
}

/**
 * Verifies MESSAGE-INTEGRITY-SHA256, RFC 8489 §14.6 (a truncated value of 16..32 bytes compares
 * its prefix).
 * @param msg - a parsed message
 * @param key - the key
 * @returns true when the attribute is present and the HMAC matches
 * @example
 * ```ts
 * import { parseStunMessage, verifyMessageIntegritySha256, shortTermKey } from '@voip/stun';
 * declare const datagram: Uint8Array;
 * const ok = verifyMessageIntegritySha256(parseStunMessage(datagram), shortTermKey('pwd'));
 * ```
 */
export function verifyMessageIntegritySha256(msg: ParsedStunMessage, key: StunKey | Uint8Array): boolean {
  const at = msg.integritySha256Offset;
  if (at < 0) {
    return false;
  }
  const raw = msg.raw;
  const len = (raw[at + 2]! << 8) | raw[at + 3]!;
  const digest = hmacSha256Stun(toStunKey(key).bytes, raw, at, at + 4 + len - STUN_HEADER_LENGTH);
  return constantTimeEqual(digest, 0, raw, at + 4, len);
}

/**
 * Verifies FINGERPRINT, RFC 5389 §15.5: CRC-32 of the message up to the attribute XOR 0x5354554e.
 * @param msg - a parsed message
 * @returns true when the attribute is present and matches
 * @example
 * ```ts
 * import { parseStunMessage, verifyFingerprint } from '@voip/stun';
 * declare const datagram: Uint8Array;
 * verifyFingerprint(parseStunMessage(datagram));
 * ```
 */
export function verifyFingerprint(msg: ParsedStunMessage): boolean {
  const at = msg.fingerprintOffset;
  if (at < 0) {
    return false;
  }
  const raw = msg.raw;
  const bodyLength = at + 8 - STUN_HEADER_LENGTH;
  let crc: number;
  if (raw.length === at + 8) {
    crc = crc32(raw, 0, at);
  } else {
    // Ignored attributes follow FINGERPRINT: hash with the length field it was computed with.
    crc = crc32(raw, 0, 2);
    crc = crc32(Uint8Array.of(bodyLength >>> 8, bodyLength & 0xff), 0, 2, crc);
    crc = crc32(raw, 4, at, crc);
  }
  const expected = (crc ^ FINGERPRINT_XOR) >>> 0;
  const got = readU32(raw, at + 4);
  // A CRC is no secret, but keep the comparison branch-free anyway.
  return ((expected ^ got) >>> 0) === 0;
}
