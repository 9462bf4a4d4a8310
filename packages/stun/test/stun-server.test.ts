import { afterEach, describe, expect, it } from 'vitest';
import {
  StunAttributeType,
  StunClass,
  StunMessageType,
  decodeUnknownAttributes,
  getAttribute,
  getErrorCode,
  getMappedAddress,
  getTextAttribute,
  getXorMappedAddress,
  parseStunMessage,
  serializeStunMessage,
  shortTermKey,
  textAttribute,
  verifyFingerprint,
  verifyMessageIntegrity,
} from '../src/index.js';
import { StunServer, type StunRequestEvent } from '../src/node.js';
import { query, RawPeer } from './udp-helpers.js';

const tid = (): Uint8Array => crypto.getRandomValues(new Uint8Array(12));
const bindingRequest = (attributes = [] as { type: number; value: Uint8Array }[], t = tid()) =>
  ({ type: StunMessageType.BindingRequest, transactionId: t, attributes });

let servers: StunServer[] = [];
let peers: RawPeer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(peers.map((p) => p.close()));
  servers = [];
  peers = [];
});

async function start(options: ConstructorParameters<typeof StunServer>[0] = {}, host: string | string[] = '127.0.0.1'): Promise<StunServer> {
  const s = new StunServer(options);
  servers.push(s);
  await s.listen({ host, port: 0 });
  return s;
}

describe('StunServer: RFC 5389 §7.3 Binding requests', () => {
  it('answers with XOR-MAPPED-ADDRESS and MAPPED-ADDRESS of the sender, echoing the transaction ID', async () => {
    const server = await start({ software: 'test server' });
    const peer = await RawPeer.open();
    peers.push(peer);
    const t = tid();
    peer.send(serializeStunMessage(bindingRequest([], t)), server.address().port, '127.0.0.1');
    const [reply] = await peer.waitFor(1);
    const msg = parseStunMessage(reply!.data);
    expect(msg.type).toBe(StunMessageType.BindingSuccessResponse);
    expect(msg.transactionId).toEqual(t);
    const expected = { family: 'IPv4', address: '127.0.0.1', port: peer.port };
    expect(getXorMappedAddress(msg)).toEqual(expected);
    expect(getMappedAddress(msg)).toEqual(expected);
    expect(getTextAttribute(msg, StunAttributeType.Software)).toBe('test server');
    expect(msg.fingerprintOffset).toBe(-1); // none asked, none configured
  });

  it('mirrors FINGERPRINT, and adds it always with fingerprint: true', async () => {
    const a = await start();
    const withFp = parseStunMessage((await query(serializeStunMessage(bindingRequest(), { fingerprint: true }), a.address().port))!);
    expect(verifyFingerprint(withFp)).toBe(true);
    const b = await start({ fingerprint: true, mappedAddress: false });
    const always = parseStunMessage((await query(serializeStunMessage(bindingRequest()), b.address().port))!);
    expect(verifyFingerprint(always)).toBe(true);
    expect(getAttribute(always, StunAttributeType.MappedAddress)).toBeUndefined();
  });

  it('serves IPv4 and IPv6 on one port', async () => {
    const server = await start({}, ['127.0.0.1', '::1']);
    const [v4, v6] = server.addresses();
    expect(v4!.port).toBe(v6!.port);
    expect(v6!.family).toBe('IPv6');
    const reply = parseStunMessage((await query(serializeStunMessage(bindingRequest()), v6!.port, '::1'))!);
    expect(getXorMappedAddress(reply)?.address).toBe('::1');
  });

  it('answers an RFC 3489 request (no magic cookie) with MAPPED-ADDRESS only and its 16-byte ID', async () => {
    const server = await start({ software: 'x' });
    const id16 = crypto.getRandomValues(new Uint8Array(16));
    id16[0] = 0x55; // not the magic cookie
    const req = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: id16, attributes: [] });
    const reply = parseStunMessage((await query(req, server.address().port))!, { allowRfc3489: true });
    expect(reply.rfc3489).toBe(true);
    expect(reply.transactionId).toEqual(id16);
    expect(reply.attributes.map((a) => a.type)).toEqual([StunAttributeType.MappedAddress]);
    expect(getMappedAddress(reply)?.address).toBe('127.0.0.1');
  });

  it('answers 420 with UNKNOWN-ATTRIBUTES for unknown comprehension-required attributes, ignores optional ones', async () => {
    const server = await start();
    const req = serializeStunMessage(
      bindingRequest([
        { type: 0x0003, value: new Uint8Array(4) }, // CHANGE-REQUEST: not implemented
        { type: 0x802b, value: new Uint8Array(8) }, // RESPONSE-ORIGIN: optional, ignored (nodertc/stun#2)
        { type: 0x7ffe, value: new Uint8Array(1) },
      ]),
    );
    const reply = parseStunMessage((await query(req, server.address().port))!);
    expect(reply.type).toBe(StunMessageType.BindingErrorResponse);
    expect(getErrorCode(reply)).toEqual({ code: 420, reason: 'Unknown Attribute' });
    expect(decodeUnknownAttributes(getAttribute(reply, StunAttributeType.UnknownAttributes)!)).toEqual([0x0003, 0x7ffe]);
    const ok = parseStunMessage((await query(serializeStunMessage(bindingRequest([{ type: 0x802b, value: new Uint8Array(8) }])), server.address().port))!);
    expect(ok.cls).toBe(StunClass.SuccessResponse);
  });

  it('answers nothing to indications, responses and garbage, and keeps serving', async () => {
    const events: StunRequestEvent[] = [];
    const server = await start({ onRequest: (e) => events.push(e) });
    const port = server.address().port;
    const peer = await RawPeer.open();
    peers.push(peer);
    peer.send(serializeStunMessage({ type: StunMessageType.BindingIndication, transactionId: tid(), attributes: [] }), port, '127.0.0.1');
    peer.send(serializeStunMessage({ type: StunMessageType.BindingSuccessResponse, transactionId: tid(), attributes: [] }), port, '127.0.0.1');
    peer.send(Uint8Array.of(0, 1, 0, 4, 1, 2), port, '127.0.0.1');
    peer.send(new Uint8Array(0), port, '127.0.0.1');
    peer.send(serializeStunMessage(bindingRequest()), port, '127.0.0.1');
    const got = await peer.waitFor(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toHaveLength(1);
    expect(parseStunMessage(got[0]!.data).cls).toBe(StunClass.SuccessResponse);
    expect(server.stats).toMatchObject({ datagramsReceived: 5, responsesSent: 1, droppedMalformed: 2, ignored: 2 });
    expect(events.map((e) => e.outcome)).toEqual(['success']);
  });

  it('drops a request whose FINGERPRINT does not verify', async () => {
    const server = await start();
    const req = serializeStunMessage(bindingRequest(), { fingerprint: true });
    req[req.length - 1]! ^= 1;
    expect(await query(req, server.address().port, '127.0.0.1', 200)).toBeUndefined();
    expect(server.stats.droppedMalformed).toBe(1);
  });

  it('a throwing onRequest hook is reported to onError and the server keeps answering', async () => {
    const errors: Error[] = [];
    const server = await start({
      onRequest: () => {
        throw new Error('hook');
      },
      onError: (e) => errors.push(e),
    });
    expect(await query(serializeStunMessage(bindingRequest()), server.address().port)).toBeDefined();
    expect(await query(serializeStunMessage(bindingRequest()), server.address().port)).toBeDefined();
    expect(errors.map((e) => e.message)).toEqual(['hook', 'hook']);
  });

  it('close() is idempotent and address() throws afterwards', async () => {
    const server = await start();
    await server.close();
    await server.close();
    expect(() => server.address()).toThrow();
  });
});

