/**
 * RFC 3389 comfort noise against a real external peer: ffmpeg's `comfortnoise` encoder and decoder.
 *
 * ffmpeg's RTP muxer refuses the codec and its RTP/SDP demuxer maps payload type 13 to no codec, so CN
 * cannot cross RTP between us and ffmpeg; the container both sides here read and write is NUT (codec
 * tag `3389`). ffmpeg encodes our white noise of a known level into 640-sample CN frames (level byte
 * and 10 reflection coefficients); ffprobe hands us each packet's bytes and we parse them. For the other
 * direction we take such a NUT file, overwrite each 11-byte packet's payload with our serialized frame
 * (same size, so the container stays valid), and let ffmpeg decode it to PCM.
 *
 * ffmpeg's encoder measures dBov against an RMS of 32880 and rounds the level up; ours against 32767
 * (a full-scale square wave) to the nearest, so the two levels agree within 1. Its decoder plays a level
 * 6 dB quieter than the level signalled (uniform excitation of RMS 2^15/√3 scaled by √0.75: an RMS of
 * 2^14 at 0 dBov), the same for its own frames as for ours, which the test checks against its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { ComfortNoisePayload } from '../src/index.js';
import { fromS16le, s16le } from './tools.js';

const FRAME = 640; // ffmpeg's comfortnoise frame: 80 ms at 8 kHz
const LEVELS = [20, 35, 50, 60];
/** ffmpeg's decoder: 20·log10(32767 / 16384), the level it plays below the one signalled. */
const FFMPEG_DECODER_OFFSET_DB = 6;

/** A deterministic uniform source on [0, 1) (so a failure can be reproduced). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${tool} ${args.join(' ')} failed (${String(r.status)}): ${r.stderr}`);
  }
  return r.stdout;
}

/** The audio packets of a media file, as ffprobe reports them: position in the file and payload bytes. */
function packets(path: string): { pos: number; bytes: Uint8Array }[] {
  const out = run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'packet=pos,size,data', '-show_data', '-of', 'json', path]);
  const json = JSON.parse(out) as { packets: { pos: string; size: string; data: string }[] };
  return json.packets.map((p) => {
    // ffprobe's hex dump: "00000000: 197b 8271 ... 78    .{.q..", 16 bytes a line.
    const hex = p.data
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => line.slice(10, 49).replace(/ /g, ''))
      .join('');
    const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
    expect(bytes.length).toBe(Number(p.size));
    return { pos: Number(p.pos), bytes };
  });
}

/** The level of each whole ffmpeg frame of `pcm` after the decoder's first three (its level ramps in). */
function settledLevels(pcm: Int16Array): number[] {
  const levels: number[] = [];
  for (let at = 3 * FRAME; at + FRAME <= pcm.length; at += FRAME) {
    levels.push(ComfortNoisePayload.levelOf(pcm.subarray(at, at + FRAME)));
  }
  return levels;
}

describeWithPeers(['ffmpeg'], 'comfort noise (RFC 3389) against ffmpeg comfortnoise, in NUT', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voip-cn-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** ffmpeg encodes `pcm` (8 kHz mono) to CN frames in a NUT file; returns its path. */
  function ffmpegEncode(pcm: Int16Array, name: string): string {
    const raw = join(dir, `${name}.raw`);
    const nut = join(dir, `${name}.nut`);
    writeFileSync(raw, s16le(pcm));
    run('ffmpeg', ['-v', 'error', '-y', '-f', 's16le', '-ar', '8000', '-ac', '1', '-i', raw, '-c:a', 'comfortnoise', '-f', 'nut', nut]);
    return nut;
  }

  function ffmpegDecode(nut: string): Int16Array {
    const raw = join(dir, 'decoded.raw');
    run('ffmpeg', ['-v', 'error', '-y', '-i', nut, '-f', 's16le', '-ar', '8000', '-ac', '1', raw]);
    return fromS16le(new Uint8Array(readFileSync(raw)));
  }

  for (const level of LEVELS) {
    it(`level ${level}: we parse ffmpeg's CN frames of our noise, and their level matches the input's within 1`, () => {
      const pcm = ComfortNoisePayload.fill(new Int16Array(25 * FRAME), level, lcg(level));
      const frames = packets(ffmpegEncode(pcm, `enc-${level}`));
      expect(frames.length).toBe(25);
      frames.forEach(({ bytes }, i) => {
        const cn = ComfortNoisePayload.parse(bytes);
        const input = ComfortNoisePayload.levelOf(pcm.subarray(i * FRAME, (i + 1) * FRAME));
        expect(Math.abs(input - level), `frame ${i}: the input noise is at the level asked`).toBeLessThanOrEqual(1);
        expect(Math.abs(cn.level - input), `frame ${i}: ffmpeg's level ${cn.level}, ours ${input}`).toBeLessThanOrEqual(1);
        // ffmpeg sends 10 reflection coefficients; for white noise each is near 0 (byte 127).
        expect(cn.reflectionCoefficients.length).toBe(10);
        expect(cn.reflectionCoefficients.buffer).toBe(bytes.buffer);
        for (const k of cn.reflectionCoefficients) {
          expect(Math.abs(k - 127)).toBeLessThan(32);
        }
      });
    });

    it(`level ${level}: ffmpeg decodes our CN frames to noise at the level we signalled (less its own 6 dB), as it decodes its own`, () => {
      const pcm = ComfortNoisePayload.fill(new Int16Array(25 * FRAME), level, lcg(1000 + level));
      const nut = ffmpegEncode(pcm, `dec-${level}`);
      const file = new Uint8Array(readFileSync(nut));
      const own = settledLevels(ffmpegDecode(nut));
      for (const { pos, bytes } of packets(nut)) {
        const at = Buffer.from(file.buffer, file.byteOffset, file.length).indexOf(Buffer.from(bytes), pos);
        expect(at).toBeGreaterThanOrEqual(pos);
        // Our frame: the level and flat reflection coefficients (127 is 0), the payload's size unchanged.
        const ours = { level, reflectionCoefficients: new Uint8Array(bytes.length - 1).fill(127) };
        expect(ComfortNoisePayload.serializeInto(ours, file, at)).toBe(bytes.length);
      }
      const oursNut = join(dir, `ours-${level}.nut`);
      writeFileSync(oursNut, file);
      expect(packets(oursNut).every((p) => p.bytes[0] === level)).toBe(true);
      const decoded = ffmpegDecode(oursNut);
      expect(decoded.length).toBe(25 * FRAME);
      const played = settledLevels(decoded);
      for (const l of played) {
        expect(Math.abs(l - (level + FFMPEG_DECODER_OFFSET_DB)), `ffmpeg played level ${l} for our level ${level}`).toBeLessThanOrEqual(1);
      }
      // ffmpeg plays its own frames of the same noise with the same offset (its levels are ours or one more).
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
      expect(Math.abs(median(own) - median(played))).toBeLessThanOrEqual(1);
      console.log(`CN level ${level}: ffmpeg plays ours at ${median(played)}, its own at ${median(own)}`);
    });
  }
});
