/**
 * The load run as a one-iteration vitest bench (`pnpm bench`): 500 concurrent SRTP calls at 50 packets/s
 * each way (25,000 packets/s in and 25,000 out) through one multiplexer socket on loopback. Duration
 * from VOIP_LOAD_SECONDS (default 30). Prints packets lost, CPU seconds per 1,000 packets and RSS per call.
 * There is no peer library to compare with here: the figures are absolute.
 */
import { bench, describe } from 'vitest';
import { formatLoadReport, runLoad } from './load-run.js';

const seconds = Number(process.env.VOIP_LOAD_SECONDS ?? '30');
const calls = Number(process.env.VOIP_LOAD_CALLS ?? '500');

describe('load: SRTP calls through one RtpMultiplexer socket', () => {
  bench(
    `${calls} calls x 50 packets/s each way, ${seconds} s`,
    async () => {
      const report = await runLoad({ calls, packetsPerSecond: 50, seconds });
      console.log(`\n${formatLoadReport(report)}\n`);
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0, throws: true },
  );
});
