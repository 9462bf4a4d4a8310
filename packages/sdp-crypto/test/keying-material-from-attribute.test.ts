import { describe, expect, it } from 'vitest';
import { formatCryptoAttribute, keyingMaterialFromAttribute, parseCryptoAttribute } from '../src/index.js';
import { b64, concat, random } from './helpers.js';

// RFC 4568 §6.1 (key params) and §6.3 (session params) of a line taken on its own.
describe('keyingMaterialFromAttribute (RFC 4568 §6.1, §6.3)', () => {
  it('maps a legacy suite name, the key, lifetime, MKI and every declarative session param', () => {
    const key = random(32);
    const salt = random(14);
    const attr = parseCryptoAttribute(
      `a=crypto:9 AES_CM_256_HMAC_SHA1_80 inline:${b64(concat(key, salt))}|2^31|7:2 KDR=3 UNENCRYPTED_SRTP UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP`,
    );
    const m = keyingMaterialFromAttribute(attr);
    expect(m.suite).toBe('AES_256_CM_HMAC_SHA1_80');
    expect(m.masterKey).toEqual(key);
    expect(m.masterSalt).toEqual(salt);
    expect(m.lifetime).toBe(2 ** 31);
    expect(m.mki).toEqual({ value: 7n, byteLength: 2 });
    expect(m.keys).toBeUndefined();
    expect(m.keyDerivationRate).toBe(8);
    expect(m.unencryptedSrtp).toBe(true);
    expect(m.unencryptedSrtcp).toBe(true);
    expect(m.unauthenticatedSrtp).toBe(true);
  });

  it('leaves the flags out when the line has no session params, and lists every key of a multi-key line', () => {
    const k1 = concat(random(16), random(14));
    const k2 = concat(random(16), random(14));
    const m = keyingMaterialFromAttribute(
      parseCryptoAttribute(`1 AES_CM_128_HMAC_SHA1_32 inline:${b64(k1)}|1:1;inline:${b64(k2)}|2:1`),
    );
    expect(m.suite).toBe('AES_CM_128_HMAC_SHA1_32');
    expect(m.keys?.map((k) => k.mki?.value)).toEqual([1n, 2n]);
    expect(m.keys?.[1]?.masterKey).toEqual(k2.subarray(0, 16));
    expect(m.masterKey).toEqual(k1.subarray(0, 16));
    expect('unencryptedSrtp' in m || 'unencryptedSrtcp' in m || 'keyDerivationRate' in m).toBe(false);
  });

  it('keeps an unknown suite as written, with the raw key param, so an SRTP session refuses it', () => {
    const raw = random(20);
    const attr = parseCryptoAttribute(`1 FUTURE_SUITE_X inline:${b64(raw)}`);
    const m = keyingMaterialFromAttribute(attr);
    expect(m.suite).toBe('FUTURE_SUITE_X');
    expect(m.masterKey).toEqual(raw);
    expect(m.masterSalt.length).toBe(0);
  });

  it('agrees with the formatter: material of format(parse(line)) equals material of parse(line)', () => {
    const line = `2 AEAD_AES_256_GCM inline:${b64(concat(random(32), random(12)))}|2^40 UNENCRYPTED_SRTCP`;
    const attr = parseCryptoAttribute(line);
    expect(keyingMaterialFromAttribute(parseCryptoAttribute(formatCryptoAttribute(attr)))).toEqual(
      keyingMaterialFromAttribute(attr),
    );
  });

  it('refuses an attribute object without key params (a caller mistake)', () => {
    const attr = parseCryptoAttribute(`1 AES_CM_128_HMAC_SHA1_80 inline:${b64(random(30))}`);
    expect(() => keyingMaterialFromAttribute({ ...attr, keyParams: [] })).toThrow(TypeError);
  });
});
