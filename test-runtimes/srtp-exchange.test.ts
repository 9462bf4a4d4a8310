/**
 * @voip/srtp's built dist in other runtimes (issue #10): Node protects, Bun and Deno unprotect, and the
 * reverse, for every suite the package supports, SRTP and SRTCP. Each runtime runs srtp-worker.mjs on
 * a JSON job (keying material, packets) and answers in JSON; the test checks that its protected bytes
 * equal Node's (same keys, same indexes: SRTP is deterministic), that it authenticates and decrypts
 * what Node protected to the original bytes, that Node does the same with what it protected, and that
 * it rejects a packet with one flipped bit. Node itself runs the worker too, which proves the harness.
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeWithPeers, runtimeBin, type RuntimeName } from '../scripts/test-peers.js';
import { distEntry } from './global-setup.js';
import type * as SrtpModule from '@voip/srtp';

type Srtp = typeof SrtpModule;

const entry = distEntry('srtp');
const worker = fileURLToPath(new URL('srtp-worker.mjs', import.meta.url));
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

interface JsonOptions {
  suite: string;
  masterKey: string;
  masterSalt: string;
  mki?: { value: string; byteLength: number };
  unencryptedSrtp?: boolean;
  unencryptedSrtcp?: boolean;
  nativeAesGcm?: boolean;
}
interface JobCase {
  id: string;
  options: JsonOptions;
  protectRtp: string[];
  protectRtcp: string[];
  unprotectRtp: string[];
  unprotectRtcp: string[];
}
type JsonResult = { ok: true; packet: string } | { ok: false; reason: string };
interface CaseResult {
  id: string;
  error?: string;
  protectedRtp: string[];
  protectedRtcp: string[];
  unprotectedRtp: JsonResult[];
  unprotectedRtcp: JsonResult[];
}
interface Expected {
  rtp: Uint8Array[];
  rtcp: Uint8Array[];
  srtp: Uint8Array[];
  srtcp: Uint8Array[];
}

/** An RTP packet (RFC 3550 §5.1): optional CSRCs and a one-byte-form header extension (RFC 8285). */
function rtpPacket(seq: number, payloadLength: number, csrcs: number, extension: boolean): Uint8Array {
  const ext = extension ? 8 : 0;
  const b = new Uint8Array(12 + 4 * csrcs + ext + payloadLength);
  const dv = new DataView(b.buffer);
  b[0] = 0x80 | (extension ? 0x10 : 0) | csrcs;
  b[1] = seq === 1 ? 0x80 : 0x00; // marker on the first, PT 0 (PCMU)
  dv.setUint16(2, seq);
  dv.setUint32(4, seq * 160);
  dv.setUint32(8, 0x5eed1234);
  let o = 12;
  for (let i = 0; i < csrcs; i++, o += 4) {
    dv.setUint32(o, 0x1000 + i);
  }
  if (extension) {
    dv.setUint16(o, 0xbede);
    dv.setUint16(o + 2, 1);
    b[o + 4] = 0x10; // id 1, length 1
    b[o + 5] = 0xaa;
    o += 8;
  }
  for (let i = 0; i < payloadLength; i++) {
    b[o + i] = (seq * 7 + i) & 0xff;
  }
  return b;
}

/** An RTCP packet of `words + 1` 32-bit words (RFC 3550 §6.4): type 200 (SR) or 201 (RR). */
function rtcpPacket(pt: 200 | 201, words: number, fill: number): Uint8Array {
  const b = new Uint8Array(4 * (words + 1)).fill(fill);
  const dv = new DataView(b.buffer);
  b[0] = 0x80 | (pt === 201 ? 1 : 0);
  b[1] = pt;
  dv.setUint16(2, words);
  dv.setUint32(4, 0x5eed1234);
  return b;
}

const RTP = [rtpPacket(1, 160, 0, false), rtpPacket(2, 160, 2, true), rtpPacket(3, 0, 0, false), rtpPacket(4, 1200, 1, false)];
const RTCP = [rtcpPacket(200, 6, 0x11), rtcpPacket(201, 7, 0x22), rtcpPacket(201, 100, 0x33)];
/** Over the 4 KiB where AES-GCM leaves this package's own GHASH for node:crypto. */
const BIG_RTP = rtpPacket(5, 5000, 0, false);

/** Flips one bit of the payload (or of the tag, for a packet with no payload): must not authenticate. */
function flipped(p: Uint8Array): Uint8Array {
  const c = new Uint8Array(p);
  c[Math.min(12, c.length - 1)]! ^= 0x01;
  return c;
}

/** The packets with a one-bit-flipped copy of the last inserted before it. */
const tampered = (l: readonly Uint8Array[]): Uint8Array[] => [...l.slice(0, -1), flipped(l.at(-1)!), l.at(-1)!];
/** What unprotecting {@link tampered} must give: the packets, `false` for the flipped copy. */
const withRejected = (l: readonly string[]): (string | false)[] => [...l.slice(0, -1), false, l.at(-1)!];

