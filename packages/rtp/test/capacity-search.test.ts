import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCapacitySearch, searchCapacity, type ProbeVerdict } from '../bench/capacity-search.js';

/** A machine that holds up to `limit` calls, recording what it was asked. */
function machine(limit: number): { probe: (calls: number) => Promise<ProbeVerdict>; asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    probe: async (calls) => {
      asked.push(calls);
      await Promise.resolve();
      return calls <= limit ? { held: true, reasons: [] } : { held: false, reasons: [`lost ${calls - limit}`] };
    },
  };
}

describe('capacity search (bench/capacity-search.ts)', () => {
  it('doubles from start, then bisects to the resolution, never above the limit', async () => {
    const m = machine(2600);
    const r = await searchCapacity(m.probe, { start: 500, max: 8000, resolution: 250, maxProbes: 10 });
    expect(m.asked.slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    expect(r.calls).toBe(2500); // 2500 held, 2750 failed
    expect(r.failedAt).toBe(2750);
    expect(r.atMax).toBe(false);
    expect(r.budgetExhausted).toBe(false);
    expect(r.probes.map((p) => p.calls)).toEqual(m.asked);
    expect(r.probes.find((p) => p.calls === 4000)?.reasons).toEqual(['lost 1400']);
  });

  it('finds a limit below start by bisecting down from it', async () => {
    const r = await searchCapacity(machine(180).probe, { start: 500, max: 8000, resolution: 50, maxProbes: 10 });
    expect(r.calls).toBe(150);
    expect(r.failedAt).toBe(200);
  });

  it('reports 0 when nothing holds, and stops at max when everything does', async () => {
    const none = await searchCapacity(machine(0).probe, { start: 500, max: 8000, resolution: 250, maxProbes: 10 });
    expect(none.calls).toBe(0);
    expect(none.failedAt).toBe(250);
    const all = machine(1e9);
    const r = await searchCapacity(all.probe, { start: 500, max: 3000, resolution: 250, maxProbes: 10 });
    expect(r).toMatchObject({ calls: 3000, atMax: true, failedAt: undefined });
    expect(all.asked).toEqual([500, 1000, 2000, 3000]);
    expect(formatCapacitySearch(r).at(-1)).toContain('at least 3000');
  });

  it('runs at most maxProbes probes and then reports a count that held, flagged', async () => {
    const m = machine(3100);
    const r = await searchCapacity(m.probe, { start: 500, max: 8000, resolution: 10, maxProbes: 6 });
    expect(m.asked).toHaveLength(6);
    expect(r.budgetExhausted).toBe(true);
    expect(r.calls).toBeLessThanOrEqual(3100);
    expect(m.asked.filter((n) => n <= 3100)).toContain(r.calls);
  });

  it('the budget bounds the doubling too (a machine that holds everything below a huge max)', async () => {
    const m = machine(1e9);
    const r = await searchCapacity(m.probe, { start: 1, max: 1_000_000, resolution: 1, maxProbes: 5 });
    expect(m.asked).toEqual([1, 2, 4, 8, 16]);
    expect(r).toMatchObject({ calls: 16, atMax: false, budgetExhausted: true, failedAt: undefined });
  });

  it('never overshoots, always terminates, and lands within the resolution given enough probes (any limit)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 300 }), async (limit, start, resolution) => {
        const max = 8000;
        const m = machine(limit);
        const r = await searchCapacity(m.probe, { start: Math.min(start, max), max, resolution, maxProbes: 40 });
        expect(m.asked.length).toBeLessThanOrEqual(40);
        expect(r.calls).toBeLessThanOrEqual(Math.min(limit, max));
        expect(r.budgetExhausted).toBe(false);
        if (r.atMax) {
          expect(limit).toBeGreaterThanOrEqual(max);
        } else {
          expect(r.failedAt).toBeDefined();
          expect((r.failedAt ?? 0) - r.calls).toBeLessThanOrEqual(resolution);
          expect(r.failedAt).toBeGreaterThan(limit);
        }
        for (const n of m.asked) {
          expect(n).toBeGreaterThan(0);
          expect(n).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts a probe that throws as not held, with its message', async () => {
    const r = await searchCapacity(
      async (n) => {
        await Promise.resolve();
        if (n > 1000) {
          throw new Error('far side exited');
        }
        return { held: true, reasons: [] };
      },
      { start: 500, max: 8000, resolution: 250 },
    );
    expect(r.calls).toBe(1000);
    expect(r.probes.find((p) => p.calls === 2000)?.reasons).toEqual(['probe failed: far side exited']);
  });

  it('ends the search when a probe never settles (probeTimeoutMs)', async () => {
    const r = await searchCapacity((n) => (n < 1000 ? Promise.resolve({ held: true, reasons: [] }) : new Promise<ProbeVerdict>(() => {})), {
      start: 500,
      max: 8000,
      resolution: 250,
      probeTimeoutMs: 50,
    });
    expect(r.calls).toBe(500);
    expect(r.probes).toHaveLength(2);
    expect(r.aborted).toMatch(/still running/);
    expect(r.budgetExhausted).toBe(false);
  });

  it('rejects bad bounds with RangeError', async () => {
    const m = machine(10);
    await expect(searchCapacity(m.probe, { start: 0, max: 10, resolution: 1 })).rejects.toThrow(RangeError);
    await expect(searchCapacity(m.probe, { start: 20, max: 10, resolution: 1 })).rejects.toThrow(RangeError);
    await expect(searchCapacity(m.probe, { start: 1, max: 10, resolution: 1.5 })).rejects.toThrow(RangeError);
    expect(m.asked).toEqual([]);
  });
});
