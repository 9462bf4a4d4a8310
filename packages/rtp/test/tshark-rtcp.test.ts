import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { tempDir, writePcap } from './helpers/pcap.js';
import { hex8, plainHex, tsharkFields } from './helpers/tshark.js';
import { RTCP_VECTORS } from './rtcp-vectors.js';
import { nackSequenceNumbers, serializeRtcpCompound, serializeRtcpPacket, type RtcpPacket, type RtcpReportBlock } from '../src/index.js';

const FIELDS = [
  'rtcp.version', 'rtcp.pt', 'rtcp.length', 'rtcp.padding', 'rtcp.senderssrc', 'rtcp.mediassrc',
  'rtcp.timestamp.ntp.msw', 'rtcp.timestamp.ntp.lsw', 'rtcp.timestamp.rtp', 'rtcp.sender.packetcount', 'rtcp.sender.octetcount',
  'rtcp.ssrc.identifier', 'rtcp.ssrc.fraction', 'rtcp.ssrc.cum_nr', 'rtcp.ssrc.ext_high', 'rtcp.ssrc.jitter', 'rtcp.ssrc.lsr', 'rtcp.ssrc.dlsr',
  'rtcp.sdes.type', 'rtcp.sdes.text', 'rtcp.app.subtype', 'rtcp.app.name', 'rtcp.app.data',
  'rtcp.rtpfb.fmt', 'rtcp.rtpfb.nack_pid', 'rtcp.rtpfb.nack_blp', 'rtcp.psfb.fmt', 'rtcp.psfb.fir.fci.ssrc', 'rtcp.psfb.fir.fci.csn',
  'rtcp.xr.bt', '_ws.expert.severity', '_ws.malformed',
] as const;
type Field = (typeof FIELDS)[number];
type Expect = Partial<Record<Field, string[]>>;

const blocks = (reports: readonly RtcpReportBlock[]): Expect => ({
  'rtcp.ssrc.identifier': reports.map((b) => hex8(b.ssrc)),
  'rtcp.ssrc.fraction': reports.map((b) => String(b.fractionLost)),
  'rtcp.ssrc.cum_nr': reports.map((b) => String(b.cumulativeLost)),
  'rtcp.ssrc.ext_high': reports.map((b) => String(b.highestSequence)),
  'rtcp.ssrc.jitter': reports.map((b) => String(b.jitter)),
  'rtcp.ssrc.lsr': reports.map((b) => String(b.lastSenderReport)),
  'rtcp.ssrc.dlsr': reports.map((b) => String(b.delaySinceLastSenderReport)),
});

/** What tshark must show for a packet, derived from the packet object (not from the bytes). */
function expected(p: RtcpPacket): Expect {
  switch (p.type) {
    case 'SR':
      return {
        'rtcp.pt': ['200'], 'rtcp.senderssrc': [hex8(p.ssrc)],
        'rtcp.timestamp.ntp.msw': [String(p.ntpTimestamp >> 32n)], 'rtcp.timestamp.ntp.lsw': [String(p.ntpTimestamp & 0xffffffffn)],
        'rtcp.timestamp.rtp': [String(p.rtpTimestamp)], 'rtcp.sender.packetcount': [String(p.packetCount)],
        'rtcp.sender.octetcount': [String(p.octetCount)], ...blocks(p.reports),
      };
    case 'RR':
      return { 'rtcp.pt': ['201'], 'rtcp.senderssrc': [hex8(p.ssrc)], ...blocks(p.reports) };
    case 'SDES':
      return {
        'rtcp.pt': ['202'],
        'rtcp.ssrc.identifier': p.chunks.map((c) => hex8(c.ssrc)),
        // tshark lists the END item (type 0) of each chunk too.
        'rtcp.sdes.type': p.chunks.flatMap((c) => [...c.items.map((i) => String(i.type)), '0']),
        'rtcp.sdes.text': p.chunks.flatMap((c) => c.items.map((i) => i.text)),
      };
    case 'BYE':
      return { 'rtcp.pt': ['203'], 'rtcp.ssrc.identifier': p.ssrcs.map(hex8), 'rtcp.sdes.text': p.reason === undefined ? [] : [p.reason] };
    case 'APP':
      return { 'rtcp.pt': ['204'], 'rtcp.app.subtype': [String(p.subtype)], 'rtcp.ssrc.identifier': [hex8(p.ssrc)], 'rtcp.app.name': [p.name], 'rtcp.app.data': [plainHex(p.data)] };
    case 'NACK':
      return {
        'rtcp.pt': ['205'], 'rtcp.rtpfb.fmt': ['1'], 'rtcp.senderssrc': [hex8(p.senderSsrc)], 'rtcp.mediassrc': [hex8(p.mediaSsrc)],
        'rtcp.rtpfb.nack_blp': p.items.map((i) => `0x${i.blp.toString(16).padStart(4, '0')}`),
        // tshark expands each PID + BLP into the lost sequence numbers, as nackSequenceNumbers does.
        'rtcp.rtpfb.nack_pid': nackSequenceNumbers(p.items).map(String),
      };
    case 'PLI':
      return { 'rtcp.pt': ['206'], 'rtcp.psfb.fmt': ['1'], 'rtcp.senderssrc': [hex8(p.senderSsrc)], 'rtcp.mediassrc': [hex8(p.mediaSsrc)] };
    case 'FIR':
      return {
        'rtcp.pt': ['206'], 'rtcp.psfb.fmt': ['4'], 'rtcp.senderssrc': [hex8(p.senderSsrc)], 'rtcp.mediassrc': [hex8(p.mediaSsrc)],
        'rtcp.psfb.fir.fci.ssrc': p.entries.map((e) => hex8(e.ssrc)), 'rtcp.psfb.fir.fci.csn': p.entries.map((e) => String(e.sequenceNumber)),
      };
    case 'UNKNOWN':
      return { 'rtcp.pt': [String(p.packetType)] };
  }
}

