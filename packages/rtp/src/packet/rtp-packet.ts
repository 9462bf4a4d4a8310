/**
 * RTP data packets, RFC 3550 §5.1 (https://www.rfc-editor.org/rfc/rfc3550#section-5.1), with the
 * header extension of §5.3.1 kept raw (RFC 8285 elements: see `header-extension.ts`).
 *
 * ```text
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  defined by profile (§5.3.1)  |           length              |
 * |                   header extension data ...                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  payload ...                  |  padding ...  | padding count |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import type { ViewCache } from './view-cache.js';

/** Length of the fixed RTP header (RFC 3550 §5.1). */
export const RTP_FIXED_HEADER_LENGTH = 12;

/**
 * A header extension (RFC 3550 §5.3.1) as carried: the 16-bit profile field and the raw data whose
 * length is a multiple of 4. RFC 8285 profiles are 0xBEDE (one-byte) and 0x1000..0x100F (two-byte).
 *
 * @example
 * ```ts
 * import type { RtpHeaderExtension } from '@voip/rtp';
 * const ext: RtpHeaderExtension = { profile: 0xbede, data: new Uint8Array([0x10, 0x80, 0, 0]) };
 * ```
 */
export interface RtpHeaderExtension {
  /** The "defined by profile" field, e.g. 0xBEDE. */
  readonly profile: number;
  /** Extension data without the 4-byte extension header; a multiple of 4 bytes. A view when parsed. */
  readonly data: Uint8Array;
}

/**
 * A parsed RTP packet. `payload` and `extension.data` are views into the parsed bytes.
 *
 * @example
 * ```ts
 * import { parseRtpPacket, type RtpPacket } from '@voip/rtp';
 * const p: RtpPacket = parseRtpPacket(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]));
 * ```
 */
export interface RtpPacket {
  /** 7-bit payload type. */
  readonly payloadType: number;
  /** 16-bit sequence number. */
  readonly sequenceNumber: number;
  /** 32-bit RTP timestamp. */
  readonly timestamp: number;
  /** 32-bit synchronization source. */
  readonly ssrc: number;
  /** The M bit. */
  readonly marker: boolean;
  /** Contributing sources, 0..15 of them. */
  readonly csrcs: readonly number[];
  /** The header extension when the X bit is set. */
  readonly extension: RtpHeaderExtension | undefined;
  /** The payload, without padding: a view, copy it to keep it. */
  readonly payload: Uint8Array;
  /** Padding bytes after the payload, count byte included; 0 = no padding (P bit clear). */
  readonly paddingLength: number;
}

/**
 * What the serializers accept: an {@link RtpPacket} whose marker, CSRCs, extension and padding are optional.
 *
 * @example
 * ```ts
 * import { serializeRtpPacket, type RtpPacketInit } from '@voip/rtp';
 * const init: RtpPacketInit = { payloadType: 0, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: new Uint8Array(160) };
 * serializeRtpPacket(init);
 * ```
 */
export type RtpPacketInit = Pick<RtpPacket, 'payloadType' | 'sequenceNumber' | 'timestamp' | 'ssrc' | 'payload'> &
  Partial<Pick<RtpPacket, 'marker' | 'csrcs' | 'extension' | 'paddingLength'>>;

const NO_CSRCS: readonly number[] = Object.freeze([]);

/**
 * Parses one RTP packet (RFC 3550 §5.1). Zero-copy: `payload` and `extension.data` alias `bytes`.
 * Every length field is checked against what is left, and the parts add up to exactly `bytes.length`.
 * @param bytes - one whole datagram (after SRTP unprotect, if any).
 * @returns the packet.
 * @throws {RtpError} `TRUNCATED` (under 12 bytes), `BAD_VERSION`, `BAD_CSRC_COUNT`,
 *   `BAD_EXTENSION_LENGTH`, `BAD_PADDING`.
 * @example
 * ```ts
 * import { parseRtpPacket } from '@voip/rtp';
 * const p = parseRtpPacket(new Uint8Array([0x80, 0x00, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7, 0xff]));
 * p.sequenceNumber; // 1
 * p.payload; // Uint8Array [255]
 * ```
 */
export function parseRtpPacket(bytes: Uint8Array): RtpPacket {
  const packet: MutableRtpPacket = {
    payloadType: 0,
    sequenceNumber: 0,
    timestamp: 0,
    ssrc: 0,
    marker: false,
    csrcs: NO_CSRCS,
    extension: undefined,
    payload: bytes,
    paddingLength: 0,
  };
  decodeRtpPacket(bytes, packet, undefined);
  return packet;
}

/** An {@link RtpPacket} whose fields {@link decodeRtpPacket} writes. Internal. */
export type MutableRtpPacket = { -readonly [K in keyof RtpPacket]: RtpPacket[K] };

/**
 * What {@link decodeRtpPacket} may reuse instead of allocating: the CSRC list, the extension object and
 * the views. Internal: a packet decoded with it is overwritten by the next decode.
 */
