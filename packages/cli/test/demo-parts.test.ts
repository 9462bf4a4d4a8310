import { describe, expect, it } from 'vitest';
import type { DatagramHandler, DatagramTransport, TransportAddress } from '@voip/rtp';
import { ImpairedTransport, seededRandom } from '../src/demo/impaired-transport.js';
import { SsrcRouter } from '../src/demo/ssrc-router.js';
import { readSdp, sdp } from '../src/demo/demo-sdp.js';

/** A transport that records what is sent and lets the test inject datagrams. */
function fakeTransport(): DatagramTransport & { sent: Uint8Array[]; inject: (d: Uint8Array) => void } {
  let handler: DatagramHandler | undefined;
  const sent: Uint8Array[] = [];
  const local: TransportAddress = { address: '127.0.0.1', port: 4000 };
  return {
    sent,
    send: (data) => void sent.push(data),
    setDatagramHandler: (h) => {
      handler = h;
    },
    localAddress: () => local,
    close: () => Promise.resolve(),
    inject: (d) => handler?.(d, { address: '127.0.0.1', port: 5000 }),
  };
}

const rtp = (ssrc: number, seq: number): Uint8Array =>
  Uint8Array.from([0x80, 0, seq >> 8, seq & 0xff, 0, 0, 0, 0, ssrc >>> 24, (ssrc >>> 16) & 0xff, (ssrc >>> 8) & 0xff, ssrc & 0xff, 1, 2]);
const rtcp = (ssrc: number): Uint8Array => Uint8Array.from([0x80, 200, 0, 1, ssrc >>> 24, (ssrc >>> 16) & 0xff, (ssrc >>> 8) & 0xff, ssrc & 0xff]);
const to = { address: '127.0.0.1', port: 6000 };

describe('ImpairedTransport', () => {
  it('drops about the asked share of RTP, records exactly which, never touches RTCP, and repeats with the same seed', () => {
    const run = (): { sent: number; dropped: number[] } => {
      const inner = fakeTransport();
      const t = new ImpairedTransport(inner, { loss: 0.2, jitterMs: 0, seed: 42 });
      for (let seq = 0; seq < 1000; seq++) {
        t.send(rtp(7, seq), to);
        t.send(rtcp(7), to);
      }
      const dropped = [...(t.dropped.get(7) ?? [])].sort((a, b) => a - b);
      expect(inner.sent.filter((d) => d[1] === 200)).toHaveLength(1000);
      expect(inner.sent.length).toBe(2000 - dropped.length);
      expect(t.datagramsSent).toBe(inner.sent.length);
      const sentSeqs = new Set(inner.sent.filter((d) => d[1] === 0).map((d) => (d[2]! << 8) | d[3]!));
      for (const seq of dropped) {
        expect(sentSeqs.has(seq)).toBe(false);
      }
      return { sent: inner.sent.length, dropped };
    };
    const a = run();
    expect(a.dropped.length).toBeGreaterThan(150);
    expect(a.dropped.length).toBeLessThan(250);
    expect(run()).toEqual(a);
  });

  it('delays RTP by up to the jitter, and close() cancels what is held back', async () => {
    const inner = fakeTransport();
    const t = new ImpairedTransport(inner, { loss: 0, jitterMs: 30, seed: 1 });
    for (let seq = 0; seq < 50; seq++) {
      t.send(rtp(1, seq), to);
    }
    expect(t.inFlight).toBeGreaterThan(30);
    await new Promise((r) => setTimeout(r, 60));
    expect(inner.sent).toHaveLength(50);
    for (let seq = 0; seq < 10; seq++) {
      t.send(rtp(1, seq), to);
    }
    const held = t.inFlight;
    await t.close();
    await new Promise((r) => setTimeout(r, 60));
    expect(inner.sent.length).toBe(60 - held);
  });

  it('seededRandom is uniform enough and in [0, 1)', () => {
    const r = seededRandom(3);
    const xs = Array.from({ length: 10000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});

describe('SsrcRouter', () => {
  it('routes RTP (SSRC at byte 8) and RTCP (byte 4) to the channel of the sender SSRC; counts the rest', () => {
    const inner = fakeTransport();
    const router = new SsrcRouter(inner);
    const got: string[] = [];
    const a = router.channel(0xaaaaaaaa);
    const b = router.channel(0xbbbbbbbb);
    a.setDatagramHandler((d) => got.push(`a:${d[1]}`));
    b.setDatagramHandler((d) => got.push(`b:${d[1]}`));
    inner.inject(rtp(0xbbbbbbbb, 1));
    inner.inject(rtcp(0xaaaaaaaa));
    inner.inject(rtp(0xcccccccc, 1));
    inner.inject(Uint8Array.of(0x80, 0));
    expect(got).toEqual(['b:0', 'a:200']);
    expect(router.unrouted).toBe(2);
    a.send(rtp(1, 1), to);
    expect(inner.sent).toHaveLength(1);
    expect(a.localAddress()).toEqual({ address: '127.0.0.1', port: 4000 });
    void a.close();
    inner.inject(rtcp(0xaaaaaaaa));
    expect(router.unrouted).toBe(3);
  });
});

describe('demo SDP', () => {
  it('reads back what it writes: a=crypto lines, a=ssrc, c= and m=', () => {
    const text = sdp('caller', 7, { address: '::1', port: 40000 }, 8, 'PCMA', [123, 456], ['1 AES_CM_128_HMAC_SHA1_80 inline:abc', '2 AEAD_AES_128_GCM inline:def']);
    expect(text).toContain('c=IN IP6 ::1\r\n');
    expect(text).toContain('m=audio 40000 RTP/SAVP 8\r\n');
    expect(readSdp(text)).toEqual({
      crypto: ['1 AES_CM_128_HMAC_SHA1_80 inline:abc', '2 AEAD_AES_128_GCM inline:def'],
      ssrcs: [123, 456],
      address: '::1',
      port: 40000,
    });
  });
});
