import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_DROPOUT,
  RtpReceiverStatistics,
  RtpSenderStatistics,
  RtpSequenceTracker,
  ntpMiddle32,
  ntpTimestampFromUnixMs,
  unixMsFromNtpTimestamp,
  parseRtcpCompound,
  serializeRtcpCompound,
} from '../src/index.js';
import { ReferenceSource } from './helpers/reference-a1.js';

const feed = (stats: RtpReceiverStatistics, seqs: readonly number[], ssrc = 7): boolean[] =>
  seqs.map((s, i) => stats.receive({ sequenceNumber: s & 0xffff, timestamp: (s * 160) >>> 0, ssrc }, i * 20));

describe('RFC 3550 A.1 sequence validation', () => {
  it('probation: the first packet is not counted, the second in sequence validates the source', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    expect(feed(stats, [100, 101, 102])).toEqual([false, true, true]);
    expect(stats.packetsReceived).toBe(2);
    expect(stats.packetsLost).toBe(0);
    expect(stats.extendedHighestSequence).toBe(102);
  });
  it('probation restarts on an out-of-sequence packet', () => {
    const t = new RtpSequenceTracker(100);
    expect(t.update(100)).toBe(false);
    expect(t.update(105)).toBe(false); // not 101: probation = MIN_SEQUENTIAL - 1, max = 105
    expect(t.valid).toBe(false);
    expect(t.update(106)).toBe(true);
    expect(t.baseSeq).toBe(106);
  });
  it('probation restarts at the instance\'s minSequential, not the default (#14.2)', () => {
    const t = new RtpSequenceTracker(100, 5);
    expect([100, 101].map((s) => t.update(s))).toEqual([false, false]);
    expect(t.update(200)).toBe(false); // out of sequence: probation = 5 - 1 from here
    expect([201, 202, 203].map((s) => t.update(s))).toEqual([false, false, false]);
    expect(t.valid).toBe(false);
    expect(t.update(204)).toBe(true);
    expect(t.valid).toBe(true);
  });
  it('probation across the 65535 → 0 wrap (the A.1 C code would miss it)', () => {
    const t = new RtpSequenceTracker(65535);
    expect([t.update(65535), t.update(0)]).toEqual([false, true]);
  });
  it('counts sequence cycles into the extended highest sequence number', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    feed(stats, [65533, 65534, 65535, 0, 1]);
    expect(stats.extendedHighestSequence).toBe(65536 + 1);
    expect(stats.packetsReceived).toBe(4);
    expect(stats.packetsLost).toBe(0);
  });
  it('a jump larger than MAX_DROPOUT is accepted only when the next packet confirms it (bad_seq)', () => {
    const t = new RtpSequenceTracker(10);
    [10, 11, 12].forEach((s) => t.update(s));
    expect(t.update(12 + MAX_DROPOUT + 5)).toBe(false); // bad_seq = that + 1
    expect(t.update(13)).toBe(true); // the old stream goes on: no restart
    expect(t.extendedHighestSequence).toBe(13);
    expect(t.update(20_000)).toBe(false);
    expect(t.update(20_001)).toBe(true); // confirmed: restart (init_seq)
    expect(t.baseSeq).toBe(20_001);
    expect(t.received).toBe(1);
    expect(t.extendedHighestSequence).toBe(20_001);
  });
  it('a jump just under MAX_DROPOUT is loss, not a restart', () => {
    const t = new RtpSequenceTracker(10);
    [10, 11].forEach((s) => t.update(s));
    expect(t.update(11 + MAX_DROPOUT - 1)).toBe(true);
    expect(t.lost).toBe(MAX_DROPOUT - 2);
  });
  it('reordering within MAX_MISORDER is counted without moving max_seq; further back is a bad jump', () => {
    const t = new RtpSequenceTracker(1000);
    [1000, 1001, 1002, 1003].forEach((s) => t.update(s));
    expect(t.update(1003 - 99)).toBe(true); // udelta 65437 > RTP_SEQ_MOD - MAX_MISORDER: reordered
    expect(t.extendedHighestSequence).toBe(1003);
    expect(t.received).toBe(4);
    expect(t.update(1003 - 100)).toBe(false); // udelta 65436: a jump candidate, not counted
    expect(t.received).toBe(4);
  });
  it('duplicates make cumulative loss negative (A.3)', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    feed(stats, [1, 2, 3, 3, 3]);
    expect(stats.packetsLost).toBe(-2);
    expect(stats.reportBlock(0).cumulativeLost).toBe(-2);
  });
  it('ignores other SSRCs once locked on one', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000, ssrc: 9 });
    expect(feed(stats, [1, 2], 8)).toEqual([false, false]);
    expect(stats.ssrc).toBe(9);
    expect(stats.packetsReceived).toBe(0);
  });
});

