/**
 * A streaming sample-rate converter between 8, 16, 24 and 48 kHz: a polyphase FIR, the windowed-sinc
 * low-pass of a rational L/M converter (upsample by L, filter, keep every M-th sample) computed only
 * where its output is kept. The prototype filter is a Kaiser-windowed sinc (J. F. Kaiser, "Nonrecursive
 * digital filter design using the I0-sinh window function", 1974) whose length and β follow Kaiser's
 * formulas for the requested stop-band attenuation and transition width. The filter is linear phase
 * and its delay is compensated: output sample k is the input at time k / to. The dot products run in a
 * WebAssembly SIMD kernel where the platform has one (polyphase-kernel-wasm.ts), else in JavaScript
 * (polyphase-kernel.ts), with the same output either way.
 * @module
 */
import { AudioError } from './errors.js';
import { LinearInterpolator } from './linear-interpolator.js';
import { layoutBank, runKernelJs } from './polyphase-kernel.js';
import type { PolyphaseBank } from './polyphase-kernel.js';
import { polyphaseWasmKernel } from './polyphase-kernel-wasm.js';

/** The sample rates the {@link Resampler} converts between. */
export type ResamplerRate = 8000 | 16000 | 24000 | 48000;

/**
 * The filter preset of a {@link Resampler}. For the FIR presets, edges are fractions of the lower rate's
 * Nyquist frequency (4 kHz for 8 kHz); except at `short`, the stop band starts at that Nyquist frequency,
 * so nothing aliases into the pass band.
 *
 * - `linear`: no filter at all, linear interpolation between the two input samples around each output
 *   position (libsamplerate's `SRC_LINEAR` idea). The cheapest preset, for when CPU matters more than
 *   fidelity (many streams, previews, speech detection). What it costs: down-sampling keeps every
 *   frequency above the output's Nyquist frequency and folds it into the band (aliasing; from 16, 24 or
 *   48 to 8 kHz and from 48 to 16 or 24 kHz it is plain decimation, every M-th sample); up-sampling
 *   leaves images of the input band above the input's Nyquist frequency (only 8 to 20 dB down), and
 *   dulls the top of the band (4.5 to 6 dB down at 0.88 of the input's Nyquist frequency, up to 1.6 dB
 *   at 0.48). A 300 Hz tone comes out with an SNR of 49 to 68 dB (93 dB when decimating). One input
 *   sample of look-ahead.
 * - `short`: the shortest real filter, 16 taps per output when up-sampling and from 24 to 16 kHz, 32
 *   when down-sampling otherwise (64 from 48 to 8 kHz): pass band to 0.88, 26 dB, and a stop
 *   band that starts only at 1.14 of the Nyquist frequency (the cutoff, midway, at 1.01). What that
 *   costs: the band just above the Nyquist frequency is only partly attenuated, so when down-sampling
 *   what lies there folds back into the top of the band (a tone at 1.02 of the Nyquist frequency comes
 *   out only 7 dB down, 26 dB only from 1.14 on); when up-sampling, the images of the top of the band
 *   (above 0.86) are less than 26 dB down. Pass-band ripple up to 0.83 dB to 0.88 (a 26 dB filter's
 *   ripple is 5% of the amplitude either way). 0.6 ms of look-ahead at 8 kHz. For when CPU matters
 *   nearly as much as at `linear` but its images and its dulled top of the band do not do.
 * - `low`: pass band to 0.80, 50 dB stop-band attenuation (short filter, for previews).
 * - `fast`: pass band to 0.80 as `low`, 96 dB: a stop band as deep as `medium`'s (or deeper) over a
 *   transition band twice as wide, so about 60% of `medium`'s work per sample. For speech at 8 kHz
 *   (3.2 kHz of pass band) when CPU counts; above 0.80 the band rolls off (2.7 dB down at 0.88).
 * - `medium` (default): pass band to 0.90, 80 dB (below the 16-bit noise of speech at normal levels).
 * - `high`: pass band to 0.92, 100 dB (about what 16-bit output can show).
 */
