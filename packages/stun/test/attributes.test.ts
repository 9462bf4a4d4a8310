import { describe, expect, it } from 'vitest';
import {
  StunAttributeType,
  StunMessageType,
  decodeAddressAttribute,
  decodeErrorCodeAttribute,
  decodeTextAttribute,
  decodeUint32Attribute,
  decodeUint64Attribute,
  decodeUnknownAttributes,
  decodeXorAddressAttribute,
  encodeAddressAttribute,
  encodeXorAddressAttribute,
  errorCodeAttribute,
  getMappedAddress,
  getXorMappedAddress,
  iceRoleAttribute,
  isStunError,
  mappedAddressAttribute,
  parseStunMessage,
  priorityAttribute,
  saslprepLite,
  serializeStunMessage,
  unknownAttributesAttribute,
  useCandidateAttribute,
  xorMappedAddressAttribute,
} from '../src/index.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isStunError(e) ? e.code : `not a StunError: ${String(e)}`;
  }
  return undefined;
};
const tid = Uint8Array.from({ length: 12 }, (_, i) => 0xa0 + i);

describe('RFC 5389 §15.1/§15.2 address attributes', () => {
  it('IPv6 text is RFC 5952 canonical (as node:dgram reports it)', () => {
    const cases: [string, string][] = [
      ['::1', '::1'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['::', '::'],
      ['fe80::1%eth0', 'fe80::1'],
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ];
    for (const [input, canonical] of cases) {
      expect(decodeAddressAttribute(encodeAddressAttribute({ address: input, port: 1 })).address, input).toBe(canonical);
      expect(decodeXorAddressAttribute(encodeXorAddressAttribute({ address: input, port: 65535 }, tid), tid)).toEqual({ family: 'IPv6', address: canonical, port: 65535 });
    }
  });
  it('XOR really XORs (port with 0x2112, IPv4 with the cookie)', () => {
    const v = encodeXorAddressAttribute({ address: '0.0.0.0', port: 0 }, tid);
    expect([...v]).toEqual([0, 1, 0x21, 0x12, 0x21, 0x12, 0xa4, 0x42]);
  });
  it('malformed values: family and length errors', () => {
    expect(codeOf(() => decodeAddressAttribute(Uint8Array.of(0, 3, 0, 1, 1, 2, 3, 4)))).toBe('BAD_ADDRESS_FAMILY');
    expect(codeOf(() => decodeAddressAttribute(Uint8Array.of(0, 1, 0, 1, 1, 2, 3)))).toBe('BAD_ATTRIBUTE_LENGTH');
    expect(codeOf(() => decodeAddressAttribute(Uint8Array.of(0, 2, 0, 1, 1, 2, 3, 4)))).toBe('BAD_ATTRIBUTE_LENGTH');
    expect(codeOf(() => decodeAddressAttribute(Uint8Array.of(0, 1)))).toBe('BAD_ATTRIBUTE_LENGTH');
  });
  it('caller mistakes: host names, ports, transaction IDs', () => {
    expect(() => encodeAddressAttribute({ address: 'example.com', port: 1 })).toThrow(TypeError);
    expect(() => encodeAddressAttribute({ address: '1.2.3.256', port: 1 })).toThrow(TypeError);
    expect(() => encodeAddressAttribute({ address: '1::2::3', port: 1 })).toThrow(TypeError);
    expect(() => encodeAddressAttribute({ address: '1.2.3.4', port: 65536 })).toThrow(RangeError);
    expect(() => encodeXorAddressAttribute({ address: '1.2.3.4', port: 1 }, new Uint8Array(11))).toThrow('"transactionId" expected 12 bytes, got 11');
  });
});

describe('RFC 5389 §15.6 ERROR-CODE, §15.9 UNKNOWN-ATTRIBUTES, §15.3 text', () => {
  it('round-trips codes, defaults the reason, validates', () => {
    expect(decodeErrorCodeAttribute(errorCodeAttribute(401).value)).toEqual({ code: 401, reason: 'Unauthenticated' });
    expect(decodeErrorCodeAttribute(errorCodeAttribute(699, 'x').value)).toEqual({ code: 699, reason: 'x' });
    expect(codeOf(() => decodeErrorCodeAttribute(Uint8Array.of(0, 0, 2, 0)))).toBe('BAD_ERROR_CODE');
    expect(codeOf(() => decodeErrorCodeAttribute(Uint8Array.of(0, 0, 4, 100)))).toBe('BAD_ERROR_CODE');
    expect(codeOf(() => decodeErrorCodeAttribute(Uint8Array.of(0, 0, 4)))).toBe('BAD_ATTRIBUTE_LENGTH');
    expect(codeOf(() => decodeErrorCodeAttribute(Uint8Array.of(0, 0, 4, 1, 0xff)))).toBe('BAD_UTF8');
    expect(() => errorCodeAttribute(299)).toThrow(RangeError);
  });
  it('UNKNOWN-ATTRIBUTES round-trips and rejects an odd length', () => {
    expect(decodeUnknownAttributes(unknownAttributesAttribute([3, 0x7fff]).value)).toEqual([3, 0x7fff]);
    expect(codeOf(() => decodeUnknownAttributes(Uint8Array.of(0, 3, 0)))).toBe('BAD_ATTRIBUTE_LENGTH');
  });
  it('text is strict UTF-8', () => {
    expect(decodeTextAttribute(Uint8Array.of(0xe3, 0x83, 0x9e))).toBe('\u30de');
    expect(codeOf(() => decodeTextAttribute(Uint8Array.of(0xe3, 0x83)))).toBe('BAD_UTF8');
  });
});

describe('RFC 8445 §7.1 ICE attributes', () => {
  it('PRIORITY, ICE-CONTROLLING, USE-CANDIDATE', () => {
    expect(decodeUint32Attribute(priorityAttribute(0xffffffff).value)).toBe(0xffffffff);
    expect(() => priorityAttribute(2 ** 32)).toThrow(RangeError);
    const role = iceRoleAttribute(StunAttributeType.IceControlling, 0xfedcba9876543210n);
    expect(role.type).toBe(0x802a);
    expect(decodeUint64Attribute(role.value)).toBe(0xfedcba9876543210n);
    expect(() => iceRoleAttribute(StunAttributeType.IceControlled, -1n)).toThrow(RangeError);
    expect(codeOf(() => decodeUint64Attribute(new Uint8Array(7)))).toBe('BAD_ATTRIBUTE_LENGTH');
    expect(codeOf(() => decodeUint32Attribute(new Uint8Array(5)))).toBe('BAD_ATTRIBUTE_LENGTH');
    expect(useCandidateAttribute()).toEqual({ type: 0x0025, value: new Uint8Array(0) });
  });
});

describe('RFC 4013 SASLprep subset', () => {
  it('maps soft hyphen to nothing, NFKC-normalises, maps non-ASCII spaces', () => {
    expect(saslprepLite('The\u00adM\u00aatr\u2168')).toBe('TheMatrIX');
    expect(saslprepLite('a\u00a0b')).toBe('a b');
    expect(saslprepLite('I\u00adX')).toBe('IX');
  });
});

describe('address attribute builders (the xAttribute shape)', () => {
  it('xorMappedAddressAttribute and mappedAddressAttribute build what getXorMappedAddress / getMappedAddress read', () => {
    const transactionId = Uint8Array.from({ length: 12 }, (_, i) => i + 1);
    for (const address of [{ address: '192.0.2.1', port: 32853 }, { address: '2001:db8::1', port: 3478 }]) {
      const wire = serializeStunMessage({
        type: StunMessageType.BindingSuccessResponse,
        transactionId,
        attributes: [xorMappedAddressAttribute(address, transactionId), mappedAddressAttribute(address)],
      });
      const msg = parseStunMessage(wire);
      expect(msg.attributes.map((a) => a.type)).toEqual([StunAttributeType.XorMappedAddress, StunAttributeType.MappedAddress]);
      expect(getXorMappedAddress(msg)).toMatchObject(address);
      expect(getMappedAddress(msg)).toMatchObject(address);
    }
    expect(() => mappedAddressAttribute({ address: 'example.com', port: 1 })).toThrow(TypeError);
    expect(() => xorMappedAddressAttribute({ address: '192.0.2.1', port: 70000 }, transactionId)).toThrow(RangeError);
  });
});
