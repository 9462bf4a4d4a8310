/**
 * The resampler against the npm resamplers `@alexanderolsen/libsamplerate-js` (2.1.2, libsamplerate
 * compiled to WebAssembly: SRC_SINC_BEST_QUALITY, _MEDIUM_QUALITY, _FASTEST) and `wave-resampler`
 * (1.0.0, JavaScript: 'sinc', 'cubic', 'linear', 'point', each with its default low-pass), for
 * 8->16, 16->8, 8->48, 48->8 and 24->16 kHz.
 *
 * Before the benchmarks, a table: every implementation's quality on the same test signal (measured by
 * test/resampler-quality.ts, as the resampler's tests measure ours against sox: pass-band ripple, stop
 * band, sweep SNR, all on 16-bit output) beside its time per second of audio (median of repeated 1 s
 * blocks and, where it streams, 20 ms chunks; this run) and, for each peer, the fastest of our presets whose figures are all at least the
 * peer's and the ratio of its time to the peer's, and for wave-resampler's `linear` and `point` (no real filter) the ratio of
 * our `linear`'s time to theirs, with the figures on which it is worse if any. Then vitest's benchmarks: a 1 s block per call,
 * and (where the peer streams: libsamplerate's `full` API; wave-resampler converts whole buffers only)
 * 1 s of audio as 50 chunks of 20 ms through one stateful converter per call. All take and give 16-bit
 * PCM, so the peers' float conversions (into buffers allocated once) are part of their time; streaming, ours
 * writes into a buffer allocated once too (`processInto`), as libsamplerate's `full` does. Compare
 * ratios within one run: the machine is shared.
 */
import { ConverterType, create } from '@alexanderolsen/libsamplerate-js';
import { resample } from 'wave-resampler';
import { bench, describe } from 'vitest';
import { Resampler } from '../src/index.js';
import { polyphaseWasmKernel } from '../src/polyphase-kernel-wasm.js';
import type { ResamplerQuality, ResamplerRate } from '../src/index.js';
import { buildSignal, measure, PASSBAND, processAndFlush, round, testPlan } from '../test/resampler-quality.js';
import { medianMs } from './turns.js';
import type { Figures } from '../test/resampler-quality.js';

const PAIRS: [ResamplerRate, ResamplerRate][] = [
  [8000, 16000],
  [16000, 8000],
  [8000, 48000],
  [48000, 8000],
  [24000, 16000],
];
const CHUNK_MS = 20;

/** One implementation for one rate pair: a whole-buffer conversion, and a streaming one where it has it. */
interface Impl {
  readonly name: string;
  /** Converts a whole buffer (the end of the stream included). */
  block(input: Int16Array): Int16Array;
  /** Feeds the next chunk of an endless stream (output discarded), when the implementation streams. */
  chunk?: (input: Int16Array) => void;
}

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
    name: `@voip/audio ${quality}`,
    block: (input) => processAndFlush(oneShot, input),
    chunk: (input) => {
      stream.processInto(input, chunkOut);
    },
  };
}

/** libsamplerate's converter type (its entry point does not export the type's name). */
type ConverterTypeValue = (typeof ConverterType)[keyof typeof ConverterType];

const LIBSAMPLERATE: [string, ConverterTypeValue][] = [
  ['SINC_BEST_QUALITY', ConverterType.SRC_SINC_BEST_QUALITY],
  ['SINC_MEDIUM_QUALITY', ConverterType.SRC_SINC_MEDIUM_QUALITY],
  ['SINC_FASTEST', ConverterType.SRC_SINC_FASTEST],
];

