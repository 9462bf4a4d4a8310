/**
 * `voip rtp stats` against Wireshark's RTP analysis (`tshark -q -z rtp,streams`) on the same capture:
 * ffmpeg streams PCMU in real time to our sockets; we drop a few packets and reorder two while writing
 * the pcap, so loss, sequence errors and jitter are all non-trivial. Also checks that tshark reads
 * the pcaps we write (Ethernet, Linux cooked, IPv6 with its UDP checksum).
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { LinkType } from '../src/pcap/pcap-file.js';
import { PcapWriter } from '../src/pcap/pcap-writer.js';
import { buildUdpFrame } from '../src/pcap/udp-frame.js';
import type { RtpStreamStats } from '../src/commands/rtp-stats.js';
import { bindPair, interopScratch, runPeer, sleep, writeCapture, type Captured } from './helpers/capture.js';

const { dir, sockets, children } = interopScratch('voip-cli-tshark-');

interface TsharkStream {
  ssrc: number;
  packets: number;
  lost: number;
  maxDelta: number;
  meanDelta: number;
  meanJitter: number;
  maxJitter: number;
}

function parseTsharkStreams(text: string): TsharkStream[] {
  const out: TsharkStream[] = [];
  for (const line of text.split('\n')) {
    // Start End SrcIP SrcPort DstIP DstPort SSRC Payload Pkts Lost (x%) MinDelta MeanDelta MaxDelta MinJitter MeanJitter MaxJitter
    const m = /\s(0x[0-9A-Fa-f]{8})\s+\S+\s+(\d+)\s+(-?\d+)\s+\([^)]*\)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(line);
    if (m !== null) {
      out.push({
        ssrc: Number.parseInt(m[1]!, 16),
        packets: Number(m[2]),
        lost: Number(m[3]),
        meanDelta: Number(m[5]),
        maxDelta: Number(m[6]),
        meanJitter: Number(m[8]),
        maxJitter: Number(m[9]),
      });
    }
  }
  return out;
}

describeWithPeers(['ffmpeg', 'tshark'], 'interop: voip rtp stats against tshark -z rtp,streams', () => {
  it('agrees on packets, loss, max delta, and max and mean jitter', async () => {
    const pair = await bindPair();
    sockets.push(...pair.sockets);
    const r = await runPeer(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=2:sample_rate=8000',
        '-ac', '1', '-c:a', 'pcm_mulaw', '-f', 'rtp', '-payload_type', '0', `rtp://127.0.0.1:${pair.port}?pkt_size=172`],
      30_000,
      children,
    );
    expect(r.code).toBe(0);
    await sleep(150);
    const rtp: Captured[] = pair.captured.filter((c) => c.dstPort === pair.port);
    expect(rtp.length).toBeGreaterThan(90);
    // Drop three packets and swap two neighbours (keeping their arrival times in order).
    const kept = rtp.filter((_, i) => i !== 10 && i !== 11 && i !== 40);
    const a = kept[60]!;
    const b = kept[61]!;
    kept[60] = { ...b, micros: a.micros };
    kept[61] = { ...a, micros: b.micros };
    const path = join(dir, 'ffmpeg-rtp.pcap');
    writeCapture(path, kept);

    const io = captureIo();
    expect(await runCli(['rtp', 'stats', path, '--json'], io)).toBe(0);
    const ours = JSON.parse(io.out()) as RtpStreamStats[];
    const ts = await runPeer('tshark', ['-r', path, '-q', '-z', 'rtp,streams', '-d', `udp.port==${pair.port},rtp`], 30_000, children);
    const theirs = parseTsharkStreams(ts.stdout);
    expect(theirs).toHaveLength(1);
    expect(ours).toHaveLength(1);
    const o = ours[0]!;
    const t = theirs[0]!;
    expect(o.ssrc).toBe(t.ssrc);
    expect(o.packets).toBe(t.packets);
    expect(o.lost).toBe(3);
    expect(t.lost).toBe(3);
    expect(o.sequenceErrors).toBeGreaterThanOrEqual(3);
    expect(o.maxDeltaMs).toBeCloseTo(t.maxDelta, 1);
    expect(t.maxJitter).toBeGreaterThan(1);
    // The same figures as tshark's to its printed precision (3 decimals): the same jitter, and the same
    // mean (over the gaps between regular packets, divided by packets - 1).
    expect(Math.abs(o.maxJitterMs - t.maxJitter)).toBeLessThan(0.005);
    expect(Math.abs(o.meanJitterMs - t.meanJitter)).toBeLessThan(0.005);
    expect(Math.abs(o.meanDeltaMs - t.meanDelta)).toBeLessThan(0.005);

    // The same capture written by tshark as pcapng (its default format): the same figures.
    const ng = join(dir, 'ffmpeg-rtp.pcapng');
    const conv = await runPeer('tshark', ['-r', path, '-F', 'pcapng', '-w', ng], 30_000, children);
    expect(conv.code).toBe(0);
    const ngIo = captureIo();
    expect(await runCli(['rtp', 'stats', ng, '--json'], ngIo)).toBe(0);
    const fromNg = JSON.parse(ngIo.out()) as RtpStreamStats[];
    expect(fromNg.map((s) => [s.ssrc, s.packets, s.lost, s.sequenceErrors])).toEqual(ours.map((s) => [s.ssrc, s.packets, s.lost, s.sequenceErrors]));
    expect(fromNg[0]!.maxJitterMs).toBeCloseTo(o.maxJitterMs, 6);
  });

  it('tshark reads the pcaps we write: each link type, IPv4 and IPv6, with valid checksums', async () => {
    const payload = Uint8Array.from([0x80, 0x00, 0x00, 0x01, 0, 0, 0, 160, 0, 0, 0, 7, ...new Array<number>(160).fill(0xff)]);
    for (const [linkType, src, dst] of [
      [LinkType.ETHERNET, '192.0.2.1', '198.51.100.2'],
      [LinkType.LINUX_SLL, '2001:db8::1', '2001:db8::2'],
      [LinkType.LINUX_SLL2, '192.0.2.1', '198.51.100.2'],
      [LinkType.RAW, '2001:db8::a', '2001:db8::b'],
    ] as const) {
      const path = join(dir, `written-${linkType}.pcap`);
      const w = PcapWriter.create(path, linkType);
      w.write(1_700_000_000, 5000, buildUdpFrame(linkType, { src, dst, srcPort: 5004, dstPort: 5006 }, payload));
      w.close();
      const r = await runPeer(
        'tshark',
        ['-r', path, '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-d', 'udp.port==5006,rtp', '-T', 'fields',
          '-e', 'udp.srcport', '-e', 'udp.length', '-e', 'udp.checksum.status', '-e', 'rtp.ssrc', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'ip.checksum.status'],
        30_000,
        children,
      );
      // Wireshark checksum status: 1 good (IPv6 UDP checksum verified), 3 not present (IPv4 UDP checksum 0).
      const fields = r.stdout.replace(/\n$/, '').split('\t');
      expect(fields.slice(0, 4)).toEqual(['5004', String(8 + payload.length), src.includes(':') ? '1' : '3', '0x00000007']);
      expect(fields.slice(4, 6).join('')).toBe(src);
      expect(fields[6]).toBe(src.includes(':') ? '' : '1'); // IPv4 header checksum good
    }
  });
});
