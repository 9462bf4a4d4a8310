/**
 * Many calls on one UDP socket: routes each RTP/RTCP datagram to the call registered for its source
 * address (RFC 3550 §11 for separate RTCP ports, RFC 5761 for rtcp-mux, RFC 7983 §7 for telling RTP
 * from STUN/DTLS).
 * https://www.rfc-editor.org/rfc/rfc3550#section-11, https://www.rfc-editor.org/rfc/rfc5761#section-4,
 * https://www.rfc-editor.org/rfc/rfc7983#section-7
 * @module
 */
import { transportAddressKey } from './address-key.js';
import { SourceCache } from './source-cache.js';
import { isRtpOrRtcp } from '../packet/demux.js';
import { SILENT_LOGGER, safeLog, type RtpLogger } from './logger.js';
import type { RtpDeliveryOutcome, RtpRoutedCall } from './call-route.js';
import { RtpError } from '../errors.js';
import type { DatagramTransport, TransportAddress } from './transport.js';

/**
 * Options of {@link RtpMultiplexer}.
 * @example
 * ```ts
 * import type { RtpMultiplexerOptions } from '@voip/rtp';
 * const options: RtpMultiplexerOptions = { logger: console };
 * ```
 */
export interface RtpMultiplexerOptions {
  /** Where drops, authentication failures and handler errors are reported. Default: silent. */
  readonly logger?: RtpLogger;
}

/**
 * What the multiplexer saw, summed over all calls. Every datagram lands in exactly one of the
 * counters after `datagramsReceived` (handler errors count the packet as delivered too).
 * @example
 * ```ts
 * declare const mux: import('@voip/rtp').RtpMultiplexer;
 * const { datagramsReceived, authFailed, latchRejected } = mux.stats;
 * ```
 */
export interface RtpMultiplexerStats {
  /** Every datagram the transport handed over. */
  readonly datagramsReceived: number;
  /** Dropped: not RTP or RTCP by the RFC 7983 first-byte rule (128..191) or too short. */
  readonly notRtpOrRtcp: number;
  /** Dropped: RTP/RTCP from a source no call is registered for, and no wildcard call. */
  readonly noCall: number;
  /** RTP packets handed to a call's `packetReceived`. */
  readonly rtpDelivered: number;
  /** RTCP compound packets handed to a call's `rtcpReceived`. */
  readonly rtcpDelivered: number;
  /** Dropped: did not parse as RTP or RTCP (after SRTP, if any). */
  readonly malformed: number;
  /** Dropped: SRTP/SRTCP authentication (or replay check) failed. */
  readonly authFailed: number;
  /** Dropped: a wildcard call had latched to another source (RTP Bleed protection). */
  readonly latchRejected: number;
  /** Dropped: before latching, well-formed RTP whose payload type or SSRC the call does not expect. */
  readonly unexpected: number;
  /** Dropped: the call was hung up or stopped. */
  readonly callEnded: number;
  /** A call's `packetReceived` / `rtcpReceived` threw (caught and logged; the socket keeps serving). */
  readonly handlerErrors: number;
  /** Datagrams passed to the transport by the calls. */
  readonly datagramsSent: number;
}

/** Where a source's datagrams go: its registered call (if any), and whether that route is only the call's RTCP port. */
interface SourceRoute {
  readonly call: RtpRoutedCall | undefined;
  readonly rtcpOnly: boolean;
}

type MutableCounters = { -readonly [K in keyof RtpMultiplexerStats]: number };

const KEY_CACHE_LIMIT = 16_384;

const OUTCOME_COUNTER = {
  rtp: 'rtpDelivered',
  rtcp: 'rtcpDelivered',
  malformed: 'malformed',
  'auth-failed': 'authFailed',
  'latch-rejected': 'latchRejected',
  unexpected: 'unexpected',
  'call-ended': 'callEnded',
  'handler-error': 'handlerErrors',
} as const satisfies Record<RtpDeliveryOutcome, keyof RtpMultiplexerStats>;

