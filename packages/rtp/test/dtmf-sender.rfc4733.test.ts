import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DtmfSender, parseTelephoneEvent, type DtmfPlannedPacket } from '../src/index.js';

/** The fields a test compares, with the payload decoded. */
const view = (p: DtmfPlannedPacket) => {
  const e = parseTelephoneEvent(p.payload);
  return { atMs: p.atMs, marker: p.marker, timestamp: p.timestamp, event: e.event, end: e.end, volume: e.volume, duration: e.duration };
};

/** Groups packets by RTP timestamp (one event, or one segment of a long one), in first-seen order. */
const byTimestamp = (packets: readonly DtmfPlannedPacket[]): DtmfPlannedPacket[][] => {
  const groups = new Map<number, DtmfPlannedPacket[]>();
  for (const p of packets) {
    const g = groups.get(p.timestamp) ?? [];
    g.push(p);
    groups.set(p.timestamp, g);
  }
  return [...groups.values()];
};

describe('DtmfSender (RFC 4733 §2.5.1)', () => {
  it('plans one digit with the defaults: updates every 50 ms, end report three times (§2.5.1.2, §2.5.1.4)', () => {
    const plan = new DtmfSender({ payloadType: 101 }).planDigits('5', 1000, 10_000);
    expect(plan.packets.map(view)).toEqual([
      { atMs: 10_050, marker: true, timestamp: 1000, event: 5, end: false, volume: 10, duration: 400 },
      { atMs: 10_100, marker: false, timestamp: 1000, event: 5, end: true, volume: 10, duration: 800 },
      { atMs: 10_150, marker: false, timestamp: 1000, event: 5, end: true, volume: 10, duration: 800 },
      { atMs: 10_200, marker: false, timestamp: 1000, event: 5, end: true, volume: 10, duration: 800 },
    ]);
    expect(plan.packets.map((p) => p.retransmission)).toEqual([0, 0, 1, 2]);
    expect(plan.packets.every((p) => p.payloadType === 101 && p.digit === '5')).toBe(true);
    expect(plan.endMs).toBe(10_170);
    expect(plan.endTimestamp).toBe(1000 + 170 * 8);
  });

  it('a tone not a multiple of the interval ends with its exact duration', () => {
    const plan = new DtmfSender({ payloadType: 96, durationMs: 120 }).planDigits('0', 0);
    expect(plan.packets.map((p) => [p.atMs, p.duration, p.end])).toEqual([
      [50, 400, false],
      [100, 800, false],
      [120, 960, true],
      [170, 960, true],
      [220, 960, true],
    ]);
  });

  it('a tone shorter than the interval is one report with M and E, sent three times', () => {
    const plan = new DtmfSender({ payloadType: 101, durationMs: 40 }).planDigits('#', 0);
    expect(plan.packets.map(view)).toEqual([
      { atMs: 40, marker: true, timestamp: 0, event: 11, end: true, volume: 10, duration: 320 },
      { atMs: 90, marker: false, timestamp: 0, event: 11, end: true, volume: 10, duration: 320 },
      { atMs: 140, marker: false, timestamp: 0, event: 11, end: true, volume: 10, duration: 320 },
    ]);
  });

  it('each digit is its own event: M on its first packet, one timestamp from its start (§2.3.5)', () => {
    const sender = new DtmfSender({ payloadType: 101, durationMs: 160, pauseMs: 40 });
    const plan = sender.planDigits('1*D', 50_000, 0);
    const events = byTimestamp(plan.packets);
    expect(events.map((g) => g[0]!.timestamp)).toEqual([50_000, 50_000 + 200 * 8, 50_000 + 400 * 8]);
    expect(events.map((g) => g.map((p) => p.digit))).toEqual([Array(6).fill('1'), Array(6).fill('*'), Array(6).fill('D')]);
    for (const g of events) {
      expect(g.map((p) => p.marker)).toEqual([true, false, false, false, false, false]);
      expect(g.map((p) => p.duration)).toEqual([400, 800, 1200, 1280, 1280, 1280]);
      expect(g.map((p) => p.atMs - g[0]!.atMs)).toEqual([0, 50, 100, 110, 160, 210]);
    }
    expect(plan.endMs).toBe(600);
  });

  it('packets are in sending order, also when end repeats overlap the next digit (short pause)', () => {
    const plan = new DtmfSender({ payloadType: 101, durationMs: 60, pauseMs: 10 }).planDigits('12', 0);
    const times = plan.packets.map((p) => p.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Digit 2 starts at 70; digit 1 repeats its end at 110 and 160, among digit 2's packets.
    expect(plan.packets.map((p) => [p.atMs, p.digit, p.end])).toEqual([
      [50, '1', false],
      [60, '1', true],
      [110, '1', true],
      [120, '2', false],
      [130, '2', true],
      [160, '1', true],
      [180, '2', true],
      [230, '2', true],
    ]);
  });

  it('scales durations and timestamps with the clock rate (48000 Hz with Opus) and the interval', () => {
    const plan = new DtmfSender({ payloadType: 110, clockRate: 48_000, packetIntervalMs: 20, durationMs: 60, volume: 20 }).planDigits('9', 7, 0);
    expect(plan.packets.map(view)).toEqual([
      { atMs: 20, marker: true, timestamp: 7, event: 9, end: false, volume: 20, duration: 960 },
      { atMs: 40, marker: false, timestamp: 7, event: 9, end: false, volume: 20, duration: 1920 },
      { atMs: 60, marker: false, timestamp: 7, event: 9, end: true, volume: 20, duration: 2880 },
      { atMs: 80, marker: false, timestamp: 7, event: 9, end: true, volume: 20, duration: 2880 },
      { atMs: 100, marker: false, timestamp: 7, event: 9, end: true, volume: 20, duration: 2880 },
    ]);
  });

  it('RTP timestamps wrap modulo 2^32', () => {
    const plan = new DtmfSender({ payloadType: 101 }).planDigits('12', 0xffff_ff00, 0);
    expect(byTimestamp(plan.packets).map((g) => g[0]!.timestamp)).toEqual([0xffff_ff00, (0xffff_ff00 + 170 * 8) % 2 ** 32]);
    expect(plan.endTimestamp).toBe((0xffff_ff00 + 340 * 8) % 2 ** 32);
  });

  it('splits a long event into segments of 0xFFFF units (§2.5.1.3)', () => {
    // 10 s at 8000 Hz = 80000 units: segment 0 covers 65535, segment 1 the remaining 14465.
    const plan = new DtmfSender({ payloadType: 101 }).planEvent(1, 10_000, 1000, 0);
    const [seg0, seg1, more] = byTimestamp(plan.packets);
    expect(more).toBeUndefined();
    expect(seg0![0]!.timestamp).toBe(1000);
    expect(seg1![0]!.timestamp).toBe(1000 + 0xffff);
    // Only the event's very first packet has M; only the last segment has E.
    expect(plan.packets.filter((p) => p.marker)).toEqual([plan.packets[0]]);
    expect(seg0!.some((p) => p.end)).toBe(false);
    // Segment 0 ends with duration 0xFFFF, sent three times, at the first update after the boundary (8191.875 ms).
    const finals0 = seg0!.filter((p) => p.duration === 0xffff);
    expect(finals0.map((p) => p.atMs)).toEqual([8200, 8250, 8300]);
    expect(Math.max(...seg0!.map((p) => p.duration))).toBe(0xffff);
    // Segment 1 goes on from there: duration counted from its own timestamp.
    expect(seg1![0]).toMatchObject({ atMs: 8200, duration: 8200 * 8 - 0xffff, marker: false, end: false });
    const ends = seg1!.filter((p) => p.end);
    expect(ends.map((p) => [p.atMs, p.duration])).toEqual([[10_000, 14_465], [10_050, 14_465], [10_100, 14_465]]);
    // Every report of a segment stays within 0xFFFF, durations never go down.
    for (const seg of [seg0!, seg1!]) {
      const first = seg.filter((p) => p.retransmission === 0).map((p) => p.duration);
      expect(first).toEqual([...first].sort((a, b) => a - b));
    }
    // In sending order, the repeats of segment 0's final report come before segment 1's update of the same time.
    const at8250 = plan.packets.filter((p) => p.atMs === 8250);
    expect(at8250.map((p) => p.timestamp)).toEqual([1000, 1000 + 0xffff]);
  });

  it('a segment boundary on an update: the final 0xFFFF report is sent three times, then the next segment', () => {
    // At 1000 Hz, 0xFFFF units are 65535 ms = 13107 updates of 5 ms.
    const plan = new DtmfSender({ payloadType: 101, clockRate: 1000, packetIntervalMs: 5 }).planEvent(2, 65_545, 0, 0);
    const [seg0, seg1] = byTimestamp(plan.packets);
    expect(seg0!.filter((p) => p.duration === 0xffff).map((p) => p.atMs)).toEqual([65_535, 65_540, 65_545]);
    expect(seg1!.map((p) => [p.atMs, p.duration, p.end])).toEqual([
      [65_540, 5, false],
      [65_545, 10, true],
      [65_550, 10, true],
      [65_555, 10, true],
    ]);
  });

  it('an event of exactly 0xFFFF units is one segment ending with E', () => {
    const plan = new DtmfSender({ payloadType: 101, clockRate: 1000, packetIntervalMs: 5 }).planEvent(2, 65_535, 0, 0);
    expect(byTimestamp(plan.packets)).toHaveLength(1);
    expect(plan.packets.filter((p) => p.end).map((p) => p.duration)).toEqual([0xffff, 0xffff, 0xffff]);
  });

  it('planEvent plans other events (16 = flash) with no pause after', () => {
    const plan = new DtmfSender({ payloadType: 101 }).planEvent(16, 300, 0, 1000);
    expect(plan.packets).toHaveLength(8);
    expect(plan.packets.every((p) => p.event === 16 && p.digit === undefined)).toBe(true);
    expect(plan.endMs).toBe(1300);
  });

  it('rejects unknown digits with RangeError, naming the digit and its index', () => {
    const sender = new DtmfSender({ payloadType: 101 });
    expect(() => sender.planDigits('12E4', 0)).toThrow(RangeError);
    expect(() => sender.planDigits('12E4', 0)).toThrow(/"E" at index 2/);
    expect(() => sender.planDigits('1 2', 0)).toThrow(RangeError);
    expect(() => sender.planDigits(12 as unknown as string, 0)).toThrow(TypeError);
    expect(sender.planDigits('', 5, 100)).toEqual({ packets: [], endMs: 100, endTimestamp: 5 });
    expect(sender.planDigits('abcd', 0).packets.filter((p) => p.marker).map((p) => p.digit)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('rejects bad options and arguments with RangeError', () => {
    const bad = [
      { payloadType: 128 },
      { payloadType: -1 },
      { payloadType: 101, clockRate: 0 },
      { payloadType: 101, clockRate: 8000.5 },
      { payloadType: 101, packetIntervalMs: 0 },
      { payloadType: 101, packetIntervalMs: 9000 }, // 72000 units > 0xFFFF
      { payloadType: 101, volume: 64 },
      { payloadType: 101, durationMs: 0 },
      { payloadType: 101, durationMs: Number.POSITIVE_INFINITY },
      { payloadType: 101, pauseMs: -1 },
    ];
    for (const options of bad) {
      expect(() => new DtmfSender(options), JSON.stringify(options)).toThrow(RangeError);
    }
    const sender = new DtmfSender({ payloadType: 101 });
    expect(() => sender.planDigits('1', -1)).toThrow(RangeError);
    expect(() => sender.planDigits('1', 2 ** 32)).toThrow(RangeError);
    expect(() => sender.planDigits('1', 0, Number.NaN)).toThrow(RangeError);
    expect(() => sender.planEvent(256, 100, 0)).toThrow(RangeError);
    expect(() => sender.planEvent(1, 0, 0)).toThrow(RangeError);
  });

  it('for any digits and options, every event follows §2.5.1 (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9*#A-D]{1,8}$/),
        fc.constantFrom(8000, 16_000, 48_000),
        fc.constantFrom(10, 20, 50),
        fc.integer({ min: 20, max: 400 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (digits, clockRate, packetIntervalMs, durationMs, pauseMs, ts) => {
          const plan = new DtmfSender({ payloadType: 101, clockRate, packetIntervalMs, durationMs, pauseMs }).planDigits(digits, ts, 0);
          const events = byTimestamp(plan.packets);
          expect(events.map((g) => g[0]!.digit).join('')).toBe(digits);
          events.forEach((g, i) => {
            expect(g[0]!.timestamp).toBe((ts + Math.round((i * (durationMs + pauseMs) * clockRate) / 1000)) % 2 ** 32);
            expect(g.map((p) => p.marker)).toEqual(g.map((_, j) => j === 0));
            const ends = g.filter((p) => p.end);
            expect(ends).toHaveLength(3);
            expect(new Set(ends.map((p) => p.duration)).size).toBe(1);
            expect(ends[0]!.duration).toBe(Math.round((durationMs * clockRate) / 1000));
            expect(ends.map((p) => p.atMs - ends[0]!.atMs)).toEqual([0, packetIntervalMs, 2 * packetIntervalMs]);
            expect(g.slice(-3)).toEqual(ends);
            const durations = g.map((p) => p.duration);
            expect(durations).toEqual([...durations].sort((a, b) => a - b));
          });
        },
      ),
    );
  });
});
