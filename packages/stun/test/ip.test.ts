import fc from 'fast-check';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { canonicalIp, formatIpv4, formatIpv6, parseIp } from '../src/internal/ip.js';

describe('literal IP parsing (no node:net in the codec), cross-checked with node:net', () => {
  it('IPv4 edge cases', () => {
    for (const good of ['0.0.0.0', '255.255.255.255', '192.0.2.1', '10.0.0.10']) {
      expect(parseIp(good), good).toBeDefined();
    }
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1..2.3', '1.2.3.4.', '.1.2.3', 'a.b.c.d', '1.2.3.-4', ' 1.2.3.4']) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });
  it('agrees with node:net on random IPv4 and IPv6 text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 20 })), (s) => {
        const ours = parseIp(s);
        const theirs = isIP(s);
        if (theirs === 0) {
          expect(ours, s).toBeUndefined();
        } else {
          expect(ours?.length, s).toBe(theirs === 4 ? 4 : 16);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('format(parse(x)) is stable and canonical', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (s) => {
        const b = parseIp(s)!;
        const text = b.length === 4 ? formatIpv4(b, 0) : formatIpv6(b, 0);
        expect(canonicalIp(text)).toBe(text);
        expect(parseIp(text)).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });
});
