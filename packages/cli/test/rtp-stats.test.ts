import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeRtpPacket } from '@voip/rtp';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { LinkType } from '../src/pcap/pcap-file.js';
import { PcapWriter } from '../src/pcap/pcap-writer.js';
import { buildUdpFrame } from '../src/pcap/udp-frame.js';
import type { RtpStreamStats } from '../src/commands/rtp-stats.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-rtpstats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sent {
  seq: number;
  ts: number;
  arrivalMs: number;
}

/**
 * RFC 3550 §6.4.1 / A.8 jitter over packets in arrival order, in ms, written out independently; the max
 * and the mean as tshark reports them: over the packets after the first, the mean divided by the
 * number of gaps (packets - 1). (No marker or comfort-noise packets here.)
 */
function referenceJitter(packets: readonly Sent[], clockRate: number): { max: number; mean: number } {
  let j = 0;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < packets.length; i++) {
    if (i > 0) {
      const a = packets[i]!;
      const b = packets[i - 1]!;
      const d = (a.arrivalMs - b.arrivalMs) * (clockRate / 1000) - ((a.ts - b.ts) | 0); // timestamps wrap
      j += (Math.abs(d) - j) / 16;
    }
    const ms = (j / clockRate) * 1000;
    if (i > 0) {
      max = Math.max(max, ms);
      sum += ms;
    }
  }
  return { max, mean: sum / (packets.length - 1) };
}

