/**
 * Load run: N concurrent SRTP calls at R packets/s each, in both directions, through ONE near-side
 * multiplexer socket on loopback. The far side (load-far.ts) runs in a child process with one small
 * connected socket per call (the near multiplexer routes by remote address, so every call needs its
 * own remote endpoint) and is kept as cheap as it can be: it sends SRTP packets protected before the
 * timed part and counts what it receives by sequence number, unprotecting only a sample (see
 * load-far.ts). Its sources are transpiled with `typescript` into a temp dir, since Node 20 cannot
 * run TypeScript itself.
 *
 * Measured: packets lost (sent − delivered, per direction), the near side's CPU seconds per 1,000
 * packets (process.cpuUsage over the timed part / packets the near side sent and received), the far
 * side's CPU over the same part (its own process, counted apart), and resident memory per call.
 * Every run ends in bounded time: each side stops sending at a deadline, and every wait for the far
 * side has a timeout; {@link loadVerdict} says whether it held and, if not, why.
 *
 * The same harness measures the floor (`mode: 'floor'`: the near side's sockets, pacing and counts with
 * the library taken out), the pacing harness alone (`harnessCpuPer1000Packets`) and the calls one
 * process holds (`findCapacity`), so `pnpm bench` prints our CPU per packet as a ratio of the floor's.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
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
import { formatCapacitySearch, searchCapacity, type CapacityResult, type ProbeVerdict } from './capacity-search.js';
import type { FarMessage, FarReply } from './load-far.js';
import { pace, paceCalls, type PaceResult, type PacedSender } from './load-pacing.js';

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
  /**
   * How the library's calls hand received packets over (`'library'` mode only). `'reused'` (default;
   * env VOIP_LOAD_RECEIVE=fresh chooses the other): `reuseReceivedPackets: true`, one reused packet
   * object and payload buffer, nothing allocated per packet received; `'fresh'`: the `RtpCall` default,
   * a new packet object and payload view per packet.
   */
  readonly receivedPackets?: 'reused' | 'fresh';
  /**
   * `'library'` mode without SRTP when false (default true): the same calls sending and receiving plain
   * RTP (172-byte datagrams out; the far side's 182-byte SRTP packets arrive and parse as RTP), to
   * split the path's cost over the floor into SRTP's share and the rest. Not the issue's figure, which
   * is for SRTP calls.
   */
  readonly srtp?: boolean;
  /** Wall time after which each side stops sending, seconds (default {@link defaultDeadlineSeconds}). */
  readonly deadlineSeconds?: number;
  /** The far side unprotects one received packet per call every this many (default 50: one a second); 0 for none. Node far side only. */
  readonly farAuthenticateEvery?: number;
  /**
   * `'c'` (default when `cc` builds bench/load-far.c; env VOIP_LOAD_FAR=node chooses the other): the far
   * side's sockets are a small C program (epoll, recvmmsg), the cheapest far side; `'node'`: node:dgram
   * sockets in the far Node process, which also authenticates a sample of what it receives.
   */
  readonly farSide?: 'c' | 'node';
}

/** One packet a second per call at 50 packets/s. */
const DEFAULT_FAR_AUTHENTICATE_EVERY = 50;

