/**
 * Load run: N concurrent SRTP calls at R packets/s each, in both directions, through ONE near-side
 * multiplexer socket on loopback. The far side (load-far.ts) runs in a child process with one small
 * socket per call (the near multiplexer routes by remote address, so every call needs its own remote
 * endpoint); its sources are transpiled with `typescript` into a temp dir, since Node 20 cannot run
 * TypeScript itself.
 *
 * Measured in the near-side process only: packets lost (sent − delivered, per direction), CPU seconds
 * per 1,000 packets (process.cpuUsage over the run / packets the near side sent and received), and
 * resident memory per call (RSS growth while the near side's calls are set up / calls).
 *
 * The same harness measures the floor (`mode: 'floor'`: the near side's sockets, pacing and counts with
 * the library taken out), the pacing harness alone (`harnessCpuPer1000Packets`) and the calls one
 * process holds (`findCapacity`), so `pnpm bench` prints our CPU per packet as a ratio of the floor's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { createSrtpSessionPair, generateSrtpKeyingMaterial } from '@voip/srtp';
import { RtpCall, RtpMultiplexer } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import type { FarMessage, FarReply } from './load-far.js';
import { paceCalls, type PacedSender } from './load-pacing.js';

export interface LoadOptions {
  readonly calls: number;
  readonly packetsPerSecond: number;
  readonly seconds: number;
  readonly suite?: string;
  /**
   * `'library'` (default): the near side is one `RtpMultiplexer` with an SRTP `RtpCall` per call.
   * `'floor'`: the same socket setup, pacing and counts, but the near side only sends pre-built
   * datagrams of the same size and counts what arrives (bare `node:dgram`): what the path costs when
   * the library does nothing.
   */
  readonly mode?: 'library' | 'floor';
}

export interface LoadReport {
  readonly mode: 'library' | 'floor';
  readonly calls: number;
  readonly packetsPerSecond: number;
  readonly seconds: number;
  readonly suite: string;
  readonly nearSent: number;
  readonly nearReceived: number;
  readonly farSent: number;
  readonly farReceived: number;
  readonly lostToNear: number;
  readonly lostToFar: number;
  readonly cpuSeconds: number;
  /** Wall time the near side took to send its share (> seconds when it could not keep the pace). */
  readonly sendingSeconds: number;
  readonly cpuSecondsPer1000Packets: number;
  /** RSS growth from before the near-side calls existed to the end of the run (after a full GC), per call. */
  readonly rssPerCallBytes: number;
  /** RSS growth while the near-side calls were created (after a full GC), per call. */
  readonly rssPerCallAtSetupBytes: number;
  /** JS heap + external + ArrayBuffer growth from before the calls to the end of the run (after GC), per call. */
  readonly heapPerCallBytes: number;
  readonly nearCounters: RtpMultiplexer['stats'] | { readonly datagramsReceived: number };
  readonly transportErrors: number;
}

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A full GC before each memory reading, so the figures are live memory rather than garbage not yet collected. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc(); // repeated: objects freed by one pass (weak maps, finalizers) go in the next
  }
}

function memory(): { rss: number; heap: number } {
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}

async function* tsFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* tsFiles(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.bench.ts')) {
      yield path;
    }
  }
}

/** Transpiles rtp/src, srtp/src and this bench dir into `out`, returning the far side's entry file. */
async function buildFarSide(out: string): Promise<string> {
  for (const dir of ['rtp/src', 'srtp/src', 'rtp/bench']) {
    for await (const file of tsFiles(join(PACKAGES, dir))) {
      const target = join(out, relative(PACKAGES, file)).replace(/\.ts$/, '.js');
      const source = await readFile(file, 'utf8');
      let js = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      }).outputText;
      const srtpEntry = relative(dirname(target), join(out, 'srtp/src/index.js')).replaceAll('\\', '/');
      js = js.replaceAll("'@voip/srtp'", `'${srtpEntry.startsWith('.') ? srtpEntry : `./${srtpEntry}`}'`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, js);
    }
  }
  await writeFile(join(out, 'package.json'), '{ "type": "module" }');
  return join(out, 'rtp/bench/load-far.js');
}

