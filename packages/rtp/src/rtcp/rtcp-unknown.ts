/**
 * An RTCP packet of a type this package does not decode (XR, other feedback formats, ...), kept whole
 * so a compound packet still round-trips (RFC 3550 §6.1: unknown types are ignored, not fatal).
 * @module
 */
import { checkUint, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';

/**
 * An RTCP packet kept raw.
 *
 * @example
 * ```ts
 * import { parseRtcpCompound } from '@voip/rtp';
 * const [, xr] = parseRtcpCompound(new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 1, 0x80, 207, 0, 1, 0, 0, 0, 1]));
 * if (xr?.type === 'UNKNOWN') console.log(xr.packetType); // 207
 * ```
 */
export interface RtcpUnknown extends RtcpPacketCommon {
  readonly type: 'UNKNOWN';
  /** The 8-bit packet type (e.g. 207 XR). */
  readonly packetType: number;
  /** The 5-bit count / subtype / FMT field. */
  readonly count: number;
  /** Body after the 4-byte header, padding excluded; with the padding a multiple of 4 bytes (a view when parsed). */
  readonly body: Uint8Array;
}

/** @internal Body codec of unknown packets. */
export const unknownCodec: RtcpBodyCodec<RtcpUnknown> = {
  count: (p) => p.count,
  bodyLength: (p) => p.body.length,
  check(p) {
    checkUint('packetType', p.packetType, 8);
    checkUint('count', p.count, 5);
  },
  write(p, out, _view, o) {
    out.set(p.body, o);
  },
  read() {
    throw new Error('unreachable: unknown packets are read by readRtcpPacket');
  },
};
