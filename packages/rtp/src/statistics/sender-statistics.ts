/**
 * What a sender counts for its RTCP sender reports, RFC 3550 §6.4.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1): packet and octet counts, and an NTP / RTP
 * timestamp pair for the same instant.
 * @module
 */
import { ntpTimestampFromUnixMs } from './ntp-time.js';
import type { RtcpReportBlock } from '../rtcp/rtcp-report-block.js';
import type { RtcpSenderReport } from '../rtcp/rtcp-sender-report.js';

/**
 * Options of {@link RtpSenderStatistics}.
 *
 * @example
 * ```ts
 * import { RtpSenderStatistics } from '@voip/rtp';
 * new RtpSenderStatistics({ ssrc: 0x1234, clockRate: 8000 });
 * ```
 */
export interface RtpSenderStatisticsOptions {
  /** Our SSRC. */
  readonly ssrc: number;
  /** RTP clock rate in Hz, to extrapolate the RTP timestamp to the report time. */
  readonly clockRate: number;
}

/**
 * Counts what one source sends and builds its SR (RFC 3550 §6.4.1). Times are Unix milliseconds
 * (`Date.now()`), since the SR carries wall-clock NTP time.
 *
 * @example
 * ```ts
 * import { RtpSenderStatistics } from '@voip/rtp';
 * const tx = new RtpSenderStatistics({ ssrc: 0x1234, clockRate: 8000 });
 * tx.sent({ timestamp: 160, payload: new Uint8Array(160) }, Date.now());
 * const sr = tx.senderReport(Date.now()); // { type: 'SR', packetCount: 1, octetCount: 160, ... }
 * ```
 */
export class RtpSenderStatistics {
  readonly #ssrc: number;
  readonly #clockRate: number;
  #packets = 0;
  #octets = 0;
  #lastTimestamp: number | undefined;
  #lastSentMs = 0;

  /**
   * @param options - our SSRC and the clock rate.
   * @throws {RangeError} an SSRC outside 32 bits or a clock rate that is not positive.
   */
  constructor(options: RtpSenderStatisticsOptions) {
    if (!Number.isInteger(options.ssrc) || options.ssrc < 0 || options.ssrc > 0xffffffff) {
      throw new RangeError(`"ssrc" expected an integer 0..2^32-1, got ${options.ssrc}`);
    }
    if (!(options.clockRate > 0) || !Number.isFinite(options.clockRate)) {
      throw new RangeError(`"clockRate" expected a positive number, got ${options.clockRate}`);
    }
    this.#ssrc = options.ssrc;
    this.#clockRate = options.clockRate;
  }

  /**
   * Counts one sent RTP packet: the sender's packet count and payload octet count (RFC 3550 §6.4.1:
   * octets exclude header and padding).
   * @param packet - its RTP timestamp and payload.
   * @param nowMs - Unix milliseconds when it was sent.
   */
  sent(packet: { readonly timestamp: number; readonly payload: Uint8Array }, nowMs: number): void {
    this.#packets++;
    this.#octets += packet.payload.length;
    this.#lastTimestamp = packet.timestamp >>> 0;
    this.#lastSentMs = nowMs;
  }

  /**
   * Builds a sender report for `nowMs` (RFC 3550 §6.4.1): NTP time of `nowMs`, the RTP timestamp of
   * the same instant extrapolated from the last sent packet at the clock rate, counts mod 2^32, and
   * the given report blocks.
   * @param nowMs - Unix milliseconds now.
   * @param reports - report blocks for the sources we receive (at most 31).
   * @returns the SR.
   * @throws {RangeError} `nowMs` not finite.
   */
  senderReport(nowMs: number, reports: readonly RtcpReportBlock[] = []): RtcpSenderReport {
    const ntpTimestamp = ntpTimestampFromUnixMs(nowMs);
    const elapsed = ((nowMs - this.#lastSentMs) * this.#clockRate) / 1000;
    const rtpTimestamp = this.#lastTimestamp === undefined ? 0 : (this.#lastTimestamp + Math.round(elapsed)) >>> 0;
    return {
      type: 'SR',
      ssrc: this.#ssrc,
      ntpTimestamp,
      rtpTimestamp,
      packetCount: this.#packets >>> 0,
      octetCount: this.#octets % 2 ** 32,
      reports: reports.slice(0, 31),
    };
  }

  /** Packets sent so far. */
  get packetsSent(): number {
    return this.#packets;
  }

  /** Payload octets sent so far. */
  get octetsSent(): number {
    return this.#octets;
  }

  /** Our SSRC. */
  get ssrc(): number {
    return this.#ssrc;
  }
}
