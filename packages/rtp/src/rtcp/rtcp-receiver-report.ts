/**
 * RTCP receiver report (RR, packet type 201), RFC 3550 §6.4.2 (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2).
 *
 * ```text
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * |                     SSRC of packet sender                     |
 * |                 report blocks (RC × 24 bytes)                 |
 * |                  profile-specific extensions                  |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import { checkUint, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';
import { RTCP_REPORT_BLOCK_LENGTH, type RtcpReportBlock } from './rtcp-report-block.js';
import { checkReports, readReports, writeReports } from './rtcp-sender-report.js';

/**
 * An RTCP receiver report (RFC 3550 §6.4.2).
 *
 * @example
 * ```ts
 * import type { RtcpReceiverReport } from '@voip/rtp';
 * const rr: RtcpReceiverReport = { type: 'RR', ssrc: 1, reports: [] };
 * ```
 */
export interface RtcpReceiverReport extends RtcpPacketCommon {
  readonly type: 'RR';
  /** SSRC of the packet sender. */
  readonly ssrc: number;
  /** Up to 31 reception report blocks (none is valid: an empty RR). */
  readonly reports: readonly RtcpReportBlock[];
  /** Profile-specific extension bytes after the report blocks (a view when parsed), when present. */
  readonly profileExtension?: Uint8Array;
}

/** @internal Body codec of RR. */
export const receiverReportCodec: RtcpBodyCodec<RtcpReceiverReport> = {
  count: (p) => p.reports.length,
  bodyLength: (p) => 4 + p.reports.length * RTCP_REPORT_BLOCK_LENGTH + (p.profileExtension?.length ?? 0),
  check(p) {
    checkUint('ssrc', p.ssrc, 32);
    checkReports(p.reports);
  },
  write(p, out, view, o) {
    view.setUint32(o, p.ssrc);
    writeReports(p.reports, p.profileExtension, out, view, o + 4);
  },
  read(bytes, view, start, end, count) {
    if (start + 4 + count * RTCP_REPORT_BLOCK_LENGTH > end) {
      throw new RtpError('BAD_RTCP_PACKET', `RR with ${count} report blocks needs ${4 + count * 24} body bytes, has ${end - start}`, start);
    }
    const [reports, profileExtension] = readReports(bytes, view, start + 4, end, count);
    const rr: RtcpReceiverReport = { type: 'RR', ssrc: view.getUint32(start), reports };
    return profileExtension === undefined ? rr : { ...rr, profileExtension };
  },
};
