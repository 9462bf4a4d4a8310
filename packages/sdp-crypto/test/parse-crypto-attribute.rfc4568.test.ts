import { describe, expect, it } from 'vitest';
import { SdpCryptoError, isSdpCryptoError, parseCryptoAttribute } from '../src/index.js';
import type { SdpCryptoErrorCode } from '../src/index.js';
import { b64, concat, random } from './helpers.js';

const K30 = 'PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR'; // RFC 4568 §4 example key||salt, 30 bytes
const BASE = `1 AES_CM_128_HMAC_SHA1_80 inline:${K30}`;

function codeOf(value: string): [SdpCryptoErrorCode, number | undefined] {
  try {
    parseCryptoAttribute(value);
  } catch (e) {
    if (!isSdpCryptoError(e)) {
      throw e;
    }
    return [e.code, e.offset];
  }
  throw new Error(`parsed: ${value}`);
}

describe('RFC 4568 §9.1 a=crypto grammar: accepted forms', () => {
  it('takes the value with or without "a=crypto:" (any case) or "crypto:"', () => {
    const plain = parseCryptoAttribute(BASE);
    expect(parseCryptoAttribute(`a=crypto:${BASE}`)).toEqual(plain);
    expect(parseCryptoAttribute(`A=CRYPTO:${BASE}`)).toEqual(plain);
    expect(parseCryptoAttribute(`crypto:${BASE}`)).toEqual(plain);
    expect(plain.tag).toBe(1);
    expect(plain.suite).toBe('AES_CM_128_HMAC_SHA1_80');
    expect(plain.sessionParams).toEqual([]);
  });
  it('tolerates surrounding whitespace and CRLF, and runs of spaces or tabs between fields', () => {
    const plain = parseCryptoAttribute(`${BASE} UNENCRYPTED_SRTCP`);
    expect(parseCryptoAttribute(`\t a=crypto: 1   AES_CM_128_HMAC_SHA1_80\t\tinline:${K30}  UNENCRYPTED_SRTCP \r\n`)).toEqual(
      plain,
    );
  });
  it('accepts tags of up to 9 digits, leading zeros and 0', () => {
    expect(parseCryptoAttribute(BASE.replace(/^1/, '999999999')).tag).toBe(999999999);
    expect(parseCryptoAttribute(BASE.replace(/^1/, '007')).tag).toBe(7);
    expect(parseCryptoAttribute(BASE.replace(/^1/, '0')).tag).toBe(0);
  });
  it('splits key and salt per suite, as views of one decoded array', () => {
    const raw = random(46);
    const attr = parseCryptoAttribute(`3 AES_256_CM_HMAC_SHA1_80 inline:${b64(raw)}`);
    const k = attr.keyParams[0]!;
    expect(k.masterKey).toEqual(raw.subarray(0, 32));
    expect(k.masterSalt).toEqual(raw.subarray(32));
    expect(k.masterKey.buffer).toBe(k.masterSalt.buffer);
  });
  it('splits GCM keys with a 12-byte salt', () => {
    const raw = random(28);
    const k = parseCryptoAttribute(`1 AEAD_AES_128_GCM inline:${b64(raw)}`).keyParams[0]!;
    expect([k.masterKey.length, k.masterSalt.length]).toEqual([16, 12]);
    expect(concat(k.masterKey, k.masterSalt)).toEqual(raw);
  });
  it('parses an unknown suite, keeping the whole key‖salt in masterKey and an empty masterSalt', () => {
    const raw = random(21);
    const attr = parseCryptoAttribute(`9 SEED_CTR_128_HMAC_SHA1_80 inline:${b64(raw)}|2^31 SOMETHING_NEW=1`);
    expect(attr.suite).toBe('SEED_CTR_128_HMAC_SHA1_80');
    expect(attr.keyParams[0]?.masterKey).toEqual(raw);
    expect(attr.keyParams[0]?.masterSalt.length).toBe(0);
    expect(attr.keyParams[0]?.lifetime).toBe(2 ** 31);
    expect(attr.sessionParams).toEqual([{ type: 'EXTENSION', value: 'SOMETHING_NEW=1' }]);
  });
  it('keeps legacy suite names as written', () => {
    const raw = random(46);
    expect(parseCryptoAttribute(`9 AES_CM_256_HMAC_SHA1_80 inline:${b64(raw)}`).suite).toBe('AES_CM_256_HMAC_SHA1_80');
  });
  it('matches key method and session keywords case-insensitively (RFC 5234 §2.3)', () => {
    const attr = parseCryptoAttribute(`1 AES_CM_128_HMAC_SHA1_80 INLINE:${K30} unencrypted_srtp kdr=3 fec_order=srtp_fec`);
    expect(attr.sessionParams).toEqual([
      { type: 'UNENCRYPTED_SRTP' },
      { type: 'KDR', exponent: 3 },
      { type: 'FEC_ORDER', order: 'SRTP_FEC' },
    ]);
  });
});

