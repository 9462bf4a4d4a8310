/**
 * `voip srtp decrypt|encrypt` against ffmpeg's own SRTP implementation (libavformat/srtp.c): ffmpeg
 * streams a sine as PCMU over SRTP to our loopback sockets, we capture it into a pcap, decrypt it, and
 * compare with the same stream sent by ffmpeg in the clear (same SSRC and first sequence number); and our
 * encryption of the clear packets must equal ffmpeg's SRTP byte for byte.
 */
import { expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { lostPortRace } from '../../../scripts/ffmpeg-port-race.js';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { readPcapFile } from '../src/pcap/pcap-file.js';
import { decodeUdpFrame } from '../src/pcap/udp-frame.js';
import { parseHexLines, toHex } from '../src/hex-io.js';
import { bindPair, interopScratch, runPeer, sleep, writeCapture, type Captured } from './helpers/capture.js';

const { dir, sockets, children } = interopScratch('voip-cli-ffmpeg-');

const SSRC = 0x1234abcd;
const SEQ = 4321;

/**
 * ffmpeg sends 1 s of a 440 Hz sine as PCMU, 160-byte payloads, over RTP or SRTP; we capture it.
 * ffmpeg binds its own local RTP port and the next one up for RTCP; when another process holds that
 * second port it exits with "bind failed" before sending anything, so that one case is retried on fresh
 * ports.
 */
async function ffmpegStream(srtp: { suite: string; key: string } | undefined, realtime = false): Promise<{ captured: Captured[]; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const pair = await bindPair();
    sockets.push(...pair.sockets);
    const url = `${srtp === undefined ? 'rtp' : 'srtp'}://127.0.0.1:${pair.port}?pkt_size=${srtp === undefined ? 172 : 186}`;
    const args = [
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      ...(realtime ? ['-re'] : []),
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1:sample_rate=8000',
      '-ac', '1', '-c:a', 'pcm_mulaw', '-f', 'rtp', '-payload_type', '0',
      '-ssrc', String(SSRC), '-seq', String(SEQ),
      ...(srtp === undefined ? [] : ['-srtp_out_suite', srtp.suite, '-srtp_out_params', srtp.key]),
      url,
    ];
    const r = await runPeer('ffmpeg', args, 30_000, children);
    if (lostPortRace(r) && pair.captured.length === 0 && attempt < 3) {
      continue;
    }
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await sleep(150);
    return { captured: pair.captured, port: pair.port };
  }
}

interface Rtp {
  seq: number;
  ts: number;
  ssrc: number;
  payload: string;
  raw: Uint8Array;
}
const rtpOf = (d: Uint8Array): Rtp => ({
  seq: ((d[2] ?? 0) << 8) | (d[3] ?? 0),
  ts: new DataView(d.buffer, d.byteOffset).getUint32(4),
  ssrc: new DataView(d.buffer, d.byteOffset).getUint32(8),
  payload: toHex(d.subarray(12)),
  raw: d,
});

async function udpPayloads(path: string): Promise<{ port: number; data: Uint8Array }[]> {
  const out: { port: number; data: Uint8Array }[] = [];
  for await (const r of readPcapFile(path)) {
    const d = decodeUdpFrame(r.data, r.linkType);
    if (d.ok) {
      out.push({ port: d.datagram.dstPort, data: d.datagram.payload.slice() });
    }
  }
  return out;
}

// G.711 against ffmpeg's pcm_mulaw / pcm_alaw (bit-exact, every sample and code) is @voip/audio's test now.

