/**
 * One RTCP packet of any type: the common header of RFC 3550 §6.4.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1), padding, and dispatch to the type codecs.
 *
 * ```text
 * |V=2|P|  count  |      PT       |             length            |
 * |                    type-specific body ...                     |
 * |                    padding ...                | padding count |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import { RTCP_HEADER_LENGTH, viewOf, type RtcpBodyCodec } from './rtcp-codec.js';
import { appCodec, type RtcpApp } from './rtcp-app.js';
import { byeCodec, type RtcpBye } from './rtcp-bye.js';
import { fullIntraRequestCodec, type RtcpFullIntraRequest } from './rtcp-full-intra-request.js';
import { genericNackCodec, type RtcpGenericNack } from './rtcp-generic-nack.js';
import { pictureLossIndicationCodec, type RtcpPictureLossIndication } from './rtcp-picture-loss-indication.js';
import { receiverReportCodec, type RtcpReceiverReport } from './rtcp-receiver-report.js';
import { senderReportCodec, type RtcpSenderReport } from './rtcp-sender-report.js';
import { sourceDescriptionCodec, type RtcpSourceDescription } from './rtcp-source-description.js';
import { unknownCodec, type RtcpUnknown } from './rtcp-unknown.js';

/**
 * RTCP packet type numbers (RFC 3550 §12.1, RFC 4585 §6.1).
 *
 * @example
 * ```ts
 * import { RtcpPacketType } from '@voip/rtp';
 * const isSr = (pt: number): boolean => pt === RtcpPacketType.SR;
 * ```
 */
export const RtcpPacketType: {
  readonly SR: 200;
  readonly RR: 201;
  readonly SDES: 202;
  readonly BYE: 203;
  readonly APP: 204;
  readonly RTPFB: 205;
  readonly PSFB: 206;
} = { SR: 200, RR: 201, SDES: 202, BYE: 203, APP: 204, RTPFB: 205, PSFB: 206 } as const;

/**
 * Any RTCP packet, discriminated by `type`.
 *
 * @example
 * ```ts
 * import type { RtcpPacket } from '@voip/rtp';
 * const describe = (p: RtcpPacket): string => (p.type === 'UNKNOWN' ? `type ${p.packetType}` : p.type);
 * ```
 */
export type RtcpPacket =
  | RtcpSenderReport
  | RtcpReceiverReport
  | RtcpSourceDescription
  | RtcpBye
  | RtcpApp
  | RtcpGenericNack
  | RtcpPictureLossIndication
  | RtcpFullIntraRequest
  | RtcpUnknown;

function codecOf(p: RtcpPacket): [number, RtcpBodyCodec<RtcpPacket>] {
  const pick = <T extends RtcpPacket>(pt: number, codec: RtcpBodyCodec<T>): [number, RtcpBodyCodec<RtcpPacket>] => [
    pt,
    codec,
  ];
  switch (p.type) {
    case 'SR':
      return pick(200, senderReportCodec);
    case 'RR':
      return pick(201, receiverReportCodec);
    case 'SDES':
      return pick(202, sourceDescriptionCodec);
    case 'BYE':
      return pick(203, byeCodec);
    case 'APP':
      return pick(204, appCodec);
    case 'NACK':
      return pick(205, genericNackCodec);
    case 'PLI':
      return pick(206, pictureLossIndicationCodec);
    case 'FIR':
      return pick(206, fullIntraRequestCodec);
    case 'UNKNOWN':
      return pick(p.packetType, unknownCodec);
    default:
      throw new TypeError(`"type" expected an RTCP packet type, got ${String((p as { type: unknown }).type)}`);
  }
}

