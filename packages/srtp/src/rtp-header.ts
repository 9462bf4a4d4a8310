/**
 * Length of an RTP header including CSRCs and header extension, RFC 3550 §5.1 and §5.3.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-5.1): where SRTP's encrypted portion starts
 * (RFC 3711 §3.1).
 * ```text
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC x 32)   |
 * |  defined by profile (X=1)     |           length (words)      |
 * |                        header extension                       |
 * ```
 * @module
 */
import { readU16 } from './internal/bytes.js';

/**
 * Returns the RTP header length of `bytes[off..off+length)`, or -1 when it is not version 2 or the
 * CSRC list / extension runs past `length`. Never throws.
 *
 * @param bytes - buffer holding the packet
 * @param off - packet start
 * @param length - bytes of the packet available for the header and payload
 * @returns header length in bytes, or -1
 * @example
 * ```ts
 * import { rtpHeaderLength } from '@voip/srtp';
 * rtpHeaderLength(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), 0, 12); // 12
 * ```
 */
export function rtpHeaderLength(bytes: Uint8Array, off: number, length: number): number {
  if (length < 12 || off < 0 || off + length > bytes.length) {
    return -1;
  }
  const b0 = bytes[off]!;
  if (b0 >>> 6 !== 2) {
    return -1;
  }
  let n = 12 + 4 * (b0 & 0x0f);
  if ((b0 & 0x10) !== 0) {
    if (n + 4 > length) {
      return -1;
    }
    n += 4 + 4 * readU16(bytes, off + n + 2);
  }
  return n <= length ? n : -1;
}
