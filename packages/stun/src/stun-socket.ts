/**
 * One UDP socket for media and STUN: it discovers its public
 * address with Binding requests (RFC 8489 §6.2 / RFC 5389 §7.2.1 retransmissions), answers Binding
 * requests from peers itself (keepalives and ICE connectivity checks, RFC 8445 §7.3), and hands every
 * other datagram (RFC 7983 §7) to one handler. It satisfies `@voip/rtp`'s `DatagramTransport` by shape.
 * @module
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { StunAddress } from './address.js';
import { BindingClient } from './binding-client.js';
import { answerRequest, responderConfig } from './binding-responder.js';
import type { ResponderConfig, StunCredentials } from './binding-responder.js';
import { StunClass } from './constants.js';
import { StunError, isStunError } from './errors.js';
import { parseStunMessage } from './message.js';
import type { ParsedStunMessage } from './message.js';
import { DNS_TIMEOUT_MS, resolveRetransmission } from './retransmission.js';
import type { RetransmissionOptions } from './retransmission.js';
import { parseEndpoint, resolveEndpoint } from './stun-server-endpoint.js';
import type { StunServerEndpoint } from './stun-server-endpoint.js';
import { shortTermKey } from './stun-key.js';
import { parseIp } from './internal/ip.js';
import { asUint8Array, bindUdp, boundAddress, closeUdp, remoteOf, socketTypeFor } from './internal/udp.js';
import { RemoteCache } from './internal/remote-cache.js';

/** How many datagram sources a socket keeps a frozen address object for. */
const REMOTE_CACHE_LIMIT = 16_384;

/** A remote endpoint, same shape as `@voip/rtp`'s `TransportAddress`. */
export interface StunTransportAddress {
  readonly address: string;
  readonly port: number;
  readonly family?: 'IPv4' | 'IPv6';
}

/** Receives a non-STUN datagram; `data` is a view, copy it to keep it. */
export type StunDatagramHandler = (data: Uint8Array, remote: StunTransportAddress) => void;

/** Options of {@link StunSocket.open}. */
export interface StunSocketOptions extends RetransmissionOptions {
  /** Local literal address to bind. Default `'0.0.0.0'` (IPv4); an IPv6 literal makes an IPv6 socket. */
  readonly host?: string;
  /** Local port; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Kernel receive buffer in bytes (SO_RCVBUF). Raise it when one socket carries many calls: packets
   * that arrive while the event loop is busy wait there, and are dropped by the kernel once it is full.
   * Linux doubles the value and caps it at `net.core.rmem_max`; see {@link StunSocket.bufferSizes}.
   */
  readonly receiveBufferSize?: number;
  /** Kernel send buffer in bytes (SO_SNDBUF), capped by `net.core.wmem_max`. */
  readonly sendBufferSize?: number;
  /**
   * STUN server for discovery: `'host:port'`, `'[v6]:port'` or an endpoint object. Without one (or with
   * `null`) there is no discovery and the reachable address is the local one: a library never reaches
   * the internet unless told to. Pass {@link DEFAULT_STUN_SERVER} (a public server) to discover.
   */
  readonly stunServer?: string | StunServerEndpoint | null;
  /** SOFTWARE for Binding responses this socket sends. Default none. */
  readonly software?: string;
  /** Check short-term credentials on incoming Binding requests (ICE: local ufrag and ice-pwd). */
  readonly credentials?: StunCredentials;
  /** Re-run discovery every `keepalive` ms to keep the NAT mapping alive. Default off. */
  readonly keepalive?: number;
  /** The handler for non-STUN datagrams (same as calling {@link StunSocket.setDatagramHandler}). */
  readonly onDatagram?: StunDatagramHandler;
  /** Called when the reachable address is known, and again whenever it changes. */
  readonly onReachable?: (address: StunAddress, socket: StunSocket) => void;
  /** Socket errors, send errors, failed keepalives and handler exceptions. Default: ignored. */
  readonly onError?: (error: Error) => void;
}

/** Counters of a {@link StunSocket}. */
export interface StunSocketStats {
  /** Datagrams received, all kinds. */
  readonly datagramsReceived: number;
  /** Non-STUN datagrams handed to the datagram handler. */
  readonly datagramsDelivered: number;
  /** Binding requests from peers answered (success or error). */
  readonly stunAnswered: number;
  /** STUN-range datagrams that were malformed or had a bad FINGERPRINT. */
  readonly droppedMalformed: number;
  /** Responses from another address, with an unknown transaction ID, or of another method than Binding. */
  readonly spoofedResponsesIgnored: number;
  /** Binding requests this socket sent (retransmissions included). */
  readonly requestsSent: number;
  /** Sends that failed (reported to `onError`). */
  readonly sendErrors: number;
}

