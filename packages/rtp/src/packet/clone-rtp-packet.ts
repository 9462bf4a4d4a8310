/**
 * A deep copy of an {@link RtpPacket}, for an application that keeps a packet past its callback when
 * the call reuses its received packets ({@link RtpCallOptions.reuseReceivedPackets}).
 * @module
 */
import type { RtpPacket } from './rtp-packet.js';

/**
 * Copies `packet` into a new, independent object: its own payload, extension data and CSRC list, so
 * nothing aliases a buffer the call or the transport reuses (RFC 3550 §5.1 fields, unchanged).
 * @param packet - A packet, e.g. as `onPacket` receives it.
 * @returns The copy; later packets never change it.
 * @example
 * ```ts
 * import { cloneRtpPacket, parseRtpPacket, type RtpPacket } from '@voip/rtp';
 * const kept: RtpPacket[] = [];
 * const bytes = new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7, 0xff]);
 * kept.push(cloneRtpPacket(parseRtpPacket(bytes)));
 * bytes.fill(0); // the copy keeps its payload [255]
 * ```
 */
export function cloneRtpPacket(packet: RtpPacket): RtpPacket {
  const ext = packet.extension;
  return {
    payloadType: packet.payloadType,
    sequenceNumber: packet.sequenceNumber,
    timestamp: packet.timestamp,
    ssrc: packet.ssrc,
    marker: packet.marker,
    csrcs: [...packet.csrcs],
    extension: ext === undefined ? undefined : { profile: ext.profile, data: new Uint8Array(ext.data) },
    payload: new Uint8Array(packet.payload), // a copy, and a plain Uint8Array even from a node buffer (whose slice is a view)
    paddingLength: packet.paddingLength,
  };
}
