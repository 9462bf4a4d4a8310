import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbitraryRtpHeaderFields } from './helpers/arbitrary-packet.js';
import { atOffset, hex, toHex } from './helpers/hex.js';
import { referenceParseRtp } from './helpers/reference-rtp.js';
import {
  RtpError,
  isRtpError,
  parseRtpPacket,
  rtpPacketByteLength,
  serializeRtpPacket,
  serializeRtpPacketInto,
  type RtpPacket,
  type RtpErrorCode,
} from '../src/index.js';

// Captured-style vectors, laid out per RFC 3550 §5.1 (https://www.rfc-editor.org/rfc/rfc3550#section-5.1).
// Field values were checked by dissecting the same bytes with tshark in tshark-rtp.test.ts.
const PCMU_MARKER = hex(`
  80 80 1c 3a  00 00 a0 00  de ad be ef
  ff 7f 00 80`); // V=2, M=1, PT=0, seq 7226, ts 40960, SSRC 0xdeadbeef, 4 payload bytes

const WITH_CSRCS = hex(`
  82 08 00 01  00 00 00 a0  00 00 30 39
  11 11 11 11  22 22 22 22
  d5 d5`); // CC=2, PT=8 (PCMA)

const ONE_BYTE_EXT = hex(`
  90 6f 12 34  00 01 e2 40  01 02 03 04
  be de 00 02  10 ff 22 01  02 03 00 00
  aa bb cc`); // X=1, PT=111, profile 0xBEDE, 2 words: id1 len1, id2 len3, padding

const TWO_BYTE_EXT = hex(`
  90 60 00 02  00 00 00 00  00 00 00 01
  10 00 00 02  05 03 61 62  63 00 00 00
  01`); // X=1, PT=96, profile 0x1000, id5 len3 "abc", padding

const PADDED = hex(`
  a0 00 00 03  00 00 01 40  00 00 00 02
  01 02 03 04  00 00 00 04`); // P=1, payload 4 bytes, 4 padding bytes (count 4)

interface Case {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Fixed header + CSRCs + extension: RTP has no length field, so only cuts into these must fail. */
  readonly headerLength: number;
  readonly expected: Partial<RtpPacket> & { payloadHex: string };
}

const CASES: readonly Case[] = [
  {
    name: 'marker, PCMU',
    bytes: PCMU_MARKER,
    headerLength: 12,
    expected: {
      payloadType: 0, marker: true, sequenceNumber: 7226, timestamp: 40960, ssrc: 0xdeadbeef,
      csrcs: [], extension: undefined, paddingLength: 0, payloadHex: 'ff7f0080',
    },
  },
  {
    name: 'two CSRCs',
    bytes: WITH_CSRCS,
    headerLength: 20,
    expected: { payloadType: 8, marker: false, sequenceNumber: 1, timestamp: 160, ssrc: 12345, csrcs: [0x11111111, 0x22222222], paddingLength: 0, payloadHex: 'd5d5' },
  },
  {
    name: 'one-byte header extension',
    bytes: ONE_BYTE_EXT,
    headerLength: 24,
    expected: { payloadType: 111, sequenceNumber: 0x1234, timestamp: 123456, ssrc: 0x01020304, paddingLength: 0, payloadHex: 'aabbcc' },
  },
  {
    name: 'two-byte header extension',
    bytes: TWO_BYTE_EXT,
    headerLength: 24,
    expected: { payloadType: 96, sequenceNumber: 2, timestamp: 0, ssrc: 1, paddingLength: 0, payloadHex: '01' },
  },
  {
    name: 'padding',
    bytes: PADDED,
    headerLength: 12,
    expected: { payloadType: 0, sequenceNumber: 3, timestamp: 320, ssrc: 2, paddingLength: 4, payloadHex: '01020304' },
  },
];

function expectFields(p: RtpPacket, expected: Case['expected']): void {
  const { payloadHex, ...fields } = expected;
  expect(p).toMatchObject(fields);
  expect(toHex(p.payload)).toBe(payloadHex);
}

