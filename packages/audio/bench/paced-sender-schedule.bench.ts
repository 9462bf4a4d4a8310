/**
 * The paced sender's schedule error as a one-iteration vitest bench (`pnpm bench`): 500 PacedSenders
 * on the shared MediaScheduler against 500 `setInterval(20)` loops, one phase after the other in one
 * run, each VOIP_SCHEDULE_SECONDS long (default 60; VOIP_SCHEDULE_STREAMS, default 500), then the floor:
 * a bare 1 ms timer chain as long. Prints the mean, p99 and worst deadline miss of each, the ratios,
 * and the GC pauses and event loop delay seen in each phase (see paced-sender-schedule.ts). And the
 * floor outside Node (timer-floor.c, built with `cc` when it exists): C programs sleeping to absolute
 * 1 ms deadlines, one pinned to each CPU in a process of its own, once during the PacedSender phase
 * (what the machine did to a tiny idle process on each CPU in the very seconds the senders ran) and
 * once alone after the phases.
 */
import { bench, describe } from 'vitest';
import { formatScheduleReport, intervalPhase, pacedPhase, timerFloorPhase, turnCostMs } from './paced-sender-schedule.js';
import { buildTimerFloor, runTimerFloorPerCpu } from './timer-floor.js';

const seconds = Number(process.env.VOIP_SCHEDULE_SECONDS ?? '60');
const streams = Number(process.env.VOIP_SCHEDULE_STREAMS ?? '500');

describe('schedule: PacedSenders on one shared scheduler against setInterval(20) loops', () => {
  bench(
    `${streams} streams, ${seconds} s per phase`,
    async () => {
      const native = buildTimerFloor();
      if ('reason' in native) {
        console.log(`\nschedule: the C floor (bench/timer-floor.c) is left out: ${native.reason}`);
      }
      try {
        const interval = await intervalPhase(streams, seconds);
        // The C programs (one pinned to each CPU) run in their own processes through the paced phase (their figures are read at the end).
        const concurrentFloor = runTimerFloorPerCpu(native, 1, seconds);
        const paced = await pacedPhase(streams, seconds);
        const concurrent = await concurrentFloor;
        const floor = await timerFloorPhase(seconds);
        const alone = await runTimerFloorPerCpu(native, 1, seconds);
        const turnMs = turnCostMs(streams);
        console.log(`\n${formatScheduleReport(streams, seconds, paced, interval, turnMs, floor, { concurrent, alone })}\n`);
      } finally {
        if ('dispose' in native) {
          native.dispose();
        }
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0, throws: true },
  );
});
