/**
 * The ROC+1 retry for a new SSRC stays (late joiners need it) but a flood of forged fresh SSRCs spends
 * only a bounded budget on it, and it is counted (#14.11).
 */
import { describe, expect, it } from 'vitest';
import { SrtpSession, generateSrtpKeyingMaterial } from '../src/index.js';

const pkt = (seq: number, ssrc: number): Uint8Array =>
  Uint8Array.from([0x80, 0, seq >>> 8, seq & 0xff, 0, 0, 0, 0, ssrc >>> 24, (ssrc >>> 16) & 0xff, (ssrc >>> 8) & 0xff, ssrc & 0xff, 1, 2, 3, 4]);

describe('new-stream ROC retry', () => {
  it('finds a late joiner at ROC 1 and counts it', () => {
    const m = generateSrtpKeyingMaterial();
    const tx = new SrtpSession(m);
    tx.setSendRolloverCounter(5, 1);
    const rx = new SrtpSession(m);
    expect(rx.unprotect(tx.protect(pkt(10, 5))).ok).toBe(true);
    expect(rx.newStreamRetries).toEqual({ tried: 1, authenticated: 1, skipped: 0 });
  });

  it('a flood of forged fresh SSRCs spends at most the budget on retries, then one tag check each', () => {
    const m = generateSrtpKeyingMaterial();
    const rx = new SrtpSession(m);
    for (let ssrc = 1; ssrc <= 1000; ssrc++) {
      const forged = new Uint8Array(26);
      forged.set(pkt(ssrc & 0x7fff, ssrc));
      expect(rx.unprotect(forged)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    }
    const { tried, authenticated, skipped } = rx.newStreamRetries;
    expect(authenticated).toBe(0);
    expect(tried + skipped).toBe(1000);
    // 64 at once plus what refills while the loop runs (64 a second): far fewer than 1000
    expect(tried).toBeGreaterThanOrEqual(64);
    expect(tried).toBeLessThan(400);
    // a real late joiner is still found once the budget refills; until then it is skipped, not broken
    const tx = new SrtpSession(m);
    tx.setSendRolloverCounter(77, 1);
    const first = tx.protect(pkt(20, 77));
    const r = rx.unprotect(first);
    expect(r.ok || rx.newStreamRetries.skipped > skipped).toBe(true);
  });
});
