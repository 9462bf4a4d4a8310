/**
 * Reception statistics of one RTP source, for RTCP report blocks: RFC 3550 §6.4.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1) with the algorithms of Appendix A.1
 * (sequence validation), A.3 (expected and lost packets) and A.8 (interarrival jitter).
 * @module
 */
import { ntpMiddle32 } from './ntp-time.js';
import type { RtcpReportBlock } from '../rtcp/rtcp-report-block.js';
import type { RtcpSenderReport } from '../rtcp/rtcp-sender-report.js';
import { MIN_SEQUENTIAL, RtpSequenceTracker } from './sequence.js';

/**
 * Options of {@link RtpReceiverStatistics}.
 *
 * @example
 * ```ts
 * import { RtpReceiverStatistics } from '@voip/rtp';
 * new RtpReceiverStatistics({ clockRate: 48_000, ssrc: 0x1234 });
 * ```
 */
export interface RtpReceiverStatisticsOptions {
  /** RTP clock rate of the stream in Hz (8000 for PCMU), to express jitter in timestamp units. */
  readonly clockRate: number;
  /** SSRC to track; when absent the first packet's SSRC is adopted. */
  readonly ssrc?: number;
}

/** The fields of an RTP packet the statistics read. */
export interface RtpReceivedPacketInfo {
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
}

/**
 * Tracks one remote source and produces its RTCP report block (RFC 3550 §6.4.1, A.1, A.3, A.8).
 * Time is any monotonic millisecond clock (`performance.now()`); only differences are used.
 *
 * @example
 * ```ts
 * import { RtpReceiverStatistics } from '@voip/rtp';
 * const stats = new RtpReceiverStatistics({ clockRate: 8000 });
 * stats.receive({ sequenceNumber: 1, timestamp: 0, ssrc: 7 }, 0);
 * stats.receive({ sequenceNumber: 2, timestamp: 160, ssrc: 7 }, 20);
 * const block = stats.reportBlock(1000); // { ssrc: 7, fractionLost: 0, ... }
 * ```
 */
export class RtpReceiverStatistics {
  readonly #clockRate: number;
  #ssrc: number | undefined;
  #sequence: RtpSequenceTracker | undefined;
  #jitter = 0;
  #hasPrevious = false;
  #lastTimestamp = 0;
  #lastArrival = 0;
  #lastSenderReport = 0;
  #lastSenderReportArrivalMs: number | undefined;

  /**
   * @param options - clock rate (Hz) and optionally the SSRC.
   * @throws {RangeError} a clock rate that is not a positive number, or an SSRC outside 32 bits.
   */
  constructor(options: RtpReceiverStatisticsOptions) {
    if (!(options.clockRate > 0) || !Number.isFinite(options.clockRate)) {
      throw new RangeError(`"clockRate" expected a positive number, got ${options.clockRate}`);
    }
    if (options.ssrc !== undefined && (!Number.isInteger(options.ssrc) || options.ssrc < 0 || options.ssrc > 0xffffffff)) {
      throw new RangeError(`"ssrc" expected an integer 0..2^32-1, got ${options.ssrc}`);
    }
    this.#clockRate = options.clockRate;
    this.#ssrc = options.ssrc;
  }

  /**
   * Feeds one received packet (RFC 3550 A.1 `update_seq`, A.8 jitter). Never throws.
   * @param packet - sequence number, timestamp and SSRC of the packet.
   * @param arrivalTimeMs - arrival time on a monotonic millisecond clock.
   * @returns false when the packet was not counted: another SSRC, still in probation, or an
   *   unconfirmed sequence jump.
   */
  receive(packet: RtpReceivedPacketInfo, arrivalTimeMs: number): boolean {
    if (this.#ssrc === undefined) {
      this.#ssrc = packet.ssrc;
    } else if (packet.ssrc !== this.#ssrc) {
      return false;
    }
    const seq = packet.sequenceNumber & 0xffff;
    this.#sequence ??= new RtpSequenceTracker(seq, MIN_SEQUENTIAL);
    const counted = this.#sequence.update(seq);
    this.#updateJitter(packet.timestamp >>> 0, arrivalTimeMs);
    return counted;
  }

