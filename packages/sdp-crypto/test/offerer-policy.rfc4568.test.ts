/**
 * RFC 4568 §7.1.3: the offerer holds the answer to the rules the answerer holds the offer to: the same
 * lifetime floor (`minLifetime`, default 2^20) and the same MKI switch (`acceptMki`, default true).
 * An answer MKI the offer did not use is legal (each side declares the keys it sends with, §6.1).
 */
import { SrtpSession } from '@voip/srtp';
import { describe, expect, it } from 'vitest';
import { acceptCryptoAnswer, createCryptoOffer, selectCryptoAnswer } from '../src/index.js';
import type { CryptoAnswerAcceptance } from '../src/index.js';
import { answered } from './helpers.js';

const code = (r: CryptoAnswerAcceptance): string | undefined => (r.ok ? undefined : r.error.code);

describe('offerer: lifetime floor of the answer (as the answerer\'s)', () => {
  const offer = createCryptoOffer();
  for (const [lifetime, expected] of [
    [1, 'LIFETIME_TOO_SHORT'],
    [2 ** 19, 'LIFETIME_TOO_SHORT'],
    [2 ** 20 - 1, 'LIFETIME_TOO_SHORT'],
    [2 ** 20, undefined],
    [2 ** 31, undefined],
  ] as const) {
    it(`an answer key with lifetime ${lifetime}: ${expected ?? 'accepted'}, as the answerer treats an offer`, () => {
      const answer = answered(selectCryptoAnswer(offer.lines, { lifetime }));
      expect(code(acceptCryptoAnswer(offer, answer.line))).toBe(expected);
      // the answerer's default floor on the same lifetime in an offer gives the same verdict
      const offered = createCryptoOffer({ lifetime });
      const back = selectCryptoAnswer(offered.lines);
      expect(back.ok ? undefined : back.rejections[0]?.code).toBe(expected);
    });
  }
  it('minLifetime lowers or raises the floor; a bad option is a TypeError', () => {
    const answer = answered(selectCryptoAnswer(offer.lines, { lifetime: 1 }));
    expect(code(acceptCryptoAnswer(offer, answer.line, { minLifetime: 1 }))).toBeUndefined();
    expect(code(acceptCryptoAnswer(offer, answer.line, { minLifetime: 1n }))).toBeUndefined();
    const long = answered(selectCryptoAnswer(offer.lines, { lifetime: 2 ** 30 }));
    expect(code(acceptCryptoAnswer(offer, long.line, { minLifetime: 2n ** 31n }))).toBe('LIFETIME_TOO_SHORT');
    expect(() => acceptCryptoAnswer(offer, long.line, { minLifetime: 1.5 })).toThrow(TypeError);
    const r = acceptCryptoAnswer(offer, answer.line);
    expect(!r.ok && r.error.message).toMatch(/lifetime 1 is below the floor of 1048576 packets/);
  });
});

describe('offerer: an answer MKI the offer did not use', () => {
  it('is accepted: remote carries it, and the answerer\'s MKI-tagged packets decrypt end to end', () => {
    const offer = createCryptoOffer();
    expect(offer.entries[0]!.local.mki).toBeUndefined();
    const answer = answered(selectCryptoAnswer(offer.lines, { mki: { value: 7, byteLength: 4 } }));
    expect(answer.line).toMatch(/\|7:4$/);
    const accepted = acceptCryptoAnswer(offer, answer.line);
    if (!accepted.ok) {
      throw accepted.error;
    }
    expect(accepted.remote.mki).toEqual({ value: 7n, byteLength: 4 });
    expect(accepted.local.mki).toBeUndefined();
    const tx = new SrtpSession(answer.local);
    const rx = new SrtpSession(accepted.remote);
    const rtp = new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3, 4]);
    const wire = tx.protect(rtp);
    expect(wire.length).toBe(rtp.length + 4 + 10);
    const r = rx.unprotect(wire);
    expect(r.ok && [...r.packet]).toEqual([...rtp]);
    // and the offer's direction is unchanged: no MKI
    const back = new SrtpSession(answer.remote).unprotect(new SrtpSession(offer.entries[0]!.local).protect(rtp));
    expect(back.ok).toBe(true);
  });
  it('is refused with acceptMki: false (MKI_NOT_ACCEPTED), as the answerer refuses such offers', () => {
    const offer = createCryptoOffer();
    const answer = answered(selectCryptoAnswer(offer.lines, { mki: { value: 1, byteLength: 1 } }));
    expect(code(acceptCryptoAnswer(offer, answer.line, { acceptMki: false }))).toBe('MKI_NOT_ACCEPTED');
    const plain = answered(selectCryptoAnswer(offer.lines));
    expect(code(acceptCryptoAnswer(offer, plain.line, { acceptMki: false }))).toBeUndefined();
  });
});
