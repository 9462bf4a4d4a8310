/**
 * What an {@link RtpMultiplexer} routes datagrams to, as an interface, so the multiplexer knows nothing of
 * the call class: `RtpCall` implements it, and the dependency runs one way only (the call knows its
 * multiplexer; the multiplexer knows this shape).
 * @module
 */
import type { TransportAddress } from './transport.js';

/**
 * What the multiplexer did with one datagram handed to {@link RtpCall.datagramReceived}.
 * @example
 * ```ts
 * import type { RtpDeliveryOutcome } from '@voip/rtp';
 * const dropped = (o: RtpDeliveryOutcome): boolean => o !== 'rtp' && o !== 'rtcp';
 * ```
 */
export type RtpDeliveryOutcome =
  | 'rtp'
  | 'rtcp'
  | 'malformed'
  | 'auth-failed'
  | 'latch-rejected'
  | 'unexpected'
  | 'call-ended'
  | 'handler-error';

/**
 * A call as its multiplexer sees it: where it sends from, whether it has ended, its RTCP address for an
 * RTP address, the report timer's start and stop, and the datagram entry point. `RtpCall` is the
 * implementation; a test double or another call class can be registered the same way.
 * @example
 * ```ts
 * import type { RtpRoutedCall } from '@voip/rtp';
 * declare const call: RtpRoutedCall;
 * call.datagramReceived(new Uint8Array(12), { address: '192.0.2.1', port: 5004 }, false);
 * ```
 */
export interface RtpRoutedCall {
  /** The multiplexer the call sends RTP on; it starts and stops the call's reports. */
  readonly multiplexer: object;
  /** The multiplexer the call sends RTCP on (the same one with rtcp-mux). */
  readonly rtcpMultiplexer: object;
  /** True once the call has ended; an ended call cannot be registered. */
  readonly ended: boolean;
  /** The remote RTCP address that goes with an RTP address (RFC 3605 `a=rtcp`, else port + 1), if any. */
  rtcpRemoteAddress(rtp: TransportAddress): TransportAddress | undefined;
  /** Starts periodic RTCP reports (called on registration). */
  start(): void;
  /** Stops periodic RTCP reports (called when the call loses its last route). */
  stop(): void;
  /** Takes one datagram routed to the call; never throws. */
  datagramReceived(data: Uint8Array, remote: TransportAddress, viaWildcard: boolean): RtpDeliveryOutcome;
}
