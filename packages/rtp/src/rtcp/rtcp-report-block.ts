/**
 * The RTCP reception report block shared by SR and RR, RFC 3550 §6.4.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1).
 *
 * ```text
 * |                 SSRC_1 (SSRC of first source)                 |
 * | fraction lost |       cumulative number of packets lost       |
 * |           extended highest sequence number received           |
 * |                      interarrival jitter                      |
 * |                         last SR (LSR)                         |
 * |                   delay since last SR (DLSR)                  |
 * ```
 * @module
 */
import { checkUint } from './rtcp-codec.js';

/** Bytes of one report block. */
export const RTCP_REPORT_BLOCK_LENGTH = 24;

/**
 * One reception report block (RFC 3550 §6.4.1).
 *
 * @example
 * ```ts
 * import type { RtcpReportBlock } from '@voip/rtp';
 * const block: RtcpReportBlock = { ssrc: 7, fractionLost: 0, cumulativeLost: 0, highestSequence: 100, jitter: 12, lastSenderReport: 0, delaySinceLastSenderReport: 0 };
 * ```
 */
export interface RtcpReportBlock {
  /** SSRC of the source this block reports on. */
  readonly ssrc: number;
  /** Fraction of packets lost since the previous report, as a fixed-point number over 256 (0..255). */
  readonly fractionLost: number;
  /** Cumulative packets lost: signed 24-bit (negative with duplicates), −8388608..8388607. */
  readonly cumulativeLost: number;
  /** Extended highest sequence number received: cycles × 65536 + highest sequence. */
  readonly highestSequence: number;
  /** Interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1, A.8). */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received from this source (0 if none). */
  readonly lastSenderReport: number;
  /** Delay since that SR was received, in units of 1/65536 s (0 if none). */
  readonly delaySinceLastSenderReport: number;
}

/** @internal Reads one report block at `offset` (caller checked the 24 bytes exist). */
export function readReportBlock(view: DataView, offset: number): RtcpReportBlock {
  const word = view.getUint32(offset + 4);
  return {
    ssrc: view.getUint32(offset),
    fractionLost: word >>> 24,
    // RFC 3550 §6.4.1: cumulative lost is a signed 24-bit integer; sign-extend.
    cumulativeLost: (word << 8) >> 8,
    highestSequence: view.getUint32(offset + 8),
    jitter: view.getUint32(offset + 12),
    lastSenderReport: view.getUint32(offset + 16),
    delaySinceLastSenderReport: view.getUint32(offset + 20),
  };
}

/** @internal Checks a report block's fields; throws RangeError for a caller mistake. */
export function checkReportBlock(block: RtcpReportBlock): void {
  checkUint('ssrc', block.ssrc, 32);
  checkUint('fractionLost', block.fractionLost, 8);
  if (!Number.isInteger(block.cumulativeLost) || block.cumulativeLost < -0x800000 || block.cumulativeLost > 0x7fffff) {
    throw new RangeError(`"cumulativeLost" expected an integer -8388608..8388607, got ${block.cumulativeLost}`);
  }
  checkUint('highestSequence', block.highestSequence, 32);
  checkUint('jitter', block.jitter, 32);
  checkUint('lastSenderReport', block.lastSenderReport, 32);
  checkUint('delaySinceLastSenderReport', block.delaySinceLastSenderReport, 32);
}

/** @internal Writes one report block at `offset` (fields already checked). */
export function writeReportBlock(view: DataView, offset: number, block: RtcpReportBlock): void {
  view.setUint32(offset, block.ssrc);
  view.setUint32(offset + 4, ((block.fractionLost << 24) | (block.cumulativeLost & 0xffffff)) >>> 0);
  view.setUint32(offset + 8, block.highestSequence);
  view.setUint32(offset + 12, block.jitter);
  view.setUint32(offset + 16, block.lastSenderReport);
  view.setUint32(offset + 20, block.delaySinceLastSenderReport);
}
