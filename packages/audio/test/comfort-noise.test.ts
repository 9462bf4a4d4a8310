import { describe, expect, it } from 'vitest';
import { COMFORT_NOISE_PAYLOAD_TYPE, ComfortNoisePayload, isAudioError } from '../src/index.js';

describe('RFC 3389 comfort noise payload', () => {
  it('round-trips the level byte and the reflection coefficients, parsing into a view', () => {
    const cn = { level: 63, reflectionCoefficients: Uint8Array.of(127, 0, 254) };
    const bytes = ComfortNoisePayload.serialize(cn);
    expect([...bytes]).toEqual([63, 127, 0, 254]);
    expect(ComfortNoisePayload.byteLength(cn)).toBe(4);
    const parsed = ComfortNoisePayload.parse(bytes);
    expect(parsed.level).toBe(63);
    expect([...parsed.reflectionCoefficients]).toEqual([127, 0, 254]);
    expect(parsed.reflectionCoefficients.buffer).toBe(bytes.buffer);
    expect(ComfortNoisePayload.parse(Uint8Array.of(127))).toEqual({ level: 127, reflectionCoefficients: new Uint8Array(0) });
    const out = new Uint8Array(6).fill(0xee);
    expect(ComfortNoisePayload.serializeInto(cn, out, 2)).toBe(4);
    expect([...out]).toEqual([0xee, 0xee, 63, 127, 0, 254]);
    expect(COMFORT_NOISE_PAYLOAD_TYPE).toBe(13);
  });

  it('rejects an empty payload and a set reserved bit (BAD_PAYLOAD), bad levels and short buffers (RangeError)', () => {
    for (const bad of [new Uint8Array(0), Uint8Array.of(0x80), Uint8Array.of(0xff, 1)]) {
      let error: unknown;
      try {
        ComfortNoisePayload.parse(bad);
      } catch (e) {
        error = e;
      }
      expect(isAudioError(error) && error.code).toBe('BAD_PAYLOAD');
    }
    const none = new Uint8Array(0);
    expect(() => ComfortNoisePayload.serialize({ level: 128, reflectionCoefficients: none })).toThrow(RangeError);
    expect(() => ComfortNoisePayload.serialize({ level: -1, reflectionCoefficients: none })).toThrow(RangeError);
    expect(() => ComfortNoisePayload.serialize({ level: 1.5, reflectionCoefficients: none })).toThrow(RangeError);
    expect(() => ComfortNoisePayload.serializeInto({ level: 1, reflectionCoefficients: Uint8Array.of(1) }, new Uint8Array(1))).toThrow(RangeError);
    expect(() => ComfortNoisePayload.parse([1] as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('encodes levels as -dBov against a full-scale square wave: full scale 0, -20 dB 20, silence 127', () => {
    expect(ComfortNoisePayload.levelOf(new Int16Array(160).fill(32767))).toBe(0);
    expect(ComfortNoisePayload.levelOf(Int16Array.from({ length: 160 }, (_, i) => (i % 2 === 0 ? 3277 : -3277)))).toBe(20);
    expect(ComfortNoisePayload.levelOf(new Int16Array(160))).toBe(127);
    expect(ComfortNoisePayload.levelOf(Int16Array.of(1))).toBe(90);
    expect(ComfortNoisePayload.rmsOf(40)).toBeCloseTo(327.67, 2);
  });

  it('fills noise at the signalled level (measured level within 1 dB), not silence, and varying', () => {
    for (const level of [30, 50, 70]) {
      const pcm = ComfortNoisePayload.fill(new Int16Array(8000), level);
      expect(Math.abs(ComfortNoisePayload.levelOf(pcm) - level)).toBeLessThanOrEqual(1);
      expect(new Set(pcm).size).toBeGreaterThan(10);
    }
  });
});
