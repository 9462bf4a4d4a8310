/**
 * Interop with a real peer: ffmpeg (its own SRTP implementation) streams PCMU as SRTP + SRTCP to a
 * wildcard RtpCall on our multiplexer. The call must latch to ffmpeg once its SRTP authenticates,
 * deliver every packet in order, and take in ffmpeg's SRTCP sender report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtpSession, generateSrtpKeyingMaterial } from '@voip/srtp';
import { afterEach, expect, it } from 'vitest';
import { retryOnPortRace } from '../../../scripts/ffmpeg-port-race.js';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { RtpCall, RtpMultiplexer, type RtcpPacket, type RtpPacket } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { PCMU, sleep, until } from './multiplexer-fixtures.js';

const children: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
    }
  }
  await Promise.all(closers.splice(0).map((c) => c()));
});

function run(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describeWithPeers(['ffmpeg'], 'RtpCall receiving SRTP from ffmpeg (RFC 3711, RFC 3550 §6.4.1)', () => {
  it('latches to ffmpeg, delivers its PCMU in order, and takes its SRTCP sender report', async () => {
    const key = generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_80');
    const mux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    closers.push(() => mux.close());
    const packets: RtpPacket[] = [];
    const rtcp: RtcpPacket[][] = [];
    const call = new RtpCall({
      multiplexer: mux,
      media: PCMU(),
      srtp: { receive: new SrtpSession(key) },
      rtcp: { enabled: false },
      onPacket: (p) => packets.push({ ...p, payload: p.payload.slice() }),
      onRtcp: (p) => rtcp.push([...p]),
    });
    mux.registerCall(null, call);
    const port = mux.localAddress().port;
    const params = Buffer.from([...key.masterKey, ...key.masterSalt]).toString('base64');
    const result = await retryOnPortRace(() => run([
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000:duration=1',
      '-ac', '1', '-c:a', 'pcm_mulaw', '-payload_type', '0',
      '-f', 'rtp', '-srtp_out_suite', 'AES_CM_128_HMAC_SHA1_80', '-srtp_out_params', params,
      // RTCP to our one socket too: the wildcard call accepts it from ffmpeg's RTCP port (RTP port + 1).
      `srtp://127.0.0.1:${port}?rtcpport=${port}&pkt_size=200`,
    ]), () => packets.length === 0 && rtcp.length === 0);
    expect(result.code, result.stderr).toBe(0);
    await until(() => rtcp.length >= 1 && call.statistics().octetsReceived === 8000, 3000, 'ffmpeg RTP and RTCP');
    const stats = call.statistics();
    expect(stats.authFailed).toBe(0);
    expect(stats.latchRejected).toBe(0);
    expect(call.latchedAddress?.address).toBe('127.0.0.1');
    // 1 s of 8 kHz mu-law in packets of at most 188 payload bytes: every sample arrives, in order.
    expect(packets.reduce((n, p) => n + p.payload.length, 0)).toBe(8000);
    expect(packets.every((p) => p.payloadType === 0)).toBe(true);
    for (let i = 1; i < packets.length; i++) {
      expect((packets[i - 1]!.sequenceNumber + 1) & 0xffff).toBe(packets[i]!.sequenceNumber);
    }
    expect(stats.packetsLost).toBe(0);
    const sr = rtcp.flat().find((p) => p.type === 'SR');
    expect(sr).toMatchObject({ type: 'SR', ssrc: packets[0]?.ssrc });
  });

  it('sends SRTP that ffmpeg authenticates, decrypts and decodes', async () => {
    const key = generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_80');
    const dir = await mkdtemp(join(tmpdir(), 'voip-rtp-ffmpeg-'));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    // A free even port for ffmpeg (RTP) with the odd one above it (RTCP).
    const probe = await createUdpTransport({ host: '127.0.0.1' });
    const ffmpegPort = probe.localAddress().port & ~1;
    await probe.close();
    const inline = Buffer.from([...key.masterKey, ...key.masterSalt]).toString('base64');
    const sdp = [
      'v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=voip', 'c=IN IP4 127.0.0.1', 't=0 0',
      `m=audio ${ffmpegPort} RTP/SAVP 0`, 'a=rtpmap:0 PCMU/8000', `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${inline}`, '',
    ].join('\r\n');
    await writeFile(join(dir, 'in.sdp'), sdp);
    const wav = join(dir, 'out.wav');
    const decoding = run([
      '-hide_banner', '-loglevel', 'error', '-nostdin', '-protocol_whitelist', 'file,udp,rtp,srtp',
      '-i', join(dir, 'in.sdp'), '-t', '1', '-c:a', 'pcm_s16le', '-y', wav,
    ]);
    const mux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    closers.push(() => mux.close());
    const call = new RtpCall({
      multiplexer: mux,
      media: PCMU({ address: '127.0.0.1', port: ffmpegPort }),
      srtp: { send: new SrtpSession(key) },
      rtcp: { enabled: false },
    });
    // Stream until ffmpeg has its second of audio and exits (it may take a while to bind its port on a
    // busy machine; what it misses before that is simply not decoded).
    let finished: { code: number | null; stderr: string } | undefined;
    void decoding.then((r) => (finished = r));
    // mu-law 0x00 decodes to -32124: a loud constant that cannot come from silence or garbage.
    const payload = new Uint8Array(160).fill(0x00);
    for (let seq = 0; finished === undefined && seq < 1500; seq++) {
      call.sendPacket({ payloadType: 0, sequenceNumber: (1000 + seq) & 0xffff, timestamp: (seq * 160) >>> 0, payload });
      await sleep(seq % 10 === 0 ? 10 : 0);
    }
    const result = await Promise.race([decoding, sleep(10_000).then(() => ({ code: -1, stderr: 'ffmpeg timed out' }))]);
    expect(result.code, result.stderr).toBe(0);
    const out = await readFile(wav);
    const data = out.indexOf('data'); // the RIFF 'data' chunk: 4-byte id, 4-byte size, samples
    const samples = new Int16Array(out.buffer.slice(out.byteOffset + data + 8, out.byteOffset + data + 8 + out.readUInt32LE(data + 4)));
    expect(samples.length).toBeGreaterThanOrEqual(8000); // -t 1 rounds up to whole 160-sample packets
    expect(samples.filter((v) => v === -32124).length).toBeGreaterThan(7000);
  });
});
