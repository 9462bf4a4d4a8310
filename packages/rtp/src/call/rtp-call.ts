/**
 * One call leg on an {@link RtpMultiplexer}: receives RTP/RTCP for its remote, sends RTP, reports RTCP
 * (RFC 3550 §6), protects both with SRTP contexts (RFC 3711), and hangs up through the signalling layer.
 * https://www.rfc-editor.org/rfc/rfc3550#section-6, https://www.rfc-editor.org/rfc/rfc3711#section-3
 * @module
 */
import type { RtpDeliveryOutcome, RtpRoutedCall } from '../transport/call-route.js';
import { CodecNegotiationError } from '../errors.js';
import type { RtpCallStatistics } from './call-statistics.js';
import { CallRtcp, randomUint32, wallClockMs } from './call-rtcp.js';
import { isRtcpPacket } from '../packet/demux.js';
import { safeLog, type RtpLogger } from '../transport/logger.js';
import { formatRtpmap, validateMediaDescription, type CallerId, type MediaDescription, type SdpFormats } from './media-description.js';
import type { RtpMultiplexer } from '../transport/multiplexer.js';
import type { RtcpPacket } from '../rtcp/rtcp-packet.js';
import {
  decodeRtpPacket,
  parseRtpPacket,
  rtpPacketByteLength,
  serializeRtpPacket,
  serializeRtpPacketInto,
  type RtpPacket,
  type RtpPacketInit,
} from '../packet/rtp-packet.js';
import type { SrtpReceiveContext, SrtpSendContext } from './srtp-context.js';
import { receiveBuffers, sendBuffers, sendInit, type ReceiveBuffers, type ReusedBuffer } from './reused-buffers.js';
import type { ViewCache } from '../packet/view-cache.js';
import type { RtpCallRtcpOptions } from './call-rtcp.js';
import { SourceLatch, type RtpLatching } from './source-latch.js';
import { DtmfReceiver, type DtmfDigitEnd, type DtmfDigitStart } from '../dtmf/dtmf-receiver.js';
import { DtmfSender } from '../dtmf/dtmf-sender.js';
import type { TransportAddress } from '../transport/transport.js';

/**
 * The signalling side of a call: {@link RtpCall.hangUp} calls `hangUp` after it has sent the RTCP BYE
 * (RFC 3550 §6.6) and stopped its media, so the SIP layer can send its BYE (RFC 3261 §15.1.1).
 *
 * @example
 * ```ts
 * import type { CallSignalling } from '@voip/rtp';
 * const signalling: CallSignalling = {
 *   async hangUp(call, reason) {
 *     console.log(`BYE to ${call.caller?.uri ?? 'unknown'}: ${reason ?? 'normal clearing'}`);
 *   },
 * };
 * ```
 */
export interface CallSignalling {
  /** Ends the call on the signalling side. A rejection propagates out of `RtpCall.hangUp`. */
  hangUp(call: RtpCall, reason?: string): void | Promise<void>;
}

/**
 * The same as {@link CallSignalling} written as a bare callback.
 * @example
 * ```ts
 * import type { CallSignallingFunction } from '@voip/rtp';
 * const bye: CallSignallingFunction = (call, reason) => console.log('BYE', call.caller?.uri, reason);
 * ```
 */
export type CallSignallingFunction = (call: RtpCall, reason?: string) => void | Promise<void>;

/**
 * An RTP packet to send: like {@link RtpPacketInit}, with `ssrc` defaulting to the call's SSRC and
 * `sequenceNumber` to the call's own counter (random start, RFC 3550 §5.1; one more per packet sent with
 * our SSRC). A packet that brings its own sequence number moves the counter on from it, so an application
 * that numbers its audio and the call's DTMF ({@link RtpCall.sendDigits}) share one sequence space.
 * @example
 * ```ts
 * import type { RtpSendPacket } from '@voip/rtp';
 * const p: RtpSendPacket = { payloadType: 0, sequenceNumber: 1, timestamp: 160, payload: new Uint8Array(160) };
 * const numberedByTheCall: RtpSendPacket = { payloadType: 0, timestamp: 320, payload: new Uint8Array(160) };
 * ```
 */
export type RtpSendPacket = Omit<RtpPacketInit, 'ssrc' | 'sequenceNumber'> & {
  readonly ssrc?: number;
  readonly sequenceNumber?: number;
};

/**
 * DTMF settings of a call (RFC 4733). Digits are sent and received on the call's `telephone-event`
 * media description (`a=rtpmap:101 telephone-event/8000`), at its clock rate.
 * @example
 * ```ts
 * import type { RtpCallDtmfOptions } from '@voip/rtp';
 * const dtmf: RtpCallDtmfOptions = {
 *   durationMs: 120,
 *   onDigitEnd: (call, end) => console.log(`pressed ${end.digit} for ${end.durationMs} ms`),
 * };
 * ```
 */
