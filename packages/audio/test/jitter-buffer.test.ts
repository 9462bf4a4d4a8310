import { describe, expect, it } from 'vitest';
import { JitterBuffer, l16, PCMU } from '../src/index.js';
import type { JitterBufferOptions, JitterBufferStats, JitterFrame, JitterPacket } from '../src/index.js';
import { prng } from '../../../test/prng.js';

const codec = l16(8000);
const FRAME = 160; // 20 ms at 8 kHz

/** Frame i of the sent audio: every sample is i + 1, so a played frame tells which one it is. */
const frameOf = (i: number): Int16Array => new Int16Array(FRAME).fill(i + 1);
const indexOf = (pcm: Int16Array): number => (pcm.every((v) => v === pcm[0]) ? pcm[0]! - 1 : NaN);

interface Path {
  frames: number;
  loss?: number;
  /** Extra delay, uniform 0..jitterMs (reorders when it exceeds the frame interval). */
  jitterMs?: number;
  /** Sender clock rate relative to the receiver's (1.01: the sender runs 1 % fast). */
  skew?: number;
  seed?: number;
  options?: Partial<JitterBufferOptions>;
  firstSeq?: number;
  firstTs?: number;
}

interface Run {
  played: JitterFrame[];
  indices: number[];
  delivered: Set<number>;
  stats: JitterBufferStats;
  maxDepthMs: number;
}

/** Sends `frames` frames through a lossy, jittery, skewed path and pulls every 20 ms at the receiver. */
function simulate(path: Path): Run {
  const { frames, loss = 0, jitterMs = 0, skew = 1, seed = 1, options = {}, firstSeq = 65500, firstTs = 0xffffff00 } = path;
  const rand = prng(seed);
  const enc = codec.createEncoder();
  const packets: JitterPacket[] = [];
  const delivered = new Set<number>();
  for (let i = 0; i < frames; i++) {
    if (rand() < loss) {
      continue;
    }
    delivered.add(i);
    packets.push({
      sequenceNumber: (firstSeq + i) & 0xffff,
      timestamp: (firstTs + i * FRAME) >>> 0,
      ssrc: 0xabc,
      payload: enc.encode(frameOf(i)),
      arrivalMs: (i * 20) / skew + 30 + rand() * jitterMs,
    });
  }
  packets.sort((a, b) => a.arrivalMs - b.arrivalMs);
  const jb = new JitterBuffer({ codec, ...options });
  const played: JitterFrame[] = [];
  let next = 0;
  let maxDepthMs = 0;
  const end = (frames * 20) / skew + 30 + jitterMs + 400;
  for (let t = 5; t < end; t += 20) {
    while (next < packets.length && packets[next]!.arrivalMs <= t) {
      jb.push(packets[next++]!);
    }
    maxDepthMs = Math.max(maxDepthMs, jb.stats.depthMs);
    played.push(jb.pull());
  }
  const indices = played.filter((f) => f.kind === 'audio').map((f) => indexOf(f.pcm));
  return { played, indices, delivered, stats: jb.stats, maxDepthMs };
}

function expectInOrder(indices: number[]): void {
  for (let i = 1; i < indices.length; i++) {
    expect(indices[i]!).toBeGreaterThan(indices[i - 1]!);
  }
  expect(indices.every((i) => Number.isInteger(i))).toBe(true);
}

/** Every frame between the first and last played is played, or counted lost or skipped: nothing else. */
function expectAccounted(run: Run): void {
  const first = run.indices[0]!;
  const last = run.indices[run.indices.length - 1]!;
  expect(last - first + 1 - run.indices.length).toBe(run.stats.lost + run.stats.skipped);
  const missing = [...run.delivered].filter((i) => !run.indices.includes(i));
  expect(missing.length).toBe(run.stats.late + run.stats.skipped);
}

