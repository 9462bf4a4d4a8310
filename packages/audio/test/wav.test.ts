import { describe, expect, expectTypeOf, it } from 'vitest';
import { AudioError, decodeWav, encodeWav, isAudioError } from '../src/index.js';
import { requireTool, runTool, toolOutput } from './tools.js';

const tone = (n: number, channels: number): Int16Array =>
  Int16Array.from({ length: n * channels }, (_, i) => Math.round(20000 * Math.sin(i / (3 + (i % channels)))) | 0);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isAudioError(e) ? e.code : String(e);
  }
  return 'no error';
}

/** A RIFF/WAVE file of the given chunks ([id, body]). */
function riff(chunks: [string, Uint8Array][]): Uint8Array {
  const parts: number[] = [];
  for (const [id, body] of chunks) {
    parts.push(...[...id].map((c) => c.charCodeAt(0)), body.length & 0xff, (body.length >> 8) & 0xff, (body.length >> 16) & 0xff, body.length >>> 24, ...body);
    if (body.length & 1) {
      parts.push(0);
    }
  }
  const size = 4 + parts.length;
  return Uint8Array.from([0x52, 0x49, 0x46, 0x46, size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >>> 24, 0x57, 0x41, 0x56, 0x45, ...parts]);
}

function fmtBody({ format = 1, channels = 1, rate = 8000, bits = 16, extra = [] as number[] } = {}): Uint8Array {
  const b = new Uint8Array(16 + extra.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, format, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, (rate * channels * bits) / 8, true);
  v.setUint16(12, (channels * bits) / 8, true);
  v.setUint16(14, bits, true);
  b.set(extra, 16);
  return b;
}

describe('WAV', () => {
  for (const channels of [1, 2]) {
    it(`round-trips ${channels} channel(s) with the canonical 44-byte header`, () => {
      const samples = tone(1000, channels);
      const file = encodeWav({ sampleRate: 16000, channels, samples });
      expect(file.length).toBe(44 + samples.length * 2);
      const back = decodeWav(file);
      expect([back.sampleRate, back.channels]).toEqual([16000, channels]);
      expect(back.samples).toEqual(samples);
    });
  }

  it('skips unknown chunks (odd-sized ones padded), reads WAVE_FORMAT_EXTENSIBLE with PCM, and copies unaligned data', () => {
    const data = new Uint8Array([1, 0, 0xff, 0xff]);
    const guidPcm = [22, 0, 16, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71];
    const file = riff([['LIST', new Uint8Array(3)], ['fmt ', fmtBody({ format: 0xfffe, rate: 48000, extra: [22, 0, ...guidPcm.slice(2)] })], ['fact', new Uint8Array(4)], ['data', data]]);
    const unaligned = new Uint8Array(file.length + 1).subarray(1);
    unaligned.set(file);
    for (const bytes of [file, unaligned]) {
      const wav = decodeWav(bytes);
      expect([wav.sampleRate, wav.channels, ...wav.samples]).toEqual([48000, 1, 1, -1]);
    }
  });

  it('reads a streamed file (data size 0xFFFFFFFF) to its last whole frame', () => {
    const file = riff([['fmt ', fmtBody({ channels: 2 })], ['data', Uint8Array.of(1, 0, 2, 0, 3, 0, 4, 0, 5)]]);
    new DataView(file.buffer).setUint32(40, 0xffffffff, true);
    expect([...decodeWav(file).samples]).toEqual([1, 2, 3, 4]);
  });

  it('gives typed errors with offsets for malformed and unsupported files', () => {
    const ok = riff([['fmt ', fmtBody()], ['data', new Uint8Array(4)]]);
    expect(codeOf(() => decodeWav(new Uint8Array(0)))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(ok.subarray(0, 11)))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(Uint8Array.from(ok, (b, i) => (i === 0 ? 0x58 : b))))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(riff([['data', new Uint8Array(4)], ['fmt ', fmtBody()]])))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(riff([['fmt ', fmtBody()]])))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(riff([['LIST', new Uint8Array(2)]])))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(riff([['fmt ', fmtBody().subarray(0, 14)], ['data', new Uint8Array(4)]])))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(ok.subarray(0, ok.length - 2)))).toBe('BAD_WAV'); // data cut short
    expect(codeOf(() => decodeWav(riff([['fmt ', fmtBody({ channels: 2 })], ['data', new Uint8Array(6)]])))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(riff([['fmt ', fmtBody({ rate: 0 })], ['data', new Uint8Array(4)]])))).toBe('BAD_WAV');
    expect(codeOf(() => decodeWav(riff([['fmt ', fmtBody({ format: 3, bits: 32 })], ['data', new Uint8Array(4)]])))).toBe('UNSUPPORTED_WAV');
    expect(codeOf(() => decodeWav(riff([['fmt ', fmtBody({ bits: 8 })], ['data', new Uint8Array(4)]])))).toBe('UNSUPPORTED_WAV');
    expect(codeOf(() => decodeWav(riff([['fmt ', fmtBody({ channels: 3 })], ['data', new Uint8Array(6)]])))).toBe('UNSUPPORTED_WAV');
    try {
      decodeWav(riff([['LIST', new Uint8Array(2)], ['fmt ', fmtBody({ bits: 24 })], ['data', new Uint8Array(6)]]));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AudioError);
      expect((e as AudioError).offset).toBe(22); // the fmt chunk, after the 10-byte LIST chunk
    }
  });

  it('writes a file on its own ArrayBuffer (typed Uint8Array<ArrayBuffer>, fit for Blob and postMessage transfer)', () => {
    const file = encodeWav({ sampleRate: 8000, channels: 1, samples: new Int16Array(10) });
    expectTypeOf(file).toEqualTypeOf<Uint8Array<ArrayBuffer>>();
    expect(file.buffer).toBeInstanceOf(ArrayBuffer);
    expect([file.byteOffset, file.buffer.byteLength]).toEqual([0, 64]);
  });

  it('rejects what it cannot write with RangeError', () => {
    expect(() => encodeWav({ sampleRate: 8000, channels: 3, samples: new Int16Array(3) })).toThrow(RangeError);
    expect(() => encodeWav({ sampleRate: 0, channels: 1, samples: new Int16Array(3) })).toThrow(RangeError);
    expect(() => encodeWav({ sampleRate: 8000, channels: 2, samples: new Int16Array(3) })).toThrow(RangeError);
  });
});

