/**
 * A whole call as tshark sees it: A streams PCMU to B over a lossy "network" (every 10th packet
 * dropped), both send RTCP (separate RTCP ports, RFC 3550 §11), B hangs up. The traffic that crossed
 * the network is written to a pcap and dissected by tshark: tshark's own loss count for the stream
 * must equal the cumulative loss B reported in its RR, A's SR must count every packet A sent, and the
 * BYE compound must be RR + SDES + BYE.
 */
import { afterAll, expect, it } from 'vitest';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { RtpCall, RtpMultiplexer, type TransportAddress } from '../src/index.js';
import { tempDir, writePcap, type PcapRecord } from './helpers/pcap.js';
import { hex8, tshark, tsharkFields } from './helpers/tshark.js';
import { MemoryTransport, PCMU } from './multiplexer-fixtures.js';

const A: TransportAddress = { address: '127.0.0.1', port: 40000 };
const B: TransportAddress = { address: '127.0.0.1', port: 50000 };

describeWithPeers(['tshark'], 'a lossy call dissected by tshark (RFC 3550 §6.4, §6.6, A.3)', () => {
  const tmp = tempDir('voip-rtp-call-');
  afterAll(() => tmp.cleanup());

  it("B's reported loss equals tshark's, A's SR counts what A sent, the BYE compound is well-formed", () => {
    const ta = new MemoryTransport(A);
    const tb = new MemoryTransport(B);
    const a = new RtpCall({ multiplexer: new RtpMultiplexer(ta), media: PCMU(B), rtcp: { enabled: false, cname: 'a@test' } });
    const b = new RtpCall({ multiplexer: new RtpMultiplexer(tb), media: PCMU(A), rtcp: { enabled: false, cname: 'b@test' } });
    a.multiplexer.registerCall(B, a);
    b.multiplexer.registerCall(A, b);

    // The "network": carries what each side sent to the other, drops what `drop` says, records a pcap.
    const records: PcapRecord[] = [];
    let clock = 1_700_000_000_000;
    const carry = (from: MemoryTransport, to: MemoryTransport, drop: (i: number) => boolean): void => {
      from.sent.splice(0).forEach((d, i) => {
        if (drop(i)) {
          return;
        }
        // RTCP leaves from the sender's RTCP port (RTP port + 1) when it goes to the peer's RTCP port.
        const srcPort = from.local.port + (d.remote.port === to.local.port ? 0 : 1);
        clock += 20;
        records.push({ timeMs: clock, payload: d.data, srcPort, dstPort: d.remote.port });
        to.deliver(d.data, { address: from.local.address, port: srcPort });
      });
    };

    for (let seq = 1; seq <= 200; seq++) {
      a.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload: new Uint8Array(160).fill(0xff) });
    }
    carry(ta, tb, (i) => i % 10 === 4); // 20 of 200 lost
    a.sendRtcpReport(); // SR
    carry(ta, tb, () => false);
    void b.hangUp('done'); // RR + SDES + BYE, sent synchronously
    carry(tb, ta, () => false);
    expect(b.statistics().packetsLost).toBe(20);
    expect(a.statistics().remoteReport?.cumulativeLost).toBe(20);
    expect(a.statistics().remoteBye?.reason).toBe('done');

    const pcap = writePcap(tmp.dir, 'call.pcap', records);
    const decode = [`udp.port==${B.port},rtp`, `udp.port==${B.port + 1},rtcp`, `udp.port==${A.port + 1},rtcp`];
    // tshark's own count of the stream's loss.
    const streams = tshark(['-r', pcap, ...decode.flatMap((d) => ['-d', d]), '-q', '-z', 'rtp,streams']);
    const line = streams.split('\n').find((l) => l.includes(hex8(a.ssrc).toUpperCase().replace('0X', '0x')));
    expect(line, streams).toBeDefined();
    const m = /0x[0-9A-F]+\s+\S+\s+(\d+)\s+(-?\d+)/.exec(line ?? '');
    expect(m?.slice(1, 3).map(Number)).toEqual([180, 20]);

    const rtcp = tsharkFields(pcap, decode, ['rtcp.pt', 'rtcp.senderssrc', 'rtcp.sender.packetcount', 'rtcp.ssrc.identifier', 'rtcp.ssrc.cum_nr', 'rtcp.ssrc.ext_high', 'rtcp.sdes.text'], ['-Y', 'rtcp']);
    expect(rtcp).toHaveLength(2);
    const [sr, bye] = rtcp;
    expect(sr?.[0]).toEqual(['200', '202']);
    expect(sr?.[1]?.[0]).toBe(hex8(a.ssrc));
    expect(sr?.[2]).toEqual(['200']); // sender's packet count includes the 20 the network dropped
    expect(sr?.[6]).toEqual(['a@test']);
    expect(bye?.[0]).toEqual(['201', '202', '203']);
    expect(bye?.[1]).toEqual([hex8(b.ssrc)]);
    // SSRC fields in order: B's report block (about A), B's SDES chunk, B's BYE.
    expect(bye?.[3]).toEqual([hex8(a.ssrc), hex8(b.ssrc), hex8(b.ssrc)]);
    expect(bye?.[4]).toEqual(['20']); // ... with tshark's loss figure
    expect(bye?.[5]).toEqual(['200']);
    expect(bye?.[6]).toEqual(['b@test', 'done']); // tshark shows the BYE reason as text too
  });
});
