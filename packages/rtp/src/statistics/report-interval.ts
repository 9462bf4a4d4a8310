/**
 * The RTCP report interval of RFC 3550 §6.2 and §6.3.1, as computed by Appendix A.7
 * (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.7): 5% of the session bandwidth for RTCP, a
 * quarter of it for senders when they are few, a minimum interval, randomisation over [0.5, 1.5] and
 * the e − 3/2 compensation for timer reconsideration. `RtpCall` schedules its reports with that
 * reconsideration (§6.3.3), which brings the mean spacing back up to the deterministic interval; a
 * caller that uses one draw per report without reconsidering reports about 22% too often.
 * @module
 */

/** RFC 3550 §6.2: the recommended minimum interval between reports, in milliseconds. */
export const RTCP_MIN_INTERVAL_MS = 5000;

/**
 * Inputs of {@link rtcpIntervalMs}, named after the variables of RFC 3550 §6.3.
 * @example
 * ```ts
 * import type { RtcpIntervalInput } from '@voip/rtp';
 * const input: RtcpIntervalInput = { members: 2, senders: 1, rtcpBandwidth: 400, weSent: true, averageRtcpSize: 120, initial: false };
 * ```
 */
export interface RtcpIntervalInput {
  /** Participants in the session, including ourselves (`members`). At least 1. */
  readonly members: number;
  /** Participants that sent RTP since the last report, including ourselves (`senders`). */
  readonly senders: number;
  /** RTCP bandwidth in octets per second: normally 5% of the session bandwidth (`rtcp_bw`). */
  readonly rtcpBandwidth: number;
  /** Whether we sent RTP since our last report (`we_sent`). */
  readonly weSent: boolean;
  /** Average compound RTCP size in octets, UDP and IP headers included (`avg_rtcp_size`). */
  readonly averageRtcpSize: number;
  /** True before our first report: the minimum is halved (§6.2, `initial`). */
  readonly initial: boolean;
  /** The minimum interval in ms: 5000 per §6.2; smaller values suit tests and short calls. */
  readonly minIntervalMs?: number;
  /** A random number in [0, 1); default `Math.random()` (§6.3.1 needs no cryptographic quality). */
  readonly random?: number;
}

/**
 * Computes the randomised interval until the next RTCP report (RFC 3550 A.7 `rtcp_interval`).
 *
 * @param input - Session size, bandwidth, and whether we are a sender.
 * @returns Milliseconds until the next report: within [0.5, 1.5] × the deterministic interval,
 *   divided by e − 3/2 (§6.3.1).
 * @throws {RangeError} When `members` < 1, `rtcpBandwidth` <= 0 or `averageRtcpSize` <= 0.
 * @example
 * ```ts
 * import { rtcpIntervalMs } from '@voip/rtp';
 * const ms = rtcpIntervalMs({ members: 2, senders: 2, rtcpBandwidth: 400, weSent: true,
 *   averageRtcpSize: 100, initial: false }); // 5 s minimum, randomised: 2052..6156 ms
 * ```
 */
export function rtcpIntervalMs(input: RtcpIntervalInput): number {
  const { members, senders, weSent, averageRtcpSize, initial } = input;
  let bandwidth = input.rtcpBandwidth;
  if (!(members >= 1)) {
    throw new RangeError(`"members" expected >= 1, got ${members}`);
  }
  if (!(bandwidth > 0)) {
    throw new RangeError(`"rtcpBandwidth" expected > 0, got ${bandwidth}`);
  }
  if (!(averageRtcpSize > 0)) {
    throw new RangeError(`"averageRtcpSize" expected > 0, got ${averageRtcpSize}`);
  }
  const baseMin = input.minIntervalMs ?? RTCP_MIN_INTERVAL_MS;
  // §6.2: "the initial RTCP packet ... delay ... half the minimum" before the first report.
  const minMs = initial ? baseMin / 2 : baseMin;
  // §6.2: when senders are at most a quarter of the members, they share 25% of the RTCP bandwidth.
  let n = members;
  if (senders <= members * 0.25) {
    if (weSent) {
      bandwidth *= 0.25;
      n = senders;
    } else {
      bandwidth *= 0.75;
      n -= senders;
    }
  }
  let t = ((averageRtcpSize * n) / bandwidth) * 1000;
  if (t < minMs) {
    t = minMs;
  }
  // §6.3.1: randomise to avoid synchronisation, then compensate for timer reconsideration.
  const random = input.random ?? Math.random();
  return (t * (random + 0.5)) / (Math.E - 1.5);
}