describe('RFC 3550 §5.1 RTP fixed header, CSRCs, padding; §5.3.1 extension', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      it('parses the fields', () => expectFields(parseRtpPacket(c.bytes), c.expected));
      it('parses at a nonzero offset in a larger buffer', () => expectFields(parseRtpPacket(atOffset(c.bytes)), c.expected));
      it('re-serializes byte for byte (allocating and into a buffer at an offset)', () => {
        const p = parseRtpPacket(atOffset(c.bytes));
        expect(serializeRtpPacket(p)).toEqual(c.bytes);
        const out = new Uint8Array(c.bytes.length + 10).fill(0xee);
        expect(serializeRtpPacketInto(p, out, 7)).toBe(c.bytes.length);
        expect(out.subarray(7, 7 + c.bytes.length)).toEqual(c.bytes);
        expect(out[6]).toBe(0xee);
        expect(rtpPacketByteLength(p)).toBe(c.bytes.length);
      });
      it('payload is a view, not a copy', () => {
        const p = parseRtpPacket(c.bytes);
        expect(p.payload.buffer).toBe(c.bytes.buffer);
      });
      it('rejects every truncation into the header with RtpError', () => {
        for (let n = 0; n < c.headerLength; n++) {
          expect(() => parseRtpPacket(c.bytes.subarray(0, n)), `length ${n}`).toThrow(RtpError);
        }
        // A cut into the payload is a shorter valid packet (RTP has no length field) unless P is set.
        const cut = c.bytes.subarray(0, c.bytes.length - 1);
        if (c.expected.paddingLength === 0) {
          expect(parseRtpPacket(cut).payload.length).toBe(c.expected.payloadHex.length / 2 - 1);
        } else {
          expect(() => parseRtpPacket(cut)).toThrow(RtpError); // the new last byte (0) is no padding count
        }
      });
    });
  }

  it('extension data is the raw words after the 4-byte extension header', () => {
    const p = parseRtpPacket(ONE_BYTE_EXT);
    expect(p.extension?.profile).toBe(0xbede);
    expect(toHex(p.extension?.data ?? new Uint8Array())).toBe('10ff220102030000');
    expect(parseRtpPacket(TWO_BYTE_EXT).extension?.profile).toBe(0x1000);
  });
});

function expectCode(bytes: Uint8Array, code: RtpErrorCode, offset?: number): void {
  try {
    parseRtpPacket(bytes);
  } catch (e) {
    expect(isRtpError(e)).toBe(true);
    expect((e as RtpError).code).toBe(code);
    if (offset !== undefined) {
      expect((e as RtpError).offset).toBe(offset);
    }
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('RFC 3550 §5.1 malformed twins', () => {
  const mutate = (bytes: Uint8Array, f: (b: Uint8Array) => void): Uint8Array => {
    const copy = bytes.slice();
    f(copy);
    return copy;
  };
  it('bad version (V=1, V=3, V=0)', () => {
    for (const v of [0x00, 0x40, 0xc0]) {
      expectCode(mutate(PCMU_MARKER, (b) => (b[0] = v | ((b[0] as number) & 0x3f))), 'BAD_VERSION', 0);
    }
  });
  it('padding count longer than the packet', () => expectCode(mutate(PADDED, (b) => (b[b.length - 1] = 9)), 'BAD_PADDING', 19));
  it('padding count of zero', () => expectCode(mutate(PADDED, (b) => (b[b.length - 1] = 0)), 'BAD_PADDING'));
  it('padding eating into the extension', () =>
    expectCode(mutate(ONE_BYTE_EXT, (b) => { b[0] = 0xb0; b[b.length - 1] = 4; }), 'BAD_PADDING'));
  it('padding that exactly covers the payload area is accepted', () => {
    const p = parseRtpPacket(mutate(PADDED, (b) => (b[b.length - 1] = 8)));
    expect(p.payload.length).toBe(0);
    expect(p.paddingLength).toBe(8);
  });
  it('extension length past the end', () => expectCode(mutate(ONE_BYTE_EXT, (b) => (b[15] = 3)), 'BAD_EXTENSION_LENGTH', 14));
  it('extension header past the end', () => expectCode(PCMU_MARKER.subarray(0, 14).map((x, i) => (i === 0 ? 0x90 : x)), 'BAD_EXTENSION_LENGTH', 12));
  it('CC past the end', () => expectCode(mutate(WITH_CSRCS, (b) => (b[0] = 0x85)), 'BAD_CSRC_COUNT', 12));
  it('under 12 bytes', () => expectCode(PCMU_MARKER.subarray(0, 11), 'TRUNCATED', 0));
});

describe('serialize rejects caller mistakes with RangeError', () => {
  const base = { payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(1) };
  it.each([
    ['payloadType', { payloadType: 128 }],
    ['sequenceNumber', { sequenceNumber: 65536 }],
    ['timestamp', { timestamp: -1 }],
    ['ssrc', { ssrc: 2 ** 32 }],
    ['csrcs', { csrcs: new Array<number>(16).fill(1) }],
    ['paddingLength', { paddingLength: 256 }],
    ['extension', { extension: { profile: 0xbede, data: new Uint8Array(3) } }],
  ])('%s', (name, patch) => {
    expect(() => serializeRtpPacket({ ...base, ...patch })).toThrow(new RegExp(`"${name}" expected`));
    expect(() => serializeRtpPacket({ ...base, ...patch })).toThrow(RangeError);
  });
  it('out too small', () => expect(() => serializeRtpPacketInto(base, new Uint8Array(12))).toThrow(RangeError));
});

const arbPacket = fc.record({
  ...arbitraryRtpHeaderFields,
  extension: fc.option(
    fc.record({ profile: fc.integer({ min: 0, max: 0xffff }), data: fc.integer({ min: 0, max: 8 }).chain((w) => fc.uint8Array({ minLength: w * 4, maxLength: w * 4 })) }),
    { nil: undefined },
  ),
  payload: fc.uint8Array({ maxLength: 300 }),
  paddingLength: fc.integer({ min: 0, max: 255 }),
});

describe('properties', () => {
  it('serialize → parse round trips arbitrary packets', () =>
    fc.assert(
      fc.property(arbPacket, (p) => {
        const bytes = serializeRtpPacket(p);
        const q = parseRtpPacket(bytes);
        expect(q).toEqual({ ...p, payload: p.payload, extension: p.extension });
        expect(serializeRtpPacket(q)).toEqual(bytes);
      }),
      { numRuns: 300 },
    ));
  it('arbitrary bytes throw nothing but RtpError, and whatever parses re-serializes identically', () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, forceV2) => {
        if (forceV2 && bytes.length > 0) {
          bytes[0] = 0x80 | ((bytes[0] as number) & 0x3f);
        }
        let p: RtpPacket;
        try {
          p = parseRtpPacket(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(RtpError);
          return;
        }
        // Padding bytes other than the count are not kept, so compare up to them.
        const again = serializeRtpPacket(p);
        expect(again.length).toBe(bytes.length);
        const keep = bytes.length - (p.paddingLength > 0 ? p.paddingLength : 0);
        expect(again.subarray(0, keep)).toEqual(bytes.subarray(0, keep));
      }),
      { numRuns: 1000 },
    ));
});

