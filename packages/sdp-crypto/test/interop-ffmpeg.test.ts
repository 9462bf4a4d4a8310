/**
 * Interop with ffmpeg's own SDES/SRTP (libavformat sdp.c writes and rtsp.c reads `a=crypto`):
 * - ffmpeg's `-sdp_file` a=crypto line parses with our parser to the key we gave it;
 * - a line we format (from negotiated keying material) is read by ffmpeg's SDP demuxer, which then
 *   decrypts an SRTP stream that another ffmpeg sent with the other side's key: audio comes out only when
 *   the keys of the two directions match. A mismatched key gives no audio (negative twin).
 * Loopback only, ephemeral ports, every child process killed in afterEach.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { retryOnPortRace } from '../../../scripts/ffmpeg-port-race.js';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import {
  acceptCryptoAnswer,
  createCryptoOffer,
  encodeBase64,
  formatCryptoAttribute,
  parseCryptoAttribute,
  selectCryptoAnswer,
} from '../src/index.js';
import type { SrtpKeyingMaterial } from '../src/index.js';

const children: ChildProcess[] = [];
let dir = '';

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'warning', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** An even UDP port that was free a moment ago (RTP on p, RTCP on p+1). */
async function freePort(): Promise<number> {
  for (;;) {
    const s = createSocket('udp4');
    const port = await new Promise<number>((resolve) => s.bind(0, '127.0.0.1', () => resolve(s.address().port)));
    await new Promise<void>((resolve) => s.close(() => resolve()));
    if (port % 2 === 0 && port < 65534) {
      return port;
    }
  }
}

const keySaltB64 = (m: SrtpKeyingMaterial): string => {
  const ks = new Uint8Array(m.masterKey.length + m.masterSalt.length);
  ks.set(m.masterKey);
  ks.set(m.masterSalt, m.masterKey.length);
  return encodeBase64(ks);
};

/** ffmpeg sends 1 s of a 440 Hz tone as SRTP with `sendKey`; another ffmpeg receives per our SDP line. */
async function sendAndReceive(sendKey: SrtpKeyingMaterial, receiveLine: string): Promise<number> {
  const port = await freePort();
  const sdp = join(dir, `recv-${port}.sdp`);
  const out = join(dir, `out-${port}.raw`);
  writeFileSync(
    sdp,
    ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/SAVP 0`,
      'a=rtpmap:0 PCMU/8000', `a=crypto:${receiveLine}`, ''].join('\r\n'),
  );
  const receiver = run(['-protocol_whitelist', 'file,udp,rtp', '-i', sdp, '-t', '0.5', '-f', 's16le', '-y', out], 12_000);
  await new Promise((r) => setTimeout(r, 1500)); // let the receiver bind its port
  // The sender's run is retried only when it lost the race for its own RTCP port (it sent nothing then).
  await retryOnPortRace(() => run(['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5', '-c:a', 'pcm_mulaw', '-ar', '8000', '-ac', '1',
    '-f', 'rtp', '-srtp_out_suite', sendKey.suite, '-srtp_out_params', keySaltB64(sendKey), `srtp://127.0.0.1:${port}`], 10_000));
  // Give a receiver that got nothing no more time: stop it (it flushes what it has on SIGINT).
  for (const c of children) {
    if (c.exitCode === null && c.spawnargs.includes(sdp)) {
      c.kill('SIGINT');
    }
  }
  await receiver;
  try {
    return statSync(out).size;
  } catch {
    return 0;
  }
}

describeWithPeers(['ffmpeg'], 'interop: ffmpeg SDES (a=crypto written and read by libavformat)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdp-crypto-ffmpeg-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const c of children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
      }
    }
  });

  it("parses ffmpeg's own a=crypto line to the key it was given", async () => {
    const offer = createCryptoOffer({ suites: ['AES_CM_128_HMAC_SHA1_80'] });
    const local = offer.entries[0]!.local;
    const port = await freePort();
    const sdpFile = join(dir, 'ffmpeg-out.sdp');
    const r = await retryOnPortRace(() => run(['-f', 'lavfi', '-i', 'sine=duration=0.1', '-c:a', 'pcm_mulaw', '-ar', '8000', '-ac', '1', '-f', 'rtp',
      '-srtp_out_suite', 'AES_CM_128_HMAC_SHA1_80', '-srtp_out_params', keySaltB64(local), '-sdp_file', sdpFile,
      `srtp://127.0.0.1:${port}`], 10_000));
    expect(r.code, r.stderr).toBe(0);
    const line = readFileSync(sdpFile, 'utf8').split('\n').find((l) => l.startsWith('a=crypto:'));
    expect(line).toBeDefined();
    const attr = parseCryptoAttribute(line!);
    expect(attr.tag).toBe(1);
    expect(attr.suite).toBe('AES_CM_128_HMAC_SHA1_80');
    expect(attr.keyParams[0]?.masterKey).toEqual(local.masterKey);
    expect(attr.keyParams[0]?.masterSalt).toEqual(local.masterSalt);
    // And the answerer accepts ffmpeg's line as an offer.
    expect(selectCryptoAnswer([line!]).ok).toBe(true);
  });

  it('ffmpeg decrypts with the line we format from negotiated keys, in both directions', async () => {
    const offer = createCryptoOffer({ suites: ['AES_CM_128_HMAC_SHA1_80'] });
    const answer = selectCryptoAnswer(offer.lines);
    if (!answer.ok) {
      throw new Error('no answer');
    }
    const accepted = acceptCryptoAnswer(offer, answer.line);
    if (!accepted.ok) {
      throw accepted.error;
    }
    const lineFor = (m: SrtpKeyingMaterial): string =>
      formatCryptoAttribute({ tag: answer.tag, suite: m.suite, keyParams: [m], sessionParams: [] }, { padded: false });
    // Offerer → answerer: the offerer sends with accepted.local, the answerer receives with answer.remote.
    expect(await sendAndReceive(accepted.local, lineFor(answer.remote))).toBeGreaterThan(4000);
    // Answerer → offerer.
    expect(await sendAndReceive(answer.local, lineFor(accepted.remote))).toBeGreaterThan(4000);
  }, 40_000);

  it('negative twin: with the other direction’s key ffmpeg decrypts nothing', async () => {
    const offer = createCryptoOffer({ suites: ['AES_CM_128_HMAC_SHA1_80'] });
    const answer = selectCryptoAnswer(offer.lines);
    if (!answer.ok) {
      throw new Error('no answer');
    }
    const wrong = formatCryptoAttribute({ tag: 1, suite: answer.local.suite, keyParams: [answer.local], sessionParams: [] });
    expect(await sendAndReceive(offer.entries[0]!.local, wrong)).toBe(0);
  }, 40_000);
});
