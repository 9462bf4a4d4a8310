import { afterEach, describe, expect, it, vi } from 'vitest';
import { ComfortNoisePayload, JitterBuffer, PacedSender, PCMU } from '../src/index.js';
import type { JitterFrame, JitterPacket } from '../src/index.js';

const rmsDb = (pcm: Int16Array): number => {
  let sum = 0;
  for (const v of pcm) {
    sum += v * v;
  }
  return 20 * Math.log10(Math.sqrt(sum / pcm.length) / 32767);
};

const tone = (n: number): Int16Array => Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));

function cnPacket(sequenceNumber: number, timestamp: number, level: number, payloadType = 13): JitterPacket {
  return { sequenceNumber, timestamp, ssrc: 7, payloadType, arrivalMs: 0, payload: ComfortNoisePayload.serialize({ level, reflectionCoefficients: new Uint8Array(0) }) };
}

describe('JitterBuffer with RFC 3389 comfort noise', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a paced sender with CN into the buffer: speech, then noise at the signalled level (within 2 dB) with no loss or concealment, then speech', () => {
    vi.useFakeTimers();
    const jb = new JitterBuffer({ codec: PCMU, adaptive: false, comfortNoisePayloadType: 13 });
    const sender = new PacedSender({
      codec: PCMU,
      sequenceNumber: 100,
      timestamp: 5000,
      comfortNoise: { level: 50, intervalMs: 200 },
      send: (f) => jb.push({ sequenceNumber: f.sequenceNumber, timestamp: f.timestamp, ssrc: 9, payload: f.payload, payloadType: f.payloadType ?? 0, arrivalMs: performance.now() }),
    });
    const frames: JitterFrame[] = [];
    sender.write(tone(160 * 10)); // 200 ms speech
    sender.start();
    vi.advanceTimersByTime(10);
    const player = setInterval(() => frames.push(jb.pull()), 20);
    vi.advanceTimersByTime(1000); // then 800 ms quiet
    sender.write(tone(160 * 10));
    vi.advanceTimersByTime(400);
    clearInterval(player);
    sender.stop();
    // Runs of frame kinds: the buffer's fill (idle), speech, comfort noise, speech, comfort noise again.
    const runs: [string, number][] = [];
    for (const f of frames) {
      if (runs.at(-1)?.[0] === f.kind) {
        runs.at(-1)![1]++;
      } else {
        runs.push([f.kind, 1]);
      }
    }
    expect(runs.map((r) => r[0])).toEqual(['audio', 'comfort-noise', 'audio', 'comfort-noise']);
    expect(runs[0]![1]).toBe(10);
    expect(runs[1]![1]).toBeGreaterThanOrEqual(38); // the 800 ms of silence (give or take the refill)
    expect(runs[1]![1]).toBeLessThanOrEqual(42);
    expect(runs[2]![1]).toBe(10);
    const noise = frames.filter((f) => f.kind === 'comfort-noise');
    const all = new Int16Array(noise.length * 160);
    noise.forEach((f, i) => all.set(f.pcm, i * 160));
    expect(Math.abs(rmsDb(all) - -50)).toBeLessThan(2);
    for (const f of noise) {
      expect(Math.abs(rmsDb(f.pcm) - -50)).toBeLessThan(2);
    }
    const st = jb.stats;
    expect(st.lost).toBe(0);
    expect(st.concealed).toBe(0);
    expect(st.comfortNoise).toBe(sender.stats.comfortNoiseSent);
    expect(st.comfortNoise).toBe(4 + 2); // at the start of the 800 ms and every 200 ms after; then again after the speech
    expect(st.comfortNoiseFrames).toBe(noise.length);
  });

  it('without comfortNoisePayloadType the same gap is concealed and then idle (behaviour unchanged)', () => {
    const jb = new JitterBuffer({ codec: PCMU, adaptive: false, targetDelayMs: 20 });
    const enc = PCMU.createEncoder();
    jb.push({ sequenceNumber: 1, timestamp: 0, ssrc: 7, payload: enc.encode(tone(160)), arrivalMs: 0 });
    jb.push({ ...cnPacket(2, 160, 50), payloadType: undefined, payload: enc.encode(tone(160)) });
    expect(jb.pull().kind).toBe('audio');
    expect(jb.pull().kind).toBe('audio');
    expect(jb.pull().kind).toBe('concealed');
  });

  it('a level change takes effect; a stale CN packet (before audio that played) is late; a malformed one is malformed', () => {
    const jb = new JitterBuffer({ codec: PCMU, adaptive: false, targetDelayMs: 20, comfortNoisePayloadType: 13 });
    const enc = PCMU.createEncoder();
    jb.push({ sequenceNumber: 1, timestamp: 0, ssrc: 7, payload: enc.encode(tone(160)), arrivalMs: 0 });
    expect(jb.pull().kind).toBe('audio');
    jb.push(cnPacket(2, 160, 30));
    const loud = jb.pull();
    expect(loud.kind).toBe('comfort-noise');
    expect(Math.abs(rmsDb(loud.pcm) - -30)).toBeLessThan(2);
    jb.push(cnPacket(3, 320 + 160 * 50, 70));
    const levels: number[] = [];
    for (let i = 0; i < 60; i++) {
      const f = jb.pull();
      expect(f.kind).toBe('comfort-noise'); // no idling out after maxDelayMs while in comfort noise
      levels.push(rmsDb(f.pcm));
    }
    expect(Math.abs(levels.at(-1)! - -70)).toBeLessThan(2.5);
    jb.push({ sequenceNumber: 4, timestamp: 320 + 160 * 60, ssrc: 7, payload: enc.encode(tone(160)), arrivalMs: 0 });
    expect(jb.pull().kind).toBe('audio');
    jb.push(cnPacket(5, 320 + 160 * 55, 40)); // older than the audio just played
    jb.push({ ...cnPacket(6, 320 + 160 * 61, 40), payload: Uint8Array.of(0x80) });
    jb.push({ ...cnPacket(7, 320 + 160 * 61, 40), payload: new Uint8Array(0) });
    expect(jb.stats.late).toBe(1);
    expect(jb.stats.malformed).toBe(2);
    expect(jb.stats.comfortNoise).toBe(2);
    expect(jb.stats.lost).toBe(0);
    expect(jb.pull().kind).not.toBe('comfort-noise');
  });
});
