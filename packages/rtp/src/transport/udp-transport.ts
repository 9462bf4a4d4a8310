/**
 * A {@link DatagramTransport} over a plain `node:dgram` socket, for programs that need RTP without
 * STUN. Socket errors never crash the process: they go to an `onError` hook and a counter.
 * @module
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { DatagramHandler, DatagramTransport, TransportAddress } from './transport.js';
import { SourceCache } from './source-cache.js';

/**
 * Options of {@link createUdpTransport}.
 * @example
 * ```ts
 * import type { UdpTransportOptions } from '@voip/rtp/node';
 * const options: UdpTransportOptions = { host: '::1', port: 0, type: 'udp6', onError: (e) => console.warn(e) };
 * ```
 */
export interface UdpTransportOptions {
  /** Local address to bind, e.g. `127.0.0.1`, `::1`, `0.0.0.0`. Default: all interfaces of the family. */
  readonly host?: string;
  /** Local port; 0 (default) picks an ephemeral one. */
  readonly port?: number;
  /** Socket family. Default `udp4`. */
  readonly type?: 'udp4' | 'udp6';
  /** Kernel receive buffer size in bytes (SO_RCVBUF), for many calls on one socket. */
  readonly receiveBufferSize?: number;
  /** Kernel send buffer size in bytes (SO_SNDBUF). */
  readonly sendBufferSize?: number;
  /**
   * Called for every socket or send error (never thrown). `remote` is set for send errors.
   * Default: ignore (the {@link UdpTransport.errors} counter still counts them).
   */
  readonly onError?: (error: Error, remote?: TransportAddress) => void;
}

/**
 * The transport returned by {@link createUdpTransport}: a {@link DatagramTransport} plus counters.
 * @example
 * ```ts
 * declare const transport: import('@voip/rtp/node').UdpTransport;
 * console.log(transport.datagramsReceived, transport.errors);
 * ```
 */
export interface UdpTransport extends DatagramTransport {
  /** Errors reported so far (socket errors and failed sends). */
  readonly errors: number;
  /** Datagrams handed to the kernel without error. */
  readonly datagramsSent: number;
  /** Datagrams received (including those no handler took). */
  readonly datagramsReceived: number;
  /**
   * Sends like `send` and returns true when `data` is free again (handed to the kernel at once), false
   * when the socket's send queue still holds it (the kernel's send buffer was full).
   */
  sendBorrowed(data: Uint8Array, remote: TransportAddress): boolean;
}

function checkAddress(remote: TransportAddress): number {
  const version = isIP(remote.address);
  if (version === 0) {
    throw new TypeError(`"address" expected a literal IPv4 or IPv6 address, got ${JSON.stringify(remote.address)}`);
  }
  if (!Number.isInteger(remote.port) || remote.port < 1 || remote.port > 65535) {
    throw new RangeError(`"port" expected 1..65535, got ${remote.port}`);
  }
  return version;
}

/**
 * The `lookup` node:dgram calls on every unconnected `send` (lib/dgram.js: `state.handle.lookup(address,
 * afterDns)`). The default is `dns.lookup`, which re-validates the literal and defers the send to a
 * `process.nextTick`. This one answers a literal IP at once with the address itself, as a connected
 * socket does; when the transport has just checked the destination (it says so in `checked`, right
 * before `socket.send`, which calls the lookup synchronously) it does not even parse it again. Anything
 * else (a host name given to `bind`) still goes to `dns.lookup`.
 */
function literalLookup(checked: { address: string | undefined; family: number }) {
  return (
    address: string,
    options: LookupOneOptions | number,
    callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
  ): void => {
    if (address === checked.address) {
      callback(null, address, checked.family);
      return;
    }
    const version = isIP(address);
    if (version === 0) {
      lookup(address, typeof options === 'number' ? { family: options } : options, callback);
    } else {
      callback(null, address, version);
    }
  };
}

/**
 * The destination of a failed send, from the error node:dgram makes for it (`ExceptionWithHostPort`
 * carries `address` and `port`), so the one completion callback needs no closure over the destination.
 */
function sendErrorRemote(error: Error): TransportAddress | undefined {
  const { address, port } = error as Error & { address?: unknown; port?: unknown };
  return typeof address === 'string' && typeof port === 'number' ? { address, port } : undefined;
}

/** How many source addresses the receive path keeps an address object for. */
const REMOTE_CACHE_LIMIT = 16_384;

