/**
 * The load bench's SRTP row: CPU per packet to protect and then unprotect (in a second session, replay
 * window on) the same 172-byte RTP packets (AES_CM_128_HMAC_SHA1_80, sequential sequence numbers), for
 * @voip/srtp (`protectInto` / `unprotectInto` into reused buffers, as the call path uses them), werift-rtp, and libsrtp 2 in C (Debian
 * libsrtp2-dev, through libsrtp-cpu.c compiled into a temp dir). Each figure is process CPU time over
 * the loop / packets, measured one after another in the same bench run, so their ratios are what count.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SrtpSession } from '@voip/srtp';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, SrtpSession as WeriftSrtpSession } from 'werift-rtp';

export interface SrtpCpuRow {
  /** Nanoseconds of CPU per packet protected + unprotected; `undefined` when that peer could not run. */
  readonly oursNs: number;
  readonly weriftNs: number;
  readonly libsrtpNs: number | undefined;
  /** Why libsrtp is missing, when it is. */
  readonly libsrtpSkipped?: string;
}

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i * 7 + 1);
const SALT = Uint8Array.from({ length: 14 }, (_, i) => (16 + i) * 7 + 1);

function packet(i: number): Uint8Array {
  const p = new Uint8Array(172).fill(0x5a);
  p[0] = 0x80;
  p[1] = 0;
  p[2] = (i >>> 8) & 0xff;
  p[3] = i & 0xff;
  new DataView(p.buffer).setUint32(4, (i * 160) >>> 0);
  p.set([0x11, 0x22, 0x33, 0x44], 8);
  return p;
}

function cpuNsPerPacket(packets: number, run: () => void): number {
  const cpu0 = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) * 1000) / packets;
}

function ours(packets: number): number {
  const material = { suite: 'AES_CM_128_HMAC_SHA1_80' as const, masterKey: KEY, masterSalt: SALT };
  const tx = new SrtpSession(material);
  const rx = new SrtpSession(material);
  const pkt = packet(0);
  const wire = new Uint8Array(tx.protectedLength(pkt.length));
  const back = new Uint8Array(pkt.length);
  return cpuNsPerPacket(packets, () => {
    for (let i = 0; i < packets; i++) {
      pkt[2] = (i >>> 8) & 0xff;
      pkt[3] = i & 0xff;
      if (rx.unprotectInto(wire.subarray(0, tx.protectInto(pkt, wire)), back) !== pkt.length) {
        throw new Error('@voip/srtp: unprotect failed');
      }
    }
  });
}

function werift(packets: number): number {
  const key = Buffer.from(KEY);
  const salt = Buffer.from(SALT);
  const keys = { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt };
  const tx = new WeriftSrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
  const rx = new WeriftSrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
  const first = Buffer.from(packet(0));
  const header = RtpHeader.deSerialize(first);
  const payload = first.subarray(12);
  return cpuNsPerPacket(packets, () => {
    for (let i = 0; i < packets; i++) {
      header.sequenceNumber = i & 0xffff;
      header.timestamp = (i * 160) >>> 0;
      rx.decrypt(tx.encrypt(payload, header));
    }
  });
}

function libsrtp(packets: number): number | string {
  const dir = mkdtempSync(join(tmpdir(), 'voip-libsrtp-cpu-'));
  try {
    const bin = join(dir, 'libsrtp-cpu');
    const src = fileURLToPath(new URL('./libsrtp-cpu.c', import.meta.url));
    try {
      execFileSync('cc', ['-O2', '-o', bin, src, '-lsrtp2'], { stdio: 'pipe' });
    } catch (error) {
      return `libsrtp2-dev or cc missing (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
    return Number(execFileSync(bin, [String(packets)], { encoding: 'utf8' }).trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Measures the row; a warm-up pass of each JS peer first (as many packets as the row), so the JIT is not in the figure. */
export function srtpCpuRow(packets = 50_000): SrtpCpuRow {
  ours(packets);
  werift(packets);
  const oursNs = ours(packets);
  const weriftNs = werift(packets);
  const c = libsrtp(packets);
  return typeof c === 'number' ? { oursNs, weriftNs, libsrtpNs: c } : { oursNs, weriftNs, libsrtpNs: undefined, libsrtpSkipped: c };
}

export function formatSrtpCpuRow(r: SrtpCpuRow): string {
  const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;
  return [
    `SRTP per packet (AES_CM_128_HMAC_SHA1_80, 172-byte RTP, protect + unprotect, CPU time, same run):`,
    `  @voip/srtp: ${us(r.oursNs)}   werift-rtp: ${us(r.weriftNs)} (${(r.weriftNs / r.oursNs).toFixed(2)}x ours)   libsrtp 2 (C): ${
      r.libsrtpNs === undefined ? `skipped: ${r.libsrtpSkipped}` : `${us(r.libsrtpNs)} (${(r.libsrtpNs / r.oursNs).toFixed(2)}x ours)`
    }`,
  ].join('\n');
}
