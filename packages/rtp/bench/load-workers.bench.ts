/**
 * Past one core (`pnpm bench`): the calls held (50 packets/s each way, SRTP, nothing lost either way
 * and both sides kept the pace: load-run.ts's `loadVerdict`) with 1 worker thread and with 2, printed
 * with the ratio.
 *
 * Each worker thread runs load-run.ts's `runLoad` for its share of the calls: its own near-side
 * multiplexer socket, and its own far side in a child process. With N workers a probe of C calls runs
 * C/N calls in each worker at the same time and holds only if every worker's run holds. The capacity
 * is searched as `findCapacity` does. These are plain worker threads, not `createRtpWorkerPool`'s,
 * but split the work the same way: each worker owns one multiplexer socket and its calls, and the
 * main thread does nothing per packet.
 *
 * Where the far side runs: child processes on the same machine, one per worker, in both runs alike,
 * so they compete for the same cores as the workers. On a machine with as many cores as near-side
 * workers, the far side takes a large share of them and the ratio understates what the near side
 * alone gains; VOIP_WORKERS_NEAR_CPUS / VOIP_WORKERS_FAR_CPUS (taskset CPU lists, Linux, when
 * `taskset` exists) pin the near side (this process and its worker threads) and the far children to
 * separate CPUs, e.g. 0-1 and 2-3 on a 4-core machine.
 *
 * The far side is load-far.ts's cheap one (pre-protected packets out, counted by sequence number in;
 * sockets in C, load-far.c, when `cc` exists),
 * and its CPU is printed apart, with the ceiling it puts on the ratio: with near-side CPU n and far
 * CPU f per near-side packet on the same 2 cores, 2 workers can reach at most 2n / (n + f) x the calls
 * of 1 (when 1 worker is bound by its one core).
 *
 * VOIP_WORKERS_SEARCH_SECONDS (default 10) sizes each probe; VOIP_WORKERS_START (default 250),
 * VOIP_WORKERS_MAX (default 8000), VOIP_WORKERS_RESOLUTION (default 25) and VOIP_WORKERS_PROBES
 * (default 6 per search) bound the search (bench/capacity-search.ts: doubling, then bisection).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bench, describe } from 'vitest';
import { formatCapacitySearch, searchCapacity, type CapacityResult, type ProbeVerdict } from './capacity-search.js';
import { defaultDeadlineSeconds, farSideDescription, loadVerdict, type LoadReport } from './load-run.js';
import { bundleWorker } from '../../../test/bundle-worker.js';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? String(fallback));
const seconds = env('VOIP_WORKERS_SEARCH_SECONDS', 10);
const start = env('VOIP_WORKERS_START', 250);
const max = env('VOIP_WORKERS_MAX', 8000);
const resolution = env('VOIP_WORKERS_RESOLUTION', 25);
const maxProbes = env('VOIP_WORKERS_PROBES', 6);
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
  const parents = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('load-far')) {
        parents.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      }
    } catch {
      // a process that went away meanwhile
    }
  }
  // The far Node processes (children of this one) and their C socket programs (their children).
  for (const [pid, ppid] of parents) {
    if (ppid === process.pid || parents.get(ppid) === process.pid) {
      taskset(farCpus, pid);
    }
  }
}

interface LoadWorker {
  run(calls: number): Promise<LoadReport>;
  stop(): Promise<void>;
}

function loadWorker(url: URL): LoadWorker {
  const thread = new Worker(url);
  let failure: Error | undefined;
  const failed = (error: Error): void => {
    failure = error;
  };
  thread.on('error', failed);
  thread.on('exit', (code) => failed(new Error(`worker thread exited (code ${code})`)));
  return {
    run: (calls) =>
      new Promise<LoadReport>((resolve, reject) => {
        if (failure !== undefined) {
          reject(failure);
          return;
        }
        const onMessage = (reply: { report?: LoadReport; error?: string }): void => {
          thread.off('error', onError);
          if (reply.report !== undefined) {
            resolve(reply.report);
          } else {
            reject(new Error(reply.error));
          }
        };
        const onError = (error: Error): void => {
          thread.off('message', onMessage);
          reject(error);
        };
        thread.once('message', onMessage);
        thread.once('error', onError);
        thread.postMessage({ calls, seconds });
      }),
    stop: async () => {
      thread.postMessage('stop');
      await thread.terminate();
    },
  };
}

/** CPU of one probe: the near process (all its threads) and the far children (summed), per near-side packet. */
interface ProbeCpu {
  readonly calls: number;
  readonly nearCpuSeconds: number;
  readonly farCpuSeconds: number;
  readonly nearPackets: number;
  readonly farSide: LoadReport['farSide'];
  /** Cores' worth of CPU the near process got over the sending time (1 = one whole core). */
  readonly nearCores: number;
}

