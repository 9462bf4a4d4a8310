import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { decodeWav as parseWav, encodeWav as serializeWav } from '@voip/audio';
import { expectedLoss } from '../src/demo/expected-loss.js';
import type { DemoReport } from '../src/demo/run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function demo(args: string[]): Promise<{ code: number; report: DemoReport; err: string }> {
  const io = captureIo();
  const code = await runCli(['demo', '--json', '--out', dir, ...args], io);
  return { code, report: JSON.parse(io.out()) as DemoReport, err: io.err() };
}

describe('voip demo (in-process, real sockets on loopback)', () => {
  it('a 2 s call arrives intact both ways, with RTCP reports over SRTCP', async () => {
    const { code, report, err } = await demo(['--duration', '2']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.suite).toBe('AES_CM_128_HMAC_SHA1_80');
    expect(report.offer.length).toBeGreaterThan(1);
    expect(report.answer).toMatch(/^1 AES_CM_128_HMAC_SHA1_80 inline:/);
    expect(report.caller.discovered).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(report.directions).toHaveLength(2);
    for (const d of report.directions) {
      expect(d).toMatchObject({ sent: 100, received: 100, dropped: 0, mismatched: 0, missing: 0, rtcpLost: 0, pcmExact: true, intact: true });
      expect(d.rtcpSent).toBeGreaterThanOrEqual(2);
      expect(d.rtcpJitterMs).toBeGreaterThanOrEqual(0);
      // The receiver's AudioCall played it through its jitter buffer: the decoded playout matches the
      // decode of what was sent (G.711 on loopback without loss: most frames identical).
      expect(d.playoutSnrDb).toBeGreaterThanOrEqual(20);
      expect(d.playoutExactFrames).toBeGreaterThan(80);
      expect(d.playoutFrames).toBeGreaterThanOrEqual(d.playoutExactFrames);
      expect(d.playoutLagMs).toBeGreaterThanOrEqual(0);
    }
    expect(report.audioCodec).toBe('PCMU/8000 (payload type 0)');
    const wav = parseWav(readFileSync(report.directions[0]!.wav!));
    expect(wav.sampleRate).toBe(8000);
    expect(wav.samples.length).toBe(16000);
    expect(report.snrDb).toBeGreaterThan(25);
  });

  it('--dtmf: after the audio each side sends RFC 4733 digits, and the report lists what each received', async () => {
    const { code, report } = await demo(['--duration', '1', '--calls', '2', '--dtmf', '0123456789*#ABCD']);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.directions).toHaveLength(4);
    for (const d of report.directions) {
      expect(d).toMatchObject({ intact: true, dtmfSent: '0123456789*#ABCD', dtmfReceived: '0123456789*#ABCD' });
    }
    expect(report.sdpOffer).toContain('a=rtpmap:101 telephone-event/8000');
    const bad = captureIo();
    expect(await runCli(['demo', '--dtmf', '12x'], bad)).toBe(2);
    expect(bad.err()).toMatch(/"--dtmf" expected 1 to 32 DTMF digits/);
  });

  it('20 simultaneous calls through one socket per side, AEAD_AES_128_GCM and PCMA', async () => {
    const { code, report } = await demo(['--duration', '2', '--calls', '20', '--suite', 'AEAD_AES_128_GCM', '--codec', 'PCMA']);
    expect(code).toBe(0);
    expect(report.suite).toBe('AEAD_AES_128_GCM');
    expect(report.directions).toHaveLength(40);
    expect(report.totals).toMatchObject({ sent: 4000, received: 4000, dropped: 0, mismatched: 0, missing: 0, authFailed: 0 });
    // The playout counts toward intact in a multi-call run too, and every direction's passed.
    expect(report.directions.every((d) => d.playoutChecked && d.intact && d.playoutSnrDb >= 20)).toBe(true);
  });

  it('--audio sends a WAV file instead of the music; a wrong format is a usage error', async () => {
    const speech = join(dir, 'tone-8k.wav');
    const samples = Int16Array.from({ length: 8000 + 100 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
    writeFileSync(speech, serializeWav({ sampleRate: 8000, channels: 1, samples }));
    const { code, report } = await demo(['--audio', speech]);
    expect(code).toBe(0);
    expect(report.durationSec).toBe(1); // whole 20 ms packets of the file
    expect(report.totals.sent).toBe(100);
    const received = parseWav(readFileSync(report.directions[0]!.wav!)).samples;
    expect(received.length).toBe(8000);
    // Decoded G.711 follows the tone within the codec's quantisation.
    expect(Math.max(...Array.from(received, (s, i) => Math.abs(s - (samples[i] ?? 0))))).toBeLessThan(300);
    const stereo = join(dir, 'stereo.wav');
    writeFileSync(stereo, serializeWav({ sampleRate: 16000, channels: 2, samples: new Int16Array(640) }));
    const io = captureIo();
    expect(await runCli(['demo', '--audio', stereo], io)).toBe(2);
    expect(io.err()).toMatch(/"--audio" expected 8 kHz mono, got 16000 Hz with 2 channel\(s\)/);
    const missing = captureIo();
    expect(await runCli(['demo', '--audio', join(dir, 'nope.wav')], missing)).toBe(1);
    expect(missing.err()).toMatch(/cannot read ".*nope.wav": no such file or directory/);
  });

  it('over IPv6 loopback, AES_256_CM_HMAC_SHA1_32', async () => {
    const { code, report } = await demo(['--duration', '1', '--ipv6', '--suite', 'AES_256_CM_HMAC_SHA1_32']);
    expect(code).toBe(0);
    expect(report.suite).toBe('AES_256_CM_HMAC_SHA1_32');
    expect(report.caller.discovered).toMatch(/^\[::1\]:\d+$/);
    expect(report.sdpOffer).toContain('c=IN IP6 ::1');
    expect(report.totals).toMatchObject({ sent: 100, received: 100, missing: 0 });
  });

  it('with 10 % loss and jitter: what arrived is bit-exact and RTCP loss matches the drops', async () => {
    const { code, report } = await demo(['--duration', '2', '--loss', '10', '--jitter', '30', '--seed', '7']);
    expect(code).toBe(0);
    expect(report.totals.dropped).toBeGreaterThan(5);
    for (const d of report.directions) {
      expect(d.received + d.dropped).toBe(d.sent);
      expect(d.rtcpLost).toBe(d.expectedRtcpLost);
      expect(d.mismatched).toBe(0);
    }
    // The reported loss is real loss: at most the drops, and most of them.
    const dropped = report.directions.reduce((n, d) => n + d.dropped, 0);
    const lost = report.directions.reduce((n, d) => n + (d.rtcpLost ?? 0), 0);
    expect(lost).toBeLessThanOrEqual(dropped);
    expect(lost).toBeGreaterThanOrEqual(dropped - 4);
  });
});

describe('RFC 3550 A.1/A.3 loss oracle', () => {
  it('counts from the packet that ends probation', () => {
    expect(expectedLoss([10, 11, 12, 14])).toEqual({ expected: 4, received: 3, lost: 1 });
    expect(expectedLoss([10, 12, 13, 15])).toEqual({ expected: 3, received: 2, lost: 1 });
    expect(expectedLoss([65534, 65535, 0, 2])).toEqual({ expected: 4, received: 3, lost: 1 });
    expect(expectedLoss([5])).toEqual({ expected: 0, received: 0, lost: 0 });
    expect(expectedLoss([1, 2, 4, 3])).toEqual({ expected: 3, received: 3, lost: 0 });
  });
});