export interface RtpCallDtmfOptions {
  /** How long each digit sent lasts, in ms. Default 100. */
  readonly durationMs?: number;
  /** Silence between digits sent, in ms. Default 70. */
  readonly pauseMs?: number;
  /** Volume of the digits sent, 0..63 (-dBm0). Default 10. */
  readonly volume?: number;
  /** Interval between the packets of one event, in ms. Default 50. */
  readonly packetIntervalMs?: number;
  /** A received digit started (the first packet of its event, or the first that arrived). */
  readonly onDigitStart?: (call: RtpCall, start: DtmfDigitStart) => void;
  /** A received digit ended (its end report, a following event, or a timeout: see `endInferred`). */
  readonly onDigitEnd?: (call: RtpCall, end: DtmfDigitEnd) => void;
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
   * Hand every received RTP packet over in one reused object whose payload views a reused buffer
   * (SRTP decrypts into it): nothing is allocated per packet on the receive path, and the packet, its
   * payload, CSRCs and extension are valid only until `onPacket` / `packetReceived` returns. Keep one
   * with `cloneRtpPacket` (or copy what you need). Default false: each packet is a new object, and its
   * payload views the received datagram (decrypted in place), which stays valid after the callback.
   */
  readonly reuseReceivedPackets?: boolean;
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
  /** DTMF (RFC 4733) on the call's `telephone-event` media description; see {@link RtpCallDtmfOptions}. */
  readonly dtmf?: RtpCallDtmfOptions;
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

/** How often a call checks for a received digit whose end reports were lost (RFC 4733 §2.5.2). */
const DTMF_POLL_MS = 200;
/** How long after the last telephone-event packet the poll goes on: past the receiver's 1 s timeout. */
const DTMF_POLL_IDLE_MS = 2000;

/**
 * One call leg. Subclass it and override {@link packetReceived}, or pass
 * `onPacket`. Register it on its multiplexer to start receiving and reporting.
 *
 * Receive path, per datagram (nothing here throws out of the socket handler):
 * 1. latching (wildcard calls, {@link RtpLatching}); 2. SRTP/SRTCP unprotect when a receive context is
 * set (failures logged as warnings and counted); 3. parse (malformed dropped and counted); 4. statistics;
 * 5. `packetReceived` / `rtcpReceived` (a throw is caught, logged and counted). Warnings and errors are
 * logged for the first 10 drops of each kind and then every 1000th, so a flood cannot flood the log;
 * the counters in {@link statistics} stay exact.
 *
 * @example
 * ```ts
 * import { RtpCall, type RtpPacket, type TransportAddress } from '@voip/rtp';
 * class EchoCall extends RtpCall {
 *   override packetReceived(packet: RtpPacket, remote: TransportAddress): void {
 *     this.sendPacket({ ...packet, ssrc: this.ssrc }, remote);
 *   }
 * }
 * ```
 */
export class RtpCall implements RtpRoutedCall {
  /** The shared socket. */
  readonly multiplexer: RtpMultiplexer;
  /** The socket RTCP is sent from: {@link RtpCallOptions.rtcpMultiplexer}, else {@link multiplexer}. */
  readonly rtcpMultiplexer: RtpMultiplexer;
  /** The formats this call receives; the first one names the remote endpoint. */
  readonly media: readonly MediaDescription[];
  /** Who is calling. */
  readonly caller: CallerId | undefined;
  /** Our SSRC. */
  readonly ssrc: number;
  /** The logger this call reports to. */
  readonly logger: RtpLogger;
  readonly #signalling: CallSignallingFunction | undefined;
  readonly #sendContext: SrtpSendContext | undefined;
  readonly #receiveContext: SrtpReceiveContext | undefined;
  readonly #disposeSrtp: boolean;
  readonly #latch: SourceLatch;
  readonly #onPacket: RtpCallOptions['onPacket'];
  readonly #onRtcp: RtpCallOptions['onRtcp'];
  readonly #onEnd: RtpCallOptions['onEnd'];
  readonly #endOnRemoteBye: boolean;
  readonly #reusePackets: boolean;
  /** Whether the last RTP send let the transport release its buffer: if so, send from the reused buffers. */
  #reuseSendBuffers = false;
  /** The same for RTCP (it may go out on another multiplexer). */
  #reuseRtcpBuffers = false;
  readonly #rtcp: CallRtcp;
  #ended = false;
  #endedBy: RtpCallEnd | undefined;
  /** The next RTP sequence number for our SSRC (RFC 3550 §5.1: a random start). */
  #nextSequenceNumber = randomUint32() & 0xffff;
  /** The last RTP timestamp sent with our SSRC, and when (monotonic ms), to place DTMF events on the stream's clock. */
  #lastTimestamp = 0;
  /** When #lastTimestamp was sent (wall-clock ms, as the sender statistics get it), or NaN before the first packet. */
  #lastTimestampAtMs = Number.NaN;
  readonly #dtmfMedia: MediaDescription | undefined;
  readonly #dtmfOptions: RtpCallDtmfOptions;
  readonly #dtmfReceiver: DtmfReceiver | undefined;
  #dtmfPollTimer: ReturnType<typeof setInterval> | undefined;
  #lastDtmfPacketMs = 0;
  /** Digits being sent: each sendDigits waits for the one before. */
  #dtmfQueue: Promise<unknown> | undefined;
  #hangUp: Promise<void> | undefined;