/** Waits for one reply from the far side; rejects on timeout or when the child exits first. */
function nextReply(child: ChildProcess, type: FarReply['type'], timeoutMs: number): Promise<FarReply> {
  const pending = new Promise<FarReply>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`far side: no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: FarReply): void => {
      if (message.type === type) {
        done();
        resolve(message);
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      done();
      reject(new Error(`far side exited (code ${code}, signal ${signal}) before '${type}'`));
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
  pending.catch(() => {}); // awaited later; never an unhandled rejection in between
  return pending;
}

function progress(message: string): void {
  process.stderr.write(`load: ${message}\n`);
}

interface KeyPair {
  readonly suite: string;
  readonly masterKey: Uint8Array;
  readonly masterSalt: Uint8Array;
}

/** The near side of a run: one socket, one sender per call, a count of what arrived. */
interface NearSide {
  localAddress(): { address: string; port: number };
  addCall(remote: { address: string; port: number }, local: KeyPair, far: KeyPair): PacedSender;
  received(): number;
  counters(): LoadReport['nearCounters'];
  close(): Promise<void>;
}

const SOCKET_BUFFERS = { receiveBufferSize: 8 << 20, sendBufferSize: 8 << 20 } as const;

/** The library: one multiplexer, an SRTP RtpCall per call (receive, route, unprotect, parse, statistics, RTCP). */
async function libraryNearSide(onError: () => void): Promise<NearSide> {
  const transport = await createUdpTransport({ host: '127.0.0.1', onError, ...SOCKET_BUFFERS });
  const mux = new RtpMultiplexer(transport);
  let received = 0;
  return {
    localAddress: () => transport.localAddress(),
    addCall(remote, local, far) {
      const call = new RtpCall({
        multiplexer: mux,
        media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: remote.address, remotePort: remote.port, rtcpMux: true },
        srtp: createSrtpSessionPair({ local, remote: far }),
        onPacket: () => void received++,
      });
      mux.registerCall(remote, call);
      return call;
    },
    received: () => received,
    counters: () => mux.stats,
    close: () => mux.close(),
  };
}

/** SRTP size of the 172-byte RTP packets the library sends (AES_CM_128_HMAC_SHA1_80: 10-byte tag). */
const FLOOR_DATAGRAM = new Uint8Array(172 + 10).fill(0x5a);
FLOOR_DATAGRAM[0] = 0x80;

/** The floor: the same socket and buffers, sending a pre-built datagram per packet and counting arrivals. */
async function floorNearSide(onError: () => void): Promise<NearSide> {
  const socket: Socket = createSocket({ type: 'udp4', recvBufferSize: SOCKET_BUFFERS.receiveBufferSize, sendBufferSize: SOCKET_BUFFERS.sendBufferSize });
  socket.on('error', onError);
  let received = 0;
  // Count RTP only, as the library's figure does (RFC 5761 §4: a second byte of 192..223 is RTCP).
  socket.on('message', (data) => {
    const b1 = data[1] ?? 0;
    if (b1 < 192 || b1 > 223) {
      received++;
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    localAddress: () => socket.address(),
    addCall(remote) {
      return { sendPacket: () => socket.send(FLOOR_DATAGRAM, remote.port, remote.address) };
    },
    received: () => received,
    counters: () => ({ datagramsReceived: received }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/**
 * CPU seconds per 1,000 packets of the pacing harness alone: the same loop, slices and yields for
 * `calls` senders that do nothing, over `seconds`. Included in both the library's and the floor's
 * figures; printed so it is not taken for the library's cost.
 */
export async function harnessCpuPer1000Packets(calls: number, packetsPerSecond: number, seconds: number): Promise<number> {
  const idle: PacedSender[] = Array.from({ length: calls }, () => ({ sendPacket: () => undefined }));
  const cpu0 = process.cpuUsage();
  const sent = await paceCalls(idle, packetsPerSecond, seconds);
  const cpu = process.cpuUsage(cpu0);
  // Per packet sent and received (the run's unit), though only sends go through the harness.
  return ((cpu.user + cpu.system) / 1e6 / (2 * sent)) * 1000;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { calls, packetsPerSecond, seconds } = options;
  const suite = options.suite ?? 'AES_CM_128_HMAC_SHA1_80';
  const dir = await mkdtemp(join(tmpdir(), 'voip-load-'));
  let child: ChildProcess | undefined;
  let near: NearSide | undefined;
  let transportErrors = 0;
  try {
    const entry = await buildFarSide(dir);
    child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const far = child;
    far.on('error', (error) => progress(`far side error: ${error.message}`));
    const send = (message: FarMessage): void => {
      far.send(message);
    };

    const floor = (options.mode ?? 'library') === 'floor';
    const nearSide = floor ? await floorNearSide(() => void transportErrors++) : await libraryNearSide(() => void transportErrors++);
    near = nearSide;
    const nearAddress = nearSide.localAddress();
    const keys = Array.from({ length: calls }, () => ({ near: generateSrtpKeyingMaterial(suite), far: generateSrtpKeyingMaterial(suite) }));
    const ready = nextReply(far, 'ready', 120_000);
    send({ type: 'setup', near: nearAddress, keys });
    const reply = await ready;
    progress(`far side ready: ${calls} sockets`);
    const addresses = reply.type === 'ready' ? reply.addresses : [];

    await sleep(100);
    const mem1 = memory();
    const nearCalls = addresses.flatMap((address, i) => {
      const key = keys[i];
      return key === undefined ? [] : [nearSide.addCall(address, key.near, key.far)];
    });
    const mem2 = memory();
    const nearReceivedNow = (): number => nearSide.received();

    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const farSentAll = nextReply(far, 'sent', (seconds + 60) * 1000);
    send({ type: 'start', packetsPerSecond, seconds });
    const nearSent = await paceCalls(nearCalls, packetsPerSecond, seconds, (second) => {
      if (process.env.VOIP_LOAD_DEBUG !== undefined) {
        console.log(`t=${second} s: near received ${nearReceivedNow()}`);
      }
    });
    const sendingSeconds = (performance.now() - wall0) / 1000;
    progress(`near side sent its share in ${sendingSeconds.toFixed(1)} s`);
    await farSentAll;
    const expectedIn = Math.round(packetsPerSecond * seconds) * nearCalls.length;
    const drainStart = performance.now();
    while (nearReceivedNow() < expectedIn && performance.now() - drainStart < 2000) {
      await sleep(20);
    }
    const cpu = process.cpuUsage(cpu0);
    const nearReceived = nearReceivedNow();
    const mem3 = memory();
    await sleep(200); // let the far side drain too
    const done = nextReply(far, 'done', 30_000);
    send({ type: 'stop' });
    const result = await done;
    const farSent = result.type === 'done' ? result.farSent : 0;
    const farReceived = result.type === 'done' ? result.farReceived : 0;
    transportErrors += result.type === 'done' ? result.errors : 0;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      mode: floor ? 'floor' : 'library',
      calls: nearCalls.length,
      packetsPerSecond,
      seconds,
      suite,
      nearSent,
      nearReceived,
      farSent,
      farReceived,
      lostToNear: farSent - nearReceived,
      lostToFar: nearSent - farReceived,
      cpuSeconds,
      sendingSeconds,
      cpuSecondsPer1000Packets: (cpuSeconds / (nearSent + nearReceived)) * 1000,
      rssPerCallBytes: (mem3.rss - mem1.rss) / Math.max(1, nearCalls.length),
      rssPerCallAtSetupBytes: (mem2.rss - mem1.rss) / Math.max(1, nearCalls.length),
      heapPerCallBytes: (mem3.heap - mem1.heap) / Math.max(1, nearCalls.length),
      nearCounters: nearSide.counters(),
      transportErrors,
    };
  } finally {
    await near?.close();
    if (child !== undefined && child.exitCode === null) {
      child.kill();
    }
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatLoadReport(r: LoadReport): string {
  const pct = (lost: number, sent: number): string => `${((lost / Math.max(1, sent)) * 100).toFixed(3)}%`;
  return [
    r.mode === 'floor'
      ? `load run, FLOOR: bare node:dgram near side (pre-built ${FLOOR_DATAGRAM.length}-byte datagrams out, a counter in) for ${r.calls} calls x ${r.packetsPerSecond} packets/s each way, ${r.seconds} s, one near-side socket, loopback`
      : `load run: ${r.calls} SRTP calls (${r.suite}) x ${r.packetsPerSecond} packets/s each way, ${r.seconds} s, one near-side multiplexer socket, loopback`,
    `  pace: near side took ${r.sendingSeconds.toFixed(2)} s to send its ${r.seconds} s of packets (${Math.round(r.nearSent / r.sendingSeconds)} packets/s out vs ${r.calls * r.packetsPerSecond} target)`,
    r.mode === 'floor'
      ? `  near -> far: sent ${r.nearSent} (not counted at the far side: its calls reject the pre-built packets)`
      : `  near -> far: sent ${r.nearSent}, delivered ${r.farReceived}, lost ${r.lostToFar} (${pct(r.lostToFar, r.nearSent)})`,
    `  far -> near: sent ${r.farSent}, delivered ${r.nearReceived}, lost ${r.lostToNear} (${pct(r.lostToNear, r.farSent)})`,
    `  near-side CPU: ${r.cpuSeconds.toFixed(2)} s for ${r.nearSent + r.nearReceived} packets sent + received = ${r.cpuSecondsPer1000Packets.toFixed(4)} CPU s per 1,000 packets`,
    r.mode === 'floor'
      ? `       (sent: sendto of a pre-built datagram; received: recvfrom and a counter)`
      : `       (sent: serialize + SRTP protect + sendto; received: recvfrom + route + SRTP unprotect + parse + statistics; RTCP included)`,
    `  memory: ${(r.rssPerCallBytes / 1024).toFixed(1)} KiB RSS per near-side call (growth from before the calls to the end of the run, after GC, / calls; ${(r.rssPerCallAtSetupBytes / 1024).toFixed(1)} KiB at setup); live heap ${(r.heapPerCallBytes / 1024).toFixed(1)} KiB per call`,
    `  near multiplexer: ${JSON.stringify(r.nearCounters)}; transport errors: ${r.transportErrors}`,
  ].join('\n');
}

/** Whether a run held: nothing lost either way, and the near side kept the pace (within 5%). */
export function loadHeld(r: LoadReport): boolean {
  return r.lostToFar === 0 && r.lostToNear === 0 && r.sendingSeconds <= r.seconds * 1.05 + 0.25;
}

/**
 * Calls per process: the largest number of SRTP calls (50 packets/s each way) one near-side process
 * holds ({@link loadHeld}), found by growing the count by half until a run fails, then bisecting down
 * to `resolution` calls. Each probe is a `seconds`-long run.
 */
export async function findCapacity(options: { start: number; max: number; seconds: number; resolution: number }): Promise<{ calls: number; probes: string[] }> {
  const probes: string[] = [];
  const probe = async (calls: number): Promise<boolean> => {
    const r = await runLoad({ calls, packetsPerSecond: 50, seconds: options.seconds });
    const held = loadHeld(r);
    probes.push(`${calls} calls: ${held ? 'held' : 'failed'} (lost ${r.lostToFar} out / ${r.lostToNear} in, sent ${r.seconds} s of packets in ${r.sendingSeconds.toFixed(2)} s)`);
    progress(probes[probes.length - 1]!);
    return held;
  };
  let good = 0;
  let bad = options.max + options.resolution;
  let n = options.start;
  while (n <= options.max) {
    if (!(await probe(n))) {
      bad = n;
      break;
    }
    good = n;
    n = Math.ceil((n * 1.5) / options.resolution) * options.resolution;
  }
  while (bad - good > options.resolution) {
    const mid = Math.round((good + bad) / 2 / options.resolution) * options.resolution;
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
