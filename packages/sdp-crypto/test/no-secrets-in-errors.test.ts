/**
 * Error messages name the field, its position and its length, never key material (#15.14), and a line
 * may carry at most MAX_KEY_PARAMS key-params (#15.7).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_KEY_PARAMS, encodeBase64, isSdpCryptoError, parseCryptoAttribute, selectCryptoAnswer } from '../src/index.js';

const SUITE = 'AES_CM_128_HMAC_SHA1_80';

function errorOf(line: string): string | undefined {
  try {
    parseCryptoAttribute(line);
  } catch (e) {
    if (!isSdpCryptoError(e)) {
      throw e;
    }
    return e.message;
  }
  return undefined;
}

/** Every run of 6 characters of `secret`. */
const pieces = (secret: string): string[] => Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6));

describe('error messages carry no key material', () => {
  it('the reviewer\'s cases: a line without inline:, a key in the lifetime field, a key in the MKI field', () => {
    const key = encodeBase64(Uint8Array.from({ length: 30 }, (_, i) => (i * 37 + 11) & 0xff));
    for (const line of [
      `1 ${SUITE} ${key}`,
      `1 ${SUITE} inline:${key}|${key}`,
      `1 ${SUITE} inline:${key}|2^31|${key}`,
      `1 ${SUITE} inline:${key}|2^31|${key}:4`,
      `1 ${SUITE} ${key}:${key}`,
    ]) {
      const message = errorOf(line);
      expect(message, line).toBeDefined();
      for (const p of pieces(key)) {
        expect(message, line).not.toContain(p);
      }
    }
  });

  it('for random keys placed in every field, no message contains 6 characters of the key', () =>
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 30, maxLength: 30 }), fc.integer({ min: 0, max: 7 }), (bytes, where) => {
        const key = encodeBase64(bytes);
        const good = encodeBase64(new Uint8Array(30).fill(1));
        const lines = [
          `${key} ${SUITE} inline:${good}`, // tag
          `1 ${key} inline:${good}`, // suite
          `1 ${SUITE} ${key}`, // no method
          `1 ${SUITE} ${key}:${good}`, // method
          `1 ${SUITE} inline:${good}|${key}`, // lifetime
          `1 ${SUITE} inline:${good}|2^20|${key}`, // MKI
          `1 ${SUITE} inline:${good}|2^20|${key}:1`, // MKI value
          `1 ${SUITE} inline:${good} KDR=${key}`, // session parameter
        ];
        const message = errorOf(lines[where]!);
        if (message !== undefined) {
          for (const p of pieces(key)) {
            expect(message).not.toContain(p);
          }
        }
      }),
      { numRuns: 400 },
    ));
});

describe('key-params per line', () => {
  const key = (i: number) => `inline:${encodeBase64(new Uint8Array(30).fill(i))}|2^20|${i + 1}:1`;
  it(`parses ${MAX_KEY_PARAMS} and refuses one more with TOO_MANY_KEYS`, () => {
    const ok = `1 ${SUITE} ${Array.from({ length: MAX_KEY_PARAMS }, (_, i) => key(i)).join(';')}`;
    expect(parseCryptoAttribute(ok).keyParams).toHaveLength(MAX_KEY_PARAMS);
    const tooMany = `1 ${SUITE} ${Array.from({ length: MAX_KEY_PARAMS + 1 }, (_, i) => key(i)).join(';')}`;
    expect(() => parseCryptoAttribute(tooMany)).toThrow(expect.objectContaining({ code: 'TOO_MANY_KEYS' }));
  });
  it('the answerer skips such a line and takes the next', () => {
    const tooMany = `1 ${SUITE} ${Array.from({ length: 40 }, (_, i) => key(i)).join(';')}`;
    const fine = `2 ${SUITE} inline:${encodeBase64(new Uint8Array(30).fill(9))}`;
    const r = selectCryptoAnswer([tooMany, fine]);
    expect(r.ok && r.offered.tag).toBe(2);
  });
});