/**
 * Reads the RTCP packet that starts at `offset` (RFC 3550 §6.4.1), for walking a compound packet.
 * Views in the result alias `bytes`.
 * @param bytes - the buffer (a compound packet).
 * @param offset - where the packet starts.
 * @param view - optional DataView over exactly `bytes`, to reuse one per compound.
 * @returns the packet and the offset just after it (padding included).
 * @throws {RtpError} `TRUNCATED` (under 4 bytes left), `BAD_VERSION`, `BAD_RTCP_LENGTH` (length runs
 *   past the end), `BAD_PADDING`, `BAD_RTCP_PACKET` (body inconsistent with its type).
 * @example
 * ```ts
 * import { readRtcpPacket } from '@voip/rtp';
 * const [rr, next] = readRtcpPacket(new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 7]), 0);
 * rr.type; // 'RR'
 * next; // 8
 * ```
 */
export function readRtcpPacket(bytes: Uint8Array, offset: number, view: DataView = viewOf(bytes)): [RtcpPacket, number] {
  if (offset + RTCP_HEADER_LENGTH > bytes.length) {
    throw new RtpError('TRUNCATED', `RTCP header at offset ${offset} needs 4 bytes, ${bytes.length - offset} left`, offset);
  }
  const b0 = bytes[offset] as number;
  if (b0 >> 6 !== 2) {
    throw new RtpError('BAD_VERSION', `RTCP version must be 2, got ${b0 >> 6} at offset ${offset}`, offset);
  }
  const count = b0 & 0x1f;
  const packetType = bytes[offset + 1] as number;
  const end = offset + (view.getUint16(offset + 2) + 1) * 4;
  if (end > bytes.length) {
    throw new RtpError(
      'BAD_RTCP_LENGTH',
      `RTCP packet at offset ${offset} claims ${end - offset} bytes, ${bytes.length - offset} left`,
      offset + 2,
    );
  }
  let bodyEnd = end;
  let paddingLength = 0;
  if ((b0 & 0x20) !== 0) {
    // RFC 3550 §6.4.1: the last octet counts the padding octets, itself included.
    paddingLength = bytes[end - 1] as number;
    if (paddingLength === 0 || paddingLength > end - offset - RTCP_HEADER_LENGTH) {
      throw new RtpError('BAD_PADDING', `RTCP padding count ${paddingLength} at offset ${end - 1} is 0 or too long`, end - 1);
    }
    bodyEnd = end - paddingLength;
  }
  const start = offset + RTCP_HEADER_LENGTH;
  let packet: RtcpPacket;
  switch (packetType) {
    case 200:
      packet = senderReportCodec.read(bytes, view, start, bodyEnd, count);
      break;
    case 201:
      packet = receiverReportCodec.read(bytes, view, start, bodyEnd, count);
      break;
    case 202:
      packet = sourceDescriptionCodec.read(bytes, view, start, bodyEnd, count);
      break;
    case 203:
      packet = byeCodec.read(bytes, view, start, bodyEnd, count);
      break;
    case 204:
      packet = appCodec.read(bytes, view, start, bodyEnd, count);
      break;
    case 205:
      packet = count === 1 ? genericNackCodec.read(bytes, view, start, bodyEnd, count) : unknown();
      break;
    case 206:
      packet =
        count === 1
          ? pictureLossIndicationCodec.read(bytes, view, start, bodyEnd, count)
          : count === 4
            ? fullIntraRequestCodec.read(bytes, view, start, bodyEnd, count)
            : unknown();
      break;
    default:
      packet = unknown();
  }
  return [paddingLength === 0 ? packet : { ...packet, paddingLength }, end];

  function unknown(): RtcpUnknown {
    return { type: 'UNKNOWN', packetType, count, body: bytes.subarray(start, bodyEnd) };
  }
}

/**
 * Parses exactly one RTCP packet (RFC 3550 §6.4.1); use {@link parseRtcpCompound} for a datagram.
 * @param bytes - one RTCP packet.
 * @returns the packet.
 * @throws {RtpError} as {@link readRtcpPacket}, and `BAD_RTCP_LENGTH` when bytes remain after it.
 * @example
 * ```ts
 * import { parseRtcpPacket } from '@voip/rtp';
 * parseRtcpPacket(new Uint8Array([0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2])); // { type: 'PLI', senderSsrc: 1, mediaSsrc: 2 }
 * ```
 */
