import { describe, expect, it } from 'vitest';
import { deriveSrtpKey, SrtpKdfLabel, SrtpSession } from '../src/index.js';
import { AesCtr } from '../src/internal/aes-ctr.js';
import { hex, toHex, vectors } from './helpers.js';
import { refKdf } from './reference.js';

interface B3 {
  'B.2_AES_CM': { session_key: string; session_salt: string; blocks: [string, string][] };
  'B.3_key_derivation': {
    master_key: string;
    master_salt: string;
    cipher_key: { value: string };
    cipher_salt: { value: string };
    auth_key: { value_94_octets: string };
  };
}
interface R6188 {
  '7.1_AES_256_CM_keystream': { session_key: string; session_salt_offset: string; keystream_first_3_blocks: string; computed_not_transcribed_blocks_FEFF_FF00_FF01: string };
  '7.2_AES_256_CM_PRF': {
    master_key: string; master_salt: string; cipher_key: string; cipher_salt: string; auth_key: string;
    computed_not_transcribed_srtcp: { cipher_key_label3: string; auth_key_label4: string; cipher_salt_label5: string };
  };
  '7.4_AES_192_CM_PRF': { master_key: string; master_salt: string; cipher_key: string; cipher_salt: string; auth_key: string };
}

const v3711 = vectors<B3>('rfc3711_appendix_b');
const v6188 = vectors<R6188>('rfc6188_section7');

/** Keystream at counter block `iv` through the AES-ECB based counter mode of src/. */
function keystream(key: Uint8Array, iv: Uint8Array, n: number): string {
  const out = new Uint8Array(n);
  new AesCtr(key).xor(iv, new Uint8Array(n), 0, out, 0, n);
  return toHex(out);
}

// RFC 3711 Appendix B.1 is the AES-f8 example; f8 is not implemented, so its suites are refused.
describe('RFC 3711 Appendix B.1 (AES-f8)', () => {
  it('F8 suites are recognised and refused at construction', () => {
    const b1 = (v3711 as unknown as { 'B.1_AES_f8': { key: string; salt_key: string } })['B.1_AES_f8'];
    expect(b1.key).toHaveLength(32);
    expect(() =>
      new SrtpSession({ suite: 'F8_128_HMAC_SHA1_80', masterKey: hex(b1.key), masterSalt: new Uint8Array(14) }),
    ).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_SUITE' }));
  });
});

// RFC 3711 Appendix B.2: https://www.rfc-editor.org/rfc/rfc3711#appendix-B.2
describe('RFC 3711 Appendix B.2 AES-CM keystream', () => {
  const b2 = v3711['B.2_AES_CM'];
  const key = hex(b2.session_key);
  it('matches every listed counter block', () => {
    for (const [ctr, ks] of b2.blocks) {
      // our counter mode increments the low 16 bits from an IV; start at that block directly
      const iv = hex(ctr);
      const lo = (iv[14]! << 8) | iv[15]!;
      iv[14] = 0;
      iv[15] = 0;
      const all = keystream(key, iv, 16 * (lo + 1));
      expect(all.slice(32 * lo)).toBe(ks.toLowerCase());
    }
  });
  it('a one-bit change of the key changes the keystream (negative twin)', () => {
    const k = hex(b2.session_key);
    k[0]! ^= 1;
    expect(keystream(k, hex(b2.session_salt), 16)).not.toBe(b2.blocks[0]![1].toLowerCase());
  });
});

