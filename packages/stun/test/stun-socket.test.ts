import { afterEach, describe, expect, it } from 'vitest';
import {
  StunAttributeType,
  StunClass,
  StunMessageType,
  encodeAddressAttribute,
  encodeXorAddressAttribute,
  errorCodeAttribute,
  getErrorCode,
  getXorMappedAddress,
  isStunError,
  parseStunMessage,
  serializeStunMessage,
  shortTermKey,
  textAttribute,
  verifyFingerprint,
  verifyMessageIntegrity,
} from '../src/index.js';
import { StunServer, StunSocket, type StunSocketOptions } from '../src/node.js';
import type { StunAddress, StunMessage } from '../src/index.js';
import { RawPeer, query, sleep } from './udp-helpers.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function open(options: StunSocketOptions): Promise<StunSocket> {
  const s = await StunSocket.open(options);
  closers.push(() => s.close());
  return s;
}
async function server(host: string | string[] = '127.0.0.1'): Promise<StunServer> {
  const s = new StunServer();
  closers.push(() => s.close());
  await s.listen({ host, port: 0 });
  return s;
}
async function rawPeer(host = '127.0.0.1'): Promise<RawPeer> {
  const p = await RawPeer.open(host);
  closers.push(() => p.close());
  return p;
}
const FAST = { rto: 20, maxRequests: 3, finalTimeoutFactor: 2 } as const;

/** A response to the request in `data`, with `attributes`. */
function respond(data: Uint8Array, cls: 'ok' | 'error', attributes: (tid: Uint8Array) => StunMessage['attributes'], tidOverride?: Uint8Array): Uint8Array {
  const req = parseStunMessage(data);
  const transactionId = tidOverride ?? req.transactionId;
  return serializeStunMessage({
    type: cls === 'ok' ? StunMessageType.BindingSuccessResponse : StunMessageType.BindingErrorResponse,
    transactionId,
    attributes: attributes(transactionId),
  });
}

describe('StunSocket without a STUN server', () => {
  it('resolves at once with the local address and calls onReachable', async () => {
    const seen: StunAddress[] = [];
    const s = await open({ host: '127.0.0.1', port: 0, stunServer: null, onReachable: (a) => seen.push(a) });
    expect(s.reachableAddress).toEqual(s.localAddress());
    expect(s.localAddress()).toMatchObject({ family: 'IPv4', address: '127.0.0.1' });
    expect(s.localAddress().port).toBeGreaterThan(0);
    expect(seen).toEqual([s.localAddress()]);
  });

  it('BIND_FAILED when the port is taken', async () => {
    const first = await open({ host: '127.0.0.1', stunServer: null });
    await expect(StunSocket.open({ host: '127.0.0.1', port: first.localAddress().port, stunServer: null })).rejects.toMatchObject({
      name: 'StunError',
      code: 'BIND_FAILED',
    });
  });

  it('rejects invalid options before binding', async () => {
    await expect(StunSocket.open({ stunServer: null, rto: 0 })).rejects.toThrow(RangeError);
    await expect(StunSocket.open({ stunServer: '127.0.0.1:99999' })).rejects.toThrow(RangeError);
  });
});

