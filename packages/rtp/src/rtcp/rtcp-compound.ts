/**
 * RTCP compound packets, RFC 3550 §6.1 (https://www.rfc-editor.org/rfc/rfc3550#section-6.1) with the
 * validity checks of Appendix A.2 (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.2).
 *
 * ```text
 * [SR or RR][SDES][BYE / APP / feedback ...]   one UDP datagram, packets back to back
 * ```
 * A.2: every packet has version 2; the first is SR or RR; only the last may be padded; the lengths
 * add up to exactly the datagram length.
 * @module
 */
import { RtpError } from '../errors.js';
import { viewOf } from './rtcp-codec.js';
import { readRtcpPacket, rtcpPacketByteLength, writeRtcpPacket, type RtcpPacket } from './rtcp-packet.js';

/**
 * Options of {@link parseRtcpCompound}.
 *
 * @example
 * ```ts
 * import { parseRtcpCompound } from '@voip/rtp';
 * parseRtcpCompound(new Uint8Array([0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]), { strict: false }); // a lone PLI
 * ```
 */
export interface ParseRtcpCompoundOptions {
  /**
   * Apply the RFC 3550 A.2 header checks (first packet SR or RR, padding only on the last). Default
   * true. Set false for reduced-size RTCP (RFC 5506), e.g. a lone PLI. Versions and lengths are
   * always checked.
   */
  readonly strict?: boolean;
}

/**
 * Parses a compound RTCP packet (one datagram) into its packets (RFC 3550 §6.1, A.2). Unknown types
 * come back as `RtcpUnknown`. Views in the result alias `bytes`.
 * @param bytes - the datagram (after SRTCP unprotect, if any).
 * @param options - `strict` (default true).
 * @returns the packets, in order.
 * @throws {RtpError} `TRUNCATED`, `BAD_VERSION`, `BAD_RTCP_LENGTH` (lengths do not add up),
 *   `BAD_PADDING`, `BAD_RTCP_PACKET`, `BAD_RTCP_COMPOUND` (strict: first not SR/RR, padding not last).
 * @example
 * ```ts
 * import { parseRtcpCompound } from '@voip/rtp';
 * const [rr] = parseRtcpCompound(new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 7]));
 * ```
 */
export function parseRtcpCompound(bytes: Uint8Array, options?: ParseRtcpCompoundOptions): RtcpPacket[] {
  const strict = options?.strict ?? true;
  if (bytes.length === 0) {
    throw new RtpError('TRUNCATED', 'empty RTCP compound packet', 0);
  }
  const view = viewOf(bytes);
  const packets: RtcpPacket[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const [packet, next] = readRtcpPacket(bytes, offset, view);
    if (strict) {
      // RFC 3550 A.2: the first packet must be SR or RR (the V/P/PT mask test).
      if (offset === 0 && packet.type !== 'SR' && packet.type !== 'RR') {
        throw new RtpError('BAD_RTCP_COMPOUND', `compound starts with ${describe(packet)}, not SR or RR`, 0);
      }
      // RFC 3550 A.2: RTCP_VALID_MASK covers the P bit, so the first packet has P=0 even when it is
      // the only one (padding belongs on the last packet of a compound of two or more).
      if (offset === 0 && (bytes[0]! & 0x20) !== 0) {
        throw new RtpError('BAD_RTCP_COMPOUND', 'the first packet of a compound has the padding bit set', 0);
      }
      // RFC 3550 §6.4.1 / A.2: only the last packet may carry padding.
      if (next < bytes.length && (packet.paddingLength ?? 0) !== 0) {
        throw new RtpError('BAD_RTCP_COMPOUND', `padded RTCP packet at offset ${offset} is not the last`, offset);
      }
    }
    packets.push(packet);
    offset = next;
  }
  return packets;
}

function describe(p: RtcpPacket): string {
  return p.type === 'UNKNOWN' ? `packet type ${p.packetType}` : p.type;
}

/**
 * Total bytes of `packets` back to back.
 * @param packets - the compound's packets.
 * @returns the datagram length.
 * @example
 * ```ts
 * import { rtcpCompoundByteLength } from '@voip/rtp';
 * rtcpCompoundByteLength([{ type: 'RR', ssrc: 1, reports: [] }, { type: 'BYE', ssrcs: [1] }]); // 16
 * ```
 */
export function rtcpCompoundByteLength(packets: readonly RtcpPacket[]): number {
  let n = 0;
  for (const p of packets) {
    n += rtcpPacketByteLength(p);
  }
  return n;
}

/**
 * Writes `packets` back to back into `out` at `offset` (RFC 3550 §6.1). The §6.1 composition rules
 * are the caller's (a conforming compound starts with SR or RR and pads only its last packet; RFC 5506
 * reduced-size RTCP does not), so anything {@link parseRtcpCompound} returned, strict or not, can be
 * written back.
 * @param packets - at least one packet.
 * @param out - destination.
 * @param offset - where to write, default 0.
 * @returns bytes written.
 * @throws {RangeError} empty list, a bad field, or `out` too small.
 * @example
 * ```ts
 * import { serializeRtcpCompoundInto } from '@voip/rtp';
 * const out = new Uint8Array(1500);
 * const n = serializeRtcpCompoundInto([{ type: 'RR', ssrc: 1, reports: [] }], out);
 * ```
 */
export function serializeRtcpCompoundInto(packets: readonly RtcpPacket[], out: Uint8Array, offset = 0): number {
  if (packets.length === 0) {
    throw new RangeError('"packets" expected at least 1 RTCP packet, got 0');
  }
  const view = viewOf(out);
  let o = offset;
  for (const p of packets) {
    o += writeRtcpPacket(p, out, view, o);
  }
  return o - offset;
}

/**
 * Serializes a compound RTCP packet into a new buffer (RFC 3550 §6.1).
 * @param packets - at least one packet; a conforming compound starts with SR or RR (§6.1).
 * @returns the datagram bytes.
 * @throws {RangeError} as {@link serializeRtcpCompoundInto}.
 * @example
 * ```ts
 * import { serializeRtcpCompound } from '@voip/rtp';
 * const bytes = serializeRtcpCompound([
 *   { type: 'RR', ssrc: 0x1234, reports: [] },
 *   { type: 'SDES', chunks: [{ ssrc: 0x1234, items: [{ type: 1, text: 'me@host' }] }] },
 * ]);
 * ```
 */
export function serializeRtcpCompound(packets: readonly RtcpPacket[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(rtcpCompoundByteLength(packets));
  serializeRtcpCompoundInto(packets, out, 0);
  return out;
}
