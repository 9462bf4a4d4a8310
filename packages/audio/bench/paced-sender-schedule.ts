/**
 * The schedule run of `paced-sender-schedule.bench.ts`: N PacedSenders on the shared MediaScheduler
 * (one timer), each sending 20 ms PCMU frames of queued audio (topped up a second at a time) into a
 * cheap sink (the frame's send time is recorded; no socket), against N `setInterval(20)` loops doing the same per-frame
 * work (encoding 160 samples into a buffer kept for the stream, as the senders' `reuseFrames` does), one
 * phase after the other in one process, all streams of a phase started in the same few milliseconds.
 * For every frame, its first included: how late it went out against its own deadline (a sender's
 * frame: its `deadlineMs`, first + n × 20 ms from the phase the scheduler placed it at; a loop's
 * frame n: the loop's start + n × 20 ms). Also watched during each phase: garbage
 * collection pauses (PerformanceObserver `gc`), the event loop's delay (`monitorEventLoopDelay`) and
 * the process's CPU share, to tell what a late frame waited for; and, apart, the CPU cost of one
 * scheduler turn sending a frame of every stream (`turnCostMs`). The floor (`timerFloorPhase`): one bare
 * 1 ms `setTimeout` chain in the same process with nothing else to do, each timer's lateness against
 * its own deadline: what this machine lets any timer in a Node process reach, media or not.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { MediaScheduler, PCMU, PacedSender } from '../src/index.js';
import { monotonicOf, type LatenessFigures, type NativeFloor } from './timer-floor.js';

const PTIME = 20;

/** Deadline misses of one phase, ms (its frames are the events). */
export interface ScheduleSummary extends LatenessFigures {
  /** The worst frame's deadline, `performance.now()` ms. */
  readonly worstAtMs: number;
  /** The worst miss of the frames due after the phase's first second (past the JIT's warm-up and the start). */
  readonly worstAfterFirstSecondMs: number;
  /** Slots not sent at all (a sender more than `maxBurst` frames behind skips the older ones). */
  readonly skippedSlots: number;
  /** Garbage collections during the phase and the longest, ms. */
  readonly gcCount: number;
  readonly gcWorstMs: number;
  /** The event loop's delay (how late a 10 ms probe timer ran): p99 and max, ms. */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** CPU time the process used over the phase's wall time (1 = one core busy all the time). */
  readonly cpuShare: number;
}

/** Misses recorded into a preallocated array: the measurement allocates nothing per frame. */
class Misses {
  readonly values: Float64Array;
  length = 0;
  /** Frames due from this time on count for `worstAfterFirstSecond`. */
  readonly afterMs = performance.now() + 1000;
  worstAfterFirstSecond = 0;
  worst = 0;
  worstAtMs = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  /** A frame due at `deadlineMs` went out `ms` after it. */
  add(ms: number, deadlineMs: number): void {
    if (this.length < this.values.length) {
      this.values[this.length++] = ms > 0 ? ms : 0;
    }
    if (ms > this.worst) {
      this.worst = ms;
      this.worstAtMs = deadlineMs;
    }
    if (deadlineMs >= this.afterMs && ms > this.worstAfterFirstSecond) {
      this.worstAfterFirstSecond = ms;
    }
  }
}

