import { afterEach, describe, expect, it, vi } from 'vitest';
import { G722, JitterBuffer, PacedSender, type PacedFrame } from '../src/index.js';
import { fitSine, sine } from './signal.js';
import { fromS16le, requireTool, runTool, s16le } from './tools.js';

/**
 * Three seconds of speech-like 16 kHz audio: a voiced part (a 120 Hz ± 30 Hz glottal pulse train shaped
 * by two formants, under a syllable-rate envelope), a 100 Hz to 6 kHz chirp, noise, and a clipped
 * full-scale square burst at the end (saturation paths of the quantizers and the QMF).
 */
function speechLike(): Int16Array {
  let seed = 1;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5;
  return Int16Array.from({ length: 48000 }, (_, i) => {
    const t = i / 16000;
    const chirp = t < 1 ? Math.sin(2 * Math.PI * (100 * t + 2950 * t * t)) : 0;
    const f0 = 120 + 30 * Math.sin(2 * Math.PI * 3 * t);
    let voiced = 0;
    for (let h = 1; h < 30; h++) {
      const f = h * f0;
      voiced += (Math.sin(2 * Math.PI * f * t) / h) * (1 / (1 + ((f - 700) / 200) ** 2) + 0.5 / (1 + ((f - 1200) / 300) ** 2));
    }
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 1.5 * t);
    const burst = i > 40000 ? 32767 * Math.sign(Math.sin(i / 7)) : 0;
    return Math.max(-32768, Math.min(32767, Math.round(envelope * (9000 * chirp + 12000 * voiced + 3000 * rnd()) + burst)));
  });
}

describe('G.722 codec object', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is G722/8000, PT 9, 16 kHz: 20 ms is 320 samples, 160 bytes, 160 timestamp ticks (RFC 3551 §4.5.2)', () => {
    expect([G722.encodingName, G722.clockRate, G722.sampleRate, G722.channels, G722.staticPayloadType]).toEqual(['G722', 8000, 16000, 1, 9]);
    expect([G722.encodedLength(320), G722.decodedLength(160)]).toEqual([160, 320]);
    vi.useFakeTimers();
    const frames: PacedFrame[] = [];
    const sender = new PacedSender({ codec: G722, send: (f) => frames.push(f), now: () => performance.now(), timestamp: 1000 });
    sender.write(new Int16Array(640));
    sender.start();
    vi.advanceTimersByTime(30);
    sender.stop();
    expect(frames.map((f) => [f.payload.length, f.timestamp])).toEqual([
      [160, 1000],
      [160, 1160],
    ]);
  });

  it('encoders and decoders keep their state across frames: frame by frame equals all at once', () => {
    const pcm = speechLike().subarray(0, 3200);
    const whole = G722.createEncoder().encode(pcm);
    const enc = G722.createEncoder();
    const parts: number[] = [];
    for (let i = 0; i < pcm.length; i += 320) {
      parts.push(...enc.encode(pcm.subarray(i, i + 320)));
    }
    expect(parts).toEqual([...whole]);
    const dec = G722.createDecoder();
    const pieces: number[] = [];
    for (let i = 0; i < whole.length; i += 160) {
      pieces.push(...dec.decode(whole.subarray(i, i + 160)));
    }
    expect(pieces).toEqual([...G722.createDecoder().decode(whole)]);
    // A fresh encoder differs from one that has seen audio; reset() makes it fresh again.
    const second = enc.encode(pcm.subarray(0, 320));
    expect([...second]).not.toEqual([...whole.subarray(0, 160)]);
    enc.reset();
    expect([...enc.encode(pcm.subarray(0, 320))]).toEqual([...whole.subarray(0, 160)]);
  });

  it('codes a 1 kHz tone with a good SNR and the codec delay of the two QMFs (23 samples)', () => {
    const tone = sine(1000, 16000, 16000, 10000);
    const out = G722.createDecoder().decode(G722.createEncoder().encode(tone));
    const fit = fitSine(out.subarray(8000), 1000, 16000, 8000 - 23);
    expect(fit.amplitude).toBeGreaterThan(9000);
    expect(fit.amplitude).toBeLessThan(11000);
    expect(20 * Math.log10(fit.amplitude / Math.SQRT2 / fit.residualRms)).toBeGreaterThan(30);
  });

  it('writes into "out" and returns views; odd sample counts and short outputs are RangeErrors', () => {
    const out = new Uint8Array(200).fill(0x11);
    const view = G722.createEncoder().encode(new Int16Array(320), out);
    expect([view.buffer === out.buffer, view.length, out[160]]).toEqual([true, 160, 0x11]);
    expect(() => G722.createEncoder().encode(new Int16Array(3))).toThrow(RangeError);
    expect(() => G722.createEncoder().encode(new Int16Array(320), new Uint8Array(159))).toThrow(RangeError);
    const pcmOut = new Int16Array(400);
    expect(G722.createDecoder().decode(new Uint8Array(160), pcmOut).length).toBe(320);
    expect(() => G722.createDecoder().decode(new Uint8Array(160), new Int16Array(319))).toThrow(RangeError);
    // An "out" of exactly the frame's length is returned itself (no view per frame).
    const exact = new Uint8Array(160);
    expect(G722.createEncoder().encode(new Int16Array(320), exact)).toBe(exact);
    const exactPcm = new Int16Array(320);
    expect(G722.createDecoder().decode(exact, exactPcm)).toBe(exactPcm);
  });

  it('plays through the jitter buffer at 16 kHz with 160-tick timestamps', () => {
    const jb = new JitterBuffer({ codec: G722, ptimeMs: 20 });
    const enc = G722.createEncoder();
    const pcm = sine(440, 16000, 3200, 8000);
    for (let i = 0; i < 10; i++) {
      jb.push({ sequenceNumber: i, timestamp: 160 * i, ssrc: 1, payload: enc.encode(pcm.subarray(320 * i, 320 * i + 320)), arrivalMs: 0 });
    }
    const kinds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const frame = jb.pull();
      kinds.push(frame.kind);
      expect(frame.pcm.length).toBe(320);
    }
    expect(kinds.filter((k) => k === 'audio').length).toBeGreaterThan(4);
    expect(jb.stats.lost).toBe(0);
  });
});