describe('WAV against ffmpeg and ffprobe', () => {
  const hasFfprobe = requireTool('ffprobe', 'WAV read by ffprobe');
  const hasFfmpeg = requireTool('ffmpeg', 'WAV written by ffmpeg');
  if (hasFfprobe) {
    it('ffprobe reads our stereo file: pcm_s16le, rate, channels, frame count', () => {
      const file = encodeWav({ sampleRate: 24000, channels: 2, samples: tone(2400, 2) });
      const out = toolOutput('ffprobe', ['-v', 'error', '-show_streams', '-count_packets', '-of', 'json', '{in}'], file, 'ours.wav');
      const stream = (JSON.parse(out) as { streams: Record<string, unknown>[] }).streams[0]!;
      expect([stream.codec_name, stream.sample_rate, stream.channels, stream.bits_per_sample, stream.duration]).toEqual(['pcm_s16le', '24000', 2, 16, '0.100000']);
    });
  }
  if (hasFfmpeg) {
    it('ffmpeg decodes our samples unchanged, and we read what ffmpeg writes (with its LIST chunk)', () => {
      const samples = tone(4000, 1);
      const raw = runTool('ffmpeg', ['-v', 'error', '-y', '-i', '{in}', '-f', 's16le', '{out}'], encodeWav({ sampleRate: 8000, channels: 1, samples }), 'in.wav');
      expect(Buffer.from(raw).equals(Buffer.from(samples.buffer))).toBe(true);
      const theirs = runTool('ffmpeg', ['-v', 'error', '-y', '-f', 's16le', '-ar', '48000', '-ac', '2', '-i', '{in}', '{out}'], new Uint8Array(tone(2000, 2).buffer), 'in.raw', 'out.wav');
      const wav = decodeWav(theirs);
      expect([wav.sampleRate, wav.channels]).toEqual([48000, 2]);
      expect(wav.samples).toEqual(tone(2000, 2));
    });
    it('reads what ffmpeg streams to a pipe (sizes it could not fill in)', () => {
      const theirs = runTool('sh', ['-c', 'ffmpeg -v error -f s16le -ar 8000 -ac 1 -i {in} -f wav - | cat > {out}'], new Uint8Array(tone(800, 1).buffer));
      expect(decodeWav(theirs).samples).toEqual(tone(800, 1));
    });
  }
});
