import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { tempDir, writePcap } from './helpers/pcap.js';
import { hex8, tsharkFields } from './helpers/tshark.js';
import { DtmfSender, serializeRtpPacket, serializeTelephoneEvent, type DtmfPlan, type RtpPacketInit } from '../src/index.js';

// Wireshark's RFC 4733 dissector ("rtpevent") on the packets DtmfSender plans, sent as a stream
// would: sequence numbers and SSRC added, one UDP datagram each, at the planned times.
const SSRC = 0x0d7f_0001;
const PORT = 42_002;

/** What tshark should show of the (first) report: from the plan, not from our parser. */
interface Report {
  event: number;
  end: boolean;
  volume: number;
  duration: number;
}

interface Case {
  name: string;
  payloadType: number;
  packets: (RtpPacketInit & { report: Report })[];
}

function stream(sender: DtmfSender, plan: DtmfPlan, firstSeq: number): Case['packets'] {
  return plan.packets.map((p, i) => ({
    ...p,
    sequenceNumber: (firstSeq + i) & 0xffff,
    ssrc: SSRC,
    report: { event: p.event, end: p.end, volume: sender.volume, duration: p.duration },
  }));
}

const at8k = new DtmfSender({ payloadType: 101 });
const at48k = new DtmfSender({ payloadType: 110, clockRate: 48_000, packetIntervalMs: 20, volume: 30 });

const CASES: Case[] = [
  { name: 'digits 0-9 * # A-D at 8000 Hz, PT 101', payloadType: 101, packets: stream(at8k, at8k.planDigits('0123456789*#ABCD', 160_000, 0), 1000) },
  {
    name: 'a long event in 0xFFFF segments at 8000 Hz, PT 101',
    payloadType: 101,
    packets: stream(at8k, at8k.planEvent(5, 9000, 0xffff_0000, 0), 65_500),
  },
  {
    name: 'digits at 48000 Hz, 20 ms updates, PT 110 (decode-as)',
    payloadType: 110,
    packets: stream(at48k, at48k.planDigits('159#', 7, 0), 1),
  },
  {
    name: 'two reports in one packet (RFC 4733 §2.5.1.5)',
    payloadType: 101,
    packets: [
      {
        payloadType: 101,
        sequenceNumber: 1,
        timestamp: 8000,
        ssrc: SSRC,
        marker: true,
        payload: serializeTelephoneEvent([{ event: 3, end: true, volume: 10, duration: 800 }, { event: 4, volume: 10, duration: 160 }]),
        report: { event: 3, end: true, volume: 10, duration: 800 },
      },
    ],
  },
];

const FIELDS = [
  'rtp.p_type', 'rtp.marker', 'rtp.seq', 'rtp.timestamp', 'rtp.ssrc',
  'rtpevent.event_id', 'rtpevent.end_of_event', 'rtpevent.reserved', 'rtpevent.volume', 'rtpevent.duration',
  '_ws.expert.severity', '_ws.malformed',
] as const;

describeWithPeers(['tshark'], 'tshark dissects the telephone events we send (RFC 4733 §2.3)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const rows = new Map<string, string[][][]>();
  beforeAll(() => {
    tmp = tempDir('voip-dtmf-');
    CASES.forEach((c, n) => {
      const pcap = writePcap(
        tmp.dir,
        `dtmf-${n}.pcap`,
        c.packets.map((p, i) => ({ timeMs: 1_764_150_000_000 + i * 10, payload: serializeRtpPacket(p), srcPort: PORT - 2, dstPort: PORT })),
      );
      // PT 101 is in tshark's default rtpevent range; the decode-as rule makes every case explicit.
      rows.set(c.name, tsharkFields(pcap, [`udp.port==${PORT},rtp`, `rtp.pt==${c.payloadType},rtpevent`], FIELDS));
    });
  });
  afterAll(() => tmp?.cleanup());

  const col = (row: string[][], name: (typeof FIELDS)[number]): string[] => row[FIELDS.indexOf(name)] ?? [];

  CASES.forEach((c) => {
    it(`${c.name}: every field as we meant it, no expert warnings`, () => {
      const got = rows.get(c.name)!;
      expect(got).toHaveLength(c.packets.length);
      c.packets.forEach((p, i) => {
        const row = got[i]!;
        // Wireshark 4.0 dissects the first report of a packet only.
        const first = p.report;
        expect(col(row, '_ws.malformed')).toEqual([]);
        expect(col(row, '_ws.expert.severity')).toEqual([]);
        expect(col(row, 'rtp.p_type')).toEqual([String(c.payloadType)]);
        expect(col(row, 'rtp.marker')).toEqual([p.marker === true ? '1' : '0']);
        expect(col(row, 'rtp.seq')).toEqual([String(p.sequenceNumber)]);
        expect(col(row, 'rtp.timestamp')).toEqual([String(p.timestamp)]);
        expect(col(row, 'rtp.ssrc')).toEqual([hex8(SSRC)]);
        expect(col(row, 'rtpevent.event_id')).toEqual([String(first.event)]);
        expect(col(row, 'rtpevent.end_of_event')).toEqual([first.end ? '1' : '0']);
        expect(col(row, 'rtpevent.reserved')).toEqual(['0']);
        expect(col(row, 'rtpevent.volume')).toEqual([String(first.volume)]);
        expect(col(row, 'rtpevent.duration')).toEqual([String(first.duration)]);
      });
    });
  });

  it('tshark sees the DTMF digits in order: one marker and three end reports per digit', () => {
    const got = rows.get(CASES[0]!.name)!;
    const starts = got.filter((r) => col(r, 'rtp.marker')[0] === '1').map((r) => Number(col(r, 'rtpevent.event_id')[0]));
    expect(starts).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const ends = got.filter((r) => col(r, 'rtpevent.end_of_event')[0] === '1');
    expect(ends).toHaveLength(48);
    expect(ends.every((r) => col(r, 'rtpevent.duration')[0] === '800')).toBe(true);
  });

  it('tshark sees the long event as two timestamps (segments), the second 0xFFFF after the first, wrapping', () => {
    const got = rows.get(CASES[1]!.name)!;
    const timestamps = [...new Set(got.map((r) => Number(col(r, 'rtp.timestamp')[0])))];
    expect(timestamps).toEqual([0xffff_0000, (0xffff_0000 + 0xffff) % 2 ** 32]);
    expect(got.filter((r) => col(r, 'rtpevent.duration')[0] === '65535' && col(r, 'rtpevent.end_of_event')[0] === '0')).toHaveLength(3);
  });
});
