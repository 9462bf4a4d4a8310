import { describe, expect, it } from 'vitest';
import { ReplayWindow, SrtpSession, generateSrtpKeyingMaterial, isSrtpError } from '../src/index.js';
import { prng, rtp, toHex } from './helpers.js';

const pkt = (seq: number, ssrc: number): Uint8Array =>
  rtp({ seq: seq & 0xffff, ssrc, payload: Uint8Array.from({ length: 30 }, (_, i) => (seq + i) & 0xff) });

describe('ROC per SSRC (RFC 3711 §3.3.1, Appendix A)', () => {
  it('two SSRCs wrapping at different times keep their own ROC', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    const rx = new SrtpSession(m);
    for (let i = 0; i < 400; i++) {
      for (const [ssrc, start] of [
        [1, 65400],
        [2, 65200],
      ] as const) {
        const r = rx.unprotect(tx.protect(pkt(start + i, ssrc)));
        expect(r.ok).toBe(true);
      }
    }
    expect(rx.getReceiveRolloverCounter(1)).toBe(1);
    expect(rx.getReceiveRolloverCounter(2)).toBe(1);
    expect(tx.getSendRolloverCounter(1)).toBe(1);
    const rx2 = new SrtpSession(m);
    const tx2 = new SrtpSession(m);
    for (let i = 0; i < 200; i++) {
      expect(rx2.unprotect(tx2.protect(pkt(65450 + i, 1))).ok).toBe(true);
      expect(rx2.unprotect(tx2.protect(pkt(1000 + i, 2))).ok).toBe(true);
    }
    expect(rx2.getReceiveRolloverCounter(1)).toBe(1);
    expect(rx2.getReceiveRolloverCounter(2)).toBe(0);
  });

  it('late join: setRolloverCounter on the receiver', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    tx.setSendRolloverCounter(5, 7);
    const wire = tx.protect(pkt(100, 5));
    const naive = new SrtpSession(m);
    expect(naive.unprotect(wire)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    const rx = new SrtpSession(m);
    rx.setReceiveRolloverCounter(5, 7);
    expect(rx.unprotect(wire).ok).toBe(true);
    expect(rx.getReceiveRolloverCounter(5)).toBe(7);
    // re-INVITE: ROC changed on a running stream
    tx.setSendRolloverCounter(5, 9);
    rx.setReceiveRolloverCounter(5, 9);
    expect(rx.unprotect(tx.protect(pkt(101, 5))).ok).toBe(true);
    expect(rx.getReceiveRolloverCounter(5)).toBe(9);
    expect(() => rx.setReceiveRolloverCounter(5, 2 ** 32)).toThrow(RangeError);
  });

  it('reordering and loss across the wrap (seeded), ROC follows', () => {
    const m = generateSrtpKeyingMaterial('AEAD_AES_128_GCM');
    const tx = new SrtpSession(m);
    const rx = new SrtpSession(m);
    const rand = prng(42);
    const wires: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      wires.push(tx.protect(pkt(65400 + i, 3)));
    }
    // 8% loss, swap neighbours 10% of the time
    const sent = wires.filter(() => rand() > 0.08);
    for (let i = 0; i + 1 < sent.length; i++) {
      if (rand() < 0.1) {
        [sent[i], sent[i + 1]] = [sent[i + 1]!, sent[i]!];
      }
    }
    for (const w of sent) {
      expect(rx.unprotect(w).ok).toBe(true);
    }
    expect(rx.getReceiveRolloverCounter(3)).toBe(1);
    // a receiver whose first packet comes just after the wrap (the ones before were lost) tries ROC 0,
    // then ROC 1 (cisco/libsrtp#729), and from then on follows the stream
    const joiner = new SrtpSession(m);
    expect(joiner.unprotect(wires[140]!).ok).toBe(true);
    expect(joiner.getReceiveRolloverCounter(3)).toBe(1);
    expect(joiner.unprotect(wires[141]!).ok).toBe(true);
    const late = new SrtpSession(m);
    late.setReceiveRolloverCounter(3, 1);
    expect(late.unprotect(wires[140]!).ok).toBe(true);
  });

  it('the ROC-1 retry is for new streams only: ROC 2 still needs setRolloverCounter', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    tx.setSendRolloverCounter(8, 2);
    const w = tx.protect(pkt(10, 8));
    expect(new SrtpSession(m).unprotect(w)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    const wrapped = new SrtpSession(m); // AES-CM this time: ROC 1 found by the retry
    wrapped.setSendRolloverCounter(9, 1);
    expect(new SrtpSession(m).unprotect(wrapped.protect(pkt(10, 9))).ok).toBe(true);
    const told = new SrtpSession(m);
    told.setReceiveRolloverCounter(8, 0); // an explicit (wrong) ROC is trusted: no retry
    const tx1 = new SrtpSession(m);
    tx1.setSendRolloverCounter(8, 1);
    expect(told.unprotect(tx1.protect(pkt(10, 8)))).toEqual({ ok: false, reason: 'AUTH_FAILED' });
  });

  it('the first packet arriving after the wrap then a late one from before it', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    const a = tx.protect(pkt(65534, 9));
    const b = tx.protect(pkt(65535, 9));
    const c = tx.protect(pkt(65536, 9));
    const rx = new SrtpSession(m);
    expect(rx.unprotect(b).ok).toBe(true);
    expect(rx.unprotect(c).ok).toBe(true);
    expect(rx.unprotect(a).ok).toBe(true);
    expect(rx.getReceiveRolloverCounter(9)).toBe(1);
  });

  it('a forged packet with a far sequence number moves neither ROC nor window', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    const rx = new SrtpSession(m);
    for (let s = 65500; s < 65530; s++) {
      expect(rx.unprotect(tx.protect(pkt(s, 4))).ok).toBe(true);
    }
    const forged = new Uint8Array(tx.protect(pkt(65530, 4)));
    const keep = new Uint8Array(forged);
    forged[2] = 0x40; // seq 0x40xx: would be interpreted as after the wrap
    forged[3] = 0;
    expect(rx.unprotect(forged)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    expect(rx.getReceiveRolloverCounter(4)).toBe(0);
    expect(rx.unprotect(keep).ok).toBe(true); // window did not slide past 65530
    expect(rx.getReceiveRolloverCounter(4)).toBe(0);
  });

  it('sender refuses to reuse an index (never reuses a keystream)', () => {
    const tx = SrtpSession.generate();
    tx.protect(pkt(10, 1));
    tx.protect(pkt(11, 1));
    expect(() => tx.protect(pkt(10, 1))).toThrow(expect.objectContaining({ code: 'INDEX_REUSED' }));
    tx.protect(pkt(9, 1)); // backwards but unused: fine, same index a receiver would estimate
    for (let s = 12; s < 200; s++) {
      tx.protect(pkt(s, 1));
    }
    expect(() => tx.protect(pkt(20, 1))).toThrow(expect.objectContaining({ code: 'INDEX_REUSED' }));
  });

  it('replayProtection:false accepts repeats of authentic packets (translators)', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    const rx = new SrtpSession({ ...m, replayProtection: false });
    const w = tx.protect(pkt(1, 1));
    expect(rx.unprotect(w).ok).toBe(true);
    expect(rx.unprotect(w).ok).toBe(true);
    const bad = new Uint8Array(w);
    bad[20]! ^= 1;
    expect(rx.unprotect(bad).ok).toBe(false);
  });

  it('a window of 1024 accepts a packet 1000 behind; the default 64 does not', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    const old = tx.protect(pkt(1, 1));
    const newer: Uint8Array[] = [];
    for (let s = 2; s < 1002; s++) {
      newer.push(tx.protect(pkt(s, 1)));
    }
    for (const [size, ok] of [
      [64, false],
      [1024, true],
    ] as const) {
      const rx = new SrtpSession({ ...m, replayWindowSize: size });
      for (const w of newer) {
        rx.unprotect(w);
      }
      const r = rx.unprotect(old);
      expect(r.ok).toBe(ok);
      if (!r.ok) {
        expect(r.reason).toBe('REPLAYED');
      }
    }
  });
});

