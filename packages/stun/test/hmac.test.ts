import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha1Key, sha1 } from '../src/internal/sha1.js';
import { crc32 } from '../src/internal/crc32.js';
import { zlibCrc32 } from './reference.js';

describe('JS HMAC-SHA1 (RFC 2104) cross-checked against node:crypto', () => {
  it('SHA-1 FIPS 180-4 test vectors', () => {
    const h = (s: string): string => Buffer.from(sha1(new TextEncoder().encode(s))).toString('hex');
    expect(h('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(h('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(h('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });
  it('HMAC equals createHmac for random keys (also > 64 bytes) and lengths across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 300 }), (key, data) => {
        const ours = new HmacSha1Key(key).mac(data);
        expect(Buffer.from(ours)).toEqual(createHmac('sha1', key).update(data).digest());
      }),
      { numRuns: 300 },
    );
  });
  it('macStun patches the length field', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.uint8Array({ minLength: 4, maxLength: 200 }), fc.integer({ min: 0, max: 0xffff }), (key, data, len) => {
        const out = new Uint8Array(22);
        new HmacSha1Key(key).macStun(data, data.length, len, out, 1);
        const patched = data.slice();
        patched[2] = len >>> 8;
        patched[3] = len & 0xff;
        expect(Buffer.from(out.subarray(1, 21))).toEqual(createHmac('sha1', key).update(patched).digest());
      }),
      { numRuns: 200 },
    );
  });
  it('SHA-1 of 1 MB equals node:crypto (64-bit length encoding)', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => i * 7);
    expect(Buffer.from(sha1(big))).toEqual(createHash('sha1').update(big).digest());
  });
});

describe('CRC-32 (RFC 5389 §15.5 names ISO 3309 / ITU-T V.42)', () => {
  it('check value of "123456789" is 0xCBF43926', () => {
    expect(crc32(new TextEncoder().encode('123456789'), 0, 9)).toBe(0xcbf43926);
  });
  it('equals a bitwise reference and continues across segments', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (data, cut) => {
        const k = data.length === 0 ? 0 : cut % data.length;
        expect(crc32(data, k, data.length, crc32(data, 0, k))).toBe(zlibCrc32(data));
      }),
      { numRuns: 200 },
    );
  });
});
