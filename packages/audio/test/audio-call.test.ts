// Two AudioCalls over two real RtpCalls (@voip/rtp, a dev dependency) on 127.0.0.1: PCM written at
// 16 kHz on one side is heard at 16 kHz on the other, through PCMU at 8 kHz, and DTMF passes through.
import { RtpCall, RtpMultiplexer, type RtpCallOptions } from '@voip/rtp';
import { createUdpTransport } from '@voip/rtp/node';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { AudioCall, G722, PCMA, PCMU, selectAudioCodec, type AudioCallRtp } from '../src/index.js';
import { fitSine, sine } from './signal.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const MEDIA = [
  { payloadType: 0, encodingName: 'PCMU', clockRate: 8000 },
  { payloadType: 101, encodingName: 'telephone-event', clockRate: 8000 },
];

async function pair(b: Partial<RtpCallOptions> = {}): Promise<{ a: RtpCall; b: RtpCall }> {
  const muxA = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
  const muxB = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
  closers.push(() => muxA.close(), () => muxB.close());
  const at = (m: RtpMultiplexer) => ({ remoteAddress: '127.0.0.1', remotePort: m.localAddress().port, rtcpMux: true });
  const callA = new RtpCall({ multiplexer: muxA, media: [{ ...MEDIA[0]!, ...at(muxB) }, MEDIA[1]!], rtcp: { enabled: false } });
  const callB = new RtpCall({ multiplexer: muxB, media: [{ ...MEDIA[0]!, ...at(muxA) }, MEDIA[1]!], rtcp: { enabled: false }, ...b });
  muxA.registerCall(muxB.localAddress(), callA);
  muxB.registerCall(muxA.localAddress(), callB);
  return { a: callA, b: callB };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('AudioCall', () => {
  it('an RtpCall has the shape AudioCall needs', () => {
    expectTypeOf<RtpCall>().toExtend<AudioCallRtp>();
  });

  it('picks the first implemented codec of the call, in its order', () => {
    expect(selectAudioCodec([{ payloadType: 9, encodingName: 'G722', clockRate: 8000 }, { payloadType: 8, encodingName: 'PCMA', clockRate: 8000 }])).toEqual({ payloadType: 9, codec: G722 });
    expect(selectAudioCodec([{ payloadType: 9, encodingName: 'g722', clockRate: 16000 }, { payloadType: 8, encodingName: 'PCMA', clockRate: 8000 }])).toEqual({ payloadType: 8, codec: PCMA });
    expect(selectAudioCodec(MEDIA)).toEqual({ payloadType: 0, codec: PCMU });
    expect(selectAudioCodec([{ payloadType: 96, encodingName: 'L16', clockRate: 16000 }])?.codec.sampleRate).toBe(16000);
    expect(selectAudioCodec([{ payloadType: 111, encodingName: 'opus', clockRate: 48000 }])).toBeUndefined();
    expect(() => new AudioCall({ call: { media: [], sendPacket: () => true } })).toThrow(expect.objectContaining({ name: 'AudioError' }));
  });

  it('a 440 Hz tone written at 16 kHz is heard at 16 kHz on the far side (PCMU), and a digit passes too', async () => {
    const heard: Int16Array[] = [];
    const digits: string[] = [];
    const box: { listener?: AudioCall } = {};
    const { a, b } = await pair({
      onPacket: (packet) => box.listener?.packetReceived(packet),
      dtmf: { onDigitEnd: (_call, end) => digits.push(end.digit ?? '?') },
    });
    const speaker = new AudioCall({ call: a, sampleRate: 16000 });
    const listener = new AudioCall({ call: b, sampleRate: 16000, onAudio: (pcm) => heard.push(pcm.slice()) });
    box.listener = listener;
    speaker.start();
    listener.start();
    speaker.write(sine(440, 16000, 16000, 8000)); // 1 s
    expect(speaker.queuedMs).toBeGreaterThan(900);
    await sleep(1300);
    await speaker.sendDigits('5');
    await sleep(200);
    speaker.stop();
    listener.stop();
    expect(digits).toEqual(['5']);
    const all = new Int16Array(heard.reduce((n, f) => n + f.length, 0));
    heard.reduce((at, f) => (all.set(f, at), at + f.length), 0);
    // The loud part, fitted with a 440 Hz sine per 20 ms window (phase free in each, so a frame the
    // playout skipped on a busy machine spoils one window, not the figure): G.711 keeps about 38 dB.
    const loud = all.findIndex((s) => Math.abs(s) > 2000);
    expect(loud).toBeGreaterThanOrEqual(0);
    const snrs: number[] = [];
    const amplitudes: number[] = [];
    for (let at = loud + 1600; at + 320 <= loud + 14_400 && at + 320 <= all.length; at += 320) {
      const fit = fitSine(all.subarray(at, at + 320), 440, 16000);
      amplitudes.push(fit.amplitude);
      snrs.push(20 * Math.log10(fit.amplitude / Math.SQRT2 / Math.max(1e-9, fit.residualRms)));
    }
    const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    expect(snrs.length).toBeGreaterThanOrEqual(30);
    expect(median(amplitudes)).toBeGreaterThan(6500);
    expect(median(amplitudes)).toBeLessThan(9500);
    expect(median(snrs)).toBeGreaterThan(25);
    expect(listener.stats.received.received).toBeGreaterThan(50);
    expect(listener.stats.otherPayloadTypes).toBeGreaterThan(0); // the DTMF packets, left to the call
  });
});
