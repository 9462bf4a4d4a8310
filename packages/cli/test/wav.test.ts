import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWav, serializeWav } from '../src/wav.js';
import { CliError } from '../src/errors.js';

describe('WAV (RIFF PCM 16-bit)', () => {
  it('writes the canonical 44-byte header', () => {
    const file = serializeWav({ sampleRate: 8000, channels: 1, samples: Int16Array.from([1, -2]) });
    expect(file.length).toBe(48);
    expect(new TextDecoder().decode(file.subarray(0, 4))).toBe('RIFF');
    const v = new DataView(file.buffer);
    expect(v.getUint32(4, true)).toBe(40);
    expect(v.getUint32(24, true)).toBe(8000);
    expect(v.getUint32(28, true)).toBe(16000);
    expect(v.getUint16(34, true)).toBe(16);
    expect(v.getInt16(46, true)).toBe(-2);
  });
  it('round-trips any audio, also read from an offset in a larger buffer', () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 300 }), fc.integer({ min: 1, max: 2 }), (xs, channels) => {
        const samples = Int16Array.from(xs.slice(0, xs.length - (xs.length % channels)));
        const file = serializeWav({ sampleRate: 16000, channels, samples });
        const big = new Uint8Array(file.length + 7);
        big.set(file, 5);
        const back = parseWav(big.subarray(5, 5 + file.length));
        expect(back.sampleRate).toBe(16000);
        expect(back.channels).toBe(channels);
        expect(Array.from(back.samples)).toEqual(Array.from(samples));
      }),
    ));
  it('skips unknown chunks (LIST) with odd sizes before data', () => {
    const plain = serializeWav({ sampleRate: 8000, channels: 1, samples: Int16Array.from([7, 8, 9]) });
    const list = Uint8Array.from([...new TextEncoder().encode('LIST'), 3, 0, 0, 0, 1, 2, 3, 0]);
    const file = new Uint8Array(plain.length + list.length);
    file.set(plain.subarray(0, 36));
    file.set(list, 36);
    file.set(plain.subarray(36), 36 + list.length);
    expect(Array.from(parseWav(file).samples)).toEqual([7, 8, 9]);
  });
  it('rejects what is not 16-bit PCM WAV, with a reason', () => {
    const ok = serializeWav({ sampleRate: 8000, channels: 1, samples: new Int16Array(4) });
    expect(() => parseWav(new Uint8Array(5))).toThrow(CliError);
    const notRiff = ok.slice();
    notRiff[0] = 0x58;
    expect(() => parseWav(notRiff)).toThrow(/no RIFF\/WAVE header/);
    const float = ok.slice();
    float[20] = 3;
    expect(() => parseWav(float)).toThrow(/format tag 3 is not PCM/);
    const bits8 = ok.slice();
    bits8[34] = 8;
    expect(() => parseWav(bits8)).toThrow(/8 bits per sample/);
    expect(() => parseWav(ok.subarray(0, 36))).toThrow(/no data chunk/);
  });
  it('rejects a bad sample rate or channel count on write', () => {
    expect(() => serializeWav({ sampleRate: 0, channels: 1, samples: new Int16Array(0) })).toThrow(RangeError);
    expect(() => serializeWav({ sampleRate: 8000, channels: 0, samples: new Int16Array(0) })).toThrow(/"channels"/);
  });
});
