/**
 * Test support: capture what a real peer sends to loopback UDP ports into a classic pcap, with our own
 * sockets (no root, no tcpdump), and run peers as child processes that are always reaped.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { LinkType } from '../../src/pcap/pcap-file.js';
import { PcapWriter } from '../../src/pcap/pcap-writer.js';
import { buildUdpFrame } from '../../src/pcap/udp-frame.js';

export interface Captured {
  readonly micros: number;
  readonly src: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly data: Uint8Array;
}

/** Two sockets on an even port P and P+1 (RTP and RTCP, RFC 3550 §11) on 127.0.0.1. */
export async function bindPair(): Promise<{ sockets: Socket[]; port: number; captured: Captured[] }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const a = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      a.once('error', reject);
      a.bind(0, '127.0.0.1', () => resolve());
    });
    const port = a.address().port;
    if (port % 2 === 1 || port === 65535) {
      a.close();
      continue;
    }
    const b = createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      b.once('error', () => resolve(false));
      b.bind(port + 1, '127.0.0.1', () => resolve(true));
    });
    if (!ok) {
      a.close();
      b.close();
      continue;
    }
    const captured: Captured[] = [];
    const t0 = Date.now() * 1000;
    const h0 = process.hrtime.bigint();
    for (const [s, p] of [
      [a, port],
      [b, port + 1],
    ] as const) {
      s.on('message', (msg, rinfo) => {
        const micros = t0 + Number((process.hrtime.bigint() - h0) / 1000n);
        captured.push({ micros, src: rinfo.address, srcPort: rinfo.port, dstPort: p, data: new Uint8Array(msg) });
      });
    }
    return { sockets: [a, b], port, captured };
  }
  throw new Error('could not bind an even/odd UDP port pair');
}

/** Writes captured datagrams as an Ethernet pcap, destination 127.0.0.1. */
export function writeCapture(path: string, captured: readonly Captured[], linkType: number = LinkType.ETHERNET): void {
  const w = PcapWriter.create(path, linkType);
  for (const c of captured) {
    const frame = buildUdpFrame(linkType, { src: c.src, dst: '127.0.0.1', srcPort: c.srcPort, dstPort: c.dstPort }, c.data);
    w.write(Math.floor(c.micros / 1e6), (c.micros % 1e6) * 1000, frame);
  }
  w.close();
}

/** Runs a command to completion (killed after `timeoutMs`); resolves with its exit code and output. */
export function runPeer(
  cmd: string,
  args: readonly string[],
  timeoutMs = 20_000,
  children?: Set<ChildProcess>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children?.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      children?.delete(child);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children?.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The scratch space of an interop test file: a temporary directory (removed after all tests), and the
 * sockets and peer processes each test opens (closed and killed after each test).
 * @param prefix - the directory's name prefix, e.g. `voip-cli-ffmpeg-`
 */
export function interopScratch(prefix: string): { dir: string; sockets: Socket[]; children: Set<ChildProcess> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sockets: Socket[] = [];
  const children = new Set<ChildProcess>();
  afterEach(() => {
    for (const s of sockets.splice(0)) {
      s.close();
    }
    for (const c of children) {
      c.kill('SIGKILL');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, sockets, children };
}