describe('StunSocket discovery against StunServer (RFC 5389 §7.2.1)', () => {
  for (const host of ['127.0.0.1', '::1']) {
    it(`discovers its address over ${host.includes(':') ? 'IPv6' : 'IPv4'}`, async () => {
      const srv = await server(host);
      const seen: StunAddress[] = [];
      const s = await open({ host, stunServer: srv.address(), onReachable: (a) => seen.push(a) });
      expect(s.reachableAddress).toEqual(s.localAddress());
      expect(seen).toEqual([s.localAddress()]);
      expect(s.stats.requestsSent).toBe(1);
    });
  }

  it('accepts "host:port" and "[v6]:port" strings', async () => {
    const srv = await server(['127.0.0.1', '::1']);
    const port = srv.address().port;
    expect((await open({ host: '127.0.0.1', stunServer: `127.0.0.1:${port}` })).reachableAddress.address).toBe('127.0.0.1');
    expect((await open({ host: '::1', stunServer: `[::1]:${port}` })).reachableAddress.address).toBe('::1');
    expect((await open({ host: '127.0.0.1', stunServer: { host: 'localhost', port } })).reachableAddress.address).toBe('127.0.0.1');
  });

  it('a dual-stack socket on :: reaches an IPv4 server through an IPv4-mapped address', async () => {
    const srv = await server('127.0.0.1');
    const port = srv.address().port;
    const s = await open({ host: '::', stunServer: `127.0.0.1:${port}`, rto: 200 });
    expect(s.reachableAddress).toEqual({ family: 'IPv4', address: '127.0.0.1', port: s.localAddress().port });
    // By name: "localhost" may resolve to ::1 or 127.0.0.1 depending on the machine; serve both.
    const both = await server(['127.0.0.1', '::1']);
    const byName = await open({ host: '::', stunServer: { host: 'localhost', port: both.address().port }, rto: 200 });
    expect(byName.reachableAddress.port).toBe(byName.localAddress().port);
  });

  it('rediscover() runs a new transaction', async () => {
    const srv = await server();
    const s = await open({ host: '127.0.0.1', stunServer: srv.address() });
    expect(await s.rediscover()).toEqual(s.localAddress());
    expect(srv.stats.responsesSent).toBe(2);
  });

  it('keepalive sends periodic Binding requests and stops on close', async () => {
    const srv = await server();
    const s = await open({ host: '127.0.0.1', stunServer: srv.address(), keepalive: 30 });
    for (let i = 0; i < 200 && srv.stats.responsesSent < 3; i++) {
      await sleep(10);
    }
    const during = srv.stats.responsesSent;
    expect(during).toBeGreaterThanOrEqual(3);
    await s.close();
    await sleep(50); // a request sent just before close may still be answered
    const after = srv.stats.responsesSent;
    expect(after - during).toBeLessThanOrEqual(1);
    await sleep(150);
    expect(srv.stats.responsesSent).toBe(after);
  });
});

describe('StunSocket keepalive and NAT rebinding', () => {
  it('a changed mapping updates reachableAddress and calls onReachable again', async () => {
    const fake = await rawPeer();
    let n = 0;
    fake.onMessage = (data, rinfo) => {
      n++;
      const mapped = { address: '198.51.100.1', port: n <= 1 ? 1000 : 2000 }; // "rebinds" after the first
      fake.send(respond(data, 'ok', (t) => [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute(mapped, t) }]), rinfo.port, rinfo.address);
    };
    const seen: number[] = [];
    const s = await open({ host: '127.0.0.1', stunServer: fake.address, keepalive: 25, onReachable: (a) => seen.push(a.port) });
    expect(s.reachableAddress.port).toBe(1000);
    for (let i = 0; i < 100 && seen.length < 2; i++) {
      await sleep(10);
    }
    expect(seen).toEqual([1000, 2000]);
    expect(s.reachableAddress.port).toBe(2000);
  });
});