async function libsamplerate(from: ResamplerRate, to: ResamplerRate, label: string, converterType: ConverterTypeValue): Promise<Impl> {
  const oneShot = await create(1, from, to, { converterType });
  const stream = await create(1, from, to, { converterType });
  const chunkIn = new Float32Array((from * CHUNK_MS) / 1000);
  const chunkOut = new Float32Array(Math.ceil((to * CHUNK_MS) / 1000) + 16);
  let blockIn = new Float32Array(0);
  return {
    name: `libsamplerate-js ${label}`,
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

function waveResampler(from: ResamplerRate, to: ResamplerRate, method: 'sinc' | 'cubic' | 'linear' | 'point'): Impl {
  return {
    name: `wave-resampler ${method}`,
    // wave-resampler filters its input in place when down-sampling: give it a copy.
    block: (input) => toInt16(resample(Float64Array.from(input), from, to, { method }), 1),
  };
}

async function implementations(from: ResamplerRate, to: ResamplerRate): Promise<Impl[]> {
  const list: Impl[] = (['linear', 'low', 'fast', 'medium', 'high'] as const).map((q) => ours(from, to, q));
  for (const [label, type] of LIBSAMPLERATE) {
    list.push(await libsamplerate(from, to, label, type));
  }
  for (const method of ['sinc', 'cubic', 'linear', 'point'] as const) {
    list.push(waveResampler(from, to, method));
  }
  return list;
}

/** A second of the test signal at `from` (its first tones), the benchmarks' input. */
function oneSecond(from: ResamplerRate, to: ResamplerRate): Int16Array {
  return buildSignal(from, testPlan(from, to, PASSBAND.medium)).input.subarray(0, from);
}

interface Row extends Figures {
  name: string;
  /** Time per second of audio in 1 s blocks, ms. */
  msPerSecond: number;
  /** Time per second of audio as 20 ms chunks, ms (NaN when the implementation does not stream). */
  streamMsPerSecond: number;
}

/** Feeds one second as 20 ms chunks to a streaming implementation. */
function streamSecond(chunk: (input: Int16Array) => void, second: Int16Array, step: number): void {
  for (let at = 0; at < second.length; at += step) {
    chunk(second.subarray(at, at + step));
  }
}

function qualityTable(from: ResamplerRate, to: ResamplerRate, impls: Impl[]): Row[] {
  const { input } = buildSignal(from, testPlan(from, to, PASSBAND.medium));
  const second = oneSecond(from, to);
  const step = (from * CHUNK_MS) / 1000;
  const times = medianMs(impls.map((impl) => () => impl.block(second)));
  const streaming = impls.filter((impl) => impl.chunk !== undefined);
  const streamTimes = medianMs(streaming.map((impl) => () => streamSecond(impl.chunk!, second, step)));
  return impls.map((impl, i) => {
    const s = streaming.indexOf(impl);
    return {
      name: impl.name,
      ...round(measure(from, to, PASSBAND.medium, impl.block(input))),
      msPerSecond: times[i]!,
      streamMsPerSecond: s < 0 ? NaN : streamTimes[s]!,
    };
  });
}

console.log(
  `@voip/audio FIR kernel in this run: ${polyphaseWasmKernel() === undefined ? 'JavaScript (no WebAssembly SIMD here)' : 'WebAssembly SIMD (f32x4)'}`,
);

const all = new Map<string, Impl[]>();
for (const [from, to] of PAIRS) {
  all.set(`${from}->${to}`, await implementations(from, to));
}

/**
 * Stop band and sweep SNR at or above this count as equal: on 16-bit output the rounding noise (92.9 dB
 * below these tones) dominates there, so filters that good cannot be told apart by what they output.
 */
const FLOOR_DB = 89;
/** Below the floor, figures within this many dB count as equal. */
const TOLERANCE_DB = 1;

/** The figures on which `a` is worse than `b`: ripple larger (by over 0.001 dB), stop band or SNR lower (see above). */
function shortfalls(a: Figures, b: Figures): string[] {
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

/** True when `a` is at least as good as `b` on every figure: ripple no larger (to 0.001 dB), stop band and SNR. */
function atLeastAsGood(a: Figures, b: Figures): boolean {
  return shortfalls(a, b).length === 0;
}

/** The peers without a real filter, timed against our `linear` whatever the figures say (the issue names them). */
const VERSUS_LINEAR = new Set(['wave-resampler linear', 'wave-resampler point']);

for (const [from, to] of PAIRS) {
  const impls = all.get(`${from}->${to}`)!;
  const rows = qualityTable(from, to, impls);
  const mine = rows.filter((r) => r.name.startsWith('@voip/audio'));
  const linear = rows.find((r) => r.name === '@voip/audio linear')!;
  const versusLinear: string[] = [];
  console.log(
    `\nresampler ${from} -> ${to} Hz: quality on the same signal (tones and sweep to 0.88 of ${Math.min(from, to) / 2} Hz), time per second of audio (1 s blocks, and 20 ms chunks where it streams); ` +
      `for each peer, the fastest of our presets at least as good on every figure (stop band and SNR equal at >= ${FLOOR_DB} dB, else within ${TOLERANCE_DB} dB) and its time / the peer's`,
  );
  const slower: string[] = [];
  console.table(
    rows.map((r) => {
      const match = r.name.startsWith('@voip/audio') ? undefined : mine.filter((m) => atLeastAsGood(m, r)).sort((a, b) => a.msPerSecond - b.msPerSecond)[0];
      if (match !== undefined && match.msPerSecond >= r.msPerSecond) {
        slower.push(`${r.name} in 1 s blocks (${(match.msPerSecond / r.msPerSecond).toFixed(2)})`);
      }
      if (match !== undefined && match.streamMsPerSecond >= r.streamMsPerSecond) {
        slower.push(`${r.name} streaming (${(match.streamMsPerSecond / r.streamMsPerSecond).toFixed(2)})`);
      }
      const vsLinear = VERSUS_LINEAR.has(r.name);
      if (vsLinear) {
        const worse = shortfalls(linear, r);
        versusLinear.push(
          `${r.name} ${(linear.msPerSecond / r.msPerSecond).toFixed(2)} (${worse.length === 0 ? 'at least as good' : `worse on ${worse.join(', ')}`})`,
        );
      }
      return {
        implementation: r.name,
        'ripple dB': r.rippleDb,
        'stop band dB': r.stopbandDb,
        'sweep SNR dB': r.sweepSnrDb,
        'ms per s': +r.msPerSecond.toFixed(3),
        'ours at equal or better quality': match === undefined ? '' : match.name.replace('@voip/audio ', ''),
        'ours time / peer': match === undefined ? '' : +(match.msPerSecond / r.msPerSecond).toFixed(2),
        'ms per s, 20 ms chunks': Number.isNaN(r.streamMsPerSecond) ? '' : +r.streamMsPerSecond.toFixed(3),
        'ours / peer, 20 ms chunks': match === undefined || Number.isNaN(r.streamMsPerSecond) ? '' : +(match.streamMsPerSecond / r.streamMsPerSecond).toFixed(2),
        'linear / peer': vsLinear ? +(linear.msPerSecond / r.msPerSecond).toFixed(2) : '',
      };
    }),
  );
  console.log(`${from} -> ${to} Hz: ours at equal or better quality is slower than: ${slower.length === 0 ? 'none' : slower.join(', ')}`);
  console.log(`${from} -> ${to} Hz: our linear's time / the peer's (1 s blocks), and its figures against the peer's: ${versusLinear.join('; ')}`);
}

for (const [from, to] of PAIRS) {
  const impls = all.get(`${from}->${to}`)!;
  const second = oneSecond(from, to);
  const step = (from * CHUNK_MS) / 1000;
  describe(`Resampler ${from} -> ${to} Hz, a 1 s block`, () => {
    for (const impl of impls) {
      bench(impl.name, () => {
        impl.block(second);
      });
    }
  });
  describe(`Resampler ${from} -> ${to} Hz, 1 s as 20 ms chunks (streaming)`, () => {
    for (const impl of impls) {
      const chunk = impl.chunk;
      if (chunk === undefined) {
        continue;
      }
      bench(impl.name, () => {
        streamSecond(chunk, second, step);
      });
    }
  });
}