describe('JitterBuffer through an impaired path', () => {
  it('a clean path: everything played once, in order, nothing concealed, at the target depth', () => {
    const run = simulate({ frames: 300 });
    expect(run.indices).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect([run.stats.lost, run.stats.late, run.stats.skipped, run.stats.resyncs]).toEqual([0, 0, 0, 0]);
    // Concealment only after the stream ended (for up to maxDelayMs), then idle.
    const lastAudio = run.played.map((f) => f.kind).lastIndexOf('audio');
    expect(run.played.slice(0, lastAudio).some((f) => f.kind === 'concealed')).toBe(false);
    expect(run.stats.concealed).toBeLessThanOrEqual(200 / 20);
    expect(run.played[run.played.length - 1]!.kind).toBe('idle');
    expect(run.maxDepthMs).toBeLessThanOrEqual(60);
    // Silence while it fills to the target (40 ms), then audio.
    expect(run.played[0]!.kind).toBe('idle');
  });

  it('5 % loss: lost frames are concealed (repeat, attenuated), the rest played in order', () => {
    const run = simulate({ frames: 500, loss: 0.05, seed: 7 });
    const lostInside = [...Array(500).keys()].filter((i) => !run.delivered.has(i) && i > 0 && i < 499);
    expect(lostInside.length).toBeGreaterThan(10);
    expectInOrder(run.indices);
    expect(run.stats.lost).toBe(lostInside.length);
    // A loss the buffer only sees as "empty" makes it wait a frame; it later skips one to come back down.
    expect(run.indices.length).toBe(run.delivered.size - run.stats.skipped);
    expectAccounted(run);
    // A concealed frame right after audio frame k repeats it 6 dB down.
    const k = run.played.findIndex((f, i) => f.kind === 'concealed' && run.played[i - 1]?.kind === 'audio');
    const before = run.played[k - 1]!.pcm;
    expect([...run.played[k]!.pcm]).toEqual([...before].map((v) => v >> 1));
  });

  it('jitter of up to 100 ms (reordering): the target grows, frames are played in order, few are late', () => {
    const run = simulate({ frames: 1000, jitterMs: 100, seed: 3 });
    expectInOrder(run.indices);
    expectAccounted(run);
    expect(run.stats.targetMs).toBeGreaterThan(80);
    expect(run.stats.targetMs).toBeLessThanOrEqual(200);
    expect(run.indices.length).toBeGreaterThan(950);
    expect(run.stats.late).toBeLessThan(25);
  });

  it('loss and jitter together, across sequence-number and timestamp wrap-around', () => {
    for (const seed of [11, 12, 13]) {
      const run = simulate({ frames: 600, loss: 0.03, jitterMs: 60, seed, firstSeq: 65530, firstTs: 0xfffffe00 });
      expectInOrder(run.indices);
      expectAccounted(run);
      expect(run.stats.resyncs).toBe(0);
      expect(run.indices.length).toBeGreaterThan(540);
    }
  });

  it('a sender clock 1 % fast: the depth stays bounded by skipping frames', () => {
    const run = simulate({ frames: 3000, skew: 1.01 });
    expectInOrder(run.indices);
    expectAccounted(run);
    expect(run.stats.skipped).toBeGreaterThan(10);
    expect(run.maxDepthMs).toBeLessThanOrEqual(run.stats.targetMs + 3 * 20);
    expect(run.stats.lost).toBe(0);
  });

  it('a sender clock 1 % slow: the buffer waits (concealed frames) but plays every packet', () => {
    const run = simulate({ frames: 3000, skew: 0.99 });
    expect(run.indices).toEqual([...run.delivered]);
    expect(run.stats.concealed).toBeGreaterThan(10);
    expect([run.stats.lost, run.stats.late]).toEqual([0, 0]);
  });

  it('fixed depth (adaptive: false) keeps the target; concealment "silence" gives zeros', () => {
    const run = simulate({ frames: 300, loss: 0.1, jitterMs: 30, seed: 5, options: { adaptive: false, targetDelayMs: 60, concealment: 'silence' } });
    expect(run.stats.targetMs).toBe(60);
    const concealed = run.played.filter((f) => f.kind === 'concealed');
    expect(concealed.length).toBeGreaterThan(0);
    expect(concealed.every((f) => f.pcm.every((v) => v === 0))).toBe(true);
  });
});

