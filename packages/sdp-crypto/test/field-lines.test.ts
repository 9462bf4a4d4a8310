/**
 * Real-world a=crypto lines as peers send them (Asterisk, FreeSWITCH, rtpengine and others), rebuilt with fresh random key material
 * of the right length, base64-encoded by node's Buffer and cross-checked against the package's encoder.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createCryptoOffer, getCryptoSuite, parseCryptoAttribute, selectCryptoAnswer } from '../src/index.js';
import { answered, concat, fieldLine } from './helpers.js';

const size = (suite: string): number => {
  const s = getCryptoSuite(suite);
  if (s === undefined) {
    throw new Error(suite);
  }
  return s.masterKeyLength + s.masterSaltLength;
};
const line = (tag: number, suite: string, rest = '', padded = true): string =>
  fieldLine(tag, suite, size(suite), rest, padded).line;


describe('Asterisk (chan_pjsip media_encryption=sdes)', () => {
  it('AES_CM_128_HMAC_SHA1_80 tag 1: parsed, answered on tag 1 with a fresh 30-byte key', () => {
    const { line: l, keySalt } = fieldLine(1, 'AES_CM_128_HMAC_SHA1_80', 30);
    const a = answered(selectCryptoAnswer([l]));
    expect(a.tag).toBe(1);
    expect(concat(a.remote.masterKey, a.remote.masterSalt)).toEqual(keySalt);
    expect(a.line).toMatch(/^1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}$/);
    expect(a.local.masterKey).not.toEqual(a.remote.masterKey);
  });
  it('srtp_tag_32 offer: AES_CM_128_HMAC_SHA1_32', () => {
    const a = answered(selectCryptoAnswer([line(1, 'AES_CM_128_HMAC_SHA1_32')]));
    expect(a.remote.suite).toBe('AES_CM_128_HMAC_SHA1_32');
    expect(getCryptoSuite(a.remote.suite)?.srtcpAuthTagLength).toBe(10);
  });
});

describe('FreeSWITCH (rtp_secure_media, strongest first, legacy names, GCM with 8-byte tags)', () => {
  const offer = [
    line(1, 'AEAD_AES_256_GCM_8'),
    line(2, 'AEAD_AES_128_GCM_8'),
    line(3, 'AES_CM_256_HMAC_SHA1_80'),
    line(4, 'AES_CM_192_HMAC_SHA1_80'),
    line(5, 'AES_CM_128_HMAC_SHA1_80'),
    line(6, 'AES_CM_256_HMAC_SHA1_32'),
    line(7, 'AES_CM_192_HMAC_SHA1_32'),
    line(8, 'AES_CM_128_HMAC_SHA1_32'),
    line(9, 'AES_CM_128_NULL_AUTH'),
  ];
  it('parses every line with exact key lengths (46/38/30 bytes, GCM 44/28)', () => {
    const lengths = offer.map((l) => {
      const k = parseCryptoAttribute(l).keyParams[0]!;
      return k.masterKey.length + k.masterSalt.length;
    });
    expect(lengths).toEqual([44, 28, 46, 38, 30, 46, 38, 30, 30]);
  });
  it('skips the _GCM_8 lines cleanly and answers tag 3, echoing the legacy spelling', () => {
    const a = answered(selectCryptoAnswer(offer));
    expect(a.rejections.map((r) => [r.tag, r.code])).toEqual([
      [1, 'UNSUPPORTED_SUITE'],
      [2, 'UNSUPPORTED_SUITE'],
    ]);
    expect(a.tag).toBe(3);
    expect(a.line.startsWith('3 AES_CM_256_HMAC_SHA1_80 inline:')).toBe(true);
    expect(a.remote.suite).toBe('AES_256_CM_HMAC_SHA1_80');
    expect(a.local.masterKey.length).toBe(32);
    expect(a.local.masterSalt.length).toBe(14);
  });
  it('skips AES_CM_128_NULL_AUTH as refused (no authentication), and will not be told to accept it', () => {
    const a = selectCryptoAnswer([line(9, 'AES_CM_128_NULL_AUTH'), line(5, 'AES_CM_128_HMAC_SHA1_80')]);
    expect(answered(a).tag).toBe(5);
    expect(a.rejections.map((r) => [r.tag, r.code])).toEqual([[9, 'UNSUPPORTED_SUITE']]);
    expect(a.rejections[0]?.message).toMatch(/AES_CM_128_NULL_AUTH is refused: no authentication/);
    expect(() => selectCryptoAnswer([line(9, 'AES_CM_128_NULL_AUTH')], { suites: ['AES_CM_128_NULL_AUTH'] })).toThrow(
      /"suites\[0\]" AES_CM_128_NULL_AUTH is refused: no authentication/,
    );
    expect(() => createCryptoOffer({ suites: ['AES_CM_128_HMAC_SHA1_80', 'aes_cm_128_null_auth'] })).toThrow(TypeError);
  });
});

describe('rtpengine (all suites by default, unpadded base64)', () => {
  const suites = [
    'AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_256_CM_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_32',
    'AES_192_CM_HMAC_SHA1_80', 'AES_192_CM_HMAC_SHA1_32', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32',
    'F8_128_HMAC_SHA1_80', 'F8_128_HMAC_SHA1_32', 'NULL_HMAC_SHA1_80', 'NULL_HMAC_SHA1_32',
  ];
  const built = suites.map((s, i) => fieldLine(i + 1, s, size(s), '', false));
  it('parses every unpadded key to the same bytes as Buffer', () => {
    expect(built.some((b) => !b.line.endsWith('='))).toBe(true);
    for (const b of built) {
      const k = parseCryptoAttribute(b.line).keyParams[0]!;
      expect(concat(k.masterKey, k.masterSalt)).toEqual(b.keySalt);
    }
  });
  it('answers tag 1 (AEAD_AES_256_GCM) by default, tag 7 when only AES_CM_128 is supported', () => {
    const lines = built.map((b) => b.line);
    expect(answered(selectCryptoAnswer(lines)).remote.suite).toBe('AEAD_AES_256_GCM');
    const a = answered(selectCryptoAnswer(lines, { suites: ['AES_CM_128_HMAC_SHA1_80'] }));
    expect(a.tag).toBe(7);
    expect(a.rejections).toHaveLength(6);
  });
  it('answers unpadded when asked, like rtpengine', () => {
    const a = answered(selectCryptoAnswer([built[0]!.line], { padded: false }));
    expect(a.line.endsWith('=')).toBe(false);
    expect(a.line).toMatch(/inline:[A-Za-z0-9+/]{59}$/);
  });
});

describe('AudioCodes Mediant (always |2^31; emiago/diago#182)', () => {
  it('reads the lifetime apart from the key and accepts it', () => {
    const { line: l, keySalt } = fieldLine(1, 'AES_CM_128_HMAC_SHA1_80', 30, '|2^31');
    const a = answered(selectCryptoAnswer([l]));
    expect(a.remote.lifetime).toBe(2 ** 31);
    expect(concat(a.remote.masterKey, a.remote.masterSalt)).toEqual(keySalt);
  });
});

describe('Linphone (UNENCRYPTED_SRTCP)', () => {
  const l = line(1, 'AES_CM_128_HMAC_SHA1_80', ' UNENCRYPTED_SRTCP');
  it('accepts and echoes the parameter; both directions get unencryptedSrtcp', () => {
    const a = answered(selectCryptoAnswer([l]));
    expect(a.line.endsWith(' UNENCRYPTED_SRTCP')).toBe(true);
    expect(a.remote.unencryptedSrtcp).toBe(true);
    expect(a.local.unencryptedSrtcp).toBe(true);
    expect(a.local.unencryptedSrtp).toBeUndefined();
  });
  it('refuses the line when the policy does not allow it', () => {
    const r = selectCryptoAnswer([l], { acceptSessionParams: [] });
    expect(r.ok).toBe(false);
    expect(r.rejections[0]?.code).toBe('UNSUPPORTED_SESSION_PARAM');
  });
});

describe('Zoiper (AES-256 first, tags 5/6/9/10/3/4; rtpengine#736, #717)', () => {
  const offer = [
    line(5, 'AES_256_CM_HMAC_SHA1_80'),
    line(6, 'AES_256_CM_HMAC_SHA1_32'),
    line(9, 'AES_CM_256_HMAC_SHA1_80'),
    line(10, 'AES_CM_256_HMAC_SHA1_32'),
    line(3, 'AES_192_CM_HMAC_SHA1_80'),
    line(4, 'AES_192_CM_HMAC_SHA1_32'),
    line(1, 'AES_CM_128_HMAC_SHA1_80'),
    line(2, 'AES_CM_128_HMAC_SHA1_32'),
  ];
  it('echoes tag 5 by default', () => expect(answered(selectCryptoAnswer(offer)).tag).toBe(5));
  it('echoes tag 3 when AES-256 is not supported (aliases skipped too)', () => {
    const a = answered(selectCryptoAnswer(offer, { suites: ['AES_192_CM_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_80'] }));
    expect(a.tag).toBe(3);
    expect(a.rejections.map((r) => r.tag)).toEqual([5, 6, 9, 10]);
  });
  it('echoes tag 1 when AES_CM_128 is preferred locally', () => {
    const a = answered(selectCryptoAnswer(offer, { suites: ['AES_CM_128_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_80'], preferLocalOrder: true }));
    expect(a.tag).toBe(1);
    expect(a.line.startsWith('1 AES_CM_128_HMAC_SHA1_80 ')).toBe(true);
  });
});

describe('Blink (meetecho/janus-gateway#2726: answer must echo tag 3)', () => {
  const offer = [
    line(1, 'AES_256_CM_HMAC_SHA1_80'),
    line(2, 'AES_256_CM_HMAC_SHA1_32'),
    line(3, 'AES_CM_128_HMAC_SHA1_80'),
    line(4, 'AES_CM_128_HMAC_SHA1_32'),
  ];
  it('answers tag 3 when choosing AES_CM_128_HMAC_SHA1_80', () => {
    const a = answered(selectCryptoAnswer(offer, { suites: ['AES_CM_128_HMAC_SHA1_80'] }));
    expect(a.tag).toBe(3);
    expect(a.line.startsWith('3 AES_CM_128_HMAC_SHA1_80 inline:')).toBe(true);
  });
});

describe('MKI in use: |2^31|1:1 (asterisk#825)', () => {
  const l = line(1, 'AES_CM_128_HMAC_SHA1_80', '|2^31|1:1');
  it('accepts it by default and hands the MKI to the receive side', () => {
    const a = answered(selectCryptoAnswer([l]));
    expect(a.remote.mki).toEqual({ value: 1n, byteLength: 1 });
    expect(a.remote.lifetime).toBe(2 ** 31);
    expect(a.local.mki).toBeUndefined();
  });
  it('refuses it when MKIs are not wanted (Twilio, Asterisk do not implement MKI)', () => {
    const r = selectCryptoAnswer([l], { acceptMki: false });
    expect(r.ok).toBe(false);
    expect(r.rejections[0]?.code).toBe('MKI_NOT_ACCEPTED');
  });
});

describe('several keys on one line (RFC 4568 §6.1)', () => {
  it('passes all keys, in order, to the receive side', () => {
    const k1 = fieldLine(0, 'x', 30);
    const k2 = fieldLine(0, 'x', 30);
    const l = `a=crypto:1 AES_CM_128_HMAC_SHA1_80 ${k1.line.split(' ')[2]}|2^20|1:4;${k2.line.split(' ')[2]}|2^20|2:4`;
    const a = answered(selectCryptoAnswer([l]));
    expect(a.remote.keys).toHaveLength(2);
    expect(concat(a.remote.keys![1]!.masterKey, a.remote.keys![1]!.masterSalt)).toEqual(k2.keySalt);
    expect(a.remote.masterKey).toEqual(a.remote.keys![0]!.masterKey);
    expect(a.remote.keys![1]!.mki).toEqual({ value: 2n, byteLength: 4 });
  });
  it('refuses several keys without distinct MKIs of one length', () => {
    const k = fieldLine(0, 'x', 30).line.split(' ')[2];
    for (const keys of [`${k};${k}`, `${k}|1:4;${k}|1:4`, `${k}|1:4;${k}|2:2`, `${k}|1:4;${k}`]) {
      const r = selectCryptoAnswer([`1 AES_CM_128_HMAC_SHA1_80 ${keys}`]);
      expect([keys, r.ok, r.rejections[0]?.code]).toEqual([keys, false, 'INCONSISTENT_MKI']);
    }
  });
});

describe('|2^48 UNENCRYPTED_SRTCP (livekit/media-sdk#71)', () => {
  it('parses lifetime and session parameter apart, and accepts them', () => {
    const l = line(1, 'AES_CM_128_HMAC_SHA1_80', '|2^48 UNENCRYPTED_SRTCP');
    const attr = parseCryptoAttribute(l);
    expect(attr.keyParams[0]?.lifetime).toBe(2 ** 48);
    expect(attr.sessionParams).toEqual([{ type: 'UNENCRYPTED_SRTCP' }]);
    const a = answered(selectCryptoAnswer([l]));
    expect([a.remote.lifetime, a.remote.unencryptedSrtcp]).toEqual([2 ** 48, true]);
  });
});

describe('Grandstream GXP21xx (forces a lifetime; rtpengine#57, ASTERISK-17899)', () => {
  it('accepts a forced lifetime at or above the floor', () => {
    expect(answered(selectCryptoAnswer([line(1, 'AES_CM_128_HMAC_SHA1_80', '|2^31')])).remote.lifetime).toBe(2 ** 31);
    expect(answered(selectCryptoAnswer([line(1, 'AES_CM_128_HMAC_SHA1_80', '|2^20')])).remote.lifetime).toBe(2 ** 20);
  });
  it('refuses a lifetime below the 2^20 floor by default, keeps it with minLifetime: 1', () => {
    const l = line(1, 'AES_CM_128_HMAC_SHA1_80', '|1048575');
    const r = selectCryptoAnswer([l]);
    expect(r.ok).toBe(false);
    expect(r.rejections[0]?.code).toBe('LIFETIME_TOO_SHORT');
    expect(answered(selectCryptoAnswer([l], { minLifetime: 1 })).remote.lifetime).toBe(1048575);
  });
});

describe('Oracle/Acme SBC with srtp-encrypt and srtcp-encrypt disabled', () => {
  const l = line(1, 'AES_CM_128_HMAC_SHA1_80', ' UNENCRYPTED_SRTP UNENCRYPTED_SRTCP');
  it('refuses media in clear by default', () => {
    const r = selectCryptoAnswer([l]);
    expect([r.ok, r.rejections[0]?.code]).toEqual([false, 'UNSUPPORTED_SESSION_PARAM']);
  });
  it('accepts UNENCRYPTED_SRTP UNENCRYPTED_SRTCP when allowed, and echoes both', () => {
    const a = answered(selectCryptoAnswer([l], { acceptSessionParams: ['UNENCRYPTED_SRTP', 'UNENCRYPTED_SRTCP'] }));
    expect(a.line.endsWith(' UNENCRYPTED_SRTP UNENCRYPTED_SRTCP')).toBe(true);
    expect([a.local.unencryptedSrtp, a.local.unencryptedSrtcp, a.remote.unencryptedSrtp]).toEqual([true, true, true]);
  });
});

describe('Cisco 88xx (AEAD_AES_256_GCM with a 16-byte tag; freeswitch#691)', () => {
  it('answers the full-tag GCM line, not the _8 variant', () => {
    const a = answered(selectCryptoAnswer([line(1, 'AEAD_AES_256_GCM'), line(2, 'AES_CM_128_HMAC_SHA1_80')]));
    expect(a.tag).toBe(1);
    expect([a.local.masterKey.length, a.local.masterSalt.length]).toEqual([32, 12]);
    expect(getCryptoSuite(a.remote.suite)?.srtpAuthTagLength).toBe(16);
  });
});

describe('verbatim lines from public issue threads', () => {
  // https://github.com/meetecho/janus-gateway/issues/2726 (Blink offer)
  const blink = [
    'a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:PFCjc9NibGzxCMyO2/bYWGfY2og2/jNTZggkVDfBA7ge3/cnw3Ut4SfslzPjmA==',
    'a=crypto:2 AES_256_CM_HMAC_SHA1_32 inline:dvMYLB+oPGqfuId3VCW7Cderg3jcscK2LPvcx1tJQaHSPf468mGVL2R0AyJaCg==',
    'a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:1m2Zz8946vM0C0tFXRhf0zWLKymH507MoL99d8TD',
    'a=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:ZaLtdcssRkMO+jtRqRWcng1MkTbhYRCJuS8T9/BF',
  ];
  it('janus-gateway#2726: Blink offer answered on tag 3 by an AES_CM_128-only answerer', () => {
    const a = answered(selectCryptoAnswer(blink, { suites: ['AES_CM_128_HMAC_SHA1_80'] }));
    expect(a.tag).toBe(3);
    expect(a.line.startsWith('3 AES_CM_128_HMAC_SHA1_80 inline:')).toBe(true);
    expect(concat(a.remote.masterKey, a.remote.masterSalt)).toEqual(
      new Uint8Array(Buffer.from('1m2Zz8946vM0C0tFXRhf0zWLKymH507MoL99d8TD', 'base64')),
    );
  });
  // https://github.com/sipwise/rtpengine/issues/1119: rtpengine's unpadded 62-character AES-256 answer key
  it('rtpengine#1119: an unpadded 62-character key is the full 46-byte AES-256 key‖salt', () => {
    const answer = 'a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:mObON802Wis2GH0puTCaOznh7as+BTpu1IBZAzNcocQFn95N9YGuZRZ7dNWcyA';
    const k = parseCryptoAttribute(answer).keyParams[0]!;
    expect([k.masterKey.length, k.masterSalt.length]).toEqual([32, 14]);
    const padded = 'mObON802Wis2GH0puTCaOznh7as+BTpu1IBZAzNcocQFn95N9YGuZRZ7dNWcyA==';
    expect(concat(k.masterKey, k.masterSalt)).toEqual(new Uint8Array(Buffer.from(padded, 'base64')));
  });
});
