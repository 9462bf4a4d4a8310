/**
 * Setting a rollover counter that a stream already has, or a lower one, must never re-open indices:
 * on send that would reuse keystream (RFC 3711 §9.1), on receive it would accept replays (§3.3.2).
 * Regression tests for the review findings #15.1, #15.2 and #14.8.
 */
import { describe, expect, it } from 'vitest';
import { SrtpSession, generateSrtpKeyingMaterial, isSrtpError } from '../src/index.js';

const SSRC = 0x43;
const pkt = (seq: number, fill: number, ssrc = SSRC): Uint8Array =>
  Uint8Array.from([0x80, 0, seq >>> 8, seq & 0xff, 0, 0, 0, 0, ssrc >>> 24, (ssrc >>> 16) & 0xff, (ssrc >>> 8) & 0xff, ssrc & 0xff, ...new Array<number>(16).fill(fill)]);
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isSrtpError(e) ? e.code : `not an SrtpError: ${String(e)}`;
  }
  return undefined;
};

describe('send: re-stating the ROC never re-opens a used index (#15.1)', () => {
  it('the reviewer\'s sequence: 6, 7, 8, ROC 0 again, 7 again is still INDEX_REUSED', () => {
    const tx = new SrtpSession(generateSrtpKeyingMaterial());
    tx.protect(pkt(6, 0));
    tx.protect(pkt(7, 0x11));
    tx.protect(pkt(8, 0));
    expect(code(() => tx.protect(pkt(7, 0x22)))).toBe('INDEX_REUSED');
    tx.setSendRolloverCounter(SSRC, 0); // a re-INVITE re-states the ROC
    expect(code(() => tx.protect(pkt(7, 0x22)))).toBe('INDEX_REUSED');
    expect(code(() => tx.protect(pkt(6, 0x22)))).toBe('INDEX_REUSED');
    expect(code(() => tx.protect(pkt(8, 0x22)))).toBe('INDEX_REUSED');
    expect(tx.protect(pkt(9, 0)).length).toBe(38); // the stream goes on
  });

  it('a higher ROC moves on; nothing of the old ROC can be sent again', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    for (let seq = 100; seq < 110; seq++) {
      tx.protect(pkt(seq, 1));
    }
    tx.setSendRolloverCounter(SSRC, 1);
    expect(tx.getSendRolloverCounter(SSRC)).toBe(1);
    const rx = new SrtpSession(m);
    rx.setReceiveRolloverCounter(SSRC, 1);
    const next = tx.protect(pkt(110, 2));
    expect(rx.unprotect(next).ok).toBe(true);
    tx.setSendRolloverCounter(SSRC, 1);
    expect(code(() => tx.protect(pkt(110, 3)))).toBe('INDEX_REUSED');
    expect(code(() => tx.setSendRolloverCounter(SSRC, 0))).toBe('INDEX_REUSED');
  });
});

describe('receive: setting the ROC keeps the replay window (#15.2)', () => {
  it('the reviewer\'s sequence: 10, 11, 12, ROC 0 again, a replay of 11 is still REPLAYED', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    const rx = new SrtpSession(m);
    const wires = [10, 11, 12].map((seq) => tx.protect(pkt(seq, seq)));
    for (const w of wires) {
      expect(rx.unprotect(w).ok).toBe(true);
    }
    expect(rx.unprotect(wires[1]!)).toEqual({ ok: false, reason: 'REPLAYED' });
    rx.setReceiveRolloverCounter(SSRC, 0);
    expect(rx.unprotect(wires[1]!)).toEqual({ ok: false, reason: 'REPLAYED' });
    expect(rx.unprotect(wires[2]!)).toEqual({ ok: false, reason: 'REPLAYED' });
    expect(rx.unprotect(tx.protect(pkt(13, 13))).ok).toBe(true);
  });

  it('a lower ROC is refused (ROC_LOWERED, nothing changed) unless forced', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    tx.setSendRolloverCounter(SSRC, 3);
    const rx = new SrtpSession(m);
    rx.setReceiveRolloverCounter(SSRC, 3);
    const old = tx.protect(pkt(10, 1));
    expect(rx.unprotect(old).ok).toBe(true);
    expect(code(() => rx.setReceiveRolloverCounter(SSRC, 2))).toBe('ROC_LOWERED');
    expect(rx.getReceiveRolloverCounter(SSRC)).toBe(3);
    expect(rx.unprotect(old)).toEqual({ ok: false, reason: 'REPLAYED' });
    rx.setReceiveRolloverCounter(SSRC, 2, { force: true });
    expect(rx.getReceiveRolloverCounter(SSRC)).toBe(2);
  });

  it('a higher ROC slides the window: packets of the old ROC are too old', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    const rx = new SrtpSession(m);
    const a = tx.protect(pkt(10, 1));
    const b = tx.protect(pkt(11, 1));
    expect(rx.unprotect(a).ok).toBe(true);
    rx.setReceiveRolloverCounter(SSRC, 1);
    expect(rx.unprotect(b)).toEqual({ ok: false, reason: 'AUTH_FAILED' }); // now guessed under ROC 1
    tx.setSendRolloverCounter(SSRC, 1);
    expect(rx.unprotect(tx.protect(pkt(12, 1))).ok).toBe(true);
  });
});