async function watched(run: () => Promise<Misses>, skipped: () => number = () => 0): Promise<ScheduleSummary> {
  let gcCount = 0;
  let gcWorstMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcCount++;
      gcWorstMs = Math.max(gcWorstMs, e.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const misses = await run();
  const cpu = process.cpuUsage(cpu0);
  const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
  loop.disable();
  gc.disconnect();
  const sorted = misses.values.subarray(0, misses.length).sort();
  let sum = 0;
  let over5Ms = 0;
  for (const x of sorted) {
    sum += x;
    over5Ms += x > 5 ? 1 : 0;
  }
  const n = sorted.length;
  return {
    frames: n,
    meanMs: n === 0 ? 0 : sum / n,
    p99Ms: n === 0 ? 0 : sorted[Math.floor(n * 0.99)]!,
    p999Ms: n === 0 ? 0 : sorted[Math.floor(n * 0.999)]!,
    worstMs: n === 0 ? 0 : sorted[n - 1]!,
    over5Ms,
    worstAtMs: misses.worstAtMs,
    worstAfterFirstSecondMs: misses.worstAfterFirstSecond,
    skippedSlots: skipped(),
    gcCount,
    gcWorstMs,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    cpuShare,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * N PacedSenders on the shared scheduler, each with `seconds` of audio queued.
 * @param streams - senders
 * @param seconds - length of the phase
 */
export function pacedPhase(streams: number, seconds: number): Promise<ScheduleSummary> {
  let skippedSlots = 0;
  return watched(async () => {
    const misses = new Misses(streams * Math.ceil((seconds * 1000) / PTIME + 10));
    // The application writes a second of audio whenever less than 100 ms is queued (as a TTS engine
    // would), rather than the whole phase up front: 500 copies of 60 s would be 480 MB of queued PCM
    // for the garbage collector to walk, and its pauses would be the bench's own doing.
    const second = new Int16Array(8000).fill(1000);
    const senders: PacedSender[] = [];
    for (let s = 0; s < streams; s++) {
      // Each frame against its own slot's deadline (a slot skipped after a stall is counted as
      // skipped, not as lateness of every later frame). The sink keeps nothing of the frame, so the
      // sender may reuse it.
      const sender: PacedSender = new PacedSender({
        codec: PCMU,
        ptimeMs: PTIME,
        scheduler: MediaScheduler.shared,
        reuseFrames: true,
        send: (frame) => {
          misses.add(performance.now() - frame.deadlineMs, frame.deadlineMs);
          if (sender.queuedMs < 100) {
            sender.write(second);
          }
        },
      });
      sender.write(second);
      senders.push(sender);
    }
    for (const s of senders) {
      s.start();
    }
    await sleep(seconds * 1000);
    for (const s of senders) {
      s.stop();
      skippedSlots += s.stats.slotsSkipped;
    }
    return misses;
  }, () => skippedSlots);
}

/**
 * N `setInterval(20)` loops, each encoding a 20 ms frame per callback (a sender's work).
 * @param streams - loops
 * @param seconds - length of the phase
 */
export function intervalPhase(streams: number, seconds: number): Promise<ScheduleSummary> {
  return watched(async () => {
    const misses = new Misses(streams * Math.ceil((seconds * 1000) / PTIME + 10));
    const timers: ReturnType<typeof setInterval>[] = [];
    const frame = new Int16Array(8 * PTIME).fill(1000);
    for (let s = 0; s < streams; s++) {
      const enc = PCMU.createEncoder();
      const payload = new Uint8Array(8 * PTIME);
      const start = performance.now();
      let n = 0;
      timers.push(
        setInterval(() => {
          n++;
          enc.encode(frame, payload);
          const deadline = start + n * PTIME;
          misses.add(performance.now() - deadline, deadline);
        }, PTIME),
      );
    }
    await sleep(seconds * 1000);
    for (const t of timers) {
      clearInterval(t);
    }
    return misses;
  });
}

/**
 * The floor: one bare 1 ms `setTimeout` chain, nothing else running in the process, for `seconds`; each
 * timer's miss is how late it ran against the deadline it was set for (the time it was set + 1 ms).
 * @param seconds - length of the phase
 */
export function timerFloorPhase(seconds: number): Promise<ScheduleSummary> {
  return watched(
    () =>
      new Promise<Misses>((resolve) => {
        const misses = new Misses(Math.ceil(seconds * 1000) + 10);
        const end = performance.now() + seconds * 1000;
        let due = performance.now() + 1;
        const tick = (): void => {
          const now = performance.now();
          misses.add(now - due, due);
          if (now >= end) {
            resolve(misses);
            return;
          }
          due = now + 1;
          setTimeout(tick, 1);
        };
        setTimeout(tick, 1);
      }),
  );
}

/**
 * What one scheduler turn costs: `streams` senders due at once on a private scheduler with a fake
 * clock and timer (no waiting, no other work), the median time of a turn over 50 frame periods.
 * @param streams - senders
 * @returns the median turn, ms (the CPU work of sending one frame of every stream)
 */
export function turnCostMs(streams: number): number {
  let t = 0;
  let fire: (() => void) | undefined;
  const scheduler = new MediaScheduler({
    now: () => t,
    setTimer: (fn) => {
      fire = fn;
      return 1;
    },
    clearTimer: () => {
      fire = undefined;
    },
  });
  const second = new Int16Array(8000).fill(1000);
  const senders: PacedSender[] = [];
  for (let s = 0; s < streams; s++) {
    const sender: PacedSender = new PacedSender({
      codec: PCMU,
      scheduler,
      reuseFrames: true,
      send: () => {
        if (sender.queuedMs < 100) {
          sender.write(second);
        }
      },
    });
    sender.write(second);
    sender.start();
    senders.push(sender);
  }
  const turns: number[] = [];
  for (let i = 0; i < 50; i++) {
    t += PTIME;
    const f = fire;
    fire = undefined;
    const t0 = performance.now();
    f?.();
    turns.push(performance.now() - t0);
  }
  for (const s of senders) {
    s.stop();
  }
  turns.sort((a, b) => a - b);
  return turns[turns.length >> 1]!;
}

/**
 * The C floor (bench/timer-floor.c) of a run, one program pinned to each CPU: during the paced phase
 * and alone after the phases (each entry its figures, or why there are none).
 */
export interface NativeFloors {
  readonly concurrent: readonly (NativeFloor | string)[];
  readonly alone: readonly (NativeFloor | string)[];
}

/**
 * How much of [fromMs, toMs] (CLOCK_MONOTONIC) the C floors' stalls over 2 ms (each program's 64
 * longest) covered, counting time that several covered once, ms, and how many stalls touched it.
 */
function stalledDuring(floors: readonly NativeFloor[], fromMs: number, toMs: number): { ms: number; count: number } {
  const spans: [number, number][] = [];
  for (const c of floors) {
    for (const [at, late] of c.stalls) {
      const from = Math.max(fromMs, at);
      const to = Math.min(toMs, at + late);
      if (to > from) {
        spans.push([from, to]);
      }
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  let ms = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to > end) {
      ms += to - Math.max(from, end);
      end = to;
    }
  }
  return { ms, count: spans.length };
}

/**
 * The report of one run: each phase's figures and the ratios.
 * @param streams - streams per phase
 * @param seconds - seconds per phase
 * @param paced - the PacedSender phase
 * @param interval - the setInterval phase
 * @param turnMs - the CPU cost of one scheduler turn (`turnCostMs`)
 * @param floor - the bare timer chain (`timerFloorPhase`)
 * @param native - the C floor (bench/timer-floor.c), when the bench ran it
 * @returns printable lines
 */
export function formatScheduleReport(
  streams: number,
  seconds: number,
  paced: ScheduleSummary,
  interval: ScheduleSummary,
  turnMs: number,
  floor: ScheduleSummary,
  native?: NativeFloors,
): string {
  const f = (x: number): string => x.toFixed(2);
  const row = (name: string, s: ScheduleSummary): string =>
    `${name} frames ${s.frames} (${s.skippedSlots} slots skipped), miss mean ${f(s.meanMs)} ms, p99 ${f(s.p99Ms)} ms, p99.9 ${f(s.p999Ms)} ms, worst ${f(s.worstMs)} ms (after the first second ${f(s.worstAfterFirstSecondMs)} ms), ${s.over5Ms} over 5 ms; ` +
    `GC ${s.gcCount}x, longest ${f(s.gcWorstMs)} ms; event loop delay p99 ${f(s.loopDelayP99Ms)} ms, max ${f(s.loopDelayMaxMs)} ms; CPU ${(s.cpuShare * 100).toFixed(0)} % of a core`;
  const cRow = (name: string, c: NativeFloor | string): string =>
    typeof c === 'string'
      ? `${name} not run: ${c}`
      : `${name}${c.cpu >= 0 ? ` CPU ${c.cpu}:` : ''} wake-ups ${c.frames} (every ${c.periodMs} ms, ${c.seconds} s), late mean ${f(c.meanMs)} ms, p99 ${f(c.p99Ms)} ms, p99.9 ${f(c.p999Ms)} ms, worst ${f(c.worstMs)} ms, ${c.over5Ms} over 5 ms, ${c.stallCount} stalls over 2 ms`;
  const lines = [
    `schedule: ${streams} streams, ${seconds} s per phase, 20 ms PCMU frames into a counting sink (no socket)`,
    row('  setInterval(20) loops:          ', interval),
    row('  PacedSender, shared scheduler:  ', paced),
    row('  floor, a bare 1 ms timer chain: ', floor),
  ];
  if (native !== undefined) {
    lines.push(
      ...native.concurrent.map((c) => cRow('  C floor (clock_nanosleep to absolute deadlines, own process pinned to one CPU), during the PacedSender phase,', c)),
      ...native.alone.map((c) => cRow('  C floor, alone after the phases,', c)),
    );
  }
  lines.push(
    `  ratio PacedSender / setInterval: mean ${(paced.meanMs / interval.meanMs).toFixed(4)}, p99 ${(paced.p99Ms / interval.p99Ms).toFixed(4)}, worst ${(paced.worstMs / interval.worstMs).toFixed(4)}`,
    `  one scheduler turn (a frame of each of the ${streams} senders, fake clock, nothing else running): median ${f(turnMs)} ms`,
    `  worst PacedSender miss ${paced.worstMs <= 5 ? 'within' : 'OVER'} the 5 ms worst-miss target` +
      (paced.worstMs > 5 && paced.loopDelayMaxMs > 5 ? ` (the event loop itself was up to ${f(paced.loopDelayMaxMs)} ms late: GC and the machine's other load)` : ''),
    `  the floor's worst: ${f(floor.worstMs)} ms, ${floor.worstMs <= 5 ? 'within' : 'OVER'} 5 ms (a timer with nothing else to do in the process: what this machine allows)`,
  );
  const cs = (native?.concurrent ?? []).filter((c): c is NativeFloor => typeof c !== 'string');
  if (cs.length > 0) {
    const worst = Math.max(...cs.map((c) => c.worstMs));
    const over5 = cs.reduce((n, c) => n + c.over5Ms, 0);
    const at = monotonicOf(paced.worstAtMs);
    const st = stalledDuring(cs, at, at + paced.worstMs);
    const gap = paced.worstMs - worst;
    const who = cs.length === 1 ? 'a C program' : `${cs.length} C programs (one pinned to each CPU)`;
    lines.push(
      `  verdict: the PacedSenders' worst miss, ${f(paced.worstMs)} ms, is ${gap <= 0 ? `no worse than (${f(-gap)} ms under)` : `within ${f(gap)} ms of`} the worst ${who} sleeping to absolute deadlines saw in the same seconds, ${f(worst)} ms` +
        ` (${over5} of their wake-ups over 5 ms; ` +
        (st.count === 0
          ? 'none of their 64 longest stalls over 2 ms each fell while that frame waited)'
          : `their stalls over 2 ms covered ${f(st.ms)} ms of the ${f(paced.worstMs)} ms that frame waited, ${f(paced.worstMs - st.ms)} ms not)`),
    );
  }
  return lines.join('\n');
}
