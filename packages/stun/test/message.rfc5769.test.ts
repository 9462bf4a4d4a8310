import { describe, expect, it } from 'vitest';
import { atOffset, hex, vectors } from './helpers.js';
import {
  StunAttributeType,
  StunClass,
  StunError,
  StunMethod,
  decodeUint32Attribute,
  decodeUint64Attribute,
  getAttribute,
  getTextAttribute,
  getXorMappedAddress,
  longTermKey,
  parseStunMessage,
  serializeStunMessage,
  shortTermKey,
  verifyFingerprint,
  verifyMessageIntegrity,
} from '../src/index.js';
import type { ParsedStunMessage } from '../src/index.js';

interface Vectors {
  '2.1_sample_request': { software: string; username: string; password: string; hex: string };
  '2.2_sample_ipv4_response': { software: string; password: string; mapped_address: string; mapped_port: number; hex: string };
  '2.3_sample_ipv6_response': { software: string; password: string; mapped_address: string; mapped_port: number; hex: string };
  '2.4_sample_request_long_term_auth': { username: string; nonce: string; realm: string; password_after_saslprep: string; hex: string };
}
const V = vectors<Vectors>('rfc5769_stun');

/** Flips one bit of a copy at `index`. */
function flip(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const c = bytes.slice();
  c[index]! ^= 1 << bit;
  return c;
}

function commonChecks(bytes: Uint8Array, key: ReturnType<typeof shortTermKey>, hasFingerprint: boolean): void {
  it('re-serializes byte for byte', () => {
    expect(serializeStunMessage(parseStunMessage(bytes))).toEqual(bytes);
  });
  it('verifies MESSAGE-INTEGRITY with the RFC key and rejects a wrong key', () => {
    const msg = parseStunMessage(bytes);
    expect(verifyMessageIntegrity(msg, key)).toBe(true);
    expect(verifyMessageIntegrity(msg, key.bytes)).toBe(true); // raw bytes path
    expect(verifyMessageIntegrity(msg, shortTermKey('wrong password'))).toBe(false);
  });
  it(`FINGERPRINT is ${hasFingerprint ? 'verified' : 'absent'}`, () => {
    expect(verifyFingerprint(parseStunMessage(bytes))).toBe(hasFingerprint);
  });
  it('rejects every truncation with a StunError', () => {
    for (let n = 0; n < bytes.length; n++) {
      expect(() => parseStunMessage(bytes.subarray(0, n)), `length ${n}`).toThrow(StunError);
    }
  });
  it('rejects a trailing byte', () => {
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => parseStunMessage(longer)).toThrowError(expect.objectContaining({ code: 'BAD_LENGTH' }));
  });
  it('corrupted twin: every single-bit flip after the header fails integrity or fingerprint, or parsing', () => {
    // Flip bits in the attributes covered by MESSAGE-INTEGRITY (and the transaction ID).
    const msg = parseStunMessage(bytes);
    for (let i = 4; i < msg.integrityOffset; i++) {
      const bad = flip(bytes, i, i % 8);
      let parsed: ParsedStunMessage;
      try {
        parsed = parseStunMessage(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(StunError);
        continue;
      }
      expect(verifyMessageIntegrity(parsed, key), `byte ${i}`).toBe(false);
      if (hasFingerprint) {
        expect(verifyFingerprint(parsed), `byte ${i}`).toBe(false);
      }
    }
    // A flip inside the MAC itself.
    expect(verifyMessageIntegrity(parseStunMessage(flip(bytes, msg.integrityOffset + 10)), key)).toBe(false);
    if (hasFingerprint) {
      expect(verifyFingerprint(parseStunMessage(flip(bytes, msg.fingerprintOffset + 7)))).toBe(false);
      // FINGERPRINT still catches a flip in the MAC, MESSAGE-INTEGRITY does not cover the FINGERPRINT.
      expect(verifyFingerprint(parseStunMessage(flip(bytes, msg.integrityOffset + 10)))).toBe(false);
    }
  });
  it('decodes and verifies at a nonzero offset of a larger buffer', () => {
    const view = atOffset(bytes);
    expect(view.byteOffset).toBe(3);
    const msg = parseStunMessage(view);
    expect(verifyMessageIntegrity(msg, key)).toBe(true);
    expect(verifyFingerprint(msg)).toBe(hasFingerprint);
    expect(serializeStunMessage(msg)).toEqual(bytes);
  });
}

