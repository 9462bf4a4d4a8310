import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SdpCryptoError, decodeBase64, encodeBase64 } from '../src/index.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

const expectBad = (text: string, offset: number, base = 0): void => {
  try {
    decodeBase64(text, base);
  } catch (e) {
    expect(e).toBeInstanceOf(SdpCryptoError);
    expect((e as SdpCryptoError).code).toBe('BAD_BASE64');
    expect((e as SdpCryptoError).offset).toBe(offset);
    return;
  }
  expect.unreachable(`${JSON.stringify(text)} should not decode`);
};

// RFC 4648 §10 test vectors: https://www.rfc-editor.org/rfc/rfc4648#section-10
const RFC4648: [string, string][] = [
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

describe('RFC 4648 §10 vectors', () => {
  for (const [plain, encoded] of RFC4648) {
    it(`${plain} <-> ${encoded}`, () => {
      expect(encodeBase64(bytes(plain))).toBe(encoded);
      expect(encodeBase64(bytes(plain), { padded: false })).toBe(encoded.replace(/=+$/, ''));
      expect(decodeBase64(encoded)).toEqual(bytes(plain));
      expect(decodeBase64(encoded.replace(/=+$/, ''))).toEqual(bytes(plain));
    });
    // Negative twins: a character outside the alphabet, at its offset, also shifted by a base offset.
    it(`rejects ${encoded} with a corrupted character`, () => {
      expectBad(`${encoded.slice(0, 1)}*${encoded.slice(2)}`, 1);
      expectBad(`${encoded.slice(0, 1)}*${encoded.slice(2)}`, 101, 100);
    });
  }
  it('encodes the empty string as empty, but refuses to decode an empty key', () => {
    expect(encodeBase64(new Uint8Array(0))).toBe('');
    expectBad('', 0);
    expectBad('==', 0);
  });
});

describe('strictness (RFC 4648 §3.3, §3.5)', () => {
  it('rejects characters outside the standard alphabet, including base64url and whitespace', () => {
    expectBad('Zm9v-mFy', 4);
    expectBad('Zm9v_mFy', 4);
    expectBad('Zm9v YmFy', 4);
    expectBad('Zm9vYmF\u00e9', 7);
    expectBad('Zm9vYmF\u{1F600}', 7);
  });
  it('rejects "=" before the end, too many "=", and padding that does not complete a group', () => {
    expectBad('Zm=9v', 2);
    expectBad('Zg===', 4);
    expectBad('Zm9vYg=', 6); // 6 + 1 is not a multiple of 4
    expectBad('Zm9v=', 4); // complete group followed by padding
    expectBad('Zm9vY', 4); // 4k+1 characters cannot encode whole bytes
  });
  it('tolerates non-zero unused bits in the last character, as Buffer does', () => {
    expect(decodeBase64('Zh==')).toEqual(new Uint8Array(Buffer.from('Zh==', 'base64')));
  });
  it('rejects a non-Uint8Array in the encoder as a caller mistake', () => {
    expect(() => encodeBase64('abc' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('property: the codec agrees with node Buffer', () => {
  it('encodes like Buffer, padded and unpadded, and decodes both back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 96 }), (data) => {
        const node = Buffer.from(data).toString('base64');
        expect(encodeBase64(data)).toBe(node);
        expect(encodeBase64(data, { padded: false })).toBe(node.replace(/=+$/, ''));
        expect(decodeBase64(node)).toEqual(data);
        expect(decodeBase64(node.replace(/=+$/, ''))).toEqual(data);
      }),
      { numRuns: 500 },
    );
  });
  it('on arbitrary text either decodes exactly as Buffer or throws BAD_BASE64', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24, unit: fc.constantFrom(...'ABZaz09+/=-_ !\u00e9'.split('')) }), (text) => {
        let out: Uint8Array;
        try {
          out = decodeBase64(text);
        } catch (e) {
          expect(e).toBeInstanceOf(SdpCryptoError);
          return;
        }
        expect(/^[A-Za-z0-9+/]+={0,2}$/.test(text)).toBe(true);
        expect(out).toEqual(new Uint8Array(Buffer.from(text, 'base64')));
      }),
      { numRuns: 1000 },
    );
  });
});
