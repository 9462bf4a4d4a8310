/**
 * Forged packets and key derivation with a KDR (RFC 3711 §4.3.1): a forgery never authenticates, so
 * the keys it makes the receiver derive are pure cost. Whatever the flood, the derivations it causes
 * stay within the session's derivation budget (64 at once, refilled at 256 a second) plus the one
 * probe slot of the next epoch, and the keys real packets use are never evicted by it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SrtpSession } from '../src/index.js';
import { deriveSrtpKey } from '../src/key-derivation.js';
import type * as KeyDerivation from '../src/key-derivation.js';
import { prng, rtp } from './helpers.js';

vi.mock('../src/key-derivation.js', async (importOriginal) => {
  const m = await importOriginal<typeof KeyDerivation>();
  return { ...m, deriveSrtpKey: vi.fn(m.deriveSrtpKey) };
});

const derive = vi.mocked(deriveSrtpKey);
/** SRTP session keys derived so far: each is a salt, an encryption key and an auth key. */
const derivations = (): number => derive.mock.calls.filter((c) => c[2] <= 2).length / 3;

const KDR = 16;
const BUDGET = 64;
const material = {
  suite: 'AES_CM_128_HMAC_SHA1_80',
  masterKey: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
  masterSalt: Uint8Array.from({ length: 14 }, (_, i) => 0x40 + i),
  keyDerivationRate: KDR,
};
const packet = (seq: number, ssrc: number): Uint8Array => rtp({ seq, ssrc, payload: new Uint8Array(20).fill(seq & 0xff) });

/** A forged SRTP packet: a well-formed header, random payload and tag. */
function forged(seq: number, ssrc: number, rnd: () => number): Uint8Array {
  const p = new Uint8Array(12 + 20 + 10);
  p[0] = 0x80;
  p[2] = (seq >>> 8) & 0xff;
  p[3] = seq & 0xff;
  new DataView(p.buffer).setUint32(8, ssrc >>> 0);
  for (let i = 12; i < p.length; i++) {
    p[i] = (rnd() * 256) | 0;
  }
  return p;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['performance'] }); // the budget refills with time: hold the clock
  derive.mockClear();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('forged packets with a KDR spend at most the derivation budget', () => {
  it('fresh SSRCs: at most the budget, however many; real new streams authenticate once it refills', () => {
    const tx = new SrtpSession(material);
    const rx = new SrtpSession(material);
    const rnd = prng(1);
    const before = derivations();
    for (let i = 0; i < 5000; i++) {
      expect(rx.unprotect(forged((rnd() * 65536) | 0, (rnd() * 2 ** 32) >>> 0, rnd)).ok).toBe(false);
    }
    expect(derivations() - before).toBeLessThanOrEqual(BUDGET);
    vi.advanceTimersByTime(1000);
    expect(rx.unprotect(tx.protect(packet(1, 0xabc))).ok).toBe(true);
  });

  it('a known stream: forgeries at any sequence number, any epoch, cost at most the budget + 1', () => {
    const tx = new SrtpSession(material);
    const rx = new SrtpSession(material);
    for (let seq = 1; seq <= 100; seq++) {
      expect(rx.unprotect(tx.protect(packet(seq, 7))).ok).toBe(true);
    }
    const before = derivations();
    const rnd = prng(2);
    for (let i = 0; i < 5000; i++) {
      rx.unprotect(forged((rnd() * 65536) | 0, 7, rnd));
    }
    expect(derivations() - before).toBeLessThanOrEqual(BUDGET + 1);
    // the stream's keys were not evicted: the next real packets cost no derivation but their own epochs'
    const real = derivations();
    for (let seq = 101; seq <= 110; seq++) {
      expect(rx.unprotect(tx.protect(packet(seq, 7))).ok).toBe(true);
    }
    expect(derivations() - real).toBeLessThanOrEqual(1);
  });

  it('alternating between the next epochs of two streams costs at most the budget + 1', () => {
    const tx = new SrtpSession(material);
    const rx = new SrtpSession(material);
    for (const [ssrc, last] of [[1, 40], [2, 200]] as const) {
      for (let seq = last - 5; seq <= last; seq++) {
        expect(rx.unprotect(tx.protect(packet(seq, ssrc))).ok).toBe(true);
      }
    }
    const before = derivations();
    const rnd = prng(3);
    for (let i = 0; i < 2000; i++) {
      // the first index of each stream's next epoch: 48 for SSRC 1, 208 for SSRC 2
      rx.unprotect(i % 2 === 0 ? forged(48, 1, rnd) : forged(208, 2, rnd));
    }
    expect(derivations() - before).toBeLessThanOrEqual(BUDGET + 1);
    // and both streams still move into their next epochs
    vi.advanceTimersByTime(1000);
    expect(rx.unprotect(tx.protect(packet(48, 1))).ok).toBe(true);
    expect(rx.unprotect(tx.protect(packet(208, 2))).ok).toBe(true);
  });

  it('alternating between an old epoch inside the replay window and the next one costs at most the budget + 1', () => {
    const tx = new SrtpSession(material);
    const rx = new SrtpSession(material);
    for (let seq = 1; seq <= 130; seq += 2) {
      expect(rx.unprotect(tx.protect(packet(seq, 9))).ok).toBe(true); // odd indices only: even ones never seen
    }
    const before = derivations();
    const rnd = prng(4);
    for (let i = 0; i < 2000; i++) {
      // 70 is inside the 64-packet window (highest 129) in epoch 4, long evicted; 144 starts epoch 9
      rx.unprotect(i % 2 === 0 ? forged(70, 9, rnd) : forged(144, 9, rnd));
    }
    expect(derivations() - before).toBeLessThanOrEqual(BUDGET + 1);
  });
});
