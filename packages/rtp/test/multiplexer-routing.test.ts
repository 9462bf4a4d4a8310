import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RtpCall,
  RtpMultiplexer,
  normalizeIpAddress,
  transportAddressKey,
  type RtpPacket,
  type TransportAddress,
} from '../src/index.js';
import { FakeSrtpContext, MemoryTransport, PCMU, RecordingLogger, rtp } from './multiplexer-fixtures.js';

const ALICE: TransportAddress = { address: '192.0.2.10', port: 40000 };
const MALLORY: TransportAddress = { address: '198.51.100.66', port: 40000 };

function setup(logger = new RecordingLogger()): { transport: MemoryTransport; mux: RtpMultiplexer; logger: RecordingLogger } {
  const transport = new MemoryTransport();
  return { transport, mux: new RtpMultiplexer(transport, { logger }), logger };
}

describe('address keys (RFC 5952 §4, RFC 4291 §2.5.5.2)', () => {
  it('normalises IPv6 spellings to one form', () => {
    expect(normalizeIpAddress('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(normalizeIpAddress('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(normalizeIpAddress('2001:db8:0:0:0:0:2:1')).toBe('2001:db8::2:1');
    expect(normalizeIpAddress('2001:0db8::0001')).toBe('2001:db8::1');
    expect(normalizeIpAddress('fe80::1%ETH0')).toBe('fe80::1%eth0');
  });
  it('treats IPv4-mapped IPv6 as IPv4, dotted and hex forms alike', () => {
    expect(normalizeIpAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIpAddress('::FFFF:7f00:1')).toBe('127.0.0.1');
    expect(normalizeIpAddress('0:0:0:0:0:ffff:c000:20a')).toBe('192.0.2.10');
    // Not mapped: ::fffe:... and IPv4-compatible ::a.b.c.d stay IPv6.
    expect(normalizeIpAddress('::fffe:7f00:1')).toBe('::fffe:7f00:1');
    expect(normalizeIpAddress('::127.0.0.1')).toBe('::7f00:1');
  });
  it('keys include the port and bracket IPv6', () => {
    expect(transportAddressKey({ address: '::ffff:10.0.0.1', port: 4000 })).toBe('10.0.0.1:4000');
    expect(transportAddressKey({ address: '::1', port: 4000 })).toBe('[::1]:4000');
    expect(transportAddressKey({ address: '::1', port: 4000 })).not.toBe(transportAddressKey({ address: '::1', port: 4001 }));
  });
  it('leaves text that is not an IP address alone (no false merges)', () => {
    expect(normalizeIpAddress('1:2:3:4:5:6:7:8:9')).toBe('1:2:3:4:5:6:7:8:9');
    expect(normalizeIpAddress('1::2::3')).toBe('1::2::3');
    expect(normalizeIpAddress('256.1.1.1')).toBe('256.1.1.1');
  });
  it('is idempotent and agrees with every expansion of random IPv6 addresses', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const once = normalizeIpAddress(address);
        expect(normalizeIpAddress(once)).toBe(once);
        expect(normalizeIpAddress(address.toUpperCase())).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RtpMultiplexer routing (RFC 7983 §7, RFC 3550 §11)', () => {
  it('routes by address, any spelling, and drops unknown sources and non-RTP', () => {
    const { transport, mux } = setup();
    const got: string[] = [];
    const v4 = new RtpCall({ multiplexer: mux, media: PCMU(ALICE), onPacket: () => got.push('v4') });
    const v6 = new RtpCall({ multiplexer: mux, media: PCMU(), onPacket: () => got.push('v6') });
    mux.registerCall(ALICE, v4);
    mux.registerCall({ address: '2001:db8::7', port: 6000 }, v6);
    transport.deliver(rtp(1, 1), { address: '::ffff:192.0.2.10', port: 40000 });
    transport.deliver(rtp(2, 1), { address: '2001:DB8:0:0:0:0:0:7', port: 6000 });
    transport.deliver(rtp(3, 1), { address: '192.0.2.10', port: 40002 }); // unknown port
    transport.deliver(new Uint8Array([0, 1, 0, 0, 0x21, 0x12, 0xa4, 0x42, 0, 0, 0, 0]), ALICE); // STUN
    transport.deliver(new Uint8Array([22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), ALICE); // DTLS
    expect(got).toEqual(['v4', 'v6']);
    expect(mux.stats).toMatchObject({ datagramsReceived: 5, rtpDelivered: 2, noCall: 1, notRtpOrRtcp: 2 });
  });

  it('routes RTCP from remote port + 1 without rtcp-mux, and not with it', () => {
    const { transport, mux } = setup();
    const rtcp: number[] = [];
    const call = new RtpCall({ multiplexer: mux, media: PCMU(ALICE), onRtcp: (p) => rtcp.push(p.length) });
    mux.registerCall(ALICE, call);
    const rr = new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 9]);
    transport.deliver(rr, { address: ALICE.address, port: ALICE.port + 1 });
    expect(rtcp).toEqual([1]);
    transport.deliver(rtp(1, 1), { address: ALICE.address, port: ALICE.port + 1 }); // RTP from the RTCP port
    expect(mux.stats).toMatchObject({ noCall: 1, rtpDelivered: 0 });

    const { transport: t2, mux: m2 } = setup();
    const muxed = new RtpCall({ multiplexer: m2, media: PCMU(ALICE, { rtcpMux: true }), onRtcp: (p) => rtcp.push(p.length) });
    m2.registerCall(ALICE, muxed);
    t2.deliver(rr, { address: ALICE.address, port: ALICE.port + 1 });
    expect(m2.stats.noCall).toBe(1);
    t2.deliver(rr, ALICE);
    expect(rtcp).toEqual([1, 1]);
  });

  it('refuses a second call on a taken address or wildcard, and calls of another multiplexer', () => {
    const { mux } = setup();
    const a = new RtpCall({ multiplexer: mux, media: PCMU() });
    const b = new RtpCall({ multiplexer: mux, media: PCMU() });
    mux.registerCall(ALICE, a);
    mux.registerCall(ALICE, a); // same call again: harmless
    expect(() => mux.registerCall(ALICE, b)).toThrow(RangeError);
    mux.registerCall(null, a);
    expect(() => mux.registerCall(null, b)).toThrow(RangeError);
    const other = setup().mux;
    expect(() => other.registerCall(MALLORY, a)).toThrow(TypeError);
    expect(() => mux.registerCall({ address: '192.0.2.9', port: 70000 }, a)).toThrow(RangeError);
    expect(mux.callCount).toBe(1);
    expect(mux.unregisterCall(ALICE)).toBe(true);
    expect(mux.unregisterCall(ALICE)).toBe(false);
    expect(mux.unregisterCall(null)).toBe(true);
    expect(mux.callCount).toBe(0);
  });

  it('unregisterCall removes the RTCP route too; close stops the calls and the transport', async () => {
    const { transport, mux } = setup();
    const call = new RtpCall({ multiplexer: mux, media: PCMU(ALICE), rtcp: { minIntervalMs: 5, sessionBandwidth: 1e7 } });
    mux.registerCall(ALICE, call);
    mux.unregisterCall(ALICE);
    transport.deliver(new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 9]), { address: ALICE.address, port: ALICE.port + 1 });
    expect(mux.stats.noCall).toBe(1);
    const sentBefore = transport.sent.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(transport.sent.length).toBe(sentBefore); // no route left: the RTCP timer stopped
    mux.registerCall(ALICE, call);
    await mux.close();
    await mux.close();
    expect(transport.closed).toBe(true);
    expect(transport.handler).toBeUndefined();
    expect(mux.callCount).toBe(0);
    const after = transport.sent.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(transport.sent.length).toBe(after);
    expect(() => mux.registerCall(ALICE, call)).toThrow(/closed/);
    expect(() => mux.registerCall(ALICE, call)).toThrow(expect.objectContaining({ name: 'RtpError', code: 'CLOSED' }));
  });

  it("an RTP registration takes over another call's guessed RTCP port (adjacent ports behind one NAT)", () => {
    const { transport, mux, logger } = setup();
    const got: string[] = [];
    const x = new RtpCall({ multiplexer: mux, media: PCMU(ALICE), onPacket: () => got.push('x') });
    const next = { address: ALICE.address, port: ALICE.port + 1 };
    const y = new RtpCall({ multiplexer: mux, media: PCMU(next), onPacket: () => got.push('y') });
    mux.registerCall(ALICE, x); // routes ALICE and, for RTCP, ALICE port + 1
    expect(mux.unregisterCall(next)).toBe(false); // an RTCP route is not a registered address
    mux.registerCall(next, y); // no RangeError: y's RTP registration wins
    transport.deliver(rtp(1, 1), ALICE);
    transport.deliver(rtp(2, 1), next);
    expect(got).toEqual(['x', 'y']);
    expect(logger.count('warn')).toBe(1);
    expect(() => mux.registerCall(next, x)).toThrow(RangeError); // a real RTP route is never taken over
    expect(mux.unregisterCall(next)).toBe(true);
    expect(mux.callCount).toBe(1);
  });

  it('prefers an exact route over the wildcard', () => {
    const { transport, mux } = setup();
    const got: string[] = [];
    mux.registerCall(null, new RtpCall({ multiplexer: mux, media: PCMU(), onPacket: () => got.push('wild') }));
    mux.registerCall(ALICE, new RtpCall({ multiplexer: mux, media: PCMU(ALICE), onPacket: () => got.push('alice') }));
    transport.deliver(rtp(1, 1), ALICE);
    transport.deliver(rtp(2, 1), MALLORY);
    expect(got).toEqual(['alice', 'wild']);
  });
});

