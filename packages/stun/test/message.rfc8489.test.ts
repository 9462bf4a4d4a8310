import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  StunAttributeType,
  StunClass,
  StunMessageType,
  StunMethod,
  getAttribute,
  getTextAttribute,
  isStunError,
  isUnknownRequiredAttribute,
  parseStunMessage,
  serializeStunMessage,
  serializeStunMessageInto,
  shortTermKey,
  stunClassOf,
  stunMessageByteLength,
  stunMessageType,
  stunMethodOf,
  textAttribute,
  verifyFingerprint,
  verifyMessageIntegrity,
  verifyMessageIntegritySha256,
  retransmissionSchedule,
} from '../src/index.js';
import type { StunMessage ,
  StunError} from '../src/index.js';
import { atOffset } from './helpers.js';

const tid = Uint8Array.from({ length: 12 }, (_, i) => i + 1);
const base = (attributes: StunMessage['attributes'] = []): StunMessage => ({ type: StunMessageType.BindingRequest, transactionId: tid, attributes });
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isStunError(e) ? e.code : `not a StunError: ${String(e)}`;
  }
  return undefined;
};

describe('RFC 5389 §6 message type encoding', () => {
  it('constants match the class/method bit layout', () => {
    expect(stunMessageType(StunMethod.Binding, StunClass.Request)).toBe(StunMessageType.BindingRequest);
    expect(stunMessageType(StunMethod.Binding, StunClass.Indication)).toBe(StunMessageType.BindingIndication);
    expect(stunMessageType(StunMethod.Binding, StunClass.SuccessResponse)).toBe(StunMessageType.BindingSuccessResponse);
    expect(stunMessageType(StunMethod.Binding, StunClass.ErrorResponse)).toBe(StunMessageType.BindingErrorResponse);
    expect(stunMessageType(StunMethod.Allocate, StunClass.ErrorResponse)).toBe(0x0113);
  });
  it('round-trips every method and class', () => {
    for (let m = 0; m <= 0xfff; m += 7) {
      for (let c = 0; c < 4; c++) {
        const t = stunMessageType(m, c);
        expect(t).toBeLessThan(0x4000);
        expect(stunMethodOf(t)).toBe(m);
        expect(stunClassOf(t)).toBe(c);
      }
    }
    expect(() => stunMessageType(0x1000, 0)).toThrow(RangeError);
    expect(() => stunMessageType(1, 4)).toThrow(RangeError);
  });
});

describe('RFC 5389 §6 header errors', () => {
  const ok = serializeStunMessage(base());
  const patch = (i: number, v: number): Uint8Array => {
    const c = ok.slice();
    c[i] = v;
    return c;
  };
  it('reports codes and offsets', () => {
    expect(codeOf(() => parseStunMessage(patch(0, 0x80)))).toBe('NOT_STUN');
    expect(codeOf(() => parseStunMessage(patch(3, 2)))).toBe('BAD_LENGTH');
    expect(codeOf(() => parseStunMessage(patch(3, 8)))).toBe('TRUNCATED');
    expect(codeOf(() => parseStunMessage(patch(7, 0)))).toBe('BAD_MAGIC_COOKIE');
    try {
      parseStunMessage(patch(7, 0));
    } catch (e) {
      expect((e as StunError).offset).toBe(4);
      expect((e as StunError).name).toBe('StunError');
    }
  });
  it('RFC 3489 messages only when allowed, with a 16-byte transaction ID', () => {
    const legacy = patch(7, 0);
    const msg = parseStunMessage(legacy, { allowRfc3489: true });
    expect(msg.rfc3489).toBe(true);
    expect(msg.transactionId.length).toBe(16);
    expect(serializeStunMessage(msg)).toEqual(legacy);
  });
  it('attribute length overflowing the message: BAD_ATTRIBUTE_LENGTH at the attribute', () => {
    const m = serializeStunMessage(base([textAttribute(StunAttributeType.Software, 'abcd')]));
    m[23] = 9; // value length 9 > 4 remaining
    expect(codeOf(() => parseStunMessage(m))).toBe('BAD_ATTRIBUTE_LENGTH');
  });
  it('wrong fixed lengths of MESSAGE-INTEGRITY, -SHA256 and FINGERPRINT', () => {
    for (const [type, len] of [
      [StunAttributeType.MessageIntegrity, 16],
      [StunAttributeType.MessageIntegritySha256, 12],
      [StunAttributeType.MessageIntegritySha256, 18],
      [StunAttributeType.Fingerprint, 8],
    ] as const) {
      expect(codeOf(() => parseStunMessage(serializeStunMessage(base([{ type, value: new Uint8Array(len) }]))))).toBe('BAD_ATTRIBUTE_LENGTH');
    }
  });
});

