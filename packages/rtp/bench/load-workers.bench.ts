/**
 * Past one core (`pnpm bench`): the calls held (50 packets/s each way, SRTP, nothing lost either way
 * and the pace held: load-run.ts's `loadHeld`) with 1 worker thread and with 2, printed with the ratio.
 *
 * Each worker thread runs load-run.ts's `runLoad` for its share of the calls: its own near-side
 * multiplexer socket, and its own far side in a child process. With N workers a probe of C calls runs
 * C/N calls in each worker at the same time and holds only if every worker's run holds. The capacity
 * is searched as `findCapacity` does (grow by half until a probe fails, then bisect).
 *
 * Where the far side runs: child processes on the same machine, one per worker, in both runs alike,
 * so they compete for the same cores as the workers. On a machine with as many cores as near-side
 * workers, the far side takes a large share of them and the ratio understates what the near side
 * alone gains; VOIP_WORKERS_NEAR_CPUS / VOIP_WORKERS_FAR_CPUS (taskset CPU lists, Linux, when
 * `taskset` exists) pin the near side (this process and its worker threads) and the far children to
 * separate CPUs, e.g. 0-1 and 2-3 on a 4-core machine.
 *
 * VOIP_WORKERS_SEARCH_SECONDS (default 10) sizes each probe; VOIP_WORKERS_START (default 500),
 * VOIP_WORKERS_MAX (default 8000) and VOIP_WORKERS_RESOLUTION (default 250) bound the search.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bench, describe } from 'vitest';
import { loadHeld, type LoadReport } from './load-run.js';
import { bundleWorker } from './load-workers-bundle.js';

const seconds = Number(process.env.VOIP_WORKERS_SEARCH_SECONDS ?? '10');
const start = Number(process.env.VOIP_WORKERS_START ?? '500');
const max = Number(process.env.VOIP_WORKERS_MAX ?? '8000');
const resolution = Number(process.env.VOIP_WORKERS_RESOLUTION ?? '250');
const nearCpus = process.env.VOIP_WORKERS_NEAR_CPUS;
const farCpus = process.env.VOIP_WORKERS_FAR_CPUS;

function taskset(cpus: string, pid: number): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  } catch {
    process.stderr.write(`load-workers: taskset ${cpus} ${pid} failed; not pinned\n`);
  }
}

/** Pins every far-side child (load-far.js) of this process to `farCpus`, when asked. */
function pinFarSides(): void {
  if (farCpus === undefined) {
    return;
  }
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('load-far.js')) {
        taskset(farCpus, Number(pid));
      }
    } catch {
      // a process that went away meanwhile
    }
  }
}

interface LoadWorker {
  run(calls: number): Promise<LoadReport>;
  stop(): Promise<void>;
}

function loadWorker(url: URL): LoadWorker {
  const thread = new Worker(url);
  return {
    run: (calls) =>
      new Promise<LoadReport>((resolve, reject) => {
        thread.once('message', (reply: { report?: LoadReport; error?: string }) => (reply.report !== undefined ? resolve(reply.report) : reject(new Error(reply.error))));
        thread.postMessage({ calls, seconds });
      }),
    stop: async () => {
      thread.postMessage('stop');
      await thread.terminate();
    },
  };
}

/** The calls `n` workers hold together, found as findCapacity does. */
async function capacity(workers: LoadWorker[]): Promise<{ calls: number; probes: string[] }> {
  const probes: string[] = [];
  const probe = async (calls: number): Promise<boolean> => {
    const share = Math.ceil(calls / workers.length);
    const running = Promise.all(workers.map((w) => w.run(share)));
    setTimeout(pinFarSides, 3000).unref(); // the far children exist once their setup has started
    const reports = await running;
    const held = reports.every(loadHeld);
    const detail = reports.map((r) => `lost ${r.lostToFar}/${r.lostToNear}, ${r.sendingSeconds.toFixed(2)} s`).join('; ');
    probes.push(`${share * workers.length} calls (${share} per worker): ${held ? 'held' : 'failed'} (${detail})`);
    process.stderr.write(`load-workers: ${workers.length} worker(s): ${probes[probes.length - 1]!}\n`);
    return held;
  };
  let good = 0;
  let bad = max + resolution;
  for (let n = start; n <= max; n = Math.ceil((n * 1.5) / resolution) * resolution) {
    if (!(await probe(n))) {
      bad = n;
      break;
    }
    good = n;
  }
  while (bad - good > resolution) {
    const mid = Math.round((good + bad) / 2 / resolution) * resolution;
    if (mid <= good || mid >= bad) {
      break;
    }
    if (await probe(mid)) {
      good = mid;
    } else {
      bad = mid;
    }
  }
  return { calls: good, probes };
}

describe('past one core: calls held by worker threads', () => {
  bench(
    `capacity with 1 and 2 worker threads (${seconds} s probes)`,
    async () => {
      if (nearCpus !== undefined) {
        taskset(nearCpus, process.pid);
      }
      // In packages/rtp/, so load-run.ts's own paths (../../ from the module) and `typescript` resolve.
      const bundle = await bundleWorker(new URL('./load-workers-worker.ts', import.meta.url), { dir: fileURLToPath(new URL('../', import.meta.url)), external: ['typescript'] });
      try {
        const results: { workers: number; calls: number; probes: string[] }[] = [];
        for (const n of [1, 2]) {
          const workers = Array.from({ length: n }, () => loadWorker(bundle.url));
          try {
            results.push({ workers: n, ...(await capacity(workers)) });
          } finally {
            await Promise.all(workers.map((w) => w.stop()));
          }
        }
        const [one, two] = results;
        for (const r of results) {
          console.log(`\n${r.workers} worker(s), ${seconds} s probes (nothing lost, pace held):\n  ${r.probes.join('\n  ')}\n  => ${r.calls} calls`);
        }
        const ratio = (two?.calls ?? 0) / Math.max(1, one?.calls ?? 0);
        console.log(`\n1 worker: ${one?.calls} calls; 2 workers: ${two?.calls} calls; 2 workers: ${ratio.toFixed(2)}x the calls of 1`);
        console.log(`  far side: one child process per worker, ${farCpus === undefined ? 'on the same cores as the workers' : `pinned to CPUs ${farCpus}`}; near side ${nearCpus === undefined ? 'unpinned' : `pinned to CPUs ${nearCpus}`}\n`);
      } finally {
        await bundle.dispose();
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0, throws: true },
  );
});
