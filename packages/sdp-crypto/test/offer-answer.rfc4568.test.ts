import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OFFER_SUITES,
  acceptCryptoAnswer,
  createCryptoOffer,
  formatCryptoAttribute,
  parseCryptoAttribute,
  selectCryptoAnswer,
} from '../src/index.js';
import type { CryptoAttribute, SrtpKeyingMaterial } from '../src/index.js';
import { answered } from './helpers.js';

const sameKeys = (a: SrtpKeyingMaterial, b: SrtpKeyingMaterial): void => {
  expect(a.suite).toBe(b.suite);
  expect(a.masterKey).toEqual(b.masterKey);
  expect(a.masterSalt).toEqual(b.masterSalt);
};

describe('RFC 4568 §7.1 offer → answer → accept, end to end', () => {
  it('both sides end up with matching keys for each direction', () => {
    const offer = createCryptoOffer({ suites: ['AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80'] });
    const answer = answered(selectCryptoAnswer(offer.lines.map((l) => `a=crypto:${l}`)));
    const accepted = acceptCryptoAnswer(offer, `a=crypto:${answer.line}\r\n`);
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) {
      return;
    }
    expect(answer.tag).toBe(1);
    expect(accepted.tag).toBe(1);
    // Offerer → answerer direction, and back.
    sameKeys(accepted.local, answer.remote);
    sameKeys(answer.local, accepted.remote);
    // The two directions use different keys (never the offerer's key echoed back; rvoip PR #43).
    expect(answer.local.masterKey).not.toEqual(answer.remote.masterKey);
    expect(answer.local.masterSalt).not.toEqual(answer.remote.masterSalt);
    expect(accepted.local).toBe(offer.entries[0]?.local);
  });

  it('works for every implemented suite, with lifetime, MKI and session params', () => {
    for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32', 'AES_192_CM_HMAC_SHA1_80',
      'AES_192_CM_HMAC_SHA1_32', 'AES_256_CM_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_32', 'AEAD_AES_128_GCM', 'AEAD_AES_256_GCM']) {
      const offer = createCryptoOffer({
        suites: [suite],
        lifetime: 2 ** 31,
        mki: { value: 1, byteLength: 1 },
        sessionParams: [{ type: 'UNENCRYPTED_SRTCP' }],
        padded: false,
      });
      expect(offer.lines[0]).toMatch(new RegExp(`^1 ${suite} inline:[A-Za-z0-9+/]+\\|2\\^31\\|1:1 UNENCRYPTED_SRTCP$`));
      const answer = answered(selectCryptoAnswer(offer.lines, { lifetime: 2n ** 31n, mki: { value: 7n, byteLength: 2 } }));
      expect(answer.line).toMatch(/\|2\^31\|7:2 UNENCRYPTED_SRTCP$/);
      const accepted = acceptCryptoAnswer(offer, answer.line);
      if (!accepted.ok) {
        throw accepted.error;
      }
      sameKeys(accepted.local, answer.remote);
      sameKeys(answer.local, accepted.remote);
      expect(accepted.local.mki).toEqual({ value: 1n, byteLength: 1 });
      expect(answer.remote.mki).toEqual({ value: 1n, byteLength: 1 });
      expect(accepted.remote.mki).toEqual({ value: 7n, byteLength: 2 });
      expect([accepted.local.lifetime, accepted.remote.lifetime]).toEqual([2 ** 31, 2 ** 31]);
      expect([accepted.local.unencryptedSrtcp, accepted.remote.unencryptedSrtcp]).toEqual([true, true]);
    }
  });

  it('accepts parsed attributes on both sides', () => {
    const offer = createCryptoOffer();
    const answer = answered(selectCryptoAnswer(offer.entries.map((e) => e.attribute)));
    const accepted = acceptCryptoAnswer(offer, answer.attribute);
    expect(accepted.ok).toBe(true);
  });

  it('KDR is opt-in and becomes keyDerivationRate 2^n on both sides', () => {
    const offer = createCryptoOffer({ sessionParams: [{ type: 'KDR', exponent: 16 }] });
    expect(offer.entries[0]?.local.keyDerivationRate).toBe(65536);
    const refused = selectCryptoAnswer(offer.lines);
    expect(refused.ok).toBe(false);
    expect(refused.rejections.map((r) => r.code)).toEqual(['UNSUPPORTED_SESSION_PARAM', 'UNSUPPORTED_SESSION_PARAM']);
    const answer = answered(selectCryptoAnswer(offer.lines, { acceptSessionParams: ['KDR'] }));
    expect(answer.line.endsWith(' KDR=16')).toBe(true);
    expect([answer.local.keyDerivationRate, answer.remote.keyDerivationRate]).toEqual([65536, 65536]);
    const accepted = acceptCryptoAnswer(offer, answer.line);
    expect(accepted.ok && accepted.remote.keyDerivationRate).toBe(65536);
  });

  it('UNAUTHENTICATED_SRTP is opt-in, and refused with AEAD suites', () => {
    const offer = createCryptoOffer({
      suites: ['AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80'],
      sessionParams: [{ type: 'UNAUTHENTICATED_SRTP' }],
    });
    expect(selectCryptoAnswer(offer.lines).ok).toBe(false);
    const answer = answered(selectCryptoAnswer(offer.lines, { acceptSessionParams: ['UNAUTHENTICATED_SRTP'] }));
    expect(answer.tag).toBe(2);
    expect(answer.rejections[0]?.code).toBe('UNSUPPORTED_SESSION_PARAM');
    expect(answer.local.unauthenticatedSrtp).toBe(true);
  });

  it('creates fresh random keys every time, tags 1..n (or from firstTag), default suites', () => {
    const a = createCryptoOffer();
    const b = createCryptoOffer();
    expect(a.entries.map((e) => e.attribute.suite)).toEqual([...DEFAULT_OFFER_SUITES]);
    expect(a.entries.map((e) => e.tag)).toEqual([1, 2]);
    expect(a.entries[0]?.local.masterKey).not.toEqual(b.entries[0]?.local.masterKey);
    expect(a.entries[0]?.local.masterKey).not.toEqual(a.entries[1]?.local.masterKey);
    expect(parseCryptoAttribute(a.lines[0]!)).toEqual(a.entries[0]?.attribute);
    expect(createCryptoOffer({ firstTag: 5, suites: ['AES_CM_256_HMAC_SHA1_80'] }).lines[0]).toMatch(/^5 AES_256_CM_HMAC_SHA1_80 /);
  });

  it('rejects caller mistakes in options with TypeError / RangeError', () => {
    expect(() => createCryptoOffer({ suites: ['ROT13'] })).toThrow(TypeError);
    expect(() => createCryptoOffer({ suites: [] })).toThrow(TypeError);
    expect(() => createCryptoOffer({ lifetime: 0 })).toThrow(RangeError);
    expect(() => createCryptoOffer({ mki: { value: 256, byteLength: 1 } })).toThrow(RangeError);
    expect(() => createCryptoOffer({ firstTag: -1 })).toThrow(RangeError);
    expect(() => selectCryptoAnswer([], { suites: ['ROT13'] })).toThrow(TypeError);
    expect(() => selectCryptoAnswer([], { minLifetime: 1.5 })).toThrow(TypeError);
    expect(() => selectCryptoAnswer([], { mki: { value: 1n, byteLength: 0 } })).toThrow(RangeError);
    expect(() => selectCryptoAnswer('1 AES' as unknown as string[])).toThrow(TypeError);
  });
});

