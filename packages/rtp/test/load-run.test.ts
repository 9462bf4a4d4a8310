import { describe, expect, it } from 'vitest';
import { pace, type PacedSender } from '../bench/load-pacing.js';
import { runLoad } from '../bench/load-run.js';

describe('load pacing (bench/load-pacing.ts)', () => {
  it('sends every round when there is time, one packet per call per round, in sequence', async () => {
    const seen: number[][] = [[], [], []];
    const calls: PacedSender[] = seen.map((s) => ({ sendPacket: (p) => void s.push(p.sequenceNumber ?? -1) }));
    const r = await pace(calls, 50, 0.1);
    expect(r).toMatchObject({ sent: 15, unsent: 0, behindSeconds: 0 });
    for (const s of seen) {
      expect(s).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('stops at its deadline and reports what it did not send', async () => {
    let sent = 0;
    const r = await pace([{ sendPacket: () => void sent++ }, { sendPacket: () => void sent++ }], 50, 10, { deadlineSeconds: 0 });
    expect(sent).toBe(0);
    expect(r).toMatchObject({ sent: 0, unsent: 1000, behindSeconds: 10 });
  });
});

describe('load run (bench/load-run.ts) on loopback, both far sides', () => {
  for (const farSide of ['node', 'c'] as const) {
    it(`${farSide} far side: every packet is accounted for, none invalid, and the run ends`, { timeout: 120_000 }, async () => {
      const r = await runLoad({ calls: 3, packetsPerSecond: 50, seconds: 1, farSide });
      // 'c' falls back to 'node' where cc is missing; the report says which ran.
      expect(['node', farSide]).toContain(r.farSide);
      expect(r.calls).toBe(3);
      expect(r.nearSent + r.nearUnsent).toBe(150);
      expect(r.farSent + r.farUnsent).toBe(150);
      expect(r.farFailure).toBeUndefined();
      expect(r.farInvalid).toBe(0);
      expect(r.farReceived).toBeGreaterThan(0);
      expect(r.farReceived).toBeLessThanOrEqual(r.nearSent);
      expect(r.nearReceived).toBeGreaterThan(0);
      expect(r.nearReceived).toBeLessThanOrEqual(r.farSent);
      expect(r.lostToFar).toBe(r.nearSent - r.farReceived);
      if (r.farSide === 'node') {
        // One packet a second per call is unprotected with that call's key: the near side sent real SRTP.
        expect(r.farAuthenticated).toBeGreaterThan(0);
        expect(r.farAuthenticationFailures).toBe(0);
      }
    });
  }
});
