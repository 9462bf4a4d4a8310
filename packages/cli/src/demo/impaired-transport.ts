/**
 * A sending-side network impairment for the demo: wraps a datagram transport and drops or delays
 * outgoing RTP (never RTCP, RFC 5761 §4: second byte 192..223) with a seeded random generator, recording
 * exactly which packets it dropped so the demo can check what RTCP reports (RFC 3550 §6.4.1).
 * @module
 */
import type { DatagramHandler, DatagramTransport, TransportAddress } from '@voip/rtp';

/** A small seeded PRNG (mulberry32): the same seed gives the same losses and delays on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Impairment settings. */
export interface Impairment {
  /** Probability of dropping each RTP packet, 0..1. */
  readonly loss: number;
  /** Maximum extra delay per RTP packet in ms (uniform 0..jitter); may reorder packets. */
  readonly jitterMs: number;
  /** PRNG seed. */
  readonly seed: number;
}

/**
 * The wrapper. Counts what went out, for the live kbit/s figure.
 *
 * @example
 * ```ts
 * import type { DatagramTransport } from '@voip/rtp';
 * import { ImpairedTransport } from './impaired-transport.js';
 * declare const socket: DatagramTransport;
 * const t = new ImpairedTransport(socket, { loss: 0.05, jitterMs: 30, seed: 1 });
 * ```
 */
export class ImpairedTransport implements DatagramTransport {
  readonly #inner: DatagramTransport;
  readonly #impairment: Impairment;
  readonly #random: () => number;
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Dropped RTP sequence numbers per SSRC. */
  readonly dropped: Map<number, Set<number>> = new Map();
  /** Bytes handed to the socket (after impairment). */
  bytesSent = 0;
  /** Datagrams handed to the socket. */
  datagramsSent = 0;

  /**
   * @param inner - the real socket
   * @param impairment - loss, jitter and seed
   */
  constructor(inner: DatagramTransport, impairment: Impairment) {
    this.#inner = inner;
    this.#impairment = impairment;
    this.#random = seededRandom(impairment.seed);
  }

  /** Sends, drops or delays one datagram. Only RTP is impaired. */
  send(data: Uint8Array, remote: TransportAddress): void {
    const b1 = data[1] ?? 0;
    const isRtp = data.length >= 12 && (data[0] ?? 0) >= 128 && (data[0] ?? 0) <= 191 && !(b1 >= 192 && b1 <= 223);
    if (isRtp && this.#impairment.loss > 0 && this.#random() < this.#impairment.loss) {
      const ssrc = (((data[8] ?? 0) << 24) | ((data[9] ?? 0) << 16) | ((data[10] ?? 0) << 8) | (data[11] ?? 0)) >>> 0;
      const seq = ((data[2] ?? 0) << 8) | (data[3] ?? 0);
      let set = this.dropped.get(ssrc);
      if (set === undefined) {
        set = new Set();
        this.dropped.set(ssrc, set);
      }
      set.add(seq);
      return;
    }
    const delay = isRtp && this.#impairment.jitterMs > 0 ? this.#random() * this.#impairment.jitterMs : 0;
    if (delay < 1) {
      this.#forward(data, remote);
      return;
    }
    const copy = data.slice();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#forward(copy, remote);
    }, delay);
    this.#timers.add(timer);
  }

  #forward(data: Uint8Array, remote: TransportAddress): void {
    this.bytesSent += data.length;
    this.datagramsSent++;
    this.#inner.send(data, remote);
  }

  /** Datagrams still held back by the jitter. */
  get inFlight(): number {
    return this.#timers.size;
  }

  setDatagramHandler(handler: DatagramHandler | undefined): void {
    this.#inner.setDatagramHandler(handler);
  }

  localAddress(): TransportAddress {
    return this.#inner.localAddress();
  }

  /** Cancels delayed datagrams and closes the socket. */
  close(): Promise<void> {
    for (const t of this.#timers) {
      clearTimeout(t);
    }
    this.#timers.clear();
    return this.#inner.close();
  }
}