describe('JitterBuffer: streams', () => {
  const enc = codec.createEncoder();
  const packet = (seq: number, ts: number, i: number, arrivalMs: number, ssrc = 1): JitterPacket => ({ sequenceNumber: seq & 0xffff, timestamp: ts >>> 0, ssrc, payload: enc.encode(frameOf(i)), arrivalMs });

  /** Pushes `packets` one per pull and then pulls `extra` more; returns what was played. */
  function drive(jb: JitterBuffer, packets: JitterPacket[], extra = 10): number[] {
    const out: number[] = [];
    for (const p of packets) {
      jb.push(p);
      const f = jb.pull();
      if (f.kind === 'audio') {
        out.push(indexOf(f.pcm));
      }
    }
    for (let i = 0; i < extra; i++) {
      const f = jb.pull();
      if (f.kind === 'audio') {
        out.push(indexOf(f.pcm));
      }
    }
    return out;
  }

  it('resynchronises on an SSRC change: the new stream plays after it fills', () => {
    const jb = new JitterBuffer({ codec });
    const a = Array.from({ length: 10 }, (_, i) => packet(100 + i, 1000 + i * FRAME, i, i * 20, 1));
    const b = Array.from({ length: 10 }, (_, i) => packet(7 + i, 999999 + i * FRAME, 50 + i, 200 + i * 20, 2));
    const played = drive(jb, [...a, ...b]);
    expect(jb.stats.resyncs).toBe(1);
    expect(played.filter((i) => i >= 50)).toEqual(Array.from({ length: 10 }, (_, i) => 50 + i));
    expectInOrder(played);
  });

  it('resynchronises on a sequence-number jump and on a timestamp jump backwards', () => {
    const jb = new JitterBuffer({ codec });
    const a = Array.from({ length: 10 }, (_, i) => packet(100 + i, 800000 + i * FRAME, i, i * 20));
    const b = Array.from({ length: 10 }, (_, i) => packet(30000 + i, 800000 + (10 + i) * FRAME, 50 + i, 200 + i * 20));
    const c = Array.from({ length: 10 }, (_, i) => packet(30010 + i, 100 + i * FRAME, 80 + i, 400 + i * 20));
    const played = drive(jb, [...a, ...b, ...c]);
    expect(jb.stats.resyncs).toBe(2);
    expect(played.filter((i) => i >= 80)).toEqual(Array.from({ length: 10 }, (_, i) => 80 + i));
  });

  it('a silence-suppression pause (timestamp jumps 5 s, sequence number by 1) continues without a resync', () => {
    const jb = new JitterBuffer({ codec });
    const a = Array.from({ length: 10 }, (_, i) => packet(100 + i, i * FRAME, i, i * 20));
    const b = Array.from({ length: 10 }, (_, i) => packet(110 + i, 40000 + i * FRAME, 10 + i, 5000 + i * 20));
    const played = drive(jb, [...a, ...Array.from({ length: 20 }, () => undefined), ...b].filter((p) => p !== undefined));
    expect(played).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(jb.stats.resyncs).toBe(0);
  });

  it('drops and counts malformed payloads (odd-length L16) instead of failing at playout', () => {
    const jb = new JitterBuffer({ codec, targetDelayMs: 20 });
    jb.push({ ...packet(1, 0, 0, 0), payload: new Uint8Array(321) });
    jb.push(packet(2, FRAME, 1, 20));
    expect(jb.stats.malformed).toBe(1);
    const frames = [jb.pull(), jb.pull()];
    expect(frames.map((f) => f.kind)).toEqual(['audio', 'concealed']);
    expect(indexOf(frames[0]!.pcm)).toBe(1);
  });

  it('goes idle when the stream stops (concealing at most maxDelayMs), and counts duplicates and empty packets', () => {
    const jb = new JitterBuffer({ codec, maxDelayMs: 100 });
    const a = Array.from({ length: 5 }, (_, i) => packet(i, i * FRAME, i, i * 20));
    jb.push(a[0]!);
    jb.push(a[0]!);
    jb.push({ ...a[1]!, payload: new Uint8Array(0) });
    expect([jb.stats.duplicates, jb.stats.malformed]).toEqual([1, 1]);
    const kinds = [...a.slice(1).map((p) => (jb.push(p), jb.pull().kind)), ...Array.from({ length: 12 }, () => jb.pull().kind)];
    expect(kinds.filter((k) => k === 'concealed').length).toBeLessThanOrEqual(5);
    expect(kinds.slice(-5)).toEqual(['idle', 'idle', 'idle', 'idle', 'idle']);
  });

  it('assembles frames from packets of another duration (10 ms packets, 20 ms frames) and works with G.711', () => {
    const jb = new JitterBuffer({ codec: PCMU });
    const enc8 = PCMU.createEncoder();
    const tone = Int16Array.from({ length: 800 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
    for (let i = 0; i < 10; i++) {
      jb.push({ sequenceNumber: i, timestamp: i * 80, ssrc: 9, payload: enc8.encode(tone.subarray(i * 80, i * 80 + 80)), arrivalMs: i * 10 });
    }
    const frames = Array.from({ length: 6 }, () => jb.pull()).filter((f) => f.kind === 'audio');
    expect(frames.length).toBe(5);
    const expected = PCMU.createDecoder().decode(enc8.encode(tone));
    expect([...frames.flatMap((f) => [...f.pcm])]).toEqual([...expected]);
  });

  it('rejects a ptime of partial samples and delay limits out of order (RangeError)', () => {
    expect(() => new JitterBuffer({ codec, ptimeMs: 0.01 })).toThrow(RangeError);
    expect(() => new JitterBuffer({ codec, minDelayMs: 50, targetDelayMs: 40 })).toThrow(RangeError);
    expect(() => new JitterBuffer({ codec, concealment: 'noise' as 'silence' })).toThrow(RangeError);
  });
});
