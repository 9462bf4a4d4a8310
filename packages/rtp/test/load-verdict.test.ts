import { describe, expect, it } from 'vitest';
import { cpuBoundCalls, loadHeld, loadVerdict, type LoadReport } from '../bench/load-run.js';

/** A 10 s, 100-call run that held on both sides. */
const held: LoadReport = {
  mode: 'library',
  receivedPackets: 'reused',
  srtp: true,
  calls: 100,
  packetsPerSecond: 50,
  seconds: 10,
  suite: 'AES_CM_128_HMAC_SHA1_80',
  nearSent: 50_000,
  nearReceived: 50_000,
  farSent: 50_000,
  farReceived: 50_000,
  lostToNear: 0,
  lostToFar: 0,
  cpuSeconds: 2,
  sendingSeconds: 10.1,
  cpuSecondsPer1000Packets: 0.02,
  rssPerCallBytes: 20_000,
  rssPerCallAtSetupBytes: 10_000,
  heapPerCallBytes: 25_000,
  nearCounters: { datagramsReceived: 50_000 },
  transportErrors: 0,
  deadlineSeconds: 12,
  nearUnsent: 0,
  nearBehindSeconds: 0,
  farSendingSeconds: 10,
  farUnsent: 0,
  farBehindSeconds: 0,
  farCpuSeconds: 1,
  farCpuSecondsPer1000Packets: 0.01,
  farRtcpReceived: 50,
  farInvalid: 0,
  farAuthenticated: 1000,
  farAuthenticationFailures: 0,
  farFailure: undefined,
  kernelReceiveBufferDrops: 0,
  nearSocketDrops: 0,
  farSide: 'c',
};

describe('load run verdict (bench/load-run.ts loadVerdict)', () => {
  it('holds only when nothing is wrong on either side', () => {
    expect(loadVerdict(held)).toMatchObject({ held: true, reasons: [] });
    expect(loadHeld(held)).toBe(true);
  });

  it('names each reason a run did not hold', () => {
    const cases: [Partial<LoadReport>, RegExp][] = [
      [{ lostToNear: 3 }, /^lost 3 far -> near$/],
      [{ lostToFar: 7 }, /^lost 7 near -> far$/],
      [{ sendingSeconds: 12.5 }, /near side's pace fell behind by 2\.50 s/],
      [{ nearUnsent: 500, nearBehindSeconds: 0.1, sendingSeconds: 12 }, /near side fell behind: stopped at its 12\.0 s deadline 0\.10 s of media short \(500 packets unsent\)/],
      [{ farUnsent: 9, farBehindSeconds: 0.2 }, /far side behind: stopped at its deadline 0\.20 s/],
      [{ farSendingSeconds: 12 }, /far side behind by 2\.00 s/],
      [{ farFailure: "far side: no 'done' within 20000 ms" }, /far side failed: far side: no 'done'/],
      [{ farInvalid: 2 }, /far side refused 2 datagrams/],
      [{ farAuthenticationFailures: 1 }, /1 samples failed authentication/],
      [{ transportErrors: 4 }, /4 transport errors/],
    ];
    for (const [change, reason] of cases) {
      const v = loadVerdict({ ...held, ...change });
      expect(v.held, JSON.stringify(change)).toBe(false);
      expect(v.reasons).toHaveLength(1);
      expect(v.reasons[0]).toMatch(reason);
    }
  });

  it('the pace bound is 5% + 0.25 s over the media time', () => {
    expect(loadHeld({ ...held, sendingSeconds: 10.75 })).toBe(true);
    expect(loadHeld({ ...held, sendingSeconds: 10.76 })).toBe(false);
  });

  it('cpuBoundCalls: one core at 20 µs per packet sent + received holds 500 calls of 50 packets/s each way', () => {
    expect(cpuBoundCalls(20)).toBe(500);
    expect(cpuBoundCalls(4)).toBe(2500);
  });
});