describe('differential: optimized parser vs the slow reference parser in test/helpers', () => {
  it('agrees on every field and every error code for arbitrary and near-valid bytes', () =>
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 120 }),
          arbPacket.map((p) => serializeRtpPacket(p)),
          // a valid packet with one byte flipped: reaches every length check
          fc.tuple(arbPacket, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([p, at, v]) => {
            const b = serializeRtpPacket(p);
            b[at % b.length] = v;
            return b;
          }),
        ),
        (bytes) => {
          const ref = referenceParseRtp(bytes);
          let ours: RtpPacket;
          try {
            ours = parseRtpPacket(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(RtpError);
            expect(ref).toEqual({ ok: false, rule: (e as RtpError).code });
            return;
          }
          expect(ref.ok).toBe(true);
          if (ref.ok) {
            expect({
              marker: ours.marker, payloadType: ours.payloadType, sequenceNumber: ours.sequenceNumber, timestamp: ours.timestamp,
              ssrc: ours.ssrc, csrcs: [...ours.csrcs], extensionProfile: ours.extension?.profile,
              extensionData: ours.extension ? Array.from(ours.extension.data) : undefined,
              payload: Array.from(ours.payload), paddingCount: ours.paddingLength,
            }).toEqual({
              marker: ref.marker, payloadType: ref.payloadType, sequenceNumber: ref.sequenceNumber, timestamp: ref.timestamp,
              ssrc: ref.ssrc, csrcs: ref.csrcs, extensionProfile: ref.extensionProfile, extensionData: ref.extensionData,
              payload: ref.payload, paddingCount: ref.paddingCount,
            });
          }
        },
      ),
      { numRuns: 1500 },
    ));
});

it('serializeRtpPacketInto rejects a negative or fractional offset', () => {
  const p = { payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(1) };
  expect(() => serializeRtpPacketInto(p, new Uint8Array(100), -1)).toThrow(RangeError);
  expect(() => serializeRtpPacketInto(p, new Uint8Array(100), 1.5)).toThrow(RangeError);
});

it('every source of the main entry is platform-neutral: no node: imports, no Buffer (only the /node subpath has them)', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const src = new URL('../src/', import.meta.url);
  const nodeOnly = new Set(['node.ts', 'transport/udp-transport.ts']);
  // workers/ (RtpWorkerPool, serveRtpWorker: node:worker_threads) is exported from node.ts only.
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !nodeOnly.has(f) && !f.startsWith('workers/'));
  expect(files.length).toBeGreaterThan(30);
  for (const f of files) {
    const text = readFileSync(new URL(f, src), 'utf8');
    expect(text, f).not.toMatch(/from ['"]node:|require\(|\bBuffer\b/);
  }
  expect(readFileSync(new URL('transport/udp-transport.ts', src), 'utf8')).toMatch(/from 'node:dgram'/);
  expect(readFileSync(new URL('index.ts', src), 'utf8')).not.toMatch(/workers\//);
});
