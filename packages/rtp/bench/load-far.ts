/**
 * The far side of the load run, in its own process, made as cheap as it can be so that the run
 * measures the near side: one connected UDP socket per near-side call (the near multiplexer routes by
 * remote address, so every call needs its own remote endpoint), and no library call path.
 *
 * - Sending: every SRTP packet is protected BEFORE the timed part. All far-side streams use one
 *   keying material and one SSRC, so round r's packet is the same bytes for every call: `rounds`
 *   packets protected once, then only `send` in the timed part. (The same plaintext under the same
 *   keystream, sent to many receivers: no keystream is reused on different data.) Each near-side
 *   call still has its own SRTP session to unprotect them with.
 * - Receiving: every datagram is checked (length, RTP version 2, a sequence number in the run's range,
 *   not seen before) and counted per call by sequence number, without unprotecting; one packet per
 *   call every `authenticateEvery` rounds is unprotected with that call's own near-side key to show
 *   the near side really sent SRTP (0: none, as in the floor, whose packets are not SRTP). RTCP
 *   (RFC 5761 §4) is counted apart and not checked.
 *
 * Its CPU time over the timed part (start to stop) is reported, so the report can show it beside the
 * near side's. Driven over IPC by load-run.ts, which transpiles this file and @voip/srtp into a temp
 * dir and forks it.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { SrtpSession } from '@voip/srtp';
import { pace, type PaceResult } from './load-pacing.js';

interface KeyingMaterial {
  readonly suite: string;
  readonly masterKey: Uint8Array;
  readonly masterSalt: Uint8Array;
}

interface Address {
  readonly address: string;
  readonly port: number;
}

export type FarMessage =
  | {
      readonly type: 'setup';
      readonly near: Address;
      /** The near side's key of each call (to authenticate the sample). */
      readonly nearKeys: readonly KeyingMaterial[];
      /** The one key every far-side stream protects with. */
      readonly farKey: KeyingMaterial;
      readonly packetsPerSecond: number;
      readonly seconds: number;
      /** Authenticate one received packet per call every this many rounds; 0 for none. */
      readonly authenticateEvery: number;
      /** Bytes of every RTP datagram the near side sends (anything else is counted invalid). */
      readonly nearDatagramBytes: number;
      /**
       * The compiled load-far.c, when the near side built it: then this process only protects the
       * packets and relays control lines, and the C program does the sockets (no sample is authenticated).
       */
      readonly native?: { readonly binary: string; readonly dir: string };
    }
  | { readonly type: 'start'; readonly deadlineSeconds: number }
  | { readonly type: 'stop' };

export type FarReply =
  | { readonly type: 'ready'; readonly addresses: readonly Address[]; readonly protectSeconds: number }
  | ({ readonly type: 'sent' } & PaceResult)
  | {
      readonly type: 'done';
      readonly farSent: number;
      /** RTP datagrams that passed the checks, distinct sequence numbers per call. */
      readonly farReceived: number;
      readonly farRtcpReceived: number;
      /** Datagrams that failed the checks (wrong size, version, sequence number out of range, or a duplicate). */
      readonly farInvalid: number;
      readonly farAuthenticated: number;
      readonly farAuthenticationFailures: number;
      /** CPU seconds from 'start' to 'stop' (user + system). */
      readonly farCpuSeconds: number;
      readonly errors: number;
    };

/** SSRC of every far-side stream. */
const FAR_SSRC = 0x0f0f_1234;

interface FarCall {
  readonly socket: Socket;
  readonly seen: Uint8Array;
  readonly verify: SrtpSession | undefined;
}

const calls: FarCall[] = [];
let wire: Uint8Array[] = [];
const counts = { farReceived: 0, farRtcpReceived: 0, farInvalid: 0, farAuthenticated: 0, farAuthenticationFailures: 0, errors: 0 };
let farSent = 0;
let packetsPerSecond = 50;
let cpu0: NodeJS.CpuUsage | undefined;

function reply(message: FarReply): void {
  process.send?.(message);
}

/** Round r's RTP packet (sequence number r + 1, 20 ms of PCMU), protected with the far key. */
function protectRounds(farKey: KeyingMaterial, rounds: number): Uint8Array[] {
  const session = new SrtpSession(farKey);
  const rtp = new Uint8Array(12 + 160);
  const view = new DataView(rtp.buffer);
  rtp[0] = 0x80;
  view.setUint32(8, FAR_SSRC);
  const out: Uint8Array[] = [];
  for (let r = 0; r < rounds; r++) {
    view.setUint16(2, (r + 1) & 0xffff);
    view.setUint32(4, ((r + 1) * 160) >>> 0);
    out.push(session.protect(rtp));
  }
  return out;
}

