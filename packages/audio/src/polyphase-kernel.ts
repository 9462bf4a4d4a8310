/**
 * The inner loop of the {@link Resampler}'s FIR presets: a polyphase filter bank laid out for a straight
 * dot product, and the pure JavaScript kernel that runs it. The WebAssembly kernel
 * (`polyphase-kernel-wasm.ts`) computes the same sums in the same order, so both give the same output,
 * bit for bit.
 * @module
 * @internal
 */

/**
 * A polyphase filter bank, phase after phase in one array. Every phase has `width` taps (a multiple of 4;
 * the shorter phases are padded with zeros at their oldest end) and is stored reversed: tap `j` of phase
 * `p`, `coefficients[p * width + j]`, weighs the input sample `width - 1 - j` places before the newest
 * one, so an output is `sum over j of coefficients[p * width + j] * x[oldest + j]`.
 * @internal
 * @example
 * ```ts
 * const bank: PolyphaseBank = { coefficients: new Float64Array(8), width: 4, phases: 2 };
 * ```
 */
export interface PolyphaseBank {
  /** `phases × width` taps. */
  readonly coefficients: Float64Array;
  /** Taps per phase, a multiple of 4. */
  readonly width: number;
  /** The number of phases (the up-sampling factor L). */
  readonly phases: number;
}

/**
 * Builds a {@link PolyphaseBank} from the phases of a prototype filter (phase `p`'s tap `t` weighs the
 * input `t` places before the newest one).
 * @param phases - the phases, newest tap first, any lengths.
 * @returns the bank: contiguous, reversed, padded to a common width that is a multiple of 4.
 * @internal
 * @example
 * ```ts
 * const bank = layoutBank([Float64Array.of(0.5, 0.5), Float64Array.of(1)]); // width 4
 * ```
 */
export function layoutBank(phases: readonly Float64Array[]): PolyphaseBank {
  const longest = Math.max(1, ...phases.map((p) => p.length));
  const width = Math.ceil(longest / 4) * 4;
  const coefficients = new Float64Array(phases.length * width);
  phases.forEach((phase, p) => {
    for (let t = 0; t < phase.length; t++) {
      coefficients[p * width + width - 1 - t] = phase[t]!;
    }
  });
  return { coefficients, width, phases: phases.length };
}

/**
 * Runs the bank over the history buffer in pure JavaScript: for each output, four running sums (tap j
 * into sum j mod 4, in tap order, as the lanes of two f64x2 vectors that take taps j, j + 1 and
 * j + 2, j + 3), added as the vectors are (sums 0 + 2 and 1 + 3, then those two), rounded half up and
 * clipped to 16 bits. Four independent sums instead of one: the additions do not wait for each other. Output `o` uses phase `phase` and the window `history[oldest .. oldest + width - 1]`;
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
 * runKernelJs(bank, Float64Array.of(0, 0, 0, 7, 9), 0, 0, 2, 1, out); // out: 7, 9
 * ```
 */
export function runKernelJs(bank: PolyphaseBank, history: Float64Array, phase: number, oldest: number, count: number, step: number, out: Int16Array): void {
  const { coefficients, width, phases } = bank;
  const whole = Math.floor(step / phases);
  const frac = step - whole * phases;
  for (let o = 0; o < count; o++) {
    const c = phase * width;
    // Four running sums, tap j into sum j mod 4 (two f64x2 vectors: taps j, j+1 and j+2, j+3).
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let j = 0; j < width; j += 4) {
      a0 += coefficients[c + j]! * history[oldest + j]!;
      a1 += coefficients[c + j + 1]! * history[oldest + j + 1]!;
      a2 += coefficients[c + j + 2]! * history[oldest + j + 2]!;
      a3 += coefficients[c + j + 3]! * history[oldest + j + 3]!;
    }
    // The two vectors added, then their two lanes.
    const s = Math.floor(a0 + a2 + (a1 + a3) + 0.5);
    out[o] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
    phase += frac;
    oldest += whole;
    if (phase >= phases) {
      phase -= phases;
      oldest += 1;
    }
  }
}
