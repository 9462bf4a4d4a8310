/**
 * What {@link RtpCall.statistics} reports: RFC 3550 §6.4 sender and receiver figures for the call,
 * per remote source, and the last reception report the remote sent about us.
 * https://www.rfc-editor.org/rfc/rfc3550#section-6.4, https://www.rfc-editor.org/rfc/rfc3550#appendix-A.3
 * @module
 */
import type { TransportAddress } from '../transport/transport.js';

/** Reception figures for one remote source (SSRC), from RFC 3550 A.1, A.3 and A.8. */
export interface RtpSourceStatistics {
  /** The remote SSRC. */
  readonly ssrc: number;
  /** Packets received from it (including probation and duplicates, as RFC 3550 A.3 counts). */
  readonly packetsReceived: number;
  /** Cumulative packets lost: expected − received (A.3); negative with duplicates. */
  readonly packetsLost: number;
  /** Extended highest sequence number received (A.1). */
  readonly extendedHighestSequence: number;
  /** Interarrival jitter in RTP timestamp units (A.8). */
  readonly jitter: number;
  /** The same jitter in milliseconds (jitter / clock rate × 1000). */
  readonly jitterMs: number;
  /** The source sent an RTCP BYE (RFC 3550 §6.6). */
  readonly ended: boolean;
}

/** The last reception report block the remote sent about our SSRC (RFC 3550 §6.4.1), as it reported it. */
export interface RemoteReceptionReport {
  /** SSRC of the reporting remote. */
  readonly reporterSsrc: number;
  /** Fraction of our packets the remote lost since its previous report, 0..1 (the 8-bit field / 256). */
  readonly fractionLost: number;
  /** The remote's cumulative count of our lost packets. */
  readonly cumulativeLost: number;
  /** Extended highest sequence number the remote received from us. */
  readonly highestSequence: number;
  /** Interarrival jitter the remote measured, in RTP timestamp units. */
  readonly jitter: number;
  /** The same jitter in milliseconds, using our send clock rate. */
  readonly jitterMs: number;
  /**
   * Round-trip time from the report's LSR and DLSR (RFC 3550 §6.4.1: A − LSR − DLSR), in ms; undefined
   * until the remote has received one of our sender reports.
   */
  readonly roundTripTimeMs: number | undefined;
  /** Wall-clock time (ms since the epoch) the report arrived. */
  readonly receivedAtMs: number;
}

/** An RTCP BYE (RFC 3550 §6.6) received from the remote. */
export interface RemoteBye {
  /** The SSRCs leaving. */
  readonly ssrcs: readonly number[];
  /** The reason text, if any. */
  readonly reason: string | undefined;
}

/**
 * A call's statistics: totals in both directions, drop counters, per-source reception, and what the
 * remote last reported about our stream.
 * @example
 * ```ts
 * declare const call: import('@voip/rtp').RtpCall;
 * const s = call.statistics();
 * console.log(s.packetsLost, s.jitterMs, s.remoteReport?.fractionLost, s.remoteReport?.roundTripTimeMs);
 * ```
 */
export interface RtpCallStatistics {
  /** Our SSRC. */
  readonly ssrc: number;
  /** RTP packets sent by `sendPacket` (RFC 3550 §6.4.1 sender's packet count). */
  readonly packetsSent: number;
  /** Payload octets sent (§6.4.1 sender's octet count). */
  readonly octetsSent: number;
  /** RTP packets delivered to the call (after SRTP and latching). */
  readonly packetsReceived: number;
  /** Payload octets delivered. */
  readonly octetsReceived: number;
  /** Packets lost, summed over remote sources (cumulative, A.3). */
  readonly packetsLost: number;
  /** Jitter of the main remote source (the one with most packets), RTP timestamp units (A.8). */
  readonly jitter: number;
  /** The same in milliseconds. */
  readonly jitterMs: number;
  /** Compound RTCP packets sent and received. */
  readonly rtcpSent: number;
  readonly rtcpReceived: number;
  /** Drops: unparseable RTP/RTCP (after SRTP). */
  readonly malformed: number;
  /** Drops: SRTP/SRTCP authentication or replay failure. */
  readonly authFailed: number;
  /** Drops: from a source other than the latched one (RTP Bleed protection). */
  readonly latchRejected: number;
  /** Drops: before latching, a payload type or SSRC the call does not expect. */
  readonly unexpected: number;
  /** `packetReceived` / `rtcpReceived` threw. */
  readonly handlerErrors: number;
  /** The source this call latched to, if it did. */
  readonly latchedAddress: TransportAddress | undefined;
  /** One entry per remote SSRC seen. */
  readonly sources: readonly RtpSourceStatistics[];
  /** The remote's last report about us, if any. */
  readonly remoteReport: RemoteReceptionReport | undefined;
  /** The remote's BYE, if it sent one. */
  readonly remoteBye: RemoteBye | undefined;
}
