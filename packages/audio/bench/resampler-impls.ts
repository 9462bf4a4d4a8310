/**
 * The implementations `resampler.bench.ts` compares, built from a plain description (`ImplSpec`) so
 * that the same one can be built twice: in the bench's own thread, for the quality table (every
 * implementation's output on the test signal), and in a worker thread of its own, for its time
 * (`resampler-timing-worker.ts`). Each implementation is timed alone in its own worker so that what
 * the JIT learns from one does not slow or speed another: in one shared thread, wave-resampler's
 * `resample` and the bench's float-to-int conversion see every method, rate and array type in turn
 * and run megamorphic, about twice as slow as in a program that uses one of them.
 */
// Both are CommonJS: their default import is their exports object (in Node's ESM loader and in vitest alike).
import libsamplerateJs from '@alexanderolsen/libsamplerate-js';
import waveResamplerJs from 'wave-resampler';
import { Resampler } from '../src/index.js';
import type { ResamplerQuality, ResamplerRate } from '../src/index.js';
import { buildSignal, PASSBAND, processAndFlush, testPlan } from '../test/resampler-quality.js';

/** The length of a streaming chunk, ms. */
export const CHUNK_MS = 20;

/** The libsamplerate-js converter types compared, by label. */
export const LIBSAMPLERATE_TYPES = ['SINC_BEST_QUALITY', 'SINC_MEDIUM_QUALITY', 'SINC_FASTEST'] as const;
/** The wave-resampler methods compared (each with its default low-pass: none for `linear` and `point`). */
export const WAVE_RESAMPLER_METHODS = ['sinc', 'cubic', 'linear', 'point'] as const;

/** What to build: one of our presets, a libsamplerate-js converter type or a wave-resampler method. */
export type ImplSpec =
  | { readonly kind: 'ours'; readonly quality: ResamplerQuality }
  | { readonly kind: 'libsamplerate'; readonly type: (typeof LIBSAMPLERATE_TYPES)[number] }
  | { readonly kind: 'wave-resampler'; readonly method: (typeof WAVE_RESAMPLER_METHODS)[number] };

/** One implementation for one rate pair: a whole-buffer conversion, and a streaming one where it has it. */
export interface Impl {
  readonly name: string;
  /** Converts a whole buffer (the end of the stream included). */
  block(input: Int16Array): Int16Array;
  /** Feeds the next chunk of an endless stream (output discarded), when the implementation streams. */
  chunk?: (input: Int16Array) => void;
}

/** The printed name of an implementation. */
export function implName(spec: ImplSpec): string {
  switch (spec.kind) {
    case 'ours':
      return `@voip/audio ${spec.quality}`;
    case 'libsamplerate':
      return `libsamplerate-js ${spec.type}`;
    case 'wave-resampler':
      return `wave-resampler ${spec.method}`;
  }
}

/** The implementations compared for every pair: our presets, then the peers. */
export function implSpecs(ourPresets: readonly ResamplerQuality[]): ImplSpec[] {
  return [
    ...ourPresets.map((quality): ImplSpec => ({ kind: 'ours', quality })),
    ...LIBSAMPLERATE_TYPES.map((type): ImplSpec => ({ kind: 'libsamplerate', type })),
    ...WAVE_RESAMPLER_METHODS.map((method): ImplSpec => ({ kind: 'wave-resampler', method })),
  ];
}

const { ConverterType, create } = libsamplerateJs;
const { resample } = waveResamplerJs;

function toInt16(x: ArrayLike<number>, scale: number): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const s = Math.round(x[i]! * scale);
    out[i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
  return out;
}

function ours(from: ResamplerRate, to: ResamplerRate, quality: ResamplerQuality): Impl {
  const oneShot = new Resampler({ from, to, quality });
  const stream = new Resampler({ from, to, quality });
  const chunkOut = new Int16Array(Math.ceil((to * CHUNK_MS) / 1000));
  return {
    name: implName({ kind: 'ours', quality }),
    block: (input) => processAndFlush(oneShot, input),
    chunk: (input) => {
      stream.processInto(input, chunkOut);
    },
  };
}

async function libsamplerate(from: ResamplerRate, to: ResamplerRate, type: (typeof LIBSAMPLERATE_TYPES)[number]): Promise<Impl> {
  const converterType = ConverterType[`SRC_${type}`];
  const oneShot = await create(1, from, to, { converterType });
  const stream = await create(1, from, to, { converterType });
  const chunkIn = new Float32Array((from * CHUNK_MS) / 1000);
  const chunkOut = new Float32Array(Math.ceil((to * CHUNK_MS) / 1000) + 16);
  let blockIn = new Float32Array(0);
  return {
    name: implName({ kind: 'libsamplerate', type }),
    block: (input) => {
      if (blockIn.length !== input.length) {
        blockIn = new Float32Array(input.length);
      }
      for (let i = 0; i < input.length; i++) {
        blockIn[i] = input[i]! / 32768;
      }
      return toInt16(oneShot.simple(blockIn), 32768);
    },
    chunk: (input) => {
      for (let i = 0; i < input.length; i++) {
        chunkIn[i] = input[i]! / 32768;
      }
      stream.full(chunkIn, chunkOut);
    },
  };
}

function waveResampler(from: ResamplerRate, to: ResamplerRate, method: (typeof WAVE_RESAMPLER_METHODS)[number]): Impl {
  return {
    name: implName({ kind: 'wave-resampler', method }),
    // wave-resampler filters its input in place when down-sampling: give it a copy.
    block: (input) => toInt16(resample(Float64Array.from(input), from, to, { method }), 1),
  };
}

/** Builds the implementation `spec` describes for the pair. */
export async function buildImpl(spec: ImplSpec, from: ResamplerRate, to: ResamplerRate): Promise<Impl> {
  switch (spec.kind) {
    case 'ours':
      return ours(from, to, spec.quality);
    case 'libsamplerate':
      return libsamplerate(from, to, spec.type);
    case 'wave-resampler':
      return waveResampler(from, to, spec.method);
  }
}

/** A second of the test signal at `from` (its first tones), the timed input. */
export function oneSecond(from: ResamplerRate, to: ResamplerRate): Int16Array {
  return buildSignal(from, testPlan(from, to, PASSBAND.medium)).input.subarray(0, from);
}

/** Feeds one second as 20 ms chunks to a streaming implementation. */
export function streamSecond(chunk: (input: Int16Array) => void, second: Int16Array, step: number): void {
  for (let at = 0; at < second.length; at += step) {
    chunk(second.subarray(at, at + step));
  }
}