describe('RFC 8489 §14.5-14.7 attribute order and comprehension', () => {
  const key = shortTermKey('pass');
  it('reports unknown comprehension-required attributes, keeps and ignores optional ones (nodertc/stun#2)', () => {
    const msg = parseStunMessage(
      serializeStunMessage(base([{ type: 0x0003, value: new Uint8Array(4) }, { type: 0x802b, value: new Uint8Array(8) }, { type: 0x7fff, value: new Uint8Array(0) }])),
    );
    expect(msg.unknownRequiredAttributes).toEqual([0x0003, 0x7fff]);
    expect(getAttribute(msg, 0x802b)).toEqual(new Uint8Array(8));
    expect(isUnknownRequiredAttribute(StunAttributeType.XorMappedAddress)).toBe(false);
  });
  it('ignores attributes after MESSAGE-INTEGRITY except MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (pion/stun PR #273)', () => {
    const signed = serializeStunMessage(base([textAttribute(StunAttributeType.Username, 'u')]), { integrity: key });
    // Append SOFTWARE and an unknown required attribute after MESSAGE-INTEGRITY, then FINGERPRINT.
    const msg0 = parseStunMessage(signed);
    const extended = serializeStunMessage(
      { ...msg0, attributes: [...msg0.attributes, textAttribute(StunAttributeType.Software, 'late'), { type: 0x0003, value: new Uint8Array(4) }] },
      { fingerprint: true },
    );
    const msg = parseStunMessage(extended);
    expect(getTextAttribute(msg, StunAttributeType.Software)).toBeUndefined();
    expect(msg.attributes.filter((a) => a.ignored).map((a) => a.type)).toEqual([StunAttributeType.Software, 0x0003]);
    expect(msg.unknownRequiredAttributes).toEqual([]);
    expect(verifyFingerprint(msg)).toBe(true);
    // MESSAGE-INTEGRITY was computed before the extra attributes and still verifies.
    expect(verifyMessageIntegrity(msg, key)).toBe(true);
  });
  it('FINGERPRINT verifies even when (ignored) attributes follow it', () => {
    const msg0 = parseStunMessage(serializeStunMessage(base(), { fingerprint: true }));
    const extended = parseStunMessage(serializeStunMessage({ ...msg0, attributes: [...msg0.attributes, textAttribute(StunAttributeType.Software, 'x')] }));
    expect(extended.attributes.at(-1)!.ignored).toBe(true);
    expect(verifyFingerprint(extended)).toBe(true);
  });
  it('verification functions return false, not throw, when the attribute is absent', () => {
    const msg = parseStunMessage(serializeStunMessage(base()));
    expect(verifyMessageIntegrity(msg, key)).toBe(false);
    expect(verifyMessageIntegritySha256(msg, key)).toBe(false);
    expect(verifyFingerprint(msg)).toBe(false);
  });
});

