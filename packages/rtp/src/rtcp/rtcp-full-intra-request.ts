/**
 * RTCP payload-specific feedback: full intra request (packet type 206 PSFB, FMT 4), RFC 5104 §4.3.1
 * (https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1).
 *
 * ```text
 * |V=2|P| FMT=4   |   PT=206      |          length               |
 * |                  SSRC of packet sender                        |
 * |             SSRC of media source (unused, 0)                  |
 * |                              SSRC                             |  (one or more FCI entries)
 * | Seq nr.       |    Reserved (0)                               |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import { checkUint, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';

/** One FIR FCI entry (RFC 5104 §4.3.1.1). */
export interface RtcpFirEntry {
  /** SSRC of the media sender asked for a decoder refresh point. */
  readonly ssrc: number;
  /** Command sequence number, 0..255, incremented per new request. */
  readonly sequenceNumber: number;
}

/**
 * A full intra request (RFC 5104 §4.3.1).
 *
 * @example
 * ```ts
 * import type { RtcpFullIntraRequest } from '@voip/rtp';
 * const fir: RtcpFullIntraRequest = { type: 'FIR', senderSsrc: 1, mediaSsrc: 0, entries: [{ ssrc: 2, sequenceNumber: 0 }] };
 * ```
 */
export interface RtcpFullIntraRequest extends RtcpPacketCommon {
  readonly type: 'FIR';
  /** SSRC of the packet sender. */
  readonly senderSsrc: number;
  /** SSRC of media source: RFC 5104 §4.3.1.2 says it SHALL be 0 (kept as received). */
  readonly mediaSsrc: number;
  /** At least one entry. */
  readonly entries: readonly RtcpFirEntry[];
}

/** @internal Body codec of FIR. */
export const fullIntraRequestCodec: RtcpBodyCodec<RtcpFullIntraRequest> = {
  count: () => 4,
  bodyLength: (p) => 8 + p.entries.length * 8,
  check(p) {
    checkUint('senderSsrc', p.senderSsrc, 32);
    checkUint('mediaSsrc', p.mediaSsrc, 32);
    if (p.entries.length === 0) {
      throw new RangeError('"entries" expected at least 1 FIR entry, got 0');
    }
    for (const e of p.entries) {
      checkUint('ssrc', e.ssrc, 32);
      checkUint('sequenceNumber', e.sequenceNumber, 8);
    }
  },
  write(p, _out, view, o) {
    view.setUint32(o, p.senderSsrc);
    view.setUint32(o + 4, p.mediaSsrc);
    let at = o + 8;
    for (const e of p.entries) {
      view.setUint32(at, e.ssrc);
      view.setUint32(at + 4, (e.sequenceNumber << 24) >>> 0); // reserved 24 bits are 0
      at += 8;
    }
  },
  read(_bytes, view, start, end) {
    if (end - start < 16 || (end - start - 8) % 8 !== 0) {
      throw new RtpError('BAD_RTCP_PACKET', `FIR body must be 8 + 8n bytes (n >= 1), got ${end - start}`, start);
    }
    const entries: RtcpFirEntry[] = [];
    for (let o = start + 8; o < end; o += 8) {
      // Reserved bits are ignored on receipt (RFC 5104 §4.3.1.1), so they are not kept.
      entries.push({ ssrc: view.getUint32(o), sequenceNumber: view.getUint8(o + 4) });
    }
    return { type: 'FIR', senderSsrc: view.getUint32(start), mediaSsrc: view.getUint32(start + 4), entries };
  },
};
