import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioCall, MediaTimeout } from '../src/index.js';

describe('MediaTimeout on fake timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once per silence, after timeoutMs without activity, and re-arms when media resumes', () => {
    vi.useFakeTimers();
    const fired: number[] = [];
    const t0 = performance.now();
    const watch = new MediaTimeout({ timeoutMs: 1000, onTimeout: () => fired.push(performance.now() - t0) });
    watch.start();
    // Media every 100 ms for 3 s: no timeout.
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(100);
      watch.activity();
    }
    expect(fired).toEqual([]);
    // Silence from 3000: fires at 4000, and not again during 10 s more of silence.
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([4000]);
    expect(watch.timedOut).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual([4000]);
    // Media at 14000 re-arms: the next silence fires at 15500 (last packet 14500 + 1000).
    watch.activity();
    expect(watch.timedOut).toBe(false);
    vi.advanceTimersByTime(500);
    watch.activity();
    vi.advanceTimersByTime(1000);
    expect(fired).toEqual([4000, 15500]);
    watch.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports the silence length; stop() clears the timer; 0 is off; bad options are typed errors', () => {
    vi.useFakeTimers();
    const lengths: number[] = [];
    const watch = new MediaTimeout({ timeoutMs: 500, onTimeout: (ms) => lengths.push(ms) });
    watch.start();
    vi.advanceTimersByTime(500);
    expect(lengths).toEqual([500]);
    watch.activity();
    watch.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(lengths).toEqual([500]);
    const off = new MediaTimeout({ timeoutMs: 0, onTimeout: () => lengths.push(-1) });
    off.start();
    expect(vi.getTimerCount()).toBe(0);
    expect(() => new MediaTimeout({ timeoutMs: -1, onTimeout: () => undefined })).toThrow(RangeError);
    expect(() => new MediaTimeout({ timeoutMs: Number.NaN, onTimeout: () => undefined })).toThrow(RangeError);
    expect(() => new MediaTimeout({ timeoutMs: 1, onTimeout: 1 as unknown as () => void })).toThrow(TypeError);
  });

  it('a throwing onTimeout goes to onError; the timer is unref\'d (never keeps the process alive)', () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const watch = new MediaTimeout({ timeoutMs: 100, onTimeout: () => { throw new Error('boom'); }, onError: (e) => errors.push(e) });
    const unref = vi.spyOn(globalThis, 'setTimeout');
    watch.start();
    const handle = unref.mock.results.at(-1)?.value as { hasRef?: () => boolean };
    expect(handle.hasRef?.()).toBe(false);
    vi.advanceTimersByTime(100);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
    watch.stop();
  });

  it('AudioCall: onMediaTimeout after mediaTimeoutMs without packets, once; a packet re-arms; stop() ends it', () => {
    vi.useFakeTimers();
    const timeouts: number[] = [];
    const call = new AudioCall({
      call: { media: [{ payloadType: 0, encodingName: 'PCMU', clockRate: 8000 }], sendPacket: () => true },
      idle: 'none',
      mediaTimeoutMs: 2000,
      onMediaTimeout: (ms) => timeouts.push(ms),
    });
    call.start();
    vi.advanceTimersByTime(1500);
    call.packetReceived({ payloadType: 0, sequenceNumber: 1, timestamp: 0, ssrc: 7, payload: new Uint8Array(160) });
    vi.advanceTimersByTime(1999);
    expect(timeouts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(timeouts).toEqual([2000]);
    vi.advanceTimersByTime(6000);
    expect(timeouts).toEqual([2000]);
    call.packetReceived({ payloadType: 13, sequenceNumber: 2, timestamp: 160, ssrc: 7, payload: Uint8Array.of(60) });
    vi.advanceTimersByTime(2000);
    expect(timeouts).toEqual([2000, 2000]);
    call.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
