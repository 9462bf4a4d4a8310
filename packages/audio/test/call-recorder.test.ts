// CallRecorder: a stereo WAV of both directions of an AudioCall on one media clock, from the call's tap.
// The tap is driven here with explicit nominal times, so the alignment is checked to the sample.
import { describe, expect, it } from 'vitest';
import { CallRecorder, COMFORT_NOISE_PAYLOAD_TYPE, PCMU, Resampler, decodeWav, type AudioCallTap, type CallRecorderSource, type ResamplerRate } from '../src/index.js';

const FRAME = 160; // 20 ms at 8 kHz

/** A fake call: PCMU, 20 ms, the application's rate; `tap` is what the recorder set. */
function source(sampleRate: ResamplerRate = 8000): CallRecorderSource & { tap: AudioCallTap | undefined } {
  const s = {
    codec: { payloadType: 0, codec: PCMU },
    sampleRate,
    ptimeMs: 20,
    tap: undefined as AudioCallTap | undefined,
    setTap(t: AudioCallTap | undefined) {
      s.tap = t;
    },
  };
  return s;
}

/** Frame i of a test signal: distinct in every frame (a chirp with a per-frame offset). */
function frame(i: number): Int16Array {
  return Int16Array.from({ length: FRAME }, (_, n) => Math.round(6000 * Math.sin(0.05 * (i * FRAME + n) + (n * n) / 5000)) + 37 * (i % 11));
}
const payload = (i: number): Uint8Array => PCMU.createEncoder().encode(frame(i));
const decoded = (i: number): Int16Array => PCMU.createDecoder().decode(payload(i));

/** Records into memory; `wav()` is the file with the final header at offset 0. */
function memory(call: CallRecorderSource, extra: { maxLagMs?: number; startMs?: number } = {}) {
  const chunks: Uint8Array[] = [];
  const recorder = new CallRecorder({ call, onWav: (c) => chunks.push(c.slice()), ...extra });
  const bytes = (): Uint8Array => {
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
    return out;
  };
  return {
    recorder,
    chunks,
    bytes,
    wav: (): { left: Int16Array; right: Int16Array; rate: number } => {
      const header = recorder.finish();
      const file = bytes();
      file.set(header, 0);
      const w = decodeWav(file);
      expect(w.channels).toBe(2);
      const frames = w.samples.length / 2;
      const left = Int16Array.from({ length: frames }, (_, k) => w.samples[2 * k]!);
      const right = Int16Array.from({ length: frames }, (_, k) => w.samples[2 * k + 1]!);
      return { left, right, rate: w.sampleRate };
    },
  };
}

