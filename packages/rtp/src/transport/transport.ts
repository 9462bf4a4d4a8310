/**
 * The datagram transport an {@link RtpMultiplexer} runs on: one UDP socket, shared by many calls.
 *
 * `@voip/stun`'s `StunSocket` satisfies this interface by shape (it answers STUN itself and hands every
 * other datagram on), and `createUdpTransport` (from `@voip/rtp/node`) adapts a plain `node:dgram` socket, so a program
 * can use RTP with or without STUN. No `@voip` package imports another: the contract is structural and
 * proven by a type test.
 * @module
 */

/** A remote (or local) UDP endpoint. `address` is a literal IPv4 or IPv6 address, never a host name. */
export interface TransportAddress {
  /** Literal IP address, e.g. `"127.0.0.1"` or `"::1"`. */
  readonly address: string;
  /** UDP port, 0..65535. */
  readonly port: number;
  /** Address family when known, as `node:dgram` reports it. */
  readonly family?: 'IPv4' | 'IPv6';
}

/**
 * Receives one datagram. `data` may be a view into a buffer the transport reuses: copy it to keep it.
 * The datagram is the handler's until it returns: it may overwrite it (an SRTP call decrypts in place).
 */
export type DatagramHandler = (data: Uint8Array, remote: TransportAddress) => void;

/**
 * One UDP socket as seen by RTP: send a datagram, receive datagrams with their source, close.
 *
 * @example
 * ```ts
 * import type { DatagramTransport } from '@voip/rtp';
 * function echo(transport: DatagramTransport): void {
 *   transport.setDatagramHandler((data, remote) => transport.send(data, remote));
 * }
 * ```
 */
export interface DatagramTransport {
  /**
   * Sends one datagram to `remote`. Never throws for network errors (they are reported by the
   * transport's own error hook); throws `TypeError` only for a malformed address and `RangeError` for a port out of 1..65535.
   */
  send(data: Uint8Array, remote: TransportAddress): void;
  /**
   * Optional: sends like {@link send}, and tells the caller whether the transport is done with `data`
   * when it returns. `true`: it was handed to the kernel or copied (or dropped), so the caller may
   * overwrite the buffer at once; `false`: the transport (or the kernel's send queue) still reads it
   * later, so the caller must leave it alone. A transport that implements it lets calls send from
   * reused buffers (no allocation per packet); without it every datagram sent is a new buffer.
   */
  sendBorrowed?(data: Uint8Array, remote: TransportAddress): boolean;
  /**
   * Installs the one handler for every incoming datagram this transport does not consume itself
   * (a STUN socket keeps STUN to itself). Replaces the previous handler; `undefined` removes it.
   */
  setDatagramHandler(handler: DatagramHandler | undefined): void;
  /** The bound local address. */
  localAddress(): TransportAddress;
  /** Closes the socket. Resolves when it is closed; calling it twice is harmless. */
  close(): Promise<void>;
}