/** One probe with `workers`: C calls split evenly (rounded up per worker), run at once; held only if every worker's run held. */
async function probeWorkers(workers: LoadWorker[], calls: number, cpu: ProbeCpu[]): Promise<ProbeVerdict> {
  const share = Math.ceil(calls / workers.length);
  const running = Promise.all(workers.map((w) => w.run(share)));
  setTimeout(pinFarSides, 3000).unref(); // the far children exist once their setup has started
  const reports = await running;
  const verdicts = reports.map(loadVerdict);
  // process.cpuUsage() in a worker is the whole process's (Node 20 has no per-thread figure): the runs
  // overlap, so the largest is the near process's total, and a worker's own per-packet figure is not shown.
  const nearCpuSeconds = Math.max(...reports.map((r) => r.cpuSeconds));
  const farCpuSeconds = reports.reduce((sum, r) => sum + r.farCpuSeconds, 0);
  const nearPackets = reports.reduce((sum, r) => sum + r.nearSent + r.nearReceived, 0);
  const nearCores = nearCpuSeconds / Math.max(...reports.map((r) => r.sendingSeconds));
  cpu.push({ calls, nearCpuSeconds, farCpuSeconds, nearPackets, farSide: reports[0]?.farSide ?? 'node', nearCores });
  const reasons = verdicts.flatMap((v, i) => v.reasons.map((reason) => (workers.length > 1 ? `worker ${i + 1}: ${reason}` : reason)));
  const detail = `${share} per worker; near process ${nearCpuSeconds.toFixed(2)} CPU s (${((nearCpuSeconds / nearPackets) * 1e6).toFixed(1)} µs/packet, ${(nearCores * 100).toFixed(0)}% of a core), far ${farCpuSeconds.toFixed(2)} CPU s; per worker: ${reports.map((r) => `near sent in ${r.sendingSeconds.toFixed(2)} s, far in ${r.farSendingSeconds.toFixed(2)} s, near socket drops ${r.nearSocketDrops}`).join(' | ')}`;
  process.stderr.write(`load-workers: ${workers.length} worker(s), ${calls} calls: ${reasons.length === 0 ? 'held' : reasons.join('; ')}\n`);
  return { held: reasons.length === 0, reasons, detail };
}

/** The calls `workers` hold together, found by the bounded search. */
async function capacity(workers: LoadWorker[]): Promise<{ result: CapacityResult; cpu: ProbeCpu[]; load: string; mainBusy: number }> {
  const cpu: ProbeCpu[] = [];
  const before = loadavg()[0] ?? NaN;
  const elu0 = performance.eventLoopUtilization();
  const result = await searchCapacity((calls) => probeWorkers(workers, calls, cpu), {
    start,
    max,
    resolution,
    maxProbes,
    probeTimeoutMs: (defaultDeadlineSeconds(seconds) + 200) * 1000,
  });
  const mainBusy = performance.eventLoopUtilization(elu0).utilization;
  return { result, cpu, load: `load average ${before.toFixed(1)} -> ${(loadavg()[0] ?? NaN).toFixed(1)}`, mainBusy };
}

