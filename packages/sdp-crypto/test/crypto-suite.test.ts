import { describe, expect, it } from 'vitest';
import { CRYPTO_SUITES, DEFAULT_ANSWER_SUITES, encodeBase64, getCryptoSuite } from '../src/index.js';

// Suite facts: RFC 4568 §6.2, RFC 6188 §3, RFC 7714 §12; the non-standard names are the draft aliases FreeSWITCH and rtpengine still send.
const FACTS: [string, number, number, number, number, 'implemented' | 'recognised' | 'refused'][] = [
  ['AES_CM_128_HMAC_SHA1_80', 16, 14, 10, 10, 'implemented'],
  ['AES_CM_128_HMAC_SHA1_32', 16, 14, 4, 10, 'implemented'],
  ['AES_192_CM_HMAC_SHA1_80', 24, 14, 10, 10, 'implemented'],
  ['AES_192_CM_HMAC_SHA1_32', 24, 14, 4, 10, 'implemented'],
  ['AES_256_CM_HMAC_SHA1_80', 32, 14, 10, 10, 'implemented'],
  ['AES_256_CM_HMAC_SHA1_32', 32, 14, 4, 10, 'implemented'],
  ['AEAD_AES_128_GCM', 16, 12, 16, 16, 'implemented'],
  ['AEAD_AES_256_GCM', 32, 12, 16, 16, 'implemented'],
  ['NULL_HMAC_SHA1_80', 16, 14, 10, 10, 'implemented'],
  ['NULL_HMAC_SHA1_32', 16, 14, 4, 10, 'implemented'],
  ['AEAD_AES_128_GCM_8', 16, 12, 8, 8, 'recognised'],
  ['AEAD_AES_256_GCM_8', 32, 12, 8, 8, 'recognised'],
  ['F8_128_HMAC_SHA1_80', 16, 14, 10, 10, 'recognised'],
  ['F8_128_HMAC_SHA1_32', 16, 14, 4, 10, 'recognised'],
  ['AES_CM_128_NULL_AUTH', 16, 14, 0, 10, 'refused'],
];

describe('suite table (RFC 4568 §6.2, RFC 6188 §3, RFC 7714 §12)', () => {
  it('lists exactly the known suites', () => {
    expect(CRYPTO_SUITES.map((s) => s.name)).toEqual(FACTS.map((f) => f[0]));
  });
  for (const [name, key, salt, srtpTag, srtcpTag, status] of FACTS) {
    it(`${name}: key ${key}, salt ${salt}, SRTP tag ${srtpTag}, SRTCP tag ${srtcpTag}, ${status}`, () => {
      const s = getCryptoSuite(name);
      expect(s).toMatchObject({
        name,
        masterKeyLength: key,
        masterSaltLength: salt,
        srtpAuthTagLength: srtpTag,
        srtcpAuthTagLength: srtcpTag,
        status,
      });
    });
  }
  it('AES_CM_128_NULL_AUTH is refused with the reason (no authentication), and only it', () => {
    expect(CRYPTO_SUITES.filter((s) => s.refusal !== undefined).map((s) => [s.name, s.status])).toEqual([
      ['AES_CM_128_NULL_AUTH', 'refused'],
    ]);
    expect(getCryptoSuite('AES_CM_128_NULL_AUTH')?.refusal).toMatch(/^no authentication: .*no integrity and no replay protection/);
  });
  it('_32 suites keep a 10-byte SRTCP tag (RFC 4568 §6.2: the 32-bit tag is for SRTP only)', () => {
    for (const s of CRYPTO_SUITES.filter((x) => x.name.endsWith('_32'))) {
      expect([s.name, s.srtpAuthTagLength, s.srtcpAuthTagLength]).toEqual([s.name, 4, 10]);
    }
  });
  it('key‖salt sizes give the base64 lengths peers check (30, 38, 46, 28, 44 bytes)', () => {
    const sizes = new Set(CRYPTO_SUITES.map((s) => s.masterKeyLength + s.masterSaltLength));
    expect([...sizes].sort((a, b) => a - b)).toEqual([28, 30, 38, 44, 46]);
    const chars = [30, 38, 46, 28, 44].map((n) => encodeBase64(new Uint8Array(n)).length);
    expect(chars).toEqual([40, 52, 64, 40, 60]);
  });
  it('maps the draft aliases AES_CM_256_* / AES_CM_192_* to the RFC 6188 names', () => {
    expect(getCryptoSuite('AES_CM_256_HMAC_SHA1_80')?.name).toBe('AES_256_CM_HMAC_SHA1_80');
    expect(getCryptoSuite('AES_CM_256_HMAC_SHA1_32')?.name).toBe('AES_256_CM_HMAC_SHA1_32');
    expect(getCryptoSuite('AES_CM_192_HMAC_SHA1_80')?.name).toBe('AES_192_CM_HMAC_SHA1_80');
    expect(getCryptoSuite('AES_CM_192_HMAC_SHA1_32')?.name).toBe('AES_192_CM_HMAC_SHA1_32');
  });
  it('matches case-insensitively, and answers undefined for unknown names without throwing', () => {
    expect(getCryptoSuite('aes_cm_128_hmac_sha1_80')?.name).toBe('AES_CM_128_HMAC_SHA1_80');
    expect(getCryptoSuite('AES_CM_128_HMAC_SHA1_81')).toBeUndefined();
    expect(getCryptoSuite('')).toBeUndefined();
    expect(getCryptoSuite(42 as unknown as string)).toBeUndefined();
    expect(getCryptoSuite('constructor')).toBeUndefined();
  });
  it('is frozen', () => {
    expect(Object.isFrozen(CRYPTO_SUITES)).toBe(true);
    expect(Object.isFrozen(CRYPTO_SUITES[0])).toBe(true);
    expect(() => (CRYPTO_SUITES as unknown as unknown[]).push(1)).toThrow(TypeError);
  });
  it('answers by default with exactly the encrypting suites @voip/srtp implements', () => {
    expect([...DEFAULT_ANSWER_SUITES]).toEqual(
      CRYPTO_SUITES.filter((s) => s.status === 'implemented' && s.cipher !== 'NULL').map((s) => s.name),
    );
  });
});