describe('voip rtp stats', () => {
  // Stream A: PCMU, 100 packets every 20 ms with a deterministic wobble; seq 10 and 11 lost, 50/51 swapped.
  const a: Sent[] = [];
  for (let k = 0; k < 100; k++) {
    if (k === 10 || k === 11) {
      continue;
    }
    a.push({ seq: (65500 + k) & 0xffff, ts: (4_294_960_000 + k * 160) >>> 0, arrivalMs: 1000 + k * 20 + ((k * 7) % 5) });
  }
  const i50 = a.findIndex((p) => p.seq === ((65500 + 50) & 0xffff));
  [a[i50], a[i50 + 1]] = [{ ...a[i50 + 1]!, arrivalMs: a[i50]!.arrivalMs }, { ...a[i50]!, arrivalMs: a[i50 + 1]!.arrivalMs }];
  // Stream B: dynamic PT 96 at 48 kHz, 20 packets every 20 ms (960 ticks).
  const b: Sent[] = Array.from({ length: 20 }, (_, k) => ({ seq: k, ts: k * 960, arrivalMs: 1005 + k * 20 + (k % 2) * 3 }));

  const path = join(dir, 'streams.pcap');
  const w = PcapWriter.create(path, LinkType.ETHERNET);
  const events: { at: number; frame: Uint8Array }[] = [];
  for (const p of a) {
    const rtp = serializeRtpPacket({ payloadType: 0, sequenceNumber: p.seq, timestamp: p.ts, ssrc: 0xaaaa, marker: false, payload: new Uint8Array(160) });
    events.push({ at: p.arrivalMs, frame: buildUdpFrame(LinkType.ETHERNET, { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 4000, dstPort: 5000 }, rtp) });
  }
  for (const p of b) {
    const rtp = serializeRtpPacket({ payloadType: 96, sequenceNumber: p.seq, timestamp: p.ts, ssrc: 0xbbbb, marker: false, payload: new Uint8Array(40) });
    events.push({ at: p.arrivalMs, frame: buildUdpFrame(LinkType.ETHERNET, { src: '::1', dst: '::2', srcPort: 6000, dstPort: 7000 }, rtp) });
  }
  // Noise: an RTCP receiver report, a lone RTP-looking datagram, a DNS query.
  events.push({ at: 1500, frame: buildUdpFrame(LinkType.ETHERNET, { src: '10.0.0.2', dst: '10.0.0.1', srcPort: 5001, dstPort: 4001 }, Uint8Array.from([0x80, 201, 0, 1, 0, 0, 0xaa, 0xaa])) });
  events.push({ at: 1600, frame: buildUdpFrame(LinkType.ETHERNET, { src: '10.0.0.9', dst: '10.0.0.1', srcPort: 53, dstPort: 9999 }, new Uint8Array(12).fill(0x80)) });
  events.push({ at: 1700, frame: buildUdpFrame(LinkType.ETHERNET, { src: '10.0.0.1', dst: '10.0.0.9', srcPort: 9999, dstPort: 53 }, Uint8Array.of(0x12, 0x34, 1, 0)) });
  events.sort((x, y) => x.at - y.at);
  for (const e of events) {
    w.write(1_700_000_000 + Math.floor(e.at / 1000), Math.round((e.at % 1000) * 1e6), e.frame);
  }
  w.close();

  it('gives loss, sequence errors and RFC 3550 jitter per stream, with the dynamic clock rate given', async () => {
    const io = captureIo();
    expect(await runCli(['rtp', 'stats', path, '--json', '--clock-rate', '96=48000'], io)).toBe(0);
    const streams = JSON.parse(io.out()) as RtpStreamStats[];
    expect(streams.map((s) => s.ssrc)).toEqual([0xaaaa, 0xbbbb]);
    const [sa, sb] = streams as [RtpStreamStats, RtpStreamStats];
    expect(sa).toMatchObject({ src: '10.0.0.1', srcPort: 4000, dst: '10.0.0.2', dstPort: 5000, payloadType: 0, encodingName: 'PCMU', clockRate: 8000, packets: 98, lost: 2 });
    expect(sa.sequenceErrors).toBe(4); // the gap; and 49 -> 51 -> 50 -> 52 around the swap
    const ra = referenceJitter(a, 8000);
    expect(sa.maxJitterMs).toBeCloseTo(ra.max, 6);
    expect(sa.meanJitterMs).toBeCloseTo(ra.mean, 6);
    expect(sa.maxDeltaMs).toBeCloseTo(Math.max(...a.slice(1).map((p, i) => p.arrivalMs - a[i]!.arrivalMs)), 3);
    expect(sa.maxDeltaMs).toBeGreaterThan(55); // the two lost packets
    expect(sb).toMatchObject({ src: '::1', payloadType: 96, clockRate: 48000, clockRateGuessed: false, packets: 20, lost: 0, sequenceErrors: 0 });
    expect(sb.maxJitterMs).toBeCloseTo(referenceJitter(b, 48000).max, 6);
  });

  it('prints a table, flags a guessed clock rate, and hides one-packet noise', async () => {
    const io = captureIo();
    expect(await runCli(['rtp', 'stats', path], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Src addr\s+Port\s+Dst addr\s+Port\s+SSRC\s+Payload\s+Pkts\s+Lost\s+Seq err/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/10\.0\.0\.1\s+4000\s+10\.0\.0\.2\s+5000\s+0x0000aaaa\s+PCMU\s+98\s+2 \(2\.0%\)\s+4/);
    expect(lines[2]).toMatch(/PT 96 \(8 kHz\?\)/);
    const all = captureIo();
    await runCli(['rtp', 'stats', path, '--min-packets', '1', '--json'], all);
    expect((JSON.parse(all.out()) as unknown[]).length).toBe(3);
  });

  it('counts loss of a stream that never has two packets in a row (A.1 probation never ends), across a wrap', async () => {
    const lossy = join(dir, 'every-other.pcap');
    const out = PcapWriter.create(lossy, LinkType.RAW);
    for (let k = 0; k < 40; k++) {
      const seq = (65520 + 2 * k) & 0xffff;
      const rtp = serializeRtpPacket({ payloadType: 8, sequenceNumber: seq, timestamp: k * 320, ssrc: 77, marker: false, payload: new Uint8Array(160) });
      out.write(100 + Math.floor((k * 40) / 1000), ((k * 40) % 1000) * 1e6, buildUdpFrame(LinkType.RAW, { src: '10.1.1.1', dst: '10.1.1.2', srcPort: 1, dstPort: 2 }, rtp));
    }
    out.close();
    const io = captureIo();
    expect(await runCli(['rtp', 'stats', lossy, '--json'], io)).toBe(0);
    const [st] = JSON.parse(io.out()) as RtpStreamStats[];
    expect(st).toMatchObject({ encodingName: 'PCMA', packets: 40, expected: 79, lost: 39, sequenceErrors: 39 });
  });

  it('warns about IP fragments and a capture cut inside a record, and still reports', async () => {
    const cut = join(dir, 'cut.pcap');
    const w2 = PcapWriter.create(cut, LinkType.RAW);
    for (let k = 0; k < 5; k++) {
      const rtp = serializeRtpPacket({ payloadType: 0, sequenceNumber: k, timestamp: k * 160, ssrc: 9, marker: false, payload: new Uint8Array(160) });
      const frame = buildUdpFrame(LinkType.RAW, { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2 }, rtp);
      if (k === 2) {
        frame[6] = 0x20; // more fragments: the first fragment of a larger datagram
      }
      w2.write(1, k * 20_000_000, frame);
    }
    w2.close();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(cut, new Uint8Array(10)); // a record header cut short
    const io = captureIo();
    expect(await runCli(['rtp', 'stats', cut, '--json'], io)).toBe(0);
    expect(io.err()).toContain('warning: the capture ends inside a record: 10 byte(s) ignored');
    expect(io.err()).toContain('warning: skipped 1 frame(s): 1 IP fragment (not reassembled)');
    expect((JSON.parse(io.out()) as RtpStreamStats[])[0]).toMatchObject({ packets: 4, lost: 1 });
  });
});