// RFC 3711 Appendix B.3: https://www.rfc-editor.org/rfc/rfc3711#appendix-B.3
describe('RFC 3711 Appendix B.3 key derivation', () => {
  const b3 = v3711['B.3_key_derivation'];
  const mk = hex(b3.master_key);
  const ms = hex(b3.master_salt);
  it('derives the cipher key, salt and auth key', () => {
    expect(toHex(deriveSrtpKey(mk, ms, SrtpKdfLabel.SRTP_ENCRYPTION, 0, 16))).toBe(b3.cipher_key.value.toLowerCase());
    expect(toHex(deriveSrtpKey(mk, ms, SrtpKdfLabel.SRTP_SALT, 0, 14))).toBe(b3.cipher_salt.value.toLowerCase());
    expect(toHex(deriveSrtpKey(mk, ms, SrtpKdfLabel.SRTP_AUTHENTICATION, 0, 94))).toBe(
      b3.auth_key.value_94_octets.toLowerCase(),
    );
  });
  it('a flipped salt bit or another label gives other keys (negative twin)', () => {
    const bad = hex(b3.master_salt);
    bad[13]! ^= 0x80;
    expect(toHex(deriveSrtpKey(mk, bad, 0, 0, 16))).not.toBe(b3.cipher_key.value.toLowerCase());
    expect(toHex(deriveSrtpKey(mk, ms, 3, 0, 16))).not.toBe(b3.cipher_key.value.toLowerCase());
  });
  it('matches the BigInt reference for non-zero r (KDR, RFC 3711 §4.3.1)', () => {
    for (const r of [1, 2, 255, 65536, 2 ** 32 + 7, 2 ** 48 - 1]) {
      for (let label = 0; label < 6; label++) {
        expect(toHex(deriveSrtpKey(mk, ms, label, r, 20))).toBe(refKdf(mk, ms, label, BigInt(r), 20).toString('hex'));
      }
    }
  });
  it('rejects bad arguments with RangeError', () => {
    expect(() => deriveSrtpKey(mk.subarray(0, 15), ms, 0, 0, 16)).toThrow('"masterKey" expected 16, 24 or 32 bytes, got 15');
    expect(() => deriveSrtpKey(mk, ms.subarray(0, 13), 0, 0, 16)).toThrow(RangeError);
    expect(() => deriveSrtpKey(mk, ms, 0, 2 ** 48, 16)).toThrow(RangeError);
  });
});

// RFC 6188 §7: https://www.rfc-editor.org/rfc/rfc6188#section-7
describe('RFC 6188 §7.1 AES-256-CM keystream', () => {
  const v = v6188['7.1_AES_256_CM_keystream'];
  it('matches the first three blocks and blocks FEFF..FF01', () => {
    const key = hex(v.session_key);
    const iv = hex(v.session_salt_offset);
    const all = keystream(key, iv, 16 * 0xff02);
    expect(all.slice(0, 96)).toBe(v.keystream_first_3_blocks);
    expect(all.slice(32 * 0xfeff)).toBe(v.computed_not_transcribed_blocks_FEFF_FF00_FF01);
    const k2 = hex(v.session_key);
    k2[31]! ^= 1;
    expect(keystream(k2, iv, 48)).not.toBe(v.keystream_first_3_blocks);
  });
});

describe('RFC 6188 §7.2 AES-256-CM PRF', () => {
  const v = v6188['7.2_AES_256_CM_PRF'];
  const mk = hex(v.master_key);
  const ms = hex(v.master_salt);
  it('derives SRTP and SRTCP keys', () => {
    expect(toHex(deriveSrtpKey(mk, ms, 0, 0, 32))).toBe(v.cipher_key);
    expect(toHex(deriveSrtpKey(mk, ms, 2, 0, 14))).toBe(v.cipher_salt);
    expect(toHex(deriveSrtpKey(mk, ms, 1, 0, 20))).toBe(v.auth_key);
    expect(toHex(deriveSrtpKey(mk, ms, 3, 0, 32))).toBe(v.computed_not_transcribed_srtcp.cipher_key_label3);
    expect(toHex(deriveSrtpKey(mk, ms, 4, 0, 20))).toBe(v.computed_not_transcribed_srtcp.auth_key_label4);
    expect(toHex(deriveSrtpKey(mk, ms, 5, 0, 14))).toBe(v.computed_not_transcribed_srtcp.cipher_salt_label5);
  });
  it('negative twin: a flipped master key bit', () => {
    const bad = hex(v.master_key);
    bad[0]! ^= 1;
    expect(toHex(deriveSrtpKey(bad, ms, 0, 0, 32))).not.toBe(v.cipher_key);
  });
});

// RFC 6188 §7.4; Debian's libsrtp 2.5.0 gets this wrong (cisco/libsrtp#763), so these vectors are the
// only check of AES-192 key derivation.
describe('RFC 6188 §7.4 AES-192-CM PRF', () => {
  const v = v6188['7.4_AES_192_CM_PRF'];
  const mk = hex(v.master_key);
  const ms = hex(v.master_salt);
  it('derives cipher key, salt and auth key with AES-192', () => {
    expect(toHex(deriveSrtpKey(mk, ms, 0, 0, 24))).toBe(v.cipher_key);
    expect(toHex(deriveSrtpKey(mk, ms, 2, 0, 14))).toBe(v.cipher_salt);
    expect(toHex(deriveSrtpKey(mk, ms, 1, 0, 20))).toBe(v.auth_key);
  });
  it('negative twin: the libsrtp#763 mistake (AES-256 with a zero-padded key) does not match', () => {
    const padded = new Uint8Array(32);
    padded.set(mk);
    expect(toHex(deriveSrtpKey(padded, ms, 0, 0, 24))).not.toBe(v.cipher_key);
  });
});
