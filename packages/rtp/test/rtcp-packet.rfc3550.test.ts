import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { atOffset, hex } from './helpers/hex.js';
import { RTCP_VECTORS } from './rtcp-vectors.js';
import {
  RtpError,
  parseRtcpCompound,
  parseRtcpPacket,
  readRtcpPacket,
  rtcpCompoundByteLength,
  rtcpPacketByteLength,
  serializeRtcpCompound,
  serializeRtcpCompoundInto,
  serializeRtcpPacket,
  serializeRtcpPacketInto,
  nackItemsFor,
  nackSequenceNumbers,
  type RtcpPacket,
  type RtpErrorCode,
} from '../src/index.js';

function codeOf(f: () => unknown): RtpErrorCode | 'NO_ERROR' {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RtpError);
    return (e as RtpError).code;
  }
  return 'NO_ERROR';
}

const patch = (bytes: Uint8Array, at: number, value: number): Uint8Array => {
  const copy = bytes.slice();
  copy[at] = value;
  return copy;
};

describe('RFC 3550 §6.4-§6.7, RFC 4585, RFC 5104: every RTCP type', () => {
  for (const v of RTCP_VECTORS) {
    describe(v.name, () => {
      it('parses to the expected fields', () => expect(parseRtcpPacket(v.bytes)).toEqual(v.packet));
      it('parses at a nonzero offset in a larger buffer', () => expect(parseRtcpPacket(atOffset(v.bytes))).toEqual(v.packet));
      it('serializes byte for byte (allocating, and into a buffer at an offset)', () => {
        expect(serializeRtcpPacket(v.packet)).toEqual(v.bytes);
        expect(rtcpPacketByteLength(v.packet)).toBe(v.bytes.length);
        const out = new Uint8Array(v.bytes.length + 9).fill(0xee);
        expect(serializeRtcpPacketInto(v.packet, out, 5)).toBe(v.bytes.length);
        expect(out.subarray(5, 5 + v.bytes.length)).toEqual(v.bytes);
        expect(out[4]).toBe(0xee);
        expect(out[5 + v.bytes.length]).toBe(0xee);
      });
      it('round-trips what it parsed', () => expect(serializeRtcpPacket(parseRtcpPacket(atOffset(v.bytes)))).toEqual(v.bytes));
      it('malformed twin: bad version', () => expect(codeOf(() => parseRtcpPacket(patch(v.bytes, 0, (v.bytes[0] as number) & 0x3f)))).toBe('BAD_VERSION'));
      it('malformed twin: length field one word too long', () =>
        expect(codeOf(() => parseRtcpPacket(patch(v.bytes, 3, (v.bytes[3] as number) + 1)))).toBe('BAD_RTCP_LENGTH'));
      it('malformed twin: length field one word too short', () =>
        expect(codeOf(() => parseRtcpPacket(patch(v.bytes, 3, (v.bytes[3] as number) - 1)))).toMatch(/^BAD_RTCP_(LENGTH|PACKET)$|^BAD_PADDING$/));
      it('malformed twin: every truncation fails', () => {
        for (let n = 0; n < v.bytes.length; n++) {
          expect(codeOf(() => parseRtcpPacket(v.bytes.subarray(0, n))), `length ${n}`).not.toBe('NO_ERROR');
        }
      });
    });
  }

  it('SR with a report count past the body is BAD_RTCP_PACKET', () =>
    expect(codeOf(() => parseRtcpPacket(patch(RTCP_VECTORS[0]!.bytes, 0, 0x82)))).toBe('BAD_RTCP_PACKET'));
  it('SDES item length past the packet is BAD_RTCP_PACKET', () =>
    expect(codeOf(() => parseRtcpPacket(patch(RTCP_VECTORS[3]!.bytes, 9, 30)))).toBe('BAD_RTCP_PACKET'));
  it('SDES chunk count larger than the chunks present is BAD_RTCP_PACKET', () =>
    expect(codeOf(() => parseRtcpPacket(patch(RTCP_VECTORS[3]!.bytes, 0, 0x83)))).toBe('BAD_RTCP_PACKET'));
  it('BYE reason longer than the packet is BAD_RTCP_PACKET', () =>
    expect(codeOf(() => parseRtcpPacket(patch(RTCP_VECTORS[4]!.bytes, 8, 9)))).toBe('BAD_RTCP_PACKET'));
  it('PLI with an FCI is BAD_RTCP_PACKET', () =>
    expect(codeOf(() => parseRtcpPacket(hex('81 ce 00 03 00000001 00000002 00000003')))).toBe('BAD_RTCP_PACKET'));
  it('NACK without FCI is BAD_RTCP_PACKET', () => expect(codeOf(() => parseRtcpPacket(hex('81 cd 00 02 00000001 00000002')))).toBe('BAD_RTCP_PACKET'));
  it('padding count longer than the body is BAD_PADDING', () =>
    expect(codeOf(() => parseRtcpPacket(patch(RTCP_VECTORS[10]!.bytes, 11, 9)))).toBe('BAD_PADDING'));
  it('a NACK whose padding count is not a multiple of 4 is refused, not an entry read from the padding (#15.12)', () => {
    // generic NACK, P=1, two words of FCI whose last 2 bytes are padding (count 2)
    const nack = hex('a1 cd 00 04 00000001 00000002 0064 0001 00c8 0002');
    expect(codeOf(() => parseRtcpPacket(nack))).toBe('BAD_RTCP_PACKET');
    expect(codeOf(() => parseRtcpPacket(hex('a1 cd 00 04 00000001 00000002 0064 0001 00c8 00 03')))).toBe('BAD_RTCP_PACKET');
    // the same NACK with a count of 4 parses to one entry and writes back byte for byte
    const ok = hex('a1 cd 00 04 00000001 00000002 0064 0001 00000004');
    const parsed = parseRtcpPacket(ok);
    expect(parsed).toMatchObject({ type: 'NACK', items: [{ pid: 100, blp: 1 }], paddingLength: 4 });
    expect(serializeRtcpPacket(parsed)).toEqual(ok);
  });
  it('SDES text and BYE reasons that are not UTF-8 decode lossily but re-serialize byte for byte', () => {
    const badItem = new Uint8Array(255).fill(0xff); // 255 U+FFFD would need 765 UTF-8 bytes
    const sdes = concat(hex('81 ca 00 42  00000001  01 ff'), badItem, hex('00 00 00'));
    const parsed = parseRtcpPacket(sdes) as Extract<RtcpPacket, { type: 'SDES' }>;
    expect(parsed.chunks[0]!.items[0]!.text).toBe('\ufffd'.repeat(255));
    expect(parsed.chunks[0]!.items[0]!.data).toEqual(badItem);
    expect(serializeRtcpPacket(parsed)).toEqual(sdes);
    const bye = hex('81 cb 00 02  00000001  02 c3 28 00');
    const byeParsed = parseRtcpPacket(bye) as Extract<RtcpPacket, { type: 'BYE' }>;
    expect(byeParsed.reason).toBe('\ufffd(');
    expect(serializeRtcpPacket(byeParsed)).toEqual(bye);
    // valid UTF-8 carries no raw bytes
    expect(parseRtcpPacket(RTCP_VECTORS[4]!.bytes)).not.toHaveProperty('reasonData');
  });
  it('an RR whose padding count is not a multiple of 4 keeps a 3-byte profile extension and re-serializes', () => {
    const rr = hex('a0 c9 00 02  00000001  aabbcc 01');
    const parsed = parseRtcpPacket(rr);
    expect(parsed).toEqual({ type: 'RR', ssrc: 1, reports: [], profileExtension: hex('aabbcc'), paddingLength: 1 });
    expect(serializeRtcpPacket(parsed)).toEqual(rr);
  });
  it('RTPFB/PSFB with another FMT is kept as UNKNOWN', () =>
    expect(parseRtcpPacket(hex('8f cd 00 02 00000001 00000002'))).toEqual({ type: 'UNKNOWN', packetType: 205, count: 15, body: hex('00000001 00000002') }));
});