describe('CallRecorder', () => {
  it('keeps the remote channel behind the sent one by exactly the delay it had (3 frames), whatever the order of the events', () => {
    const call = source();
    const m = memory(call);
    const tap = call.tap!;
    const t0 = 5000.25;
    for (let i = 0; i < 50; i++) {
      // The played frame i comes 3 frames after sent frame i; report it before the sent frame of its slot.
      if (i >= 3) {
        tap.played(decoded(i - 3), t0 + i * 20);
      }
      tap.sent({ payloadType: 0, timestamp: 1234 + i * FRAME, payload: payload(i) }, t0 + i * 20);
    }
    for (let i = 47; i < 50; i++) {
      tap.played(decoded(i), t0 + (i + 3) * 20);
    }
    const { left, right, rate } = m.wav();
    expect(rate).toBe(8000);
    expect(left.length).toBe(53 * FRAME);
    expect(right.length).toBe(left.length);
    for (let i = 0; i < 50; i++) {
      expect(left.subarray(i * FRAME, (i + 1) * FRAME)).toEqual(decoded(i));
      expect(right.subarray((i + 3) * FRAME, (i + 4) * FRAME)).toEqual(decoded(i));
    }
    expect(right.subarray(0, 3 * FRAME).every((s) => s === 0)).toBe(true);
    expect(left.subarray(50 * FRAME).every((s) => s === 0)).toBe(true);
  });

  it('writes lost frames as silence of their exact length, and comfort noise as silence, so what follows stays in place', () => {
    const call = source();
    const m = memory(call);
    const tap = call.tap!;
    const lost = new Set([10, 11, 12, 30]);
    for (let i = 0; i < 40; i++) {
      tap.played(decoded(i), i * 20);
      if (i === 20) {
        tap.sent({ payloadType: COMFORT_NOISE_PAYLOAD_TYPE, timestamp: i * FRAME, payload: Uint8Array.of(60) }, i * 20);
      } else if (!lost.has(i)) {
        tap.sent({ payloadType: 0, timestamp: i * FRAME, payload: payload(i) }, i * 20);
      }
    }
    const { left, right } = m.wav();
    expect(left.length).toBe(40 * FRAME);
    expect(right.length).toBe(40 * FRAME);
    for (let i = 0; i < 40; i++) {
      const want = lost.has(i) || i === 20 ? new Int16Array(FRAME) : decoded(i);
      expect(left.subarray(i * FRAME, (i + 1) * FRAME)).toEqual(want);
      expect(right.subarray(i * FRAME, (i + 1) * FRAME)).toEqual(decoded(i));
    }
  });

  it('ends with both channels of equal length when one direction stopped early, and starts at startMs', () => {
    const call = source();
    const m = memory(call, { startMs: 100 });
    const tap = call.tap!;
    for (let i = 0; i < 30; i++) {
      tap.played(decoded(i), 140 + i * 20);
      if (i < 5) {
        tap.sent({ payloadType: 0, timestamp: i * FRAME, payload: payload(i) }, 140 + i * 20);
      }
    }
    const { left, right } = m.wav();
    expect(right.length).toBe(32 * FRAME); // 40 ms before the first frame, then 30 frames
    expect(left.length).toBe(right.length);
    expect(left.subarray(0, 2 * FRAME).every((s) => s === 0)).toBe(true);
    expect(left.subarray(2 * FRAME, 3 * FRAME)).toEqual(decoded(0));
    expect(right.subarray(31 * FRAME)).toEqual(decoded(29));
    expect(left.subarray(7 * FRAME).every((s) => s === 0)).toBe(true);
  });

  it('at 16 kHz, converts the sent frames like the call converts the played ones: the channels agree sample for sample', () => {
    const call = source(16000);
    const m = memory(call);
    const tap = call.tap!;
    const up = new Resampler({ from: 8000, to: 16000 }); // what AudioCall does before onAudio
    const played: Int16Array[] = [];
    for (let i = 0; i < 30; i++) {
      tap.sent({ payloadType: 0, timestamp: i * FRAME, payload: payload(i) }, i * 20);
      const pcm = up.process(decoded(i));
      played.push(pcm);
      tap.played(pcm, (i + 2) * 20);
    }
    const { left, right, rate } = m.wav();
    expect(rate).toBe(16000);
    expect(left.length).toBe(right.length);
    // Both went through the same 8 -> 16 kHz conversion: right is left 2 frames (640 samples) later.
    const span = 28 * 320;
    expect(right.subarray(640, 640 + span)).toEqual(left.subarray(0, span));
    expect(right.subarray(0, 640).every((s) => s === 0)).toBe(true);
    expect(left.subarray(2000, 3000).some((s) => s !== 0)).toBe(true);
  });

  it('streams as it goes: a 44-byte header saying "to the end" first, data while recording, the final sizes from finish()', () => {
    const call = source();
    const m = memory(call, { maxLagMs: 500 });
    const tap = call.tap!;
    // Only the remote is heard (we send nothing, idle "none"): the silent side is filled as it falls behind.
    for (let i = 0; i < 100; i++) {
      tap.played(decoded(i % 7), i * 20);
    }
    expect(m.chunks[0]!.length).toBe(44);
    const view = new DataView(m.chunks[0]!.buffer);
    expect(view.getUint32(4, true)).toBe(0xffffffff);
    expect(view.getUint32(40, true)).toBe(0xffffffff);
    const streamed = m.bytes().length - 44;
    // 2 s heard, at most 500 ms (plus the frame in hand) held back.
    expect(streamed).toBeGreaterThanOrEqual((2000 - 520) * 8 * 4);
    expect(decodeWav(m.bytes()).samples.length).toBe(streamed / 2); // readable before finish
    const { left, right } = m.wav();
    expect(right.length).toBe(100 * FRAME);
    expect(left.every((s) => s === 0)).toBe(true);
    const header = m.recorder.finish();
    const h = new DataView(header.buffer, header.byteOffset);
    expect(h.getUint32(40, true)).toBe(100 * FRAME * 4);
    expect(h.getUint32(4, true)).toBe(36 + 100 * FRAME * 4);
    expect(m.recorder.frames).toBe(100 * FRAME);
    expect(call.tap).toBeUndefined(); // detached
  });

  it('drops frames that come after their span was written as silence, without moving the rest', () => {
    const call = source();
    const m = memory(call, { maxLagMs: 200 });
    const tap = call.tap!;
    for (let i = 0; i < 40; i++) {
      tap.played(decoded(i), i * 20);
    }
    // The sent side was stuck for 800 ms: frames 0..29 arrive late; 0..29 - 10 are already silence.
    for (let i = 0; i < 40; i++) {
      tap.sent({ payloadType: 0, timestamp: i * FRAME, payload: payload(i) }, i * 20);
    }
    const { left, right } = m.wav();
    expect(left.length).toBe(40 * FRAME);
    expect(right.length).toBe(40 * FRAME);
    expect(left.subarray(0, 29 * FRAME).every((s) => s === 0)).toBe(true);
    expect(left.subarray(30 * FRAME)).toEqual(Int16Array.from({ length: 10 * FRAME }, (_, k) => decoded(30 + Math.floor(k / FRAME))[k % FRAME]!));
  });

  it('rejects bad options with TypeError and RangeError', () => {
    const call = source();
    expect(() => new CallRecorder({ call: {} as CallRecorderSource, onWav: () => undefined })).toThrow(TypeError);
    expect(() => new CallRecorder({ onWav: () => undefined }).finish()).toThrow(TypeError);
    expect(() => new CallRecorder({ call, onWav: 'x' as unknown as () => void })).toThrow(TypeError);
    expect(() => new CallRecorder({ call, onWav: () => undefined, maxLagMs: 0 })).toThrow(RangeError);
    expect(() => new CallRecorder({ call, onWav: () => undefined, startMs: Number.NaN })).toThrow(RangeError);
  });
});
