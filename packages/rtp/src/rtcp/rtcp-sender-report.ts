/**
 * RTCP sender report (SR, packet type 200), RFC 3550 §6.4.1 (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1).
 *
 * ```text
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * |                 report blocks (RC × 24 bytes)                 |
 * |                  profile-specific extensions                  |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import { checkUint, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';
import {
  RTCP_REPORT_BLOCK_LENGTH,
  checkReportBlock,
  readReportBlock,
  writeReportBlock,
  type RtcpReportBlock,
} from './rtcp-report-block.js';

/**
 * An RTCP sender report (RFC 3550 §6.4.1).
 *
 * @example
 * ```ts
 * import { serializeRtcpCompound, type RtcpSenderReport } from '@voip/rtp';
 * const sr: RtcpSenderReport = { type: 'SR', ssrc: 1, ntpTimestamp: 0n, rtpTimestamp: 0, packetCount: 0, octetCount: 0, reports: [] };
 * serializeRtcpCompound([sr]);
 * ```
 */
export interface RtcpSenderReport extends RtcpPacketCommon {
  readonly type: 'SR';
  /** SSRC of the sender. */
  readonly ssrc: number;
  /** 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low 32). */
  readonly ntpTimestamp: bigint;
  /** RTP timestamp of the same instant, in the media clock. */
  readonly rtpTimestamp: number;
  /** Packets sent since the stream started (mod 2^32). */
  readonly packetCount: number;
  /** Payload octets sent since the stream started (mod 2^32). */
  readonly octetCount: number;
  /** Up to 31 reception report blocks. */
  readonly reports: readonly RtcpReportBlock[];
  /** Profile-specific extension bytes after the report blocks (a view when parsed), when present. */
  readonly profileExtension?: Uint8Array;
}

/** @internal Body codec of SR. */
export const senderReportCodec: RtcpBodyCodec<RtcpSenderReport> = {
  count: (p) => p.reports.length,
  bodyLength: (p) => 24 + p.reports.length * RTCP_REPORT_BLOCK_LENGTH + (p.profileExtension?.length ?? 0),
  check(p) {
    checkUint('ssrc', p.ssrc, 32);
    if (typeof p.ntpTimestamp !== 'bigint' || p.ntpTimestamp < 0n || p.ntpTimestamp > 0xffffffffffffffffn) {
      throw new RangeError(`"ntpTimestamp" expected a bigint 0..2^64-1, got ${String(p.ntpTimestamp)}`);
    }
    checkUint('rtpTimestamp', p.rtpTimestamp, 32);
    checkUint('packetCount', p.packetCount, 32);
    checkUint('octetCount', p.octetCount, 32);
    checkReports(p.reports);
  },
  write(p, out, view, o) {
    view.setUint32(o, p.ssrc);
    view.setBigUint64(o + 4, p.ntpTimestamp);
    view.setUint32(o + 12, p.rtpTimestamp);
    view.setUint32(o + 16, p.packetCount);
    view.setUint32(o + 20, p.octetCount);
    writeReports(p.reports, p.profileExtension, out, view, o + 24);
  },
  read(bytes, view, start, end, count) {
    if (start + 24 + count * RTCP_REPORT_BLOCK_LENGTH > end) {
      throw new RtpError('BAD_RTCP_PACKET', `SR with ${count} report blocks needs ${24 + count * 24} body bytes, has ${end - start}`, start);
    }
    const [reports, profileExtension] = readReports(bytes, view, start + 24, end, count);
    const sr: RtcpSenderReport = {
      type: 'SR',
      ssrc: view.getUint32(start),
      ntpTimestamp: view.getBigUint64(start + 4),
      rtpTimestamp: view.getUint32(start + 12),
      packetCount: view.getUint32(start + 16),
      octetCount: view.getUint32(start + 20),
      reports,
    };
    return profileExtension === undefined ? sr : { ...sr, profileExtension };
  },
};

/**
 * @internal Shared by SR and RR: checks up to 31 blocks. The profile extension may have any length
 * (with padding it need not be aligned); the whole packet is checked to be 4-byte aligned when written.
 */
export function checkReports(reports: readonly RtcpReportBlock[]): void {
  if (reports.length > 31) {
    throw new RangeError(`"reports" expected at most 31 report blocks, got ${reports.length}`);
  }
  for (const block of reports) {
    checkReportBlock(block);
  }
}

/** @internal Shared by SR and RR: writes the blocks then the extension. */
export function writeReports(
  reports: readonly RtcpReportBlock[],
  profileExtension: Uint8Array | undefined,
  out: Uint8Array,
  view: DataView,
  offset: number,
): void {
  let o = offset;
  for (const block of reports) {
    writeReportBlock(view, o, block);
    o += RTCP_REPORT_BLOCK_LENGTH;
  }
  if (profileExtension !== undefined) {
    out.set(profileExtension, o);
  }
}

/** @internal Shared by SR and RR: reads `count` blocks from `offset` (checked by the caller) and the rest as extension. */
export function readReports(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  end: number,
  count: number,
): [RtcpReportBlock[], Uint8Array | undefined] {
  const reports: RtcpReportBlock[] = [];
  let o = offset;
  for (let i = 0; i < count; i++, o += RTCP_REPORT_BLOCK_LENGTH) {
    reports.push(readReportBlock(view, o));
  }
  // RFC 3550 §6.4.1: anything after the blocks is a profile-specific extension.
  return [reports, o < end ? bytes.subarray(o, end) : undefined];
}