describe('direction is explicit (#14.8)', () => {
  it('setting one direction creates no state in the other, nor uses its maxSsrcs slot', () => {
    const s = new SrtpSession({ ...generateSrtpKeyingMaterial(), maxSsrcs: 1 });
    s.setReceiveRolloverCounter(1, 4);
    expect(s.getReceiveRolloverCounter(1)).toBe(4);
    expect(s.getSendRolloverCounter(1)).toBeUndefined();
    s.setSendRolloverCounter(2, 7); // the send side still has its one slot
    expect(s.getSendRolloverCounter(2)).toBe(7);
    expect(s.getReceiveRolloverCounter(2)).toBeUndefined();
    expect(code(() => s.setReceiveRolloverCounter(3, 0))).toBe('SSRC_LIMIT');
    expect(code(() => s.setSendRolloverCounter(3, 0))).toBe('SSRC_LIMIT');
  });

  it('reads each direction\'s own ROC for an SSRC that both sends and receives', () => {
    const m = generateSrtpKeyingMaterial();
    const peer = new SrtpSession(m);
    peer.setSendRolloverCounter(SSRC, 2);
    const s = new SrtpSession(m);
    s.setSendRolloverCounter(SSRC, 9);
    s.setReceiveRolloverCounter(SSRC, 2);
    expect(s.unprotect(peer.protect(pkt(5, 0))).ok).toBe(true);
    expect(s.getReceiveRolloverCounter(SSRC)).toBe(2);
    expect(s.getSendRolloverCounter(SSRC)).toBe(9);
  });
});

describe('initialRolloverCounter: the ROC of SSRCs not seen yet (#15.4)', () => {
  it('decrypts a stream that started after a rollover without a per-SSRC call', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    tx.setSendRolloverCounter(9, 2);
    const rx = new SrtpSession({ ...m, initialRolloverCounter: 2 });
    expect(rx.unprotect(tx.protect(pkt(500, 1, 9))).ok).toBe(true);
    expect(rx.getReceiveRolloverCounter(9)).toBe(2);
    expect(new SrtpSession(m).unprotect(tx.protect(pkt(501, 1, 9)))).toEqual({ ok: false, reason: 'AUTH_FAILED' });
  });

  it('forged packets of fresh SSRCs create no state, so they cannot use up maxSsrcs', () => {
    const m = generateSrtpKeyingMaterial();
    const rx = new SrtpSession({ ...m, initialRolloverCounter: 5, maxSsrcs: 4 });
    for (let ssrc = 1000; ssrc < 1100; ssrc++) {
      const forged = new Uint8Array(32);
      forged.set(pkt(1, 0, ssrc));
      expect(rx.unprotect(forged).ok).toBe(false);
      expect(rx.getReceiveRolloverCounter(ssrc)).toBeUndefined();
    }
    const tx = new SrtpSession({ ...m, initialRolloverCounter: 5 });
    expect(tx.getSendRolloverCounter(7)).toBeUndefined();
    const wire = tx.protect(pkt(40000, 1, 7));
    expect(tx.getSendRolloverCounter(7)).toBe(5);
    expect(rx.unprotect(wire).ok).toBe(true);
  });

  it('is range-checked', () => {
    const m = generateSrtpKeyingMaterial();
    expect(() => new SrtpSession({ ...m, initialRolloverCounter: -1 })).toThrow(RangeError);
    expect(() => new SrtpSession({ ...m, initialRolloverCounter: 2 ** 32 })).toThrow(RangeError);
  });
});
