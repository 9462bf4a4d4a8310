/**
 * The load run as a one-iteration vitest bench (`pnpm bench`): SRTP calls at 50 packets/s each way
 * through one multiplexer socket on loopback (500 calls by default: 25,000 packets/s in and 25,000 out),
 * then the same run with the library taken out (the floor: bare node:dgram, pre-built datagrams), the
 * pacing harness alone, and a search for the calls one process holds. Prints each report, the ratio of
 * our CPU per packet to the floor's, the SRTP protect + unprotect cost per packet beside werift-rtp and
 * libsrtp in C (srtp-cpu.ts), and "calls per process".
 *
 * VOIP_LOAD_SECONDS (default 30) and VOIP_LOAD_CALLS (default 500) size the main runs;
 * VOIP_LOAD_SEARCH_SECONDS (default 10) sizes each capacity probe, VOIP_LOAD_SEARCH=0 skips the search.
 */
import { bench, describe } from 'vitest';
import { findCapacity, formatLoadReport, harnessCpuPer1000Packets, runLoad } from './load-run.js';
import { formatSrtpCpuRow, srtpCpuRow } from './srtp-cpu.js';

const seconds = Number(process.env.VOIP_LOAD_SECONDS ?? '30');
const calls = Number(process.env.VOIP_LOAD_CALLS ?? '500');
const searchSeconds = Number(process.env.VOIP_LOAD_SEARCH_SECONDS ?? '10');

describe('load: SRTP calls through one RtpMultiplexer socket, against the floor', () => {
  bench(
    `${calls} calls x 50 packets/s each way, ${seconds} s; floor; capacity`,
    async () => {
      const library = await runLoad({ calls, packetsPerSecond: 50, seconds });
      console.log(`\n${formatLoadReport(library)}\n`);
      const floor = await runLoad({ calls, packetsPerSecond: 50, seconds, mode: 'floor' });
      console.log(`${formatLoadReport(floor)}\n`);
      const harness = await harnessCpuPer1000Packets(calls, 50, Math.min(seconds, 10));
      const ours = library.cpuSecondsPer1000Packets;
      const bare = floor.cpuSecondsPer1000Packets;
      console.log(
        [
          `per-packet CPU (CPU s per 1,000 packets sent + received, near side):`,
          `  @voip/rtp + @voip/srtp: ${ours.toFixed(4)}   floor (bare node:dgram): ${bare.toFixed(4)}   ratio: ${(ours / bare).toFixed(2)}x the floor`,
          `  pacing harness alone: ${harness.toFixed(4)} (in both figures; without it the ratio is ${((ours - harness) / Math.max(1e-9, bare - harness)).toFixed(2)}x)`,
        ].join('\n'),
      );
      // The SRTP share of the path, against werift-rtp and libsrtp in C (see srtp-cpu.ts).
      console.log(`\n${formatSrtpCpuRow(srtpCpuRow())}`);
      if (process.env.VOIP_LOAD_SEARCH !== '0') {
        const capacity = await findCapacity({ start: 500, max: 6000, seconds: searchSeconds, resolution: 250 });
        console.log(`\ncapacity search (${searchSeconds} s probes, nothing lost and the pace held):\n  ${capacity.probes.join('\n  ')}`);
        console.log(`calls per process: ${capacity.calls} (AES_CM_128_HMAC_SHA1_80, 20 ms packets both ways)\n`);
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0, throws: true },
  );
});
