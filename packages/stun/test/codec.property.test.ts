import { createSocket } from 'node:dgram';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  StunAttributeType,
  StunError,
  StunMessageType,
  getAttribute,
  getErrorCode,
  getMappedAddress,
  getTextAttribute,
  getXorMappedAddress,
  parseStunMessage,
  serializeStunMessage,
  shortTermKey,
  verifyFingerprint,
  verifyMessageIntegrity,
  verifyMessageIntegritySha256,
} from '../src/index.js';
import { StunServer, StunSocket } from '../src/node.js';
import type { StunAttribute } from '../src/index.js';

const SECURITY_TYPES: ReadonlySet<number> = new Set([
  StunAttributeType.MessageIntegrity,
  StunAttributeType.MessageIntegritySha256,
  StunAttributeType.Fingerprint,
]);

const attribute = fc.record({
  type: fc.integer({ min: 0, max: 0xffff }).filter((t) => !SECURITY_TYPES.has(t)),
  value: fc.uint8Array({ maxLength: 40 }),
});

/** Random bytes that start like a STUN message (cookie, consistent length), to reach the attribute loop. */
const stunLike = fc.tuple(fc.integer({ min: 0, max: 0x3fff }), fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ maxLength: 120 })).map(([type, tid, body]) => {
  const len = body.length & ~3;
  const out = new Uint8Array(20 + len);
  out[0] = type >>> 8;
  out[1] = type & 0xff;
  out[2] = len >>> 8;
  out[3] = len & 0xff;
  out.set([0x21, 0x12, 0xa4, 0x42], 4);
  out.set(tid, 8);
  out.set(body.subarray(0, len), 20);
  return out;
});

function decodeEverything(bytes: Uint8Array): void {
  const msg = parseStunMessage(bytes, { allowRfc3489: true });
  verifyFingerprint(msg);
  verifyMessageIntegrity(msg, shortTermKey('k'));
  verifyMessageIntegritySha256(msg, shortTermKey('k'));
  for (const f of [getXorMappedAddress, getMappedAddress, getErrorCode, (m: typeof msg) => getTextAttribute(m, StunAttributeType.Username)]) {
    try {
      f(msg);
    } catch (e) {
      expect(e).toBeInstanceOf(StunError);
    }
  }
}

describe('property: the parser throws nothing but StunError', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeEverything(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(StunError);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('on STUN-looking bytes with random attributes (decoders included)', () => {
    fc.assert(
      fc.property(stunLike, (bytes) => {
        try {
          decodeEverything(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(StunError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('property: encode → decode round trip', () => {
  it('arbitrary messages with optional MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x3fff }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.array(attribute, { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.string({ maxLength: 20 }),
        (type, transactionId, attributes, mi, mi256, fp, password) => {
          const key = shortTermKey(password);
          const bytes = serializeStunMessage(
            { type, transactionId, attributes },
            { integrity: mi ? key : undefined, integritySha256: mi256 ? key : undefined, fingerprint: fp },
          );
          expect(bytes.length % 4).toBe(0);
          const msg = parseStunMessage(bytes);
          expect(msg.type).toBe(type);
          expect(msg.transactionId).toEqual(transactionId);
          const plain = msg.attributes.filter((a) => !SECURITY_TYPES.has(a.type) || a.ignored);
          expect(plain.map((a: StunAttribute) => ({ type: a.type, value: a.value }))).toEqual(attributes);
          expect(verifyMessageIntegrity(msg, key)).toBe(mi);
          expect(verifyMessageIntegritySha256(msg, key)).toBe(mi256);
          expect(verifyFingerprint(msg)).toBe(fp);
          expect(serializeStunMessage(msg)).toEqual(bytes);
          if (attributes.length > 0) {
            expect(getAttribute(msg, attributes[0]!.type)).toEqual(attributes[0]!.value);
          }
          const expectedUnknown = attributes.map((a) => a.type).filter((t) => t < 0x8000 && ![0x0001, 0x0006, 0x0009, 0x000a, 0x0014, 0x0015, 0x0020, 0x0024, 0x0025].includes(t));
          expect(msg.unknownRequiredAttributes).toEqual(expectedUnknown);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('property: the socket and server receive paths never throw and keep serving', () => {
  let socket: StunSocket;
  let server: StunServer;
  const errors: Error[] = [];
  beforeAll(async () => {
    socket = await StunSocket.open({ host: '127.0.0.1', stunServer: null, onError: (e) => errors.push(e) });
    server = new StunServer({ onError: (e) => errors.push(e) });
    await server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await socket.close();
    await server.close();
  });
  it('arbitrary datagrams, STUN-looking or not, sent over loopback to both', async () => {
    let delivered = 0;
    socket.setDatagramHandler(() => delivered++);
    const inputs = fc.sample(fc.oneof(fc.uint8Array({ maxLength: 100 }), stunLike), 500);
    const sender = createSocket('udp4');
    await new Promise<void>((resolve) => sender.bind(0, '127.0.0.1', resolve));
    const targets = [socket.localAddress().port, server.address().port];
    for (const [n, bytes] of inputs.entries()) {
      for (const port of targets) {
        sender.send(bytes, port, '127.0.0.1');
      }
      if (n % 50 === 49) {
        await new Promise((r) => setTimeout(r, 5)); // let both sockets drain
      }
    }
    const deadline = Date.now() + 5000;
    while ((socket.stats.datagramsReceived < 500 || server.stats.datagramsReceived < 500) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    sender.close();
    expect(errors).toEqual([]);
    expect(delivered).toBeGreaterThan(0);
    expect(socket.stats.datagramsReceived).toBe(500);
    expect(server.stats.datagramsReceived).toBe(500);
  });
});

describe('parsed attributes are plain data', () => {
  it('a spread or structuredClone of a parsed attribute keeps its value and padding', () => {
    const wire = serializeStunMessage({
      type: StunMessageType.BindingRequest,
      transactionId: new Uint8Array(12).fill(7),
      attributes: [
        { type: StunAttributeType.Software, value: Uint8Array.of(0x61, 0x62, 0x63), padding: Uint8Array.of(0x20) },
        { type: StunAttributeType.Username, value: Uint8Array.of(1, 2, 3, 4) },
      ],
    });
    const [software, username] = parseStunMessage(wire).attributes;
    for (const copy of [{ ...software! }, structuredClone(software!)]) {
      expect(copy.type).toBe(StunAttributeType.Software);
      expect([...copy.value]).toEqual([0x61, 0x62, 0x63]);
      expect([...(copy.padding ?? [])]).toEqual([0x20]);
    }
    expect({ ...username! }).toMatchObject({ type: StunAttributeType.Username, value: Uint8Array.of(1, 2, 3, 4), ignored: false });
    expect('padding' in username!).toBe(false);
  });
});