describe('G.722 against ffmpeg (g722), bit-exact', () => {
  if (!requireTool('ffmpeg', 'G.722 against ffmpeg')) {
    return;
  }
  const pcm = speechLike();

  it('our encoder produces ffmpeg\'s bitstream byte for byte on speech-like audio', () => {
    const expected = runTool('ffmpeg', ['-v', 'error', '-y', '-f', 's16le', '-ar', '16000', '-ac', '1', '-i', '{in}', '-c:a', 'g722', '-f', 'g722', '{out}'], s16le(pcm));
    expect(expected.length).toBe(24000);
    const ours = G722.createEncoder().encode(pcm);
    expect(Buffer.from(ours).equals(Buffer.from(expected))).toBe(true);
  });

  it('our decoder produces ffmpeg\'s PCM sample for sample from ffmpeg\'s bitstream, and from every code', () => {
    const bitstream = runTool('ffmpeg', ['-v', 'error', '-y', '-f', 's16le', '-ar', '16000', '-ac', '1', '-i', '{in}', '-c:a', 'g722', '-f', 'g722', '{out}'], s16le(pcm));
    // Every byte value, several times in a pseudo-random order, drives the predictors to their limits.
    const codes = Uint8Array.from({ length: 8192 }, (_, i) => (i * 97 + (i >> 8) * 31) & 0xff);
    for (const input of [bitstream, codes]) {
      const expected = fromS16le(runTool('ffmpeg', ['-v', 'error', '-y', '-f', 'g722', '-i', '{in}', '-f', 's16le', '{out}'], input));
      expect(expected.length).toBe(input.length * 2);
      const ours = G722.createDecoder().decode(input);
      expect(Buffer.from(s16le(ours)).equals(Buffer.from(s16le(expected)))).toBe(true);
    }
  });
});
