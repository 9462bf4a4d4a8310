/**
 * The load run as a one-iteration vitest bench (`pnpm bench`): SRTP calls at 50 packets/s each way
 * through one multiplexer socket on loopback (500 calls by default: 25,000 packets/s in and 25,000 out),
 * then the same run with the library taken out (the floor: bare node:dgram, pre-built datagrams), the
 * pacing harness alone, and a search for the calls one process holds. Prints each report, the ratio of
 * our CPU per packet to the floor's, the SRTP protect + unprotect cost per packet beside werift-rtp and
 * libsrtp in C (srtp-cpu.ts), and "calls per process".
 *
 * The far side is separate and deliberately cheap (pre-protected packets out, counting by sequence
 * number in; load-far.ts, with its sockets in C, load-far.c, when `cc` exists; VOIP_LOAD_FAR=node
 * keeps them in Node, which also authenticates a sample); its CPU is printed apart from the near side's.
 *
 * VOIP_LOAD_SECONDS (default 20) and VOIP_LOAD_CALLS (default 500) size the main runs;
 * VOIP_LOAD_SEARCH_SECONDS (default 10) sizes each capacity probe, VOIP_LOAD_SEARCH_START (250),
 * VOIP_LOAD_SEARCH_MAX (8000), VOIP_LOAD_SEARCH_RESOLUTION (50) and VOIP_LOAD_SEARCH_PROBES (7) bound
 * the search (doubling, then bisection); VOIP_LOAD_SEARCH=0 skips it, VOIP_LOAD_SEARCH_FLOOR=1 also
 * searches what the floor holds. The calls hand received packets over in one reused object
 * (`reuseReceivedPackets: true`); VOIP_LOAD_RECEIVE=fresh runs everything with the `RtpCall` default (a
 * new packet object per packet) instead, and VOIP_LOAD_ALSO_FRESH=1 adds a main run in that mode beside
 * the reused one; VOIP_LOAD_ALSO_PLAIN=1 adds one with the same calls without SRTP, to split the cost
 * over the floor into SRTP's share and the rest. Every probe ends in bounded time
 * (each side stops sending at 1.1 x its media time + 1 s).
 */
import { bench, describe } from 'vitest';
import { cpuBoundCalls, findCapacity, formatLoadReport, harnessCpuPer1000Packets, runLoad } from './load-run.js';
import { formatSrtpCpuRow, srtpCpuRow } from './srtp-cpu.js';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? String(fallback));
const seconds = env('VOIP_LOAD_SECONDS', 20);
const calls = env('VOIP_LOAD_CALLS', 500);
const searchSeconds = env('VOIP_LOAD_SEARCH_SECONDS', 10);
const search = {
  start: env('VOIP_LOAD_SEARCH_START', 250),
  max: env('VOIP_LOAD_SEARCH_MAX', 8000),
  resolution: env('VOIP_LOAD_SEARCH_RESOLUTION', 50),
  maxProbes: env('VOIP_LOAD_SEARCH_PROBES', 7),
};

/** The target: 2,500 SRTP calls in one process. */
const TARGET_CALLS = 2500;

/** Whether the search met the target and, if not, by how much and what the CPU figures say about why. */
function targetNote(held: number, oursUs: number, floorUs: number, coreShare: number): string {
  if (held >= TARGET_CALLS) {
    return `target ${TARGET_CALLS} calls per process: met (${held})`;
  }
  const needUs = 1e6 / (TARGET_CALLS * 100);
  return [
    `target ${TARGET_CALLS} calls per process: NOT met, ${TARGET_CALLS - held} calls short (${((held / TARGET_CALLS) * 100).toFixed(0)}% of it).`,
    `  ${TARGET_CALLS} calls are ${TARGET_CALLS * 100} packets/s sent + received: <= ${needUs.toFixed(1)} µs of CPU per packet on one whole core.`,
    `  Measured: ${oursUs.toFixed(1)} µs with the library (one core: at most ${cpuBoundCalls(oursUs)} calls), ${floorUs.toFixed(1)} µs for bare node:dgram (at most ${cpuBoundCalls(floorUs)} calls${floorUs > needUs ? ': the target is below what node:dgram alone costs here' : ''});`,
    `  the near side had ${(coreShare * 100).toFixed(0)}% of a core on average in the main run (the machine is shared), which lowers the calls held further.`,
  ].join('\n');
}