/**
 * A UDP socket that discovers its reachable address with STUN, answers STUN Binding requests and
 * passes everything else to one handler. Satisfies `@voip/rtp`'s `DatagramTransport`.
 *
 * @example
 * ```ts
 * import { StunSocket } from '@voip/stun/node';
 * const socket = await StunSocket.open({ host: '0.0.0.0', port: 0, stunServer: 'stun.cloudflare.com:3478' });
 * console.log('public address', socket.reachableAddress);
 * socket.setDatagramHandler((data, remote) => socket.send(data, remote)); // echo RTP
 * await socket.close();
 * ```
 */
export class StunSocket {
  readonly #stats: { -readonly [K in keyof StunSocketStats]: number } = {
    datagramsReceived: 0,
    datagramsDelivered: 0,
    stunAnswered: 0,
    droppedMalformed: 0,
    spoofedResponsesIgnored: 0,
    requestsSent: 0,
    sendErrors: 0,
  };
  readonly #socket: Socket;
  readonly #options: StunSocketOptions;
  readonly #cfg: ResponderConfig;
  readonly #client: BindingClient;
  #handler: StunDatagramHandler | undefined;
  #reachable: StunAddress;
  readonly #local: StunAddress;
  #keepaliveTimer: NodeJS.Timeout | undefined;
  #keepaliveBusy = false;
  #discovered = false;
  #closing: Promise<void> | undefined;
  /** The address objects handed to the datagram handler, one per source (no new object per datagram). */
  readonly #remotes = new RemoteCache(REMOTE_CACHE_LIMIT);
  /** Frozen destinations already checked (they cannot change): a send to one is not parsed again. */
  readonly #checked = new WeakSet<StunTransportAddress>();
  /** One completion callback for every send, instead of a closure per datagram. */
  readonly #afterSend = (err: Error | null): void => {
    if (err) {
      this.#stats.sendErrors++;
      this.#report(err);
    }
  };

  /** A snapshot of the counters (a copy: read it again for newer figures). */
  get stats(): StunSocketStats {
    return { ...this.#stats };
  }

  private constructor(socket: Socket, options: StunSocketOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#client = new BindingClient((data, port, address) => this.#rawSend(data, port, address), this.#stats, resolveRetransmission(options));
    const creds = options.credentials;
    this.#cfg = responderConfig(options.software, creds === undefined ? undefined : shortTermKey(creds.password), creds?.username, false, false);
    this.#handler = options.onDatagram;
    this.#local = boundAddress(socket);
    this.#reachable = this.#local;
    socket.on('message', (buf, rinfo) => this.#receive(asUint8Array(buf), rinfo));
    socket.on('error', (err) => this.#report(err));
  }

  /**
   * Binds the socket and, when `stunServer` is given, discovers the reachable address.
   * @param options - local address, STUN server, retransmission, hooks
   * @returns the open socket; `reachableAddress` is known
   * @throws {StunError} `BIND_FAILED` | `DNS_FAILURE` | `TIMEOUT` | `ERROR_RESPONSE` | `BAD_RESPONSE` (the socket is closed then)
   * @throws {RangeError} on invalid options
   * @example
   * ```ts
   * import { isStunError } from '@voip/stun';
   * import { StunSocket } from '@voip/stun/node';
   * try {
   *   const socket = await StunSocket.open({ host: '::', stunServer: '[2001:db8::3478]:3478', rto: 250 });
   *   console.log(socket.reachableAddress);
   * } catch (e) {
   *   if (isStunError(e) && e.code === 'TIMEOUT') console.log(`no answer to ${e.requestsSent} requests`);
   * }
   * ```
   */
  static async open(options: StunSocketOptions = {}): Promise<StunSocket> {
    resolveRetransmission(options); // validate before binding
    if (options.keepalive !== undefined && !(options.keepalive > 0)) {
      throw new RangeError(`"keepalive" expected a positive number of ms, got ${options.keepalive}`);
    }
    const stunServer = options.stunServer ?? null;
    const endpoint = stunServer === null ? undefined : parseEndpoint(stunServer);
    const host = options.host ?? '0.0.0.0';
    const raw = await bindUdp(socketTypeFor(host), host, options.port ?? 0, false, options);
    const socket = new StunSocket(raw, options);
    if (endpoint === undefined) {
      socket.#announce();
    } else {
      try {
        await socket.rediscover();
      } catch (e) {
        await socket.close();
        throw e;
      }
    }
    if (options.keepalive !== undefined && endpoint !== undefined) {
      socket.#keepaliveTimer = setInterval(() => socket.#keepaliveTick(), options.keepalive);
      socket.#keepaliveTimer.unref();
    }
    return socket;
  }

  /** The public address found by discovery, or the local address without a STUN server. */
  get reachableAddress(): StunAddress {
    return this.#reachable;
  }

  /**
   * The bound local address.
   * @returns family, address and port
   */
  localAddress(): StunAddress {
    return this.#local;
  }

  /**
   * The kernel's socket buffer sizes as it reports them (Linux reports twice what was asked, capped by
   * `net.core.rmem_max` / `wmem_max`), to check what `receiveBufferSize` / `sendBufferSize` obtained.
   * @returns receive and send buffer sizes in bytes
   * @throws {Error} when the socket is closed
   * @example
   * ```ts
   * import { StunSocket } from '@voip/stun/node';
   * const socket = await StunSocket.open({ host: '127.0.0.1', stunServer: null, receiveBufferSize: 1 << 18 });
   * console.log(socket.bufferSizes().receive); // e.g. 425984 on Linux with the default rmem_max
   * await socket.close();
   * ```
   */
  bufferSizes(): { readonly receive: number; readonly send: number } {
    return { receive: this.#socket.getRecvBufferSize(), send: this.#socket.getSendBufferSize() };
  }

  /**
   * Installs the one handler for non-STUN datagrams; `undefined` removes it (they are then dropped).
   * @param handler - the handler
   */
  setDatagramHandler(handler: StunDatagramHandler | undefined): void {
    this.#handler = handler;
  }

  /**
   * Sends one datagram. Network errors go to `onError` and `stats.sendErrors`, never thrown.
   * @param data - the bytes
   * @param remote - literal address and port
   * @throws {TypeError} when `remote.address` is not a literal IP address
   * @throws {RangeError} when `remote.port` is not an integer in 1..65535
   */
  send(data: Uint8Array, remote: StunTransportAddress): void {
    this.#check(remote);
    this.#rawSend(data, remote.port, remote.address);
  }

  /**
   * Sends like {@link send}, and says whether `data` is free again when it returns: true when node:dgram
   * handed it to the kernel at once (or the send failed), false when the socket's send queue still
   * holds it (the kernel's send buffer was full), so the caller must not overwrite it yet. What lets
   * `@voip/rtp` calls send from reused buffers, with nothing allocated per packet.
   *
   * @param data - The datagram.
   * @param remote - A literal IP address and a port 1..65535.
   * @returns Whether the caller may reuse `data` at once.
   * @throws {TypeError} When `remote.address` is not a literal IP address.
   * @throws {RangeError} When `remote.port` is not 1..65535.
   * @example
   * ```ts
   * declare const socket: import('@voip/stun/node').StunSocket;
   * const packet = new Uint8Array([0x80, 0, 0, 1]);
   * if (socket.sendBorrowed(packet, { address: '192.0.2.1', port: 5004 })) packet[3] = 2; // free: reuse it
   * ```
   */
  sendBorrowed(data: Uint8Array, remote: StunTransportAddress): boolean {
    this.#check(remote);
    this.#rawSend(data, remote.port, remote.address);
    return this.#socket.getSendQueueCount() === 0;
  }

  /** Throws for a destination that is not a literal IP and port 1..65535; a frozen one is checked once. */
  #check(remote: StunTransportAddress): void {
    if (this.#checked.has(remote)) {
      return;
    }
    if (parseIp(remote.address) === undefined) {
      throw new TypeError(`"remote.address" expected a literal IP address, got ${remote.address}`);
    }
    if (!Number.isInteger(remote.port) || remote.port < 1 || remote.port > 0xffff) {
      throw new RangeError(`"remote.port" expected an integer in 1..65535, got ${remote.port}`);
    }
    if (Object.isFrozen(remote)) {
      this.#checked.add(remote);
    }
  }

  /**
   * Runs discovery again (after a NAT rebinding, a network change): one Binding transaction with the
   * RFC 5389 §7.2.1 retransmissions. Updates `reachableAddress` and calls `onReachable` if it changed.
   * @returns the reachable address
   * @throws {StunError} `DNS_FAILURE` | `TIMEOUT` | `ERROR_RESPONSE` | `BAD_RESPONSE` | `CLOSED`
   * @example
   * ```ts
   * import { StunSocket } from '@voip/stun/node';
   * declare const socket: StunSocket;
   * const now = await socket.rediscover(); // after a network change
   * ```
   */
  async rediscover(): Promise<StunAddress> {
    if (this.#closing !== undefined) {
      throw new StunError('CLOSED', 'the socket is closed');
    }
    const stunServer = this.#options.stunServer ?? null;
    if (stunServer === null) {
      this.#reachable = this.localAddress();
      return this.#reachable;
    }
    const server = await resolveEndpoint(parseEndpoint(stunServer), this.#local.family, this.#local.address === '::', Math.min(this.#client.maxDuration(), DNS_TIMEOUT_MS));
    if (this.#closing !== undefined) {
      throw new StunError('CLOSED', 'the socket is closed');
    }
    const mapped = await this.#client.transact(server);
    const changed = mapped.address !== this.#reachable.address || mapped.port !== this.#reachable.port || !this.#discovered;
    this.#reachable = mapped;
    this.#discovered = true;
    if (changed) {
      this.#announce();
    }
    return mapped;
  }

  /**
   * Stops keepalives, fails running transactions with `CLOSED` and closes the socket. Idempotent.
   * @returns resolves when the socket is closed
   */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      if (this.#keepaliveTimer !== undefined) {
        clearInterval(this.#keepaliveTimer);
      }
      this.#client.cancelAll(new StunError('CLOSED', 'the socket was closed during the STUN transaction'));
      this.#closing = closeUdp(this.#socket);
    }
    return this.#closing;
  }

  #announce(): void {
    try {
      this.#options.onReachable?.(this.#reachable, this);
    } catch (e) {
      this.#report(e);
    }
  }

  #report(err: unknown): void {
    try {
      this.#options.onError?.(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // a throwing error hook must not crash the process
    }
  }

  #rawSend(data: Uint8Array, port: number, address: string): void {
    try {
      this.#socket.send(data, port, address, this.#afterSend);
    } catch (e) {
      // e.g. ERR_SOCKET_DGRAM_NOT_RUNNING after close
      this.#stats.sendErrors++;
      this.#report(e);
    }
  }

  #keepaliveTick(): void {
    if (this.#keepaliveBusy || this.#closing !== undefined) {
      return;
    }
    this.#keepaliveBusy = true;
    this.rediscover()
      .catch((e: unknown) => {
        if (!(isStunError(e) && e.code === 'CLOSED')) {
          this.#report(e);
        }
      })
      .finally(() => {
        this.#keepaliveBusy = false;
      });
  }

  #receive(data: Uint8Array, rinfo: RemoteInfo): void {
    this.#stats.datagramsReceived++;
    try {
      // RFC 7983 §7: first byte 0..3 is STUN; everything else belongs to the handler.
      if (data.length === 0 || data[0]! > 3) {
        const h = this.#handler;
        if (h !== undefined) {
          this.#stats.datagramsDelivered++;
          h(data, this.#remotes.of(rinfo));
        }
        return;
      }
      let msg: ParsedStunMessage;
      try {
        msg = parseStunMessage(data);
      } catch (e) {
        if (isStunError(e)) {
          this.#stats.droppedMalformed++;
          return;
        }
        throw e;
      }
      if (msg.cls === StunClass.SuccessResponse || msg.cls === StunClass.ErrorResponse) {
        this.#client.handleResponse(msg, rinfo);
        return;
      }
      if (msg.cls === StunClass.Request) {
        const { outcome, response } = answerRequest(msg, remoteOf(rinfo), this.#cfg);
        if (response !== undefined) {
          this.#stats.stunAnswered++;
          this.#rawSend(response, rinfo.port, rinfo.address);
        } else if (outcome === 'dropped') {
          this.#stats.droppedMalformed++;
        }
      }
      // Indications (Binding keepalives, RFC 5389 §10) need no answer.
    } catch (e) {
      this.#report(e);
    }
  }
}