class NodeUdpTransport implements UdpTransport {
  errors = 0;
  datagramsSent = 0;
  datagramsReceived = 0;
  readonly #socket: Socket;
  readonly #onError: (error: Error, remote?: TransportAddress) => void;
  #handler: DatagramHandler | undefined;
  #closed: Promise<void> | undefined;
  readonly #local: TransportAddress;
  readonly #remotes = new SourceCache<TransportAddress>(REMOTE_CACHE_LIMIT);
  /** The address family of frozen destinations already checked (they cannot change), so a send to one is not parsed again. */
  readonly #families = new WeakMap<TransportAddress, number>();
  /** The destination of the send in progress, for the socket's lookup (see {@link literalLookup}). */
  readonly #checked: { address: string | undefined; family: number };
  /** One completion callback for every send, instead of a closure per datagram. */
  readonly #afterSend = (error: Error | null): void => {
    if (error) {
      this.#report(error, sendErrorRemote(error));
    } else {
      this.datagramsSent++;
    }
  };

  constructor(socket: Socket, checked: { address: string | undefined; family: number }, onError: ((error: Error, remote?: TransportAddress) => void) | undefined) {
    this.#socket = socket;
    this.#checked = checked;
    this.#onError = onError ?? ((): void => {});
    const bound = socket.address();
    this.#local = { address: bound.address, port: bound.port, family: bound.family === 'IPv6' ? 'IPv6' : 'IPv4' };
    socket.on('message', (message: Buffer, rinfo: RemoteInfo) => this.#receive(message, rinfo));
    socket.on('error', (error: Error) => this.#report(error));
  }

  #report(error: Error, remote?: TransportAddress): void {
    this.errors++;
    try {
      this.#onError(error, remote);
    } catch {
      // The error hook itself must not take the socket down.
    }
  }

  #receive(message: Buffer, rinfo: RemoteInfo): void {
    this.datagramsReceived++;
    const handler = this.#handler;
    if (handler === undefined) {
      return;
    }
    // A Uint8Array view over the Buffer's memory: no copy, and no Buffer in the public API.
    const data = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    const remote = this.#remoteOf(rinfo);
    try {
      handler(data, remote);
    } catch (error) {
      // Handlers should not throw (the multiplexer never does); if one does, report and keep serving.
      this.#report(error instanceof Error ? error : new Error(String(error)), remote);
    }
  }

  /**
   * The frozen address object of a datagram's source, from a bounded cache of recent sources, so a
   * steady stream makes no new object per datagram (handlers may keep it: it never changes).
   */
  #remoteOf(rinfo: RemoteInfo): TransportAddress {
    return (
      this.#remotes.get(rinfo.address, rinfo.port) ??
      this.#remotes.set(rinfo.address, rinfo.port, Object.freeze({ address: rinfo.address, port: rinfo.port, family: rinfo.family === 'IPv6' ? 'IPv6' : 'IPv4' }))
    );
  }

  send(data: Uint8Array, remote: TransportAddress): void {
    this.#send(data, remote);
  }

  /**
   * Sends like {@link send}; true when `data` is free again on return. node:dgram hands a bound socket's
   * datagram to the kernel at once when it can (libuv `uv_udp_try_send`); when the kernel's send
   * buffer is full it queues the datagram, and the queue holds a reference to `data` until it is
   * sent. So: free unless the socket's send queue is not empty after the call.
   */
  sendBorrowed(data: Uint8Array, remote: TransportAddress): boolean {
    return this.#send(data, remote);
  }

  #send(data: Uint8Array, remote: TransportAddress): boolean {
    let family = this.#families.get(remote);
    if (family === undefined) {
      family = checkAddress(remote);
      if (Object.isFrozen(remote)) {
        this.#families.set(remote, family);
      }
    }
    if (this.#closed !== undefined) {
      this.#report(new Error('send on a closed UDP transport'), remote);
      return true;
    }
    const checked = this.#checked;
    checked.address = remote.address;
    checked.family = family;
    try {
      this.#socket.send(data, remote.port, remote.address, this.#afterSend);
    } catch (error) {
      this.#report(error instanceof Error ? error : new Error(String(error)), remote);
      return true;
    }
    return this.#socket.getSendQueueCount() === 0;
  }

  setDatagramHandler(handler: DatagramHandler | undefined): void {
    this.#handler = handler;
  }

  localAddress(): TransportAddress {
    return this.#local;
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#handler = undefined;
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve(); // already closed by someone else
      }
    });
    return this.#closed;
  }
}

/**
 * Binds a UDP socket and returns it as a {@link DatagramTransport}. Received datagrams are handed on as
 * `Uint8Array` views (no copy); sends never throw for network errors, which go to `onError`.
 *
 * @param options - Where to bind and the error hook.
 * @returns The bound transport; `localAddress()` gives the chosen port.
 * @throws {TypeError} `send` throws for a remote that is not a literal IP and port 1..65535.
 * @throws {Error} The returned promise rejects when binding fails (`EADDRINUSE`, `EADDRNOTAVAIL`).
 * @example
 * ```ts
 * import { RtpMultiplexer } from '@voip/rtp';
 * import { createUdpTransport } from '@voip/rtp/node';
 * const transport = await createUdpTransport({ host: '127.0.0.1', port: 0, type: 'udp4' });
 * const mux = new RtpMultiplexer(transport);
 * console.log(transport.localAddress().port);
 * await mux.close();
 * ```
 */
export function createUdpTransport(options: UdpTransportOptions = {}): Promise<UdpTransport> {
  const type = options.type ?? 'udp4';
  if (type !== 'udp4' && type !== 'udp6') {
    throw new TypeError(`"type" expected 'udp4' or 'udp6', got ${JSON.stringify(type)}`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`"port" expected 0..65535, got ${port}`);
  }
  return new Promise<UdpTransport>((resolve, reject) => {
    const checked: { address: string | undefined; family: number } = { address: undefined, family: 0 };
    const socket = createSocket({ type, reuseAddr: false, lookup: literalLookup(checked) });
    const onBindError = (error: Error): void => {
      socket.close();
      reject(error);
    };
    socket.once('error', onBindError);
    socket.bind({ port, address: options.host, exclusive: true }, () => {
      socket.off('error', onBindError);
      try {
        if (options.receiveBufferSize !== undefined) {
          socket.setRecvBufferSize(options.receiveBufferSize);
        }
        if (options.sendBufferSize !== undefined) {
          socket.setSendBufferSize(options.sendBufferSize);
        }
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
      resolve(new NodeUdpTransport(socket, checked, options.onError));
    });
  });
}