describe('RFC 5769 §2.1 sample request', () => {
  const v = V['2.1_sample_request'];
  const bytes = hex(v.hex);
  const key = shortTermKey(v.password);
  it('parses header and attributes', () => {
    const msg = parseStunMessage(bytes);
    expect(msg.method).toBe(StunMethod.Binding);
    expect(msg.cls).toBe(StunClass.Request);
    expect(msg.rfc3489).toBe(false);
    expect(msg.transactionId).toEqual(hex('b7e7a701bc34d686fa87dfae'));
    expect(getTextAttribute(msg, StunAttributeType.Software)).toBe(v.software);
    expect(getTextAttribute(msg, StunAttributeType.Username)).toBe(v.username);
    expect(decodeUint32Attribute(getAttribute(msg, StunAttributeType.Priority)!)).toBe(0x6e0001ff);
    expect(decodeUint64Attribute(getAttribute(msg, StunAttributeType.IceControlled)!)).toBe(0x932ff9b151263b36n);
    expect(msg.unknownRequiredAttributes).toEqual([]);
    // USERNAME padding is three spaces in the RFC: kept so the MAC still matches.
    const username = msg.attributes.find((a) => a.type === StunAttributeType.Username)!;
    expect(username.padding).toEqual(hex('202020'));
  });
  it('values are zero-copy views of the input', () => {
    const msg = parseStunMessage(bytes);
    const sw = getAttribute(msg, StunAttributeType.Software)!;
    expect(sw.buffer).toBe(bytes.buffer);
    expect(sw.byteOffset).toBe(24);
  });
  commonChecks(bytes, key, true);
});

for (const [name, title] of [
  ['2.2_sample_ipv4_response', 'RFC 5769 §2.2 sample IPv4 response'],
  ['2.3_sample_ipv6_response', 'RFC 5769 §2.3 sample IPv6 response'],
] as const) {
  describe(title, () => {
    const v = V[name];
    const bytes = hex(v.hex);
    const key = shortTermKey(v.password);
    it('decodes XOR-MAPPED-ADDRESS and SOFTWARE', () => {
      const msg = parseStunMessage(bytes);
      expect(msg.cls).toBe(StunClass.SuccessResponse);
      expect(getXorMappedAddress(msg)).toEqual({
        family: name.includes('ipv6') ? 'IPv6' : 'IPv4',
        address: v.mapped_address,
        port: v.mapped_port,
      });
      expect(getTextAttribute(msg, StunAttributeType.Software)).toBe(v.software);
    });
    commonChecks(bytes, key, true);
  });
}

describe('RFC 5769 §2.4 sample request with long-term authentication', () => {
  const v = V['2.4_sample_request_long_term_auth'];
  const bytes = hex(v.hex);
  // The RFC's password before SASLprep: "The<U+00AD>M<U+00AA>tr<U+2168>".
  const key = longTermKey(v.username, v.realm, 'The\u00adM\u00aatr\u2168');
  it('the long-term key equals MD5(username:realm:SASLprep(password)) from the prepared password', () => {
    expect(longTermKey(v.username, v.realm, v.password_after_saslprep).bytes).toEqual(key.bytes);
  });
  it('decodes USERNAME, NONCE, REALM', () => {
    const msg = parseStunMessage(bytes);
    expect(getTextAttribute(msg, StunAttributeType.Username)).toBe(v.username);
    expect(getTextAttribute(msg, StunAttributeType.Nonce)).toBe(v.nonce);
    expect(getTextAttribute(msg, StunAttributeType.Realm)).toBe(v.realm);
  });
  commonChecks(bytes, key, false);
});
