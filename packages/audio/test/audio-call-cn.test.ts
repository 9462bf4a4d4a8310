import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioCall, ComfortNoisePayload, G722, PCMU, selectAudioCodec, type AudioCallMedia, type AudioCallRtp } from '../src/index.js';

const PCMU_MEDIA: AudioCallMedia = { payloadType: 0, encodingName: 'PCMU', clockRate: 8000 };
const CN13: AudioCallMedia = { payloadType: 13, encodingName: 'CN', clockRate: 8000 };
const DTMF: AudioCallMedia = { payloadType: 101, encodingName: 'telephone-event', clockRate: 8000 };

/** The formats both sides have, in the answerer's order (what an RtpCall's media is after offer/answer). */
const common = (offer: readonly AudioCallMedia[], answer: readonly AudioCallMedia[]): AudioCallMedia[] =>
  answer.filter((a) => offer.some((o) => o.encodingName.toUpperCase() === a.encodingName.toUpperCase() && o.clockRate === a.clockRate));

describe('selectAudioCodec and comfort noise', () => {
  it('includes CN when both sides offer it, and not when either side lacks it', () => {
    const withCn = [PCMU_MEDIA, CN13, DTMF];
    const without = [PCMU_MEDIA, DTMF];
    expect(selectAudioCodec(common(withCn, withCn))).toEqual({ payloadType: 0, codec: PCMU, comfortNoisePayloadType: 13 });
    for (const media of [common(withCn, without), common(without, withCn), common(without, without)]) {
      const choice = selectAudioCodec(media);
      expect(choice).toEqual({ payloadType: 0, codec: PCMU });
      expect(choice).not.toHaveProperty('comfortNoisePayloadType');
    }
  });

  it('takes a dynamic CN payload type, matches the codec clock rate (G722 is 8000) and passes over CN at another rate', () => {
    expect(selectAudioCodec([PCMU_MEDIA, { payloadType: 105, encodingName: 'cn', clockRate: 8000 }])?.comfortNoisePayloadType).toBe(105);
    expect(selectAudioCodec([{ payloadType: 9, encodingName: 'G722', clockRate: 8000 }, CN13])).toEqual({ payloadType: 9, codec: G722, comfortNoisePayloadType: 13 });
    const l16 = selectAudioCodec([{ payloadType: 96, encodingName: 'L16', clockRate: 16000 }, CN13, { payloadType: 98, encodingName: 'CN', clockRate: 16000 }]);
    expect(l16?.comfortNoisePayloadType).toBe(98);
    expect(selectAudioCodec([{ payloadType: 96, encodingName: 'L16', clockRate: 16000 }, CN13])?.comfortNoisePayloadType).toBeUndefined();
    expect(selectAudioCodec([CN13])).toBeUndefined();
  });
});

interface Wire {
  payloadType: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

/** Two AudioCalls joined by an in-memory "network" that numbers packets like an RtpCall. */
function link(media: readonly AudioCallMedia[], options: { comfortNoise?: boolean } = {}) {
  const wire: Wire[] = [];
  const heard: Int16Array[] = [];
  const box: { b?: AudioCall } = {};
  let seq = 1000;
  const callA: AudioCallRtp = {
    media,
    sendPacket: (p) => {
      wire.push({ payloadType: p.payloadType, timestamp: p.timestamp, marker: p.marker ?? false, payload: p.payload });
      box.b?.packetReceived({ payloadType: p.payloadType, sequenceNumber: seq++ & 0xffff, timestamp: p.timestamp, ssrc: 42, payload: p.payload });
      return true;
    },
  };
  const a = new AudioCall({ call: callA, ...options });
  const b = new AudioCall({ call: { media, sendPacket: () => true }, onAudio: (pcm) => heard.push(pcm.slice()), jitter: { adaptive: false }, ...options });
  box.b = b;
  return { a, b, wire, heard };
}

const tone = (n: number): Int16Array => Int16Array.from({ length: n }, (_, i) => Math.round(3000 * Math.sin((2 * Math.PI * 300 * i) / 8000)));

describe('AudioCall with negotiated comfort noise', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends CN while quiet and the far side plays noise at that level (within 2 dB) with no loss, then speech with the marker', () => {
    vi.useFakeTimers();
    const { a, b, wire, heard } = link([PCMU_MEDIA, CN13, DTMF]);
    b.start();
    vi.advanceTimersByTime(5);
    a.start();
    a.write(tone(1600)); // 200 ms
    vi.advanceTimersByTime(1200); // then 1 s quiet
    a.write(tone(800));
    vi.advanceTimersByTime(300);
    a.stop();
    b.stop();
    const cn = wire.filter((p) => p.payloadType === 13);
    // Quiet before the first write (a CN at the default low level), then the silence after the speech:
    // a CN at its start, with the speech's level, and an update a second later.
    expect(cn.length).toBe(3);
    expect(wire[0]!.payloadType).toBe(13);
    expect(ComfortNoisePayload.parse(cn[0]!.payload).level).toBe(80);
    const level = ComfortNoisePayload.parse(cn[1]!.payload).level;
    expect(level).toBe(ComfortNoisePayload.levelOf(tone(160)));
    expect(ComfortNoisePayload.parse(cn[2]!.payload).level).toBe(level);
    const firstAudioAfter = wire.findIndex((p, i) => i > 0 && p.payloadType === 0 && wire[i - 1]!.payloadType === 13);
    expect(wire[firstAudioAfter]!.marker).toBe(true);
    expect(wire.filter((p) => p.marker).length).toBe(2); // the stream's first, and the first after the CN
    // The far side: a run of noise frames in the silence, at the level the CN packets carry.
    const rms = heard.map((f) => Math.sqrt(f.reduce((s, v) => s + v * v, 0) / f.length));
    const quiet = rms.slice(20, 55); // well inside the second of silence
    const want = ComfortNoisePayload.rmsOf(level);
    const all = Math.sqrt(quiet.reduce((s, r) => s + r * r, 0) / quiet.length);
    expect(Math.abs(20 * Math.log10(all / want))).toBeLessThan(2);
    expect(quiet.every((r) => r > 0)).toBe(true);
    const st = b.stats;
    expect(st.received.comfortNoise).toBe(cn.length);
    expect(st.received.lost).toBe(0);
    expect(st.received.concealed).toBe(0);
    expect(st.otherPayloadTypes).toBe(0);
    expect(a.stats.sent.comfortNoiseSent).toBe(cn.length);
  });

  it('without CN in the media, or with comfortNoise: false, the idle fill (encoded silence) goes out and nothing is CN', () => {
    vi.useFakeTimers();
    for (const [media, options] of [[[PCMU_MEDIA, DTMF], {}], [[PCMU_MEDIA, CN13], { comfortNoise: false }]] as const) {
      const { a, wire } = link(media, options);
      a.start();
      vi.advanceTimersByTime(200);
      a.stop();
      expect(wire.length).toBeGreaterThanOrEqual(10);
      expect(wire.every((p) => p.payloadType === 0 && p.payload.length === 160)).toBe(true);
    }
  });
});
