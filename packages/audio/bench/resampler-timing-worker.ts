/**
 * A worker thread that times one resampler implementation alone (see resampler-impls.ts for why
 * alone). `workerData`: `{ spec, from, to }`. It builds the implementation, warms it up, posts
 * `{ ready: true, streams }`, then for each `{ mode: 'block' | 'stream' }` it receives converts one
 * second of audio that way (a 1 s block, or 50 chunks of 20 ms through one converter) several times
 * back to back, as many as take about `TURN_MS` (at least once), and posts the mean wall time of one,
 * in ms; `{ mode: 'exit' }` ends it. Back to back, as a benchmark loop runs: a single run of 0.05 ms
 * timed alone right after the thread wakes up varies by 2x or more from turn to turn on this kind of
 * machine (caches and the core it wakes on), which hid the differences being measured.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ResamplerRate } from '../src/index.js';
import { buildImpl, CHUNK_MS, oneSecond, streamSecond } from './resampler-impls.js';
import type { ImplSpec } from './resampler-impls.js';

/** What the worker is given. */
export interface TimingWorkerData {
  readonly spec: ImplSpec;
  readonly from: ResamplerRate;
  readonly to: ResamplerRate;
}

/** One run to time. */
export interface TimingRequest {
  readonly mode: 'block' | 'stream' | 'exit';
}

/** Warm-up before the first timed run: this long, or this many runs of each mode, whichever ends first. */
const WARM_UP_MS = 300;
const WARM_UP_RUNS = 200;
/** The length a turn's runs aim at, ms. */
const TURN_MS = 2;

const port = parentPort;
if (port === null) {
  throw new Error('resampler-timing-worker.ts runs as a worker thread');
}
const { spec, from, to } = workerData as TimingWorkerData;
const impl = await buildImpl(spec, from, to);
const second = oneSecond(from, to);
const step = (from * CHUNK_MS) / 1000;
const chunk = impl.chunk;
const runs = {
  block: (): void => {
    impl.block(second);
  },
  stream: chunk === undefined ? undefined : (): void => streamSecond(chunk, second, step),
};
const warmEnd = performance.now() + WARM_UP_MS;
for (let i = 0; i < WARM_UP_RUNS && performance.now() < warmEnd; i++) {
  runs.block();
  runs.stream?.();
}

/** How many runs of `run` take about TURN_MS (from the median of a few timed after the warm-up). */
function repetitions(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  const one = times.sort((x, y) => x - y)[4]!;
  return Math.max(1, Math.min(200, Math.ceil(TURN_MS / Math.max(one, 1e-3))));
}
const reps = { block: repetitions(runs.block), stream: runs.stream === undefined ? 0 : repetitions(runs.stream) };
port.on('message', (request: TimingRequest) => {
  if (request.mode === 'exit') {
    port.close();
    return;
  }
  const run = runs[request.mode];
  if (run === undefined) {
    port.postMessage(Number.NaN);
    return;
  }
  const n = reps[request.mode];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    run();
  }
  port.postMessage((performance.now() - t0) / n);
});
port.postMessage({ ready: true, streams: chunk !== undefined });
