import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LinkType,
  PcapParser,
  readPcapFile,
  serializePcapHeader,
  serializePcapRecord,
} from '../src/pcap/pcap-file.js';
import { buildUdpFrame, decodeUdpFrame, replaceUdpPayload } from '../src/pcap/udp-frame.js';
import { PcapWriter } from '../src/pcap/pcap-writer.js';
import { formatIpv6, parseIpAddress } from '../src/pcap/ip-address.js';
import { CliError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const v4 = { src: '10.0.0.1', dst: '192.168.1.20', srcPort: 5004, dstPort: 40000 };
const v6 = { src: '2001:db8::1', dst: 'fe80::2', srcPort: 6000, dstPort: 6001 };
const payload = Uint8Array.from({ length: 33 }, (_, i) => i * 7);

/** RFC 1071: the ones' complement sum over a region including its checksum is 0xffff. */
function checksumOk(words: Uint8Array): boolean {
  let s = 0;
  for (let i = 0; i < words.length; i += 2) {
    s += ((words[i] ?? 0) << 8) | (words[i + 1] ?? 0);
  }
  while (s > 0xffff) {
    s = (s & 0xffff) + (s >>> 16);
  }
  return s === 0xffff;
}

describe('IP address text (RFC 5952 §4)', () => {
  it('formats canonical IPv6', () => {
    expect(formatIpv6(parseIpAddress('::1'), 0)).toBe('::1');
    expect(formatIpv6(parseIpAddress('2001:0db8:0:0:1:0:0:1'), 0)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpAddress('2001:db8:0:1:1:1:1:1'), 0)).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(parseIpAddress('::ffff:1.2.3.4'), 0)).toBe('::ffff:102:304');
    expect(formatIpv6(new Uint8Array(16), 0)).toBe('::');
  });
  it('rejects a host name', () => expect(() => parseIpAddress('example.org')).toThrow(TypeError));
});

