/**
 * The calls with the real @voip/srtp SrtpSession (AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM) and on
 * a real @voip/stun StunSocket: the contracts of contract.test-d.ts, exercised at run time.
 */
import { createSrtpSessionPair, generateSrtpKeyingMaterial } from '@voip/srtp';
import { StunSocket } from '@voip/stun/node';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpCall, RtpMultiplexer, type RtcpPacket } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { PCMU, RecordingLogger, rtp, until } from './multiplexer-fixtures.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function mux(logger?: RecordingLogger): Promise<RtpMultiplexer> {
  const m = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }), { logger });
  closers.push(() => m.close());
  return m;
}

describe('RtpCall with @voip/srtp SrtpSession (RFC 3711)', () => {
  for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AEAD_AES_128_GCM']) {
    it(`exchanges SRTP and SRTCP, ${suite}`, async () => {
      const keyA = generateSrtpKeyingMaterial(suite);
      const keyB = generateSrtpKeyingMaterial(suite);
      const muxA = await mux();
      const muxB = await mux();
      const payloads: number[] = [];
      const rtcpAtA: RtcpPacket[][] = [];
      const a = new RtpCall({
        multiplexer: muxA,
        media: PCMU(muxB.localAddress(), { rtcpMux: true }),
        srtp: createSrtpSessionPair({ local: keyA, remote: keyB }),
        rtcp: { enabled: false },
        onRtcp: (p) => rtcpAtA.push([...p]),
      });
      const b = new RtpCall({
        multiplexer: muxB,
        media: PCMU(muxA.localAddress(), { rtcpMux: true }),
        srtp: createSrtpSessionPair({ local: keyB, remote: keyA }),
        rtcp: { enabled: false },
        onPacket: (p) => payloads.push(p.payload[0] ?? -1),
      });
      muxA.registerCall(muxB.localAddress(), a);
      muxB.registerCall(null, b); // wildcard: latches once SRTP authenticates
      for (let seq = 1; seq <= 20; seq++) {
        a.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload: new Uint8Array(160).fill(seq) });
      }
      await until(() => payloads.length === 20, 3000, 'SRTP at B');
      expect(payloads).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(b.latchedAddress?.port).toBe(muxA.localAddress().port);
      b.sendRtcpReport();
      await until(() => rtcpAtA.length === 1, 3000, 'SRTCP at A');
      expect(rtcpAtA[0]?.[0]).toMatchObject({ type: 'RR', ssrc: b.ssrc });
      expect(a.statistics().remoteReport).toMatchObject({ cumulativeLost: 0, highestSequence: 20 });
    });
  }

  it('drops packets under the wrong key (warning, counted), never latching to them, and replays', async () => {
    const logger = new RecordingLogger();
    const right = generateSrtpKeyingMaterial();
    const wrong = generateSrtpKeyingMaterial();
    const muxB = await mux(logger);
    const seqs: number[] = [];
    const b = new RtpCall({
      multiplexer: muxB,
      media: PCMU(),
      srtp: createSrtpSessionPair({ local: generateSrtpKeyingMaterial(), remote: right }),
      rtcp: { enabled: false },
      onPacket: (p) => seqs.push(p.sequenceNumber),
    });
    muxB.registerCall(null, b);
    const attacker = await createUdpTransport({ host: '127.0.0.1' });
    const peer = await createUdpTransport({ host: '127.0.0.1' });
    closers.push(() => attacker.close(), () => peer.close());
    const forged = createSrtpSessionPair({ local: wrong, remote: right }).send;
    const genuine = createSrtpSessionPair({ local: right, remote: wrong }).send;
    attacker.send(forged.protect(rtp(5, 1)), muxB.localAddress());
    attacker.send(rtp(5, 2), muxB.localAddress()); // plain RTP to an SRTP call
    await until(() => b.statistics().authFailed === 2, 3000, 'forgeries dropped');
    expect(b.latchedAddress).toBeUndefined();
    const packet3 = genuine.protect(rtp(5, 3));
    peer.send(packet3, muxB.localAddress());
    await until(() => seqs.length === 1, 3000, 'genuine packet');
    peer.send(packet3, muxB.localAddress()); // replay (RFC 3711 §3.3.2)
    attacker.send(genuine.protect(rtp(5, 4)), muxB.localAddress()); // authentic bytes, wrong source
    await until(() => b.statistics().authFailed === 3 && b.statistics().latchRejected === 1, 3000, 'replay and relay dropped');
    expect(seqs).toEqual([3]);
    expect(logger.count('warn')).toBe(4);
  });
});

describe('hangUp and SRTP keys', () => {
  it('disposes the SRTP contexts after sending the BYE (keys zeroized), unless told not to', async () => {
    const muxA = await mux();
    const muxB = await mux();
    const keyA = generateSrtpKeyingMaterial();
    const keyB = generateSrtpKeyingMaterial();
    const pairA = createSrtpSessionPair({ local: keyA, remote: keyB });
    const pairB = createSrtpSessionPair({ local: keyB, remote: keyA });
    const a = new RtpCall({ multiplexer: muxA, media: PCMU(muxB.localAddress(), { rtcpMux: true }), srtp: pairA, rtcp: { enabled: false } });
    const b = new RtpCall({
      multiplexer: muxB,
      media: PCMU(muxA.localAddress(), { rtcpMux: true }),
      srtp: pairB,
      rtcp: { enabled: false },
      disposeSrtpOnHangUp: false,
    });
    muxA.registerCall(muxB.localAddress(), a);
    muxB.registerCall(muxA.localAddress(), b);
    await a.hangUp();
    await until(() => b.statistics().remoteBye !== undefined, 3000, 'SRTCP BYE at B'); // protected before dispose
    expect(() => pairA.send.protect(rtp(1, 1))).toThrow(); // KEY_EXPIRED: zeroized
    await b.hangUp();
    expect(pairB.send.protect(rtp(1, 1)).length).toBeGreaterThan(12); // kept
  });
});

describe('RtpMultiplexer on a @voip/stun StunSocket', () => {
  it('answers STUN Binding requests on the media socket and routes RTP', async () => {
    const socket = await StunSocket.open({ host: '127.0.0.1', stunServer: null });
    const m = new RtpMultiplexer(socket);
    closers.push(() => m.close());
    const peer = await createUdpTransport({ host: '127.0.0.1' });
    closers.push(() => peer.close());
    const seqs: number[] = [];
    m.registerCall(peer.localAddress(), new RtpCall({ multiplexer: m, media: PCMU(peer.localAddress()), rtcp: { enabled: false }, onPacket: (p) => seqs.push(p.sequenceNumber) }));
    const replies: Uint8Array[] = [];
    peer.setDatagramHandler((data) => replies.push(data.slice()));
    // RFC 5389 §6: Binding request, no attributes, magic cookie, transaction ID.
    const binding = new Uint8Array([0, 1, 0, 0, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    peer.send(binding, m.localAddress());
    peer.send(rtp(9, 77), m.localAddress());
    await until(() => replies.length === 1 && seqs.length === 1, 3000, 'STUN response and RTP');
    expect([replies[0]?.[0], replies[0]?.[1]]).toEqual([0x01, 0x01]); // Binding success response
    expect(seqs).toEqual([77]);
    expect(m.stats.notRtpOrRtcp).toBe(0); // STUN never reached the multiplexer
  });
});