  /**
   * @param options - Multiplexer, media, SRTP contexts, signalling, latching and RTCP settings.
   * @throws {RangeError} When `media` is empty, a description is out of range (`"payloadType" expected
   *   0..127, got 200`), or `rtcp.minIntervalMs` / `rtcp.sessionBandwidth` is not positive.
   * @throws {RangeError} When `ssrc` or `remoteSsrc` is not a 32-bit unsigned integer.
   * @throws {TypeError} When `ssrc` or `remoteSsrc` is not a number, or `latching` is unknown.
   */
  constructor(options: RtpCallOptions) {
    const media: readonly MediaDescription[] = isMediaList(options.media) ? [...options.media] : [options.media];
    if (media.length === 0) {
      throw new RangeError('"media" expected at least one media description, got 0');
    }
    media.forEach(validateMediaDescription);
    for (const [name, value] of [
      ['ssrc', options.ssrc],
      ['remoteSsrc', options.remoteSsrc],
    ] as const) {
      if (value !== undefined && typeof value !== 'number') {
        throw new TypeError(`"${name}" expected a number, got ${typeof value}`);
      }
      if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 0xffffffff)) {
        throw new RangeError(`"${name}" expected a 32-bit unsigned integer, got ${value}`);
      }
    }
    this.multiplexer = options.multiplexer;
    this.rtcpMultiplexer = options.rtcpMultiplexer ?? options.multiplexer;
    this.media = Object.freeze(media);
    this.caller = options.caller;
    this.ssrc = options.ssrc ?? randomUint32();
    this.logger = options.logger ?? options.multiplexer.logger;
    const signalling = options.signalling;
    this.#signalling =
      typeof signalling === 'function' ? signalling : signalling && ((call, reason) => signalling.hangUp(call, reason));
    this.#sendContext = options.srtp?.send;
    this.#receiveContext = options.srtp?.receive;
    this.#disposeSrtp = options.disposeSrtpOnHangUp ?? true;
    this.#latch = new SourceLatch(options.latching ?? 'first-valid-rtp', media, options.remoteSsrc);
    this.#onPacket = options.onPacket;
    this.#onRtcp = options.onRtcp;
    this.#onEnd = options.onEnd;
    this.#endOnRemoteBye = options.endOnRemoteBye ?? true;
    this.#reusePackets = options.reuseReceivedPackets === true;
    this.#rtcp = new CallRtcp({
      ssrc: this.ssrc,
      media,
      options: options.rtcp ?? {},
      send: (compound) => this.#sendRtcp(compound),
      logger: this.logger,
    });
    this.#dtmfOptions = options.dtmf ?? {};
    const telephoneEvents = media.filter((m) => m.encodingName.toLowerCase() === 'telephone-event');
    this.#dtmfMedia = telephoneEvents[0];
    this.#dtmfReceiver =
      telephoneEvents.length === 0
        ? undefined
        : new DtmfReceiver({
            payloadTypes: telephoneEvents.map((m) => ({ payloadType: m.payloadType, clockRate: m.clockRate })),
            onDigitStart: (start) => this.#dtmfOptions.onDigitStart?.(this, start),
            onDigitEnd: (end) => this.#dtmfOptions.onDigitEnd?.(this, end),
          });
  }

  /**
   * Picks the codec to answer an offer with. The signalling layer calls it before answering; override
   * it in a subclass (`static override negotiateCodec`).
   *
   * @param remoteMedia - The formats the remote offered.
   * @returns The description to answer with.
   * @throws {CodecNegotiationError} `NOT_IMPLEMENTED` unless overridden (overrides throw `NO_COMMON_CODEC`).
   * @example
   * ```ts
   * import { RtpCall, CodecNegotiationError, type MediaDescription } from '@voip/rtp';
   * class PcmuCall extends RtpCall {
   *   static override negotiateCodec(offer: readonly MediaDescription[]): MediaDescription {
   *     const pcmu = offer.find((m) => m.payloadType === 0);
   *     if (!pcmu) throw new CodecNegotiationError('NO_COMMON_CODEC', 'PCMU not offered');
   *     return pcmu;
   *   }
   * }
   * ```
   */
  static negotiateCodec(remoteMedia: readonly MediaDescription[]): MediaDescription {
    throw new CodecNegotiationError(
      'NOT_IMPLEMENTED',
      `${this.name}.negotiateCodec is not implemented: override it to choose among ${remoteMedia.length} offered format(s)`,
    );
  }

  /**
   * The SDP this call contributes: its payload types for the `m=` line and an `a=rtpmap` per format.
   * @returns Formats in preference order and their rtpmap lines (RFC 4566 §6).
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * call.sdpFormats(); // { formats: [0, 101], rtpmaps: ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000'] }
   * ```
   */
  sdpFormats(): SdpFormats {
    return {
      formats: this.media.map((m) => m.payloadType),
      rtpmaps: this.media.map((m) => `a=rtpmap:${formatRtpmap(m)}`),
    };
  }

  /**
   * Handles one RTP packet. Override it (the default calls `onPacket`). A throw is caught, logged and
   * counted; the socket keeps serving.
   * @param packet - The parsed (and decrypted) packet; `payload` may view a reused buffer: copy to keep.
   * @param remote - Where it came from.
   */
  packetReceived(packet: RtpPacket, remote: TransportAddress): void {
    this.#onPacket?.(packet, remote, this);
  }

  /**
   * Handles one RTCP compound packet after the call has fed it to its statistics. Override it (the
   * default calls `onRtcp`).
   * @param packets - The parsed RTCP packets (SR, RR, SDES, BYE, feedback...).
   * @param remote - Where it came from.
   */
  rtcpReceived(packets: readonly RtcpPacket[], remote: TransportAddress): void {
    this.#onRtcp?.(packets, remote, this);
  }

  /**
   * The remote RTP address: the latched source, else the media description's, else the source of the
   * first packet delivered (a call registered at an address the media does not name).
   */
  remoteAddress(): TransportAddress | undefined {
    return this.#latch.remoteAddress();
  }

  /**
   * Where RTCP for an RTP remote goes, when it is not the RTP address itself: `remoteRtcpPort` or
   * port + 1 (RFC 3550 §11) without rtcp-mux; `undefined` with rtcp-mux (RFC 5761).
   * @param rtp - The remote RTP address.
   * @returns The remote RTCP address, or undefined when RTCP is muxed.
   */
  rtcpRemoteAddress(rtp: TransportAddress): TransportAddress | undefined {
    return this.#latch.rtcpRemoteAddress(rtp);
  }

  /** The source this call latched to, if any. */
  get latchedAddress(): TransportAddress | undefined {
    return this.#latch.latched;
  }

  /**
   * Forgets the latched source, so the next valid packet latches again: for a re-INVITE that moved the
   * remote, or a NAT rebinding the application trusts.
   */
  resetLatch(): void {
    this.#latch.reset();
  }

  /** Starts periodic RTCP reports (the multiplexer calls it on `registerCall`). Idempotent. */
  start(): void {
    if (!this.#ended) {
      this.#rtcp.start();
    }
  }

  /** Stops periodic RTCP reports (the multiplexer calls it when the call loses its last route). */
  stop(): void {
    this.#rtcp.stop();
    this.#stopDtmfPoll();
  }

  /**
   * RFC 4733 §2.5.2: a digit whose end reports were all lost ends after the receiver's timeout, so the
   * receiver is polled, but only while telephone events arrive (and a while after): a call without
   * DTMF traffic runs no timer for it.
   */
  #armDtmfPoll(receiver: DtmfReceiver, nowMs: number): void {
    this.#lastDtmfPacketMs = nowMs;
    if (this.#dtmfPollTimer === undefined && !this.#ended) {
      this.#dtmfPollTimer = setInterval(() => {
        const now = performance.now();
        receiver.poll(now);
        if (now - this.#lastDtmfPacketMs > DTMF_POLL_IDLE_MS) {
          this.#stopDtmfPoll();
        }
      }, DTMF_POLL_MS);
      this.#dtmfPollTimer.unref?.();
    }
  }

  #stopDtmfPoll(): void {
    if (this.#dtmfPollTimer !== undefined) {
      clearInterval(this.#dtmfPollTimer);
      this.#dtmfPollTimer = undefined;
    }
  }

  /**
   * Serializes `packet`, protects it with the send SRTP context when set, and sends it.
   *
   * @param packet - The packet; `ssrc` defaults to {@link ssrc} (packets sent with another SSRC are sent
   *   but not counted in our sender reports).
   * @param address - Destination; default {@link remoteAddress}.
   * @returns False when the call has ended (nothing is sent).
   * @throws {TypeError} When no destination is known yet (wildcard call not latched, no remote in the media).
   * @throws {RangeError} From serialization, for out-of-range fields; from the SRTP context when its key is spent.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * call.sendPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 160, payload: new Uint8Array(160) });
   * ```
   */
  sendPacket(packet: RtpSendPacket, address?: TransportAddress): boolean {
    if (this.#ended) {
      return false;
    }
    const to = address ?? this.remoteAddress();
    if (to === undefined) {
      throw new TypeError('"address" expected a destination: the call has no remote address yet');
    }
    const ssrc = packet.ssrc ?? this.ssrc;
    const ours = ssrc === this.ssrc;
    let sequenceNumber = packet.sequenceNumber;
    if (sequenceNumber === undefined) {
      if (!ours) {
        throw new TypeError('"sequenceNumber" expected for a packet with another SSRC than the call\'s');
      }
      sequenceNumber = this.#nextSequenceNumber;
    }
    let init: RtpPacketInit;
    if (packet.ssrc === undefined || packet.sequenceNumber === undefined) {
      // One reused object for the thread instead of a spread copy per packet: only serialization
      // reads it, before the datagram goes to the transport (a send nested in that, through a
      // synchronous transport, may refill it; nothing reads it after).
      const scratch = sendInit;
      scratch.payloadType = packet.payloadType;
      scratch.sequenceNumber = sequenceNumber;
      scratch.timestamp = packet.timestamp;
      scratch.ssrc = ssrc;
      scratch.payload = packet.payload;
      scratch.marker = packet.marker;
      scratch.csrcs = packet.csrcs;
      scratch.extension = packet.extension;
      scratch.paddingLength = packet.paddingLength;
      init = scratch;
    } else {
      init = packet as RtpPacketInit;
    }
    this.#transmitRtp(init, to);
    if (ours) {
      this.#nextSequenceNumber = (sequenceNumber + 1) & 0xffff;
      const nowMs = wallClockMs();
      this.#lastTimestamp = packet.timestamp;
      this.#lastTimestampAtMs = nowMs;
      this.#rtcp.sent(packet, nowMs);
    }
    return true;
  }

  /**
   * Serializes, protects (RFC 3711 §3.3) and sends one packet. From the thread's reused buffers when the
   * transport released the last one sent (and the send context has `protectInto`): nothing allocated.
   */
  #transmitRtp(init: RtpPacketInit, to: TransportAddress): void {
    const context = this.#sendContext;
    const shared = sendBuffers;
    if (this.#reuseSendBuffers && !shared.busy && (context === undefined || context.protectInto !== undefined)) {
      if (rtpPacketByteLength(init) <= shared.plain.capacity) {
        shared.busy = true;
        try {
          const plain = shared.plain.head(serializeRtpPacketInto(init, shared.plain.bytes, 0));
          this.#reuseSendBuffers =
            context?.protectInto === undefined
              ? sendReused(this.multiplexer, plain, to, shared.plain)
              : sendReused(this.multiplexer, shared.wire.head(context.protectInto(plain, shared.wire.bytes, 0)), to, shared.wire);
        } finally {
          shared.busy = false;
        }
        return;
      }
    }
    const bytes = serializeRtpPacket(init);
    this.#reuseSendBuffers = this.multiplexer.send(context === undefined ? bytes : context.protect(bytes), to);
  }

  /**
   * Sends DTMF digits as RFC 4733 telephone events on the call's `telephone-event` media description:
   * each digit one event (marker on its first packet, one timestamp, duration updates every packet
   * interval, the end report three times), `pauseMs` apart, numbered in the call's own sequence (see
   * {@link RtpSendPacket}) and timed on the stream's RTP clock (continuing from the last packet sent).
   * Calls queue: the digits of a second call go out after those of the first.
   *
   * @param digits - `0`-`9`, `*`, `#`, `A`-`D` (case-insensitive), e.g. `'1234#'`.
   * @param options - `durationMs` and `pauseMs` for these digits (default: the call's `dtmf` options).
   * @returns Resolves true when every packet was sent, false when the call ended first.
   * @throws {CodecNegotiationError} `NO_COMMON_CODEC` when the call has no telephone-event media.
   * @throws {RangeError} When a character is not a DTMF digit (nothing is sent).
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * await call.sendDigits('1234#'); // an IVR menu choice and the pound key
   * ```
   */
  sendDigits(digits: string, options: { readonly durationMs?: number; readonly pauseMs?: number } = {}): Promise<boolean> {
    const media = this.#dtmfMedia;
    if (media === undefined) {
      throw new CodecNegotiationError('NO_COMMON_CODEC', 'cannot send DTMF: the call has no telephone-event media description (RFC 4733)');
    }
    const o = this.#dtmfOptions;
    const sender = new DtmfSender({
      payloadType: media.payloadType,
      clockRate: media.clockRate,
      durationMs: options.durationMs ?? o.durationMs,
      pauseMs: options.pauseMs ?? o.pauseMs,
      volume: o.volume,
      packetIntervalMs: o.packetIntervalMs,
    });
    sender.planDigits(digits, 0, 0); // validate now: a bad digit throws before anything is queued
    const run = (this.#dtmfQueue ?? Promise.resolve()).then(() => this.#sendPlannedDigits(sender, digits, media.clockRate));
    this.#dtmfQueue = run.catch(() => undefined);
    return run;
  }

  async #sendPlannedDigits(sender: DtmfSender, digits: string, clockRate: number): Promise<boolean> {
    if (this.#ended) {
      return false;
    }
    const startMs = performance.now();
    const startTimestamp = Number.isNaN(this.#lastTimestampAtMs)
      ? randomUint32()
      : (this.#lastTimestamp + Math.round(((wallClockMs() - this.#lastTimestampAtMs) * clockRate) / 1000)) >>> 0;
    const plan = sender.planDigits(digits, startTimestamp, startMs);
    for (const p of plan.packets) {
      // Absolute deadlines from the plan, so timer lateness does not accumulate.
      const wait = p.atMs - performance.now();
      if (wait > 0) {
        await new Promise<void>((resolve) => setTimeout(resolve, wait).unref?.());
      }
      if (this.#ended) {
        return false;
      }
      this.sendPacket({ payloadType: p.payloadType, marker: p.marker, timestamp: p.timestamp, payload: p.payload });
    }
    return true;
  }

  /**
   * Sends an RTCP report now, besides the periodic ones: an SR if we sent RTP during the last two report
   * intervals (RFC 3550 §6.4), else an RR; plus SDES CNAME.
   * @returns False when no RTCP destination is known yet or the call has ended.
   */
  sendRtcpReport(): boolean {
    return !this.#ended && this.#rtcp.sendReport(undefined);
  }

  /**
   * Ends the call: sends an RTCP BYE (RFC 3550 §6.6, in a compound with a final report), stops the
   * timers, unregisters from the multiplexer, disposes the SRTP contexts (unless
   * `disposeSrtpOnHangUp: false`), then asks the signalling layer to end the call.
   * Calling it again returns the same promise.
   *
   * @param reason - Optional reason, sent in the BYE (cut to 255 bytes) and passed to signalling.
   * @returns Resolves when the signalling side is done.
   * @throws {Error} Whatever the signalling layer rejects with.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * await call.hangUp('user hung up');
   * ```
   */
  hangUp(reason?: string): Promise<void> {
    return this.#end({ by: 'local', reason });
  }

  #end(end: RtpCallEnd): Promise<void> {
    if (this.#hangUp === undefined) {
      // Set before any work, so a hang-up re-entered from inside it (a synchronous transport, a hook)
      // gets this same promise instead of recursing.
      let settle: (result: Promise<void>) => void = () => {};
      this.#hangUp = new Promise<void>((resolve) => {
        settle = resolve;
      });
      settle(this.#endCall(end));
    }
    return this.#hangUp;
  }

  async #endCall(end: RtpCallEnd): Promise<void> {
    const { reason } = end;
    this.#ended = true;
    this.#endedBy = end;
    try {
      this.#rtcp.sendReport({ reason });
    } catch (error) {
      safeLog(this.logger, 'error', 'could not send RTCP BYE', { error });
    }
    this.#rtcp.stop();
    this.multiplexer.removeCall(this);
    if (this.rtcpMultiplexer !== this.multiplexer) {
      this.rtcpMultiplexer.removeCall(this);
    }
    if (this.#disposeSrtp) {
      // The keys are of no further use: zeroize them where the context can (RFC 3711 §9.2 hygiene).
      for (const context of new Set<unknown>([this.#sendContext, this.#receiveContext])) {
        try {
          (context as { dispose?: () => void } | undefined)?.dispose?.();
        } catch (error) {
          safeLog(this.logger, 'error', 'SRTP context dispose failed', { error });
        }
      }
    }
    try {
      this.#onEnd?.(this, end);
    } catch (error) {
      safeLog(this.logger, 'error', 'onEnd threw', { error });
    }
    await this.#signalling?.(this, reason);
  }

  /** Whether the call has ended ({@link hangUp} ran, or the remote sent a BYE). */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * How the call ended, once it has: by a local {@link hangUp} or a remote RTCP BYE
   * ({@link RtpCallOptions.endOnRemoteBye}). Undefined while the call runs.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * if (call.endedBy?.by === 'remote') console.log('the far end left:', call.endedBy.reason);
   * ```
   */
  get endedBy(): RtpCallEnd | undefined {
    return this.#endedBy;
  }

  /**
   * Totals, drop counters, per-source reception (RFC 3550 A.3, A.8) and the remote's last report.
   * @returns A snapshot.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * const { packetsLost, jitterMs, remoteReport } = call.statistics();
   * ```
   */
  statistics(): RtpCallStatistics {
    return this.#rtcp.statistics(this.#latch.latched);
  }

  /**
   * Takes one datagram from the multiplexer. Never throws.
   * @param data - An RTP or RTCP datagram (RFC 7983 first byte 128..191), maybe SRTP.
   * @param remote - Its source.
   * @param viaWildcard - True when routed through the wildcard (latching applies).
   * @returns What happened to it, for the multiplexer's counters.
   */
  datagramReceived(data: Uint8Array, remote: TransportAddress, viaWildcard: boolean): RtpDeliveryOutcome {
    if (this.#ended) {
      return 'call-ended';
    }
    try {
      return isRtcpPacket(data) ? this.#receiveRtcp(data, remote, viaWildcard) : this.#receiveRtp(data, remote, viaWildcard);
    } catch (error) {
      return this.#drop('handler-error', 'error', 'unexpected error on receive', remote, error);
    }
  }

  #drop(
    outcome: Exclude<RtpDeliveryOutcome, 'rtp' | 'rtcp' | 'call-ended'>,
    level: 'debug' | 'warn' | 'error',
    message: string,
    remote: TransportAddress,
    detail?: unknown,
  ): RtpDeliveryOutcome {
    const count = this.#rtcp.count(outcome);
    // A flood of forged packets must not become a flood of log lines: warnings and errors are logged
    // for the first 10 drops of each kind, then for every 1000th (the counters keep the exact figure).
    if (level === 'debug' || count <= 10 || count % 1000 === 0) {
      safeLog(this.logger, level, message, { remote, ssrc: this.ssrc, count, detail });
    }
    return outcome;
  }

  #receiveRtp(data: Uint8Array, remote: TransportAddress, viaWildcard: boolean): RtpDeliveryOutcome {
    const latching = this.#latch.applies(viaWildcard);
    if (latching && !this.#latch.rtpSourceAllowed(remote)) {
      return this.#drop('latch-rejected', 'warn', 'RTP from a source other than the latched one', remote);
    }
    const shared = receiveBuffers;
    if (!this.#reusePackets || shared.busy) {
      return this.#openRtp(data, remote, latching, undefined);
    }
    // The reused packet and buffer are this packet's until its handlers return; a receive nested in
    // them (a synchronous transport) finds them busy and allocates.
    shared.busy = true;
    try {
      return this.#openRtp(data, remote, latching, shared);
    } finally {
      shared.busy = false;
    }
  }

  /** Unprotects, parses, records and delivers one RTP packet (into the reused buffers when `shared`). */
  #openRtp(data: Uint8Array, remote: TransportAddress, latching: boolean, shared: ReceiveBuffers | undefined): RtpDeliveryOutcome {
    let bytes = data;
    const context = this.#receiveContext;
    if (context !== undefined) {
      // RFC 3711 §3.3: authenticate before anything is trusted or any state changes.
      const opened = unprotect(context, data, false, shared?.plain, shared?.reuse.views);
      if (typeof opened === 'string') {
        return this.#drop('auth-failed', 'warn', 'SRTP packet failed authentication', remote, opened);
      }
      bytes = opened;
    }
    let packet: RtpPacket;
    try {
      if (shared === undefined) {
        packet = parseRtpPacket(bytes);
      } else {
        decodeRtpPacket(bytes, shared.packet, shared.reuse);
        packet = shared.packet;
      }
    } catch (error) {
      return this.#drop('malformed', 'debug', 'malformed RTP packet', remote, error);
    }
    if (latching && !this.#latch.latchOnRtp(packet, remote, context !== undefined)) {
      return this.#drop('unexpected', 'debug', 'RTP with an unexpected payload type or SSRC before latching', remote);
    }
    this.#latch.rtpDelivered(remote);
    this.#rtcp.received(packet, wallClockMs());
    const dtmf = this.#dtmfReceiver;
    if (dtmf?.isTelephoneEvent(packet.payloadType) === true) {
      const nowMs = performance.now();
      this.#armDtmfPoll(dtmf, nowMs);
      try {
        dtmf.receive(packet, nowMs);
      } catch (error) {
        // The receiver never throws on wire input; only the application's onDigit* callbacks can.
        this.#drop('handler-error', 'error', 'a DTMF callback threw', remote, error);
      }
    }
    try {
      this.packetReceived(packet, remote);
    } catch (error) {
      return this.#drop('handler-error', 'error', 'packetReceived threw', remote, error);
    }
    return 'rtp';
  }

  #receiveRtcp(data: Uint8Array, remote: TransportAddress, viaWildcard: boolean): RtpDeliveryOutcome {
    const context = this.#receiveContext;
    if (this.#latch.applies(viaWildcard)) {
      const allowed = this.#latch.rtcpSourceAllowed(remote, context !== undefined);
      if (allowed === 'not-latched') {
        return this.#drop('latch-rejected', 'debug', 'RTCP before latching, without SRTP to authenticate it', remote);
      }
      if (allowed === 'other-source') {
        return this.#drop('latch-rejected', 'warn', 'RTCP from a source other than the latched one', remote);
      }
    }
    let bytes = data;
    if (context !== undefined) {
      // RFC 3711 §3.4; decrypted in place (the RTCP packets parsed from it view it).
      const opened = unprotect(context, data, true, undefined, undefined);
      if (typeof opened === 'string') {
        return this.#drop('auth-failed', 'warn', 'SRTCP packet failed authentication', remote, opened);
      }
      bytes = opened;
    }
    const packets = this.#rtcp.parse(bytes);
    if (packets === undefined) {
      return this.#drop('malformed', 'debug', 'malformed RTCP packet', remote);
    }
    this.#latch.rtcpDelivered(remote);
    this.#rtcp.rtcpReceived(packets, wallClockMs());
    try {
      this.rtcpReceived(packets, remote);
    } catch (error) {
      const outcome = this.#drop('handler-error', 'error', 'rtcpReceived threw', remote, error);
      this.#endIfRemoteLeft();
      return outcome;
    }
    this.#endIfRemoteLeft();
    return 'rtcp';
  }

  /** RFC 3550 §6.6: a remote that said BYE for all its sources has left; end the call (unless opted out). */
  #endIfRemoteLeft(): void {
    if (this.#endOnRemoteBye && !this.#ended && this.#rtcp.remoteHasLeft()) {
      const reason = this.#rtcp.remoteBye?.reason;
      safeLog(this.logger, 'debug', 'remote sent RTCP BYE: ending the call', { ssrc: this.ssrc, reason });
      this.#end({ by: 'remote', reason }).catch((error: unknown) => {
        safeLog(this.logger, 'error', 'signalling failed to end the call after a remote BYE', { error });
      });
    }
  }

  #sendRtcp(compound: Uint8Array): boolean {
    const to = this.#latch.rtcpDestination();
    if (to === undefined) {
      return false;
    }
    // RFC 3711 §3.4: SRTCP, with the send context's own SRTCP index.
    const context = this.#sendContext;
    const shared = sendBuffers;
    if (context === undefined) {
      this.rtcpMultiplexer.send(compound, to);
    } else if (this.#reuseRtcpBuffers && context.protectRtcpInto !== undefined && !shared.busy && compound.length <= shared.plain.capacity) {
      shared.busy = true;
      try {
        const wire = shared.wire.head(context.protectRtcpInto(compound, shared.wire.bytes, 0));
        this.#reuseRtcpBuffers = sendReused(this.rtcpMultiplexer, wire, to, shared.wire);
      } finally {
        shared.busy = false;
      }
    } else {
      this.#reuseRtcpBuffers = this.rtcpMultiplexer.send(context.protectRtcp(compound), to);
    }
    return true;
  }
}