/** Near and far CPU per near-side packet in the largest probe that held (or the smallest that failed). */
function cpuAt(r: { result: CapacityResult; cpu: ProbeCpu[] }): ProbeCpu | undefined {
  return r.cpu.find((c) => c.calls === r.result.calls) ?? r.cpu.find((c) => c.calls === r.result.failedAt);
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
        const results: { workers: number; result: CapacityResult; cpu: ProbeCpu[]; load: string; mainBusy: number }[] = [];
        for (const n of [1, 2]) {
          const workers = Array.from({ length: n }, () => loadWorker(bundle.url));
          try {
            results.push({ workers: n, ...(await capacity(workers)) });
          } finally {
            await Promise.all(workers.map((w) => w.stop()));
          }
        }
        console.log(`\n${farSideDescription(results[0]?.cpu[0]?.farSide ?? 'node')}; one far side per worker`);
        for (const r of results) {
          console.log(`\n${r.workers} worker(s), ${seconds} s probes (nothing lost, both sides kept the pace), ${r.load}:\n  ${formatCapacitySearch(r.result).join('\n  ')}`);
        }
        const [one, two] = results;
        const ratio = (two?.result.calls ?? 0) / Math.max(1, one?.result.calls ?? 0);
        console.log(`\n1 worker: ${one?.result.calls} calls; 2 workers: ${two?.result.calls} calls; 2 workers: ${ratio.toFixed(2)}x the calls of 1 (target 1.7x: ${ratio >= 1.7 ? 'met' : `NOT met, ${(1.7 - ratio).toFixed(2)} short`})`);
        for (const r of results) {
          const c = cpuAt(r);
          if (c !== undefined) {
            const n = (c.nearCpuSeconds / c.nearPackets) * 1e6;
            const f = (c.farCpuSeconds / c.nearPackets) * 1e6;
            console.log(
              `  ${r.workers} worker(s) at ${c.calls} calls: near process ${n.toFixed(1)} µs and far side ${f.toFixed(1)} µs CPU per near-side packet (far ${((f / (n + f)) * 100).toFixed(0)}% of the CPU); the near process got ${(c.nearCores * 100).toFixed(0)}% of a core; the ceiling of 2 workers / 1 worker with the far side on the same 2 cores, 2n / (n + f): ${((2 * n) / (n + f)).toFixed(2)}x`,
            );
          }
        }
        if (one !== undefined && two !== undefined) {
          const low = two.result.calls / Math.max(1, one.result.failedAt ?? one.result.calls);
          const high = two.result.failedAt === undefined || one.result.calls === 0 ? Infinity : two.result.failedAt / one.result.calls;
          console.log(`  from the brackets the searches ended with, the true ratio is ${Number.isFinite(high) ? `between ${low.toFixed(2)}x and ${high.toFixed(2)}x` : `at least ${low.toFixed(2)}x`}`);
        }
        const [c1, c2] = [one === undefined ? undefined : cpuAt(one), two === undefined ? undefined : cpuAt(two)];
        if (c1 !== undefined && c2 !== undefined) {
          console.log(`  CPU the scheduler gave the near process: ${(c1.nearCores * 100).toFixed(0)}% of a core with 1 worker, ${(c2.nearCores * 100).toFixed(0)}% with 2 (${(c2.nearCores / c1.nearCores).toFixed(2)}x): 2 workers can hold more calls only as far as they get more CPU (machine load average now ${(loadavg()[0] ?? NaN).toFixed(1)} on ${availableParallelism()} cores)`);
        }
        console.log(`  2 workers reach 1.7x only if the far side costs <= ${((2 / 1.7 - 1) * 100).toFixed(0)}% of the near side's CPU per packet (2n / (n + f) >= 1.7), or runs on other cores`);
        console.log(
          `  the main thread only starts the workers and collects their reports (no dispatch during a probe: each worker owns its socket and its calls); its event loop was busy ${results.map((r) => `${(r.mainBusy * 100).toFixed(1)}%`).join(' and ')} of the searches' time`,
        );
        console.log(`  far side: one per worker (a child process, and its C socket program when built), ${farCpus === undefined ? 'on the same cores as the workers' : `pinned to CPUs ${farCpus}`}; near side ${nearCpus === undefined ? 'unpinned' : `pinned to CPUs ${nearCpus}`}\n`);
      } finally {
        await bundle.dispose();
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0, throws: true },
  );
});