describe('RFC 3550 A.3 fraction lost and cumulative loss', () => {
  it('fraction lost is (lost in interval × 256) / expected in interval, per report', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    // 1 validates probation (counted from 2); 2..11 expected = 10, 2 of them missing.
    feed(stats, [1, 2, 3, 4, 6, 7, 8, 10, 11]);
    const first = stats.reportBlock(0);
    expect(stats.packetsExpected).toBe(10);
    expect(first.cumulativeLost).toBe(2);
    expect(first.fractionLost).toBe(Math.floor((2 * 256) / 10)); // 51
    expect(first.highestSequence).toBe(11);
    // Next interval: 12..15 all present → 0, cumulative unchanged.
    feed(stats, [12, 13, 14, 15]);
    expect(stats.reportBlock(0)).toMatchObject({ fractionLost: 0, cumulativeLost: 2 });
    // Next interval: 16..25 expected, only 25 arrives → 9 of 10 lost → 230.
    feed(stats, [25]);
    expect(stats.reportBlock(0)).toMatchObject({ fractionLost: Math.floor((9 * 256) / 10), cumulativeLost: 11 });
    // Duplicates in an interval: lost_interval <= 0 → 0.
    feed(stats, [25, 25]);
    expect(stats.reportBlock(0).fractionLost).toBe(0);
  });
  it('before any packet the block is all zeros', () => {
    expect(new RtpReceiverStatistics({ clockRate: 8000 }).reportBlock(5)).toEqual({
      ssrc: 0, fractionLost: 0, cumulativeLost: 0, highestSequence: 0, jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0,
    });
  });
  it('fraction lost stays 0..255 and cumulative within 24 bits for any arrival pattern', () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }), (seqs) => {
        const stats = new RtpReceiverStatistics({ clockRate: 8000 });
        seqs.forEach((s, i) => stats.receive({ sequenceNumber: s, timestamp: i * 160, ssrc: 1 }, i * 20));
        const b = stats.reportBlock(0);
        expect(b.fractionLost).toBeGreaterThanOrEqual(0);
        expect(b.fractionLost).toBeLessThanOrEqual(255);
        expect(Math.abs(b.cumulativeLost)).toBeLessThan(0x800000);
        // The block always serializes (no field out of range).
        expect(parseRtcpCompound(serializeRtcpCompound([{ type: 'RR', ssrc: 2, reports: [b] }]))).toHaveLength(1);
      }),
      { numRuns: 200 },
    ));
});

describe('RFC 3550 A.8 interarrival jitter', () => {
  it('is 0 for a constant network delay, whatever the delay', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    for (let i = 0; i < 50; i++) {
      stats.receive({ sequenceNumber: i, timestamp: i * 160, ssrc: 1 }, 1234.5 + i * 20);
    }
    expect(stats.jitter).toBeCloseTo(0, 9);
  });
  it('follows J += (|D| - J) / 16 in timestamp units (arrival converted at the clock rate)', () => {
    // Delays alternate 0 / 10 ms: |D| = 10 ms = 80 units at 8 kHz every packet after the first.
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    const n = 30;
    for (let i = 0; i < n; i++) {
      stats.receive({ sequenceNumber: i, timestamp: i * 160, ssrc: 1 }, i * 20 + (i % 2) * 10);
    }
    const expected = 80 * (1 - (15 / 16) ** (n - 1));
    expect(stats.jitter).toBeCloseTo(expected, 6);
    expect(stats.reportBlock(0).jitter).toBe(Math.floor(expected));
    // Same pattern at 48 kHz: 10 ms = 480 units.
    const opus = new RtpReceiverStatistics({ clockRate: 48000 });
    for (let i = 0; i < n; i++) {
      opus.receive({ sequenceNumber: i, timestamp: i * 960, ssrc: 1 }, i * 20 + (i % 2) * 10);
    }
    expect(opus.jitter).toBeCloseTo(480 * (1 - (15 / 16) ** (n - 1)), 6);
  });
  it('is not disturbed by the RTP timestamp wrapping around 2^32', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    const start = 2 ** 32 - 160 * 5;
    for (let i = 0; i < 10; i++) {
      stats.receive({ sequenceNumber: i, timestamp: (start + i * 160) % 2 ** 32, ssrc: 1 }, i * 20);
    }
    expect(stats.jitter).toBeCloseTo(0, 9);
  });
});

