import { describe, expect, it } from 'vitest';
import { PCMA, PCMU, createG711Codec } from '../src/index.js';
import { fromS16le, requireTool, runTool, s16le } from './tools.js';

/** Every 16-bit sample value once, -32768..32767. */
const everySample = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
/** Every code once, 0..255. */
const everyCode = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('G.711 codec objects', () => {
  it('describe PCMU/8000 PT 0 and PCMA/8000 PT 8 (RFC 3551 Table 4)', () => {
    expect([PCMU.encodingName, PCMU.clockRate, PCMU.sampleRate, PCMU.channels, PCMU.staticPayloadType]).toEqual(['PCMU', 8000, 8000, 1, 0]);
    expect([PCMA.encodingName, PCMA.clockRate, PCMA.sampleRate, PCMA.channels, PCMA.staticPayloadType]).toEqual(['PCMA', 8000, 8000, 1, 8]);
    expect([PCMU.encodedLength(160), PCMU.decodedLength(160)]).toEqual([160, 160]);
  });

  it('has the G.711 reference points (silence, full scale)', () => {
    expect([...PCMU.createEncoder().encode(Int16Array.of(0, 32767, -32768))]).toEqual([0xff, 0x80, 0x00]);
    expect([...PCMU.createDecoder().decode(Uint8Array.of(0xff, 0x7f, 0x80, 0x00))]).toEqual([0, 0, 32124, -32124]);
    expect([...PCMA.createEncoder().encode(Int16Array.of(0, -1, 32767, -32768))]).toEqual([0xd5, 0x55, 0xaa, 0x2a]);
    expect([...PCMA.createDecoder().decode(Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a))]).toEqual([8, -8, 32256, -32256]);
  });

  for (const codec of [PCMU, PCMA]) {
    it(`${codec.encodingName}: decode(encode(decode(c))) is decode(c) for every code (the codes are fixed points)`, () => {
      const dec = codec.createDecoder();
      const enc = codec.createEncoder();
      const linear = dec.decode(everyCode);
      expect([...dec.decode(enc.encode(linear))]).toEqual([...linear]);
    });

    it(`${codec.encodingName}: encoding is monotonic in the sample value`, () => {
      const linear = codec.createDecoder().decode(codec.createEncoder().encode(everySample));
      for (let i = 1; i < linear.length; i++) {
        expect(linear[i]! >= linear[i - 1]!).toBe(true);
      }
    });

    it(`${codec.encodingName}: writes into "out" and returns a view of the written part; a short "out" is a RangeError`, () => {
      const enc = codec.createEncoder();
      const out = new Uint8Array(10).fill(0x11);
      const view = enc.encode(new Int16Array(4), out);
      expect(view.buffer).toBe(out.buffer);
      expect(view.length).toBe(4);
      expect(out[4]).toBe(0x11);
      expect(() => enc.encode(new Int16Array(4), new Uint8Array(3))).toThrow(RangeError);
      const pcmOut = new Int16Array(8);
      const pcm = codec.createDecoder().decode(new Uint8Array(5), pcmOut);
      expect([pcm.buffer === pcmOut.buffer, pcm.length]).toEqual([true, 5]);
      expect(() => codec.createDecoder().decode(new Uint8Array(5), new Int16Array(4))).toThrow(RangeError);
      // An "out" of exactly the frame's length is returned itself: no view allocated per frame.
      const exact = new Uint8Array(160);
      expect(enc.encode(new Int16Array(160), exact)).toBe(exact);
      const exactPcm = new Int16Array(160);
      expect(codec.createDecoder().decode(exact, exactPcm)).toBe(exactPcm);
    });
  }
});

describe('G.711 against ffmpeg (pcm_mulaw, pcm_alaw), bit-exact', () => {
  if (!requireTool('ffmpeg', 'G.711 against ffmpeg')) {
    return;
  }
  const cases = [
    { codec: PCMU, midpoints: createG711Codec('PCMU', { decisionLevels: 'midpoints' }), format: 'mulaw', differing: 851 },
    { codec: PCMA, midpoints: createG711Codec('PCMA', { decisionLevels: 'midpoints' }), format: 'alaw', differing: 849 },
  ];
  for (const { codec, midpoints, format, differing } of cases) {
    it(`${codec.encodingName} with decisionLevels 'midpoints' encodes every 16-bit sample as ffmpeg -f ${format} does; the default (G.711's tables) differs on ${String(differing)} samples by one code`, () => {
      const expected = runTool('ffmpeg', ['-v', 'error', '-y', '-f', 's16le', '-ar', '8000', '-ac', '1', '-i', '{in}', '-f', format, '{out}'], s16le(everySample));
      expect(expected.length).toBe(65536);
      expect(Buffer.from(midpoints.createEncoder().encode(everySample)).equals(Buffer.from(expected))).toBe(true);
      const tables = codec.createEncoder().encode(everySample);
      const decode = codec.createDecoder();
      const levels = [...new Set(decode.decode(everyCode))].sort((x, y) => x - y);
      let count = 0;
      for (let i = 0; i < tables.length; i++) {
        if (tables[i] !== expected[i]) {
          count++;
          // Never more than one reconstruction level apart: the same sign, adjacent magnitudes.
          const [a, b] = decode.decode(Uint8Array.of(tables[i]!, expected[i]!));
          expect(Math.sign(a!) * Math.sign(b!)).not.toBe(-1);
          expect(Math.abs(levels.indexOf(a!) - levels.indexOf(b!))).toBe(1);
        }
      }
      expect(count).toBe(differing);
    });

    it(`${codec.encodingName} decodes every code as ffmpeg -f ${format} does (both decision-level options)`, () => {
      const expected = fromS16le(runTool('ffmpeg', ['-v', 'error', '-y', '-f', format, '-ar', '8000', '-ac', '1', '-i', '{in}', '-f', 's16le', '{out}'], everyCode));
      expect(expected.length).toBe(256);
      expect([...codec.createDecoder().decode(everyCode)]).toEqual([...expected]);
      expect([...midpoints.createDecoder().decode(everyCode)]).toEqual([...expected]);
    });
  }
});

describe('createG711Codec', () => {
  it('describes the same payload formats as PCMU and PCMA, and rejects what it does not know with a RangeError', () => {
    const mu = createG711Codec('PCMU', { decisionLevels: 'midpoints' });
    expect([mu.encodingName, mu.clockRate, mu.staticPayloadType]).toEqual(['PCMU', 8000, 0]);
    expect(createG711Codec('PCMA').staticPayloadType).toBe(8);
    expect(() => createG711Codec('G722' as 'PCMU')).toThrow(RangeError);
    expect(() => createG711Codec('PCMU', { decisionLevels: 'nearest' as 'midpoints' })).toThrow(RangeError);
  });
});