export interface RtpDecodeReuse {
  readonly csrcs: number[];
  readonly extension: { profile: number; data: Uint8Array };
  readonly views: ViewCache;
}

/**
 * The parse of {@link parseRtpPacket}, writing into `packet`: fresh CSRC list, extension and views
 * without `reuse`, reused ones with it (nothing allocated per packet when the views are cached).
 * Internal; throws the same errors. On a throw `packet` holds a partial result.
 */
export function decodeRtpPacket(bytes: Uint8Array, packet: MutableRtpPacket, reuse: RtpDecodeReuse | undefined): void {
  const length = bytes.length;
  if (length < RTP_FIXED_HEADER_LENGTH) {
    throw new RtpError('TRUNCATED', `RTP packet needs 12 bytes, got ${length}`, 0);
  }
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  // RFC 3550 §5.1: V = 2.
  if (b0 >> 6 !== 2) {
    throw new RtpError('BAD_VERSION', `RTP version must be 2, got ${b0 >> 6}`, 0);
  }
  let offset = RTP_FIXED_HEADER_LENGTH;
  let csrcs = NO_CSRCS;
  const cc = b0 & 0x0f;
  if (cc !== 0) {
    if (offset + cc * 4 > length) {
      throw new RtpError('BAD_CSRC_COUNT', `${cc} CSRCs need ${cc * 4} bytes at offset 12, ${length - 12} left`, 12);
    }
    const list: number[] = reuse === undefined ? new Array<number>(cc) : reuse.csrcs;
    list.length = cc;
    for (let i = 0; i < cc; i++, offset += 4) {
      list[i] = readU32(bytes, offset);
    }
    csrcs = list;
  }
  let extension: RtpHeaderExtension | undefined;
  if ((b0 & 0x10) !== 0) {
    // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words excluding this 4-byte header.
    if (offset + 4 > length) {
      throw new RtpError('BAD_EXTENSION_LENGTH', `header extension header at offset ${offset} runs past the end`, offset);
    }
    const profile = ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);
    const words = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number);
    const start = offset + 4;
    const end = start + words * 4;
    if (end > length) {
      throw new RtpError(
        'BAD_EXTENSION_LENGTH',
        `header extension of ${words * 4} bytes at offset ${start} exceeds remaining ${length - start}`,
        offset + 2,
      );
    }
    if (reuse === undefined) {
      extension = { profile, data: bytes.subarray(start, end) };
    } else {
      const ext = reuse.extension;
      ext.profile = profile;
      ext.data = reuse.views.view(bytes, start, end);
      extension = ext;
    }
    offset = end;
  }
  let payloadEnd = length;
  let paddingLength = 0;
  if ((b0 & 0x20) !== 0) {
    // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
    paddingLength = bytes[length - 1] as number;
    if (paddingLength === 0 || paddingLength > length - offset) {
      throw new RtpError(
        'BAD_PADDING',
        `padding count ${paddingLength} is 0 or exceeds the ${length - offset} bytes after the header`,
        length - 1,
      );
    }
    payloadEnd = length - paddingLength;
  }
  packet.payloadType = b1 & 0x7f;
  packet.sequenceNumber = ((bytes[2] as number) << 8) | (bytes[3] as number);
  packet.timestamp = readU32(bytes, 4);
  packet.ssrc = readU32(bytes, 8);
  packet.marker = b1 >= 0x80;
  packet.csrcs = csrcs;
  packet.extension = extension;
  // header + payload + padding == length by construction: the final length check of RFC 3550 A.1.
  packet.payload = reuse === undefined ? bytes.subarray(offset, payloadEnd) : reuse.views.view(bytes, offset, payloadEnd);
  packet.paddingLength = paddingLength;
}

/**
 * Number of bytes {@link serializeRtpPacketInto} writes for `packet`.
 * @param packet - the packet to measure.
 * @returns header + CSRCs + extension + payload + padding bytes.
 * @example
 * ```ts
 * import { rtpPacketByteLength } from '@voip/rtp';
 * rtpPacketByteLength({ payloadType: 0, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: new Uint8Array(160) }); // 172
 * ```
 */
export function rtpPacketByteLength(packet: RtpPacketInit): number {
  const ext = packet.extension;
  return (
    RTP_FIXED_HEADER_LENGTH +
    (packet.csrcs === undefined ? 0 : packet.csrcs.length * 4) +
    (ext === undefined ? 0 : 4 + ext.data.length) +
    packet.payload.length +
    (packet.paddingLength ?? 0)
  );
}