export type ResamplerQuality = 'linear' | 'short' | 'low' | 'fast' | 'medium' | 'high';

/** Options of a {@link Resampler}. */
export interface ResamplerOptions {
  /** Input sample rate. */
  readonly from: ResamplerRate;
  /** Output sample rate. */
  readonly to: ResamplerRate;
  /** Filter preset (default `medium`). */
  readonly quality?: ResamplerQuality;
}

const RATES: readonly number[] = [8000, 16000, 24000, 48000];
/**
 * The FIR presets: pass-band edge and stop-band edge (default 1, the Nyquist frequency) as fractions of
 * the lower rate's Nyquist frequency, and the stop-band attenuation; the cutoff lies midway between the edges.
 */
const PRESETS: Record<Exclude<ResamplerQuality, 'linear'>, { passband: number; stopband?: number; attenuationDb: number }> = {
  short: { passband: 0.88, stopband: 1.14, attenuationDb: 26 },
  low: { passband: 0.8, attenuationDb: 50 },
  fast: { passband: 0.8, attenuationDb: 96 },
  medium: { passband: 0.9, attenuationDb: 80 },
  high: { passband: 0.92, attenuationDb: 100 },
};

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) {
      break;
    }
  }
  return sum;
}

/** Kaiser's β for a stop-band attenuation of `a` dB. */
function kaiserBeta(a: number): number {
  if (a > 50) {
    return 0.1102 * (a - 8.7);
  }
  return a >= 21 ? 0.5842 * (a - 21) ** 0.4 + 0.07886 * (a - 21) : 0;
}

/** The banks designed so far, by rates and preset: every resampler of one kind shares one (read only). */
const BANKS = new Map<string, { bank: PolyphaseBank; delay: number }>();

/** The bank of a rate pair and preset, designed on first use. */
function bankFor(from: number, to: number, l: number, quality: keyof typeof PRESETS): { bank: PolyphaseBank; delay: number } {
  const key = `${String(from)}>${String(to)}:${quality}`;
  let entry = BANKS.get(key);
  if (entry === undefined) {
    const { phases, delay } = designPhases(from, to, l, quality);
    entry = { bank: layoutBank(phases), delay };
    BANKS.set(key, entry);
  }
  return entry;
}

/**
 * The polyphase decomposition of the prototype low-pass at the rate `from × L`: phase p holds the taps
 * p, p + L, p + 2L, ... (each phase scaled to a DC gain of exactly 1).
 */
function designPhases(from: number, to: number, l: number, quality: keyof typeof PRESETS): { phases: Float64Array[]; delay: number } {
  const { passband, stopband = 1, attenuationDb } = PRESETS[quality];
  const rate = from * l; // the up-sampled rate
  const nyquist = Math.min(from, to) / 2;
  const passEdge = passband * nyquist;
  const stopEdge = stopband * nyquist;
  const transition = (2 * Math.PI * (stopEdge - passEdge)) / rate; // radians per sample
  let taps = Math.ceil((attenuationDb - 7.95) / (2.285 * transition)) + 1;
  taps += taps % 2 === 0 ? 1 : 0; // odd: the centre tap is a sample, the delay a whole number
  const delay = (taps - 1) / 2;
  const cutoff = (passEdge + stopEdge) / 2 / rate; // cycles per sample
  const beta = kaiserBeta(attenuationDb);
  const i0beta = besselI0(beta);
  const h = new Float64Array(taps);
  for (let j = 0; j < taps; j++) {
    const t = j - delay;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const r = t / delay;
    h[j] = sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta);
  }
  const phases: Float64Array[] = [];
  for (let p = 0; p < l; p++) {
    const phase = new Float64Array(Math.ceil((taps - p) / l));
    let sum = 0;
    for (let t = 0; t < phase.length; t++) {
      phase[t] = h[p + t * l]!;
      sum += phase[t]!;
    }
    for (let t = 0; t < phase.length; t++) {
      phase[t]! /= sum;
    }
    phases.push(phase);
  }
  return { phases, delay };
}

