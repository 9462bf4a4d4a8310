/**
 * Interop with ffmpeg's own SRTP (libavformat srtp.c, not libsrtp) over real UDP sockets on
 * 127.0.0.1: ffmpeg sends G.711 over SRTP/SRTCP to us, and decodes what we send across the sequence
 * wrap. ffmpeg offers only the AES_CM_128 suites. Debian 12's ffmpeg (5.1) also cuts the SRTCP tag of
 * AES_CM_128_HMAC_SHA1_32 to 32 bits (RFC 4568 keeps 80): the receiver takes it with
 * `srtcpTagLength: 4`, and refuses it without.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { retryOnPortRace } from '../../../scripts/ffmpeg-port-race.js';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { SrtpSession } from '../src/index.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) {
    cleanups.pop()!();
  }
});

function socket(): dgram.Socket {
  const s = dgram.createSocket('udp4');
  cleanups.push(() => {
    try {
      s.close();
    } catch {
      // already closed
    }
  });
  return s;
}
function ffmpeg(args: string[]): ChildProcess {
  const p = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(() => {
    if (p.exitCode === null) {
      p.kill('SIGKILL');
    }
  });
  return p;
}
const exited = (p: ChildProcess): Promise<number | null> =>
  p.exitCode !== null ? Promise.resolve(p.exitCode) : new Promise((r) => p.once('close', r));
const bind = (s: dgram.Socket, port = 0): Promise<number> =>
  new Promise((resolve, reject) => {
    s.once('error', reject);
    s.bind(port, '127.0.0.1', () => resolve(s.address().port));
  });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const keyParam = (s: SrtpSession): string =>
  Buffer.concat([s.keyingMaterial.masterKey, s.keyingMaterial.masterSalt]).toString('base64');

/** G.711 mu-law to linear, as ffmpeg's pcm_mulaw decoder does. */
function ulaw(u: number): number {
  const v = ~u & 0xff;
  const x = (((v & 0x0f) << 3) + 0x84) << ((v >> 4) & 7);
  return v & 0x80 ? 0x84 - x : x - 0x84;
}

describeWithPeers(['ffmpeg'], 'ffmpeg SRTP interop (UDP on 127.0.0.1)', () => {
  for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const) {
    it(`${suite}: we unprotect what ffmpeg sends`, async () => {
      const tx = SrtpSession.generate(suite);
      const short = suite === 'AES_CM_128_HMAC_SHA1_32';
      const rx = new SrtpSession(short ? { ...tx.keyingMaterial, srtcpTagLength: 4 } : tx.keyingMaterial);
      // the same key with the RFC's 80-bit SRTCP tag: must refuse ffmpeg's 32-bit one
      const strict = new SrtpSession(tx.keyingMaterial);
      let strictReports = 0;
      // an RTP port whose neighbour is free for RTCP (ffmpeg's rtcpport); retry if it is taken
      let rtp = socket();
      let rtcp = socket();
      let port = await bind(rtp);
      for (let attempt = 0; ; attempt++) {
        try {
          await bind(rtcp, port + 1);
          break;
        } catch (e) {
          if (attempt === 10) {
            throw e;
          }
          for (const old of [rtp, rtcp]) {
            try {
              old.close();
            } catch {
              // never bound
            }
          }
          rtp = socket();
          rtcp = socket();
          port = await bind(rtp);
        }
      }
      const seqs: number[] = [];
      const failures: string[] = [];
      let reports = 0;
      rtp.on('message', (m) => {
        const r = rx.unprotect(new Uint8Array(m.buffer, m.byteOffset, m.length));
        if (r.ok) {
          seqs.push((r.packet[2]! << 8) | r.packet[3]!);
        } else {
          failures.push(r.reason);
        }
      });
      rtcp.on('message', (m) => {
        const wire = new Uint8Array(m.buffer, m.byteOffset, m.length);
        if (short && strict.unprotectRtcp(wire).ok) {
          strictReports++;
        }
        if (rx.unprotectRtcp(wire).ok) {
          reports++;
        }
      });
      const exit = await retryOnPortRace(async () => {
        const ff = ffmpeg([
          ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ar', '8000', '-ac', '1', '-c:a', 'pcm_mulaw'],
          ...['-f', 'rtp', '-srtp_out_suite', suite, '-srtp_out_params', keyParam(tx)],
          `srtp://127.0.0.1:${port}?rtcpport=${port + 1}`,
        ]);
        let stderr = '';
        ff.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        return { code: await exited(ff), stderr };
      }, () => seqs.length === 0 && failures.length === 0 && reports === 0);
      expect(exit.code, exit.stderr).toBe(0);
      await sleep(300);
      expect(failures).toEqual([]);
      expect(seqs.length).toBeGreaterThan(40);
      for (let i = 1; i < seqs.length; i++) {
        expect(seqs[i]).toBe((seqs[i - 1]! + 1) & 0xffff);
      }
      expect(reports).toBeGreaterThanOrEqual(1);
      expect(strictReports).toBe(0);
    });
  }

  it('ffmpeg decodes what we send across the sequence wrap, sample for sample', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voip-srtp-ffmpeg-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const tx = SrtpSession.generate('AES_CM_128_HMAC_SHA1_80');
    const probe = socket();
    const port = await bind(probe);
    probe.close();
    writeFileSync(
      join(dir, 'in.sdp'),
      ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/SAVP 0`,
        'a=rtpmap:0 PCMU/8000', `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${keyParam(tx)}`, ''].join('\r\n'),
    );
    const out = join(dir, 'out.raw');
    const N = 200;
    const ff = ffmpeg([
      ...['-protocol_whitelist', 'file,udp,rtp,srtp', '-i', join(dir, 'in.sdp')],
      ...['-frames:a', String(N), '-f', 's16le', '-acodec', 'pcm_s16le', '-y', out],
    ]);
    let stderr = '';
    ff.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await sleep(1000); // ffmpeg binds the port from the SDP
    const send = socket();
    for (let i = 0; i < N; i++) {
      const seq = (65500 + i) & 0xffff; // ROC 0 -> 1 at i = 36
      const p = new Uint8Array(172);
      const dv = new DataView(p.buffer);
      p[0] = 0x80;
      dv.setUint16(2, seq);
      dv.setUint32(4, i * 160);
      dv.setUint32(8, 0x11223344);
      p.fill((i * 7) & 0xff, 12);
      send.send(tx.protect(p), port, '127.0.0.1');
      await sleep(2);
    }
    await sleep(1500);
    ff.kill('SIGINT'); // ffmpeg flushes and closes the output on SIGINT
    await exited(ff);
    const pcm = readFileSync(out);
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length >>> 1);
    expect(samples.length, stderr).toBe(N * 160);
    for (let i = 0; i < N; i++) {
      const want = ulaw((i * 7) & 0xff);
      expect(samples[i * 160], `packet ${i}`).toBe(want);
      expect(samples[i * 160 + 159]).toBe(want);
    }
  });
});