/**
 * Writes `packet` into `out` at `offset` (RFC 3550 §5.1) and returns the number of bytes written.
 * Allocates nothing. Padding is written as zeros ending with the count byte.
 * @param packet - the packet; `marker`, `csrcs`, `extension`, `paddingLength` default to none.
 * @param out - destination buffer.
 * @param offset - where to start writing, default 0.
 * @returns bytes written, {@link rtpPacketByteLength}.
 * @throws {RangeError} a field out of range (payload type over 127, 16 CSRCs, padding over 255,
 *   extension data not a multiple of 4 or over 262140 bytes) or `out` too small.
 * @example
 * ```ts
 * import { serializeRtpPacketInto } from '@voip/rtp';
 * const out = new Uint8Array(1500);
 * const n = serializeRtpPacketInto({ payloadType: 8, sequenceNumber: 7, timestamp: 160, ssrc: 42, payload: new Uint8Array(160) }, out);
 * const datagram = out.subarray(0, n);
 * ```
 */
export function serializeRtpPacketInto(packet: RtpPacketInit, out: Uint8Array, offset = 0): number {
  const { payloadType, sequenceNumber, timestamp, ssrc, payload } = packet;
  const csrcs = packet.csrcs ?? NO_CSRCS;
  const ext = packet.extension;
  const paddingLength = packet.paddingLength ?? 0;
  if ((payloadType & 0x7f) !== payloadType) {
    throw new RangeError(`"payloadType" expected an integer 0..127, got ${payloadType}`);
  }
  if ((sequenceNumber & 0xffff) !== sequenceNumber) {
    throw new RangeError(`"sequenceNumber" expected an integer 0..65535, got ${sequenceNumber}`);
  }
  if (timestamp >>> 0 !== timestamp) {
    throw new RangeError(`"timestamp" expected an integer 0..2^32-1, got ${timestamp}`);
  }
  if (ssrc >>> 0 !== ssrc) {
    throw new RangeError(`"ssrc" expected an integer 0..2^32-1, got ${ssrc}`);
  }
  if (csrcs.length > 15) {
    throw new RangeError(`"csrcs" expected at most 15 entries, got ${csrcs.length}`);
  }
  // Indexed loops: a for-of makes an iterator object per packet where the code is not optimised.
  for (let i = 0; i < csrcs.length; i++) {
    const csrc = csrcs[i] as number;
    if (csrc >>> 0 !== csrc) {
      throw new RangeError(`"csrcs" expected 32-bit unsigned integers, got ${csrc}`);
    }
  }
  if ((paddingLength & 0xff) !== paddingLength) {
    throw new RangeError(`"paddingLength" expected an integer 0..255, got ${paddingLength}`);
  }
  if (ext !== undefined && (ext.data.length % 4 !== 0 || ext.data.length > 0x3fffc || (ext.profile & 0xffff) !== ext.profile)) {
    throw new RangeError(
      `"extension" expected a 16-bit profile and data of a multiple of 4 bytes up to 262140, got profile ${ext.profile} and ${ext.data.length} bytes`,
    );
  }
  const total = rtpPacketByteLength(packet);
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < total) {
    throw new RangeError(`"out" expected ${total} bytes from offset ${offset}, got ${out.length - offset}`);
  }
  let o = offset;
  out[o] = 0x80 | (paddingLength !== 0 ? 0x20 : 0) | (ext !== undefined ? 0x10 : 0) | csrcs.length;
  out[o + 1] = (packet.marker === true ? 0x80 : 0) | payloadType;
  out[o + 2] = sequenceNumber >>> 8;
  out[o + 3] = sequenceNumber & 0xff;
  writeU32(out, o + 4, timestamp);
  writeU32(out, o + 8, ssrc);
  o += RTP_FIXED_HEADER_LENGTH;
  for (let i = 0; i < csrcs.length; i++) {
    writeU32(out, o, csrcs[i] as number);
    o += 4;
  }
  if (ext !== undefined) {
    const words = ext.data.length >>> 2;
    out[o] = ext.profile >>> 8;
    out[o + 1] = ext.profile & 0xff;
    out[o + 2] = words >>> 8;
    out[o + 3] = words & 0xff;
    out.set(ext.data, o + 4);
    o += 4 + ext.data.length;
  }
  out.set(payload, o);
  o += payload.length;
  if (paddingLength !== 0) {
    // RFC 3550 §5.1: padding octets, the last one holding the count (itself included).
    out.fill(0, o, o + paddingLength - 1);
    out[o + paddingLength - 1] = paddingLength;
    o += paddingLength;
  }
  return o - offset;
}

/**
 * Serializes `packet` into a new buffer (RFC 3550 §5.1).
 * @param packet - the packet.
 * @returns the datagram bytes.
 * @throws {RangeError} as {@link serializeRtpPacketInto}.
 * @example
 * ```ts
 * import { serializeRtpPacket, RtpPayloadType } from '@voip/rtp';
 * const bytes = serializeRtpPacket({ payloadType: RtpPayloadType.PCMU, sequenceNumber: 1, timestamp: 0, ssrc: 0x1234, marker: true, payload: new Uint8Array(160) });
 * ```
 */
export function serializeRtpPacket(packet: RtpPacketInit): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(rtpPacketByteLength(packet));
  serializeRtpPacketInto(packet, out, 0);
  return out;
}

function readU32(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] as number) << 24) |
      ((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number)) >>>
    0
  );
}

function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}
