/**
 * Demultiplexing of one UDP port, RFC 7983 §7 (https://www.rfc-editor.org/rfc/rfc7983#section-7),
 * with RTP / RTCP told apart per RFC 5761 §4.
 * ```text
 *              +----------------+
 *              |        [0..3] -+--> STUN
 *              |      [16..19] -+--> ZRTP
 *  packet -->  |      [20..63] -+--> DTLS
 *              |      [64..79] -+--> TURN Channel
 *              |    [128..191] -+--> RTP/RTCP
 *              +----------------+
 * ```
 * @module
 */
import { MAGIC_COOKIE } from './constants.js';
import { readU32 } from './internal/bytes.js';

/** What a datagram is, by its first byte. */
export type DatagramKind = 'stun' | 'zrtp' | 'dtls' | 'turn-channel' | 'rtp' | 'rtcp' | 'unknown';

/**
 * Classifies a datagram by its first byte (RFC 7983 §7) and, for RTP/RTCP, by its second byte: with
 * RTP and RTCP on one port, RTCP packet types 192..223 never collide with RTP payload types plus the
 * marker bit (RFC 5761 §4). Never throws; an empty or one-byte RTP-range datagram is `'unknown'`.
 * @param bytes - the datagram
 * @returns the kind
 * @example
 * ```ts
 * import { classifyDatagram } from '@voip/stun';
 * classifyDatagram(Uint8Array.of(0x80, 200)); // 'rtcp' (sender report)
 * classifyDatagram(Uint8Array.of(0x80, 0)); // 'rtp' (PCMU)
 * ```
 */
export function classifyDatagram(bytes: Uint8Array): DatagramKind {
  if (bytes.length === 0) {
    return 'unknown';
  }
  const b = bytes[0]!;
  if (b <= 3) {
    return 'stun';
  }
  if (b >= 16 && b <= 19) {
    return 'zrtp';
  }
  if (b >= 20 && b <= 63) {
    return 'dtls';
  }
  if (b >= 64 && b <= 79) {
    return 'turn-channel';
  }
  if (b >= 128 && b <= 191) {
    if (bytes.length < 2) {
      return 'unknown';
    }
    const pt = bytes[1]!;
    return pt >= 192 && pt <= 223 ? 'rtcp' : 'rtp';
  }
  return 'unknown';
}

/**
 * A cheap guard: true when `bytes` looks like exactly one RFC 5389 STUN message (at least 20 bytes,
 * two top bits zero, length a multiple of 4 matching the input, magic cookie). Never throws.
 * @param bytes - the datagram
 * @returns whether it is a STUN message
 * @example
 * ```ts
 * import { isStunMessage } from '@voip/stun';
 * isStunMessage(new Uint8Array(20)); // false: no magic cookie
 * ```
 */
export function isStunMessage(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 20 || (bytes[0]! & 0xc0) !== 0) {
    return false;
  }
  const len = (bytes[2]! << 8) | bytes[3]!;
  if ((len & 3) !== 0 || len + 20 !== n) {
    return false;
  }
  return readU32(bytes, 4) === MAGIC_COOKIE;
}