// Wireshark 4.0 does not strip per-packet RTCP padding (it reads the padding octets as RR profile
// extensions / BYE reason and flags them malformed), so the padded vector is checked by our own
// round-trip tests only.
const DISSECTED = RTCP_VECTORS.filter((v) => v.packet.paddingLength === undefined);
const COMPOUND: RtcpPacket[] = [RTCP_VECTORS[0]!.packet, RTCP_VECTORS[3]!.packet, RTCP_VECTORS[6]!.packet, RTCP_VECTORS[4]!.packet];
// Two items in a chunk, then a chunk whose SSRC starts with zero octets (rtp.js 0.15.5 mis-parses it).
const COMPOUND_SDES: RtcpPacket[] = [
  { type: 'RR', ssrc: 1, reports: [] },
  { type: 'SDES', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'user@host' }, { type: 6, text: '@voip/rtp' }] }, { ssrc: 3, items: [] }] },
];

describeWithPeers(['tshark'], 'tshark dissects the RTCP we serialize (RFC 3550 §6, RFC 4585, RFC 5104)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let rows: string[][][];
  beforeAll(() => {
    tmp = tempDir();
    const datagrams = [...DISSECTED.map((v) => serializeRtcpPacket(v.packet)), serializeRtcpCompound(COMPOUND), serializeRtcpCompound(COMPOUND_SDES)];
    const pcap = writePcap(tmp.dir, 'rtcp.pcap', datagrams.map((payload, i) => ({ timeMs: 1_764_150_000_000 + i, payload, srcPort: 41001, dstPort: 41003 })));
    rows = tsharkFields(pcap, ['udp.port==41003,rtcp'], FIELDS);
  });
  afterAll(() => tmp?.cleanup());

  const check = (row: string[][], packets: readonly RtcpPacket[]): void => {
    const get = (f: Field): string[] => row[FIELDS.indexOf(f)] ?? [];
    expect(get('_ws.malformed')).toEqual([]);
    expect(get('_ws.expert.severity')).toEqual([]);
    expect(get('rtcp.version')).toEqual(packets.map(() => '2'));
    const want: Record<string, string[]> = {};
    for (const p of packets) {
      for (const [k, v] of Object.entries(expected(p))) {
        want[k] = [...(want[k] ?? []), ...v];
      }
    }
    for (const [k, v] of Object.entries(want)) {
      expect(get(k as Field), k).toEqual(v);
    }
  };

  DISSECTED.forEach((v, i) => {
    it(`${v.name}: same field values, no expert warnings`, () => check(rows[i]!, [v.packet]));
  });
  it('compound SR + SDES + NACK + BYE: same field values, no expert warnings', () => check(rows[DISSECTED.length]!, COMPOUND));
  it('compound RR + SDES with two items and a zero-prefixed SSRC chunk: same values, no warnings', () =>
    check(rows[DISSECTED.length + 1]!, COMPOUND_SDES));
});
