import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DtmfReceiver,
  DtmfSender,
  RtpError,
  parseRtpPacket,
  serializeRtpPacket,
  serializeTelephoneEvent,
  type DtmfDigitEnd,
  type DtmfDigitStart,
  type DtmfPlannedPacket,
  type DtmfReceiverOptions,
  type TelephoneEventInit,
} from '../src/index.js';

const SSRC = 0x1234_5678;

/** A receiver that records its callbacks. */
function recorder(options: Partial<DtmfReceiverOptions> = {}) {
  const starts: DtmfDigitStart[] = [];
  const ends: DtmfDigitEnd[] = [];
  const receiver = new DtmfReceiver({
    payloadTypes: [101],
    ...options,
    onDigitStart: (e) => starts.push(e),
    onDigitEnd: (e) => ends.push(e),
  });
  return { receiver, starts, ends };
}

const feed = (receiver: DtmfReceiver, packets: readonly DtmfPlannedPacket[], ssrc = SSRC) =>
  packets.map((p) => receiver.receive({ ...p, ssrc }, p.atMs).outcome);

/** A packet by hand: one report at a timestamp. */
const packet = (timestamp: number, report: TelephoneEventInit, extra: { payloadType?: number; ssrc?: number; marker?: boolean } = {}) => ({
  payloadType: extra.payloadType ?? 101,
  timestamp,
  ssrc: extra.ssrc ?? SSRC,
  marker: extra.marker ?? false,
  payload: serializeTelephoneEvent({ volume: 10, ...report }),
});

const sender = new DtmfSender({ payloadType: 101 });