function onDatagram(call: FarCall, data: Buffer, rounds: number, datagramBytes: number, authenticateEvery: number): void {
  const b1 = data[1] ?? 0;
  if (b1 >= 192 && b1 <= 223) {
    counts.farRtcpReceived++;
    return;
  }
  const seq = ((data[2] ?? 0) << 8) | (data[3] ?? 0);
  if (data.length !== datagramBytes || ((data[0] ?? 0) & 0xc0) !== 0x80 || seq < 1 || seq > rounds || call.seen[seq] === 1) {
    counts.farInvalid++;
    return;
  }
  call.seen[seq] = 1;
  counts.farReceived++;
  if (call.verify !== undefined && authenticateEvery > 0 && seq % authenticateEvery === 1 % authenticateEvery) {
    const result = call.verify.unprotect(new Uint8Array(data.buffer, data.byteOffset, data.length));
    if (result.ok) {
      counts.farAuthenticated++;
    } else {
      counts.farAuthenticationFailures++;
    }
  }
}

/** The C far side, when used. */
let native: ChildProcessByStdio<Writable, Readable, null> | undefined;
let nativeCpu0: NodeJS.CpuUsage | undefined;

/** Starts load-far.c's binary on the protected packets; relays its lines as replies. */
function setupNative(m: Extract<FarMessage, { type: 'setup' }>, bin: { binary: string; dir: string }, protectSeconds: number): void {
  const file = join(bin.dir, `far-packets-${process.pid}.bin`);
  const all = new Uint8Array(wire.length * m.nearDatagramBytes);
  wire.forEach((packet, i) => all.set(packet.subarray(0, m.nearDatagramBytes), i * m.nearDatagramBytes));
  writeFileSync(file, all);
  const child = spawn(bin.binary, [String(m.near.port), String(m.nearKeys.length), String(wire.length), String(m.packetsPerSecond), String(m.nearDatagramBytes), file], { stdio: ['pipe', 'pipe', 'inherit'] });
  native = child;
  child.on('exit', (code) => {
    if (code !== 0) {
      counts.errors++;
      process.stderr.write(`load-far: native far side exited with code ${code}\n`);
    }
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [word, ...rest] = line.trim().split(' ');
    const v = rest.map(Number);
    if (word === 'ready') {
      reply({ type: 'ready', addresses: v.map((port) => ({ address: '127.0.0.1', port })), protectSeconds });
    } else if (word === 'sent') {
      farSent = v[0] ?? 0;
      reply({ type: 'sent', sent: farSent, unsent: v[1] ?? 0, seconds: v[2] ?? 0, behindSeconds: v[3] ?? 0 });
    } else if (word === 'done') {
      const own = process.cpuUsage(nativeCpu0);
      counts.farReceived = v[0] ?? 0;
      counts.farRtcpReceived = v[1] ?? 0;
      counts.farInvalid = v[2] ?? 0;
      counts.errors += v[4] ?? 0;
      reply({ type: 'done', farSent, ...counts, farCpuSeconds: (v[3] ?? 0) + (own.user + own.system) / 1e6 });
      process.disconnect?.();
    }
  });
}

async function setup(m: Extract<FarMessage, { type: 'setup' }>): Promise<void> {
  packetsPerSecond = m.packetsPerSecond;
  const rounds = Math.round(m.packetsPerSecond * m.seconds);
  const t0 = performance.now();
  wire = protectRounds(m.farKey, rounds);
  const protectSeconds = (performance.now() - t0) / 1000;
  if (m.native !== undefined) {
    setupNative(m, m.native, protectSeconds);
    return;
  }
  const addresses: Address[] = [];
  for (const key of m.nearKeys) {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 20, sendBufferSize: 1 << 20 });
    const call: FarCall = { socket, seen: new Uint8Array(rounds + 1), verify: m.authenticateEvery > 0 ? new SrtpSession(key) : undefined };
    socket.on('error', () => void counts.errors++);
    socket.on('message', (data) => onDatagram(call, data, rounds, m.nearDatagramBytes, m.authenticateEvery));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => socket.connect(m.near.port, m.near.address, resolve));
    calls.push(call);
    addresses.push(socket.address());
  }
  reply({ type: 'ready', addresses, protectSeconds });
}

async function send(deadlineSeconds: number): Promise<void> {
  if (native !== undefined) {
    nativeCpu0 = process.cpuUsage();
    native.stdin.write(`start ${deadlineSeconds}\n`);
    return;
  }
  cpu0 = process.cpuUsage();
  const senders = calls.map((c) => ({
    sendPacket: (p: { sequenceNumber?: number }) => {
      const packet = wire[(p.sequenceNumber ?? 1) - 1];
      if (packet !== undefined) {
        c.socket.send(packet);
      }
    },
  }));
  const result = await pace(senders, packetsPerSecond, wire.length / packetsPerSecond, { deadlineSeconds });
  farSent = result.sent;
  reply({ type: 'sent', ...result });
}

async function stop(): Promise<void> {
  if (native !== undefined) {
    native.stdin.write('stop\n');
    return;
  }
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(calls.map((c) => new Promise<void>((resolve) => c.socket.close(() => resolve()))));
  reply({ type: 'done', farSent, ...counts, farCpuSeconds: (cpu.user + cpu.system) / 1e6 });
  process.disconnect?.();
}

process.on('message', (message: FarMessage) => {
  if (message.type === 'setup') {
    void setup(message);
  } else if (message.type === 'start') {
    void send(message.deadlineSeconds);
  } else {
    void stop();
  }
});