describe('UDP in link-layer frames', () => {
  const linkTypes = [LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.NULL];
  for (const linkType of linkTypes) {
    for (const ends of [v4, v6]) {
      it(`link type ${linkType}, ${ends.src}: builds and decodes back`, () => {
        const frame = buildUdpFrame(linkType, ends, payload);
        const d = decodeUdpFrame(frame, linkType);
        expect(d.ok).toBe(true);
        if (!d.ok) {
          return;
        }
        expect({ src: d.datagram.src, dst: d.datagram.dst, srcPort: d.datagram.srcPort, dstPort: d.datagram.dstPort }).toEqual(ends);
        expect(Array.from(d.datagram.payload)).toEqual(Array.from(payload));
        expect(d.datagram.family).toBe(ends === v4 ? 4 : 6);
      });
    }
  }
  it('raw IPv4 and IPv6 link types (228, 229) decode', () => {
    expect(decodeUdpFrame(buildUdpFrame(LinkType.IPV4, v4, payload), LinkType.IPV4).ok).toBe(true);
    expect(decodeUdpFrame(buildUdpFrame(LinkType.IPV6, v6, payload), LinkType.IPV6).ok).toBe(true);
  });
  it('computes a valid IPv4 header checksum and a valid IPv6 UDP checksum (RFC 8200 §8.1)', () => {
    const f4 = buildUdpFrame(LinkType.RAW, v4, payload);
    expect(checksumOk(f4.subarray(0, 20))).toBe(true);
    expect(f4[26]! | f4[27]!).toBe(0); // UDP checksum 0: none, allowed over IPv4 (RFC 768)
    const f6 = buildUdpFrame(LinkType.RAW, v6, payload);
    const udpLen = f6.length - 40;
    const pseudo = new Uint8Array(40 + udpLen + (udpLen & 1));
    pseudo.set(f6.subarray(8, 40));
    pseudo[34] = udpLen >> 8;
    pseudo[35] = udpLen & 0xff;
    pseudo[39] = 17;
    pseudo.set(f6.subarray(40), 40);
    expect(checksumOk(pseudo)).toBe(true);
    const corrupted = pseudo.slice();
    corrupted[45] = (corrupted[45] ?? 0) ^ 1;
    expect(checksumOk(corrupted)).toBe(false);
  });
  it('walks 802.1Q and QinQ tags', () => {
    const plain = buildUdpFrame(LinkType.ETHERNET, v4, payload);
    const tagged = new Uint8Array(plain.length + 8);
    tagged.set(plain.subarray(0, 12));
    tagged.set([0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x0a], 12);
    tagged.set(plain.subarray(12), 20);
    const d = decodeUdpFrame(tagged, LinkType.ETHERNET);
    expect(d.ok && Array.from(d.datagram.payload)).toEqual(Array.from(payload));
  });
  it('skips IPv4 options and keeps them when rewriting', () => {
    const plain = buildUdpFrame(LinkType.RAW, v4, payload);
    const opt = new Uint8Array(plain.length + 4);
    opt.set(plain.subarray(0, 20));
    opt[0] = 0x46; // IHL 6
    opt.set([1, 1, 1, 0], 20); // NOP NOP NOP EOL
    opt.set(plain.subarray(20), 24);
    opt[3] = (opt[3] ?? 0) + 4;
    const d = decodeUdpFrame(opt, LinkType.RAW);
    expect(d.ok).toBe(true);
    if (!d.ok) {
      return;
    }
    expect(d.datagram.udpOffset).toBe(24);
    const out = replaceUdpPayload(opt, d.datagram, Uint8Array.of(9, 9));
    expect(out.length).toBe(24 + 8 + 2);
    expect((out[2]! << 8) | out[3]!).toBe(34);
    expect(checksumOk(out.subarray(0, 24))).toBe(true);
    const back = decodeUdpFrame(out, LinkType.RAW);
    expect(back.ok && Array.from(back.datagram.payload)).toEqual([9, 9]);
  });
  it('reports IPv4 fragments (first, middle and last) as fragments', () => {
    const f = buildUdpFrame(LinkType.RAW, v4, payload);
    const first = f.slice();
    first[6] = 0x20; // MF
    expect(decodeUdpFrame(first, LinkType.RAW)).toEqual({ ok: false, reason: 'fragment' });
    const last = f.slice();
    last[6] = 0;
    last[7] = 10; // offset 80
    expect(decodeUdpFrame(last, LinkType.RAW)).toEqual({ ok: false, reason: 'fragment' });
  });
  it('walks IPv6 hop-by-hop, destination options and atomic fragment headers; skips real fragments', () => {
    const plain = buildUdpFrame(LinkType.RAW, v6, payload);
    const ext = Uint8Array.from([
      60, 0, 1, 4, 0, 0, 0, 0, // hop-by-hop -> dest opts, PadN
      44, 0, 1, 4, 0, 0, 0, 0, // dest opts -> fragment
      17, 0, 0, 0, 0, 0, 0, 1, // fragment -> UDP, offset 0, M = 0 (atomic)
    ]);
    const f = new Uint8Array(plain.length + ext.length);
    f.set(plain.subarray(0, 40));
    f[6] = 0; // next header: hop-by-hop
    f.set(ext, 40);
    f.set(plain.subarray(40), 40 + ext.length);
    f[5] = (f[5] ?? 0) + ext.length;
    const d = decodeUdpFrame(f, LinkType.RAW);
    expect(d.ok && Array.from(d.datagram.payload)).toEqual(Array.from(payload));
    const frag = f.slice();
    frag[40 + 18] = 0;
    frag[40 + 19] = 0x01; // ... M = 1: a real fragment
    expect(decodeUdpFrame(frag, LinkType.RAW)).toEqual({ ok: false, reason: 'fragment' });
    const esp = plain.slice();
    esp[6] = 50;
    expect(decodeUdpFrame(esp, LinkType.RAW)).toEqual({ ok: false, reason: 'ipv6-extension' });
  });
  it('says why other frames carry no UDP', () => {
    const tcp = buildUdpFrame(LinkType.ETHERNET, v4, payload);
    tcp[14 + 9] = 6;
    expect(decodeUdpFrame(tcp, LinkType.ETHERNET)).toEqual({ ok: false, reason: 'not-udp' });
    const arp = buildUdpFrame(LinkType.ETHERNET, v4, payload);
    arp[12] = 0x08;
    arp[13] = 0x06;
    expect(decodeUdpFrame(arp, LinkType.ETHERNET)).toEqual({ ok: false, reason: 'not-ip' });
    expect(decodeUdpFrame(payload, 147)).toEqual({ ok: false, reason: 'unsupported-link' });
  });
  it('never throws and never reads past the frame on arbitrary bytes', () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(0, 1, 101, 113, 228, 229, 276), (bytes, lt) => {
        const d = decodeUdpFrame(bytes, lt);
        if (d.ok) {
          expect(d.datagram.udpOffset + 8 + d.datagram.payload.length).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 2000 },
    ));
  it('rejects every truncation of a valid frame', () => {
    const f = buildUdpFrame(LinkType.ETHERNET, v6, payload);
    for (let n = 0; n < f.length; n++) {
      expect(decodeUdpFrame(f.subarray(0, n), LinkType.ETHERNET).ok).toBe(false);
    }
  });
});

