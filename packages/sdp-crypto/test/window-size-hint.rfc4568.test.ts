/**
 * RFC 4568 §6.3.6 WSH: the sender of an `a=crypto` line hints the replay window (RFC 3711 §3.3.2) its
 * receiver should use. It is a hint for the direction the line's key protects, not declarative: the
 * answerer honours the offer's WSH in the material it receives with, and does not echo it.
 */
import { SrtpSession } from '@voip/srtp';
import { describe, expect, it } from 'vitest';
import {
  acceptCryptoAnswer,
  createCryptoOffer,
  keyingMaterialFromAttribute,
  parseCryptoAttribute,
  selectCryptoAnswer,
} from '../src/index.js';
import { answered } from './helpers.js';


/** An RTP packet (RFC 3550 §5.1) of SSRC 7 with sequence number `seq` and a 20-byte payload. */
const rtp = (seq: number): Uint8Array => {
  const p = new Uint8Array(32);
  p[0] = 0x80;
  p[2] = seq >>> 8;
  p[3] = seq & 0xff;
  p[11] = 7;
  p.fill(seq & 0xff, 12);
  return p;
};

/** Sends 1..n in order, then packet 1 late (n-1 behind the highest): accepted only by a window > n-1. */
function lateByWindow(tx: SrtpSession, rx: SrtpSession, n: number): string {
  const wire = Array.from({ length: n }, (_, i) => tx.protect(rtp(i + 1)));
  for (const w of wire.slice(1)) {
    expect(rx.unprotect(w).ok).toBe(true);
  }
  const late = rx.unprotect(wire[0]!);
  return late.ok ? 'accepted' : late.reason;
}

describe('RFC 4568 §6.3.6 WSH becomes the receiver\'s replay window', () => {
  it('offer with WSH=1024 → the answerer accepts the line and receives with a 1024-packet window', () => {
    const offer = createCryptoOffer({ sessionParams: [{ type: 'WSH', windowSize: 1024 }] });
    expect(offer.lines[0]).toMatch(/ WSH=1024$/);
    const answer = answered(selectCryptoAnswer(offer.lines));
    expect(answer.rejections).toEqual([]);
    expect(answer.remote.replayWindowSize).toBe(1024);
    // not declarative: the answer does not echo the offerer's hint, and the answerer's own key has none
    expect(answer.line).not.toMatch(/WSH/);
    expect(answer.local.replayWindowSize).toBeUndefined();
    const accepted = acceptCryptoAnswer(offer, answer.line);
    expect(accepted.ok).toBe(true);

    // end to end: the offerer sends with its key, the answerer receives with the material it was given
    const tx = new SrtpSession(offer.entries[0]!.local);
    const rx = new SrtpSession(answer.remote);
    expect(lateByWindow(tx, rx, 600)).toBe('accepted');
    // the same stream into a receiver without the hint (default window 64) refuses the late packet
    const tx2 = new SrtpSession(offer.entries[0]!.local);
    const rx2 = new SrtpSession({ ...answer.remote, replayWindowSize: undefined });
    expect(lateByWindow(tx2, rx2, 600)).toBe('REPLAYED');
  });

  it('an answer with WSH sets the offerer\'s inbound window; no WSH leaves it to the default', () => {
    const offer = createCryptoOffer();
    const answer = answered(selectCryptoAnswer(offer.lines));
    expect(answer.remote.replayWindowSize).toBeUndefined();
    const plain = acceptCryptoAnswer(offer, answer.line);
    expect(plain.ok && plain.remote.replayWindowSize).toBeUndefined();
    const hinted = acceptCryptoAnswer(offer, `${answer.line} WSH=256`);
    expect(hinted.ok && hinted.remote.replayWindowSize).toBe(256);
    expect(hinted.ok && hinted.local.replayWindowSize).toBeUndefined();
  });

  it('a hint above the 32768 @voip/srtp keeps is clamped (it is only a hint); below 64 does not parse', () => {
    const offer = createCryptoOffer();
    const line = `${offer.lines[0]!} WSH=4294967295`;
    const answer = answered(selectCryptoAnswer([line]));
    expect(answer.remote.replayWindowSize).toBe(32768);
    expect(() => new SrtpSession(answer.remote)).not.toThrow();
    const low = selectCryptoAnswer([`${offer.lines[0]!} WSH=63`]);
    expect(low.rejections.map((r) => [r.code, r.error?.code])).toEqual([['MALFORMED', 'BAD_SESSION_PARAM']]);
  });

  it('is refused with acceptSessionParams that leave it out', () => {
    const offer = createCryptoOffer({ sessionParams: [{ type: 'WSH', windowSize: 128 }] });
    const r = selectCryptoAnswer(offer.lines, { acceptSessionParams: [] });
    expect(r.rejections.map((x) => x.code)).toEqual(['UNSUPPORTED_SESSION_PARAM', 'UNSUPPORTED_SESSION_PARAM']);
  });

  it('keyingMaterialFromAttribute carries it too (clamped), and @voip/srtp reports it back', () => {
    const line = `${createCryptoOffer().lines[0]!} UNENCRYPTED_SRTCP WSH=2048`;
    const m = keyingMaterialFromAttribute(parseCryptoAttribute(line));
    expect(m.replayWindowSize).toBe(2048);
    expect(new SrtpSession(m).keyingMaterial.replayWindowSize).toBe(2048);
    expect(keyingMaterialFromAttribute(parseCryptoAttribute(`${line}0`)).replayWindowSize).toBe(20480);
    expect(keyingMaterialFromAttribute(parseCryptoAttribute(`${line}00`)).replayWindowSize).toBe(32768);
  });
});
