/**
 * The `linear` preset of the {@link Resampler}: streaming linear interpolation between the two input
 * samples around each output position, with no anti-alias or anti-image filter. Output sample k sits at
 * input position k · from / to exactly: the position is an integer phase accumulator in units of
 * 1 / L input samples (L = to / gcd(from, to)), carried across chunks, so it never drifts.
 * @module
 */

/**
 * Stateful linear interpolation for one rational ratio L / M (output rate / input rate, in lowest
 * terms). Internal to the {@link Resampler}; it holds one input sample of history and the phase.
 * @example
 * ```ts
 * // Internal: used through the Resampler's `linear` preset.
 * import { Resampler } from '@voip/audio';
 * const r = new Resampler({ from: 8000, to: 16000, quality: 'linear' });
 * r.process(Int16Array.of(0, 100, 200)); // 0, 50, 100, 150, 200
 * ```
 */
export class LinearInterpolator {
  readonly #l: number;
  readonly #m: number;
  /** Whole input samples the position advances per output sample (floor(M / L)). */
  readonly #stepWhole: number;
  /** The rest of the step, in units of 1 / L input sample (M mod L). */
  readonly #stepFrac: number;
  /** The last input sample received (the one before the current chunk); 0 before the first. */
  #prev = 0;
  /**
   * Position of the next output sample relative to `#prev`'s input index: `#whole` samples plus
   * `#frac / L`. Before the first input `#prev` stands at index -1, so output 0 is at 1 + 0 / L.
   */
  #whole = 1;
  #frac = 0;
  /** Input samples received since the start (or the last flush). */
  #received = 0;
  /** Output samples produced since the start (or the last flush). */
  #produced = 0;

  /**
   * @param l - the up-sampling factor (output rate / gcd), a positive integer.
   * @param m - the down-sampling factor (input rate / gcd), a positive integer.
   */
  constructor(l: number, m: number) {
    this.#l = l;
    this.#m = m;
    this.#stepWhole = Math.floor(m / l);
    this.#stepFrac = m % l;
  }

  /**
   * Interpolates every output sample whose two neighbours are now known (output k needs the input at
   * ceil(k · M / L)); the last input sample is kept for the next chunk.
   * @param input - the next input samples.
   * @returns the completed output samples (a new array).
   */
  process(input: Int16Array): Int16Array {
    const out = new Int16Array(this.outputCount(input.length));
    this.processInto(input, out);
    return out;
  }

  /** How many output samples the next chunk of `n` input samples completes. */
  outputCount(n: number): number {
    const l = this.#l;
    // Outputs at positions (whole + frac / L) + j · M / L <= n, i.e. whole·L + frac + j·M <= n·L.
    const start = this.#whole * l + this.#frac;
    return start > n * l ? 0 : Math.floor((n * l - start) / this.#m) + 1;
  }

  /**
   * As {@link LinearInterpolator.process}, into `out` (which must hold `outputCount(input.length)`).
   * @returns the number of samples written.
   */
  processInto(input: Int16Array, out: Int16Array): number {
    const l = this.#l;
    const count = this.outputCount(input.length);
    const stepWhole = this.#stepWhole;
    const stepFrac = this.#stepFrac;
    let whole = this.#whole;
    let frac = this.#frac;
    const prev = this.#prev;
    if (l === 1) {
      // Whole-number steps (to divides from): every M-th sample, no interpolation.
      let o = 0;
      if (count > 0 && whole === 0) {
        out[o++] = prev;
        whole += stepWhole;
      }
      for (; o < count; o++, whole += stepWhole) {
        out[o] = input[whole - 1]!;
      }
      return this.#advance(input, count, whole, frac);
    }
    // Output = round((a · (L - f) + b · f) / L) = round(N / L) with N = a · L + (b - a) · f, an integer:
    // Math.round(N / L) is floor((N + L / 2) / L), and N + L / 2 is a multiple of 1/2, at least 1/2 below
    // the next multiple of L, so adding 1/4 changes no floor, and then the product with the rounded 1 / L
    // (relative error 2^-53, on values under 2^17) stays on the same side of every integer: exactly the
    // old division and Math.round, without a division per sample.
    const bias = l / 2 + 0.25;
    const inv = 1 / l;
    const n = input.length;
    // The last output can sit on the chunk's last sample itself (position n, fraction 0): it has no
    // right neighbour in the chunk, so it goes after the loop that reads one.
    const onLast = count > 0 && (this.#whole * l + this.#frac + (count - 1) * this.#m === n * l) ? 1 : 0;
    let o = 0;
    // Outputs between #prev and the chunk's first sample.
    for (; o < count && whole === 0; o++) {
      const b = frac === 0 ? 0 : input[0]!;
      out[o] = Math.floor((prev * l + (b - prev) * frac + bias) * inv);
      whole += stepWhole;
      frac += stepFrac;
      if (frac >= l) {
        frac -= l;
        whole += 1;
      }
    }
    const end = count - onLast;
    if (stepWhole === 0 && stepFrac === 1) {
      // Up by L (M = 1): every input interval gives L outputs, fractions 0 .. L - 1 in turn.
      while (o < end) {
        const a = input[whole - 1]!;
        const base = a * l + bias;
        const d = input[whole]! - a;
        for (; frac < l && o < end; frac++, o++) {
          out[o] = Math.floor((base + d * frac) * inv);
        }
        if (frac === l) {
          frac = 0;
          whole += 1;
        }
      }
    } else {
      for (; o < end; o++) {
        // Input index (whole - 1) of the chunk is the left neighbour, whole the right one.
        const a = input[whole - 1]!;
        out[o] = Math.floor((a * l + (input[whole]! - a) * frac + bias) * inv);
        whole += stepWhole;
        frac += stepFrac;
        if (frac >= l) {
          frac -= l;
          whole += 1;
        }
      }
    }
    if (o < count) {
      // On the last sample: fraction 0.
      out[o++] = input[n - 1]!;
      whole += stepWhole;
      frac += stepFrac;
      if (frac >= l) {
        frac -= l;
        whole += 1;
      }
    }
    return this.#advance(input, count, whole, frac);
  }

  /** Moves the state past a chunk: the last sample becomes the history, the position relative to it. */
  #advance(input: Int16Array, count: number, whole: number, frac: number): number {
    const n = input.length;
    if (n > 0) {
      this.#prev = input[n - 1]!;
    }
    this.#whole = whole - n;
    this.#frac = frac;
    this.#received += n;
    this.#produced += count;
    return count;
  }

  /**
   * Ends the stream: the input after its end is taken as silence, so the stream totals
   * ceil(received · L / M) output samples; then starts a new stream.
   * @returns the remaining output samples.
   */
  flush(): Int16Array {
    const total = Math.ceil((this.#received * this.#l) / this.#m);
    const out = new Int16Array(Math.max(0, total - this.#produced));
    // What is left lies between the last input sample and the silence after it.
    let whole = this.#whole;
    let frac = this.#frac;
    for (let o = 0; o < out.length; o++) {
      out[o] = whole === 0 ? Math.round((this.#prev * (this.#l - frac)) / this.#l) : 0;
      whole += this.#stepWhole;
      frac += this.#stepFrac;
      if (frac >= this.#l) {
        frac -= this.#l;
        whole += 1;
      }
    }
    this.reset();
    return out;
  }

  /** Forgets the stream (the last sample and the position). */
  reset(): void {
    this.#prev = 0;
    this.#whole = 1;
    this.#frac = 0;
    this.#received = 0;
    this.#produced = 0;
  }
}