function buildCases(srtp: Srtp): { job: JobCase[]; expected: Map<string, Expected> } {
  const job: JobCase[] = [];
  const expected = new Map<string, Expected>();
  const add = (id: string, suite: string, extra: Omit<JsonOptions, 'suite' | 'masterKey' | 'masterSalt'>, rtp: Uint8Array[]): void => {
    const km = srtp.generateSrtpKeyingMaterial(suite);
    const options = {
      ...km,
      ...extra,
      mki: extra.mki === undefined ? undefined : { value: BigInt(extra.mki.value), byteLength: extra.mki.byteLength },
    };
    if (options.mki === undefined) {
      delete options.mki;
    }
    const tx = new srtp.SrtpSession(options);
    const srtpOut = rtp.map((p) => tx.protect(p));
    const srtcpOut = RTCP.map((p) => tx.protectRtcp(p));
    tx.dispose();
    expected.set(id, { rtp, rtcp: RTCP, srtp: srtpOut, srtcp: srtcpOut });
    job.push({
      id,
      options: { suite, masterKey: hex(km.masterKey), masterSalt: hex(km.masterSalt), ...extra },
      protectRtp: rtp.map(hex),
      protectRtcp: RTCP.map(hex),
      // the runtime gets every packet, the last one first with a flipped bit: a failed authentication
      // must not take the index (RFC 3711 §3.3.2), so the genuine one still goes through after it
      unprotectRtp: tampered(srtpOut).map(hex),
      unprotectRtcp: tampered(srtcpOut).map(hex),
    });
  };
  for (const suite of srtp.SRTP_SUITE_NAMES.filter((s) => srtp.isSupportedSrtpSuite(s))) {
    const gcm = suite.startsWith('AEAD_');
    add(`${suite}`, suite, {}, gcm ? [...RTP, BIG_RTP] : RTP);
    add(`${suite}, unencrypted SRTCP`, suite, { unencryptedSrtcp: true }, RTP);
    if (gcm) {
      add(`${suite}, nativeAesGcm`, suite, { nativeAesGcm: true }, [...RTP, BIG_RTP]);
    }
  }
  add('AES_CM_128_HMAC_SHA1_80, 4-byte MKI', 'AES_CM_128_HMAC_SHA1_80', { mki: { value: '7', byteLength: 4 } }, RTP);
  add('AEAD_AES_128_GCM, 2-byte MKI', 'AEAD_AES_128_GCM', { mki: { value: '300', byteLength: 2 } }, RTP);
  add('AES_CM_128_HMAC_SHA1_80, unencrypted SRTP', 'AES_CM_128_HMAC_SHA1_80', { unencryptedSrtp: true }, RTP);
  return { job, expected };
}

interface WorkerAnswer {
  runtime: string;
  cases: CaseResult[];
}

/** Runs the worker in a runtime on the job; its stdout must be one JSON answer. */
function runWorker(command: string, args: string[], job: JobCase[]): WorkerAnswer {
  const r = spawnSync(command, [...args, worker], {
    input: JSON.stringify({ entry, cases: job }),
    encoding: 'utf8',
    cwd: dirname(worker),
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  }
  return JSON.parse(r.stdout) as WorkerAnswer;
}

const toHexList = (l: readonly JsonResult[]): (string | false)[] => l.map((r) => (r.ok ? r.packet : false));

function exchange(name: string, command: () => string, args: string[]): void {
  it(`${name}: protects byte for byte as Node does, each unprotects what the other protected, tampering fails`, async () => {
    const srtp = (await import(entry)) as Srtp;
    const { job, expected } = buildCases(srtp);
    const answer = runWorker(command(), args, job);
    expect(answer.runtime.split(' ')[0]).toBe(name);
    expect(answer.cases.map((c) => c.id)).toEqual(job.map((c) => c.id));
    for (const [i, c] of answer.cases.entries()) {
      const want = expected.get(c.id)!;
      expect(c.error, `${c.id}: ${answer.runtime} threw`).toBeUndefined();
      // the runtime protects exactly what Node protected
      expect(c.protectedRtp, `${c.id}: SRTP bytes`).toEqual(want.srtp.map(hex));
      expect(c.protectedRtcp, `${c.id}: SRTCP bytes`).toEqual(want.srtcp.map(hex));
      // it authenticates and decrypts Node's packets, and rejects the tampered copy of the last
      expect(toHexList(c.unprotectedRtp), `${c.id}: SRTP unprotect`).toEqual(withRejected(want.rtp.map(hex)));
      expect(toHexList(c.unprotectedRtcp), `${c.id}: SRTCP unprotect`).toEqual(withRejected(want.rtcp.map(hex)));
      expect(c.unprotectedRtp.at(-2)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
      expect(c.unprotectedRtcp.at(-2)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
      // and Node unprotects what the runtime protected
      const o = job[i]!.options;
      const rx = new srtp.SrtpSession({
        ...o,
        masterKey: bytes(o.masterKey),
        masterSalt: bytes(o.masterSalt),
        mki: o.mki === undefined ? undefined : { value: BigInt(o.mki.value), byteLength: o.mki.byteLength },
      });
      const back = c.protectedRtp.map((p) => rx.unprotect(bytes(p)));
      const backRtcp = c.protectedRtcp.map((p) => rx.unprotectRtcp(bytes(p)));
      expect(back.map((r) => r.ok && hex(r.packet)), `${c.id}: Node unprotects SRTP`).toEqual(want.rtp.map(hex));
      expect(backRtcp.map((r) => r.ok && hex(r.packet)), `${c.id}: Node unprotects SRTCP`).toEqual(want.rtcp.map(hex));
      rx.dispose();
    }
  });
}

describe('SRTP exchange with the worker under Node (the harness itself)', () => {
  exchange('node', () => process.execPath, []);
});

const RUNTIME_ARGS: Record<RuntimeName, string[]> = {
  bun: [],
  // only the srtp dist may be read; no config, lock file or network
  deno: ['run', '--no-config', '--no-lock', '--no-remote', `--allow-read=${dirname(entry)}`],
};

for (const name of ['bun', 'deno'] as const) {
  describeWithPeers([name], `SRTP exchange with ${name}`, () => {
    exchange(name, () => runtimeBin(name), RUNTIME_ARGS[name]);
  });
}