describe('StunSocket discovery faults', () => {
  it('a silent server: TIMEOUT after Rc requests, within the bounded time', async () => {
    const silent = await rawPeer();
    const started = Date.now();
    const err = await StunSocket.open({ host: '127.0.0.1', stunServer: silent.address, ...FAST }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(isStunError(err) && err.code).toBe('TIMEOUT');
    expect((err as { requestsSent: number }).requestsSent).toBe(3);
    // schedule 0, 20, 60, then 2 x 20 = 100 ms; generous upper bound for a loaded machine
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(3000);
    expect(silent.received).toHaveLength(3);
    // the same transaction ID every time (RFC 5389 §7.2.1 retransmits the same request)
    const ids = silent.received.map((r) => Buffer.from(parseStunMessage(r.data).transactionId).toString('hex'));
    expect(new Set(ids).size).toBe(1);
  });

  it('an error response rejects with ERROR_RESPONSE, its code and reason', async () => {
    const fake = await rawPeer();
    fake.onMessage = (data, rinfo) => fake.send(respond(data, 'error', () => [errorCodeAttribute(401, 'Go away')]), rinfo.port, rinfo.address);
    await expect(StunSocket.open({ host: '127.0.0.1', stunServer: fake.address, ...FAST })).rejects.toMatchObject({
      code: 'ERROR_RESPONSE',
      errorCode: 401,
      reason: 'Go away',
    });
  });

  it('ignores spoofed responses (other address, other transaction ID) and succeeds with the real one', async () => {
    const fake = await rawPeer();
    const spoofer = await rawPeer();
    const evil = { address: '203.0.113.66', port: 6666 };
    fake.onMessage = (data, rinfo) => {
      // 1. right transaction ID, wrong source port
      spoofer.send(respond(data, 'ok', (t) => [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute(evil, t) }]), rinfo.port, rinfo.address);
      // 2. right source, wrong transaction ID
      const other = crypto.getRandomValues(new Uint8Array(12));
      fake.send(respond(data, 'ok', (t) => [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute(evil, t) }], other), rinfo.port, rinfo.address);
      // 3. the real one, a little later
      setTimeout(() => {
        fake.send(respond(data, 'ok', (t) => [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute({ address: '198.51.100.7', port: 4242 }, t) }]), rinfo.port, rinfo.address);
      }, 30);
      fake.onMessage = undefined;
    };
    const s = await open({ host: '127.0.0.1', stunServer: fake.address, rto: 500 });
    expect(s.reachableAddress).toEqual({ family: 'IPv4', address: '198.51.100.7', port: 4242 });
    expect(s.stats.spoofedResponsesIgnored).toBe(2);
  });

  it('ignores a success response of another method with the right transaction ID (RFC 5389 §7.3), then takes the Binding one', async () => {
    const fake = await rawPeer();
    const evil = { address: '203.0.113.66', port: 6666 };
    fake.onMessage = (data, rinfo) => {
      const { transactionId } = parseStunMessage(data);
      const xor = (a: { address: string; port: number }) => [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute(a, transactionId) }];
      // An Allocate success response (method 0x003, class success) from the server, same transaction ID.
      fake.send(serializeStunMessage({ type: 0x0103, transactionId, attributes: xor(evil) }), rinfo.port, rinfo.address);
      setTimeout(() => {
        fake.send(respond(data, 'ok', () => xor({ address: '198.51.100.7', port: 4242 })), rinfo.port, rinfo.address);
      }, 30);
      fake.onMessage = undefined;
    };
    const s = await open({ host: '127.0.0.1', stunServer: fake.address, rto: 500 });
    expect(s.reachableAddress).toEqual({ family: 'IPv4', address: '198.51.100.7', port: 4242 });
    expect(s.stats.spoofedResponsesIgnored).toBe(1);
  });

  it('drops a response from the server whose FINGERPRINT is wrong, then takes the good one', async () => {
    const fake = await rawPeer();
    fake.onMessage = (data, rinfo) => {
      const req = parseStunMessage(data);
      const make = (port: number): Uint8Array =>
        serializeStunMessage(
          {
            type: StunMessageType.BindingSuccessResponse,
            transactionId: req.transactionId,
            attributes: [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute({ address: '192.0.2.5', port }, req.transactionId) }],
          },
          { fingerprint: true },
        );
      const bad = make(1111);
      bad[bad.length - 1]! ^= 0xff;
      fake.send(bad, rinfo.port, rinfo.address);
      setTimeout(() => fake.send(make(2222), rinfo.port, rinfo.address), 20);
      fake.onMessage = undefined;
    };
    const s = await open({ host: '127.0.0.1', stunServer: fake.address, rto: 500 });
    expect(s.reachableAddress.port).toBe(2222);
    expect(s.stats.droppedMalformed).toBe(1);
  });

  it('falls back to MAPPED-ADDRESS when there is no XOR-MAPPED-ADDRESS (nodertc/stun#32)', async () => {
    const fake = await rawPeer();
    fake.onMessage = (data, rinfo) =>
      fake.send(respond(data, 'ok', () => [{ type: StunAttributeType.MappedAddress, value: encodeAddressAttribute({ address: '192.0.2.9', port: 999 }) }]), rinfo.port, rinfo.address);
    const s = await open({ host: '127.0.0.1', stunServer: fake.address, ...FAST });
    expect(s.reachableAddress).toEqual({ family: 'IPv4', address: '192.0.2.9', port: 999 });
  });

  it('BAD_RESPONSE for a success response without any address', async () => {
    const fake = await rawPeer();
    fake.onMessage = (data, rinfo) => fake.send(respond(data, 'ok', () => []), rinfo.port, rinfo.address);
    await expect(StunSocket.open({ host: '127.0.0.1', stunServer: fake.address, ...FAST })).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('BAD_RESPONSE for a response with an unknown comprehension-required attribute (RFC 5389 §7.3.3)', async () => {
    const fake = await rawPeer();
    fake.onMessage = (data, rinfo) =>
      fake.send(
        respond(data, 'ok', (t) => [
          { type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute({ address: '192.0.2.1', port: 1 }, t) },
          { type: 0x7f00, value: new Uint8Array(4) },
        ]),
        rinfo.port,
        rinfo.address,
      );
    await expect(StunSocket.open({ host: '127.0.0.1', stunServer: fake.address, ...FAST })).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: expect.stringContaining('0x7f00'),
    });
  });

  it('DNS_FAILURE for a name that does not resolve', async () => {
    await expect(StunSocket.open({ host: '127.0.0.1', stunServer: 'no-such-host.invalid:3478', ...FAST })).rejects.toMatchObject({
      code: 'DNS_FAILURE',
    });
  });

  it('DNS_FAILURE for a server of the other address family', async () => {
    await expect(StunSocket.open({ host: '127.0.0.1', stunServer: '[::1]:3478', ...FAST })).rejects.toMatchObject({ code: 'DNS_FAILURE' });
  });

  it('close() during rediscover() rejects it with CLOSED; rediscover() after close too', async () => {
    const fake = await rawPeer();
    fake.onMessage = (data, rinfo) => {
      fake.send(respond(data, 'ok', (t) => [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute({ address: '192.0.2.1', port: 1 }, t) }]), rinfo.port, rinfo.address);
      fake.onMessage = undefined; // silent from now on
    };
    const s = await StunSocket.open({ host: '127.0.0.1', stunServer: fake.address, rto: 1000 });
    closers.push(() => s.close());
    const pending = s.rediscover();
    await fake.waitFor(2);
    await s.close();
    await expect(pending).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(s.rediscover()).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('StunSocket answering and demultiplexing (RFC 7983)', () => {
  it('answers Binding requests with the sender address and mirrors FINGERPRINT', async () => {
    const s = await open({ host: '127.0.0.1', stunServer: null });
    const peer = await rawPeer();
    const req = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: crypto.getRandomValues(new Uint8Array(12)), attributes: [] }, { fingerprint: true });
    peer.send(req, s.localAddress().port, '127.0.0.1');
    const [reply] = await peer.waitFor(1);
    const msg = parseStunMessage(reply!.data);
    expect(msg.cls).toBe(StunClass.SuccessResponse);
    expect(getXorMappedAddress(msg)).toEqual({ family: 'IPv4', address: '127.0.0.1', port: peer.port });
    expect(verifyFingerprint(msg)).toBe(true);
    expect(s.stats.stunAnswered).toBe(1);
  });

  it('checks short-term credentials when configured (ICE connectivity checks)', async () => {
    const s = await open({ host: '127.0.0.1', stunServer: null, credentials: { username: 'L0cl', password: 'local-ice-password-22' } });
    const key = shortTermKey('local-ice-password-22');
    const mk = (user: string, k = key) =>
      serializeStunMessage(
        { type: StunMessageType.BindingRequest, transactionId: crypto.getRandomValues(new Uint8Array(12)), attributes: [textAttribute(StunAttributeType.Username, user)] },
        { integrity: k, fingerprint: true },
      );
    const ok = parseStunMessage((await query(mk('L0cl:R3mt'), s.localAddress().port))!);
    expect(ok.cls).toBe(StunClass.SuccessResponse);
    expect(verifyMessageIntegrity(ok, key)).toBe(true);
    const bad = parseStunMessage((await query(mk('L0cl:R3mt', shortTermKey('guess')), s.localAddress().port))!);
    expect(getErrorCode(bad)?.code).toBe(401);
  });

  it('hands every non-STUN datagram to the handler with its remote address', async () => {
    const got: { data: number[]; remote: { address: string; port: number } }[] = [];
    const s = await open({ host: '127.0.0.1', stunServer: null });
    s.setDatagramHandler((data, remote) => got.push({ data: [...data], remote: { address: remote.address, port: remote.port } }));
    const peer = await rawPeer();
    const port = s.localAddress().port;
    peer.send(Uint8Array.of(0x80, 0, 0, 1), port, '127.0.0.1'); // RTP
    peer.send(Uint8Array.of(0x80, 200, 0, 6), port, '127.0.0.1'); // RTCP
    peer.send(Uint8Array.of(22, 254, 253), port, '127.0.0.1'); // DTLS
    peer.send(serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12), attributes: [] }), port, '127.0.0.1');
    await peer.waitFor(1);
    await sleep(30);
    expect(got.map((g) => g.data[0])).toEqual([0x80, 0x80, 22]);
    expect(got[0]!.remote).toEqual({ address: '127.0.0.1', port: peer.port });
    expect(s.stats).toMatchObject({ datagramsReceived: 4, datagramsDelivered: 3, stunAnswered: 1 });
  });

  it('drops garbage in the STUN range, survives a throwing handler, and keeps serving', async () => {
    const errors: Error[] = [];
    const s = await open({ host: '127.0.0.1', stunServer: null, onError: (e) => errors.push(e) });
    s.setDatagramHandler(() => {
      throw new Error('handler bug');
    });
    const peer = await rawPeer();
    const port = s.localAddress().port;
    peer.send(Uint8Array.of(0, 1, 0, 0, 1), port, '127.0.0.1');
    peer.send(Uint8Array.of(1, 1, 0, 4, 0x21, 0x12, 0xa4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), port, '127.0.0.1');
    peer.send(Uint8Array.of(0x80, 0), port, '127.0.0.1');
    peer.send(new Uint8Array(0), port, '127.0.0.1');
    peer.send(serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12), attributes: [] }), port, '127.0.0.1');
    const replies = await peer.waitFor(1);
    expect(parseStunMessage(replies[0]!.data).cls).toBe(StunClass.SuccessResponse);
    await sleep(20);
    expect(s.stats.droppedMalformed).toBe(2);
    expect(errors.map((e) => e.message)).toEqual(['handler bug', 'handler bug']);
  });

  it('an unsolicited response is counted as spoofed, not delivered', async () => {
    const s = await open({ host: '127.0.0.1', stunServer: null });
    let delivered = 0;
    s.setDatagramHandler(() => delivered++);
    const peer = await rawPeer();
    peer.send(serializeStunMessage({ type: StunMessageType.BindingSuccessResponse, transactionId: new Uint8Array(12), attributes: [] }), s.localAddress().port, '127.0.0.1');
    await sleep(50);
    expect(s.stats.spoofedResponsesIgnored).toBe(1);
    expect(delivered).toBe(0);
  });

  it('send() throws TypeError for a bad address, reports errors after close, close() is idempotent', async () => {
    const errors: Error[] = [];
    const s = await open({ host: '127.0.0.1', stunServer: null, onError: (e) => errors.push(e) });
    expect(() => s.send(new Uint8Array(1), { address: 'example.com', port: 5 })).toThrow(TypeError);
    expect(() => s.send(new Uint8Array(1), { address: '127.0.0.1', port: 70000 })).toThrow(RangeError);
    await s.close();
    await s.close();
    expect(() => s.send(new Uint8Array(1), { address: '127.0.0.1', port: 5 })).not.toThrow();
    expect(s.stats.sendErrors).toBe(1);
    expect(errors).toHaveLength(1);
    expect(s.localAddress().port).toBeGreaterThan(0); // still known after close
  });
});