/**
 * Routes datagrams from one {@link DatagramTransport} to many {@link RtpCall}s by remote address.
 *
 * - Keys are address + port, normalised (RFC 5952 IPv6 text; `::ffff:a.b.c.d` is IPv4), so any
 *   spelling of a peer finds its call.
 * - `null` registers the wildcard call: the one that takes traffic from sources no other call is
 *   registered for, for calls whose remote address is not known yet (no SDP in the INVITE). The wildcard
 *   call latches to its first valid source and then ignores all others (see {@link RtpCallOptions.latching}).
 * - Only datagrams whose first byte is 128..191 (RFC 7983 §7) are routed; the rest are counted and dropped.
 * - Nothing a remote sends throws out of the datagram handler: parse errors, failed authentication and
 *   a user handler that throws are all counted, logged and dropped.
 *
 * @example
 * ```ts
 * import { RtpMultiplexer, RtpCall } from '@voip/rtp';
 * import { createUdpTransport } from '@voip/rtp/node';
 * const mux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
 * const call = new RtpCall({
 *   multiplexer: mux,
 *   media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: 40000 },
 *   onPacket: (packet) => console.log(packet.sequenceNumber),
 * });
 * mux.registerCall({ address: '127.0.0.1', port: 40000 }, call);
 * await call.hangUp();
 * await mux.close();
 * ```
 */
