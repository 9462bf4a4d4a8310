/**
 * Times every implementation of a rate pair in a worker thread of its own (resampler-timing-worker.ts,
 * bundled once per run with esbuild, since Node 20 runs no TypeScript in a worker). The workers take
 * turns, one turn each per round (about 2 ms of runs back to back, see the worker), as `medianMs` in
 * turns.ts does in one thread, so that the machine's varying load falls on all alike; only one of them
 * runs at a time, the others wait for a message.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleWorker } from '../../../test/bundle-worker.js';
import type { BundledWorker } from '../../../test/bundle-worker.js';
import type { ResamplerRate } from '../src/index.js';
import type { ImplSpec } from './resampler-impls.js';
import type { TimingRequest, TimingWorkerData } from './resampler-timing-worker.js';

/** Median times of each implementation, ms per second of audio (NaN for `stream` where it does not stream). */
export interface IsolatedTimes {
  readonly block: number[];
  readonly stream: number[];
}

/** The peers stay packages for Node to resolve from this package's folder (one of them loads WebAssembly). */
const EXTERNAL = ['@alexanderolsen/libsamplerate-js', 'wave-resampler'];

/** Bundles the timing worker; `dispose` removes the bundle. */
export function bundleTimingWorker(): Promise<BundledWorker> {
  return bundleWorker(new URL('./resampler-timing-worker.ts', import.meta.url), {
    dir: fileURLToPath(new URL('../', import.meta.url)),
    external: EXTERNAL,
  });
}

/** A started timing worker: one run of a mode per `time` call. */
interface TimingWorker {
  readonly streams: boolean;
  time(mode: 'block' | 'stream'): Promise<number>;
  close(): Promise<void>;
}

async function startWorker(url: URL, data: TimingWorkerData): Promise<TimingWorker> {
  const thread = new Worker(url, { workerData: data });
  let pending: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  const next = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
    });
  thread.on('message', (value: unknown) => {
    const p = pending;
    pending = undefined;
    p?.resolve(value);
  });
  const fail = (error: Error): void => {
    const p = pending;
    pending = undefined;
    p?.reject(error);
  };
  thread.on('error', fail);
  // A worker that ends without an answer (killed, or a crash that is no exception) must not leave the bench waiting.
  thread.on('exit', (code) => fail(new Error(`resampler timing worker for ${JSON.stringify(data.spec)} exited (${String(code)}) without an answer`)));
  const ready = (await next()) as { ready: true; streams: boolean };
  const send = (request: TimingRequest): void => thread.postMessage(request);
  return {
    streams: ready.streams,
    time: async (mode) => {
      const reply = next();
      send({ mode });
      return (await reply) as number;
    },
    close: async () => {
      send({ mode: 'exit' });
      await thread.terminate();
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.length === 0 ? Number.NaN : sorted[sorted.length >> 1]!;
}

/** Turns of one run each, at least 7 rounds and about `budgetMs` in all; the medians. */
async function inTurns(workers: TimingWorker[], mode: 'block' | 'stream', budgetMs: number): Promise<number[]> {
  const times: number[][] = workers.map(() => []);
  const start = performance.now();
  for (let turn = 0; turn < 7 || (performance.now() - start < budgetMs && turn < 200); turn++) {
    for (const [i, worker] of workers.entries()) {
      if (mode === 'block' || worker.streams) {
        times[i]!.push(await worker.time(mode));
      }
    }
  }
  return times.map(median);
}

/**
 * The median time of a 1 s block and of 1 s as 20 ms chunks for each implementation in `specs`, each
 * timed alone in its own worker thread, the workers taking turns.
 */
export async function isolatedMedianMs(url: URL, specs: readonly ImplSpec[], from: ResamplerRate, to: ResamplerRate, budgetMs = 2000): Promise<IsolatedTimes> {
  const workers: TimingWorker[] = [];
  try {
    for (const spec of specs) {
      workers.push(await startWorker(url, { spec, from, to }));
    }
    const block = await inTurns(workers, 'block', budgetMs);
    const stream = await inTurns(workers, 'stream', budgetMs);
    return { block, stream };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}