export interface LoadReport {
  readonly mode: 'library' | 'floor';
  /** How the library's calls handed received packets over ({@link LoadOptions.receivedPackets}); `'fresh'` in the floor, which parses nothing. */
  readonly receivedPackets: 'reused' | 'fresh';
  /** Whether the library's calls used SRTP ({@link LoadOptions.srtp}; true in the floor, which sends datagrams of the SRTP size). */
  readonly srtp: boolean;
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
  /**
   * JS heap + external memory growth from before the calls to the end of the run (after GC), per call:
   * `heapUsed + external`, where `external` already includes every ArrayBuffer (node:process
   * `memoryUsage`: `arrayBuffers` is a part of `external`, so it is not added a second time).
   */
  readonly heapPerCallBytes: number;
  readonly nearCounters: RtpMultiplexer['stats'] | { readonly datagramsReceived: number };
  readonly transportErrors: number;
  /** The wall-time bound each side's pacer had. */
  readonly deadlineSeconds: number;
  /** Packets the near side had not sent when its deadline stopped it (0: it finished). */
  readonly nearUnsent: number;
  /** Media seconds the near side was behind when its deadline stopped it. */
  readonly nearBehindSeconds: number;
  /** Wall time the far side took to send its share (NaN when it never said). */
  readonly farSendingSeconds: number;
  readonly farUnsent: number;
  readonly farBehindSeconds: number;
  /** Far-side CPU seconds over the timed part (its own process; NaN when it never said). */
  readonly farCpuSeconds: number;
  readonly farCpuSecondsPer1000Packets: number;
  readonly farRtcpReceived: number;
  /** Datagrams the far side refused (wrong size or version, sequence number out of range, duplicate). */
  readonly farInvalid: number;
  /** Near-side packets the far side unprotected as a sample, and those that failed. */
  readonly farAuthenticated: number;
  readonly farAuthenticationFailures: number;
  /** Why the far side's figures are missing (no reply in time, exited), when they are. */
  readonly farFailure: string | undefined;
  /**
   * UDP datagrams the kernel dropped for a full receive buffer during the timed part (Linux
   * /proc/net/snmp `RcvbufErrors`; machine-wide, so other processes' drops count too; NaN elsewhere).
   */
  readonly kernelReceiveBufferDrops: number;
  /** Datagrams the kernel dropped at the near side's own socket (Linux /proc/net/udp `drops`; NaN elsewhere). */
  readonly nearSocketDrops: number;
  /** Which far side ran ({@link LoadOptions.farSide}). */
  readonly farSide: 'c' | 'node';
}

/** Builds bench/load-far.c into `dir`; undefined (with the reason on stderr) when it cannot. */
function buildNativeFar(dir: string): string | undefined {
  const binary = join(dir, 'load-far');
  try {
    execFileSync('cc', ['-O2', '-o', binary, join(PACKAGES, 'rtp/bench/load-far.c')], { stdio: 'pipe' });
    return binary;
  } catch (error) {
    progress(`cannot build the C far side (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); using the Node one`);
    return undefined;
  }
}

/** Linux's drop count of the IPv4 UDP socket bound to 127.0.0.1:`port` (NaN when unavailable). */
function udpSocketDrops(port: number): number {
  try {
    const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    const line = readFileSync('/proc/net/udp', 'utf8')
      .split('\n')
      .find((l) => l.trim().split(/\s+/)[1] === local);
    return line === undefined ? NaN : Number(line.trim().split(/\s+/).at(-1));
  } catch {
    return NaN;
  }
}

/** Linux's machine-wide count of UDP datagrams dropped for a full receive buffer (NaN when unavailable). */
function udpReceiveBufferErrors(): number {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((line) => line.startsWith('Udp:'));
    const [names, values] = lines.map((line) => line.split(/\s+/));
    const i = names?.indexOf('RcvbufErrors') ?? -1;
    return i < 0 ? NaN : Number(values?.[i]);
  } catch {
    return NaN;
  }
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
  // `external` includes `arrayBuffers` (the keys and buffers a call holds): counted once.
  return { rss: m.rss, heap: m.heapUsed + m.external };
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

