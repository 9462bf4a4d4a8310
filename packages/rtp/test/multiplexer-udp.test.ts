import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RtpCall,
  RtpMultiplexer,
  type RtpPacket,
  type TransportAddress,
} from '../src/index.js';
import { createUdpTransport, type UdpTransport } from '../src/node.js';
import { PCMU, rtp, sleep, until } from './multiplexer-fixtures.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function transport(type: 'udp4' | 'udp6' = 'udp4'): Promise<UdpTransport> {
  const t = await createUdpTransport({ host: type === 'udp4' ? '127.0.0.1' : '::1', type, receiveBufferSize: 1 << 20 });
  closers.push(() => t.close());
  return t;
}

async function multiplexer(type: 'udp4' | 'udp6' = 'udp4'): Promise<RtpMultiplexer> {
  const mux = new RtpMultiplexer(await transport(type));
  closers.push(() => mux.close());
  return mux;
}

describe('RtpMultiplexer on real UDP (loopback)', () => {
  it('serves 20 calls on one socket, each receiving only its own packets', async () => {
    const mux = await multiplexer();
    const local = mux.localAddress();
    const peers = await Promise.all(Array.from({ length: 20 }, () => transport()));
    const received = peers.map(() => [] as RtpPacket[]);
    peers.forEach((peer, i) => {
      const remote = peer.localAddress();
      const call = new RtpCall({
        multiplexer: mux,
        media: PCMU(remote),
        rtcp: { enabled: false },
        onPacket: (packet) => received[i]?.push(packet),
      });
      mux.registerCall(remote, call);
    });
    expect(mux.callCount).toBe(20);
    for (let seq = 1; seq <= 10; seq++) {
      peers.forEach((peer, i) => peer.send(rtp(1000 + i, seq, 0, i), local));
      await sleep(1);
    }
    await until(() => received.every((r) => r.length === 10), 5000, 'all packets');
    received.forEach((packets, i) => {
      expect(new Set(packets.map((p) => p.ssrc))).toEqual(new Set([1000 + i]));
      expect(packets.every((p) => p.payload.every((b) => b === i))).toBe(true);
    });
    expect(mux.stats).toMatchObject({ rtpDelivered: 200, noCall: 0 });
  });

  it('serves IPv6 on ::1, wildcard included', async () => {
    const mux = await multiplexer('udp6');
    const a = await transport('udp6');
    const b = await transport('udp6');
    const got: { who: string; from: TransportAddress }[] = [];
    mux.registerCall(
      a.localAddress(),
      new RtpCall({ multiplexer: mux, media: PCMU(a.localAddress()), rtcp: { enabled: false }, onPacket: (_p, from) => got.push({ who: 'a', from }) }),
    );
    const wild = new RtpCall({ multiplexer: mux, media: PCMU(), rtcp: { enabled: false }, onPacket: (_p, from) => got.push({ who: 'wild', from }) });
    mux.registerCall(null, wild);
    a.send(rtp(1, 1), mux.localAddress());
    await until(() => got.length === 1);
    b.send(rtp(2, 1), mux.localAddress());
    await until(() => got.length === 2);
    expect(got.map((g) => g.who)).toEqual(['a', 'wild']);
    expect(got[1]?.from).toMatchObject({ address: '::1', port: b.localAddress().port, family: 'IPv6' });
    expect(wild.latchedAddress).toMatchObject({ address: '::1', port: b.localAddress().port });
    // The wildcard call answers its latched source by default.
    const echoed: Uint8Array[] = [];
    b.setDatagramHandler((data) => echoed.push(data.slice()));
    wild.sendPacket({ payloadType: 0, sequenceNumber: 9, timestamp: 0, payload: new Uint8Array(8) });
    await until(() => echoed.length === 1);
    expect(echoed[0]?.[3]).toBe(9);
  });

  it('keeps serving through a flood of random datagrams, then delivers a good packet', async () => {
    const mux = await multiplexer();
    const friend = await transport();
    const attackers = await Promise.all(Array.from({ length: 3 }, () => transport()));
    const seqs: number[] = [];
    mux.registerCall(
      friend.localAddress(),
      new RtpCall({ multiplexer: mux, media: PCMU(friend.localAddress()), rtcp: { enabled: false }, onPacket: (p) => seqs.push(p.sequenceNumber) }),
    );
    const junk = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc
          .tuple(fc.integer({ min: 128, max: 191 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 10, maxLength: 200 }))
          .map(([a, b, rest]) => new Uint8Array([a, b, ...rest])),
      ),
      { numRuns: 3000, seed: 42 },
    );
    const senders = [friend, ...attackers];
    for (let i = 0; i < junk.length; i++) {
      senders[i % senders.length]?.send(junk[i] ?? new Uint8Array(1), mux.localAddress());
      if (i % 200 === 0) {
        await sleep(1); // let the receive side drain; the kernel drops what overflows, which is fine here
      }
    }
    await until(() => mux.stats.datagramsReceived >= 2500, 5000, 'flood to arrive');
    await sleep(50);
    const before = seqs.length;
    friend.send(rtp(7, 31337), mux.localAddress());
    await until(() => seqs.length > before, 3000, 'good packet after flood');
    expect(seqs.at(-1)).toBe(31337);
    const c = mux.stats;
    expect(c.handlerErrors).toBe(0);
    expect(c.noCall + c.notRtpOrRtcp).toBeGreaterThan(1000);
  });
});
