import { afterEach, describe, expect, it, vi } from 'vitest';
import { ComfortNoisePayload, PacedSender, PCMU } from '../src/index.js';
import type { PacedFrame } from '../src/index.js';

/** White noise at a level, deterministic. */
function noise(n: number, level: number, seed = 1): Int16Array {
  let x = seed;
  return ComfortNoisePayload.fill(new Int16Array(n), level, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  });
}

describe('PacedSender with RFC 3389 comfort noise', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('speech / quiet / speech: CN at the start of the quiet, updates every intervalMs, marker on the next audio, contiguous sequence numbers, slot timestamps', () => {
    vi.useFakeTimers();
    const sent: PacedFrame[] = [];
    const s = new PacedSender({ codec: PCMU, sequenceNumber: 65533, timestamp: 0xfffffe00, send: (f) => sent.push(f), comfortNoise: { intervalMs: 100 } });
    s.write(noise(160 * 3, 40)); // 3 frames of "speech" at -40 dBov
    s.start();
    vi.advanceTimersByTime(20 * 3 + 250); // 3 audio slots, then slots 3..15 quiet
    s.write(noise(160 * 2, 30, 7)); // speech again, sent at slots 16 and 17
    vi.advanceTimersByTime(40);
    s.stop();
    const slot = (f: PacedFrame): number => ((f.timestamp - 0xfffffe00) >>> 0) / 160;
    // Audio 0..2, CN at 3 (start of silence), 8 and 13 (every 100 ms = 5 slots), audio 16, 17.
    expect(sent.map(slot)).toEqual([0, 1, 2, 3, 8, 13, 16, 17]);
    expect(sent.map((f) => f.payloadType)).toEqual([undefined, undefined, undefined, 13, 13, 13, undefined, undefined]);
    expect(sent.map((f) => f.marker)).toEqual([true, false, false, false, false, false, true, false]);
    expect(sent.map((f) => f.sequenceNumber)).toEqual([65533, 65534, 65535, 0, 1, 2, 3, 4]);
    const cn = sent.filter((f) => f.payloadType === 13).map((f) => ComfortNoisePayload.parse(f.payload));
    for (const c of cn) {
      expect(c.level).toBeGreaterThanOrEqual(39);
      expect(c.level).toBeLessThanOrEqual(41); // the level of the frames before the silence
      expect(c.reflectionCoefficients.length).toBe(0);
    }
    expect(s.stats.comfortNoiseSent).toBe(3);
    expect(s.stats.framesSent).toBe(8);
  });

  it('quiet from the start: CN first with the fixed level, and the first audio still has the marker; a dynamic payload type is used', () => {
    vi.useFakeTimers();
    const sent: PacedFrame[] = [];
    const s = new PacedSender({ codec: PCMU, sequenceNumber: 10, timestamp: 1000, send: (f) => sent.push(f), comfortNoise: { payloadType: 105, level: 70 } });
    s.start();
    vi.advanceTimersByTime(2010); // slots 0..100: CN at 0, 50, 100 (default interval 1000 ms)
    s.write(new Int16Array(160));
    vi.advanceTimersByTime(20);
    s.stop();
    expect(sent.map((f) => [f.payloadType, (f.timestamp - 1000) / 160, f.marker])).toEqual([
      [105, 0, false],
      [105, 50, false],
      [105, 100, false],
      [undefined, 101, true],
    ]);
    expect(sent.map((f) => f.sequenceNumber)).toEqual([10, 11, 12, 13]);
    expect(sent.slice(0, 3).map((f) => ComfortNoisePayload.parse(f.payload).level)).toEqual([70, 70, 70]);
  });

  it('without the option nothing changes: idle "silence" sends encoded silence with no payload type', () => {
    vi.useFakeTimers();
    const sent: PacedFrame[] = [];
    const s = new PacedSender({ codec: PCMU, idle: 'silence', send: (f) => sent.push(f) });
    s.start();
    vi.advanceTimersByTime(90);
    s.stop();
    expect(sent.length).toBe(5);
    expect(sent.every((f) => f.payloadType === undefined && f.payload.length === 160)).toBe(true);
    expect(s.stats.comfortNoiseSent).toBe(0);
  });

  it('rejects a bad comfort noise payload type, interval or level with a RangeError', () => {
    const send = (): void => undefined;
    expect(() => new PacedSender({ codec: PCMU, send, comfortNoise: { payloadType: 128 } })).toThrow(RangeError);
    expect(() => new PacedSender({ codec: PCMU, send, comfortNoise: { intervalMs: 0 } })).toThrow(RangeError);
    expect(() => new PacedSender({ codec: PCMU, send, comfortNoise: { level: 128 } })).toThrow(RangeError);
  });
});