const RR = RTCP_VECTORS[1]!;
const SR = RTCP_VECTORS[0]!;
const SDES = RTCP_VECTORS[3]!;
const PADDED_RR = RTCP_VECTORS[10]!;
const PLI = RTCP_VECTORS[7]!;
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('RFC 3550 §6.1 compound packets and A.2 validity', () => {
  const compound = concat(SR.bytes, SDES.bytes, PADDED_RR.bytes);
  it('parses SR + SDES + padded RR, also at an offset, and re-serializes byte for byte', () => {
    const packets = parseRtcpCompound(atOffset(compound));
    expect(packets).toEqual([SR.packet, SDES.packet, PADDED_RR.packet]);
    expect(serializeRtcpCompound(packets)).toEqual(compound);
    expect(rtcpCompoundByteLength(packets)).toBe(compound.length);
    const out = new Uint8Array(compound.length + 2);
    expect(serializeRtcpCompoundInto(packets, out, 2)).toBe(compound.length);
    expect(out.subarray(2)).toEqual(compound);
  });
  it('readRtcpPacket walks it with offsets', () => {
    const [first, next] = readRtcpPacket(compound, 0);
    expect(first.type).toBe('SR');
    expect(next).toBe(SR.bytes.length);
    expect(readRtcpPacket(compound, next)[0].type).toBe('SDES');
  });
  it('rejects a first packet that is not SR or RR (strict), accepts it non-strict (RFC 5506)', () => {
    expect(codeOf(() => parseRtcpCompound(concat(PLI.bytes, RR.bytes)))).toBe('BAD_RTCP_COMPOUND');
    expect(parseRtcpCompound(PLI.bytes, { strict: false })).toEqual([PLI.packet]);
  });
  it('rejects padding on a packet that is not the last (strict)', () => {
    expect(codeOf(() => parseRtcpCompound(concat(RR.bytes, PADDED_RR.bytes, RR.bytes)))).toBe('BAD_RTCP_COMPOUND');
    expect(parseRtcpCompound(concat(RR.bytes, PADDED_RR.bytes, RR.bytes), { strict: false })).toHaveLength(3);
  });
  it('rejects a padded first packet, even alone (strict; RFC 3550 A.2 masks the P bit) (#14.4)', () => {
    expect(codeOf(() => parseRtcpCompound(PADDED_RR.bytes))).toBe('BAD_RTCP_COMPOUND');
    expect(codeOf(() => parseRtcpCompound(concat(PADDED_RR.bytes, RR.bytes)))).toBe('BAD_RTCP_COMPOUND');
    expect(parseRtcpCompound(PADDED_RR.bytes, { strict: false })).toEqual([PADDED_RR.packet]);
    expect(parseRtcpCompound(concat(RR.bytes, PADDED_RR.bytes))).toEqual([RR.packet, PADDED_RR.packet]);
  });
  it('rejects lengths that do not add up exactly', () => {
    expect(codeOf(() => parseRtcpCompound(compound.subarray(0, compound.length - 4)))).toBe('BAD_RTCP_LENGTH');
    expect(codeOf(() => parseRtcpCompound(concat(SR.bytes, SDES.bytes, hex('80'))))).toBe('TRUNCATED');
    expect(codeOf(() => parseRtcpCompound(concat(RR.bytes, hex('80c90001'))))).toBe('BAD_RTCP_LENGTH');
  });
  it('rejects a bad version in a later packet', () =>
    expect(codeOf(() => parseRtcpCompound(concat(RR.bytes, patch(SDES.bytes, 0, 0x42))))).toBe('BAD_VERSION'));
  it('rejects an empty datagram', () => expect(codeOf(() => parseRtcpCompound(new Uint8Array(0)))).toBe('TRUNCATED'));
  it('serialize writes back whatever non-strict parsing accepted (padding before the last), refuses an empty list', () => {
    const bytes = serializeRtcpCompound([PADDED_RR.packet, RR.packet]);
    expect(codeOf(() => parseRtcpCompound(bytes))).toBe('BAD_RTCP_COMPOUND');
    expect(parseRtcpCompound(bytes, { strict: false })).toEqual([PADDED_RR.packet, RR.packet]);
    expect(() => serializeRtcpCompound([])).toThrow(RangeError);
  });
});

