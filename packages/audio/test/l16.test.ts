import { describe, expect, it } from 'vitest';
import { isAudioError, l16 } from '../src/index.js';
import { fromS16le, requireTool, runTool, s16le } from './tools.js';

describe('L16 (RFC 3551 §4.5.11)', () => {
  it('encodes big-endian signed 16-bit, interleaved, and decodes back', () => {
    const codec = l16(48000, 2);
    const payload = codec.createEncoder().encode(Int16Array.of(1, -2, 0x1234, -32768));
    expect([...payload]).toEqual([0x00, 0x01, 0xff, 0xfe, 0x12, 0x34, 0x80, 0x00]);
    expect([...codec.createDecoder().decode(payload)]).toEqual([1, -2, 0x1234, -32768]);
  });

  it('round-trips every 16-bit value', () => {
    const all = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    const codec = l16(8000);
    expect(codec.createDecoder().decode(codec.createEncoder().encode(all))).toEqual(all);
  });

  it('has clock rate = sample rate, static PT 11 (mono) / 10 (stereo) at 44100 only', () => {
    expect([l16(16000).clockRate, l16(16000).sampleRate, l16(16000).encodingName]).toEqual([16000, 16000, 'L16']);
    expect(l16(44100).staticPayloadType).toBe(11);
    expect(l16(44100, 2).staticPayloadType).toBe(10);
    expect(l16(44100, 3).staticPayloadType).toBeUndefined();
    expect(l16(48000).staticPayloadType).toBeUndefined();
    expect([l16(8000).encodedLength(160), l16(8000).decodedLength(320)]).toEqual([320, 160]);
  });

  it('a payload of partial sample frames is an AudioError BAD_PAYLOAD', () => {
    for (const [channels, bytes] of [[1, 3], [2, 6]] as const) {
      try {
        l16(8000, channels).createDecoder().decode(new Uint8Array(bytes));
        expect.unreachable();
      } catch (e) {
        expect(isAudioError(e) && e.code).toBe('BAD_PAYLOAD');
      }
    }
  });

  it('rejects a bad rate, channel count, partial frame or short out with RangeError', () => {
    expect(() => l16(0)).toThrow(RangeError);
    expect(() => l16(8000.5)).toThrow(RangeError);
    expect(() => l16(8000, 0)).toThrow(RangeError);
    expect(() => l16(8000, 2).createEncoder().encode(new Int16Array(3))).toThrow(RangeError);
    expect(() => l16(8000).createEncoder().encode(new Int16Array(3), new Uint8Array(5))).toThrow(RangeError);
    expect(() => l16(8000).createDecoder().decode(new Uint8Array(4), new Int16Array(1))).toThrow(RangeError);
    // An "out" of exactly the frame's length is returned itself (no view per frame).
    const exact = new Uint8Array(320);
    expect(l16(8000).createEncoder().encode(new Int16Array(160), exact)).toBe(exact);
    const exactPcm = new Int16Array(160);
    expect(l16(8000).createDecoder().decode(exact, exactPcm)).toBe(exactPcm);
  });
});

describe('L16 against ffmpeg (s16be)', () => {
  if (!requireTool('ffmpeg', 'L16 against ffmpeg')) {
    return;
  }
  it('encodes as ffmpeg converts s16le to s16be', () => {
    const pcm = Int16Array.from({ length: 4000 }, (_, i) => Math.round(30000 * Math.sin(i / 7)) - (i & 1));
    const expected = runTool('ffmpeg', ['-v', 'error', '-y', '-f', 's16le', '-ar', '16000', '-ac', '2', '-i', '{in}', '-f', 's16be', '{out}'], s16le(pcm));
    expect(Buffer.from(l16(16000, 2).createEncoder().encode(pcm)).equals(Buffer.from(expected))).toBe(true);
    const back = fromS16le(runTool('ffmpeg', ['-v', 'error', '-y', '-f', 's16be', '-ar', '16000', '-ac', '2', '-i', '{in}', '-f', 's16le', '{out}'], expected));
    expect(l16(16000, 2).createDecoder().decode(expected)).toEqual(back);
  });
});