describe('latching (RTP Bleed protection)', () => {
  it('without SRTP: latches on the first RTP with an expected payload type, then ignores other sources', () => {
    const { transport, mux, logger } = setup();
    const from: string[] = [];
    const call = new RtpCall({ multiplexer: mux, media: PCMU(), onPacket: (_p, r) => from.push(r.address) });
    mux.registerCall(null, call);
    transport.deliver(rtp(66, 1, 96), MALLORY); // unexpected payload type: not latched
    transport.deliver(new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 9]), MALLORY); // RTCP never latches
    transport.deliver(rtp(7, 1), ALICE); // latches
    transport.deliver(rtp(66, 2), MALLORY); // ignored
    transport.deliver(rtp(7, 2), ALICE);
    expect(from).toEqual([ALICE.address, ALICE.address]);
    expect(call.latchedAddress).toMatchObject(ALICE);
    expect(call.statistics()).toMatchObject({ unexpected: 1, latchRejected: 2, packetsReceived: 2 });
    expect(mux.stats).toMatchObject({ unexpected: 1, latchRejected: 2, rtpDelivered: 2 });
    expect(logger.count('warn')).toBe(1);
    // Default destination follows the latch.
    call.sendPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 0, payload: new Uint8Array(4) });
    expect(transport.sent.at(-1)?.remote).toMatchObject(ALICE);
  });

  it('with a known remote SSRC, latches only on that SSRC', () => {
    const { transport, mux } = setup();
    const call = new RtpCall({ multiplexer: mux, media: PCMU(), remoteSsrc: 7 });
    mux.registerCall(null, call);
    transport.deliver(rtp(66, 1), MALLORY);
    expect(call.latchedAddress).toBeUndefined();
    transport.deliver(rtp(7, 1), ALICE);
    expect(call.latchedAddress).toMatchObject(ALICE);
  });

  it("latching: 'off' accepts every source", () => {
    const { transport, mux } = setup();
    const from: string[] = [];
    const call = new RtpCall({ multiplexer: mux, media: PCMU(), latching: 'off', onPacket: (_p, r) => from.push(r.address) });
    mux.registerCall(null, call);
    transport.deliver(rtp(7, 1), ALICE);
    transport.deliver(rtp(66, 1, 96), MALLORY);
    expect(from).toEqual([ALICE.address, MALLORY.address]);
    expect(call.latchedAddress).toBeUndefined();
  });

  it('with SRTP: latches on the first packet that authenticates; forgeries never latch', () => {
    const { transport, mux, logger } = setup();
    const key = new FakeSrtpContext(1);
    const forger = new FakeSrtpContext(2);
    const seqs: number[] = [];
    const call = new RtpCall({
      multiplexer: mux,
      media: PCMU(),
      srtp: { receive: key, send: key },
      onPacket: (p) => seqs.push(p.sequenceNumber),
    });
    mux.registerCall(null, call);
    transport.deliver(forger.protect(rtp(7, 1)), MALLORY);
    transport.deliver(rtp(7, 2), MALLORY); // plain RTP: no tag
    expect(call.latchedAddress).toBeUndefined();
    transport.deliver(key.protect(rtp(7, 3, 96)), ALICE); // authenticates: latches whatever the PT
    transport.deliver(key.protect(rtp(7, 4)), MALLORY); // valid tag but wrong source
    transport.deliver(key.protect(rtp(7, 5)), ALICE);
    expect(seqs).toEqual([3, 5]);
    expect(call.statistics()).toMatchObject({ authFailed: 2, latchRejected: 1 });
    expect(logger.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([
      'SRTP packet failed authentication',
      'SRTP packet failed authentication',
      'RTP from a source other than the latched one',
    ]);
  });

  it('property: once latched, only the latched source is ever delivered (model check)', () => {
    const sources: TransportAddress[] = [ALICE, MALLORY, { address: '::1', port: 9 }, { address: '203.0.113.5', port: 1 }];
    const event = fc.record({ from: fc.integer({ min: 0, max: 3 }), kind: fc.constantFrom('valid', 'badPt', 'junk', 'rtcp') });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const { transport, mux } = setup();
        const delivered: string[] = [];
        const call = new RtpCall({ multiplexer: mux, media: PCMU(), onPacket: (_p, r) => delivered.push(transportAddressKey(r)) });
        mux.registerCall(null, call);
        let latched: number | undefined;
        const expected: string[] = [];
        events.forEach(({ from, kind }, i) => {
          const remote = sources[from] ?? ALICE;
          const data =
            kind === 'valid' ? rtp(7, i) : kind === 'badPt' ? rtp(7, i, 96) : kind === 'rtcp' ? new Uint8Array([0x80, 201, 0, 1, 0, 0, 0, 7]) : new Uint8Array([0x80, 0, 1]);
          if (kind === 'valid' && latched === undefined) {
            latched = from;
          }
          if ((kind === 'valid' || kind === 'badPt') && latched === from) {
            expected.push(transportAddressKey(remote));
          }
          transport.deliver(data, remote);
        });
        expect(delivered).toEqual(expected);
        expect(call.latchedAddress === undefined).toBe(latched === undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('rate-limits warnings under a forgery flood; the counter stays exact', () => {
    const { transport, mux, logger } = setup();
    const call = new RtpCall({ multiplexer: mux, media: PCMU(ALICE), srtp: { receive: new FakeSrtpContext(1) } });
    mux.registerCall(ALICE, call);
    const forged = new FakeSrtpContext(2);
    for (let i = 0; i < 2500; i++) {
      transport.deliver(forged.protect(rtp(7, i)), ALICE);
    }
    expect(call.statistics().authFailed).toBe(2500);
    expect(logger.count('warn')).toBe(10 + 2); // the first 10, then the 1000th and the 2000th
  });

  it('resetLatch lets the next valid source latch', () => {
    const { transport, mux } = setup();
    const call = new RtpCall({ multiplexer: mux, media: PCMU() });
    mux.registerCall(null, call);
    transport.deliver(rtp(7, 1), ALICE);
    call.resetLatch();
    transport.deliver(rtp(8, 1), MALLORY);
    expect(call.latchedAddress).toMatchObject(MALLORY);
  });
});

describe('nothing a remote sends escapes the socket handler', () => {
  it('counts malformed packets per call and per multiplexer', () => {
    const { transport, mux } = setup();
    const call = new RtpCall({ multiplexer: mux, media: PCMU(ALICE) });
    mux.registerCall(ALICE, call);
    const bad = rtp(7, 1);
    bad[0] = 0x8f; // CC = 15: the CSRC list runs past the end
    transport.deliver(bad.subarray(0, 40), ALICE);
    transport.deliver(new Uint8Array([0x80, 200, 0, 50, 1, 2, 3, 4]), ALICE); // SR whose length lies
    expect(call.statistics().malformed).toBe(2);
    expect(mux.stats.malformed).toBe(2);
  });

  it('catches a throwing packetReceived (subclass) and keeps serving', () => {
    const { transport, mux, logger } = setup();
    let calls = 0;
    class Throwing extends RtpCall {
      override packetReceived(packet: RtpPacket): void {
        calls++;
        if (packet.sequenceNumber === 1) {
          throw new Error('user bug');
        }
      }
    }
    const call = new Throwing({ multiplexer: mux, media: PCMU(ALICE) });
    mux.registerCall(ALICE, call);
    expect(() => transport.deliver(rtp(7, 1), ALICE)).not.toThrow();
    transport.deliver(rtp(7, 2), ALICE);
    expect(calls).toBe(2);
    expect(call.statistics().handlerErrors).toBe(1);
    expect(mux.stats).toMatchObject({ handlerErrors: 1, rtpDelivered: 2 });
    expect(logger.count('error')).toBe(1);
  });

  it('survives a logger and an SRTP context that throw', () => {
    const transport = new MemoryTransport();
    const throwingLogger = {
      debug: (): void => {
        throw new Error('logger');
      },
      warn: (): void => {
        throw new Error('logger');
      },
      error: (): void => {
        throw new Error('logger');
      },
    };
    const mux = new RtpMultiplexer(transport, { logger: throwingLogger });
    const receive = {
      unprotect: (): never => {
        throw new Error('context bug');
      },
      unprotectRtcp: (): never => {
        throw new Error('context bug');
      },
    };
    const call = new RtpCall({ multiplexer: mux, media: PCMU(ALICE), srtp: { receive } });
    mux.registerCall(ALICE, call);
    expect(() => transport.deliver(rtp(7, 1), ALICE)).not.toThrow();
    expect(() => transport.deliver(new Uint8Array(3), ALICE)).not.toThrow();
    expect(call.statistics().authFailed).toBe(1);
  });

  it('random datagrams never throw, and a good packet afterwards is delivered (fast-check)', () => {
    const { transport, mux } = setup();
    const wildSeqs: number[] = [];
    const aliceSeqs: number[] = [];
    mux.registerCall(ALICE, new RtpCall({ multiplexer: mux, media: PCMU(ALICE), onPacket: (p) => aliceSeqs.push(p.sequenceNumber) }));
    const key = new FakeSrtpContext(3);
    mux.registerCall(
      null,
      new RtpCall({ multiplexer: mux, media: PCMU(), srtp: { receive: key }, onPacket: (p) => wildSeqs.push(p.sequenceNumber) }),
    );
    const anyAddress = fc.oneof(fc.constant(ALICE), fc.constant(MALLORY), fc.record({ address: fc.ipV4(), port: fc.integer({ min: 1, max: 65535 }) }));
    // Bias toward the RTP/RTCP first-byte range so the parsers, not just the demux, see the junk.
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(fc.integer({ min: 128, max: 191 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 200 })).map(
        ([a, b, rest]) => new Uint8Array([a, b, ...rest]),
      ),
    );
    fc.assert(
      fc.property(junk, anyAddress, (data, from) => {
        transport.deliver(data, from);
      }),
      { numRuns: 3000 },
    );
    const before = aliceSeqs.length;
    transport.deliver(rtp(7, 4242), ALICE);
    expect(aliceSeqs.length).toBe(before + 1);
    expect(aliceSeqs.at(-1)).toBe(4242);
    expect(wildSeqs).toEqual([]); // nothing random authenticated
    const c = mux.stats;
    expect(c.datagramsReceived).toBe(3001);
    expect(
      c.notRtpOrRtcp + c.noCall + c.rtpDelivered + c.rtcpDelivered + c.malformed + c.authFailed + c.latchRejected + c.unexpected + c.callEnded,
    ).toBe(3001);
    expect(c.handlerErrors).toBe(0);
  });
});
