import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaScheduler, PacedSender, PCMU } from '../src/index.js';
import { countTypedArrayAllocations } from '../../../test/allocation-counter.js';
import type { PacedFrame, PacedSenderOptions } from '../src/index.js';

interface Sent extends PacedFrame {
  at: number;
}

function sender(options: Partial<PacedSenderOptions> = {}, clock: () => number = () => performance.now()): { s: PacedSender; sent: Sent[] } {
  const sent: Sent[] = [];
  const s = new PacedSender({ codec: PCMU, sequenceNumber: 65534, timestamp: 0xffffff00, send: (f) => sent.push({ ...f, at: clock() }), now: clock, ...options });
  return { s, sent };
}

const ramp = (n: number): Int16Array => Int16Array.from({ length: n }, (_, i) => (i * 37) % 20000 - 10000);

describe('PacedSender on fake timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends one frame per ptime at start + n × ptime, with sequence numbers, timestamps (wrapping) and the first marker', () => {
    vi.useFakeTimers();
    const t0 = performance.now();
    const { s, sent } = sender();
    const pcm = ramp(830); // 5 frames and 30 samples
    s.write(pcm);
    expect(s.queuedMs).toBeCloseTo(103.75);
    s.start();
    vi.advanceTimersByTime(200);
    s.stop();
    expect(sent.map((f) => f.at - t0)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(sent.map((f) => f.sequenceNumber)).toEqual([65534, 65535, 0, 1, 2, 3]);
    expect(sent.map((f) => f.timestamp)).toEqual([0xffffff00, 0xffffffa0, 0x40, 0xe0, 0x180, 0x220]);
    expect(sent.map((f) => f.marker)).toEqual([true, false, false, false, false, false]);
    const expected = PCMU.createEncoder().encode(Int16Array.from({ length: 960 }, (_, i) => (i < 830 ? pcm[i]! : 0)));
    expect(Buffer.concat(sent.map((f) => f.payload))).toEqual(Buffer.from(expected));
    expect(s.queuedMs).toBe(0);
  });

  it('idle "none": nothing while the queue is empty; new audio goes out at the next absolute deadline with the marker and the slot\'s timestamp', () => {
    vi.useFakeTimers();
    const t0 = performance.now();
    const { s, sent } = sender();
    s.write(ramp(160));
    s.start();
    vi.advanceTimersByTime(205);
    expect(sent.length).toBe(1);
    s.write(ramp(320));
    vi.advanceTimersByTime(100);
    s.stop();
    expect(sent.map((f) => f.at - t0)).toEqual([0, 220, 240]);
    expect(sent.map((f) => f.marker)).toEqual([true, true, false]);
    expect(sent.map((f) => f.sequenceNumber)).toEqual([65534, 65535, 0]);
    expect(sent[1]!.timestamp).toBe((0xffffff00 + 11 * 160) >>> 0);
    expect(s.stats.slotsSkipped).toBe(10 + 3); // slots 1..10, and 13..15 after the second write
  });

  it('idle "silence" keeps sending encoded silence (one talkspurt); "noise" sends comfort noise at about -60 dBov', () => {
    vi.useFakeTimers();
    const silent = sender({ idle: 'silence' });
    silent.s.write(ramp(160));
    silent.s.start();
    vi.advanceTimersByTime(99);
    silent.s.write(ramp(160));
    vi.advanceTimersByTime(20);
    silent.s.stop();
    expect(silent.sent.length).toBe(6);
    expect(silent.sent.map((f) => f.marker)).toEqual([true, false, false, false, false, false]);
    expect(silent.sent.slice(1, 5).every((f) => f.payload.every((b) => b === 0xff))).toBe(true);
    expect(silent.sent[5]!.payload).toEqual(PCMU.createEncoder().encode(ramp(160)));

    const noisy = sender({ idle: 'noise' });
    noisy.s.start();
    vi.advanceTimersByTime(999);
    noisy.s.stop();
    const pcm = PCMU.createDecoder().decode(Buffer.concat(noisy.sent.map((f) => f.payload)));
    const rms = Math.sqrt(pcm.reduce((a, v) => a + v * v, 0) / pcm.length);
    expect(noisy.sent.length).toBe(50);
    expect(20 * Math.log10(rms / 32768)).toBeGreaterThan(-63);
    expect(20 * Math.log10(rms / 32768)).toBeLessThan(-57);
  });

  it('a late timer sends the due frames at once, the later deadlines do not move (absolute schedule), and every frame carries its own slot\'s deadline (deadlineMs)', () => {
    vi.useFakeTimers();
    let jump = 0;
    const clock = (): number => performance.now() + jump;
    const t0 = clock();
    const { s, sent } = sender({ idle: 'silence' }, clock);
    s.start();
    vi.advanceTimersByTime(30); // frames 0, 1
    jump = 45; // the process stalled 45 ms: the tick due at 40 runs at 85
    vi.advanceTimersByTime(105);
    s.stop();
    const at = sent.map((f) => f.at - t0);
    expect(at.slice(0, 5)).toEqual([0, 20, 85, 85, 85]); // slots 2, 3, 4 (due 40, 60, 80) at once
    expect(at.slice(5)).toEqual([100, 120, 140, 160, 180]); // the schedule did not shift
    expect(sent.map((f) => f.timestamp - 0xffffff00 + (f.timestamp < 0xffffff00 ? 0x100000000 : 0))).toEqual(sent.map((_, i) => i * 160));
    expect(s.stats.lateTicks).toBe(1);
    expect(sent.map((f) => f.deadlineMs - t0)).toEqual(sent.map((_, n) => 20 * n));
    expect(sent.map((f) => f.at - f.deadlineMs)).toEqual([0, 0, 45, 25, 5, 0, 0, 0, 0, 0]); // each frame's own miss
  });

  it('after a stall longer than maxBurst frames, skips the oldest slots (timestamps keep the time) and marks the new talkspurt', () => {
    vi.useFakeTimers();
    let jump = 0;
    const clock = (): number => performance.now() + jump;
    const { s, sent } = sender({ maxBurst: 3 }, clock);
    s.write(ramp(160 * 20));
    s.start();
    vi.advanceTimersByTime(10); // frame 0
    jump = 200; // 10 slots late
    vi.advanceTimersByTime(10); // the tick due at 20 runs at 220: slots 1..8 skipped, 9..11 sent
    s.stop();
    expect(sent.length).toBe(4);
    expect(sent.map((f) => f.marker)).toEqual([true, true, false, false]);
    expect(sent.map((f) => (f.timestamp - 0xffffff00) >>> 0)).toEqual([0, 9 * 160, 10 * 160, 11 * 160]);
    expect(sent.map((f) => f.sequenceNumber)).toEqual([65534, 65535, 0, 1]);
    expect(s.stats.slotsSkipped).toBe(8);
  });

  it('senders started in the same millisecond go to spread phases; each keeps its numbering, timestamps and first marker', () => {
    vi.useFakeTimers();
    const scheduler = new MediaScheduler();
    const t0 = scheduler.now();
    const runs = [0, 1, 2].map((i) => {
      const sent: Sent[] = [];
      const s = new PacedSender({ codec: PCMU, scheduler, idle: 'silence', sequenceNumber: 100 * i, timestamp: 1000 * i, send: (f) => sent.push({ ...f, at: scheduler.now() }) });
      return { s, sent };
    });
    for (const { s } of runs) {
      s.start();
    }
    expect(runs[0]!.sent.length).toBe(1); // alone on its phase at the start: sent at once, as before
    expect(runs[1]!.sent.length).toBe(0); // the next phases, 1 and 2 ms later
    vi.advanceTimersByTime(99);
    runs.forEach(({ s, sent }, i) => {
      s.stop();
      expect(sent.map((f) => f.at - t0)).toEqual([0, 20, 40, 60, 80].map((x) => x + i));
      expect(sent.every((f) => f.at === f.deadlineMs)).toBe(true);
      expect(sent.map((f) => f.sequenceNumber)).toEqual([0, 1, 2, 3, 4].map((n) => 100 * i + n));
      expect(sent.map((f) => f.timestamp)).toEqual([0, 1, 2, 3, 4].map((n) => 1000 * i + 160 * n));
      expect(sent.map((f) => f.marker)).toEqual([true, false, false, false, false]);
    });
    // Stopped, they freed their phases: a sender started at the first one's phase (t0 + 100) is alone
    // there again, and goes out at once (were the phase still held, it would wait for the next free one).
    vi.advanceTimersByTime(1);
    expect(scheduler.now() - t0).toBe(100);
    const again = new PacedSender({ codec: PCMU, scheduler, idle: 'silence', send: () => undefined });
    again.start();
    expect(again.stats.framesSent).toBe(1);
    again.stop();
  });

  it('reuseFrames: one frame object and payload buffer, rewritten per frame, and nothing allocated per frame', () => {
    vi.useFakeTimers();
    const pcm = ramp(160 * 80); // more than is sent: every frame counted is audio
    const frames: PacedFrame[] = [];
    const payloads = new Set<Uint8Array>();
    const all = new Uint8Array(160 * 61);
    let n = 0;
    const s = new PacedSender({
      codec: PCMU,
      reuseFrames: true,
      idle: 'silence',
      sequenceNumber: 7,
      timestamp: 0,
      now: () => performance.now(),
      send: (f) => {
        all.set(f.payload, 160 * n++); // what a consumer keeps, it copies
        frames.push(f);
        payloads.add(f.payload);
        expect(f.sequenceNumber).toBe(7 + frames.length - 1);
        expect(f.timestamp).toBe(160 * (frames.length - 1));
      },
    });
    s.write(pcm);
    s.start();
    vi.advanceTimersByTime(200); // the first frames: queues, scratch buffers and JIT warm
    const counts = { constructed: 0, subarray: 0 };
    const stop = countTypedArrayAllocations(counts, ['Int16Array', 'Uint8Array', 'ArrayBuffer', 'Float64Array', 'Int32Array']);
    try {
      vi.advanceTimersByTime(1000); // 50 frames
    } finally {
      stop();
    }
    s.stop();
    expect(counts).toEqual({ constructed: 0, subarray: 0 });
    expect(new Set(frames).size).toBe(1);
    expect(payloads.size).toBe(1);
    expect(frames.length).toBe(61);
    expect(all).toEqual(PCMU.createEncoder().encode(pcm.subarray(0, 160 * 61)));
    // Without reuseFrames each frame is its own (a consumer may keep it).
    const { s: plain, sent } = sender({ idle: 'silence' });
    plain.start();
    vi.advanceTimersByTime(40);
    plain.stop();
    expect(new Set(sent.map((f) => f.payload)).size).toBe(sent.length);
  });

  it('flush() drops the queue (barge-in); queuedMs reports how far ahead the application is', () => {
    vi.useFakeTimers();
    const { s, sent } = sender();
    s.write(ramp(8000)); // 1 s
    s.start();
    vi.advanceTimersByTime(99); // 5 frames
    expect(s.queuedMs).toBe(900);
    s.flush();
    expect(s.queuedMs).toBe(0);
    vi.advanceTimersByTime(100);
    expect(sent.length).toBe(5);
    expect(s.stats.flushedSamples).toBe(7200);
    s.write(ramp(160));
    vi.advanceTimersByTime(20);
    s.stop();
    expect(sent.length).toBe(6);
    expect(sent[5]!.marker).toBe(true);
  });

  it('resamples input at another rate (16 kHz into PCMU) and lets the resampler tail out when the queue runs dry', () => {
    vi.useFakeTimers();
    const { s, sent } = sender({ inputRate: 16000 });
    const tone = Int16Array.from({ length: 3200 }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * 500 * i) / 16000)));
    s.write(tone); // 200 ms
    s.start();
    vi.advanceTimersByTime(500);
    s.stop();
    expect(sent.length).toBe(10);
    const pcm = PCMU.createDecoder().decode(Buffer.concat(sent.map((f) => f.payload)));
    // The middle of it is the 500 Hz tone at 8 kHz, in phase.
    let err = 0;
    for (let i = 400; i < 1200; i++) {
      err = Math.max(err, Math.abs(pcm[i]! - 10000 * Math.sin((2 * Math.PI * 500 * i) / 8000)));
    }
    expect(err).toBeLessThan(400); // G.711 quantisation at this level
  });

  it('stop() then start() resumes a new schedule from now: contiguous timestamps and sequence numbers, marker set', () => {
    vi.useFakeTimers();
    const t0 = performance.now();
    const { s, sent } = sender({ idle: 'silence' });
    s.start();
    vi.advanceTimersByTime(50); // frames at 0, 20, 40
    s.stop();
    vi.advanceTimersByTime(1005);
    expect(sent.length).toBe(3);
    s.start(); // at 1055
    vi.advanceTimersByTime(30);
    s.stop();
    expect(sent.map((f) => f.at - t0)).toEqual([0, 20, 40, 1055, 1075]);
    expect(sent.map((f) => f.marker)).toEqual([true, false, false, true, false]);
    expect(sent.map((f) => (f.timestamp - 0xffffff00) >>> 0)).toEqual([0, 160, 320, 480, 640]);
    expect(s.running).toBe(false);
  });

  it('reports a throwing send to onError and keeps the schedule', () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let n = 0;
    const s = new PacedSender({ codec: PCMU, idle: 'silence', send: () => { n++; if (n === 2) { throw new Error('socket closed'); } }, onError: (e) => errors.push(e) });
    s.start();
    vi.advanceTimersByTime(99);
    s.stop();
    expect(n).toBe(5);
    expect(errors.length).toBe(1);
  });

  it('rejects a ptime of partial samples, a bad burst size or idle mode (RangeError), an unsupported input rate (AudioError)', () => {
    const send = (): void => undefined;
    expect(() => new PacedSender({ codec: PCMU, send, ptimeMs: 0.01 })).toThrow(RangeError);
    expect(() => new PacedSender({ codec: PCMU, send, maxBurst: 0 })).toThrow(RangeError);
    expect(() => new PacedSender({ codec: PCMU, send, idle: 'cn' as 'none' })).toThrow(RangeError);
    expect(() => new PacedSender({ codec: PCMU, send, inputRate: 44100 })).toThrow(/44100/);
  });
});

describe('PacedSender in real time', () => {
  it('does not keep the process alive (its timer is unref\'d)', () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const s = new PacedSender({ codec: PCMU, idle: 'silence', send: () => undefined });
    s.start();
    expect(timers()).toBe(before);
    s.stop();
  });

  it('does not drift: after 1.5 s the frames are still on their absolute deadlines (loose bounds)', async () => {
    const times: number[] = [];
    const s = new PacedSender({ codec: PCMU, idle: 'silence', send: () => times.push(performance.now()) });
    const t0 = performance.now();
    s.start();
    await new Promise((r) => setTimeout(r, 1530));
    s.stop();
    expect(times.length).toBeGreaterThanOrEqual(70);
    const lateness = times.map((t, k) => t - t0 - k * 20);
    // Never early (timers do not fire early; 2 ms for clock granularity).
    expect(Math.min(...lateness)).toBeGreaterThan(-2);
    // Chained 20 ms timeouts would be late by about a millisecond more at every frame (tens of ms by
    // now); absolute deadlines keep some of the last frames on time even on a busy machine.
    expect(Math.min(...lateness.slice(-15))).toBeLessThan(15);
  });
});
