/**
 * A real sender: ffmpeg streams PCMU over RTP to a loopback port (RTCP to port + 1). Every datagram it
 * sends must parse with ours (RTP, and its RTCP SR strictly), and our statistics must see a clean
 * stream whose SR NTP time agrees with the wall clock.
 */
import { createSocket, type Socket } from 'node:dgram';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { retryOnPortRace } from '../../../scripts/ffmpeg-port-race.js';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import {
  RtpReceiverStatistics,
  isRtcpPacket,
  ntpMiddle32,
  parseRtcpCompound,
  parseRtpPacket,
  unixMsFromNtpTimestamp,
  type RtcpPacket,
  type RtpPacket,
} from '../src/index.js';

const SSRC = 0x12345678;

async function bindPair(): Promise<[Socket, Socket]> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 15_000);
    const a = createSocket('udp4');
    const b = createSocket('udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        a.once('error', reject);
        a.bind(base, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((resolve, reject) => {
        b.once('error', reject);
        b.bind(base + 1, '127.0.0.1', () => resolve());
      });
      return [a, b];
    } catch {
      a.close();
      b.close();
    }
  }
  throw new Error('no free even/odd port pair on 127.0.0.1');
}

describeWithPeers(['ffmpeg'], 'ffmpeg RTP/RTCP sender parses with ours (RFC 3550 §5.1, §6.4.1)', () => {
  let sockets: Socket[] = [];
  let child: ChildProcess | undefined;
  const rtp: { packet: RtpPacket; arrivalMs: number }[] = [];
  const rtcp: { packets: RtcpPacket[]; arrivalUnixMs: number }[] = [];
  const failures: unknown[] = [];

  beforeAll(async () => {
    const [rtpSocket, rtcpSocket] = await bindPair();
    sockets = [rtpSocket, rtcpSocket];
    rtpSocket.on('message', (m) => {
      try {
        rtp.push({ packet: parseRtpPacket(new Uint8Array(m)), arrivalMs: performance.now() });
      } catch (e) {
        failures.push(e);
      }
    });
    rtcpSocket.on('message', (m) => {
      try {
        const bytes = new Uint8Array(m);
        expect(isRtcpPacket(bytes)).toBe(true);
        rtcp.push({ packets: parseRtcpCompound(bytes), arrivalUnixMs: Date.now() });
      } catch (e) {
        failures.push(e);
      }
    });
    const port = rtpSocket.address().port;
    const exit = await retryOnPortRace(() => {
      const ff = spawn('ffmpeg', [
        '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
        '-ac', '1', '-ar', '8000', '-c:a', 'pcm_mulaw', '-ssrc', String(SSRC), '-payload_type', '0',
        '-f', 'rtp', `rtp://127.0.0.1:${port}?rtcpport=${port + 1}`,
      ], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = ff;
      let stderr = '';
      ff.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      return new Promise<{ code: number | null; stderr: string }>((resolve) => ff.on('exit', (code) => resolve({ code, stderr })));
    }, () => rtp.length === 0 && rtcp.length === 0);
    expect(exit.code, exit.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // last datagrams
  }, 30_000);

  afterAll(() => {
    child?.kill('SIGKILL');
    for (const s of sockets) {
      s.close();
    }
  });

  it('every RTP datagram parses: PCMU, our SSRC, consecutive sequence numbers', () => {
    expect(failures).toEqual([]);
    expect(rtp.length).toBeGreaterThan(20);
    for (const [i, { packet }] of rtp.entries()) {
      expect(packet.payloadType).toBe(0);
      expect(packet.ssrc).toBe(SSRC);
      if (i > 0) {
        expect(packet.sequenceNumber).toBe((rtp[i - 1]!.packet.sequenceNumber + 1) & 0xffff);
        expect((packet.timestamp - rtp[i - 1]!.packet.timestamp) >>> 0).toBe(rtp[i - 1]!.packet.payload.length); // 1 byte per sample
      }
    }
  });

  it('its RTCP SR parses strictly, and its NTP time agrees with our wall clock within 2 s', () => {
    expect(rtcp.length).toBeGreaterThan(0);
    const first = rtcp[0]!;
    const sr = first.packets[0]!;
    expect(sr.type).toBe('SR');
    if (sr.type === 'SR') {
      expect(sr.ssrc).toBe(SSRC);
      expect(Math.abs(unixMsFromNtpTimestamp(sr.ntpTimestamp) - first.arrivalUnixMs)).toBeLessThan(2000);
    }
  });

  it('our receiver statistics see a clean stream and echo its SR in LSR', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    for (const { packet, arrivalMs } of rtp) {
      stats.receive(packet, arrivalMs);
    }
    const sr = rtcp[0]!.packets[0]!;
    if (sr.type !== 'SR') {
      throw new Error('no SR');
    }
    stats.senderReportReceived(sr, performance.now());
    const block = stats.reportBlock(performance.now() + 500);
    expect(block).toMatchObject({ ssrc: SSRC, fractionLost: 0, cumulativeLost: 0, lastSenderReport: ntpMiddle32(sr.ntpTimestamp) });
    expect(stats.packetsReceived).toBe(rtp.length - 1); // the first packet is the probation packet (A.1)
    expect(block.delaySinceLastSenderReport).toBeGreaterThan(0.4 * 65536);
    // -re paces packets in real time; even on a loaded machine the jitter stays under 50 ms (400 units)
    expect(block.jitter).toBeLessThan(400);
  });
});
