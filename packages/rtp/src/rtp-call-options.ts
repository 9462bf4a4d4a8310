/**
 * The options and small types of {@link RtpCall}: media, SRTP contexts, signalling, the latching rule
 * against RTP Bleed, and RTCP settings (RFC 3550 §6.2, https://www.rfc-editor.org/rfc/rfc3550#section-6.2).
 * @module
 */
import type { CallSignalling, CallSignallingFunction } from './call-signalling.js';
import type { RtpLogger } from './logger.js';
import type { CallerId, MediaDescription } from './media-description.js';
import type { RtpMultiplexer } from './multiplexer.js';
import type { RtcpPacket } from './rtcp-packet.js';
import type { RtpCall } from './rtp-call.js';
import type { RtpPacket, RtpPacketInit } from './rtp-packet.js';
import type { SrtpReceiveContext, SrtpSendContext } from './srtp-context.js';
import type { TransportAddress } from './transport.js';

/**
 * How a wildcard call (registered with `null`) picks its remote, against RTP Bleed (media injection
 * and hijacking by whoever sends first to an open port):
 *
 * - `'first-valid-rtp'` (default): latch to the source of the first packet that is valid, then drop
 *   packets from every other source (counted as `latchRejected`). With a receive SRTP context, valid
 *   means it authenticates (RFC 3711 §3.3); without one, a well-formed RTP packet (RFC 3550 §5.1) whose
 *   payload type is one of the call's media descriptions and, when `remoteSsrc` is given, whose SSRC
 *   matches. RTCP never latches: before latching it is only accepted when it authenticates.
 * - `'off'`: accept every source (no protection against RTP Bleed; only for trusted networks).
 *
 * Calls registered with an explicit address only ever see that address (and its RTCP port).
 * Background: RTP Bleed (https://www.rtpbleed.com/), symmetric RTP (RFC 4961,
 * https://www.rfc-editor.org/rfc/rfc4961).
 * @example
 * ```ts
 * import type { RtpLatching } from '@voip/rtp';
 * const latching: RtpLatching = 'first-valid-rtp';
 * ```
 */
export type RtpLatching = 'first-valid-rtp' | 'off';

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
 * An RTP packet to send: like {@link RtpPacketInit}, with `ssrc` defaulting to the call's SSRC.
 * @example
 * ```ts
 * import type { RtpSendPacket } from '@voip/rtp';
 * const p: RtpSendPacket = { payloadType: 0, sequenceNumber: 1, timestamp: 160, payload: new Uint8Array(160) };
 * ```
 */
export type RtpSendPacket = Omit<RtpPacketInit, 'ssrc'> & { readonly ssrc?: number };

/**
 * RTCP settings of a call (RFC 3550 §6.2, https://www.rfc-editor.org/rfc/rfc3550#section-6.2).
 * @example
 * ```ts
 * import type { RtpCallRtcpOptions } from '@voip/rtp';
 * const rtcp: RtpCallRtcpOptions = { minIntervalMs: 5000, sessionBandwidth: 64_000, cname: 'alice@example.com' };
 * ```
 */
export interface RtpCallRtcpOptions {
  /** Send periodic reports. Default true. BYE on hang-up is sent either way. */
  readonly enabled?: boolean;
  /** Minimum report interval in ms. Default 5000 (RFC 3550 §6.2); tests may use tens of ms. */
  readonly minIntervalMs?: number;
  /** Session bandwidth in bits/s; RTCP gets 5% of it (§6.2). Default 64000. */
  readonly sessionBandwidth?: number;
  /** SDES CNAME (§6.5.1). Default: a random identifier (RFC 7022 §4.2 short-term CNAME). */
  readonly cname?: string;
}

/**
 * Options of {@link RtpCall}.
 * @example
 * ```ts
 * import type { RtpCallOptions } from '@voip/rtp';
 * declare const multiplexer: import('@voip/rtp').RtpMultiplexer;
 * const options: RtpCallOptions = {
 *   multiplexer,
 *   media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '192.0.2.7', remotePort: 4000 },
 *   rtcp: { minIntervalMs: 5000 },
 *   onPacket: (packet) => console.log(packet.sequenceNumber),
 * };
 * ```
 */
