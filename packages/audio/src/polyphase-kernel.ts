/**
 * The inner loop of the {@link Resampler}'s FIR presets: a polyphase filter bank laid out for a straight
 * dot product, and the pure JavaScript kernel that runs it. The WebAssembly kernel
 * (`polyphase-kernel-wasm.ts`) computes the same sums in the same order, so both give the same output,
 * bit for bit.
 * @module
 * @internal
 */

/**
 * A polyphase filter bank, phase after phase in one array. Every phase has `width` taps (a multiple of 8;
 * the shorter phases are padded with zeros at their oldest end) and is stored reversed: tap `j` of phase
 * `p`, `coefficients[p * width + j]`, weighs the input sample `width - 1 - j` places before the newest
 * one, so an output is `sum over j of coefficients[p * width + j] * x[oldest + j]`.
 * @internal
 * @example
 * ```ts
 * const bank: PolyphaseBank = { coefficients: new Float64Array(16), width: 8, phases: 2 };
 * ```
 */
export interface PolyphaseBank {
  /** `phases × width` taps. */
  readonly coefficients: Float64Array;
  /** Taps per phase, a multiple of 8. */
  readonly width: number;
  /** The number of phases (the up-sampling factor L). */
  readonly phases: number;
}

/**
 * Builds a {@link PolyphaseBank} from the phases of a prototype filter (phase `p`'s tap `t` weighs the
 * input `t` places before the newest one).
 * @param phases - the phases, newest tap first, any lengths.
 * @returns the bank: contiguous, reversed, padded to a common width that is a multiple of 8.
 * @internal
 * @example
 * ```ts
 * const bank = layoutBank([Float64Array.of(0.5, 0.5), Float64Array.of(1)]); // width 8
 * ```
 */
export function layoutBank(phases: readonly Float64Array[]): PolyphaseBank {
  const longest = Math.max(1, ...phases.map((p) => p.length));
  const width = Math.ceil(longest / 8) * 8;
  const coefficients = new Float64Array(phases.length * width);
  phases.forEach((phase, p) => {
    for (let t = 0; t < phase.length; t++) {
      coefficients[p * width + width - 1 - t] = phase[t]!;
    }
  });
  return { coefficients, width, phases: phases.length };
}

/**
 * Runs the bank over the history buffer in pure JavaScript: for each output, eight running sums (tap j
 * into sum j mod 8, in tap order: the lanes of four f64x2 vectors v0..v3, vector k taking taps 2k and
 * 2k + 1 of every 8), added as the vectors are (v0 + v2) + (v1 + v3), then lane 0 + lane 1, rounded
 * half up and clipped to 16 bits. Independent sums instead of one: the additions do not wait for each
 * other. Output `o` uses phase `phase` and the window `history[oldest .. oldest + width - 1]`;
 * from one output to the next the phase advances by `step mod L` and the window by `floor(step / L)`
 * samples, one more when the phase wraps past L - 1 (output k of a rational L/M converter is input
 * position k·M/L).
 * @param bank - the filter bank (L = `bank.phases`).
 * @param history - the input history (the window of every output of the run lies inside it).
 * @param phase - the first output's phase (0 .. L - 1).
 * @param oldest - the first output's window start in `history`.
 * @param count - how many outputs to compute.
 * @param step - the decimation factor M.
 * @param out - where output `o` goes (`out[o]`, long enough for `count`).
 * @internal
 * @example
 * ```ts
 * const bank = layoutBank([Float64Array.of(1)]);
 * const out = new Int16Array(2);
 * runKernelJs(bank, Float64Array.of(0, 0, 0, 0, 0, 0, 0, 7, 9), 0, 0, 2, 1, out); // out: 7, 9
 * ```
 */
export function runKernelJs(bank: PolyphaseBank, history: Float64Array, phase: number, oldest: number, count: number, step: number, out: Int16Array): void {
  const { coefficients, width, phases } = bank;
  const whole = Math.floor(step / phases);
  const frac = step - whole * phases;
  for (let o = 0; o < count; o++) {
    const c = phase * width;
    // Eight running sums, tap j into sum j mod 8 (four f64x2 vectors of two taps each).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let j = 0; j < width; j += 8) {
      const cj = c + j;
      const xj = oldest + j;
      s0 += coefficients[cj]! * history[xj]!;
      s1 += coefficients[cj + 1]! * history[xj + 1]!;
      s2 += coefficients[cj + 2]! * history[xj + 2]!;
      s3 += coefficients[cj + 3]! * history[xj + 3]!;
      s4 += coefficients[cj + 4]! * history[xj + 4]!;
      s5 += coefficients[cj + 5]! * history[xj + 5]!;
      s6 += coefficients[cj + 6]! * history[xj + 6]!;
      s7 += coefficients[cj + 7]! * history[xj + 7]!;
    }
    // The vectors added as (v0 + v2) + (v1 + v3), then the two lanes.
    const s = Math.floor(s0 + s4 + (s2 + s6) + (s1 + s5 + (s3 + s7)) + 0.5);
    out[o] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
    phase += frac;
    oldest += whole;
    if (phase >= phases) {
      phase -= phases;
      oldest += 1;
    }
  }
}