describe('RFC 4568 §7.1.2 answerer: skip what cannot be honoured, never throw on the offer', () => {
  it('reports every refused line with a stable code, index and tag', () => {
    const good = createCryptoOffer().lines[0]!;
    const k = good.split(' ')[2]!;
    const result = selectCryptoAnswer([
      'garbage',
      `2 ROT13_HMAC_SHA1_80 ${k}`,
      `3 AES_256_CM_HMAC_SHA1_80 ${k}`,
      `4 AES_CM_128_HMAC_SHA1_80 ${k} FEC_ORDER=FEC_SRTP`,
      `5 AES_CM_128_HMAC_SHA1_80 ${k} KDR=4`,
      `6 AES_CM_128_HMAC_SHA1_80 ${k} X_FUTURE`,
      `7 AES_CM_128_HMAC_SHA1_80 ${k}|2^10`,
      `8 AES_CM_128_HMAC_SHA1_80 inline:AAAA`,
      `9 AES_CM_128_HMAC_SHA1_80 ${k} FEC_KEY=${k}`,
      `10 F8_128_HMAC_SHA1_80 ${k}`,
    ]);
    expect(result.ok).toBe(false);
    expect(result.rejections.map((r) => [r.index, r.tag, r.code])).toEqual([
      [0, undefined, 'MALFORMED'],
      [1, 2, 'UNKNOWN_SUITE'],
      [2, 3, 'BAD_KEY_LENGTH'],
      [3, 4, 'UNSUPPORTED_SESSION_PARAM'],
      [4, 5, 'UNSUPPORTED_SESSION_PARAM'],
      [5, 6, 'UNSUPPORTED_SESSION_PARAM'],
      [6, 7, 'LIFETIME_TOO_SHORT'],
      [7, 8, 'BAD_KEY_LENGTH'],
      [8, 9, 'UNSUPPORTED_SESSION_PARAM'],
      [9, 10, 'UNSUPPORTED_SUITE'],
    ]);
    expect(result.rejections[0]?.error?.code).toBe('BAD_TAG');
    expect(result.rejections.every((r) => r.message.length > 0)).toBe(true);
  });

  it('reads the tag of an unparseable line when it can', () => {
    const r = selectCryptoAnswer(['a=crypto:12 AES_CM_128_HMAC_SHA1_80 inline:!!!']);
    expect(r.rejections[0]).toMatchObject({ tag: 12, code: 'MALFORMED', error: { code: 'BAD_BASE64' } });
  });

  it('refuses a repeated tag and answers the first line', () => {
    const [l1, l2] = createCryptoOffer().lines;
    const r = selectCryptoAnswer([l1!, l2!.replace(/^2/, '1')], { preferLocalOrder: true, suites: ['AES_CM_128_HMAC_SHA1_32', 'AES_CM_128_HMAC_SHA1_80'] });
    expect(answered(r).line.split(' ')[1]).toBe('AES_CM_128_HMAC_SHA1_80');
    expect(r.rejections.map((x) => x.code)).toEqual(['DUPLICATE_TAG']);
  });

  it('returns ok: false with no offered lines', () => {
    expect(selectCryptoAnswer([])).toEqual({ ok: false, rejections: [] });
  });

  it('refuses a parsed attribute with a wrong key length as BAD_KEY_LENGTH, and a malformed one as MALFORMED', () => {
    const attr: CryptoAttribute = {
      tag: 1,
      suite: 'AES_CM_128_HMAC_SHA1_80',
      keyParams: [{ masterKey: new Uint8Array(15), masterSalt: new Uint8Array(14) }],
      sessionParams: [],
    };
    const bad = { ...attr, tag: -1, keyParams: [{ masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14) }] };
    const r = selectCryptoAnswer([attr, bad, null as unknown as CryptoAttribute]);
    expect(r.rejections.map((x) => [x.tag, x.code])).toEqual([
      [1, 'BAD_KEY_LENGTH'],
      [undefined, 'MALFORMED'],
      [undefined, 'MALFORMED'],
    ]);
  });
});

