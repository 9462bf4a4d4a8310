/**
 * A worker thread that times one resampler implementation alone (see resampler-impls.ts for why
 * alone). `workerData`: `{ spec, from, to }`. It builds the implementation, warms it up, posts
 * `{ ready: true, streams }`, then for each `{ mode: 'block' | 'stream' }` it receives runs one second
 * of audio that way (a 1 s block, or 50 chunks of 20 ms through one converter) and posts the wall time
 * in ms; `{ mode: 'exit' }` ends it.
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
  const t0 = performance.now();
  run();
  port.postMessage(performance.now() - t0);
});
port.postMessage({ ready: true, streams: chunk !== undefined });
