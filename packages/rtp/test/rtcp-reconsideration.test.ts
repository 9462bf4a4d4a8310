import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallRtcp } from '../src/call/call-rtcp.js';
import { SILENT_LOGGER } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

const PCMU = [{ payloadType: 0, encodingName: 'PCMU', clockRate: 8000 }];

/** Report send times (ms, on the fake clock) of one call's RTCP over `durationMs` of simulated time. */
function reportTimes(durationMs: number): number[] {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  const times: number[] = [];
  const rtcp = new CallRtcp({
    ssrc: 0x11223344,
    media: PCMU,
    options: {},
    logger: SILENT_LOGGER,
    send: () => {
      times.push(performance.now());
      return true;
    },
  });
  rtcp.start();
  vi.advanceTimersByTime(durationMs);
  rtcp.stop();
  return times;
}

describe('RTCP report timing with timer reconsideration (RFC 3550 §6.3.3, §6.3.6, A.7)', () => {
  it('a two-party 64 kbit/s call reports every 5 s on average (the §6.2 minimum), not 22% more often', () => {
    // 20,000 s of simulated time: about 4,000 reports, so the mean spacing's standard error is ~25 ms.
    const times = reportTimes(20_000_000);
    const spacing = times.slice(1).map((t, i) => t - times[i]!);
    const mean = spacing.reduce((a, b) => a + b, 0) / spacing.length;
    // Without reconsideration (one draw of [0.5, 1.5] x 5 s / (e - 3/2) per report) the mean is 4104 ms.
    expect(mean).toBeGreaterThan(4850);
    expect(mean).toBeLessThan(5150);
  });

  it('every spacing stays within the randomised bounds: 0.5 x 5 s / (e - 3/2) .. 1.5 x 5 s / (e - 3/2)', () => {
    const times = reportTimes(2_000_000);
    const spacing = times.slice(1).map((t, i) => t - times[i]!);
    const c = Math.E - 1.5;
    expect(Math.min(...spacing)).toBeGreaterThanOrEqual((0.5 * 5000) / c - 1);
    expect(Math.max(...spacing)).toBeLessThanOrEqual((1.5 * 5000) / c + 1);
  });

  it('the first report comes after half the minimum on average (§6.2 initial), reconsidered too', () => {
    const firsts: number[] = [];
    for (let i = 0; i < 400; i++) {
      firsts.push(reportTimes(20_000)[0]!);
      vi.useRealTimers();
    }
    const mean = firsts.reduce((a, b) => a + b, 0) / firsts.length;
    expect(mean).toBeGreaterThan(2350);
    expect(mean).toBeLessThan(2650);
  });
});