/** Transpiles srtp/src and the far side's two bench files into `out`, returning the far side's entry file. */
async function buildFarSide(out: string): Promise<string> {
  const files: string[] = [join(PACKAGES, 'rtp/bench/load-far.ts'), join(PACKAGES, 'rtp/bench/load-pacing.ts')];
  for await (const file of tsFiles(join(PACKAGES, 'srtp/src'))) {
    files.push(file);
  }
  {
    for (const file of files) {
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
async function libraryNearSide(onError: () => void, reuseReceivedPackets: boolean, srtp: boolean): Promise<NearSide> {
  const transport = await createUdpTransport({ host: '127.0.0.1', onError, ...SOCKET_BUFFERS });
  const mux = new RtpMultiplexer(transport);
  let received = 0;
  return {
    localAddress: () => transport.localAddress(),
    addCall(remote, local, far) {
      const call = new RtpCall({
        multiplexer: mux,
        media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: remote.address, remotePort: remote.port, rtcpMux: true },
        ...(srtp ? { srtp: createSrtpSessionPair({ local, remote: far }) } : {}),
        reuseReceivedPackets,
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

/** The RTP packets the library sends: 12-byte header + 160 bytes of PCMU. */
const PLAIN_DATAGRAM_BYTES = 172;

/** SRTP size of the 172-byte RTP packets the library sends (AES_CM_128_HMAC_SHA1_80: 10-byte tag). */
const FLOOR_DATAGRAM_BYTES = 172 + 10;

/** The floor's datagram of each round: the SRTP size, RTP version 2, the round's sequence number (what the far side counts by). */
function floorDatagrams(rounds: number): Uint8Array[] {
  return Array.from({ length: rounds }, (_, r) => {
    const d = new Uint8Array(FLOOR_DATAGRAM_BYTES).fill(0x5a);
    d[0] = 0x80;
    d[1] = 0;
    d[2] = ((r + 1) >> 8) & 0xff;
    d[3] = (r + 1) & 0xff;
    return d;
  });
}

/** The floor: the same socket and buffers, sending a pre-built datagram per packet and counting arrivals. */
async function floorNearSide(onError: () => void, rounds: number): Promise<NearSide> {
  const datagrams = floorDatagrams(rounds);
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
      return {
        sendPacket: (p) => {
          const d = datagrams[(p.sequenceNumber ?? 1) - 1];
          if (d !== undefined) {
            socket.send(d, remote.port, remote.address);
          }
        },
      };
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

/** The defaults of {@link LoadOptions.deadlineSeconds}: 10% over the media time, plus a second. */
export function defaultDeadlineSeconds(seconds: number): number {
  return seconds * 1.1 + 1;
}

/** How long the near side waits for each far-side reply past its own deadline before giving up on it. */
const FAR_REPLY_GRACE_MS = 20_000;

/** Sends `setup` to the far side and waits (bounded) until its sockets exist and its packets are protected. */
async function setUpFar(far: ChildProcess, nearAddress: { address: string; port: number }, keys: readonly KeyPair[], farKey: KeyPair, options: LoadOptions, floor: boolean, srtp: boolean, native: { binary: string; dir: string } | undefined): Promise<{ addresses: readonly { address: string; port: number }[]; protectSeconds: number }> {
  const ready = nextReply(far, 'ready', 60_000 + keys.length * 20);
  far.send({
    type: 'setup',
    near: nearAddress,
    nearKeys: keys,
    farKey,
    packetsPerSecond: options.packetsPerSecond,
    seconds: options.seconds,
    authenticateEvery: floor || !srtp ? 0 : (options.farAuthenticateEvery ?? DEFAULT_FAR_AUTHENTICATE_EVERY),
    nearDatagramBytes: srtp ? FLOOR_DATAGRAM_BYTES : PLAIN_DATAGRAM_BYTES,
    ...(native === undefined ? {} : { native }),
  } satisfies FarMessage);
  const reply = await ready;
  return reply.type === 'ready' ? { addresses: reply.addresses, protectSeconds: reply.protectSeconds } : { addresses: [], protectSeconds: 0 };
}

/** Waits for a far-side reply, turning a timeout or an exit into a reason instead of an exception. */
async function farReply(pending: Promise<FarReply>): Promise<FarReply | string> {
  try {
    return await pending;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

interface TimedPart {
  readonly near: PaceResult;
  readonly farSent: FarReply | string;
  readonly farDone: FarReply | string;
  readonly nearReceived: number;
  readonly cpuSeconds: number;
  readonly mem3: { rss: number; heap: number };
  readonly kernelReceiveBufferDrops: number;
  readonly nearSocketDrops: number;
}

/** The timed part of a run: both sides send for `seconds` (each stopping at its deadline), drain, stop the far side. */
async function timedPart(far: ChildProcess, nearCalls: readonly PacedSender[], received: () => number, nearPort: number, options: LoadOptions): Promise<TimedPart> {
  const { packetsPerSecond, seconds } = options;
  const deadlineSeconds = options.deadlineSeconds ?? defaultDeadlineSeconds(seconds);
  const drops0 = udpReceiveBufferErrors();
  const socketDrops0 = udpSocketDrops(nearPort);
  const cpu0 = process.cpuUsage();
  const sentPending = nextReply(far, 'sent', (deadlineSeconds + 1) * 1000 + FAR_REPLY_GRACE_MS);
  far.send({ type: 'start', deadlineSeconds: deadlineSeconds + 1 } satisfies FarMessage);
  const near = await pace(nearCalls, packetsPerSecond, seconds, {
    deadlineSeconds,
    onSecond: (second) => {
      if (process.env.VOIP_LOAD_DEBUG !== undefined) {
        console.log(`t=${second} s: near received ${received()}`);
      }
    },
  });
  progress(`near side sent ${near.sent} packets in ${near.seconds.toFixed(1)} s${near.unsent > 0 ? ` and stopped at its ${deadlineSeconds.toFixed(1)} s deadline, ${near.unsent} unsent` : ''}`);
  const farSent = await farReply(sentPending);
  const expectedIn = typeof farSent === 'string' || farSent.type !== 'sent' ? Infinity : farSent.sent;
  const drainStart = performance.now();
  while (received() < expectedIn && performance.now() - drainStart < 2000) {
    await sleep(20);
  }
  const cpu = process.cpuUsage(cpu0);
  const nearReceived = received();
  const nearSocketDrops = udpSocketDrops(nearPort) - socketDrops0;
  const mem3 = memory();
  await sleep(300); // let the far side drain too
  const donePending = nextReply(far, 'done', FAR_REPLY_GRACE_MS);
  if (far.connected) {
    far.send({ type: 'stop' } satisfies FarMessage);
  }
  const farDone = await farReply(donePending);
  const kernelReceiveBufferDrops = udpReceiveBufferErrors() - drops0;
  return { near, farSent, farDone, nearReceived, cpuSeconds: (cpu.user + cpu.system) / 1e6, mem3, kernelReceiveBufferDrops, nearSocketDrops };
}

/**
 * One load run (see the module comment). Ends in bounded time whatever the machine does: each side's
 * pacer stops at `deadlineSeconds`, and every wait for the far side has a timeout (a far side that
 * does not answer is killed and named in {@link LoadReport.farFailure}).
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { calls, packetsPerSecond, seconds } = options;
  const suite = options.suite ?? 'AES_CM_128_HMAC_SHA1_80';
  const floor = (options.mode ?? 'library') === 'floor';
  const receivedPackets = floor ? 'fresh' : (options.receivedPackets ?? (process.env.VOIP_LOAD_RECEIVE === 'fresh' ? 'fresh' : 'reused'));
  const srtp = floor || options.srtp !== false;
  const dir = await mkdtemp(join(tmpdir(), 'voip-load-'));
  let child: ChildProcess | undefined;
  let near: NearSide | undefined;
  let transportErrors = 0;
  try {
    const entry = await buildFarSide(dir);
    const wantC = (options.farSide ?? (process.env.VOIP_LOAD_FAR === 'node' ? 'node' : 'c')) === 'c';
    const binary = wantC ? buildNativeFar(dir) : undefined;
    child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const far = child;
    far.on('error', (error) => progress(`far side error: ${error.message}`));
    const rounds = Math.round(packetsPerSecond * seconds);
    const nearSide = floor ? await floorNearSide(() => void transportErrors++, rounds) : await libraryNearSide(() => void transportErrors++, receivedPackets === 'reused', srtp);
    near = nearSide;
    const keys = Array.from({ length: calls }, () => generateSrtpKeyingMaterial(suite));
    const farKey = generateSrtpKeyingMaterial(suite);
    const setup = await setUpFar(far, nearSide.localAddress(), keys, farKey, options, floor, srtp, binary === undefined ? undefined : { binary, dir });
    progress(`far side ready: ${calls} sockets, ${rounds} packets protected in ${setup.protectSeconds.toFixed(2)} s`);

    await sleep(100);
    const mem1 = memory();
    const nearCalls = setup.addresses.flatMap((address, i) => {
      const key = keys[i];
      return key === undefined ? [] : [nearSide.addCall(address, key, farKey)];
    });
    const mem2 = memory();
    const t = await timedPart(far, nearCalls, () => nearSide.received(), nearSide.localAddress().port, options);
    const sent = typeof t.farSent === 'string' || t.farSent.type !== 'sent' ? undefined : t.farSent;
    const done = typeof t.farDone === 'string' || t.farDone.type !== 'done' ? undefined : t.farDone;
    const farFailure = [typeof t.farSent === 'string' ? t.farSent : undefined, typeof t.farDone === 'string' ? t.farDone : undefined].filter((x) => x !== undefined).join('; ');
    const farSent = done?.farSent ?? sent?.sent ?? 0;
    const farReceived = done?.farReceived ?? 0;
    transportErrors += done?.errors ?? 0;
    const farCpuSeconds = done?.farCpuSeconds ?? NaN;
    const perCall = (bytes: number): number => bytes / Math.max(1, nearCalls.length);
    return {
      mode: floor ? 'floor' : 'library',
      receivedPackets,
      srtp,
      calls: nearCalls.length,
      packetsPerSecond,
      seconds,
      suite,
      nearSent: t.near.sent,
      nearReceived: t.nearReceived,
      farSent,
      farReceived,
      lostToNear: farSent - t.nearReceived,
      lostToFar: t.near.sent - farReceived,
      cpuSeconds: t.cpuSeconds,
      sendingSeconds: t.near.seconds,
      cpuSecondsPer1000Packets: (t.cpuSeconds / Math.max(1, t.near.sent + t.nearReceived)) * 1000,
      rssPerCallBytes: perCall(t.mem3.rss - mem1.rss),
      rssPerCallAtSetupBytes: perCall(mem2.rss - mem1.rss),
      heapPerCallBytes: perCall(t.mem3.heap - mem1.heap),
      nearCounters: nearSide.counters(),
      transportErrors,
      deadlineSeconds: options.deadlineSeconds ?? defaultDeadlineSeconds(seconds),
      nearUnsent: t.near.unsent,
      nearBehindSeconds: t.near.behindSeconds,
      farSendingSeconds: sent?.seconds ?? NaN,
      farUnsent: sent?.unsent ?? NaN,
      farBehindSeconds: sent?.behindSeconds ?? NaN,
      farCpuSeconds,
      farCpuSecondsPer1000Packets: (farCpuSeconds / Math.max(1, farSent + farReceived)) * 1000,
      farRtcpReceived: done?.farRtcpReceived ?? 0,
      farInvalid: done?.farInvalid ?? 0,
      farAuthenticated: done?.farAuthenticated ?? 0,
      farAuthenticationFailures: done?.farAuthenticationFailures ?? 0,
      farFailure: farFailure === '' ? undefined : farFailure,
      kernelReceiveBufferDrops: t.kernelReceiveBufferDrops,
      nearSocketDrops: t.nearSocketDrops,
      farSide: binary === undefined ? 'node' : 'c',
    };
  } finally {
    await near?.close();
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  }
}

/** What the far side does, for the report (the Node far side's; see {@link farSideDescription}). */
export const FAR_SIDE_DESCRIPTION =
  'far side (own process, CPU counted apart): sends SRTP packets protected before the timed part (one key and SSRC for all its streams), counts what arrives by sequence number per call without unprotecting, unprotects 1 packet a second per call as a sample';

/** What the far side of a run did. */
export function farSideDescription(farSide: LoadReport['farSide']): string {
  return farSide === 'node'
    ? `${FAR_SIDE_DESCRIPTION} (node:dgram sockets)`
    : 'far side (own processes, CPU counted apart: a Node process that protects the SRTP packets before the timed part, one key and SSRC for all its streams, and bench/load-far.c doing the sockets): sends the pre-protected packets, counts what arrives per call by sequence number (size, version, range, duplicates checked; nothing unprotected)';
}

const us = (cpuSecondsPer1000: number): string => `${(cpuSecondsPer1000 * 1000).toFixed(1)} µs`;

export function formatLoadReport(r: LoadReport): string {
  const pct = (lost: number, sent: number): string => `${((lost / Math.max(1, sent)) * 100).toFixed(3)}%`;
  const verdict = loadVerdict(r);
  return [
    r.mode === 'floor'
      ? `load run, FLOOR: bare node:dgram near side (pre-built ${FLOOR_DATAGRAM_BYTES}-byte datagrams out, a counter in) for ${r.calls} calls x ${r.packetsPerSecond} packets/s each way, ${r.seconds} s, one near-side socket, loopback`
      : `load run: ${r.calls} ${r.srtp ? `SRTP calls (${r.suite})` : 'plain RTP calls (no SRTP: not the issue\'s figure)'} x ${r.packetsPerSecond} packets/s each way, ${r.seconds} s, one near-side multiplexer socket, loopback; received packets ${r.receivedPackets === 'reused' ? 'reused (reuseReceivedPackets: true)' : 'fresh (the RtpCall default: a new object per packet)'}`,
    `  ${farSideDescription(r.farSide)}`,
    `  verdict: ${verdict.held ? 'HELD' : `NOT held: ${verdict.reasons.join('; ')}`}`,
    `  pace: near side took ${r.sendingSeconds.toFixed(2)} s to send its ${r.seconds} s of packets (${Math.round(r.nearSent / r.sendingSeconds)} packets/s out vs ${r.calls * r.packetsPerSecond} target; deadline ${r.deadlineSeconds.toFixed(1)} s, ${r.nearUnsent} unsent); far side ${r.farSendingSeconds.toFixed(2)} s (${r.farUnsent} unsent)`,
    r.mode === 'floor'
      ? `  near -> far: sent ${r.nearSent}, counted ${r.farReceived}, lost ${r.lostToFar} (${pct(r.lostToFar, r.nearSent)}); not SRTP, so not authenticated`
      : `  near -> far: sent ${r.nearSent}, delivered ${r.farReceived}, lost ${r.lostToFar} (${pct(r.lostToFar, r.nearSent)}); ${r.farSide === 'node' ? `far side authenticated ${r.farAuthenticated} as a sample (${r.farAuthenticationFailures} failed)` : 'not authenticated (C far side)'}, ${r.farInvalid} invalid, ${r.farRtcpReceived} RTCP`,
    `  far -> near: sent ${r.farSent}, delivered ${r.nearReceived}, lost ${r.lostToNear} (${pct(r.lostToNear, r.farSent)})`,
    `  near-side CPU: ${r.cpuSeconds.toFixed(2)} s for ${r.nearSent + r.nearReceived} packets sent + received = ${r.cpuSecondsPer1000Packets.toFixed(4)} CPU s per 1,000 packets (${us(r.cpuSecondsPer1000Packets)} per packet); ${((r.cpuSeconds / r.sendingSeconds) * 100).toFixed(0)}% of one core over the sending time`,
    r.mode === 'floor'
      ? `       (sent: sendto of a pre-built datagram; received: recvfrom and a counter)`
      : r.srtp
        ? `       (sent: serialize + SRTP protect + sendto; received: recvfrom + route + SRTP unprotect + parse + statistics; RTCP included)`
        : `       (sent: serialize + sendto; received: recvfrom + route + parse + statistics; RTCP included; no SRTP)`,
    `  far-side CPU: ${r.farCpuSeconds.toFixed(2)} s (${us(r.farCpuSecondsPer1000Packets)} per packet it sent + received; ${((r.farCpuSeconds / (r.farCpuSeconds + r.cpuSeconds)) * 100).toFixed(0)}% of both sides' CPU)${r.farFailure === undefined ? '' : `; far side failed: ${r.farFailure}`}`,
    `  memory: ${(r.rssPerCallBytes / 1024).toFixed(1)} KiB RSS per near-side call (growth from before the calls to the end of the run, after GC, / calls; ${(r.rssPerCallAtSetupBytes / 1024).toFixed(1)} KiB at setup); live heap ${(r.heapPerCallBytes / 1024).toFixed(1)} KiB per call`,
    `  near multiplexer: ${JSON.stringify(r.nearCounters)}; transport errors: ${r.transportErrors}; kernel drops at the near socket: ${r.nearSocketDrops} (receive-buffer drops machine-wide: ${r.kernelReceiveBufferDrops})`,
  ].join('\n');
}

/** Slack on the pace: the near side may take 5% + 0.25 s longer than the media time. */
function paceBound(seconds: number): number {
  return seconds * 1.05 + 0.25;
}

/**
 * Whether a run held, and why not: nothing lost either way, every datagram valid and every sample
 * authenticated at the far side, no transport error, and both sides kept the pace (within 5% + 0.25 s,
 * and not stopped by their deadline); a far side that did not report is a failure too.
 */
export function loadVerdict(r: LoadReport): ProbeVerdict {
  const reasons: string[] = [];
  if (r.farFailure !== undefined) {
    reasons.push(`far side failed: ${r.farFailure}`);
  }
  if (r.nearUnsent > 0) {
    reasons.push(`near side fell behind: stopped at its ${r.deadlineSeconds.toFixed(1)} s deadline ${r.nearBehindSeconds.toFixed(2)} s of media short (${r.nearUnsent} packets unsent)`);
  } else if (r.sendingSeconds > paceBound(r.seconds)) {
    reasons.push(`near side's pace fell behind by ${(r.sendingSeconds - r.seconds).toFixed(2)} s`);
  }
  if (r.farUnsent > 0) {
    reasons.push(`far side behind: stopped at its deadline ${r.farBehindSeconds.toFixed(2)} s of media short`);
  } else if (r.farSendingSeconds > paceBound(r.seconds) + 1) {
    reasons.push(`far side behind by ${(r.farSendingSeconds - r.seconds).toFixed(2)} s`);
  }
  if (r.lostToFar !== 0) {
    reasons.push(`lost ${r.lostToFar} near -> far`);
  }
  if (r.lostToNear !== 0) {
    reasons.push(`lost ${r.lostToNear} far -> near`);
  }
  if (r.farInvalid > 0 || r.farAuthenticationFailures > 0) {
    reasons.push(`far side refused ${r.farInvalid} datagrams, ${r.farAuthenticationFailures} samples failed authentication`);
  }
  if (r.transportErrors > 0) {
    reasons.push(`${r.transportErrors} transport errors`);
  }
  const detail = `near ${r.sendingSeconds.toFixed(2)} s, ${us(r.cpuSecondsPer1000Packets)}/packet, ${((r.cpuSeconds / r.sendingSeconds) * 100).toFixed(0)}% of a core; far ${r.farSendingSeconds.toFixed(2)} s, ${r.farCpuSeconds.toFixed(2)} CPU s; near socket drops ${r.nearSocketDrops}`;
  return { held: reasons.length === 0, reasons, detail };
}

/**
 * Calls one fully available core could hold at `microsecondsPerPacket` (CPU per packet sent + received)
 * and `packetsPerSecond` each way: the CPU-bound ceiling, before any scheduling or loss.
 */
export function cpuBoundCalls(microsecondsPerPacket: number, packetsPerSecond = 50): number {
  return Math.floor(1e6 / (microsecondsPerPacket * 2 * packetsPerSecond));
}

/** Whether a run held ({@link loadVerdict}). */
export function loadHeld(r: LoadReport): boolean {
  return loadVerdict(r).held;
}

/**
 * Calls per process: the largest number of SRTP calls (50 packets/s each way) one near-side process
 * holds ({@link loadVerdict}), found by {@link searchCapacity} (doubling from `start`, then bisecting
 * to `resolution` calls, at most `maxProbes` probes, default 6). Each probe is a `seconds`-long run,
 * bounded in time by its deadlines. `mode: 'floor'` searches what the bare node:dgram floor holds.
 */
export async function findCapacity(options: { start: number; max: number; seconds: number; resolution: number; maxProbes?: number; mode?: LoadOptions['mode'] }): Promise<{ calls: number; probes: string[]; result: CapacityResult }> {
  const result = await searchCapacity(
    async (calls) => {
      const verdict = loadVerdict(await runLoad({ calls, packetsPerSecond: 50, seconds: options.seconds, ...(options.mode === undefined ? {} : { mode: options.mode }) }));
      progress(`${calls} calls: ${verdict.held ? 'held' : `NOT held (${verdict.reasons.join('; ')})`} [${verdict.detail}]`);
      return verdict;
    },
    { start: options.start, max: options.max, resolution: options.resolution, maxProbes: options.maxProbes ?? 6, probeTimeoutMs: (defaultDeadlineSeconds(options.seconds) + 200) * 1000 },
  );
  return { calls: result.calls, probes: formatCapacitySearch(result), result };
}