export interface RtpCallOptions {
  /** The shared socket this call sends on and receives from. */
  readonly multiplexer: RtpMultiplexer;
  /**
   * The socket on our RTCP port (our RTP port + 1, RFC 3550 §11) when rtcp-mux is not used: the call
   * sends its RTCP from it, and should be registered on it too (with the same remote RTP address) to
   * receive the remote's RTCP. Default: the RTP multiplexer (fine with rtcp-mux, RFC 5761).
   */
  readonly rtcpMultiplexer?: RtpMultiplexer;
  /** The formats this call receives, with the remote endpoint (the first one names it). */
  readonly media: MediaDescription | readonly MediaDescription[];
  /** Who is calling, as the signalling layer reports it. */
  readonly caller?: CallerId;
  /** Ends the call on the signalling side when {@link RtpCall.hangUp} runs (e.g. sends the SIP BYE). */
  readonly signalling?: CallSignalling | CallSignallingFunction;
  /** SRTP contexts: `send` protects what we send (local key), `receive` checks what arrives (remote key). */
  readonly srtp?: { readonly send?: SrtpSendContext; readonly receive?: SrtpReceiveContext };
  /**
   * After `hangUp` has sent its BYE, call `dispose()` on SRTP contexts that have one (as `@voip/srtp`'s
   * do), zeroizing their keys. Default true; set false if the contexts outlive the call.
   */
  readonly disposeSrtpOnHangUp?: boolean;
  /** Source-latching rule for wildcard calls; see {@link RtpLatching}. Default `'first-valid-rtp'`. */
  readonly latching?: RtpLatching;
  /** The remote SSRC when signalling announced it (`a=ssrc`, RFC 5576); tightens latching. */
  readonly remoteSsrc?: number;
  /** Our SSRC. Default: random (RFC 3550 §8.1). */
  readonly ssrc?: number;
  /** RTCP report settings. */
  readonly rtcp?: RtpCallRtcpOptions;
  /** Logger; default the multiplexer's. */
  readonly logger?: RtpLogger;
  /** Called for each RTP packet, unless `packetReceived` is overridden. */
  readonly onPacket?: (packet: RtpPacket, remote: TransportAddress, call: RtpCall) => void;
  /**
   * End the call when the remote sends an RTCP BYE (RFC 3550 §6.6) for every source it sent from: the
   * call ends as on a local {@link RtpCall.hangUp} (a final report with our BYE, timers stopped,
   * unregistered, SRTP disposed, signalling asked to end the call), with {@link RtpCallEnd.by} `'remote'`
   * and the BYE's reason. Default true. Without SRTP, a forged BYE from the remote's address (or, on a
   * wildcard call, the latched one) ends the call too: pass false to leave ending to signalling.
   */
  readonly endOnRemoteBye?: boolean;
  /** Called once when the call ends, by a local hang-up or a remote BYE; see {@link RtpCallEnd}. */
  readonly onEnd?: (call: RtpCall, end: RtpCallEnd) => void;
  /** Called for each RTCP compound packet, unless `rtcpReceived` is overridden. */
  readonly onRtcp?: (packets: readonly RtcpPacket[], remote: TransportAddress, call: RtpCall) => void;
}

/**
 * How a call ended: `by` is `'local'` for {@link RtpCall.hangUp}, `'remote'` for an RTCP BYE from the
 * remote (RFC 3550 §6.6, see {@link RtpCallOptions.endOnRemoteBye}); `reason` is the hang-up's or the
 * BYE's reason text.
 * @example
 * ```ts
 * import type { RtpCallEnd } from '@voip/rtp';
 * const onEnd = (end: RtpCallEnd) => console.log(`call ended by the ${end.by} side: ${end.reason ?? 'no reason'}`);
 * ```
 */
export interface RtpCallEnd {
  readonly by: 'local' | 'remote';
  readonly reason: string | undefined;
}
