import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RTCP_MIN_INTERVAL_MS, rtcpIntervalMs } from '../src/index.js';

const COMPENSATION = Math.E - 1.5;
const base = { members: 2, senders: 2, rtcpBandwidth: 400, weSent: true, averageRtcpSize: 100, initial: false };

describe('RTCP interval, RFC 3550 §6.2, §6.3.1, A.7', () => {
  it('one draw for a two-party 64 kbit/s call: the 5 s minimum, randomised over [0.5, 1.5] / (e - 3/2) (the mean spacing, 5 s, comes with reconsideration: rtcp-reconsideration.test.ts)', () => {
    // 100 octets * 2 members / 400 octets/s = 0.5 s, below the 5 s minimum.
    expect(rtcpIntervalMs({ ...base, random: 0.5 })).toBeCloseTo(RTCP_MIN_INTERVAL_MS / COMPENSATION, 6);
    expect(rtcpIntervalMs({ ...base, random: 0 })).toBeCloseTo((0.5 * 5000) / COMPENSATION, 6);
    expect(rtcpIntervalMs({ ...base, random: 0.999999 })).toBeCloseTo((1.499999 * 5000) / COMPENSATION, 3);
  });

  it('halves the minimum before the first report (§6.2 initial)', () => {
    expect(rtcpIntervalMs({ ...base, initial: true, random: 0.5 })).toBeCloseTo(2500 / COMPENSATION, 6);
  });

  it('scales with members over the bandwidth once above the minimum', () => {
    // 100 members, 50 senders (> 25%): everyone shares the whole RTCP bandwidth: 100 * 100 / 400 = 25 s.
    expect(rtcpIntervalMs({ ...base, members: 100, senders: 50, random: 0.5 })).toBeCloseTo(25_000 / COMPENSATION, 6);
  });

  it('gives senders a quarter of the bandwidth when they are at most a quarter of the members', () => {
    const crowd = { ...base, members: 1000, senders: 10, random: 0.5, minIntervalMs: 1 };
    // Sender: 10 senders share 25%: 100 * 10 / 100 = 10 s. Receiver: 990 share 75%: 100 * 990 / 300 = 330 s.
    expect(rtcpIntervalMs({ ...crowd, weSent: true })).toBeCloseTo(10_000 / COMPENSATION, 6);
    expect(rtcpIntervalMs({ ...crowd, weSent: false })).toBeCloseTo(330_000 / COMPENSATION, 6);
  });

  it('honours a smaller configured minimum (tests, short calls)', () => {
    expect(rtcpIntervalMs({ ...base, rtcpBandwidth: 1e6, minIntervalMs: 20, random: 0.5 })).toBeCloseTo(20 / COMPENSATION, 6);
  });

  it('stays within the randomisation bounds for any valid input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 28, max: 1500, noNaN: true }),
        fc.boolean(),
        (members, senders, rtcpBandwidth, weSent, averageRtcpSize, initial) => {
          const input = { members, senders: Math.min(senders, members), rtcpBandwidth, weSent, averageRtcpSize, initial };
          const low = rtcpIntervalMs({ ...input, random: 0 });
          const high = rtcpIntervalMs({ ...input, random: 0.999999 });
          const any = rtcpIntervalMs(input);
          expect(low).toBeGreaterThanOrEqual(((initial ? 2500 : 5000) * 0.5) / COMPENSATION - 1e-9);
          expect(any).toBeGreaterThanOrEqual(low);
          expect(any).toBeLessThanOrEqual(high);
          expect(high / low).toBeCloseTo(3, 4);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects nonsense inputs with RangeError', () => {
    expect(() => rtcpIntervalMs({ ...base, members: 0 })).toThrow(RangeError);
    expect(() => rtcpIntervalMs({ ...base, rtcpBandwidth: 0 })).toThrow(/"rtcpBandwidth" expected > 0, got 0/);
    expect(() => rtcpIntervalMs({ ...base, averageRtcpSize: Number.NaN })).toThrow(RangeError);
  });
});
