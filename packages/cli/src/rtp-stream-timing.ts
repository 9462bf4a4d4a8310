/**
 * Interarrival delta and jitter of one RTP stream the way Wireshark's RTP stream analysis computes them
 * (`tshark -z rtp,streams`), so `voip rtp stats` and tshark agree on a capture:
 *
 * - jitter is RFC 3550 §6.4.1 / A.8, J += (|D| - J) / 16 with D between consecutive packets in arrival
 *   order, in milliseconds;
 * - the maxima and means only count "regular" packets: not the first, not one with the marker bit, not
 *   comfort noise (payload type 13 or 19) nor the packet right after it (a reordered packet counts, as
 *   in tshark 4.0);
 * - a mean is over the gaps between packets: the k-th packet after the first updates it as
 *   mean = (mean × (k − 1) + value) / k.
 * @module
 */

/** RFC 3389 comfort noise, and the payload type RFC 1890 once reserved for it. */
const COMFORT_NOISE = new Set([13, 19]);

/**
 * Per-stream timing figures, fed one packet at a time in capture order.
 *
 * Usage (internal to the CLI, not exported from the package):
 * ```ts
 * const t = new RtpStreamTiming(8000);
 * t.add(0, 0, false, 0);
 * t.add(21, 160, false, 0);
 * t.maxJitterMs; // 0.0625: |21 - 20| / 16
 * ```
 */
export class RtpStreamTiming {
  readonly #ticksPerMs: number;
  #packets = 0;
  /** Arrival (ms) and RTP timestamp of the previous packet. */
  #time = 0;
  #lastTimestamp = 0;
  #lastPayloadType = -1;
  #jitter = 0;
  /** Largest delta between regular packets, ms. */
  maxDeltaMs = 0;
  /** Mean delta, ms. */
  meanDeltaMs = 0;
  /** Largest jitter at a regular packet, ms. */
  maxJitterMs = 0;
  /** Mean jitter over the regular packets, ms. */
  meanJitterMs = 0;

  /**
   * @param clockRate - the payload's RTP clock rate in Hz (RFC 3551 §6)
   * @throws {RangeError} when the clock rate is not positive
   */
  constructor(clockRate: number) {
    if (!(clockRate > 0)) {
      throw new RangeError(`"clockRate" expected a positive number of Hz, got ${clockRate}`);
    }
    this.#ticksPerMs = clockRate / 1000;
  }

  /**
   * Adds the next packet of the stream.
   * @param arrivalMs - its capture time in ms (any fixed origin)
   * @param timestamp - its 32-bit RTP timestamp
   * @param marker - its marker bit
   * @param payloadType - its payload type
   */
  add(arrivalMs: number, timestamp: number, marker: boolean, payloadType: number): void {
    const k = this.#packets++;
    // The timestamp step from the previous packet, as a signed 32-bit difference (wraps both ways).
    const step = (timestamp - this.#lastTimestamp) | 0;
    const followsNoise = COMFORT_NOISE.has(this.#lastPayloadType);
    const previousArrival = this.#time;
    this.#time = arrivalMs;
    this.#lastTimestamp = timestamp;
    this.#lastPayloadType = payloadType;
    if (k === 0) {
      return;
    }
    // RFC 3550 A.8: D = (Rj - Ri) - (Sj - Si), in ms.
    const delta = arrivalMs - previousArrival;
    this.#jitter = (15 * this.#jitter + Math.abs(delta - step / this.#ticksPerMs)) / 16;
    if (!marker && !followsNoise && !COMFORT_NOISE.has(payloadType)) {
      this.maxDeltaMs = Math.max(this.maxDeltaMs, delta);
      this.meanDeltaMs = (this.meanDeltaMs * (k - 1) + delta) / k;
      this.maxJitterMs = Math.max(this.maxJitterMs, this.#jitter);
      this.meanJitterMs = (this.meanJitterMs * (k - 1) + this.#jitter) / k;
    }
  }
}
