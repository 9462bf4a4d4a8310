import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SRTP_SUITE_NAMES, SrtpSession, resolveSrtpSuite, type SrtpSessionOptions } from '../src/index.js';
import { rtcpPacket, rtpPacket } from './arbitraries.js';
import { toHex } from './helpers.js';
import { REF_SUITES, refProtect, refProtectRtcp, type RefKey } from './reference.js';

const suiteArb = fc.constantFrom(...SRTP_SUITE_NAMES);

function keyed(suite: string, seed: Uint8Array, extra: Partial<SrtpSessionOptions> = {}): SrtpSessionOptions {
  const s = resolveSrtpSuite(suite);
  return {
    suite,
    masterKey: seed.subarray(0, s.keyLength),
    masterSalt: seed.subarray(32, 32 + s.saltLength),
    ...extra,
  };
}
const seedArb = fc.uint8Array({ minLength: 46, maxLength: 46 });
const flagsArb = fc.record({
  unencryptedSrtp: fc.boolean(),
  unencryptedSrtcp: fc.boolean(),
  unauthenticatedSrtp: fc.boolean(),
  mki: fc.option(fc.record({ value: fc.bigInt({ min: 0n, max: 0xffffffn }), byteLength: fc.constant(3) }), { nil: undefined }),
  keyDerivationRate: fc.constantFrom(0, 1, 2, 16, 65536),
});

