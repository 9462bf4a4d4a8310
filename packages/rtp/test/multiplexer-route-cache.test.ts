/**
 * The multiplexer caches the route of each frozen source object (what node:dgram transports and
 * StunSocket hand over, one per source): every registration change must be seen by the next datagram
 * from a source object it has already routed.
 */
import { describe, expect, it } from 'vitest';
import { RtpCall, RtpMultiplexer, type RtpPacket, type TransportAddress } from '../src/index.js';
import { MemoryTransport, PCMU, rtp } from './multiplexer-fixtures.js';

const SOURCE: TransportAddress = Object.freeze({ address: '192.0.2.10', port: 40000, family: 'IPv4' as const });
/** The same source written another way (IPv4-mapped IPv6), as a dual-stack socket would report it. */
const MAPPED: TransportAddress = Object.freeze({ address: '::ffff:192.0.2.10', port: 40000, family: 'IPv6' as const });

function callOn(mux: RtpMultiplexer, got: string[], name: string, extra: { rtcpMux?: boolean } = { rtcpMux: true }): RtpCall {
  return new RtpCall({
    multiplexer: mux,
    media: PCMU({ address: '192.0.2.10', port: 40000 }, extra),
    rtcp: { enabled: false },
    onPacket: (p: RtpPacket) => got.push(`${name}:${p.sequenceNumber}`),
  });
}

describe('RtpMultiplexer: routes cached per frozen source object', () => {
  it('follows register, unregister and re-register to another call, for the same source objects', () => {
    const transport = new MemoryTransport();
    const mux = new RtpMultiplexer(transport);
    const got: string[] = [];
    const first = callOn(mux, got, 'first');
    transport.deliver(rtp(1, 1), SOURCE); // no call yet: counted, and the empty route is cached
    mux.registerCall({ address: '192.0.2.10', port: 40000 }, first);
    transport.deliver(rtp(1, 2), SOURCE);
    transport.deliver(rtp(1, 3), MAPPED);
    mux.unregisterCall({ address: '192.0.2.10', port: 40000 });
    transport.deliver(rtp(1, 4), SOURCE);
    const second = callOn(mux, got, 'second');
    mux.registerCall({ address: '192.0.2.10', port: 40000 }, second);
    transport.deliver(rtp(1, 5), SOURCE);
    mux.removeCall(second);
    transport.deliver(rtp(1, 6), SOURCE);
    const wildcard = callOn(mux, got, 'wildcard');
    mux.registerCall(null, wildcard);
    transport.deliver(rtp(1, 7), SOURCE);
    expect(got).toEqual(['first:2', 'first:3', 'second:5', 'wildcard:7']);
    expect(mux.stats.noCall).toBe(3);
  });

  it('keeps RTP from a call\'s RTCP-only port away from that call, and lets an RTP registration take the port over', () => {
    const transport = new MemoryTransport();
    const mux = new RtpMultiplexer(transport);
    const got: string[] = [];
    const a = callOn(mux, got, 'a', { rtcpMux: false }); // RTCP expected from port 40001
    mux.registerCall({ address: '192.0.2.10', port: 40000 }, a);
    const rtcpPort = Object.freeze({ address: '192.0.2.10', port: 40001 });
    transport.deliver(rtp(1, 1), rtcpPort); // RTP from a's RTCP port: not a's media
    expect(got).toEqual([]);
    const b = callOn(mux, got, 'b');
    mux.registerCall(rtcpPort, b); // an explicit RTP registration beats a's guessed RTCP port
    transport.deliver(rtp(1, 2), rtcpPort);
    expect(got).toEqual(['b:2']);
  });
});