describe('RFC 3550 §6.4.1 LSR / DLSR and sender reports', () => {
  it('LSR is the middle 32 bits of the last SR NTP timestamp, DLSR in 1/65536 s', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    feed(stats, [1, 2]);
    stats.senderReportReceived(
      { type: 'SR', ssrc: 7, ntpTimestamp: 0xe65f2b8a80000000n, rtpTimestamp: 0, packetCount: 0, octetCount: 0, reports: [] },
      1000,
    );
    const b = stats.reportBlock(2500);
    expect(b.lastSenderReport).toBe(0x2b8a8000);
    expect(b.delaySinceLastSenderReport).toBe(1.5 * 65536);
    expect(b.ssrc).toBe(7);
  });
  it('a non-finite clock never yields an unserializable block', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000 });
    feed(stats, [1, 2]);
    stats.receive({ sequenceNumber: 3, timestamp: 480, ssrc: 7 }, Number.NaN);
    stats.senderReportReceived({ type: 'SR', ssrc: 7, ntpTimestamp: 1n << 48n, rtpTimestamp: 0, packetCount: 0, octetCount: 0, reports: [] }, 0);
    const b = stats.reportBlock(Number.NaN);
    expect(b.delaySinceLastSenderReport).toBe(0);
    expect(parseRtcpCompound(serializeRtcpCompound([{ type: 'RR', ssrc: 1, reports: [b] }]))).toHaveLength(1);
  });
  it('an SR from another source is ignored', () => {
    const stats = new RtpReceiverStatistics({ clockRate: 8000, ssrc: 7 });
    stats.senderReportReceived({ type: 'SR', ssrc: 8, ntpTimestamp: 1n << 40n, rtpTimestamp: 0, packetCount: 0, octetCount: 0, reports: [] }, 0);
    expect(stats.reportBlock(10)).toMatchObject({ lastSenderReport: 0, delaySinceLastSenderReport: 0 });
  });
  it('NTP conversion: Unix epoch, fractions, middle 32 bits', () => {
    expect(ntpTimestampFromUnixMs(0)).toBe(2208988800n << 32n);
    expect(ntpTimestampFromUnixMs(1500)).toBe(((2208988800n + 1n) << 32n) | 0x80000000n);
    expect(ntpMiddle32(ntpTimestampFromUnixMs(1500))).toBe((((2208988800 + 1) & 0xffff) * 65536 + 0x8000) >>> 0);
    expect(unixMsFromNtpTimestamp(ntpTimestampFromUnixMs(1_764_150_000_123))).toBeCloseTo(1_764_150_000_123, 3);
  });
  it('sender report: counts payload octets, extrapolates the RTP timestamp to the report time', () => {
    const tx = new RtpSenderStatistics({ ssrc: 0x1234, clockRate: 8000 });
    const t0 = 1_764_150_000_000;
    for (let i = 0; i < 3; i++) {
      tx.sent({ timestamp: 1000 + i * 160, payload: new Uint8Array(160) }, t0 + i * 20);
    }
    const sr = tx.senderReport(t0 + 100, []);
    expect(sr).toEqual({
      type: 'SR', ssrc: 0x1234, ntpTimestamp: ntpTimestampFromUnixMs(t0 + 100),
      rtpTimestamp: 1000 + 320 + 60 * 8, packetCount: 3, octetCount: 480, reports: [],
    });
    expect(tx.packetsSent).toBe(3);
    expect(tx.octetsSent).toBe(480);
    // and it serializes / parses back
    expect(parseRtcpCompound(serializeRtcpCompound([sr]))).toEqual([sr]);
  });
  it('RTP timestamp extrapolation wraps modulo 2^32', () => {
    const tx = new RtpSenderStatistics({ ssrc: 1, clockRate: 8000 });
    tx.sent({ timestamp: 0xffffff00, payload: new Uint8Array(1) }, 0);
    expect(tx.senderReport(100).rtpTimestamp).toBe((0xffffff00 + 800) % 2 ** 32);
  });
  it('caller mistakes are RangeError', () => {
    expect(() => new RtpReceiverStatistics({ clockRate: 0 })).toThrow(RangeError);
    expect(() => new RtpSenderStatistics({ ssrc: -1, clockRate: 8000 })).toThrow(RangeError);
  });
});

describe('cross-check against the RFC 3550 A.1/A.3/A.8 C code transliterated in test/helpers', () => {
  // Streams that mix in-order runs, gaps, duplicates, reordering, big jumps and restarts.
  const step = fc.oneof(
    { weight: 20, arbitrary: fc.constant(1) },
    { weight: 3, arbitrary: fc.integer({ min: 2, max: 40 }) },
    { weight: 2, arbitrary: fc.integer({ min: -120, max: 0 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2000, max: 65_535 }) },
  );
  it('same counted/not-counted decisions, extended max, cumulative and fraction lost, and jitter (±1)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(fc.tuple(step, fc.integer({ min: 0, max: 400 }), fc.boolean()), { minLength: 1, maxLength: 300 }),
        (start, steps) => {
          const ours = new RtpReceiverStatistics({ clockRate: 8000 });
          const ref = new ReferenceSource();
          let seq = start;
          let arrival = 0; // in timestamp units (8 kHz), integer so both forms see the same input
          steps.forEach(([delta, jitterUnits, report], i) => {
            seq = (seq + delta) & 0xffff;
            arrival += 160 + jitterUnits - 200;
            const ts = (seq * 160) >>> 0;
            expect(ours.receive({ sequenceNumber: seq, timestamp: ts, ssrc: 5 }, (arrival * 1000) / 8000)).toBe(ref.update_seq(seq));
            ref.update_jitter(arrival, ts, i === 0);
            if (report) {
              const a = ours.reportBlock(0);
              const b = ref.report();
              expect([a.highestSequence, a.cumulativeLost, a.fractionLost]).toEqual([b.extendedMax >>> 0, b.lost, b.fraction]);
              expect(Math.abs(a.jitter - b.jitter)).toBeLessThanOrEqual(1);
            }
          });
        },
      ),
      { numRuns: 300 },
    ));
});
