import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyDatagram, isStunMessage, serializeStunMessage, StunMessageType } from '../src/index.js';
import type { DatagramKind } from '../src/index.js';

describe('RFC 7983 §7 first-byte ranges (RTP/RTCP by RFC 5761 §4)', () => {
  const expectKind = (first: number, kind: DatagramKind, second = 0): void => {
    expect(classifyDatagram(Uint8Array.of(first, second, 0, 0)), `byte ${first}`).toBe(kind);
  };
  it('classifies every boundary', () => {
    for (let b = 0; b <= 255; b++) {
      const kind: DatagramKind =
        b <= 3 ? 'stun' : b >= 16 && b <= 19 ? 'zrtp' : b >= 20 && b <= 63 ? 'dtls' : b >= 64 && b <= 79 ? 'turn-channel' : b >= 128 && b <= 191 ? 'rtp' : 'unknown';
      expectKind(b, kind);
    }
  });
  it('second byte 192..223 is RTCP, everything else RTP', () => {
    for (let pt = 0; pt <= 255; pt++) {
      expectKind(0x80, pt >= 192 && pt <= 223 ? 'rtcp' : 'rtp', pt);
    }
    expectKind(0x81, 'rtcp', 201); // RR
    expectKind(0x80, 'rtp', 0x80 | 0); // PCMU with marker
  });
  it('empty and one-byte RTP-range input are unknown, never a throw', () => {
    expect(classifyDatagram(new Uint8Array(0))).toBe('unknown');
    expect(classifyDatagram(Uint8Array.of(0x80))).toBe('unknown');
    expect(classifyDatagram(Uint8Array.of(0))).toBe('stun');
  });
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(typeof classifyDatagram(b)).toBe('string');
        expect(typeof isStunMessage(b)).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('isStunMessage (RFC 5389 §6 header checks)', () => {
  const valid = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12), attributes: [] });
  it('accepts a message and rejects its broken twins', () => {
    expect(isStunMessage(valid)).toBe(true);
    const bad = (i: number, v: number): Uint8Array => {
      const c = valid.slice();
      c[i] = v;
      return c;
    };
    expect(isStunMessage(bad(0, 0x40))).toBe(false); // top bits
    expect(isStunMessage(bad(4, 0x22))).toBe(false); // cookie
    expect(isStunMessage(bad(3, 4))).toBe(false); // length mismatch
    expect(isStunMessage(bad(3, 1))).toBe(false); // length not a multiple of 4
    expect(isStunMessage(valid.subarray(0, 19))).toBe(false);
    const longer = new Uint8Array(24);
    longer.set(valid);
    expect(isStunMessage(longer)).toBe(false);
  });
});