export function parseRtcpPacket(bytes: Uint8Array): RtcpPacket {
  const [packet, end] = readRtcpPacket(bytes, 0);
  if (end !== bytes.length) {
    throw new RtpError('BAD_RTCP_LENGTH', `RTCP packet is ${end} bytes, input has ${bytes.length}`, end);
  }
  return packet;
}

/**
 * Bytes {@link serializeRtcpPacketInto} writes for `packet`: header, body and padding.
 * @param packet - the packet.
 * @returns its length, a multiple of 4.
 * @throws {TypeError} unknown `type`.
 * @example
 * ```ts
 * import { rtcpPacketByteLength } from '@voip/rtp';
 * rtcpPacketByteLength({ type: 'RR', ssrc: 1, reports: [] }); // 8
 * ```
 */
export function rtcpPacketByteLength(packet: RtcpPacket): number {
  return RTCP_HEADER_LENGTH + codecOf(packet)[1].bodyLength(packet) + (packet.paddingLength ?? 0);
}

/** @internal Writes one packet with a caller-provided view over `out`; returns bytes written. */
export function writeRtcpPacket(packet: RtcpPacket, out: Uint8Array, view: DataView, offset: number): number {
  const [packetType, codec] = codecOf(packet);
  codec.check(packet);
  const padding = packet.paddingLength ?? 0;
  if (!Number.isInteger(padding) || padding < 0 || padding > 255) {
    throw new RangeError(`"paddingLength" expected an integer 0..255, got ${padding}`);
  }
  const total = RTCP_HEADER_LENGTH + codec.bodyLength(packet) + padding;
  if (total % 4 !== 0 || total > 0x40000) {
    throw new RangeError(`RTCP packet expected a multiple of 4 bytes up to 262144, got ${total}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < total) {
    throw new RangeError(`"out" expected ${total} bytes from offset ${offset}, got ${out.length - offset}`);
  }
  out[offset] = 0x80 | (padding !== 0 ? 0x20 : 0) | codec.count(packet);
  out[offset + 1] = packetType;
  view.setUint16(offset + 2, total / 4 - 1);
  codec.write(packet, out, view, offset + RTCP_HEADER_LENGTH);
  if (padding !== 0) {
    out.fill(0, offset + total - padding, offset + total - 1);
    out[offset + total - 1] = padding;
  }
  return total;
}

/**
 * Writes `packet` into `out` at `offset` (RFC 3550 §6.4.1) and returns the bytes written.
 * @param packet - the packet.
 * @param out - destination.
 * @param offset - where to write, default 0.
 * @returns bytes written.
 * @throws {RangeError} a field out of range, a length that is not a multiple of 4, or `out` too small.
 * @throws {TypeError} unknown `type`.
 * @example
 * ```ts
 * import { serializeRtcpPacketInto } from '@voip/rtp';
 * const out = new Uint8Array(64);
 * const n = serializeRtcpPacketInto({ type: 'PLI', senderSsrc: 1, mediaSsrc: 2 }, out); // 12
 * ```
 */
export function serializeRtcpPacketInto(packet: RtcpPacket, out: Uint8Array, offset = 0): number {
  return writeRtcpPacket(packet, out, viewOf(out), offset);
}

/**
 * Serializes one RTCP packet into a new buffer (RFC 3550 §6.4.1).
 * @param packet - the packet.
 * @returns its bytes.
 * @throws {RangeError} as {@link serializeRtcpPacketInto}.
 * @example
 * ```ts
 * import { serializeRtcpPacket } from '@voip/rtp';
 * serializeRtcpPacket({ type: 'BYE', ssrcs: [0x1234], reason: 'done' });
 * ```
 */
export function serializeRtcpPacket(packet: RtcpPacket): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(rtcpPacketByteLength(packet));
  serializeRtcpPacketInto(packet, out, 0);
  return out;
}