describe('pcapng files', () => {
  /** A big-endian pcapng: SHB, an IDB (Linux SLL, nanosecond if_tsresol), an EPB, a name block, an SPB. */
  function bigEndianPcapng(frame: Uint8Array): Uint8Array {
    const blocks: number[][] = [];
    const u32 = (v: number): number[] => [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    const u16 = (v: number): number[] => [v >> 8, v & 0xff];
    const pad = (b: number[]): number[] => [...b, ...new Array<number>((4 - (b.length % 4)) % 4).fill(0)];
    const block = (type: number, body: number[]): void => {
      const len = 12 + body.length;
      blocks.push([...u32(type), ...u32(len), ...body, ...u32(len)]);
    };
    block(0x0a0d0d0a, [...u32(0x1a2b3c4d), ...u16(1), ...u16(0), ...u32(0xffffffff), ...u32(0xffffffff)]);
    block(1, [...u16(LinkType.LINUX_SLL), 0, 0, ...u32(65535), ...u16(9), ...u16(1), 9, 0, 0, 0, ...u16(0), ...u16(0)]);
    const ts = 1_700_000_000_123_456_789n;
    block(6, [...u32(0), ...u32(Number(ts >> 32n)), ...u32(Number(ts & 0xffffffffn)), ...u32(frame.length), ...u32(frame.length), ...pad([...frame])]);
    block(4, [0, 0, 0, 0]); // a name resolution block: skipped
    block(3, [...u32(frame.length), ...pad([...frame])]);
    return Uint8Array.from(blocks.flat());
  }
  it('reads big-endian sections, nanosecond if_tsresol, EPB and SPB, in any chunking', () => {
    const frame = buildUdpFrame(LinkType.LINUX_SLL, v4, payload);
    const file = bigEndianPcapng(frame);
    for (const size of [1, 7, 64, file.length]) {
      const p = new PcapParser();
      const got = [];
      for (let o = 0; o < file.length; o += size) {
        got.push(...p.push(file.slice(o, o + size)));
      }
      expect(got).toHaveLength(2);
      expect(got[0]).toMatchObject({ seconds: 1_700_000_000, nanoseconds: 123_456_789, linkType: LinkType.LINUX_SLL, nanosecond: true });
      expect(decodeUdpFrame(got[1]!.data, got[1]!.linkType).ok).toBe(true);
      expect(p.header?.linkType).toBe(LinkType.LINUX_SLL);
      expect(p.trailingBytes).toBe(0);
    }
    const bad = file.slice();
    bad[35] = 0x21; // the IDB (at byte 28) with a length that is not a multiple of 4
    expect(() => new PcapParser().push(bad)).toThrow(/corrupt pcapng block at byte 28/);
    const noIdb = file.slice();
    noIdb[31] = 0x21; // the IDB becomes an unknown block: the packet names a missing interface
    expect(() => new PcapParser().push(noIdb)).toThrow(/corrupt pcapng packet block at byte 60/);
  });
});

describe('pcap files', () => {
  function bigEndianFile(nanosecond: boolean): Uint8Array {
    const frame = buildUdpFrame(LinkType.RAW, v4, payload);
    const out = new Uint8Array(24 + 16 + frame.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, nanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
    v.setUint16(4, 2);
    v.setUint16(6, 4);
    v.setUint32(16, 65535);
    v.setUint32(20, 101);
    v.setUint32(24, 1_700_000_000);
    v.setUint32(28, nanosecond ? 123_456_789 : 123_456);
    v.setUint32(32, frame.length);
    v.setUint32(36, frame.length);
    out.set(frame, 40);
    return out;
  }
  it('reads big-endian microsecond and nanosecond files', () => {
    for (const ns of [false, true]) {
      const p = new PcapParser();
      const [r] = p.push(bigEndianFile(ns));
      expect(p.header).toMatchObject({ littleEndian: false, nanosecond: ns, linkType: 101, snapLength: 65535 });
      expect(r?.seconds).toBe(1_700_000_000);
      expect(r?.nanoseconds).toBe(ns ? 123_456_789 : 123_456_000);
      expect(r?.timestampMicros).toBe(1_700_000_000_123_456);
      expect(decodeUdpFrame(r!.data, r!.linkType).ok).toBe(true);
    }
  });
  it('writes, then streams back in tiny chunks, every record intact (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        async (payloads, ns, chunkSize) => {
          const path = join(dir, `p-${ns}-${chunkSize}.pcap`);
          const w = PcapWriter.create(path, LinkType.LINUX_SLL, ns);
          payloads.forEach((p, i) => w.write(1000 + i, 999_999_999 - i, buildUdpFrame(LinkType.LINUX_SLL, v6, p)));
          w.close();
          const got: number[][] = [];
          const stamps: number[] = [];
          let progress = 0;
          for await (const r of readPcapFile(path, { chunkSize, onProgress: (d) => (progress = d) })) {
            const d = decodeUdpFrame(r.data, r.linkType);
            expect(d.ok).toBe(true);
            if (d.ok) {
              got.push(Array.from(d.datagram.payload));
            }
            stamps.push(r.nanoseconds);
          }
          expect(got).toEqual(payloads.map((p) => Array.from(p)));
          expect(stamps[0]).toBe(ns ? 999_999_999 : 999_999_000);
          expect(progress).toBe(readFileSync(path).length);
        },
      ),
      { numRuns: 25 },
    );
  });
  it('ignores a truncated last record and reports its bytes', async () => {
    const path = join(dir, 'trunc.pcap');
    const header = serializePcapHeader(LinkType.RAW);
    const rec = serializePcapRecord(1, 0, buildUdpFrame(LinkType.RAW, v4, payload));
    writeFileSync(path, Buffer.concat([header, rec, rec.subarray(0, 30)]));
    const iter = readPcapFile(path);
    let n = 0;
    let result = await iter.next();
    while (result.done !== true) {
      n++;
      result = await iter.next();
    }
    expect(n).toBe(1);
    expect(result.value).toEqual({ trailingBytes: 30 });
  });
  it('says what is wrong with pcapng, garbage, a missing file and a corrupt record', async () => {
    const ng = join(dir, 'x.pcapng');
    writeFileSync(ng, Uint8Array.from([0x0a, 0x0d, 0x0d, 0x0a, ...new Array<number>(40).fill(0)]));
    await expect(readPcapFile(ng).next()).rejects.toThrow(/corrupt pcapng/);
    const junk = join(dir, 'junk.pcap');
    writeFileSync(junk, new Uint8Array(30).fill(0x41));
    await expect(readPcapFile(junk).next()).rejects.toThrow('not a pcap file: magic 0x41414141');
    await expect(readPcapFile(join(dir, 'none.pcap')).next()).rejects.toThrow(/no such file or directory/);
    await expect(readPcapFile(dir).next()).rejects.toThrow(CliError);
    const corrupt = serializePcapRecord(1, 0, payload);
    new DataView(corrupt.buffer).setUint32(8, 0x7fffffff, true);
    expect(() => new PcapParser().push(Buffer.concat([serializePcapHeader(1), corrupt]))).toThrow(/corrupt pcap record at byte 24/);
    expect(() => serializePcapRecord(1, 1e9, payload)).toThrow(RangeError);
    const short = join(dir, 'short.pcap');
    writeFileSync(short, new Uint8Array(10));
    await expect(readPcapFile(short).next()).rejects.toThrow(/need a 24-byte header/);
  });
});
