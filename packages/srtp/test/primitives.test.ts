import { createCipheriv, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesCtr } from '../src/internal/aes-ctr.js';
import { AesGcm } from '../src/internal/aes-gcm-js.js';
import { PacketOperands } from '../src/internal/packet-operands.js';
import { HmacSha1, NATIVE_HMAC_THRESHOLD } from '../src/internal/hmac-sha1.js';
import { toHex } from './helpers.js';

describe('HMAC-SHA1 (RFC 2104) against node:crypto', () => {
  it('every length 0..700 and around the native threshold, with and without the ROC trailer', () => {
    const key = Uint8Array.from({ length: 20 }, (_, i) => i * 11);
    const h = new HmacSha1(key);
    // up to 1500 bytes inside a 1600-byte buffer (the kernel copies the whole buffer), beyond in a larger one
    const small = Uint8Array.from({ length: 1600 }, (_, i) => (i * 7) & 0xff);
    const large = Uint8Array.from({ length: 3200 }, (_, i) => (i * 7) & 0xff);
    const out = new Uint8Array(20);
    const t = NATIVE_HMAC_THRESHOLD;
    const lengths = [...Array.from({ length: 700 }, (_, i) => i), 1212, 1500, t - 1, t, t + 1, t + 63, 3100];
    for (const n of lengths) {
      const data = n <= 1500 ? small : large;
      for (const roc of [undefined, 0xdeadbeef]) {
        h.mac(data, 3, 3 + n, roc !== undefined, roc ?? 0, out, 0, 20);
        const ref = createHmac('sha1', key).update(data.subarray(3, 3 + n));
        if (roc !== undefined) {
          ref.update(Uint8Array.from([0xde, 0xad, 0xbe, 0xef]));
        }
        expect(toHex(out), `n=${n}`).toBe(ref.digest('hex'));
      }
    }
  });
  // RFC 2202 §3 test case 2: key "Jefe", data "what do ya want for nothing?"
  it('RFC 2202 test case 2', () => {
    const out = new Uint8Array(20);
    const d = new TextEncoder().encode('what do ya want for nothing?');
    new HmacSha1(new TextEncoder().encode('Jefe')).mac(d, 0, d.length, false, 0, out, 0, 20);
    expect(toHex(out)).toBe('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });
});

describe('AES counter mode over ECB', () => {
  it('equals aes-ctr for any length, key size and (mis)aligned offsets', () =>
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32),
        fc.uint8Array({ minLength: 14, maxLength: 14 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (kl, iv14, n, so, doff) => {
          const key = Uint8Array.from({ length: kl }, (_, i) => i * 3 + n);
          const iv = new Uint8Array(16);
          iv.set(iv14);
          const src = Uint8Array.from({ length: n + so }, (_, i) => i * 5);
          const dst = new Uint8Array(n + doff);
          new AesCtr(key).xor(iv, src, so, dst, doff, n);
          const ref = createCipheriv(`aes-${kl * 8}-ctr`, key, iv).update(src.subarray(so));
          expect(toHex(dst.subarray(doff))).toBe(ref.toString('hex'));
        },
      ),
      { numRuns: 200 },
    ));
});

describe('AES-GCM in JavaScript (GHASH tables over ECB) against node:crypto', () => {
  it('seal and open equal aes-gcm for random keys, IVs, split AAD and lengths', () =>
    fc.assert(
      fc.property(
        fc.constantFrom(16, 32),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 70 }),
        fc.option(fc.uint8Array({ maxLength: 8 }), { nil: undefined }),
        fc.uint8Array({ maxLength: 1300 }),
        (kl, kb, iv, a1, a2, pt) => {
          const key = kb.subarray(0, kl);
          const g = new AesGcm(new AesCtr(key));
          const out = new Uint8Array(pt.length + 16);
          const op = new PacketOperands();
          op.ks = g.keystream(iv, pt.length);
          g.seal(op.gcm(a1, 0, a1.length, a2, pt, 0, pt.length, out, 0));
          const ref = createCipheriv(kl === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key, iv);
          ref.setAAD(Buffer.concat([a1, a2 ?? new Uint8Array(0)]));
          const ct = Buffer.concat([ref.update(pt), ref.final(), ref.getAuthTag()]);
          expect(toHex(out)).toBe(ct.toString('hex'));
          const back = new Uint8Array(pt.length);
          const scratch = new Uint8Array(16);
          op.ks = g.keystream(iv, pt.length);
          op.gcm(a1, 0, a1.length, a2, out, 0, pt.length, back, 0).tagOff = pt.length;
          expect(g.open(op, scratch)).toBe(true);
          expect(toHex(back)).toBe(toHex(pt));
          out[out.length - 1]! ^= 1;
          op.ks = g.keystream(iv, pt.length);
          expect(g.open(op, scratch)).toBe(false);
        },
      ),
      { numRuns: 200 },
    ));
});
