import { describe, expect, it } from 'vitest';
import { formatCryptoAttribute, parseCryptoAttribute } from '../src/index.js';
import type { CryptoAttribute, SrtpSessionParam } from '../src/index.js';
import { b64, concat, random } from './helpers.js';

const key16 = random(16);
const salt14 = random(14);
const base: CryptoAttribute = {
  tag: 1,
  suite: 'AES_CM_128_HMAC_SHA1_80',
  keyParams: [{ masterKey: key16, masterSalt: salt14 }],
  sessionParams: [],
};
const with_ = (patch: Partial<CryptoAttribute>): CryptoAttribute => ({ ...base, ...patch });

describe('formatCryptoAttribute (RFC 4568 §9.1)', () => {
  it('writes tag, suite and inline key‖salt, padded by default (Buffer cross-check)', () => {
    expect(formatCryptoAttribute(base)).toBe(`1 AES_CM_128_HMAC_SHA1_80 inline:${b64(concat(key16, salt14))}`);
  });
  it('writes unpadded base64 and the a=crypto: prefix on request', () => {
    const k = random(32);
    const s = random(14);
    const attr = with_({ suite: 'AES_256_CM_HMAC_SHA1_80', keyParams: [{ masterKey: k, masterSalt: s }] });
    const unpadded = formatCryptoAttribute(attr, { padded: false, prefix: true });
    expect(unpadded).toBe(`a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:${b64(concat(k, s), false)}`);
    expect(unpadded.includes('=')).toBe(true); // only the one of a=crypto
    expect(unpadded.split('=').length).toBe(2);
    expect(parseCryptoAttribute(unpadded)).toEqual(attr);
  });
  it('writes powers of two as 2^n and other lifetimes in decimal; MKI as value:length', () => {
    const line = formatCryptoAttribute(
      with_({
        keyParams: [
          { masterKey: key16, masterSalt: salt14, lifetime: 2 ** 31, mki: { value: 1n, byteLength: 1 } },
          { masterKey: key16, masterSalt: salt14, lifetime: 1000, mki: { value: 2n, byteLength: 1 } },
          { masterKey: key16, masterSalt: salt14, lifetime: 1n << 64n },
          { masterKey: key16, masterSalt: salt14, mki: { value: 1066n, byteLength: 4 } },
        ],
      }),
    );
    expect(line.split(';').map((p) => p.replace(/^.*inline:[^|]*/, ''))).toEqual(['|2^31|1:1', '|1000|2:1', '|2^64', '|1066:4']);
  });
  it('canonicalises what it parsed: single spaces, decimal powers of two as 2^n, no leading zeros', () => {
    const k = b64(concat(key16, salt14));
    const parsed = parseCryptoAttribute(`a=crypto:007  AES_CM_128_HMAC_SHA1_80\tinline:${k}|1048576|01:4   kdr=0`);
    expect(formatCryptoAttribute(parsed)).toBe(`7 AES_CM_128_HMAC_SHA1_80 inline:${k}|2^20|1:4 KDR=0`);
  });
  it('writes every session parameter', () => {
    const params: SrtpSessionParam[] = [
      { type: 'KDR', exponent: 24 },
      { type: 'UNENCRYPTED_SRTP' },
      { type: 'UNENCRYPTED_SRTCP' },
      { type: 'UNAUTHENTICATED_SRTP' },
      { type: 'FEC_ORDER', order: 'FEC_SRTP' },
      { type: 'FEC_KEY', keyParams: [{ masterKey: key16, masterSalt: salt14, lifetime: 2 ** 20, mki: { value: 3n, byteLength: 2 } }] },
      { type: 'WSH', windowSize: 128 },
      { type: 'EXTENSION', value: '-X_PRIVATE' },
    ];
    const line = formatCryptoAttribute(with_({ sessionParams: params }));
    expect(line.split(' ').slice(3)).toEqual([
      'KDR=24',
      'UNENCRYPTED_SRTP',
      'UNENCRYPTED_SRTCP',
      'UNAUTHENTICATED_SRTP',
      'FEC_ORDER=FEC_SRTP',
      `FEC_KEY=inline:${b64(concat(key16, salt14))}|2^20|3:2`,
      'WSH=128',
      '-X_PRIVATE',
    ]);
    expect(parseCryptoAttribute(line).sessionParams).toEqual(params);
  });
  it('writes an unknown suite with masterKey‖masterSalt as given', () => {
    const raw = random(20);
    const attr = with_({ suite: 'FUTURE_SUITE', keyParams: [{ masterKey: raw, masterSalt: new Uint8Array(0) }] });
    expect(formatCryptoAttribute(attr)).toBe(`1 FUTURE_SUITE inline:${b64(raw)}`);
    expect(parseCryptoAttribute(formatCryptoAttribute(attr))).toEqual(attr);
  });
});