describe('RFC 4568 §6.1 lifetime', () => {
  const life = (text: string): number | bigint | undefined => parseCryptoAttribute(`${BASE}|${text}`).keyParams[0]?.lifetime;
  it('reads 2^n for n 0..64, a number up to 2^53 and a bigint above', () => {
    expect(life('2^0')).toBe(1);
    expect(life('2^20')).toBe(1048576);
    expect(life('2^31')).toBe(2147483648);
    expect(life('2^48')).toBe(2 ** 48);
    expect(life('2^53')).toBe(2 ** 53);
    expect(life('2^54')).toBe(1n << 54n);
    expect(life('2^64')).toBe(1n << 64n);
  });
  it('reads decimal lifetimes 1..2^64', () => {
    expect(life('1')).toBe(1);
    expect(life('1000000')).toBe(1000000);
    expect(life('9007199254740993')).toBe(9007199254740993n);
    expect(life('18446744073709551616')).toBe(1n << 64n);
  });
  it('rejects out-of-range and malformed lifetimes with BAD_LIFETIME at the field', () => {
    const at = BASE.length + 1;
    for (const bad of ['2^65', '2^', '2^x', '0', '18446744073709551617', '2^-1', '3^4', '1e6', '']) {
      expect([bad, ...codeOf(`${BASE}|${bad}`)]).toEqual([bad, 'BAD_LIFETIME', at]);
    }
  });
});

describe('RFC 4568 §6.1 MKI', () => {
  const mki = (text: string): unknown => parseCryptoAttribute(`${BASE}|${text}`).keyParams[0]?.mki;
  it('reads value:length with or without a lifetime before it', () => {
    expect(mki('1:1')).toEqual({ value: 1n, byteLength: 1 });
    expect(mki('255:1')).toEqual({ value: 255n, byteLength: 1 });
    expect(mki('0:128')).toEqual({ value: 0n, byteLength: 128 });
    expect(parseCryptoAttribute(`${BASE}|2^31|1:1`).keyParams[0]).toMatchObject({
      lifetime: 2 ** 31,
      mki: { value: 1n, byteLength: 1 },
    });
    expect(mki(`${(1n << 1024n) - 1n}:128`)).toEqual({ value: (1n << 1024n) - 1n, byteLength: 128 });
  });
  it('rejects a length outside 1..128 and a value that does not fit', () => {
    for (const bad of ['1:0', '1:129', '256:1', '65536:2', ':4', '1:', 'x:4', '1:4:4', `${1n << 1024n}:128`]) {
      expect([bad, codeOf(`${BASE}|${bad}`)[0]]).toEqual([bad, 'BAD_MKI']);
    }
  });
  it('rejects an MKI before the lifetime, and more than three fields', () => {
    expect(codeOf(`${BASE}|1:4|2^20`)).toEqual(['BAD_KEY_INFO', BASE.length + 1]);
    expect(codeOf(`${BASE}|2^20|1:4|x`)[0]).toBe('BAD_KEY_INFO');
    expect(codeOf(`${BASE}|2^20|2^20`)[0]).toBe('BAD_MKI');
  });
});