describe('load: SRTP calls through one RtpMultiplexer socket, against the floor', () => {
  bench(
    `${calls} calls x 50 packets/s each way, ${seconds} s; floor; capacity`,
    async () => {
      const library = await runLoad({ calls, packetsPerSecond: 50, seconds });
      console.log(`\n${formatLoadReport(library)}\n`);
      const floor = await runLoad({ calls, packetsPerSecond: 50, seconds, mode: 'floor' });
      console.log(`${formatLoadReport(floor)}\n`);
      const fresh = library.receivedPackets === 'reused' && process.env.VOIP_LOAD_ALSO_FRESH === '1' ? await runLoad({ calls, packetsPerSecond: 50, seconds, receivedPackets: 'fresh' }) : undefined;
      if (fresh !== undefined) {
        console.log(`${formatLoadReport(fresh)}\n`);
      }
      const plain = process.env.VOIP_LOAD_ALSO_PLAIN === '1' ? await runLoad({ calls, packetsPerSecond: 50, seconds, srtp: false }) : undefined;
      if (plain !== undefined) {
        console.log(`${formatLoadReport(plain)}\n`);
      }
      const harness = await harnessCpuPer1000Packets(calls, 50, Math.min(seconds, 10));
      const ours = library.cpuSecondsPer1000Packets;
      const bare = floor.cpuSecondsPer1000Packets;
      console.log(
        [
          `per-packet CPU (CPU s per 1,000 packets sent + received, near side):`,
          `  @voip/rtp + @voip/srtp (received packets ${library.receivedPackets}): ${ours.toFixed(4)}   floor (bare node:dgram): ${bare.toFixed(4)}   ratio: ${(ours / bare).toFixed(2)}x the floor`,
          ...(fresh === undefined ? [] : [`  the same with fresh received packets (the RtpCall default): ${fresh.cpuSecondsPer1000Packets.toFixed(4)}   ratio: ${(fresh.cpuSecondsPer1000Packets / bare).toFixed(2)}x the floor`]),
          ...(plain === undefined ? [] : [`  the same calls without SRTP (not the issue's figure): ${plain.cpuSecondsPer1000Packets.toFixed(4)}   ratio: ${(plain.cpuSecondsPer1000Packets / bare).toFixed(2)}x the floor`]),
          `  pacing harness alone: ${harness.toFixed(4)} (in both figures; without it the ratio is ${((ours - harness) / Math.max(1e-9, bare - harness)).toFixed(2)}x)`,
          `  CPU-bound ceiling of one core at these costs: ${cpuBoundCalls(ours * 1000)} calls (library), ${cpuBoundCalls(bare * 1000)} calls (floor); 2,500 calls need <= ${(1e6 / (2500 * 100)).toFixed(1)} µs per packet`,
          `  far side (its own process, not in the figures above): ${library.farCpuSeconds.toFixed(2)} CPU s in the library run, ${floor.farCpuSeconds.toFixed(2)} in the floor run (near side: ${library.cpuSeconds.toFixed(2)} and ${floor.cpuSeconds.toFixed(2)})`,
        ].join('\n'),
      );
      // The SRTP share of the path, against werift-rtp and libsrtp in C (see srtp-cpu.ts).
      console.log(`\n${formatSrtpCpuRow(srtpCpuRow())}`);
      if (process.env.VOIP_LOAD_SEARCH !== '0') {
        const capacity = await findCapacity({ ...search, seconds: searchSeconds });
        console.log(`\ncapacity search (${searchSeconds} s probes, at most ${search.maxProbes}; held = nothing lost either way and both sides kept the pace):\n  ${capacity.probes.join('\n  ')}`);
        console.log(`calls per process: ${capacity.calls}${capacity.result.atMax ? '+' : ''} (at 50 packets/s each way, AES_CM_128_HMAC_SHA1_80, nothing lost)`);
        console.log(`${targetNote(capacity.calls, ours * 1000, bare * 1000, library.cpuSeconds / library.sendingSeconds)}\n`);
        if (process.env.VOIP_LOAD_SEARCH_FLOOR === '1') {
          const bareCapacity = await findCapacity({ ...search, seconds: searchSeconds, mode: 'floor' });
          console.log(`floor capacity search (bare node:dgram near side, same probes):\n  ${bareCapacity.probes.join('\n  ')}`);
          console.log(`floor: ${bareCapacity.calls}${bareCapacity.result.atMax ? '+' : ''} calls per process with the library taken out\n`);
        }
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0, throws: true },
  );
});