describe('ReplayWindow (RFC 3711 §3.3.2)', () => {
  it('tracks seen indices within the window, rejects older ones', () => {
    const w = new ReplayWindow(64);
    expect(w.check(100)).toBe(true);
    w.accept(100);
    expect(w.check(100)).toBe(false);
    expect(w.check(37)).toBe(true);
    expect(w.check(36)).toBe(false);
    w.accept(37);
    expect(w.check(37)).toBe(false);
    w.accept(164);
    expect(w.check(100)).toBe(false); // slid out
    expect(w.check(101)).toBe(true);
    w.accept(100_000);
    expect(w.check(164)).toBe(false);
    expect(w.check(99_999)).toBe(true);
  });
  // 64: the ring is the two inline words only; 96: inline words and one more; 1024: mostly the array
  it.each([64, 96, 1024])('matches a Set-based model for random sequences (size %i)', (size) => {
    const rand = prng(7 + size);
    const w = new ReplayWindow(size);
    const seen = new Set<number>();
    let top = -1;
    for (let i = 0; i < 5000; i++) {
      // mostly near the top, at times a jump of more than the ring (which clears it)
      const jump = rand() < 0.01 ? 2 * size : 0;
      const idx = Math.max(0, top + jump + Math.floor(rand() * (size + 44)) - size);
      const expected = !seen.has(idx) && (idx > top || top - idx < size);
      expect(w.check(idx)).toBe(expected);
      if (expected) {
        w.accept(idx);
        seen.add(idx);
        top = Math.max(top, idx);
      }
    }
    expect(toHex(new Uint8Array([1]))).toBe('01');
  });
  it('rejects sizes outside 64..32768', () => {
    expect(() => new ReplayWindow(63)).toThrow(RangeError);
    expect(() => new ReplayWindow(32769)).toThrow(RangeError);
    expect(new ReplayWindow(32768).size).toBe(32768);
  });
});