/**
 * A streaming, stateful sample-rate converter for mono 16-bit PCM between 8, 16, 24 and 48 kHz (any
 * pair; the same rate in and out passes samples through). Feed it chunks of any length with
 * {@link Resampler.process}; the output of a stream cut into chunks is exactly, sample for sample, the
 * output of the whole stream in one call. Each output sample needs input up to the filter's half length
 * ahead of it, so `process` holds those samples back until more input (or {@link Resampler.flush})
 * arrives ({@link Resampler.latencySamples}; at `medium` 6.3 ms when either side is 8 kHz, 3.2 ms
 * when the lower side is 16 kHz, 2.1 ms between 24 and 48 kHz).
 *
 * The `linear` preset interpolates instead of filtering (see {@link ResamplerQuality} for what that costs).
 *
 * Measured on 16-bit output (see the package README; the tests assert these): at `fast`, `medium`
 * and `high`, pass-band ripple under 0.01 dB, stop-band attenuation and sine-sweep SNR over 85 dB (the
 * rounding noise of 16 bits is at about 92 dB); at `low`, ripple under 0.1 dB, 45 dB and 50 dB; at
 * `short`, with tones to 0.88, ripple under 0.9 dB, 6 dB (tones from 1.02 of the Nyquist frequency,
 * inside its transition band; 28 dB for the images when up-sampling) and 27 dB.
 * @example
 * ```ts
 * import { Resampler } from '@voip/audio';
 * const up = new Resampler({ from: 8000, to: 48000 });
 * declare const decoded: Int16Array[]; // 20 ms frames of 160 samples from PCMU
 * for (const frame of decoded) {
 *   const wideband = up.process(frame); // about 960 samples each (fewer at first: the filter's delay)
 * }
 * const tail = up.flush(); // the last samples; the stream's total is ceil(input × 48000 / 8000)
 * ```
 */
export class Resampler {
  /** Input sample rate. */
  readonly from: ResamplerRate;
  /** Output sample rate. */
  readonly to: ResamplerRate;
  /** The filter preset. */
  readonly quality: ResamplerQuality;
  /** The input samples `process` holds back (the filter's look-ahead; 1 at `linear`), 0 when `from === to`. */
  readonly latencySamples: number;
  readonly #l: number;
  readonly #m: number;
  readonly #bank: PolyphaseBank;
  readonly #delay: number;
  readonly #pad: number;
  /** The `linear` preset's interpolator (undefined for the FIR presets and when `from === to`). */
  readonly #linear: LinearInterpolator | undefined;
  /**
   * Input history; `#buf[i]` is the input sample of absolute index `#bufStart + i`. Single precision
   * holds 16-bit samples exactly, and is what the WebAssembly kernel reads, so a run's window goes
   * there as one copy (no per-sample conversion).
   */
  #buf: Float32Array = new Float32Array(0);
  #bufStart = 0;
  #bufLen = 0;
  /** Input samples received since the start (or the last flush). */
  #received = 0;
  /** Index of the next output sample. */
  #next = 0;

