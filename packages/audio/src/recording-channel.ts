/**
 * One channel of a call recording: PCM placed at sample positions on the recording's media clock,
 * gaps filled with silence, converted to the recording's rate, queued until the other channel has
 * the same span. Internal to `CallRecorder`; not exported from the package.
 * @module
 */
import { Resampler, type ResamplerRate } from './resampler.js';

export class RecordingChannel {
  /** The rate PCM is placed at. */
  readonly inputRate: number;
  readonly #resampler: Resampler | undefined;
  /** Samples placed so far (input rate), silence included: the next contiguous position. */
  #placed = 0;
  /** A frame placed within this many samples of `#placed` is taken as contiguous (timer and rounding slack). */
  readonly #slack: number;
  readonly #queue: Int16Array[] = [];
  #head = 0;
  #queued = 0;

  /**
   * @param inputRate - the rate of the PCM placed.
   * @param outputRate - the recording's rate.
   * @param slackSamples - input samples of difference between a frame's position and the contiguous one
   *   that is still contiguous (three quarters of a frame).
   */
  constructor(inputRate: ResamplerRate, outputRate: ResamplerRate, slackSamples: number) {
    this.inputRate = inputRate;
    this.#resampler = inputRate === outputRate ? undefined : new Resampler({ from: inputRate, to: outputRate });
    this.#slack = slackSamples;
  }

  /** Input samples placed so far, silence included. */
  get placed(): number {
    return this.#placed;
  }

  /** Output samples queued and not yet taken. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Places `pcm` starting at input position `at`: after silence when `at` is past the end (a gap: loss,
   * comfort noise, DTMF, a skipped frame); without the part before the end when `at` is before it (an
   * overlap, which never moves what is already placed).
   */
  place(pcm: Int16Array, at: number): void {
    const gap = at - this.#placed;
    if (gap > this.#slack) {
      this.#emit(new Int16Array(gap));
    } else if (gap < -this.#slack) {
      const overlap = -gap;
      if (overlap >= pcm.length) {
        return;
      }
      pcm = pcm.subarray(overlap);
    }
    this.#emit(pcm);
  }

  /** Fills silence up to input position `at` (nothing when already there). */
  padTo(at: number): void {
    if (at > this.#placed) {
      this.#emit(new Int16Array(at - this.#placed));
    }
  }

  /** Lets the resampler's held-back tail out (the end of the recording). */
  flush(): void {
    if (this.#resampler !== undefined) {
      this.#push(this.#resampler.flush());
    }
  }

  /** Appends output silence (to even the channels' lengths at the end). */
  pad(samples: number): void {
    if (samples > 0) {
      this.#push(new Int16Array(samples));
    }
  }

  /** Takes `n` queued output samples (n ≤ queued) into `out` at every `stride`-th position from `offset`. */
  takeInto(n: number, out: Int16Array, offset: number, stride: number): void {
    let o = offset;
    let left = n;
    while (left > 0) {
      const chunk = this.#queue[0]!;
      const take = Math.min(left, chunk.length - this.#head);
      for (let i = 0; i < take; i++, o += stride) {
        out[o] = chunk[this.#head + i]!;
      }
      this.#head += take;
      left -= take;
      if (this.#head === chunk.length) {
        this.#queue.shift();
        this.#head = 0;
      }
    }
    this.#queued -= n;
  }

  #emit(pcm: Int16Array): void {
    this.#placed += pcm.length;
    this.#push(this.#resampler === undefined ? pcm.slice() : this.#resampler.process(pcm));
  }

  #push(pcm: Int16Array): void {
    if (pcm.length > 0) {
      this.#queue.push(pcm);
      this.#queued += pcm.length;
    }
  }
}
