/**
 * Telling RTP from RTCP (and from STUN, DTLS, ...) on one socket, per RFC 5761 §4
 * (https://www.rfc-editor.org/rfc/rfc5761#section-4) and RFC 7983 §7 (https://www.rfc-editor.org/rfc/rfc7983#section-7).
 *
 * ```text
 * first byte 128..191  -> RTP or RTCP (version 2)
 * second byte 192..223 -> RTCP (packet types 192..223; RTP payload types 64..95 with marker are avoided)
 * ```
 * These guards never throw and read at most two bytes.
 * @module
 */

/** Smallest RTP packet: the 12-byte fixed header (RFC 3550 §5.1). */
export const RTP_MIN_LENGTH = 12;
/** Smallest RTCP packet: an empty RR is 8 bytes (RFC 3550 §6.4.2). */
export const RTCP_MIN_LENGTH = 8;

/**
 * True when `bytes` looks like RTCP on a muxed socket: version 2 and a packet type in 192..223
 * (RFC 5761 §4), at least 8 bytes.
 * @param bytes - one datagram.
 * @returns whether to hand it to the RTCP parser.
 * @example
 * ```ts
 * import { isRtcpPacket } from '@voip/rtp';
 * isRtcpPacket(new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 1])); // true (an empty RR)
 * ```
 */
export function isRtcpPacket(bytes: Uint8Array): boolean {
  if (bytes.length < RTCP_MIN_LENGTH) {
    return false;
  }
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  return b0 >= 128 && b0 <= 191 && b1 >= 192 && b1 <= 223;
}

/**
 * True when `bytes` looks like RTP (not RTCP) on a muxed socket: version 2, at least 12 bytes, and a
 * second byte outside 192..223 (RFC 5761 §4).
 * @param bytes - one datagram.
 * @returns whether to hand it to the RTP parser.
 * @example
 * ```ts
 * import { isRtpPacket } from '@voip/rtp';
 * isRtpPacket(new Uint8Array(12).fill(0x80, 0, 1)); // true
 * ```
 */
export function isRtpPacket(bytes: Uint8Array): boolean {
  if (bytes.length < RTP_MIN_LENGTH) {
    return false;
  }
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  return b0 >= 128 && b0 <= 191 && (b1 < 192 || b1 > 223);
}

/**
 * True when `bytes` is RTP or RTCP by the RFC 7983 first-byte rule (128..191) and long enough for
 * either (12 bytes for RTP, 8 for RTCP). STUN (0..3), DTLS (20..63) and TURN channels (64..79) are false.
 * @param bytes - one datagram.
 * @returns whether it belongs to RTP/RTCP.
 * @example
 * ```ts
 * import { isRtpOrRtcp } from '@voip/rtp';
 * isRtpOrRtcp(new Uint8Array([0x00, 0x01, 0, 0])); // false: a STUN message starts with 0..3
 * ```
 */
export function isRtpOrRtcp(bytes: Uint8Array): boolean {
  return isRtpPacket(bytes) || isRtcpPacket(bytes);
}
