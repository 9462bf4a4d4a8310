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
 */
import { fork, type ChildProcess } from 'node:child_process';
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
import { paceCalls } from './load-pacing.js';

export interface LoadOptions {
  readonly calls: number;
  readonly packetsPerSecond: number;
  readonly seconds: number;
  readonly suite?: string;
}

export interface LoadReport {
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
  readonly nearCounters: ReturnType<RtpMultiplexer['counters']>;
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

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { calls, packetsPerSecond, seconds } = options;
  const suite = options.suite ?? 'AES_CM_128_HMAC_SHA1_80';
  const dir = await mkdtemp(join(tmpdir(), 'voip-load-'));
  let child: ChildProcess | undefined;
  let near: RtpMultiplexer | undefined;
  let transportErrors = 0;
  try {
    const entry = await buildFarSide(dir);
    child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const far = child;
    far.on('error', (error) => progress(`far side error: ${error.message}`));
    const send = (message: FarMessage): void => {
      far.send(message);
    };

    const nearTransport = await createUdpTransport({
      host: '127.0.0.1',
      onError: () => void transportErrors++,
      receiveBufferSize: 8 << 20,
      sendBufferSize: 8 << 20,
    });
    near = new RtpMultiplexer(nearTransport);
    const nearAddress = nearTransport.localAddress();
    const keys = Array.from({ length: calls }, () => ({ near: generateSrtpKeyingMaterial(suite), far: generateSrtpKeyingMaterial(suite) }));
    const ready = nextReply(far, 'ready', 60_000);
    send({ type: 'setup', near: nearAddress, keys });
    const reply = await ready;
    progress(`far side ready: ${calls} sockets`);
    const addresses = reply.type === 'ready' ? reply.addresses : [];

    await sleep(100);
    const mem1 = memory();
    const nearCalls: RtpCall[] = [];
    let nearReceived = 0;
    addresses.forEach((address, i) => {
      const key = keys[i];
      if (key === undefined) {
        return;
      }
      const call = new RtpCall({
        multiplexer: near as RtpMultiplexer,
        media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: address.address, remotePort: address.port, rtcpMux: true },
        srtp: createSrtpSessionPair({ local: key.near, remote: key.far }),
        onPacket: () => void nearReceived++,
      });
      near?.registerCall(address, call);
      nearCalls.push(call);
    });
    const mem2 = memory();

    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const farSentAll = nextReply(far, 'sent', (seconds + 60) * 1000);
    send({ type: 'start', packetsPerSecond, seconds });
    const nearSent = await paceCalls(nearCalls, packetsPerSecond, seconds, (second) => {
      if (process.env.VOIP_LOAD_DEBUG !== undefined) {
        console.log(`t=${second} s: near received ${near?.counters().datagramsReceived ?? 0}`);
      }
    });
    const sendingSeconds = (performance.now() - wall0) / 1000;
    progress(`near side sent its share in ${sendingSeconds.toFixed(1)} s`);
    await farSentAll;
    const expectedIn = Math.round(packetsPerSecond * seconds) * nearCalls.length;
    const drainStart = performance.now();
    while (nearReceived < expectedIn && performance.now() - drainStart < 2000) {
      await sleep(20);
    }
    const cpu = process.cpuUsage(cpu0);
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
      nearCounters: near.counters(),
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
    `load run: ${r.calls} SRTP calls (${r.suite}) x ${r.packetsPerSecond} packets/s each way, ${r.seconds} s, one near-side multiplexer socket, loopback`,
    `  pace: near side took ${r.sendingSeconds.toFixed(2)} s to send its ${r.seconds} s of packets (${Math.round(r.nearSent / r.sendingSeconds)} packets/s out vs ${r.calls * r.packetsPerSecond} target)`,
    `  near -> far: sent ${r.nearSent}, delivered ${r.farReceived}, lost ${r.lostToFar} (${pct(r.lostToFar, r.nearSent)})`,
    `  far -> near: sent ${r.farSent}, delivered ${r.nearReceived}, lost ${r.lostToNear} (${pct(r.lostToNear, r.farSent)})`,
    `  near-side CPU: ${r.cpuSeconds.toFixed(2)} s for ${r.nearSent + r.nearReceived} packets sent + received = ${r.cpuSecondsPer1000Packets.toFixed(4)} CPU s per 1,000 packets`,
    `       (sent: serialize + SRTP protect + sendto; received: recvfrom + route + SRTP unprotect + parse + statistics; RTCP included)`,
    `  memory: ${(r.rssPerCallBytes / 1024).toFixed(1)} KiB RSS per near-side call (growth from before the calls to the end of the run, after GC, / calls; ${(r.rssPerCallAtSetupBytes / 1024).toFixed(1)} KiB at setup); live heap ${(r.heapPerCallBytes / 1024).toFixed(1)} KiB per call`,
    `  near multiplexer: ${JSON.stringify(r.nearCounters)}; transport errors: ${r.transportErrors}`,
  ].join('\n');
}