describe('StunServer: short-term credentials, RFC 5389 §10.1.2', () => {
  const creds = { username: 'alice', password: 'secret-password' };
  const key = shortTermKey(creds.password);

  it('400 without MESSAGE-INTEGRITY or USERNAME, no MESSAGE-INTEGRITY in the error', async () => {
    const server = await start({ credentials: creds });
    const noMi = parseStunMessage((await query(serializeStunMessage(bindingRequest([textAttribute(StunAttributeType.Username, 'alice:bob')])), server.address().port))!);
    expect(getErrorCode(noMi)?.code).toBe(400);
    expect(noMi.integrityOffset).toBe(-1);
    const noUser = parseStunMessage((await query(serializeStunMessage(bindingRequest(), { integrity: key }), server.address().port))!);
    expect(getErrorCode(noUser)?.code).toBe(400);
  });

  it('401 on a wrong password or username', async () => {
    const server = await start({ credentials: creds });
    const bad = serializeStunMessage(bindingRequest([textAttribute(StunAttributeType.Username, 'alice:bob')]), { integrity: shortTermKey('nope') });
    expect(getErrorCode(parseStunMessage((await query(bad, server.address().port))!))?.code).toBe(401);
    const wrongUser = serializeStunMessage(bindingRequest([textAttribute(StunAttributeType.Username, 'mallory:bob')]), { integrity: key });
    expect(getErrorCode(parseStunMessage((await query(wrongUser, server.address().port))!))?.code).toBe(401);
  });

  it('success with MESSAGE-INTEGRITY under the same key when the request verifies', async () => {
    const server = await start({ credentials: creds });
    const req = serializeStunMessage(bindingRequest([textAttribute(StunAttributeType.Username, 'alice:bob')]), { integrity: key, fingerprint: true });
    const reply = parseStunMessage((await query(req, server.address().port))!);
    expect(reply.cls).toBe(StunClass.SuccessResponse);
    expect(verifyMessageIntegrity(reply, key)).toBe(true);
    expect(verifyFingerprint(reply)).toBe(true);
  });
});
