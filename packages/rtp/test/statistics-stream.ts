/**
 * A synthetic RTP stream for the statistics tests: 8 kHz PCMU, 20 ms packets, arrival = send time +
 * a variable network delay from a seeded PRNG, some packets dropped, some reordered (delayed past
 * their successor). Shared by the unit test and the tshark comparison.
 */
import { prng } from '../../../test/prng.js';

export { prng };

export interface StreamPacket {
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly arrivalMs: number;
}

export interface StreamOptions {
  readonly seed: number;
  readonly count: number;
  readonly firstSequence: number;
  readonly firstTimestamp: number;
  readonly startMs: number;
  /** Probability a packet is dropped. */
  readonly lossRate: number;
  /** Probability a packet is held back by 30 ms (arrives after the next one). */
  readonly reorderRate: number;
  /** Base delay and the uniform spread added to it, in ms. */
  readonly delayMs: number;
  readonly spreadMs: number;
}

/** The packets that arrive, sorted by arrival time, and how many were dropped. */
export function syntheticStream(o: StreamOptions): { packets: StreamPacket[]; dropped: number } {
  const random = prng(o.seed);
  const packets: StreamPacket[] = [];
  let dropped = 0;
  for (let i = 0; i < o.count; i++) {
    const lose = random() < o.lossRate;
    const reorder = random() < o.reorderRate;
    const delay = o.delayMs + random() * o.spreadMs + (reorder ? 30 : 0);
    // Keep the first few packets so the stream starts cleanly for every implementation.
    if (lose && i > 3 && i < o.count - 1) {
      dropped++;
      continue;
    }
    packets.push({
      sequenceNumber: (o.firstSequence + i) & 0xffff,
      timestamp: (o.firstTimestamp + i * 160) >>> 0,
      ssrc: 0x5eed5eed,
      arrivalMs: o.startMs + i * 20 + Math.round(delay * 1000) / 1000,
    });
  }
  packets.sort((a, b) => a.arrivalMs - b.arrivalMs);
  return { packets, dropped };
}
