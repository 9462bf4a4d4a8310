import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hex, toHex } from './helpers/hex.js';
import {
  RtpError,
  buildHeaderExtension,
  getHeaderExtensionElement,
  headerExtensionForm,
  parseHeaderExtensionElements,
  parseRtpPacket,
  removeHeaderExtensionElement,
  serializeRtpPacket,
  setHeaderExtensionElement,
  type RtpHeaderExtension,
} from '../src/index.js';

// RFC 8285 §4.2 one-byte form: ID 1 (1 byte), padding byte, ID 2 (3 bytes) ... aligned to 4.
const ONE_BYTE: RtpHeaderExtension = { profile: 0xbede, data: hex('10 ff 00 22 01 02 03 00') };
// RFC 8285 §4.3 two-byte form with app bits 5: ID 20 (0 bytes), ID 5 (3 bytes "abc").
const TWO_BYTE: RtpHeaderExtension = { profile: 0x1005, data: hex('14 00 05 03 61 62 63 00') };

describe('RFC 8285 §4.2 one-byte elements', () => {
  it('parses elements, skipping padding bytes (ID 0)', () => {
    const els = parseHeaderExtensionElements(ONE_BYTE);
    expect(els.map((e) => [e.id, toHex(e.data)])).toEqual([[1, 'ff'], [2, '010203']]);
    expect(els[0]?.data.buffer).toBe(ONE_BYTE.data.buffer); // views
  });
  it('skips a one-byte header with ID 0 and a nonzero length as padding, so set() still works on it', () => {
    const odd = { profile: 0xbede, data: hex('05 10 ff 00') };
    expect(parseHeaderExtensionElements(odd).map((e) => [e.id, toHex(e.data)])).toEqual([[1, 'ff']]);
    expect(getHeaderExtensionElement(setHeaderExtensionElement(odd, 2, hex('01')), 1)).toEqual(hex('ff'));
  });
  it('set() on an extension where the remote repeated an ID keeps the first and does not throw', () => {
    const dup = { profile: 0xbede, data: hex('10 aa 10 bb') };
    const ext = setHeaderExtensionElement(dup, 2, hex('cc'));
    expect(parseHeaderExtensionElements(ext).map((e) => [e.id, toHex(e.data)])).toEqual([[1, 'aa'], [2, 'cc']]);
  });
  it('stops at ID 15', () => {
    const els = parseHeaderExtensionElements({ profile: 0xbede, data: hex('10 ff f0 22 01 02 03 00') });
    expect(els.map((e) => e.id)).toEqual([1]);
  });
  it('malformed twin: element length past the end', () => {
    expect(() => parseHeaderExtensionElements({ profile: 0xbede, data: hex('10 ff 00 25 01 02 03 00') })).toThrow(
      expect.objectContaining({ code: 'BAD_EXTENSION_ELEMENT', offset: 3 }),
    );
  });
  it('get by id', () => {
    expect(toHex(getHeaderExtensionElement(ONE_BYTE, 2) ?? new Uint8Array())).toBe('010203');
    expect(getHeaderExtensionElement(ONE_BYTE, 3)).toBeUndefined();
    expect(getHeaderExtensionElement(undefined, 1)).toBeUndefined();
    expect(getHeaderExtensionElement({ profile: 0x1234, data: new Uint8Array(4) }, 1)).toBeUndefined();
  });
});

describe('RFC 8285 §4.3 two-byte elements', () => {
  it('parses elements including zero-length ones', () => {
    expect(headerExtensionForm(TWO_BYTE.profile)).toBe('two-byte');
    const els = parseHeaderExtensionElements(TWO_BYTE);
    expect(els.map((e) => [e.id, toHex(e.data)])).toEqual([[20, ''], [5, '616263']]);
  });
  it('malformed twins: length past the end, missing length byte', () => {
    expect(() => parseHeaderExtensionElements({ profile: 0x1000, data: hex('05 09 61 62') })).toThrow(RtpError);
    expect(() => parseHeaderExtensionElements({ profile: 0x1000, data: hex('00 00 00 05') })).toThrow(
      expect.objectContaining({ code: 'BAD_EXTENSION_ELEMENT' }),
    );
  });
  it('a non-RFC 8285 profile is BAD_EXTENSION_PROFILE', () =>
    expect(() => parseHeaderExtensionElements({ profile: 0xabac, data: new Uint8Array(4) })).toThrow(
      expect.objectContaining({ code: 'BAD_EXTENSION_PROFILE' }),
    ));
});