describeWithPeers(['ffmpeg'], 'interop: voip srtp against ffmpeg SRTP', () => {
  it('decrypts ffmpeg AES_CM_128_HMAC_SHA1_80 SRTP and SRTCP to exactly the clear stream', async () => {
    const key = randomBytes(30).toString('base64');
    const secure = await ffmpegStream({ suite: 'AES_CM_128_HMAC_SHA1_80', key });
    const clear = await ffmpegStream(undefined);
    const securePcap = join(dir, 'ffmpeg-srtp.pcap');
    const outPcap = join(dir, 'ffmpeg-decrypted.pcap');
    writeCapture(securePcap, secure.captured);
    const io = captureIo();
    const code = await runCli(['srtp', 'decrypt', securePcap, '-o', outPcap, '--key', `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${key}`], io);
    expect(io.err()).toMatch(/0 failed/);
    expect(code).toBe(0);

    const decrypted = await udpPayloads(outPcap);
    const rtp = decrypted.filter((p) => p.port === secure.port).map((p) => rtpOf(p.data));
    const rtcp = decrypted.filter((p) => p.port === secure.port + 1);
    const reference = clear.captured.filter((c) => c.dstPort === clear.port).map((c) => rtpOf(c.data));
    expect(rtp.length).toBeGreaterThanOrEqual(50);
    expect(rtp.map((p) => [p.seq, p.ssrc, p.payload])).toEqual(reference.map((p) => [p.seq, p.ssrc, p.payload]));
    // ffmpeg picks a random first timestamp per run: the steps must match.
    expect(rtp.map((p) => (p.ts - rtp[0]!.ts) >>> 0)).toEqual(reference.map((p) => (p.ts - reference[0]!.ts) >>> 0));
    // SRTCP decrypted to RTCP sender reports (RFC 3550 §6.4.1, PT 200) from the same SSRC.
    expect(rtcp.length).toBeGreaterThan(0);
    for (const p of rtcp) {
      expect(p.data[1]).toBe(200);
      expect(new DataView(p.data.buffer).getUint32(4)).toBe(SSRC);
    }
  });

  it('reports every packet as failing authentication with the wrong key, and exits 1', async () => {
    const key = randomBytes(30).toString('base64');
    const secure = await ffmpegStream({ suite: 'AES_CM_128_HMAC_SHA1_80', key });
    const securePcap = join(dir, 'ffmpeg-wrong-key.pcap');
    writeCapture(securePcap, secure.captured);
    const io = captureIo();
    const wrong = randomBytes(30).toString('base64');
    const code = await runCli(['srtp', 'decrypt', securePcap, '-o', join(dir, 'x.pcap'), '--key', wrong], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/SRTP SSRC 0x1234abcd seq 4321: AUTH_FAILED/);
    expect(io.err()).toMatch(/0 decrypted/);
    expect(io.err()).toMatch(/wrong key or suite\?/);
  });

  it('AES_CM_128_HMAC_SHA1_32: ffmpeg cuts SRTCP tags to 32 bits: refused with --srtcp-tag-length 10 (RFC 4568 §6.2.2), taken with 4 and by default (auto)', async () => {
    const key = randomBytes(30).toString('base64');
    const secure = await ffmpegStream({ suite: 'AES_CM_128_HMAC_SHA1_32', key });
    const securePcap = join(dir, 'ffmpeg-srtp32.pcap');
    writeCapture(securePcap, secure.captured);
    const io = captureIo();
    const code = await runCli(['srtp', 'decrypt', securePcap, '-o', join(dir, 'out32.pcap'), '--suite', 'AES_CM_128_HMAC_SHA1_32', '--key', `inline:${key}`, '--srtcp-tag-length', '10'], io);
    const rtcpCount = secure.captured.filter((c) => c.dstPort === secure.port + 1).length;
    const rtpCount = secure.captured.length - rtcpCount;
    expect(rtpCount).toBeGreaterThanOrEqual(50);
    expect(rtcpCount).toBeGreaterThan(0);
    expect(io.err()).toContain(`RTP ${rtpCount} ok, 0 failed; RTCP 0 ok, ${rtcpCount} failed`);
    expect(code).toBe(1);
    const io4 = captureIo();
    const args4 = ['srtp', 'decrypt', securePcap, '-o', join(dir, 'out32-4.pcap'), '--suite', 'AES_CM_128_HMAC_SHA1_32', '--key', `inline:${key}`];
    const code4 = await runCli([...args4, '--srtcp-tag-length', '4'], io4);
    expect(io4.err()).toContain(`RTP ${rtpCount} ok, 0 failed; RTCP ${rtcpCount} ok, 0 failed`);
    expect(code4).toBe(0);
    const ioAuto = captureIo();
    const codeAuto = await runCli([...args4.slice(0, 4), join(dir, 'out32-auto.pcap'), ...args4.slice(5)], ioAuto);
    expect(ioAuto.err()).toContain(`RTP ${rtpCount} ok, 0 failed; RTCP ${rtcpCount} ok, 0 failed`);
    expect(codeAuto).toBe(0);
  });

  it('encrypts the clear stream to exactly the bytes ffmpeg sent (hex in, hex out)', async () => {
    const key = randomBytes(30).toString('base64');
    const secure = await ffmpegStream({ suite: 'AES_CM_128_HMAC_SHA1_80', key });
    const clear = await ffmpegStream(undefined);
    const srtp = secure.captured.filter((c) => c.dstPort === secure.port).map((c) => c.data);
    const rtp = clear.captured.filter((c) => c.dstPort === clear.port).map((c) => c.data.slice());
    expect(rtp.length).toBe(srtp.length);
    // Same SSRC and sequence numbers; only ffmpeg's random first timestamp differs: take the secure run's.
    rtp.forEach((p, i) => p.set(srtp[i]!.subarray(4, 8), 4));
    const inHex = join(dir, 'clear.hex');
    writeFileSync(inHex, `# ffmpeg RTP, timestamps aligned\n${rtp.map(toHex).join('\n')}\n`);
    const io = captureIo();
    const code = await runCli(['srtp', 'encrypt', inHex, '--key', `inline:${key}`], io);
    expect(code).toBe(0);
    const ours = parseHexLines(io.out()).map((l) => toHex(l.bytes));
    expect(ours).toEqual(srtp.map(toHex));
    // And back again.
    const outHex = join(dir, 'secure.hex');
    writeFileSync(outHex, io.out());
    const back = captureIo();
    expect(await runCli(['srtp', 'decrypt', outHex, '--key', `inline:${key}`], back)).toBe(0);
    expect(parseHexLines(back.out()).map((l) => toHex(l.bytes))).toEqual(rtp.map(toHex));
  });
});

