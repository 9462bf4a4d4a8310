/**
 * The number of master keys is capped and an MKI is found by lookup, not by comparing every pair or
 * scanning every key (#15.7).
 */
import { describe, expect, it } from 'vitest';
import { MAX_MASTER_KEYS, SrtpSession } from '../src/index.js';

const key = (v: number, len = 4) => ({
  masterKey: Uint8Array.from({ length: 16 }, (_, i) => (i * 7 + v) & 0xff),
  masterSalt: Uint8Array.from({ length: 14 }, (_, i) => (i * 3 + v) & 0xff),
  mki: { value: BigInt(v), byteLength: len },
});
const rtp = (seq: number) => Uint8Array.from([0x80, 0, 0, seq, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3, 4]);

describe('master keys per session', () => {
  it(`takes up to ${MAX_MASTER_KEYS} keys and refuses one more before building any`, () => {
    const keys = Array.from({ length: MAX_MASTER_KEYS }, (_, i) => key(i + 1));
    expect(() => new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...keys[0]!, keys })).not.toThrow();
    const many = Array.from({ length: 40_000 }, (_, i) => key(i + 1));
    expect(() => new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...many[0]!, keys: many })).toThrow(
      /"keys" expected at most 32 master keys, got 40000/,
    );
  });

  it('still refuses duplicate MKIs', () => {
    const keys = [key(1), key(2), key(1)];
    expect(() => new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...keys[0]!, keys })).toThrow(/keys\[2\]\.mki" duplicates keys\[0\]\.mki/);
  });

  it('finds each key by its MKI, and refuses an MKI no key has', () => {
    const keys = Array.from({ length: MAX_MASTER_KEYS }, (_, i) => key(0x1000 * (i + 1) + i));
    const tx = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...keys[0]!, keys });
    const rx = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...keys[0]!, keys });
    for (let i = 0; i < keys.length; i++) {
      tx.selectSendKey(keys[i]!.mki.value);
      const wire = tx.protect(rtp(i));
      expect(rx.unprotect(wire).ok).toBe(true);
      const unknown = Uint8Array.from(wire);
      unknown[16] = unknown[16]! ^ 0x80; // the MKI's first byte: no key has that MKI
      expect(rx.unprotect(unknown)).toEqual({ ok: false, reason: 'UNKNOWN_MKI' });
    }
  });
});
