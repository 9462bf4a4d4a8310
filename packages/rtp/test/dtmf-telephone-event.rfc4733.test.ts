import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DTMF_DIGITS,
  RtpError,
  dtmfDigit,
  dtmfEventCode,
  parseTelephoneEvent,
  parseTelephoneEvents,
  serializeTelephoneEvent,
  serializeTelephoneEventInto,
  telephoneEventByteLength,
  type TelephoneEventInit,
} from '../src/index.js';

// RFC 4733 §2.3: | event (8) | E | R | volume (6) | duration (16) |
describe('telephone-event payload (RFC 4733 §2.3)', () => {
  it('parses every field of a report', () => {
    // event 5, E=1, R=0, volume 10, duration 800.
    expect(parseTelephoneEvent(Uint8Array.of(0x05, 0x8a, 0x03, 0x20))).toEqual({ event: 5, end: true, reserved: false, volume: 10, duration: 800 });
    // event 255, E=0, R=1, volume 63, duration 65535.
    expect(parseTelephoneEvent(Uint8Array.of(0xff, 0x7f, 0xff, 0xff))).toEqual({ event: 255, end: false, reserved: true, volume: 63, duration: 65535 });
    // All zero.
    expect(parseTelephoneEvent(new Uint8Array(4))).toEqual({ event: 0, end: false, reserved: false, volume: 0, duration: 0 });
  });

  it('the E bit, the R bit and the volume do not leak into each other', () => {
    expect(parseTelephoneEvent(Uint8Array.of(1, 0x80, 0, 0))).toMatchObject({ end: true, reserved: false, volume: 0 });
    expect(parseTelephoneEvent(Uint8Array.of(1, 0x40, 0, 0))).toMatchObject({ end: false, reserved: true, volume: 0 });
    expect(parseTelephoneEvent(Uint8Array.of(1, 0x3f, 0, 0))).toMatchObject({ end: false, reserved: false, volume: 63 });
  });

  it('a payload under 4 bytes is an RtpError TRUNCATED at offset 0', () => {
    for (const n of [0, 1, 2, 3]) {
      const e = (() => {
        try {
          parseTelephoneEvent(new Uint8Array(n));
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(RtpError);
      expect(e).toMatchObject({ code: 'TRUNCATED', offset: 0 });
    }
  });

  it('parseTelephoneEvent reads the first of several reports; parseTelephoneEvents reads all (§2.5.1.5)', () => {
    const payload = Uint8Array.of(1, 0x8a, 0x03, 0x20, 2, 0x0a, 0x00, 0xa0, 16, 0x00, 0x00, 0x50);
    expect(parseTelephoneEvent(payload)).toMatchObject({ event: 1, end: true, duration: 800 });
    expect(parseTelephoneEvents(payload)).toEqual([
      { event: 1, end: true, reserved: false, volume: 10, duration: 800 },
      { event: 2, end: false, reserved: false, volume: 10, duration: 160 },
      { event: 16, end: false, reserved: false, volume: 0, duration: 80 },
    ]);
  });

  it('parseTelephoneEvents rejects a payload that ends inside a report, with the offset of that report', () => {
    expect(() => parseTelephoneEvents(new Uint8Array(0))).toThrow(expect.objectContaining({ name: 'RtpError', code: 'TRUNCATED', offset: 0 }));
    expect(() => parseTelephoneEvents(new Uint8Array(3))).toThrow(expect.objectContaining({ code: 'TRUNCATED', offset: 0 }));
    expect(() => parseTelephoneEvents(new Uint8Array(6))).toThrow(expect.objectContaining({ code: 'TRUNCATED', offset: 4 }));
    expect(() => parseTelephoneEvents(new Uint8Array(11))).toThrow(expect.objectContaining({ code: 'TRUNCATED', offset: 8 }));
    // The first report alone still parses.
    expect(parseTelephoneEvent(new Uint8Array(6)).event).toBe(0);
  });

  it('serializes the fields into the right bits; R is always 0 (§2.3.3)', () => {
    expect(Array.from(serializeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 }))).toEqual([0x05, 0x8a, 0x03, 0x20]);
    expect(Array.from(serializeTelephoneEvent({ event: 255, volume: 63, duration: 65535 }))).toEqual([0xff, 0x3f, 0xff, 0xff]);
    expect(Array.from(serializeTelephoneEvent({ event: 0, duration: 0 }))).toEqual([0, 0, 0, 0]);
    expect(Array.from(serializeTelephoneEvent([{ event: 1, end: true, duration: 1 }, { event: 2, duration: 256 }]))).toEqual([1, 0x80, 0, 1, 2, 0, 1, 0]);
  });

  it('measures 4 bytes per report and writes at an offset without touching the rest', () => {
    expect(telephoneEventByteLength({ event: 1, duration: 0 })).toBe(4);
    expect(telephoneEventByteLength([{ event: 1, duration: 0 }, { event: 2, duration: 0 }, { event: 3, duration: 0 }])).toBe(12);
    const out = new Uint8Array(10).fill(0xee);
    expect(serializeTelephoneEventInto({ event: 9, end: true, volume: 1, duration: 0x1234 }, out, 3)).toBe(4);
    expect(Array.from(out)).toEqual([0xee, 0xee, 0xee, 9, 0x81, 0x12, 0x34, 0xee, 0xee, 0xee]);
  });

  it('rejects fields out of range, no reports, and a small buffer with RangeError', () => {
    const bad: TelephoneEventInit[] = [
      { event: 256, duration: 0 },
      { event: -1, duration: 0 },
      { event: 1.5, duration: 0 },
      { event: 1, volume: 64, duration: 0 },
      { event: 1, volume: -1, duration: 0 },
      { event: 1, duration: 65536 },
      { event: 1, duration: -1 },
      { event: 1, duration: Number.NaN },
    ];
    for (const e of bad) {
      expect(() => serializeTelephoneEvent(e)).toThrow(RangeError);
    }
    expect(() => serializeTelephoneEvent([{ event: 1, duration: 0 }, { event: 1, duration: 70000 }])).toThrow(/report 1/);
    expect(() => serializeTelephoneEvent([])).toThrow(RangeError);
    expect(() => serializeTelephoneEventInto({ event: 1, duration: 0 }, new Uint8Array(3))).toThrow(RangeError);
    expect(() => serializeTelephoneEventInto({ event: 1, duration: 0 }, new Uint8Array(8), 5)).toThrow(RangeError);
  });

  it('round-trips any reports (property)', () => {
    const report = fc.record({
      event: fc.integer({ min: 0, max: 255 }),
      end: fc.boolean(),
      volume: fc.integer({ min: 0, max: 63 }),
      duration: fc.integer({ min: 0, max: 65535 }),
    });
    fc.assert(
      fc.property(fc.array(report, { minLength: 1, maxLength: 8 }), (reports) => {
        const bytes = serializeTelephoneEvent(reports);
        expect(bytes.length).toBe(4 * reports.length);
        expect(parseTelephoneEvents(bytes)).toEqual(reports.map((r) => ({ ...r, reserved: false })));
        expect(parseTelephoneEvent(bytes)).toEqual({ ...reports[0], reserved: false });
      }),
    );
  });

  it('parses any bytes of a whole number of reports without throwing, and re-serializes them (R cleared)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.uint8Array({ minLength: 4 * n, maxLength: 4 * n })), (bytes) => {
        const again = serializeTelephoneEvent(parseTelephoneEvents(bytes));
        expect(Array.from(again)).toEqual(Array.from(bytes, (b, i) => (i % 4 === 1 ? b & ~0x40 : b)));
      }),
    );
  });
});

