/**
 * A tiny classic libpcap writer for interop tests: global header, link type 1 (Ethernet), and per
 * record an Ethernet II + IPv4 + UDP frame around the payload, with the record timestamp set to the
 * given arrival time. Format: https://wiki.wireshark.org/Development/LibpcapFileFormat
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PcapRecord {
  /** Arrival time in milliseconds since the Unix epoch (microsecond resolution is kept). */
  readonly timeMs: number;
  readonly payload: Uint8Array;
  readonly srcPort: number;
  readonly dstPort: number;
}

const LINKTYPE_ETHERNET = 1;

function ipv4Checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) {
    sum += ((header[i] as number) << 8) | (header[i + 1] as number);
  }
  while (sum > 0xffff) {
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return ~sum & 0xffff;
}

function frame(r: PcapRecord, id: number): Uint8Array {
  const udpLength = 8 + r.payload.length;
  const ipLength = 20 + udpLength;
  const out = new Uint8Array(14 + ipLength);
  const v = new DataView(out.buffer);
  // Ethernet II: locally administered MACs, EtherType IPv4.
  out.set([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1], 0);
  v.setUint16(12, 0x0800);
  // IPv4, 127.0.0.1 → 127.0.0.1, UDP.
  const ip = out.subarray(14, 34);
  ip[0] = 0x45;
  v.setUint16(16, ipLength);
  v.setUint16(18, id & 0xffff);
  ip[8] = 64;
  ip[9] = 17;
  ip.set([127, 0, 0, 1], 12);
  ip.set([127, 0, 0, 1], 16);
  v.setUint16(24, ipv4Checksum(ip));
  // UDP, checksum 0 (= none, allowed over IPv4).
  v.setUint16(34, r.srcPort);
  v.setUint16(36, r.dstPort);
  v.setUint16(38, udpLength);
  out.set(r.payload, 42);
  return out;
}

/** The bytes of a classic pcap file (little-endian, microsecond timestamps). */
export function pcapFile(records: readonly PcapRecord[]): Uint8Array {
  const frames = records.map((r, i) => frame(r, i));
  const size = 24 + frames.reduce((n, f) => n + 16 + f.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true);
  v.setUint32(12, 0, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  let o = 24;
  records.forEach((r, i) => {
    const f = frames[i] as Uint8Array;
    const micros = Math.round(r.timeMs * 1000);
    v.setUint32(o, Math.floor(micros / 1e6), true);
    v.setUint32(o + 4, micros % 1e6, true);
    v.setUint32(o + 8, f.length, true);
    v.setUint32(o + 12, f.length, true);
    out.set(f, o + 16);
    o += 16 + f.length;
  });
  return out;
}

/** A temporary directory (mkdtemp under os.tmpdir()) and a cleanup function. */
export function tempDir(prefix = 'voip-rtp-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `records` to `dir/name` and returns the path. */
export function writePcap(dir: string, name: string, records: readonly PcapRecord[]): string {
  const path = join(dir, name);
  writeFileSync(path, pcapFile(records));
  return path;
}
