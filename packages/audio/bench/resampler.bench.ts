/**
 * The resampler against the npm resamplers `@alexanderolsen/libsamplerate-js` (2.1.2, libsamplerate
 * compiled to WebAssembly: SRC_SINC_BEST_QUALITY, _MEDIUM_QUALITY, _FASTEST) and `wave-resampler`
 * (1.0.0, JavaScript: 'sinc' and 'cubic' with their default low-pass, 'linear' and 'point' with none,
 * their default too), for 8->16, 16->8, 8->48, 48->8 and 24->16 kHz.
 *
 * First a table per pair: every implementation's quality on the same test signal (measured by
 * test/resampler-quality.ts, as the resampler's tests measure ours against sox: pass-band ripple, stop
 * band, sweep SNR, all on 16-bit output) beside its time per second of audio (median of repeated 1 s
 * blocks and, where it streams, of 1 s as 50 chunks of 20 ms through one stateful converter: this run);
 * for each peer, the fastest of our presets whose figures are all at least the peer's and the ratio of
 * its time to the peer's; and for wave-resampler's `linear` and `point` (no filter) the ratio of our
 * `linear`'s time to theirs, with the figures on which it is worse if any.
 *
 * Each implementation is timed alone, in a worker thread of its own (resampler-isolated-timing.ts), the
 * workers taking turns of about 2 ms of back-to-back runs each: in one shared thread the JIT's knowledge of one implementation slows another
 * (see resampler-impls.ts). All take and give 16-bit PCM, so the peers' float conversions (into buffers
 * allocated once) are part of their time; streaming, ours writes into a buffer allocated once too
 * (`processInto`), as libsamplerate's `full` does. Compare ratios within one run: the machine is shared.
 *
 * Then vitest's benchmarks of our presets alone (a 1 s block, and 1 s as 20 ms chunks), to follow our
 * own speed from run to run; the peers are in the table only, since vitest times every benchmark of a
 * file in one thread.
 */
import { bench, describe } from 'vitest';
import type { ResamplerQuality, ResamplerRate } from '../src/index.js';
import { polyphaseWasmKernel } from '../src/polyphase-kernel-wasm.js';
import { atLeastAsGood, buildSignal, FLOOR_DB, measure, PASSBAND, round, shortfalls, testPlan, TOLERANCE_DB } from '../test/resampler-quality.js';
import type { Figures } from '../test/resampler-quality.js';
import { buildImpl, CHUNK_MS, implSpecs, oneSecond, streamSecond } from './resampler-impls.js';
import type { Impl } from './resampler-impls.js';
import { bundleTimingWorker, isolatedMedianMs } from './resampler-isolated-timing.js';
import type { IsolatedTimes } from './resampler-isolated-timing.js';

const PAIRS: [ResamplerRate, ResamplerRate][] = [
  [8000, 16000],
  [16000, 8000],
  [8000, 48000],
  [48000, 8000],
  [24000, 16000],
];
/** Our presets, cheapest first. */
const OUR_PRESETS: readonly ResamplerQuality[] = ['linear', 'short', 'low', 'fast', 'medium', 'high'];
const SPECS = implSpecs(OUR_PRESETS);

interface Row extends Figures {
  name: string;
  /** Time per second of audio in 1 s blocks, ms. */
  msPerSecond: number;
  /** Time per second of audio as 20 ms chunks, ms (NaN when the implementation does not stream). */
  streamMsPerSecond: number;
}

/** The quality of each implementation on the pair's test signal (here), beside its time (`times`, taken alone in a worker). */
function qualityTable(from: ResamplerRate, to: ResamplerRate, impls: Impl[], times: IsolatedTimes): Row[] {
  const { input } = buildSignal(from, testPlan(from, to, PASSBAND.medium));
  return impls.map((impl, i) => ({
    name: impl.name,
    ...round(measure(from, to, PASSBAND.medium, impl.block(input))),
    msPerSecond: times.block[i]!,
    streamMsPerSecond: times.stream[i]!,
  }));
}

console.log(
  `@voip/audio FIR kernel in this run: ${polyphaseWasmKernel() === undefined ? 'JavaScript (no WebAssembly SIMD here)' : 'WebAssembly SIMD (f32x4)'}`,
);

// The times first, every pair's, while this thread holds next to nothing: its garbage collector's
// background threads would otherwise share the two cores with the worker being timed.
const timesOf = new Map<string, IsolatedTimes>();
const timingWorker = await bundleTimingWorker();
try {
  for (const [from, to] of PAIRS) {
    timesOf.set(`${from}->${to}`, await isolatedMedianMs(timingWorker.url, SPECS, from, to));
  }
} finally {
  await timingWorker.dispose();
}

const all = new Map<string, Impl[]>();
for (const [from, to] of PAIRS) {
  all.set(`${from}->${to}`, await Promise.all(SPECS.map((spec) => buildImpl(spec, from, to))));
}

/** The peers without a real filter, timed against our `linear` whatever the figures say (the issue names them). */
const VERSUS_LINEAR = new Set(['wave-resampler linear', 'wave-resampler point']);

for (const [from, to] of PAIRS) {
  const impls = all.get(`${from}->${to}`)!;
  const rows = qualityTable(from, to, impls, timesOf.get(`${from}->${to}`)!);
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
    for (const impl of impls.filter((i) => i.name.startsWith('@voip/audio'))) {
      bench(impl.name, () => {
        impl.block(second);
      });
    }
  });
  describe(`Resampler ${from} -> ${to} Hz, 1 s as 20 ms chunks (streaming)`, () => {
    for (const impl of impls.filter((i) => i.name.startsWith('@voip/audio'))) {
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