describe('formatCryptoAttribute: caller mistakes are TypeError / RangeError', () => {
  const throws = (attr: CryptoAttribute, type: typeof TypeError | typeof RangeError, message: RegExp): void => {
    expect(() => formatCryptoAttribute(attr)).toThrow(type);
    expect(() => formatCryptoAttribute(attr)).toThrow(message);
  };
  it('checks key and salt lengths per suite, worded like noble', () => {
    throws(with_({ keyParams: [{ masterKey: random(15), masterSalt: salt14 }] }), RangeError, /"keyParams\[0\]\.masterKey" expected 16 bytes, got 15/);
    throws(with_({ keyParams: [{ masterKey: key16, masterSalt: random(12) }] }), RangeError, /"keyParams\[0\]\.masterSalt" expected 14 bytes, got 12/);
    throws(with_({ suite: 'AEAD_AES_256_GCM' }), RangeError, /expected 32 bytes, got 16/);
  });
  it('checks tag, suite, key params and session params', () => {
    throws(with_({ tag: 1_000_000_000 }), RangeError, /"tag"/);
    throws(with_({ tag: 1.5 }), RangeError, /"tag"/);
    throws(with_({ suite: 'AES CM' }), TypeError, /"suite"/);
    throws(with_({ keyParams: [] }), TypeError, /at least one key/);
    throws(with_({ keyParams: [{ masterKey: 'x' as unknown as Uint8Array, masterSalt: salt14 }] }), TypeError, /Uint8Array/);
    throws(with_({ suite: 'FUTURE', keyParams: [{ masterKey: new Uint8Array(0), masterSalt: new Uint8Array(0) }] }), RangeError, /non-empty/);
    throws(with_({ sessionParams: [{ type: 'KDR', exponent: 25 }] }), RangeError, /"sessionParams\[0\]\.exponent"/);
    throws(with_({ sessionParams: [{ type: 'WSH', windowSize: 63 }] }), RangeError, /windowSize/);
    throws(with_({ sessionParams: [{ type: 'FEC_ORDER', order: 'X' as 'FEC_SRTP' }] }), TypeError, /order/);
    throws(with_({ sessionParams: [{ type: 'EXTENSION', value: 'A B' }] }), TypeError, /visible ASCII/);
    throws(with_({ sessionParams: [{ type: 'EXTENSION', value: 'UNENCRYPTED_SRTP' }] }), TypeError, /known parameter/);
    throws(with_({ sessionParams: [{ type: 'EXTENSION', value: 'KDR=99' }] }), TypeError, /known parameter/);
    throws(with_({ sessionParams: [{ type: 'NOPE' } as unknown as SrtpSessionParam] }), TypeError, /unknown session parameter/);
  });
  it('checks lifetimes and MKIs', () => {
    const k = (extra: object): CryptoAttribute => with_({ keyParams: [{ masterKey: key16, masterSalt: salt14, ...extra }] });
    throws(k({ lifetime: 0 }), RangeError, /lifetime" expected 1..2\^64/);
    throws(k({ lifetime: (1n << 64n) + 1n }), RangeError, /lifetime/);
    throws(k({ lifetime: 1.5 }), TypeError, /lifetime/);
    throws(k({ mki: { value: 256n, byteLength: 1 } }), RangeError, /mki\.value/);
    throws(k({ mki: { value: -1n, byteLength: 1 } }), RangeError, /mki\.value/);
    throws(k({ mki: { value: 1n, byteLength: 129 } }), RangeError, /mki\.byteLength/);
    throws(k({ mki: { value: 1.5, byteLength: 1 } }), TypeError, /mki\.value/);
  });
});
