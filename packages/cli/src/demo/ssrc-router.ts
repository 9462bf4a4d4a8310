/**
 * Many calls between the same two sockets: `@voip/rtp`'s multiplexer routes by remote address, so
 * when N calls share one socket per side the demo routes by the sender's SSRC (announced in SDP with
 * `a=ssrc`, RFC 5576 §4.1) into one channel per call. RTP carries it at bytes 8..11 (RFC 3550 §5.1),
 * RTCP and SRTCP at bytes 4..7 (§6.4; SRTCP leaves the header clear, RFC 3711 §3.4).
 * @module
 */
import type { DatagramHandler, DatagramTransport, TransportAddress } from '@voip/rtp';

/**
 * Splits one transport into per-SSRC channels.
 *
 * @example
 * ```ts
 * import type { DatagramTransport } from '@voip/rtp';
 * import { SsrcRouter } from './ssrc-router.js';
 * declare const socket: DatagramTransport;
 * declare const remoteSsrc: number;
 * const router = new SsrcRouter(socket);
 * const channel = router.channel(remoteSsrc); // a DatagramTransport for one call's multiplexer
 * ```
 */
export class SsrcRouter {
  readonly #inner: DatagramTransport;
  readonly #channels = new Map<number, DatagramHandler | undefined>();
  /** Datagrams from an SSRC no channel expects (dropped). */
  unrouted = 0;

  /** @param inner - the shared socket; the router takes over its datagram handler */
  constructor(inner: DatagramTransport) {
    this.#inner = inner;
    inner.setDatagramHandler((data, remote) => this.#receive(data, remote));
  }

  #receive(data: Uint8Array, remote: TransportAddress): void {
    if (data.length < 8) {
      this.unrouted++;
      return;
    }
    const b1 = data[1] ?? 0;
    const at = b1 >= 192 && b1 <= 223 ? 4 : 8;
    if (data.length < at + 4) {
      this.unrouted++;
      return;
    }
    const ssrc = (((data[at] ?? 0) << 24) | ((data[at + 1] ?? 0) << 16) | ((data[at + 2] ?? 0) << 8) | (data[at + 3] ?? 0)) >>> 0;
    const handler = this.#channels.get(ssrc);
    if (handler === undefined) {
      this.unrouted++;
      return;
    }
    handler(data, remote);
  }

  /**
   * A transport that sees only datagrams from `remoteSsrc` and sends on the shared socket. Closing it
   * detaches it; the shared socket stays open.
   * @param remoteSsrc - the SSRC the remote sends with
   * @returns the channel
   */
  channel(remoteSsrc: number): DatagramTransport {
    this.#channels.set(remoteSsrc >>> 0, undefined);
    const inner = this.#inner;
    const channels = this.#channels;
    return {
      send: (data, remote) => inner.send(data, remote),
      setDatagramHandler: (handler) => {
        if (channels.has(remoteSsrc >>> 0)) {
          channels.set(remoteSsrc >>> 0, handler);
        }
      },
      localAddress: () => inner.localAddress(),
      close: () => {
        channels.delete(remoteSsrc >>> 0);
        return Promise.resolve();
      },
    };
  }
}