describe('setRolloverCounter on a stream that has sent', () => {
  it('moves forward, and refuses to go back (that would reuse keystream), changing nothing', () => {
    const tx = SrtpSession.generate();
    const rx = new SrtpSession(tx.keyingMaterial);
    const p = (seq: number): Uint8Array => {
      const b = new Uint8Array(20);
      b[0] = 0x80;
      b[2] = seq >>> 8;
      b[3] = seq & 0xff;
      b[11] = 4;
      return b;
    };
    tx.setSendRolloverCounter(4, 3);
    rx.setReceiveRolloverCounter(4, 3);
    const first = tx.protect(p(10));
    expect(rx.unprotect(first).ok).toBe(true);
    expect(() => tx.setSendRolloverCounter(4, 2)).toThrow(/SSRC 4 has sent under ROC 3: ROC 2 would reuse SRTP indices/);
    let err: unknown;
    try {
      tx.setSendRolloverCounter(4, 0);
    } catch (e) {
      err = e;
    }
    expect(isSrtpError(err) && err.code).toBe('INDEX_REUSED');
    expect(tx.getSendRolloverCounter(4)).toBe(3);
    // the same ROC again, or a later one, is fine
    tx.setSendRolloverCounter(4, 3);
    tx.setSendRolloverCounter(4, 5);
    rx.setReceiveRolloverCounter(4, 5);
    expect(rx.unprotect(tx.protect(p(11))).ok).toBe(true);
    // a lower receive ROC would re-open old packets to replay: refused unless forced (#15.2)
    expect(() => rx.setReceiveRolloverCounter(4, 1)).toThrow(expect.objectContaining({ code: 'ROC_LOWERED' }));
    expect(rx.getReceiveRolloverCounter(4)).toBe(5);
    rx.setReceiveRolloverCounter(4, 1, { force: true });
    expect(rx.getReceiveRolloverCounter(4)).toBe(1);
  });
});