function refKey(o: SrtpSessionOptions): RefKey {
  const mki = o.mki;
  let mkiBytes: Uint8Array | undefined;
  if (mki) {
    mkiBytes = new Uint8Array(mki.byteLength);
    let v = mki.value;
    for (let i = mki.byteLength - 1; i >= 0; i--) {
      mkiBytes[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  return {
    suite: REF_SUITES[resolveSrtpSuite(o.suite).name]!,
    masterKey: o.masterKey,
    masterSalt: o.masterSalt,
    kdr: o.keyDerivationRate ?? 0,
    ...(mkiBytes ? { mki: mkiBytes } : {}),
    unencryptedSrtp: o.unencryptedSrtp === true,
    unencryptedSrtcp: o.unencryptedSrtcp === true,
    unauthenticatedSrtp: o.unauthenticatedSrtp === true,
  };
}

describe('fast path equals the slow RFC reference (test/reference.ts)', () => {
  it('SRTP, every suite, flags, MKI, KDR, ROC', () =>
    fc.assert(
      fc.property(suiteArb, seedArb, flagsArb, rtpPacket, fc.integer({ min: 0, max: 0xffffffff }), (suite, seed, f, p, roc) => {
        const aead = resolveSrtpSuite(suite).cipher === 'AES_GCM';
        const o = keyed(suite, seed, { ...f, unauthenticatedSrtp: f.unauthenticatedSrtp && !aead });
        const s = new SrtpSession(o);
        const ssrc = new DataView(p.buffer).getUint32(8);
        s.setSendRolloverCounter(ssrc, roc);
        const ours = s.protect(p);
        expect(toHex(ours)).toBe(refProtect(refKey(o), p, roc).toString('hex'));
        const rx = new SrtpSession(o);
        rx.setReceiveRolloverCounter(ssrc, roc);
        const back = rx.unprotect(ours);
        expect(back.ok && toHex(back.packet)).toBe(toHex(p));
      }),
      { numRuns: 300 },
    ));

  it('SRTCP, every suite, E flag, MKI, KDR, index', () =>
    fc.assert(
      fc.property(suiteArb, seedArb, flagsArb, rtcpPacket, fc.integer({ min: 0, max: 40 }), (suite, seed, f, p, count) => {
        const aead = resolveSrtpSuite(suite).cipher === 'AES_GCM';
        const o = keyed(suite, seed, { ...f, unauthenticatedSrtp: f.unauthenticatedSrtp && !aead });
        const s = new SrtpSession(o);
        const rx = new SrtpSession(o);
        for (let i = 0; i <= count; i++) {
          const ours = s.protectRtcp(p);
          if (i === count || i % 7 === 0) {
            expect(toHex(ours)).toBe(refProtectRtcp(refKey(o), p, i).toString('hex'));
            const back = rx.unprotectRtcp(ours);
            expect(back.ok && toHex(back.packet)).toBe(toHex(p));
          }
        }
      }),
      { numRuns: 100 },
    ));

  it('AES-GCM around the JavaScript/native threshold (200..1500 bytes), streams of packets, any offset', () =>
    fc.assert(
      fc.property(
        fc.constantFrom('AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'),
        seedArb,
        fc.array(fc.tuple(fc.integer({ min: 200, max: 1500 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 6 }),
        (suite, seed, packets) => {
          const o = keyed(suite, seed);
          const tx = new SrtpSession(o);
          const rx = new SrtpSession(o);
          packets.forEach(([n, off], k) => {
            const p = new Uint8Array(n);
            p[0] = 0x80;
            p[3] = k;
            for (let i = 12; i < n; i++) {
              p[i] = (i * seed[0]! + k) & 0xff;
            }
            const out = new Uint8Array(n + 40 + off);
            const len = tx.protectInto(p, out, off);
            const wire = out.subarray(off, off + len);
            expect(toHex(wire)).toBe(refProtect(refKey(o), p, 0).toString('hex'));
            const forged = new Uint8Array(wire);
            forged[n + (seed[1]! & 15)]! ^= 1 << (seed[2]! & 7);
            expect(rx.unprotect(forged).ok).toBe(false);
            const back = new Uint8Array(n + off);
            expect(rx.unprotectInto(wire, back, off)).toBe(n);
            expect(toHex(back.subarray(off, off + n))).toBe(toHex(p));
          });
        },
      ),
      { numRuns: 60 },
    ));

  it('large packets (native HMAC path, word-wise XOR), every suite, in place and at odd offsets', () =>
    fc.assert(
      fc.property(suiteArb, seedArb, fc.integer({ min: 400, max: 1400 }), fc.integer({ min: 0, max: 5 }), (suite, seed, n, off) => {
        const o = keyed(suite, seed);
        const p = new Uint8Array(n);
        p[0] = 0x80;
        p[3] = 1;
        for (let i = 12; i < n; i++) {
          p[i] = (i * seed[0]!) & 0xff;
        }
        const out = new Uint8Array(n + 40 + off);
        const s = new SrtpSession(o);
        const len = s.protectInto(p.subarray(0), out, off);
        const wire = out.subarray(off, off + len);
        expect(toHex(wire)).toBe(refProtect(refKey(o), p, 0).toString('hex'));
        const back = new SrtpSession(o).unprotectInto(wire, wire, 0);
        expect(back).toBe(n);
        expect(toHex(wire.subarray(0, n))).toBe(toHex(p));
      }),
      { numRuns: 60 },
    ));

  it('long streams (keystream batches): sizes vary, sequence skips and wraps, receiver reorders', () =>
    fc.assert(
      fc.property(
        suiteArb,
        seedArb,
        fc.constantFrom(0, 4),
        fc.integer({ min: 65400, max: 65532 }), // first packet below 65536: a new sender starts at ROC 0
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 420 })), { minLength: 20, maxLength: 120 }),
        fc.integer({ min: 0, max: 1000 }),
        (suite, seed, kdr, start, steps, shuffleSeed) => {
          const o = keyed(suite, seed, { keyDerivationRate: kdr });
          const tx = new SrtpSession(o);
          const ref = refKey(o);
          let index = start;
          const sent: [Uint8Array, Uint8Array][] = [];
          for (const [step, size] of steps) {
            index += step;
            const p = new Uint8Array(12 + size);
            p[0] = 0x80;
            p[2] = (index >>> 8) & 0xff;
            p[3] = index & 0xff;
            p[8] = 7;
            for (let i = 12; i < p.length; i++) {
              p[i] = (i + index) & 0xff;
            }
            const w = tx.protect(p);
            expect(toHex(w)).toBe(refProtect(ref, p, Math.floor(index / 65536)).toString('hex'));
            sent.push([p, w]);
          }
          // receiver: the first packet first (it fixes the ROC), then some neighbours swapped (seeded)
          for (let i = 1, r = shuffleSeed; i + 1 < sent.length; i++) {
            r = (r * 1103515245 + 12345) >>> 0;
            if (r % 5 === 0) {
              [sent[i], sent[i + 1]] = [sent[i + 1]!, sent[i]!];
            }
          }
          const rx = new SrtpSession(o);
          for (const [p, w] of sent) {
            const back = rx.unprotect(w);
            expect(back.ok && toHex(back.packet)).toBe(toHex(p));
          }
        },
      ),
      { numRuns: 60 },
    ));

  it('KDR: keys change at index multiples of the rate within one stream', () => {
    const o = keyed('AES_CM_128_HMAC_SHA1_80', new Uint8Array(46).fill(3), { keyDerivationRate: 4 });
    const s = new SrtpSession(o);
    const rx = new SrtpSession(o);
    const ref = refKey(o);
    const payload = new Uint8Array(40).fill(9);
    for (let seq = 65530; seq < 65536 + 12; seq++) {
      const p = new Uint8Array(12 + payload.length);
      p[0] = 0x80;
      p[2] = (seq >>> 8) & 0xff;
      p[3] = seq & 0xff;
      p[11] = 5;
      p.set(payload, 12);
      const wire = s.protect(p);
      expect(toHex(wire)).toBe(refProtect(ref, p, seq >= 65536 ? 1 : 0).toString('hex'));
      expect(rx.unprotect(wire).ok).toBe(true);
    }
    // and differs from KDR=0 after the first rate period
    const zero = new SrtpSession({ ...o, keyDerivationRate: 0 });
    const p = new Uint8Array(20);
    p[0] = 0x80;
    p[3] = 9;
    expect(toHex(new SrtpSession(o).protect(p))).not.toBe(toHex(zero.protect(p)));
  });
});

describe('protect → unprotect is the identity', () => {
  it('for arbitrary headers (CSRCs, extensions, padding) and payloads, every suite', () =>
    fc.assert(
      fc.property(suiteArb, seedArb, fc.array(rtpPacket, { minLength: 1, maxLength: 5 }), (suite, seed, packets) => {
        const tx = new SrtpSession(keyed(suite, seed));
        const rx = new SrtpSession(keyed(suite, seed));
        const seen = new Set<string>();
        for (const p of packets) {
          const id = toHex(p.subarray(2, 4)) + toHex(p.subarray(8, 12));
          if (seen.has(id)) {
            continue;
          }
          seen.add(id);
          let wire: Uint8Array;
          try {
            wire = tx.protect(p);
          } catch {
            continue; // INDEX_REUSED for a sequence number far behind an earlier one: by design
          }
          const r = rx.unprotect(wire);
          if (r.ok) {
            expect(toHex(r.packet)).toBe(toHex(p));
          } else {
            expect(r.reason).toBe('REPLAYED'); // only possible when far behind the window
          }
        }
      }),
      { numRuns: 200 },
    ));
});

describe('arbitrary bytes never throw from unprotect', () => {
  const sessions = SRTP_SUITE_NAMES.map((n) => new SrtpSession(keyed(n, new Uint8Array(46).fill(1))));
  const mki = new SrtpSession(
    keyed('AES_CM_128_HMAC_SHA1_80', new Uint8Array(46), { mki: { value: 1n, byteLength: 4 } }),
  );
  sessions.push(mki);
  it('SRTP and SRTCP, random and RTP-looking inputs', () =>
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 400 }), rtpPacket, rtcpPacket),
        fc.integer({ min: 0, max: sessions.length - 1 }),
        (bytes, i) => {
          const s = sessions[i]!;
          const a = s.unprotect(bytes);
          const b = s.unprotectRtcp(bytes);
          expect(a.ok).toBe(false);
          expect(b.ok).toBe(false);
          const out = new Uint8Array(bytes.length + 16);
          expect(typeof s.unprotectInto(bytes, out, 16)).toBe('string');
        },
      ),
      { numRuns: 1000 },
    ));
});
