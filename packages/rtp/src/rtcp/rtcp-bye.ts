/**
 * RTCP goodbye (BYE, packet type 203), RFC 3550 §6.6 (https://www.rfc-editor.org/rfc/rfc3550#section-6.6).
 *
 * ```text
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * |                           SSRC/CSRC                           |
 * :                              ...                              :
 * |     length    |               reason for leaving ...          | (opt)
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import { checkUint, pad4, utf8Bytes, utf8Text, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';

/**
 * An RTCP BYE packet (RFC 3550 §6.6).
 *
 * @example
 * ```ts
 * import type { RtcpBye } from '@voip/rtp';
 * const bye: RtcpBye = { type: 'BYE', ssrcs: [1], reason: 'call ended' };
 * ```
 */
export interface RtcpBye extends RtcpPacketCommon {
  readonly type: 'BYE';
  /** The sources leaving, up to 31. */
  readonly ssrcs: readonly number[];
  /** Optional reason for leaving (UTF-8, at most 255 bytes). */
  readonly reason?: string;
  /**
   * The reason's bytes, present only when a received reason is not valid UTF-8 (`reason` then shows
   * U+FFFD in place of the bad sequences). When present it is what gets serialized.
   */
  readonly reasonData?: Uint8Array;
}

/** @internal Body codec of BYE. */
export const byeCodec: RtcpBodyCodec<RtcpBye> = {
  count: (p) => p.ssrcs.length,
  bodyLength: (p) => p.ssrcs.length * 4 + (p.reason === undefined ? 0 : pad4(1 + utf8Bytes('reason', p.reason, p.reasonData).length)),
  check(p) {
    if (p.ssrcs.length > 31) {
      throw new RangeError(`"ssrcs" expected at most 31 sources, got ${p.ssrcs.length}`);
    }
    for (const ssrc of p.ssrcs) {
      checkUint('ssrcs', ssrc, 32);
    }
    if (p.reason !== undefined) {
      utf8Bytes('reason', p.reason, p.reasonData);
    }
  },
  write(p, out, view, offset) {
    let o = offset;
    for (const ssrc of p.ssrcs) {
      view.setUint32(o, ssrc);
      o += 4;
    }
    if (p.reason !== undefined) {
      const text = utf8Bytes('reason', p.reason, p.reasonData);
      out[o] = text.length;
      out.set(text, o + 1);
      out.fill(0, o + 1 + text.length, o + pad4(1 + text.length));
    }
  },
  read(bytes, view, start, end, count) {
    if (start + count * 4 > end) {
      throw new RtpError('BAD_RTCP_PACKET', `BYE with ${count} sources needs ${count * 4} body bytes, has ${end - start}`, start);
    }
    const ssrcs: number[] = [];
    let o = start;
    for (let i = 0; i < count; i++, o += 4) {
      ssrcs.push(view.getUint32(o));
    }
    if (o === end) {
      return { type: 'BYE', ssrcs };
    }
    const length = bytes[o] as number;
    if (pad4(o + 1 + length - start) + start !== end) {
      throw new RtpError('BAD_RTCP_PACKET', `BYE reason of ${length} bytes at offset ${o} does not fill the packet`, o);
    }
    const { text, raw } = utf8Text(bytes.subarray(o + 1, o + 1 + length));
    return raw === undefined ? { type: 'BYE', ssrcs, reason: text } : { type: 'BYE', ssrcs, reason: text, reasonData: raw };
  },
};
