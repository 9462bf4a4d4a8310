import { describe, expect, it } from 'vitest';
import { RtpStreamTiming } from '../src/rtp-stream-timing.js';

describe('RtpStreamTiming: delta and jitter as tshark -z rtp,streams computes them (#10 g)', () => {
  it('the mean is over the gaps (packets - 1), not over the packets', () => {
    const t = new RtpStreamTiming(8000);
    t.add(0, 0, false, 0);
    t.add(21, 160, false, 0); // D = 1 ms: J = 1/16
    t.add(41, 320, false, 0); // D = 0: J = 15/256
    expect(t.maxJitterMs).toBeCloseTo(1 / 16, 12);
    expect(t.meanJitterMs).toBeCloseTo((1 / 16 + 15 / 256) / 2, 12);
    expect(t.meanDeltaMs).toBeCloseTo((21 + 20) / 2, 12);
    expect(t.maxDeltaMs).toBe(21);
  });
  it('marker-bit and comfort-noise packets (and the one after) change the jitter but not the max and mean', () => {
    const t = new RtpStreamTiming(8000);
    t.add(0, 0, false, 0);
    t.add(30, 160, true, 0); // talkspurt start: D = 10, excluded
    const afterMarker = 10 / 16;
    t.add(50, 320, false, 0); // D = 0
    const j3 = (15 * afterMarker) / 16;
    expect(t.maxJitterMs).toBeCloseTo(j3, 12);
    expect(t.maxDeltaMs).toBe(20);
    // The running mean skips the marker packet's update: (0 * 1 + j3) / 2.
    expect(t.meanJitterMs).toBeCloseTo(j3 / 2, 12);
    const cn = new RtpStreamTiming(8000);
    cn.add(0, 0, false, 0);
    cn.add(100, 160, false, 13);
    cn.add(120, 320, false, 0);
    expect(cn.maxDeltaMs).toBe(0);
    expect(cn.maxJitterMs).toBe(0);
  });
  it('timestamps wrap', () => {
    const t = new RtpStreamTiming(8000);
    t.add(0, 0xffffff60, false, 0);
    t.add(20, 0, false, 0);
    expect(t.maxJitterMs).toBe(0);
  });
  it('a clock rate that is not positive is a RangeError', () => {
    expect(() => new RtpStreamTiming(0)).toThrow(RangeError);
  });
});