describe('RFC 4568 §7.1.3 offerer: acceptCryptoAnswer errors', () => {
  const offer = createCryptoOffer({ sessionParams: [{ type: 'UNENCRYPTED_SRTCP' }] });
  const answer = answered(selectCryptoAnswer(offer.lines));
  const code = (line: string): string | undefined => {
    const r = acceptCryptoAnswer(offer, line);
    return r.ok ? undefined : r.error.code;
  };
  it('accepts the real answer', () => expect(code(answer.line)).toBeUndefined());
  it('UNKNOWN_TAG for a tag that was not offered, with the offset of the tag', () => {
    const r = acceptCryptoAnswer(offer, `a=crypto:${answer.line.replace(/^1/, '3')}`);
    expect(r.ok ? undefined : [r.error.code, r.error.offset]).toEqual(['UNKNOWN_TAG', 9]);
  });
  it('SUITE_MISMATCH when the suite differs from the offered line', () => {
    expect(code(answer.line.replace('AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'))).toBe('SUITE_MISMATCH');
    expect(code(answer.line.replace('AES_CM_128_HMAC_SHA1_80', 'FUTURE_SUITE'))).toBe('SUITE_MISMATCH');
  });
  it('SESSION_PARAM_MISMATCH when the answer drops or adds a declarative parameter', () => {
    expect(code(answer.line.replace(' UNENCRYPTED_SRTCP', ''))).toBe('SESSION_PARAM_MISMATCH');
    expect(code(`${answer.line} UNENCRYPTED_SRTP`)).toBe('SESSION_PARAM_MISMATCH');
    expect(code(`${answer.line} KDR=1`)).toBe('SESSION_PARAM_MISMATCH');
    expect(code(`${answer.line} X_IGNORED`)).toBeUndefined();
  });
  it('ECHOED_KEY when the answerer sends back the offerer\'s own key (rvoip PR #43)', () => {
    expect(code(offer.lines[0]!)).toBe('ECHOED_KEY');
  });
  it('BAD_MKI for several answered keys without distinct MKIs; all keys passed on when they have them', () => {
    const key = answer.line.split(' ')[2]!;
    expect(code(`1 AES_CM_128_HMAC_SHA1_80 ${key};${key} UNENCRYPTED_SRTCP`)).toBe('BAD_MKI');
    expect(code(`1 AES_CM_128_HMAC_SHA1_80 ${key}|1:1;${key}|1:1 UNENCRYPTED_SRTCP`)).toBe('BAD_MKI');
    const r = acceptCryptoAnswer(offer, `1 AES_CM_128_HMAC_SHA1_80 ${key}|1:1;${key}|2:1 UNENCRYPTED_SRTCP`);
    expect(r.ok && r.remote.keys?.map((k) => k.mki?.value)).toEqual([1n, 2n]);
  });
  it('a parse code for a malformed answer, never a throw', () => {
    expect(code('1 AES_CM_128_HMAC_SHA1_80 inline:AAAA')).toBe('BAD_KEY_LENGTH');
    expect(code('')).toBe('MISSING_TAG');
  });
  it('throws TypeError/RangeError for a malformed parsed answer object (caller mistake)', () => {
    expect(() => acceptCryptoAnswer(offer, { ...answer.attribute, tag: 1.5 })).toThrow(RangeError);
  });
  it('formats the answer attribute as the answer line', () => {
    expect(formatCryptoAttribute(answer.attribute)).toBe(answer.line);
  });
});