describe('RFC 8489 §14.6 MESSAGE-INTEGRITY-SHA256', () => {
  const key = shortTermKey('sha256 secret');
  it('equals HMAC-SHA256 over the message with the adjusted length, with MI and FINGERPRINT around it', () => {
    const bytes = serializeStunMessage(base([textAttribute(StunAttributeType.Username, 'user')]), { integrity: key, integritySha256: key, fingerprint: true });
    const msg = parseStunMessage(bytes);
    expect(msg.integrityOffset).toBeGreaterThan(0);
    expect(msg.integritySha256Offset).toBe(msg.integrityOffset + 24);
    expect(msg.fingerprintOffset).toBe(msg.integritySha256Offset + 36);
    const at = msg.integritySha256Offset;
    const covered = bytes.slice(0, at);
    covered[3] = at + 36 - 20;
    expect(Buffer.from(bytes.subarray(at + 4, at + 36))).toEqual(createHmac('sha256', key.bytes).update(covered).digest());
    expect(verifyMessageIntegritySha256(msg, key)).toBe(true);
    expect(verifyMessageIntegrity(msg, key)).toBe(true);
    expect(verifyFingerprint(msg)).toBe(true);
    const bad = bytes.slice();
    bad[at + 20]! ^= 0x80;
    expect(verifyMessageIntegritySha256(parseStunMessage(bad), key)).toBe(false);
    expect(verifyMessageIntegritySha256(parseStunMessage(atOffset(bytes)), key)).toBe(true);
  });
  it('verifies a truncated (16-byte) value by its prefix', () => {
    const full = serializeStunMessage(base(), { integritySha256: key });
    const at = 20;
    const truncated = new Uint8Array(20 + 4 + 16);
    truncated.set(full.subarray(0, 20));
    truncated.set([0x00, 0x1c, 0x00, 0x10], 20);
    truncated[3] = 20;
    const covered = truncated.slice(0, at);
    const mac = createHmac('sha256', key.bytes).update(covered).digest();
    truncated.set(mac.subarray(0, 16), 24);
    expect(verifyMessageIntegritySha256(parseStunMessage(truncated), key)).toBe(true);
  });
});

describe('parsed attribute values are lazy views', () => {
  it('the view is made once, aliases the input, and a field-by-field copy keeps it', () => {
    const msg = parseStunMessage(serializeStunMessage(base([textAttribute(StunAttributeType.Software, 'abc')])));
    const a = msg.attributes[0]!;
    expect(a.value).toBe(a.value); // cached
    expect(a.value.buffer).toBe(msg.raw.buffer);
    const copy = { type: a.type, value: a.value };
    expect(copy.value).toEqual(new TextEncoder().encode('abc'));
  });
});

describe('serializeStunMessageInto', () => {
  it('writes at an offset, returns the length, and refuses a short buffer', () => {
    const msg = base([textAttribute(StunAttributeType.Software, 'abc')]);
    const n = stunMessageByteLength(msg, { fingerprint: true });
    const out = new Uint8Array(n + 10);
    expect(serializeStunMessageInto(msg, out, 5, { fingerprint: true })).toBe(n);
    expect(out.subarray(5, 5 + n)).toEqual(serializeStunMessage(msg, { fingerprint: true }));
    expect(out[4]).toBe(0);
    expect(() => serializeStunMessageInto(msg, new Uint8Array(n - 1), 0, { fingerprint: true })).toThrow(RangeError);
  });
  it('caller mistakes are TypeError / RangeError with the noble wording', () => {
    expect(() => serializeStunMessage({ ...base(), transactionId: new Uint8Array(11) })).toThrow('"transactionId" expected 12 bytes (or 16 for RFC 3489), got 11');
    expect(() => serializeStunMessage({ ...base(), type: 0x4000 })).toThrow(RangeError);
    expect(() => serializeStunMessage(base([{ type: 1, value: new Uint8Array(70000) }]))).toThrow(RangeError);
  });
  it('pads with zeros and reuses given padding bytes only when their length fits', () => {
    const m = serializeStunMessage(base([{ type: StunAttributeType.Software, value: Uint8Array.of(1), padding: Uint8Array.of(9, 9, 9) }]));
    expect([...m.subarray(25, 28)]).toEqual([9, 9, 9]);
    const z = serializeStunMessage(base([{ type: StunAttributeType.Software, value: Uint8Array.of(1), padding: Uint8Array.of(9) }]));
    expect([...z.subarray(25, 28)]).toEqual([0, 0, 0]);
  });
});

describe('RFC 5389 §7.2.1 retransmission schedule', () => {
  it('defaults: 7 requests at 0, 500, 1500, 3500, 7500, 15500, 31500 ms; timeout at 39500 ms', () => {
    expect(retransmissionSchedule()).toEqual({ sendAt: [0, 500, 1500, 3500, 7500, 15500, 31500], timeoutAt: 39500 });
  });
  it('configurable, validated', () => {
    expect(retransmissionSchedule({ rto: 100, maxRequests: 2, finalTimeoutFactor: 4 })).toEqual({ sendAt: [0, 100], timeoutAt: 500 });
    expect(() => retransmissionSchedule({ maxRequests: 1.5 })).toThrow(RangeError);
    expect(() => retransmissionSchedule({ rto: -1 })).toThrow(RangeError);
  });
});