export class RtpMultiplexer {
  /** The logger calls inherit unless they are given their own. */
  readonly logger: RtpLogger;
  readonly #transport: DatagramTransport;
  readonly #routes = new Map<string, RtpRoutedCall>();
  /** Keys in #routes that are only a call's RTCP source: an RTP registration may take them over. */
  readonly #rtcpOnly = new Set<string>();
  readonly #keysByCall = new Map<RtpRoutedCall, Set<string | null>>();
  #wildcard: RtpRoutedCall | undefined;
  /** Route keys of recent sources by address then port, so a datagram costs two lookups instead of a normalize and a new string. */
  readonly #keyCache = new SourceCache<string>(KEY_CACHE_LIMIT);
  /**
   * The route of each frozen source object the transport hands over (node:dgram transports and
   * StunSocket give one per source): one lookup by identity per datagram instead of the key cache,
   * the route table and the RTCP-only set. Weak, so the transport's dropped objects go with it;
   * replaced whole whenever a route changes.
   */
  #routeOfRemote = new WeakMap<TransportAddress, SourceRoute>();
  /** The route handed out for a source object that is not frozen (so not cached): read at once, then reused. */
  readonly #scratchRoute: { -readonly [K in keyof SourceRoute]: SourceRoute[K] } = { call: undefined, rtcpOnly: false };
  #closed: Promise<void> | undefined;
  readonly #counters: MutableCounters = {
    datagramsReceived: 0,
    notRtpOrRtcp: 0,
    noCall: 0,
    rtpDelivered: 0,
    rtcpDelivered: 0,
    malformed: 0,
    authFailed: 0,
    latchRejected: 0,
    unexpected: 0,
    callEnded: 0,
    handlerErrors: 0,
    datagramsSent: 0,
  };

  /**
   * Takes over the transport's datagram handler.
   * @param transport - The socket, e.g. from `createUdpTransport` (`@voip/rtp/node`) or a `StunSocket` (`@voip/stun/node`).
   * @param options - Logger.
   */
  constructor(transport: DatagramTransport, options: RtpMultiplexerOptions = {}) {
    this.#transport = transport;
    this.logger = options.logger ?? SILENT_LOGGER;
    transport.setDatagramHandler((data, remote) => this.#datagramReceived(data, remote));
  }

  /** The transport's bound local address (the port to put in SDP). */
  localAddress(): TransportAddress {
    return this.#transport.localAddress();
  }

  /** A snapshot of the counters (a copy: read it again for newer figures). */
  get stats(): RtpMultiplexerStats {
    return { ...this.#counters };
  }

  /** How many calls are registered (each counted once, whatever its number of routes). */
  get callCount(): number {
    return this.#keysByCall.size;
  }

  /**
   * Routes datagrams from `address` to `call` and starts the call's RTCP reports. Without rtcp-mux the
   * call's RTCP source (remote port + 1, or `remoteRtcpPort`; RFC 3550 §11, RFC 3605) is routed too.
   *
   * @param address - The remote RTP address, or `null` for the wildcard call (remote not known yet).
   * @param call - A call created with `multiplexer: this` (or `rtcpMultiplexer: this`: then only its RTCP
   *   arrives here, and the RTP multiplexer owns its timers).
   * @throws {TypeError} When the call belongs to another multiplexer.
   * @throws {RtpError} `CLOSED` when the multiplexer is closed, `CALL_ENDED` when the call has ended.
   * @throws {RangeError} When the port is not 1..65535, or the address (or the wildcard) is already
   *   registered to another call.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * declare const call: import('@voip/rtp').RtpCall;
   * mux.registerCall(null, call); // take the first caller that shows up, then latch to it
   * ```
   */
  registerCall(address: TransportAddress | null, call: RtpRoutedCall): void {
    if (call.multiplexer !== this && call.rtcpMultiplexer !== this) {
      throw new TypeError('"call" expected a call created with this multiplexer (or as its rtcpMultiplexer)');
    }
    if (this.#closed !== undefined) {
      throw new RtpError('CLOSED', '"multiplexer" is closed');
    }
    if (call.ended) {
      throw new RtpError('CALL_ENDED', '"call" has ended (hung up, or the remote sent a BYE)');
    }
    const keys = this.#keysByCall.get(call) ?? new Set<string | null>();
    this.#routesChanged();
    if (address === null) {
      if (this.#wildcard !== undefined && this.#wildcard !== call) {
        throw new RangeError('"address" null (wildcard) is already registered to another call');
      }
      this.#wildcard = call;
      keys.add(null);
    } else {
      if (!Number.isInteger(address.port) || address.port < 1 || address.port > 65535) {
        throw new RangeError(`"port" expected 1..65535, got ${address.port}`);
      }
      const key = transportAddressKey(address);
      const owner = this.#routes.get(key);
      if (owner !== undefined && owner !== call) {
        if (!this.#rtcpOnly.has(key)) {
          throw new RangeError(`"address" ${key} is already registered to another call`);
        }
        // An explicit RTP registration beats another call's guessed RTCP port (two calls behind one
        // NAT can get adjacent ports): that call keeps its RTP route and loses this RTCP route.
        this.#keysByCall.get(owner)?.delete(key);
        safeLog(this.logger, 'warn', 'RTP address was another call\'s RTCP route; reassigned', { address: key });
      }
      this.#routes.set(key, call);
      this.#rtcpOnly.delete(key);
      keys.add(key);
      const rtcp = call.rtcpRemoteAddress(address);
      if (rtcp !== undefined) {
        const rtcpKey = transportAddressKey(rtcp);
        const rtcpOwner = this.#routes.get(rtcpKey);
        if (rtcpOwner === undefined) {
          this.#routes.set(rtcpKey, call);
          this.#rtcpOnly.add(rtcpKey);
          keys.add(rtcpKey);
        } else if (rtcpOwner !== call) {
          safeLog(this.logger, 'warn', 'RTCP address already routed to another call', { address: rtcpKey });
        }
      }
    }
    this.#keysByCall.set(call, keys);
    if (call.multiplexer === this) {
      call.start();
    }
  }

  /**
   * Stops routing `address` (and its RTCP route). A call left with no route stops its RTCP timer.
   *
   * @param address - The same address given to {@link registerCall}, or `null` for the wildcard.
   * @returns Whether something was registered there.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * mux.unregisterCall({ address: '192.0.2.1', port: 40000 });
   * ```
   */
  unregisterCall(address: TransportAddress | null): boolean {
    if (address !== null && this.#rtcpOnly.has(transportAddressKey(address))) {
      return false; // only some call's RTCP source: not a registered address
    }
    const call = address === null ? this.#wildcard : this.#routes.get(transportAddressKey(address));
    if (call === undefined) {
      return false;
    }
    const keys = this.#keysByCall.get(call);
    this.#routesChanged();
    if (address === null) {
      this.#wildcard = undefined;
      keys?.delete(null);
    } else {
      const key = transportAddressKey(address);
      this.#routes.delete(key);
      keys?.delete(key);
      const rtcp = call.rtcpRemoteAddress(address);
      if (rtcp !== undefined) {
        const rtcpKey = transportAddressKey(rtcp);
        if (this.#routes.get(rtcpKey) === call && this.#rtcpOnly.has(rtcpKey)) {
          this.#routes.delete(rtcpKey);
          this.#rtcpOnly.delete(rtcpKey);
          keys?.delete(rtcpKey);
        }
      }
    }
    if (keys === undefined || keys.size === 0) {
      this.#keysByCall.delete(call);
      if (call.multiplexer === this) {
        call.stop();
      }
    }
    return true;
  }

  /**
   * Removes every route of `call` (what {@link RtpCall.hangUp} uses) and stops it.
   * @param call - A registered call.
   * @returns Whether the call was registered.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * declare const call: import('@voip/rtp').RtpCall;
   * mux.removeCall(call);
   * ```
   */
  removeCall(call: RtpRoutedCall): boolean {
    const keys = this.#keysByCall.get(call);
    if (keys === undefined) {
      return false;
    }
    this.#routesChanged();
    for (const key of keys) {
      if (key === null) {
        this.#wildcard = undefined;
      } else if (this.#routes.get(key) === call) {
        this.#routes.delete(key);
        this.#rtcpOnly.delete(key);
      }
    }
    this.#keysByCall.delete(call);
    if (call.multiplexer === this) {
      call.stop();
    }
    return true;
  }

  /**
   * Sends one datagram on the shared socket (what calls use). Network errors go to the transport's hook.
   * @param data - An RTP/SRTP/RTCP datagram.
   * @param remote - Destination.
   * @returns True when the transport is done with `data` (it has {@link DatagramTransport.sendBorrowed}
   *   and said so): the caller may reuse the buffer at once. False: leave `data` alone, the transport
   *   may still read it.
   * @throws {TypeError} From the transport, for a malformed address; {RangeError} for a port out of range.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * const reusable = mux.send(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), { address: '127.0.0.1', port: 4000 });
   * ```
   */
  send(data: Uint8Array, remote: TransportAddress): boolean {
    const transport = this.#transport;
    let released = false;
    if (transport.sendBorrowed === undefined) {
      transport.send(data, remote);
    } else {
      released = transport.sendBorrowed(data, remote) === true;
    }
    this.#counters.datagramsSent++;
    return released;
  }

  /**
   * Stops every call's RTCP timer (without sending BYE: use `hangUp` for that), detaches from the
   * transport and closes it. Calling it twice is harmless.
   * @returns Resolves when the socket is closed.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * await mux.close();
   * ```
   */
  close(): Promise<void> {
    if (this.#closed === undefined) {
      for (const call of [...this.#keysByCall.keys()]) {
        this.removeCall(call);
      }
      this.#transport.setDatagramHandler(undefined);
      this.#closed = this.#transport.close();
    }
    return this.#closed;
  }

  /** The route key of a datagram's source, from a bounded cache of recent sources. */
  #receiveKey(remote: TransportAddress): string {
    return this.#keyCache.get(remote.address, remote.port) ?? this.#keyCache.set(remote.address, remote.port, transportAddressKey(remote));
  }

  /** Forgets every source's cached route (a registration changed). */
  #routesChanged(): void {
    this.#routeOfRemote = new WeakMap<TransportAddress, SourceRoute>();
  }

  /**
   * The route of a datagram's source: by identity for a frozen source object seen before, else by its
   * key (cached for a frozen object; a mutable one gets the reused scratch route, read at once).
   */
  #routeOf(remote: TransportAddress): SourceRoute {
    const cached = this.#routeOfRemote.get(remote);
    if (cached !== undefined) {
      return cached;
    }
    const key = this.#receiveKey(remote);
    const call = this.#routes.get(key);
    const rtcpOnly = call !== undefined && this.#rtcpOnly.has(key);
    if (Object.isFrozen(remote)) {
      const route: SourceRoute = { call, rtcpOnly };
      this.#routeOfRemote.set(remote, route);
      return route;
    }
    const scratch = this.#scratchRoute;
    scratch.call = call;
    scratch.rtcpOnly = rtcpOnly;
    return scratch;
  }

  /** The socket handler: never throws, whatever arrives. */
  #datagramReceived(data: Uint8Array, remote: TransportAddress): void {
    const counters = this.#counters;
    counters.datagramsReceived++;
    try {
      // RFC 7983 §7: 128..191 is RTP/RTCP; STUN, ZRTP, DTLS and TURN channels are not ours.
      if (!isRtpOrRtcp(data)) {
        counters.notRtpOrRtcp++;
        safeLog(this.logger, 'debug', 'dropped a datagram that is not RTP or RTCP', { remote, length: data.length });
        return;
      }
      const route = this.#routeOf(remote);
      // RTP from a call's RTCP port is not that call's media.
      const direct = route.rtcpOnly && !isRtcpByte(data) ? undefined : route.call;
      const call = direct ?? this.#wildcard;
      if (call === undefined) {
        counters.noCall++;
        safeLog(this.logger, 'debug', 'dropped RTP/RTCP from a source with no call', { remote });
        return;
      }
      const outcome = call.datagramReceived(data, remote, direct === undefined);
      counters[OUTCOME_COUNTER[outcome]]++;
      if (outcome === 'handler-error') {
        // The packet was delivered; the handler threw while processing it.
        counters[isRtcpByte(data) ? 'rtcpDelivered' : 'rtpDelivered']++;
      }
    } catch (error) {
      // Defence in depth: RtpCall.datagramReceived catches everything itself.
      counters.handlerErrors++;
      safeLog(this.logger, 'error', 'unexpected error while routing a datagram', { remote, error });
    }
  }
}

function isRtcpByte(data: Uint8Array): boolean {
  const b1 = data[1] ?? 0;
  return b1 >= 192 && b1 <= 223;
}