  /**
   * @param options - the input and output rates (8000, 16000, 24000 or 48000) and the filter preset.
   * @throws AudioError `UNSUPPORTED_RATE` for another rate; RangeError for an unknown quality.
   */
  constructor(options: ResamplerOptions) {
    const { from, to, quality = 'medium' } = options;
    for (const rate of [from, to]) {
      if (!RATES.includes(rate)) {
        throw new AudioError('UNSUPPORTED_RATE', `the resampler converts between 8000, 16000, 24000 and 48000 Hz, not ${String(rate)}`);
      }
    }
    if (quality !== 'linear' && !Object.hasOwn(PRESETS, quality)) {
      throw new RangeError(`resampler quality must be 'linear', 'short', 'low', 'fast', 'medium' or 'high', got ${String(quality)}`);
    }
    this.from = from;
    this.to = to;
    this.quality = quality;
    const g = gcd(from, to);
    this.#l = to / g;
    this.#m = from / g;
    this.#linear = undefined;
    if (from === to || quality === 'linear') {
      this.#bank = layoutBank([]);
      this.#delay = 0;
      this.#pad = 0;
      if (from !== to) {
        this.#linear = new LinearInterpolator(this.#l, this.#m);
      }
    } else {
      const { bank, delay } = bankFor(from, to, this.#l, quality);
      this.#bank = bank;
      this.#delay = delay;
      this.#pad = this.#bank.width;
    }
    this.latencySamples = this.#linear === undefined ? Math.ceil(this.#delay / this.#l) : 1;
    this.#reset();
  }

  /**
   * Converts the next chunk of the stream (any length, 0 included) and returns the output samples it
   * completes (a new array; the last `latencySamples` input samples wait for the next chunk).
   * @param input - the next mono samples at `from` Hz.
   * @returns the output samples at `to` Hz now computable.
   * @example
   * ```ts
   * import { Resampler } from '@voip/audio';
   * const down = new Resampler({ from: 48000, to: 16000, quality: 'high' });
   * const out = down.process(new Int16Array(480)); // 10 ms in; up to 160 samples out
   * ```
   */
  process(input: Int16Array): Int16Array {
    if (this.#linear !== undefined) {
      return this.#linear.process(input);
    }
    if (this.#l === this.#m) {
      this.#received += input.length;
      return input.slice();
    }
    this.#append(input, input.length);
    return this.#emit(this.#computable());
  }

  /**
   * As {@link Resampler.process}, but writes the output into the caller's `output` instead of a new
   * array, so a stream of chunks allocates nothing; `output` needs room for
   * {@link Resampler.outputLength}`(input.length)` samples (never more than ceil(input.length × to / from)).
   * @param input - the next mono samples at `from` Hz.
   * @param output - where the output samples go, from index 0.
   * @returns the number of output samples written.
   * @throws RangeError when `output` is too short (nothing is consumed then: the stream is unchanged).
   * @example
   * ```ts
   * import { Resampler } from '@voip/audio';
   * const up = new Resampler({ from: 8000, to: 16000, quality: 'linear' });
   * const out = new Int16Array(320); // ceil(160 × 16000 / 8000): room for any 20 ms chunk
   * const n = up.processInto(new Int16Array(160), out); // out.subarray(0, n) is this chunk's output
   * ```
   */
  processInto(input: Int16Array, output: Int16Array): number {
    const count = this.outputLength(input.length);
    if (output.length < count) {
      throw new RangeError(`Resampler.processInto needs room for ${String(count)} output samples, got ${String(output.length)}`);
    }
    if (this.#linear !== undefined) {
      return this.#linear.processInto(input, output);
    }
    if (this.#l === this.#m) {
      this.#received += input.length;
      output.set(input);
      return input.length;
    }
    this.#append(input, input.length);
    return this.#emitInto(this.#computable(), output);
  }

  /**
   * How many output samples {@link Resampler.process} or {@link Resampler.processInto} would return for
   * a next chunk of `inputLength` samples (it depends on the stream's position; never more than
   * ceil(inputLength × to / from)).
   * @param inputLength - the length of the next chunk.
   * @returns the number of output samples that chunk completes.
   * @throws RangeError when `inputLength` is not a non-negative integer.
   * @example
   * ```ts
   * import { Resampler } from '@voip/audio';
   * const r = new Resampler({ from: 16000, to: 8000, quality: 'linear' });
   * const n = r.outputLength(320); // 160
   * ```
   */
  outputLength(inputLength: number): number {
    if (!Number.isSafeInteger(inputLength) || inputLength < 0) {
      throw new RangeError(`inputLength must be a non-negative integer, got ${String(inputLength)}`);
    }
    if (this.#linear !== undefined) {
      return this.#linear.outputCount(inputLength);
    }
    if (this.#l === this.#m) {
      return inputLength;
    }
    const limit = (this.#received + inputLength) * this.#l - this.#delay;
    return Math.max(0, (limit <= 0 ? 0 : Math.ceil(limit / this.#m)) - this.#next);
  }

  /**
   * Ends the stream: returns the held-back output (the input is taken as silence after its end), so
   * that the whole stream gives `ceil(inputSamples × to / from)` output samples, and starts a new stream.
   * @returns the remaining output samples.
   * @example
   * ```ts
   * import { Resampler } from '@voip/audio';
   * const r = new Resampler({ from: 16000, to: 24000 });
   * const n = r.process(new Int16Array(100)).length + r.flush().length; // 150
   * ```
   */
  flush(): Int16Array {
    if (this.#linear !== undefined) {
      return this.#linear.flush();
    }
    if (this.#l === this.#m) {
      this.#reset();
      return new Int16Array(0);
    }
    const total = Math.ceil((this.#received * this.#l) / this.#m);
    if (total > this.#next) {
      const lastIndex = Math.floor(((total - 1) * this.#m + this.#delay) / this.#l);
      const end = this.#bufStart + this.#bufLen;
      if (lastIndex >= end) {
        this.#append(undefined, lastIndex - end + 1);
      }
    }
    const out = this.#emit(total);
    this.#reset();
    return out;
  }

  /** Forgets the stream (the history and the position), as if newly constructed. */
  reset(): void {
    this.#reset();
  }

  #reset(): void {
    this.#linear?.reset();
    // The history starts with zeros before the first sample (the filter sees silence there); the
    // buffer is kept (as long as it has grown) and only its first #pad samples zeroed.
    if (this.#buf.length === 0) {
      this.#buf = new Float32Array(Math.max(64, 2 * this.#pad));
    } else {
      this.#buf.fill(0, 0, this.#pad);
    }
    this.#bufStart = -this.#pad;
    this.#bufLen = this.#pad;
    this.#received = 0;
    this.#next = 0;
  }

  /** The output index up to which (exclusive) the input received so far suffices. */
  #computable(): number {
    // Output k needs input up to floor((kM + D) / L) <= received - 1.
    const limit = this.#received * this.#l - this.#delay; // kM < limit
    return limit <= 0 ? 0 : Math.ceil(limit / this.#m);
  }

  /** Appends `count` samples (from `input`, or zeros), dropping history no later output needs. */
  #append(input: Int16Array | undefined, count: number): void {
    const keepFrom = Math.floor((this.#next * this.#m + this.#delay) / this.#l) - this.#pad + 1;
    const drop = Math.max(0, Math.min(keepFrom - this.#bufStart, this.#bufLen));
    if (drop > 0) {
      this.#buf.copyWithin(0, drop, this.#bufLen);
      this.#bufStart += drop;
      this.#bufLen -= drop;
    }
    if (this.#bufLen + count > this.#buf.length) {
      const grown = new Float32Array(Math.max(this.#bufLen + count, 2 * this.#buf.length));
      grown.set(this.#buf.subarray(0, this.#bufLen));
      this.#buf = grown;
    }
    if (input === undefined) {
      this.#buf.fill(0, this.#bufLen, this.#bufLen + count);
    } else {
      // Int16 to Float32 in one native copy (every 16-bit value is exact in single precision).
      this.#buf.set(count === input.length ? input : input.subarray(0, count), this.#bufLen);
      this.#received += count;
    }
    this.#bufLen += count;
  }

  /** Computes the output samples `#next` .. `until - 1` into a new array. */
  #emit(until: number): Int16Array {
    const out = new Int16Array(Math.max(0, until - this.#next));
    this.#emitInto(until, out);
    return out;
  }

  /** Computes the output samples `#next` .. `until - 1` into `out` (long enough); returns their count. */
  #emitInto(until: number, out: Int16Array): number {
    const count = Math.max(0, until - this.#next);
    if (count > 0) {
      const n0 = this.#next * this.#m + this.#delay;
      const phase = n0 % this.#l;
      // The window of output #next ends at input index floor(n0 / L) and is #pad samples long.
      const oldest = (n0 - phase) / this.#l - this.#bufStart - this.#pad + 1;
      const wasm = polyphaseWasmKernel();
      if (wasm === undefined || !wasm.run(this.#bank, this.#buf, this.#bufLen, phase, oldest, count, this.#m, out)) {
        runKernelJs(this.#bank, this.#buf, phase, oldest, count, this.#m, out);
      }
    }
    this.#next += count;
    return count;
  }
}