describe('RFC 4585 §6.2.1 NACK bitmask helpers', () => {
  it('expands PID + BLP', () => expect(nackSequenceNumbers([{ pid: 100, blp: 0b1000_0000_0000_0101 }])).toEqual([100, 101, 103, 116]));
  it('packs across the 65535 → 0 wrap', () => expect(nackItemsFor([65535, 0, 2, 40])).toEqual([{ pid: 65535, blp: 0b101 }, { pid: 40, blp: 0 }]));
  it('pack then expand is the identity on sets', () =>
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 }), (seqs) => {
        const back = nackSequenceNumbers(nackItemsFor(seqs));
        expect(new Set(back)).toEqual(new Set(seqs));
        expect(back).toHaveLength(seqs.length);
      }),
      { numRuns: 200 },
    ));
});

// ---- properties ----
const u32 = fc.nat({ max: 0xffffffff });
const text = fc.string({ maxLength: 40 });
const words = (max: number) => fc.integer({ min: 0, max }).chain((n) => fc.uint8Array({ minLength: n * 4, maxLength: n * 4 }));
const block = fc.record({
  ssrc: u32,
  fractionLost: fc.integer({ min: 0, max: 255 }),
  cumulativeLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
  highestSequence: u32,
  jitter: u32,
  lastSenderReport: u32,
  delaySinceLastSenderReport: u32,
});
const reports = fc.array(block, { maxLength: 4 });
const sr = fc.record({
  type: fc.constant('SR' as const), ssrc: u32, ntpTimestamp: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  rtpTimestamp: u32, packetCount: u32, octetCount: u32, reports,
});
const rr = fc.record({ type: fc.constant('RR' as const), ssrc: u32, reports });
const other: fc.Arbitrary<RtcpPacket> = fc.oneof(
  fc.record({
    type: fc.constant('SDES' as const),
    chunks: fc.array(fc.record({ ssrc: u32, items: fc.array(fc.record({ type: fc.integer({ min: 1, max: 8 }), text }), { maxLength: 3 }) }), { maxLength: 3 }),
  }),
  fc.oneof(
    fc.record({ type: fc.constant('BYE' as const), ssrcs: fc.array(u32, { maxLength: 4 }) }),
    fc.record({ type: fc.constant('BYE' as const), ssrcs: fc.array(u32, { maxLength: 4 }), reason: text }),
  ),
  fc.record({
    type: fc.constant('APP' as const), subtype: fc.integer({ min: 0, max: 31 }), ssrc: u32,
    name: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 4, maxLength: 4 }),
    data: words(3),
  }),
  fc.record({
    type: fc.constant('NACK' as const), senderSsrc: u32, mediaSsrc: u32,
    items: fc.array(fc.record({ pid: fc.integer({ min: 0, max: 0xffff }), blp: fc.integer({ min: 0, max: 0xffff }) }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ type: fc.constant('PLI' as const), senderSsrc: u32, mediaSsrc: u32 }),
  fc.record({
    type: fc.constant('FIR' as const), senderSsrc: u32, mediaSsrc: u32,
    entries: fc.array(fc.record({ ssrc: u32, sequenceNumber: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ type: fc.constant('UNKNOWN' as const), packetType: fc.constantFrom(207, 208, 195), count: fc.integer({ min: 0, max: 31 }), body: words(3) }),
);

describe('properties', () => {
  it('serialize → parse round-trips arbitrary compounds, byte for byte again', () =>
    fc.assert(
      fc.property(fc.oneof(sr, rr), fc.array(other, { maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (first, rest, padWords) => {
        const packets: RtcpPacket[] = [first, ...rest];
        if (padWords > 0) {
          packets[packets.length - 1] = { ...packets[packets.length - 1]!, paddingLength: padWords * 4 };
        }
        const bytes = serializeRtcpCompound(packets);
        // A.2: a padded first packet (a lone padded SR/RR) fails the strict check; non-strict keeps it.
        const loneAndPadded = rest.length === 0 && padWords > 0;
        if (loneAndPadded) {
          expect(codeOf(() => parseRtcpCompound(bytes))).toBe('BAD_RTCP_COMPOUND');
        }
        const parsed = parseRtcpCompound(bytes, { strict: !loneAndPadded });
        expect(parsed).toEqual(packets);
        expect(serializeRtcpCompound(parsed)).toEqual(bytes);
      }),
      { numRuns: 300 },
    ));
  it('mutated vector compounds: only RtpError, and whatever parses (strict or not) re-serializes and re-parses the same', () =>
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...RTCP_VECTORS.map((v) => v.bytes)), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.boolean(),
        (parts, flips, strict) => {
          const bytes = concat(...parts);
          for (const [at, value] of flips) {
            bytes[at % bytes.length] = value;
          }
          let packets: RtcpPacket[];
          try {
            packets = parseRtcpCompound(bytes, { strict });
          } catch (e) {
            expect(e).toBeInstanceOf(RtpError);
            return;
          }
          const again = serializeRtcpCompound(packets);
          expect(again.length).toBe(bytes.length);
          expect(parseRtcpCompound(again, { strict })).toEqual(packets);
        },
      ),
      { numRuns: 2000 },
    ));
  it('arbitrary bytes throw nothing but RtpError', () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.boolean(), (bytes, strict) => {
        if (bytes.length > 1) {
          bytes[0] = 0x80 | ((bytes[0] as number) & 0x3f); // mostly version 2, to reach deeper code
          bytes[1] = 200 + ((bytes[1] as number) % 8);
        }
        try {
          const packets = parseRtcpCompound(bytes, { strict });
          expect(serializeRtcpCompound(packets).length).toBe(bytes.length);
        } catch (e) {
          if (!(e instanceof RtpError)) {
            throw e;
          }
        }
      }),
      { numRuns: 1000 },
    ));
});