describe('RFC 4568 §9 errors: code and offset into the input', () => {
  const cases: [string, string, SdpCryptoErrorCode, number][] = [
    ['empty', '', 'MISSING_TAG', 0],
    ['only whitespace', ' \r\n', 'MISSING_TAG', 3],
    ['bare a=crypto', 'a=crypto', 'MISSING_TAG', 8],
    ['prefix only', 'a=crypto:', 'MISSING_TAG', 9],
    ['other attribute', 'a=rtpmap:0 PCMU/8000', 'NOT_CRYPTO_ATTRIBUTE', 0],
    ['letter tag', 'a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:AAAA', 'BAD_TAG', 9],
    ['10-digit tag', '1234567890 AES_CM_128_HMAC_SHA1_80 inline:AAAA', 'BAD_TAG', 0],
    ['negative tag', '-1 AES_CM_128_HMAC_SHA1_80 inline:AAAA', 'BAD_TAG', 0],
    ['no suite', '1', 'MISSING_SUITE', 1],
    ['suite with dash', '1 AES-CM inline:AAAA', 'BAD_SUITE', 5],
    ['no key params', '1 AES_CM_128_HMAC_SHA1_80  ', 'MISSING_KEY_PARAMS', 25],
    ['no method', '1 AES_CM_128_HMAC_SHA1_80 PS1uQCVe', 'BAD_KEY_METHOD', 26],
    ['other method', '1 AES_CM_128_HMAC_SHA1_80 uri:PS1uQCVe', 'BAD_KEY_METHOD', 26],
    ['empty key param', `1 AES_CM_128_HMAC_SHA1_80 inline:${K30};`, 'BAD_KEY_INFO', 74],
    ['empty key', '1 AES_CM_128_HMAC_SHA1_80 inline:|2^20', 'BAD_BASE64', 33],
    ['bad base64', `1 AES_CM_128_HMAC_SHA1_80 inline:${K30.slice(0, 10)}.${K30.slice(11)}`, 'BAD_BASE64', 43],
    ['short key', `1 AES_CM_128_HMAC_SHA1_80 inline:${K30.slice(4)}`, 'BAD_KEY_LENGTH', 33],
    ['long key', `1 AES_CM_128_HMAC_SHA1_80 inline:${K30}AAAA`, 'BAD_KEY_LENGTH', 33],
    ['128-bit key for AES-256', `1 AES_256_CM_HMAC_SHA1_80 inline:${K30}`, 'BAD_KEY_LENGTH', 33],
    ['KDR out of range', `${BASE} KDR=25`, 'BAD_SESSION_PARAM', BASE.length + 5],
    ['KDR without value', `${BASE} KDR`, 'BAD_SESSION_PARAM', BASE.length + 1],
    ['FEC_ORDER bad', `${BASE} FEC_ORDER=BOTH`, 'BAD_SESSION_PARAM', BASE.length + 11],
    ['FEC_KEY empty', `${BASE} FEC_KEY=`, 'BAD_SESSION_PARAM', BASE.length + 1],
    ['FEC_KEY short key', `${BASE} FEC_KEY=inline:AAAA`, 'BAD_KEY_LENGTH', BASE.length + 16],
    ['WSH below 64', `${BASE} WSH=63`, 'BAD_SESSION_PARAM', BASE.length + 5],
    ['control character', `${BASE} UNENCRYPTED\u0000SRTP`, 'BAD_SESSION_PARAM', BASE.length + 12],
    ['non-ASCII param', `${BASE} CLÉ`, 'BAD_SESSION_PARAM', BASE.length + 3],
  ];
  for (const [what, input, code, offset] of cases) {
    it(`${what}: ${code} at ${offset}`, () => {
      expect(codeOf(input)).toEqual([code, offset]);
    });
  }
  it('shifts offsets by the leading text (decode at a nonzero offset)', () => {
    const bad = `1 AES_CM_128_HMAC_SHA1_80 inline:${K30.slice(4)}`;
    expect(codeOf(`\r\n   a=crypto:${bad}`)).toEqual(['BAD_KEY_LENGTH', 33 + 5 + 9]);
  });
  it('reports errors as SdpCryptoError with name, code and message', () => {
    try {
      parseCryptoAttribute('a=crypto:1');
    } catch (e) {
      expect(e).toBeInstanceOf(SdpCryptoError);
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe('SdpCryptoError');
      expect((e as Error).message).toMatch(/crypto-suite/);
      expect(isSdpCryptoError(e)).toBe(true);
    }
    expect(isSdpCryptoError(new Error('x'))).toBe(false);
    expect(isSdpCryptoError(Object.assign(new Error('x'), { name: 'SdpCryptoError' }))).toBe(true);
    expect(isSdpCryptoError('SdpCryptoError')).toBe(false);
  });
  it('treats a non-string argument as a caller mistake (TypeError)', () => {
    expect(() => parseCryptoAttribute(undefined as unknown as string)).toThrow(TypeError);
  });
});