describe('DTMF digits (RFC 4733 §3.2)', () => {
  it('maps 0-9, *, #, A-D to event codes 0-15 and back', () => {
    const table: [string, number][] = [
      ['0', 0], ['1', 1], ['2', 2], ['3', 3], ['4', 4], ['5', 5], ['6', 6], ['7', 7], ['8', 8], ['9', 9],
      ['*', 10], ['#', 11], ['A', 12], ['B', 13], ['C', 14], ['D', 15],
    ];
    for (const [digit, code] of table) {
      expect(dtmfEventCode(digit)).toBe(code);
      expect(dtmfDigit(code)).toBe(digit);
      expect(DTMF_DIGITS[code]).toBe(digit);
    }
    expect(DTMF_DIGITS).toHaveLength(16);
  });

  it('accepts lower-case a-d', () => {
    expect(['a', 'b', 'c', 'd'].map(dtmfEventCode)).toEqual([12, 13, 14, 15]);
  });

  it('rejects anything else with RangeError (TypeError for a non-string)', () => {
    for (const bad of ['', 'E', 'e', '10', '**', ' ', 'F', '+', ',', 'ß']) {
      expect(() => dtmfEventCode(bad)).toThrow(RangeError);
    }
    expect(() => dtmfEventCode(5 as unknown as string)).toThrow(TypeError);
  });

  it('events 16-255 are not digits; codes outside 0-255 are RangeError', () => {
    expect(dtmfDigit(16)).toBeUndefined();
    expect(dtmfDigit(255)).toBeUndefined();
    for (const bad of [-1, 256, 1.5, Number.NaN]) {
      expect(() => dtmfDigit(bad)).toThrow(RangeError);
    }
  });
});
