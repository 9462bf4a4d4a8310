import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CRYPTO_SUITES,
  SdpCryptoError,
  acceptCryptoAnswer,
  createCryptoOffer,
  parseCryptoAttribute,
  selectCryptoAnswer,
  serializeCryptoAttribute,
} from '../src/index.js';
import type { CryptoAttribute, SrtpMasterKey, SrtpSessionParam } from '../src/index.js';

const SUITE_NAMES = CRYPTO_SUITES.flatMap((s) => [s.name, ...s.aliases]);
const TWO_53 = 2n ** 53n;

/** A lifetime in the form the parser hands out: number up to 2^53, bigint above. */
const lifetime = fc
  .oneof(
    fc.integer({ min: 0, max: 64 }).map((n) => 1n << BigInt(n)),
    fc.bigInt({ min: 1n, max: 1n << 64n }),
  )
  .map((v): number | bigint => (v <= TWO_53 ? Number(v) : v));

const mki = fc
  .integer({ min: 1, max: 128 })
  .chain((byteLength) =>
    fc.bigInt({ min: 0n, max: (1n << BigInt(8 * byteLength)) - 1n }).map((value) => ({ value, byteLength })),
  );

const keyParam = (keyLength: number, saltLength: number): fc.Arbitrary<SrtpMasterKey> =>
  fc.record(
    {
      masterKey: fc.uint8Array({ minLength: keyLength, maxLength: keyLength }),
      masterSalt: fc.uint8Array({ minLength: saltLength, maxLength: saltLength }),
      lifetime,
      mki,
    },
    { requiredKeys: ['masterKey', 'masterSalt'] },
  );

const KNOWN = /^(KDR|FEC_ORDER|FEC_KEY|WSH)(=|$)|^(UNENCRYPTED_SRTP|UNENCRYPTED_SRTCP|UNAUTHENTICATED_SRTP)$/i;
const extension = fc
  .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'ABCXYZ_-=019;:|^abc'.split('')) })
  .filter((s) => !KNOWN.test(s))
  .map((value): SrtpSessionParam => ({ type: 'EXTENSION', value }));

const sessionParam = (key: fc.Arbitrary<SrtpMasterKey>): fc.Arbitrary<SrtpSessionParam> =>
  fc.oneof(
    fc.integer({ min: 0, max: 24 }).map((exponent): SrtpSessionParam => ({ type: 'KDR', exponent })),
    fc.constantFrom<SrtpSessionParam>(
      { type: 'UNENCRYPTED_SRTP' },
      { type: 'UNENCRYPTED_SRTCP' },
      { type: 'UNAUTHENTICATED_SRTP' },
      { type: 'FEC_ORDER', order: 'FEC_SRTP' },
      { type: 'FEC_ORDER', order: 'SRTP_FEC' },
    ),
    fc.array(key, { minLength: 1, maxLength: 2 }).map((keyParams): SrtpSessionParam => ({ type: 'FEC_KEY', keyParams })),
    fc.integer({ min: 64, max: 2 ** 32 - 1 }).map((windowSize): SrtpSessionParam => ({ type: 'WSH', windowSize })),
    extension,
  );

/** Valid attributes: every known suite and alias, plus unknown suites (whole key‖salt in masterKey). */
const attribute: fc.Arbitrary<CryptoAttribute> = fc
  .oneof(
    fc.constantFrom(...SUITE_NAMES).map((name) => {
      const info = CRYPTO_SUITES.find((s) => s.name === name || s.aliases.includes(name))!;
      return { name, key: keyParam(info.masterKeyLength, info.masterSaltLength) };
    }),
    fc
      .tuple(fc.stringMatching(/^X_[A-Z0-9_]{1,20}$/), fc.integer({ min: 1, max: 64 }))
      .map(([name, n]) => ({ name, key: keyParam(n, 0) })),
  )
  .chain(({ name, key }) =>
    fc.record({
      tag: fc.integer({ min: 0, max: 999_999_999 }),
      suite: fc.constant(name),
      keyParams: fc.array(key, { minLength: 1, maxLength: 3 }),
      sessionParams: fc.array(sessionParam(key), { maxLength: 4 }),
    }),
  );

const onlySdpCryptoError = (f: () => unknown): void => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SdpCryptoError);
  }
};

describe('property: serialize → parse is the identity (RFC 4568 §9.1)', () => {
  it('for arbitrary valid attributes, padded or not, with or without the prefix', () => {
    fc.assert(
      fc.property(attribute, fc.boolean(), fc.boolean(), (attr, padded, prefix) => {
        const text = serializeCryptoAttribute(attr, { padded, prefix });
        const parsed = parseCryptoAttribute(text);
        expect(parsed).toEqual(attr);
        // and parse → serialize is canonical: serializing again gives the same text
        expect(serializeCryptoAttribute(parsed, { padded, prefix })).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});

describe('property: nothing but SdpCryptoError escapes the parser', () => {
  it('arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), (s) => {
        onlySdpCryptoError(() => parseCryptoAttribute(s));
      }),
      { numRuns: 1000 },
    );
  });

  const token = fc.constantFrom(
    'inline:', 'INLINE:', 'uri:', '|', '2^', '^', ':', ';', ' ', '\t', '\r\n', '=', '==', '0', '1', '4', '9',
    '20', '48', '64', '65', '128', '129', '99999999999999999999999', 'PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR',
    'AAAA', 'A', '+/', '-_', '!', 'é', '\u0000', 'KDR=', 'FEC_ORDER=', 'FEC_SRTP', 'FEC_KEY=', 'WSH=',
    'UNENCRYPTED_SRTP', 'UNAUTHENTICATED_SRTP', '-', 'a=crypto:',
  );
  it('strings with the prefix, a valid tag and suite, then arbitrary key-param-like text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(...SUITE_NAMES, 'X_UNKNOWN'),
        fc.array(token, { maxLength: 24 }).map((t) => t.join('')),
        (tag, suite, rest) => {
          const line = `a=crypto:${tag} ${suite} ${rest}`;
          let attr: CryptoAttribute;
          try {
            attr = parseCryptoAttribute(line);
          } catch (e) {
            expect(e).toBeInstanceOf(SdpCryptoError);
            return;
          }
          // whatever parsed formats back to something that parses to the same attribute
          expect(parseCryptoAttribute(serializeCryptoAttribute(attr))).toEqual(attr);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('the answerer and the offerer never throw on arbitrary offered or answered text', () => {
    const offer = createCryptoOffer();
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.constant(offer.lines[0]!)), { maxLength: 4 }), (lines) => {
        const r = selectCryptoAnswer(lines);
        expect(r.rejections.length).toBeLessThanOrEqual(lines.length);
        for (const l of lines) {
          const a = acceptCryptoAnswer(offer, l);
          if (!a.ok) {
            expect(a.error).toBeInstanceOf(SdpCryptoError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