function isMediaList(media: MediaDescription | readonly MediaDescription[]): media is readonly MediaDescription[] {
  return Array.isArray(media);
}

/**
 * Sends a datagram written into a reused buffer; when the transport keeps reading it, the buffer is
 * given away (the next send gets a new one). Returns whether the transport released it.
 */
function sendReused(multiplexer: RtpMultiplexer, datagram: Uint8Array, to: TransportAddress, buffer: ReusedBuffer): boolean {
  const released = multiplexer.send(datagram, to);
  if (!released) {
    buffer.abandon();
  }
  return released;
}

/**
 * Unprotects one SRTP (or SRTCP) packet: the opened packet, or why it failed (a string). With the
 * context's `unprotectInto` it writes into `scratch` when given and large enough, else decrypts `data`
 * in place (the handler owns the datagram); without, it takes `unprotect`'s new buffer. A context that
 * throws (it should not) is treated as a failed authentication.
 */
function unprotect(
  context: SrtpReceiveContext,
  data: Uint8Array,
  rtcp: boolean,
  scratch: ReusedBuffer | undefined,
  views: ViewCache | undefined,
): Uint8Array | string {
  try {
    if (rtcp ? context.unprotectRtcpInto === undefined : context.unprotectInto === undefined) {
      const result = rtcp ? context.unprotectRtcp(data) : context.unprotect(data);
      return result.ok ? result.packet : result.reason;
    }
    const toScratch = scratch !== undefined && data.length <= scratch.capacity;
    const out = toScratch ? scratch.bytes : data;
    const length = rtcp ? context.unprotectRtcpInto!(data, out, 0) : context.unprotectInto!(data, out, 0);
    if (typeof length !== 'number') {
      return length;
    }
    if (toScratch) {
      return scratch.head(length);
    }
    if (length === data.length) {
      return data;
    }
    return views === undefined ? data.subarray(0, length) : views.view(data, 0, length);
  } catch (error) {
    return `unprotect threw: ${error instanceof Error ? error.message : String(error)}`;
  }
}