  /**
   * RFC 3550 A.8: transit = arrival (in timestamp units) − RTP timestamp; D = difference of transits;
   * J += (|D| − J) / 16. Computed from successive arrivals, with the timestamp difference taken as a
   * signed 32-bit value so wrap-around of the RTP timestamp does not matter.
   */
  #updateJitter(timestamp: number, arrivalTimeMs: number): void {
    if (!Number.isFinite(arrivalTimeMs)) {
      return;
    }
    const arrival = (arrivalTimeMs * this.#clockRate) / 1000;
    if (this.#hasPrevious) {
      const timestampDelta = (timestamp - this.#lastTimestamp) | 0;
      const d = Math.abs(arrival - this.#lastArrival - timestampDelta);
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#hasPrevious = true;
    this.#lastTimestamp = timestamp;
    this.#lastArrival = arrival;
  }

  /**
   * Records an SR from this source, for the LSR / DLSR fields (RFC 3550 §6.4.1).
   * @param report - the sender report.
   * @param arrivalTimeMs - when it arrived, on the same clock as {@link receive}.
   */
  senderReportReceived(report: RtcpSenderReport, arrivalTimeMs: number): void {
    if (this.#ssrc !== undefined && report.ssrc !== this.#ssrc) {
      return;
    }
    this.#lastSenderReport = ntpMiddle32(report.ntpTimestamp);
    this.#lastSenderReportArrivalMs = arrivalTimeMs;
  }

  /**
   * The report block for this source now (RFC 3550 §6.4.1, A.3). Fraction lost covers the interval
   * since the previous call, so call it once per RTCP report.
   * @param nowMs - current time on the same clock as {@link receive}.
   * @returns the block; SSRC 0 while no packet has been seen.
   */
  reportBlock(nowMs: number): RtcpReportBlock {
    const seq = this.#sequence;
    const fractionLost = seq === undefined ? 0 : seq.takeFractionLost();
    let dlsr = 0;
    if (this.#lastSenderReportArrivalMs !== undefined) {
      // DLSR in units of 1/65536 s (RFC 3550 §6.4.1).
      dlsr = Math.round(((nowMs - this.#lastSenderReportArrivalMs) / 1000) * 65536);
      dlsr = Number.isFinite(dlsr) ? Math.min(0xffffffff, Math.max(0, dlsr)) : 0;
    }
    return {
      ssrc: this.#ssrc ?? 0,
      fractionLost,
      // A.3: clamp to the signed 24-bit field.
      cumulativeLost: Math.max(-0x800000, Math.min(0x7fffff, this.packetsLost)),
      highestSequence: this.extendedHighestSequence >>> 0,
      jitter: Math.min(0xffffffff, Math.floor(this.#jitter)),
      lastSenderReport: this.#lastSenderReportArrivalMs === undefined ? 0 : this.#lastSenderReport,
      delaySinceLastSenderReport: dlsr,
    };
  }

  /** The tracked SSRC, once known. */
  get ssrc(): number | undefined {
    return this.#ssrc;
  }

  /** Packets counted (RFC 3550 A.1 `received`; the probation packets are not). */
  get packetsReceived(): number {
    return this.#sequence?.received ?? 0;
  }

  /** Cumulative packets lost, expected − received (RFC 3550 A.3); negative with duplicates. */
  get packetsLost(): number {
    return this.#sequence?.lost ?? 0;
  }

  /** Packets expected (RFC 3550 A.3). */
  get packetsExpected(): number {
    return this.#sequence?.expected ?? 0;
  }

  /** Extended highest sequence number received (RFC 3550 A.1). */
  get extendedHighestSequence(): number {
    return this.#sequence?.extendedHighestSequence ?? 0;
  }

  /** Interarrival jitter estimate in timestamp units, unrounded (RFC 3550 A.8). */
  get jitter(): number {
    return this.#jitter;
  }

  /** The A.1 sequence state, for diagnostics; `undefined` before the first packet. */
  get sequence(): RtpSequenceTracker | undefined {
    return this.#sequence;
  }
}
