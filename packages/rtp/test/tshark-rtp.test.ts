import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { tempDir, writePcap } from './helpers/pcap.js';
import { plainHex, hex8, tsharkFields } from './helpers/tshark.js';
import {
  buildHeaderExtension,
  parseHeaderExtensionElements,
  serializeRtpPacket,
  type RtpPacketInit,
} from '../src/index.js';

// Packets we serialize, covering every header feature of RFC 3550 §5.1 / §5.3.1 and RFC 8285.
const bytesOf = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const PACKETS: readonly (RtpPacketInit & { name: string })[] = [
  { name: 'plain PCMU, marker', payloadType: 0, marker: true, sequenceNumber: 1000, timestamp: 160_000, ssrc: 0xdeadbeef, payload: bytesOf(160, 1) },
  { name: 'CSRCs', payloadType: 8, sequenceNumber: 1001, timestamp: 160_160, ssrc: 0xdeadbeef, csrcs: [1, 0xffffffff, 0x12345678], payload: bytesOf(160, 2) },
  {
    name: 'one-byte extension', payloadType: 111, sequenceNumber: 1002, timestamp: 160_320, ssrc: 0xdeadbeef, payload: bytesOf(40, 3),
    extension: buildHeaderExtension([{ id: 1, data: Uint8Array.of(0x80 | 42) }, { id: 3, data: bytesOf(3, 9) }, { id: 14, data: bytesOf(16, 4) }]),
  },
  {
    name: 'two-byte extension', payloadType: 96, sequenceNumber: 1003, timestamp: 160_480, ssrc: 0xdeadbeef, payload: bytesOf(20, 5),
    extension: buildHeaderExtension([{ id: 20, data: bytesOf(20, 1) }, { id: 2, data: bytesOf(1, 2) }]),
  },
  { name: 'padding', payloadType: 0, sequenceNumber: 1004, timestamp: 160_640, ssrc: 0xdeadbeef, payload: bytesOf(10, 6), paddingLength: 6 },
  {
    name: 'everything at once', payloadType: 9, marker: true, sequenceNumber: 65535, timestamp: 0xffffffff, ssrc: 1, csrcs: [7, 8],
    extension: buildHeaderExtension([{ id: 5, data: bytesOf(2, 7) }]), payload: bytesOf(33, 7), paddingLength: 3,
  },
];

const FIELDS = [
  'rtp.version', 'rtp.padding', 'rtp.ext', 'rtp.cc', 'rtp.marker', 'rtp.p_type', 'rtp.seq', 'rtp.timestamp', 'rtp.ssrc',
  'rtp.csrc.item', 'rtp.ext.profile', 'rtp.ext.len', 'rtp.ext.rfc5285.id', 'rtp.ext.rfc5285.data', 'rtp.payload',
  'rtp.padding.count', '_ws.expert.severity', '_ws.malformed',
] as const;

describeWithPeers(['tshark'], 'tshark dissects the RTP we serialize (RFC 3550 §5.1, RFC 8285)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let rows: string[][][];
  beforeAll(() => {
    tmp = tempDir();
    const pcap = writePcap(
      tmp.dir,
      'rtp.pcap',
      PACKETS.map((p, i) => ({ timeMs: 1_764_150_000_000 + i * 20, payload: serializeRtpPacket(p), srcPort: 41000, dstPort: 41002 })),
    );
    rows = tsharkFields(pcap, ['udp.port==41002,rtp'], FIELDS);
  });
  afterAll(() => tmp?.cleanup());

  const col = (row: string[][], name: (typeof FIELDS)[number]): string[] => row[FIELDS.indexOf(name)] ?? [];

  PACKETS.forEach((p, i) => {
    it(`${p.name}: same field values, no expert warnings`, () => {
      const row = rows[i]!;
      expect(col(row, '_ws.malformed')).toEqual([]);
      expect(col(row, '_ws.expert.severity')).toEqual([]);
      expect(col(row, 'rtp.version')).toEqual(['2']);
      expect(col(row, 'rtp.padding')).toEqual([(p.paddingLength ?? 0) > 0 ? '1' : '0']);
      expect(col(row, 'rtp.ext')).toEqual([p.extension ? '1' : '0']);
      expect(col(row, 'rtp.cc')).toEqual([String(p.csrcs?.length ?? 0)]);
      expect(col(row, 'rtp.marker')).toEqual([p.marker ? '1' : '0']);
      expect(col(row, 'rtp.p_type')).toEqual([String(p.payloadType)]);
      expect(col(row, 'rtp.seq')).toEqual([String(p.sequenceNumber)]);
      expect(col(row, 'rtp.timestamp')).toEqual([String(p.timestamp)]);
      expect(col(row, 'rtp.ssrc')).toEqual([hex8(p.ssrc)]);
      expect(col(row, 'rtp.csrc.item')).toEqual((p.csrcs ?? []).map(hex8));
      expect(col(row, 'rtp.payload')).toEqual([plainHex(p.payload)]);
      expect(col(row, 'rtp.padding.count')).toEqual((p.paddingLength ?? 0) > 0 ? [String(p.paddingLength)] : []);
      if (p.extension) {
        const els = parseHeaderExtensionElements(p.extension);
        expect(col(row, 'rtp.ext.profile')).toEqual([`0x${p.extension.profile.toString(16)}`]);
        expect(col(row, 'rtp.ext.len')).toEqual([String(p.extension.data.length / 4)]);
        expect(col(row, 'rtp.ext.rfc5285.id')).toEqual(els.map((e) => String(e.id)));
        expect(col(row, 'rtp.ext.rfc5285.data')).toEqual(els.map((e) => plainHex(e.data)));
      }
    });
  });
});
