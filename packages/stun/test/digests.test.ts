import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5 } from '../src/internal/md5.js';
import { hmacSha256, sha256 } from '../src/internal/sha256.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// The codec's own MD5 and SHA-256 (so the main entry needs no node:crypto), against node:crypto's
// (OpenSSL's) on every length around the 64-byte block and padding boundaries, and on random data.
describe('MD5 and SHA-256 in plain JavaScript, against node:crypto', () => {
  it('known answers: RFC 1321 A.5 and FIPS 180-4 examples', () => {
    expect(hex(md5(new TextEncoder().encode('abc')))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(md5(new Uint8Array(0)))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(sha256(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('every length from 0 to 300 bytes (each padding case), random contents', () => {
    for (let n = 0; n <= 300; n++) {
      const data = randomBytes(n);
      expect(hex(md5(data)), `md5 of ${n} bytes`).toBe(createHash('md5').update(data).digest('hex'));
      expect(hex(sha256(data)), `sha256 of ${n} bytes`).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('HMAC-SHA256 over split input, keys shorter and longer than the 64-byte block', () => {
    for (const keyLength of [0, 1, 20, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const data = randomBytes(150);
      for (const cut of [0, 2, 4, 64, 150]) {
        expect(hex(hmacSha256(key, data.subarray(0, cut), data.subarray(cut)))).toBe(
          createHmac('sha256', key).update(data).digest('hex'),
        );
      }
    }
  });
});
