/**
 * SOFTWARE and the other text attributes keep RFC 8489's lengths (#15.11), so the server's reply to the
 * smallest Binding request stays within a stated amplification factor; ICE role builders check their type
 * (#14.10).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_TEXT_ATTRIBUTE_CHARACTERS,
  StunAttributeType,
  StunMessageType,
  iceRoleAttribute,
  serializeStunMessage,
  textAttribute,
} from '../src/index.js';
import { StunServer } from '../src/node.js';
import { query } from './udp-helpers.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

/** The largest SOFTWARE RFC 8489 allows: 127 characters of 4 UTF-8 bytes each. */
const LONGEST_SOFTWARE = '😀'.repeat(MAX_TEXT_ATTRIBUTE_CHARACTERS);

describe('text attribute lengths (RFC 8489 §14)', () => {
  it('SOFTWARE, REALM, NONCE: fewer than 128 characters (however many bytes)', () => {
    expect(textAttribute(StunAttributeType.Software, LONGEST_SOFTWARE).value.length).toBe(508);
    for (const type of [StunAttributeType.Software, StunAttributeType.Realm, StunAttributeType.Nonce]) {
      expect(() => textAttribute(type, 'x'.repeat(128))).toThrow(RangeError);
    }
  });
  it('USERNAME: fewer than 509 bytes', () => {
    expect(textAttribute(StunAttributeType.Username, 'u'.repeat(508)).value.length).toBe(508);
    expect(() => textAttribute(StunAttributeType.Username, 'u'.repeat(509))).toThrow(/USERNAME expected at most 508/);
  });
  it('the server refuses a longer SOFTWARE when it is built', () => {
    expect(() => new StunServer({ software: 'x'.repeat(128) })).toThrow(/SOFTWARE expected fewer than 128 characters/);
    expect(() => new StunServer({ software: 'x'.repeat(5000) })).toThrow(RangeError);
  });
});

describe('amplification', () => {
  it('the reply to a 20-byte Binding request is at most 29.4x its size (IPv6, MAPPED-ADDRESS, FINGERPRINT, longest SOFTWARE)', async () => {
    const server = new StunServer({ software: LONGEST_SOFTWARE, fingerprint: true, mappedAddress: true });
    closers.push(() => server.close());
    await server.listen({ host: '::1', port: 0 });
    const request = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12).fill(7), attributes: [] });
    expect(request.length).toBe(20);
    const reply = await query(request, server.address().port, '::1');
    expect(reply).toBeDefined();
    // 20 header + 24 XOR-MAPPED-ADDRESS + 24 MAPPED-ADDRESS (IPv6) + 512 SOFTWARE + 8 FINGERPRINT
    expect(reply!.length).toBe(588);
    expect(reply!.length / request.length).toBeCloseTo(29.4, 1);
  });
});

describe('iceRoleAttribute', () => {
  it('takes only ICE-CONTROLLED or ICE-CONTROLLING', () => {
    expect(iceRoleAttribute(StunAttributeType.IceControlled, 1n).type).toBe(0x8029);
    expect(iceRoleAttribute(StunAttributeType.IceControlling, 1n).type).toBe(0x802a);
    expect(() => iceRoleAttribute(StunAttributeType.Software, 1n)).toThrow(RangeError);
    expect(() => iceRoleAttribute(0x0006, 1n)).toThrow(/ICE-CONTROLLED/);
  });
});