describe('DtmfReceiver (RFC 4733 §2.5.2)', () => {
  it('reports each digit of a clean stream once, in order, with its length', () => {
    const { receiver, starts, ends } = recorder();
    const plan = sender.planDigits('123#', 8000, 1000);
    feed(receiver, plan.packets);
    expect(starts.map((s) => s.digit)).toEqual(['1', '2', '3', '#']);
    expect(ends.map((e) => [e.digit, e.durationMs, e.duration, e.reason, e.endInferred])).toEqual([
      ['1', 100, 800, 'end', false],
      ['2', 100, 800, 'end', false],
      ['3', 100, 800, 'end', false],
      ['#', 100, 800, 'end', false],
    ]);
    expect(starts[1]).toEqual({ digit: '2', event: 2, timestamp: 8000 + 170 * 8, ssrc: SSRC, payloadType: 101, unexpectedPayloadType: false, volume: 10, atMs: 1220 });
    expect(ends[0]).toMatchObject({ timestamp: 8000, volume: 10, atMs: 1100 });
    expect(receiver.stats).toMatchObject({ packets: 16, digits: 4, duplicates: 8, endsInferred: 0 });
  });

  it('counts the repeated end report once (§2.5.1.4): the repeats are duplicates', () => {
    const { receiver, ends } = recorder();
    expect(feed(receiver, sender.planDigits('7', 0).packets)).toEqual(['started', 'ended', 'duplicate', 'duplicate']);
    expect(ends).toHaveLength(1);
  });

  it('parses what comes off the wire (RtpPacket in)', () => {
    const { receiver, ends } = recorder();
    sender.planDigits('9', 0).packets.forEach((p, i) => {
      const wire = serializeRtpPacket({ ...p, sequenceNumber: 100 + i, ssrc: SSRC });
      receiver.receive(parseRtpPacket(wire), p.atMs);
    });
    expect(ends.map((e) => e.digit)).toEqual(['9']);
  });

  it('a lost first packet, or no M bit at all, still starts the event', () => {
    const { receiver, starts, ends } = recorder();
    const long = new DtmfSender({ payloadType: 101, durationMs: 300 });
    const [, ...rest] = long.planDigits('4', 0).packets; // the M packet is lost
    expect(feed(receiver, rest)[0]).toBe('started');
    const noMarker = long.planDigits('5', 8000, 1000).packets.map((p) => ({ ...p, marker: false }));
    feed(receiver, noMarker);
    expect(starts.map((s) => s.digit)).toEqual(['4', '5']);
    expect(ends.map((e) => [e.digit, e.durationMs])).toEqual([['4', 300], ['5', 300]]);
  });

  it('only an end report received: start and end together', () => {
    const { receiver, starts, ends } = recorder();
    const ends3 = sender.planDigits('*', 0).packets.filter((p) => p.end);
    expect(feed(receiver, ends3.slice(2))).toEqual(['ended']);
    expect(starts.map((s) => s.digit)).toEqual(['*']);
    expect(ends.map((e) => [e.digit, e.durationMs, e.endInferred])).toEqual([['*', 100, false]]);
  });

  it('updates out of order keep the longest duration', () => {
    const { receiver, ends } = recorder();
    const r = receiver;
    r.receive(packet(0, { event: 1, duration: 1200 }), 150);
    r.receive(packet(0, { event: 1, duration: 400 }), 160);
    r.receive(packet(0, { event: 1, duration: 800 }), 170);
    r.poll(10_000);
    expect(ends.map((e) => [e.duration, e.reason])).toEqual([[1200, 'timeout']]);
  });

  it('a new event before the end report ends the previous one, endInferred (lost end packets)', () => {
    const { receiver, starts, ends } = recorder();
    const noEnds = sender.planDigits('12', 0).packets.filter((p) => !(p.digit === '1' && p.end));
    feed(receiver, noEnds);
    expect(starts.map((s) => s.digit)).toEqual(['1', '2']);
    expect(ends.map((e) => [e.digit, e.reason, e.endInferred, e.duration])).toEqual([
      ['1', 'next-event', true, 400],
      ['2', 'end', false, 800],
    ]);
    expect(ends[0]!.atMs).toBe(220); // when digit 2's first packet came
    expect(receiver.stats.endsInferred).toBe(1);
  });

  it('poll ends an event without packets for timeoutMs; its late packets do not restart it', () => {
    const { receiver, ends } = recorder({ timeoutMs: 300 });
    const packets = sender.planDigits('8', 0, 0).packets;
    receiver.receive({ ...packets[0]!, ssrc: SSRC }, 50);
    expect(receiver.poll(349)).toBe(0);
    expect(ends).toHaveLength(0);
    expect(receiver.poll(350)).toBe(1);
    expect(ends.map((e) => [e.digit, e.reason, e.endInferred, e.duration, e.atMs])).toEqual([['8', 'timeout', true, 400, 350]]);
    expect(receiver.poll(10_000)).toBe(0);
    expect(receiver.receive({ ...packets[1]!, ssrc: SSRC }, 400).outcome).toBe('duplicate');
    expect(ends).toHaveLength(1);
  });

  it('every packet keeps an event alive: the timeout counts from the last one', () => {
    const { receiver, ends } = recorder({ timeoutMs: 300 });
    receiver.receive(packet(0, { event: 3, duration: 400 }), 0);
    receiver.receive(packet(0, { event: 3, duration: 800 }), 250);
    expect(receiver.poll(500)).toBe(0);
    expect(receiver.poll(550)).toBe(1);
    expect(ends[0]!.duration).toBe(800);
  });

  it('a long event split at 0xFFFF is one key press with the durations of all segments (§2.5.2.3)', () => {
    const { receiver, starts, ends } = recorder();
    const plan = sender.planEvent(5, 10_000, 1000, 0);
    const outcomes = feed(receiver, plan.packets);
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(1);
    expect(starts).toHaveLength(1);
    expect(ends.map((e) => [e.digit, e.timestamp, e.duration, e.durationMs, e.reason])).toEqual([['5', 1000, 80_000, 10_000, 'end']]);
  });

  it('a long event: segment finals lost, a whole segment lost, late segment-0 packets', () => {
    // 20 s at 8000 Hz = 160000 units: segments at +0, +65535, +131070.
    const plan = sender.planEvent(6, 20_000, 0, 0);
    const segment = (p: DtmfPlannedPacket) => Math.round(p.timestamp / 0xffff);
    {
      const { receiver, ends } = recorder();
      feed(receiver, plan.packets.filter((p) => p.duration !== 0xffff));
      expect(ends.map((e) => [e.duration, e.reason])).toEqual([[160_000, 'end']]);
    }
    {
      const { receiver, ends } = recorder();
      feed(receiver, plan.packets.filter((p) => segment(p) !== 1));
      expect(ends.map((e) => [e.duration, e.reason])).toEqual([[160_000, 'end']]);
    }
    {
      const { receiver, starts, ends } = recorder();
      const seg0 = plan.packets.filter((p) => segment(p) === 0);
      const others = plan.packets.filter((p) => segment(p) !== 0);
      const outcomes = feed(receiver, [seg0[0]!, others[0]!, ...seg0.slice(1), ...others.slice(1)]);
      expect(outcomes.slice(2, 2 + seg0.length - 1).every((o) => o === 'duplicate')).toBe(true);
      expect(starts).toHaveLength(1);
      expect(ends).toHaveLength(1);
    }
  });

  it('a packet on a payload type not negotiated is reported, marked unexpectedPayloadType', () => {
    const { receiver, starts, ends } = recorder({ payloadTypes: [101] });
    expect(receiver.isTelephoneEvent(101)).toBe(true);
    expect(receiver.isTelephoneEvent(96)).toBe(false);
    const plan = new DtmfSender({ payloadType: 96 }).planDigits('0', 0);
    feed(receiver, plan.packets);
    expect(starts.map((s) => [s.digit, s.payloadType, s.unexpectedPayloadType])).toEqual([['0', 96, true]]);
    expect(ends.map((e) => [e.digit, e.unexpectedPayloadType, e.durationMs])).toEqual([['0', true, 100]]);
    expect(receiver.stats.unexpectedPayloadType).toBe(4);
  });

  it('uses the clock rate of each payload type for durationMs', () => {
    const { receiver, ends } = recorder({ payloadTypes: [101, { payloadType: 110, clockRate: 48_000 }], clockRate: 16_000 });
    feed(receiver, new DtmfSender({ payloadType: 110, clockRate: 48_000 }).planDigits('1', 0).packets, 1);
    feed(receiver, new DtmfSender({ payloadType: 101, clockRate: 16_000 }).planDigits('2', 0).packets, 2);
    feed(receiver, new DtmfSender({ payloadType: 99, clockRate: 16_000 }).planDigits('3', 0).packets, 3);
    expect(ends.map((e) => [e.digit, e.duration, e.durationMs])).toEqual([['1', 4800, 100], ['2', 1600, 100], ['3', 1600, 100]]);
  });

  it('a malformed payload is the outcome malformed with an RtpError, never a throw, and changes nothing', () => {
    const { receiver, starts } = recorder();
    for (const n of [0, 3, 5]) {
      const r = receiver.receive({ payloadType: 101, timestamp: 0, ssrc: SSRC, payload: new Uint8Array(n) }, 0);
      expect(r.outcome).toBe('malformed');
      expect(r.error).toBeInstanceOf(RtpError);
      expect(r.error?.code).toBe('TRUNCATED');
      expect(r.reports).toEqual([]);
    }
    expect(starts).toHaveLength(0);
    expect(receiver.stats.malformed).toBe(3);
  });

  it('several reports in one packet (§2.5.1.5): all are returned, the first drives detection', () => {
    const { receiver, starts } = recorder();
    const payload = serializeTelephoneEvent([{ event: 1, end: true, volume: 10, duration: 800 }, { event: 2, volume: 10, duration: 160 }]);
    const r = receiver.receive({ payloadType: 101, timestamp: 0, ssrc: SSRC, payload }, 0);
    expect(r.outcome).toBe('ended');
    expect(r.reports.map((e) => e.event)).toEqual([1, 2]);
    expect(starts.map((s) => s.digit)).toEqual(['1']);
  });

  it('keeps SSRCs apart', () => {
    const { receiver, ends } = recorder();
    const a = sender.planDigits('12', 0, 0).packets;
    const b = sender.planDigits('34', 0, 0).packets;
    a.forEach((p, i) => {
      receiver.receive({ ...p, ssrc: 1 }, p.atMs);
      receiver.receive({ ...b[i]!, ssrc: 2 }, p.atMs);
    });
    expect(ends.map((e) => `${e.ssrc}:${e.digit}`)).toEqual(['1:1', '2:3', '1:2', '2:4']);
    expect(ends.every((e) => !e.endInferred)).toBe(true);
  });

  it('a report older than the newest event is late: digits stay in order', () => {
    const { receiver, starts } = recorder();
    expect(receiver.receive(packet(16_000, { event: 2, duration: 400 }), 0).outcome).toBe('started');
    expect(receiver.receive(packet(8000, { event: 1, duration: 400 }), 10).outcome).toBe('late');
    expect(starts.map((s) => s.digit)).toEqual(['2']);
    expect(receiver.stats.late).toBe(1);
  });

  it('RTP timestamps wrapping past 2^32 are newer, not late', () => {
    const { receiver, ends } = recorder();
    feed(receiver, sender.planDigits('159', 0xffff_fc00, 0).packets);
    expect(ends.map((e) => [e.digit, e.endInferred])).toEqual([['1', false], ['5', false], ['9', false]]);
  });

  it('the same timestamp with another event code is a new event', () => {
    const { receiver, ends } = recorder();
    receiver.receive(packet(0, { event: 1, duration: 400 }), 0);
    expect(receiver.receive(packet(0, { event: 2, duration: 400 }), 50).outcome).toBe('started');
    expect(ends.map((e) => [e.digit, e.reason])).toEqual([['1', 'next-event']]);
  });

  it('forget ends the event of an SSRC and drops its state', () => {
    const { receiver, ends } = recorder();
    receiver.receive(packet(8000, { event: 4, duration: 400 }), 0);
    receiver.forget(SSRC, 20);
    expect(ends.map((e) => [e.digit, e.reason, e.atMs])).toEqual([['4', 'timeout', 20]]);
    // Forgotten: an older timestamp is no longer late.
    expect(receiver.receive(packet(0, { event: 1, duration: 400 }), 30).outcome).toBe('started');
  });

  it('rejects bad options and times with RangeError', () => {
    expect(() => new DtmfReceiver({ payloadTypes: [128] })).toThrow(RangeError);
    expect(() => new DtmfReceiver({ payloadTypes: [{ payloadType: 101, clockRate: 0 }] })).toThrow(RangeError);
    expect(() => new DtmfReceiver({ payloadTypes: [101], clockRate: -8000 })).toThrow(RangeError);
    expect(() => new DtmfReceiver({ payloadTypes: [101], timeoutMs: 0 })).toThrow(RangeError);
    const r = new DtmfReceiver({ payloadTypes: [101] });
    expect(() => r.receive(packet(0, { event: 1, duration: 0 }), Number.NaN)).toThrow(RangeError);
    expect(() => r.poll(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('DtmfReceiver under loss, duplication and reordering (property)', () => {
  /**
   * For each event: keep a random subset of its packets (never dropping all three end reports),
   * duplicate some, shuffle them; also replay random packets of earlier events later on. Events stay
   * in order with respect to each other, as with jitter smaller than the pause between digits.
   */
  const scenario = fc
    .record({
      digits: fc.stringMatching(/^[0-9*#A-D]{1,10}$/),
      durationMs: fc.integer({ min: 40, max: 300 }),
      pauseMs: fc.integer({ min: 30, max: 200 }),
      packetIntervalMs: fc.constantFrom(20, 50),
      clockRate: fc.constantFrom(8000, 48_000),
      ts: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    })
    .chain((s) => {
      const plan = new DtmfSender({ payloadType: 101, ...s }).planDigits(s.digits, s.ts, 0);
      const groups = new Map<number, DtmfPlannedPacket[]>();
      for (const p of plan.packets) {
        groups.set(p.timestamp, [...(groups.get(p.timestamp) ?? []), p]);
      }
      const events = [...groups.values()];
      const perEvent = events.map((g) =>
        fc.record({
          keep: fc.array(fc.boolean(), { minLength: g.length, maxLength: g.length }),
          keepEnd: fc.integer({ min: 0, max: 2 }),
          copies: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: g.length, maxLength: g.length }),
          order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3 * g.length, maxLength: 3 * g.length }),
          replays: fc.array(fc.nat(), { maxLength: 3 }),
        }),
      );
      return fc.tuple(fc.constant(s), fc.constant(events), fc.tuple(...perEvent));
    });

  it('still reports the same digits in order, each once, ended by its end report', () => {
    fc.assert(
      fc.property(scenario, ([s, events, choices]) => {
        const arrival: DtmfPlannedPacket[] = [];
        events.forEach((g, i) => {
          const c = choices[i]!;
          const ends = g.filter((p) => p.end);
          const kept = g.filter((p, j) => c.keep[j] || p === ends[c.keepEnd]);
          const withCopies = kept.flatMap((p) => Array<DtmfPlannedPacket>(1 + (c.copies[g.indexOf(p)] ?? 0)).fill(p));
          // Replays of packets of earlier events (late duplicates).
          const earlier = events.slice(0, i).flat();
          const replays = earlier.length === 0 ? [] : c.replays.map((n) => earlier[n % earlier.length]!);
          const all = [...withCopies, ...replays];
          const keyed = all.map((p, j) => ({ p, k: c.order[j] ?? 0 }));
          keyed.sort((a, b) => a.k - b.k);
          arrival.push(...keyed.map((x) => x.p));
        });
        const { receiver, starts, ends } = recorder();
        arrival.forEach((p, i) => receiver.receive({ ...p, ssrc: SSRC }, i));
        receiver.poll(1e12);
        expect(starts.map((x) => x.digit).join('')).toBe(s.digits);
        expect(ends.map((x) => x.digit).join('')).toBe(s.digits);
        expect(ends.every((x) => x.reason === 'end')).toBe(true);
        const full = Math.round((s.durationMs * s.clockRate) / 1000);
        expect(ends.every((x) => x.duration === full)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a long event through loss and reordering within its segments is one key press', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8300, max: 30_000 }),
        fc.array(fc.boolean(), { minLength: 700, maxLength: 700 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 700, maxLength: 700 }),
        (durationMs, keep, keepEnd, order) => {
          const plan = sender.planEvent(11, durationMs, 0, 0);
          const ends = plan.packets.filter((p) => p.end);
          const kept = plan.packets.filter((p, j) => keep[j % keep.length] || p === ends[keepEnd]);
          // Shuffle within each segment; segments in order.
          const bySegment = new Map<number, { p: DtmfPlannedPacket; k: number }[]>();
          kept.forEach((p, j) => bySegment.set(p.timestamp, [...(bySegment.get(p.timestamp) ?? []), { p, k: order[j % order.length]! }]));
          const arrival = [...bySegment.values()].flatMap((seg) => [...seg].sort((a, b) => a.k - b.k).map((x) => x.p));
          const { receiver, starts, ends: got } = recorder();
          arrival.forEach((p, i) => receiver.receive({ ...p, ssrc: SSRC }, i));
          receiver.poll(1e12);
          expect(starts.map((x) => x.digit)).toEqual(['#']);
          expect(got.map((x) => [x.digit, x.reason])).toEqual([['#', 'end']]);
          // All of it counted when the first segment was heard at all.
          if (arrival[0]!.timestamp === 0) {
            expect(got[0]!.duration).toBe(durationMs * 8);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
