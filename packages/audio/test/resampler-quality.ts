/**
 * The resampler's quality measurements, shared by its tests (resampler.test.ts, against sox) and the
 * benchmark against the npm resamplers (bench/resampler.bench.ts): one long test signal per rate pair
 * (pass-band tones, stop-band or image-producing tones, a sweep, separated by silence) and the
 * figures measured on a conversion's 16-bit output: pass-band ripple, stop-band attenuation, sweep SNR.
 */
import type { Resampler, ResamplerQuality } from '../src/index.js';
import { chirp, db, fitSine, rms, sine } from './signal.js';

/** Quality figures of one conversion, measured on one long test signal (tones and a sweep, separated by silence). */
export interface Figures {
  rippleDb: number;
  stopbandDb: number;
  sweepSnrDb: number;
}

/**
 * The pass-band edges of the presets, as fractions of the lower Nyquist frequency (tones and sweep stay below);
 * `linear` has no filter, so its figure is where its tests measure it (the lower half of the band).
 */
export const PASSBAND: Record<ResamplerQuality, number> = { linear: 0.5, short: 0.9, low: 0.8, fast: 0.8, medium: 0.9, high: 0.92 };
export const AMPLITUDE = 16000;
export const SEGMENT_S = 0.25;
export const GAP_S = 0.05;
export const EDGE_S = 0.02;

/** The test signal for a pair: pass-band tones, stop-band (or image-producing) tones, a sweep. */
export function testPlan(from: number, to: number, passband: number): { passTones: number[]; stopTones: number[]; sweep: [number, number] } {
  const nyquist = Math.min(from, to) / 2;
  const passTones = Array.from({ length: 10 }, (_, i) => 100 + (((passband - 0.02) * nyquist - 100) * i) / 9);
  // Down: tones above the output's Nyquist must vanish. Up: every tone's image (from - f) must.
  const stopTones = to < from ? Array.from({ length: 4 }, (_, i) => nyquist * (1.02 + (0.96 * (from / 2 - nyquist * 1.02) * i) / 3 / nyquist)) : [300, 0.5 * nyquist, (passband - 0.05) * nyquist];
  return { passTones, stopTones, sweep: [100, (passband - 0.05) * nyquist] };
}

export function buildSignal(from: number, plan: ReturnType<typeof testPlan>): { input: Int16Array; starts: number[] } {
  const seg = Math.round(SEGMENT_S * from);
  const gap = Math.round(GAP_S * from);
  const parts: Int16Array[] = [];
  const starts: number[] = [];
  let at = 0;
  const add = (x: Int16Array): void => {
    starts.push(at);
    parts.push(x, new Int16Array(gap));
    at += x.length + gap;
  };
  [...plan.passTones, ...plan.stopTones].forEach((f) => add(sine(f, from, seg, AMPLITUDE)));
  add(Int16Array.from(chirp(plan.sweep[0], plan.sweep[1], 4 * SEGMENT_S, from, AMPLITUDE), (v) => Math.round(v)));
  const input = new Int16Array(at);
  let o = 0;
  for (const p of parts) {
    input.set(p, o);
    o += p.length;
  }
  return { input, starts };
}

export function measure(from: number, to: number, passband: number, output: Int16Array): Figures {
  const plan = testPlan(from, to, passband);
  const { starts } = buildSignal(from, plan);
  const edge = Math.round(EDGE_S * to);
  const segment = (i: number, seconds: number): { y: Int16Array; t0: number } => {
    const t0 = Math.round((starts[i]! * to) / from) + edge;
    return { y: output.subarray(t0, t0 + Math.round(seconds * to) - 2 * edge), t0 };
  };
  const gains = plan.passTones.map((f, i) => {
    const { y, t0 } = segment(i, SEGMENT_S);
    return db(fitSine(y, f, to, t0).amplitude, AMPLITUDE);
  });
  const stop = plan.stopTones.map((f, j) => {
    const { y, t0 } = segment(plan.passTones.length + j, SEGMENT_S);
    const leak = to < from ? rms(y) : fitSine(y, f, to, t0).residualRms;
    // Below the rounding noise of 16-bit output (1/sqrt(12) LSB rms) is reported as that floor (92.9 dB here).
    return db(AMPLITUDE / Math.SQRT2, Math.max(leak, 1 / Math.sqrt(12)));
  });
  const { y, t0 } = segment(plan.passTones.length + plan.stopTones.length, 4 * SEGMENT_S);
  const sweepStart = starts[plan.passTones.length + plan.stopTones.length]!;
  const ideal = chirp(plan.sweep[0], plan.sweep[1], 4 * SEGMENT_S, to, AMPLITUDE).subarray(t0 - Math.round((sweepStart * to) / from));
  const err = rms(Float64Array.from(y, (v, i) => v - ideal[i]!));
  return {
    rippleDb: Math.max(...gains) - Math.min(...gains),
    stopbandDb: Math.min(...stop),
    sweepSnrDb: db(rms(y), err),
  };
}

/**
 * Stop band and sweep SNR at or above this count as equal: on 16-bit output the rounding noise (92.9 dB
 * below these tones) dominates there, so filters that good cannot be told apart by what they output.
 */
export const FLOOR_DB = 89;
/** Below the floor, figures within this many dB count as equal. */
export const TOLERANCE_DB = 1;

/** The figures on which `a` is worse than `b`: ripple larger (by over 0.001 dB), stop band or SNR lower (see above). */
export function shortfalls(a: Figures, b: Figures): string[] {
  const cap = (x: number): number => Math.min(x, FLOOR_DB);
  const worse: string[] = [];
  if (a.rippleDb > b.rippleDb + 0.001) {
    worse.push('ripple');
  }
  if (cap(a.stopbandDb) < cap(b.stopbandDb) - TOLERANCE_DB) {
    worse.push('stop band');
  }
  if (cap(a.sweepSnrDb) < cap(b.sweepSnrDb) - TOLERANCE_DB) {
    worse.push('SNR');
  }
  return worse;
}

/** True when `a` is at least as good as `b` on every figure (the benchmark's rule): ripple no larger (to 0.001 dB), stop band and SNR. */
export function atLeastAsGood(a: Figures, b: Figures): boolean {
  return shortfalls(a, b).length === 0;
}

export const round = (f: Figures): Figures => ({ rippleDb: +f.rippleDb.toFixed(4), stopbandDb: +f.stopbandDb.toFixed(1), sweepSnrDb: +f.sweepSnrDb.toFixed(1) });

/** All of a resampler's output for `input` given at once: what `process` gives, then what `flush` gives. */
export function processAndFlush(r: Resampler, input: Int16Array): Int16Array {
  const a = r.process(input);
  const b = r.flush();
  const out = new Int16Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A resampler's output for `input` fed in chunks of the lengths in `cuts` (cycled), then flushed. */
export function processInChunks(r: Resampler, input: Int16Array, cuts: readonly number[]): number[] {
  const got: number[] = [];
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const len = cuts[i % cuts.length]!;
    got.push(...r.process(input.subarray(at, at + len)));
    at += len;
  }
  got.push(...r.flush());
  return got;
}
