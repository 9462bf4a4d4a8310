/**
 * Memory per call: what one send session and one receive session (one SSRC each way, SRTP and SRTCP
 * used) keep alive once they have carried traffic. Used by memory.bench.ts; runnable on its own too.
 *
 * How: 2,000 session pairs are created with createSrtpSessionPair (a fresh local key each, as a call
 * has), each pushes 100 RTP packets and 2 RTCP packets out through `send` and takes 100 + 2 in through
 * `receive` (packets protected up front by one far-side sender, so the far side costs nothing per
 * pair), and all are kept. Before and after, a full GC; the growth of V8 heap + external memory
 * (ArrayBuffer backing stores) and of RSS (which also sees OpenSSL's cipher contexts), divided by the
 * number of pairs.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  SrtpSession,
  createSrtpSessionPair,
  generateSrtpKeyingMaterial,
  type SrtpReceiver,
  type SrtpSender,
} from '../src/index.js';

export interface MemoryPerPair {
  readonly suite: string;
  readonly pairs: number;
  /** V8 heap used + external memory growth per pair, bytes. */
  readonly heapAndExternal: number;
  /** Of which ArrayBuffer backing stores. */
  readonly arrayBuffers: number;
  /** RSS growth per pair, bytes (noisier: the allocator keeps what it freed). */
  readonly rss: number;
}

function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') {
    return g;
  }
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function fullGc(gc: () => void): NodeJS.MemoryUsage {
  for (let i = 0; i < 4; i++) {
    gc();
  }
  return process.memoryUsage();
}

const PACKETS = 100;
const RTCP_PACKETS = 2;

function rtpPacket(seq: number, ssrc: number, size: number): Uint8Array {
  const p = new Uint8Array(size);
  p[0] = 0x80;
  p[2] = seq >>> 8;
  p[3] = seq & 0xff;
  p[8] = ssrc >>> 24;
  p[9] = (ssrc >>> 16) & 0xff;
  p[10] = (ssrc >>> 8) & 0xff;
  p[11] = ssrc & 0xff;
  for (let i = 12; i < size; i++) {
    p[i] = i & 0xff;
  }
  return p;
}

function rtcpPacket(ssrc: number): Uint8Array {
  // a receiver report with no report block (RFC 3550 §6.4.2), 8 bytes
  return new Uint8Array([0x80, 201, 0, 1, ssrc >>> 24, (ssrc >>> 16) & 0xff, (ssrc >>> 8) & 0xff, ssrc & 0xff]);
}

/** Creates `pairs` session pairs, each carrying 100 RTP + 2 RTCP packets each way, and keeps them. */
function makePairs(suite: string, pairs: number, size: number): { send: SrtpSender; receive: SrtpReceiver }[] {
  const far = generateSrtpKeyingMaterial(suite);
  const farSender = new SrtpSession(far);
  const inbound: Uint8Array[] = [];
  for (let i = 0; i < PACKETS; i++) {
    inbound.push(farSender.protect(rtpPacket(1000 + i, 0x0badcafe, size)));
  }
  const inboundRtcp: Uint8Array[] = [];
  for (let i = 0; i < RTCP_PACKETS; i++) {
    inboundRtcp.push(farSender.protectRtcp(rtcpPacket(0x0badcafe)));
  }
  farSender.dispose();
  const outbound = Array.from({ length: PACKETS }, (_, i) => rtpPacket(2000 + i, 0x12345678, size));
  const outboundRtcp = rtcpPacket(0x12345678);
  const locals = Array.from({ length: pairs }, () => generateSrtpKeyingMaterial(suite));
  const wire = new Uint8Array(size + 64);
  const back = new Uint8Array(size + 64);
  const kept: { send: SrtpSender; receive: SrtpReceiver }[] = [];
  for (let p = 0; p < pairs; p++) {
    const pair = createSrtpSessionPair({ local: locals[p]!, remote: far });
    for (let i = 0; i < PACKETS; i++) {
      pair.send.protectInto(outbound[i]!, wire);
      if (typeof pair.receive.unprotectInto(inbound[i]!, back) !== 'number') {
        throw new Error('unprotect failed');
      }
      if (i % (PACKETS / RTCP_PACKETS) === 0) {
        pair.send.protectRtcpInto(outboundRtcp, wire);
        if (typeof pair.receive.unprotectRtcpInto(inboundRtcp[i / (PACKETS / RTCP_PACKETS)]!, back) !== 'number') {
          throw new Error('unprotectRtcp failed');
        }
      }
    }
    kept.push(pair);
  }
  return kept;
}

/** Every pair made, kept for the life of the process: memory an earlier measurement freed must not
 * be reused by a later one (RSS would then read low). */
const alive: unknown[] = [];

/**
 * Measures one suite with `pairs` session pairs and `size`-byte RTP packets. A first round of
 * `pairs` (kept alive) grows the process first, so RSS reads what more calls cost, not V8's and the
 * allocator's first growth; the second round is measured. RSS stays noisier than heap + external.
 */
export function measureMemoryPerPair(suite: string, pairs = 2000, size = 172): MemoryPerPair {
  const gc = gcFunction();
  const warm = makePairs(suite, pairs, size);
  const before = fullGc(gc);
  const kept = makePairs(suite, pairs, size);
  const after = fullGc(gc);
  const per = (a: number, b: number): number => (b - a) / pairs;
  alive.push(warm, kept);
  return {
    suite,
    pairs,
    heapAndExternal: per(before.heapUsed + before.external, after.heapUsed + after.external),
    arrayBuffers: per(before.arrayBuffers, after.arrayBuffers),
    rss: per(before.rss, after.rss),
  };
}

/** One line per suite, in KiB. */
export function formatMemory(m: MemoryPerPair): string {
  const kib = (n: number): string => (n / 1024).toFixed(1);
  return (
    `${m.suite}: ${kib(m.heapAndExternal)} KiB heap+external per session pair ` +
    `(of which ArrayBuffers ${kib(m.arrayBuffers)} KiB), ${kib(m.rss)} KiB RSS; ${m.pairs} pairs`
  );
}
