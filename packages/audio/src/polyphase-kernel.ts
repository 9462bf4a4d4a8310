/**
 * The inner loop of the {@link Resampler}'s FIR presets: a polyphase filter bank laid out for a straight
 * dot product, and the pure JavaScript kernel that runs it. The WebAssembly kernel
 * (`polyphase-kernel-wasm.ts`) computes the same sums in the same order, so both give the same output,
 * bit for bit.
 * @module
 * @internal
 */

/**
 * A polyphase filter bank, phase after phase in one array. Every phase has `width` taps (a multiple of 16;
 * the shorter phases are padded with zeros at their oldest end) and is stored reversed: tap `j` of phase
 * `p`, `coefficients[p * width + j]`, weighs the input sample `width - 1 - j` places before the newest
 * one, so an output is `sum over j of coefficients[p * width + j] * x[oldest + j]`.
 * @internal
 * @example
 * ```ts
 * import type { PolyphaseBank } from './polyphase-kernel.js';
 * const bank: PolyphaseBank = { coefficients: new Float32Array(32), width: 16, phases: 2 };
 * ```
 */
export interface PolyphaseBank {
  /** `phases × width` taps, single precision (see {@link runKernelJs}). */
  readonly coefficients: Float32Array;
  /** Taps per phase, a multiple of 16. */
  readonly width: number;
  /** The number of phases (the up-sampling factor L). */
  readonly phases: number;
}

/**
 * Builds a {@link PolyphaseBank} from the phases of a prototype filter (phase `p`'s tap `t` weighs the
 * input `t` places before the newest one).
 * @param phases - the phases, newest tap first, any lengths.
 * @returns the bank: contiguous, reversed, padded to a common width that is a multiple of 16, each tap
 * rounded to single precision.
 * @internal
 * @example
 * ```ts
 * import { layoutBank } from './polyphase-kernel.js';
 * const bank = layoutBank([Float64Array.of(0.5, 0.5), Float64Array.of(1)]); // width 16
 * ```
 */
export function layoutBank(phases: readonly Float64Array[]): PolyphaseBank {
  const longest = Math.max(1, ...phases.map((p) => p.length));
  const width = Math.ceil(longest / 16) * 16;
  const coefficients = new Float32Array(phases.length * width);
  phases.forEach((phase, p) => {
    for (let t = 0; t < phase.length; t++) {
      coefficients[p * width + width - 1 - t] = phase[t]!;
    }
  });
  return { coefficients, width, phases: phases.length };
}

/**
 * Runs the bank over the history buffer in pure JavaScript, in single precision as the WebAssembly
 * f32x4 kernel computes: for each output, sixteen running sums (tap j into sum j mod 16, in tap order:
 * lane j mod 4 of f32x4 vector (j / 4) mod 4), each product and addition rounded to single precision
 * (`Math.fround` of the exact product of two singles, or of the double sum of two, is the
 * single-precision result); the vectors added as (v0 + v2) + (v1 + v3), then their lanes as
 * (0 + 2) + (1 + 3); that rounded half up and clipped to 16 bits. Independent sums instead of one: the additions do not wait
 * for each other. Single precision is ample: the history holds 16-bit integers (exact), and the
 * rounding of the taps (2^-24 relative) and of the sums stays far under the rounding noise of 16-bit
 * output (the quality tests measure the result).
 *
 * Output `o` uses phase `phase` and the window `history[oldest .. oldest + width - 1]`; from one output
 * to the next the phase advances by `step mod L` and the window by `floor(step / L)` samples, one more
 * when the phase wraps past L - 1 (output k of a rational L/M converter is input position k·M/L).
 * @param bank - the filter bank (L = `bank.phases`).
 * @param history - the input history, 16-bit integers in single precision (exact; the window of every
 * output of the run lies inside it).
 * @param phase - the first output's phase (0 .. L - 1).
 * @param oldest - the first output's window start in `history`.
 * @param count - how many outputs to compute.
 * @param step - the decimation factor M.
 * @param out - where output `o` goes (`out[o]`, long enough for `count`).
 * @internal
 * @example
 * ```ts
 * import { layoutBank, runKernelJs } from './polyphase-kernel.js';
 * const bank = layoutBank([Float64Array.of(1)]);
 * const out = new Int16Array(2);
 * runKernelJs(bank, Float32Array.from({ length: 17 }, (_, i) => i), 0, 0, 2, 1, out); // out: 15, 16
 * ```
 */
export function runKernelJs(bank: PolyphaseBank, history: Float32Array, phase: number, oldest: number, count: number, step: number, out: Int16Array): void {
  const { coefficients, width, phases } = bank;
  const f = Math.fround;
  const whole = Math.floor(step / phases);
  const frac = step - whole * phases;
  for (let o = 0; o < count; o++) {
    const c = phase * width;
    // Sixteen running sums, tap j into sum j mod 16 (lane j mod 4 of vector (j / 4) mod 4).
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    let s8 = 0;
    let s9 = 0;
    let s10 = 0;
    let s11 = 0;
    let s12 = 0;
    let s13 = 0;
    let s14 = 0;
    let s15 = 0;
    for (let j = 0; j < width; j += 16) {
      const cj = c + j;
      const xj = oldest + j;
      s0 = f(s0 + f(coefficients[cj]! * history[xj]!));
      s1 = f(s1 + f(coefficients[cj + 1]! * history[xj + 1]!));
      s2 = f(s2 + f(coefficients[cj + 2]! * history[xj + 2]!));
      s3 = f(s3 + f(coefficients[cj + 3]! * history[xj + 3]!));
      s4 = f(s4 + f(coefficients[cj + 4]! * history[xj + 4]!));
      s5 = f(s5 + f(coefficients[cj + 5]! * history[xj + 5]!));
      s6 = f(s6 + f(coefficients[cj + 6]! * history[xj + 6]!));
      s7 = f(s7 + f(coefficients[cj + 7]! * history[xj + 7]!));
      s8 = f(s8 + f(coefficients[cj + 8]! * history[xj + 8]!));
      s9 = f(s9 + f(coefficients[cj + 9]! * history[xj + 9]!));
      s10 = f(s10 + f(coefficients[cj + 10]! * history[xj + 10]!));
      s11 = f(s11 + f(coefficients[cj + 11]! * history[xj + 11]!));
      s12 = f(s12 + f(coefficients[cj + 12]! * history[xj + 12]!));
      s13 = f(s13 + f(coefficients[cj + 13]! * history[xj + 13]!));
      s14 = f(s14 + f(coefficients[cj + 14]! * history[xj + 14]!));
      s15 = f(s15 + f(coefficients[cj + 15]! * history[xj + 15]!));
    }
    // The vectors added as (v0 + v2) + (v1 + v3), lane by lane, then the lanes as (0 + 2) + (1 + 3).
    const l0 = f(f(s0 + s8) + f(s4 + s12));
    const l1 = f(f(s1 + s9) + f(s5 + s13));
    const l2 = f(f(s2 + s10) + f(s6 + s14));
    const l3 = f(f(s3 + s11) + f(s7 + s15));
    const total = f(f(l0 + l2) + f(l1 + l3));
    const s = Math.floor(total + 0.5);
    out[o] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
    phase += frac;
    oldest += whole;
    if (phase >= phases) {
      phase -= phases;
      oldest += 1;
    }
  }
}