describe('set / remove', () => {
  it('sets a one-byte element, padded to 4 bytes, and the packet carries it', () => {
    const ext = setHeaderExtensionElement(undefined, 3, hex('aabb'));
    expect(ext.profile).toBe(0xbede);
    expect(toHex(ext.data)).toBe('31aabb00');
    const bytes = serializeRtpPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: hex('ff'), extension: ext });
    expect(toHex(getHeaderExtensionElement(parseRtpPacket(bytes).extension, 3) ?? new Uint8Array())).toBe('aabb');
  });
  it('replaces in place and keeps order', () => {
    const ext = setHeaderExtensionElement(ONE_BYTE, 1, hex('0102'));
    expect(parseHeaderExtensionElements(ext).map((e) => [e.id, toHex(e.data)])).toEqual([[1, '0102'], [2, '010203']]);
  });
  it('switches to two-byte for ID > 14, an empty value, or more than 16 bytes', () => {
    expect(setHeaderExtensionElement(ONE_BYTE, 15, hex('01')).profile).toBe(0x1000);
    expect(setHeaderExtensionElement(ONE_BYTE, 4, new Uint8Array(0)).profile).toBe(0x1000);
    const big = setHeaderExtensionElement(ONE_BYTE, 4, new Uint8Array(17).fill(7));
    expect(big.profile).toBe(0x1000);
    expect(getHeaderExtensionElement(big, 4)).toEqual(new Uint8Array(17).fill(7));
    expect(getHeaderExtensionElement(big, 2)).toEqual(hex('010203'));
  });
  it('a two-byte extension stays two-byte and keeps its app bits', () => {
    const ext = setHeaderExtensionElement(TWO_BYTE, 1, hex('09'));
    expect(ext.profile).toBe(0x1005);
    expect(getHeaderExtensionElement(ext, 1)).toEqual(hex('09'));
  });
  it('removes, and removing the last element gives undefined', () => {
    const ext = removeHeaderExtensionElement(ONE_BYTE, 1);
    expect(parseHeaderExtensionElements(ext!).map((e) => e.id)).toEqual([2]);
    expect(removeHeaderExtensionElement(ext, 2)).toBeUndefined();
  });
  it('caller mistakes are RangeError', () => {
    expect(() => setHeaderExtensionElement(undefined, 0, hex('01'))).toThrow(RangeError);
    expect(() => setHeaderExtensionElement(undefined, 256, hex('01'))).toThrow(RangeError);
    expect(() => setHeaderExtensionElement(undefined, 1, new Uint8Array(256))).toThrow(RangeError);
    expect(() => setHeaderExtensionElement({ profile: 0x1234, data: new Uint8Array(0) }, 1, hex('01'))).toThrow(RangeError);
    expect(() => buildHeaderExtension([{ id: 20, data: hex('01') }], { form: 'one-byte' })).toThrow(RangeError);
    expect(() => buildHeaderExtension([{ id: 2, data: hex('01') }, { id: 2, data: hex('02') }])).toThrow(RangeError);
  });
});

describe('properties', () => {
  const elements = fc.uniqueArray(
    fc.record({ id: fc.integer({ min: 1, max: 255 }), data: fc.uint8Array({ maxLength: 40 }) }),
    { selector: (e) => e.id, maxLength: 8 },
  );
  it('build → parse returns the same elements, in the smallest allowed form', () =>
    fc.assert(
      fc.property(elements, (els) => {
        const ext = buildHeaderExtension(els);
        expect(ext.data.length % 4).toBe(0);
        const oneByteOk = els.every((e) => e.id <= 14 && e.data.length >= 1 && e.data.length <= 16);
        expect(headerExtensionForm(ext.profile)).toBe(oneByteOk ? 'one-byte' : 'two-byte');
        expect(parseHeaderExtensionElements(ext).map((e) => [e.id, toHex(e.data)])).toEqual(els.map((e) => [e.id, toHex(e.data)]));
      }),
      { numRuns: 300 },
    ));
  it('whatever parses from the wire can be edited with set/remove without throwing', () =>
    fc.assert(
      fc.property(fc.constantFrom(0xbede, 0x1000, 0x1003), fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 255 }), (profile, data, id) => {
        const ext = { profile, data };
        try {
          parseHeaderExtensionElements(ext);
        } catch {
          return; // malformed: get/set throw RtpError, covered above
        }
        const set = setHeaderExtensionElement(ext, id, Uint8Array.of(7));
        expect(getHeaderExtensionElement(set, id)).toEqual(Uint8Array.of(7));
        expect(getHeaderExtensionElement(removeHeaderExtensionElement(set, id), id)).toBeUndefined();
      }),
      { numRuns: 500 },
    ));
  it('arbitrary extension data throws nothing but RtpError', () =>
    fc.assert(
      fc.property(fc.constantFrom(0xbede, 0x1000, 0x100f), fc.uint8Array({ maxLength: 64 }), (profile, data) => {
        try {
          parseHeaderExtensionElements({ profile, data });
        } catch (e) {
          expect(e).toBeInstanceOf(RtpError);
        }
      }),
      { numRuns: 500 },
    ));
});
