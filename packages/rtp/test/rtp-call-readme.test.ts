// The README "Many calls on one socket" example, verbatim apart from the import paths and `console`,
// plus a peer that calls it, so the example keeps working.
import { createSrtpSessionPair, generateSrtpKeyingMaterial } from '@voip/srtp';
import { expect, it } from 'vitest';
import { RtpCall, RtpMultiplexer, type RtpPacket, type TransportAddress } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { until } from './multiplexer-fixtures.js';

it('README multiplexer example: wildcard SRTP echo call, statistics, hangUp', async () => {
  const log: unknown[] = [];
  const console = { log: (x: unknown): void => void log.push(x), debug: (): void => {}, warn: (): void => {}, error: (): void => {} };

  // --- README example starts ---
  // One UDP socket serves every call (a @voip/stun StunSocket works too, and answers STUN on it).
  const mux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', port: 0 }), { logger: console });

  // Subclass (or pass onPacket): echo every packet back with our SSRC.
  class EchoCall extends RtpCall {
    override packetReceived(packet: RtpPacket, remote: TransportAddress): void {
      this.sendPacket({ ...packet, ssrc: this.ssrc }, remote);
    }
  }

  // What offer/answer gave us: keys from the a=crypto lines (e.g. via @voip/sdp-crypto).
  const local = generateSrtpKeyingMaterial();
  const remote = generateSrtpKeyingMaterial();
  const call = new EchoCall({
    multiplexer: mux,
    media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, rtcpMux: true },
    caller: { displayName: 'Alice', uri: 'sip:alice@example.com' },
    srtp: createSrtpSessionPair({ local, remote }),
    signalling: { hangUp: (c, reason) => console.log(`SIP BYE to ${c.caller?.uri}: ${reason}`) },
  });
  // No SDP in the INVITE: the wildcard call latches to the first source whose SRTP authenticates.
  mux.registerCall(null, call);
  console.log(call.sdpFormats().rtpmaps); // [ 'a=rtpmap:0 PCMU/8000' ]
  // --- (the peer below talks to it) ---

  const peerMux = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
  const echoes: number[] = [];
  const peer = new RtpCall({
    multiplexer: peerMux,
    media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: mux.localAddress().port, rtcpMux: true },
    srtp: createSrtpSessionPair({ local: remote, remote: local }),
    onPacket: (p) => echoes.push(p.sequenceNumber),
  });
  peerMux.registerCall(mux.localAddress(), peer);
  for (let seq = 1; seq <= 5; seq++) {
    peer.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload: new Uint8Array(160) });
  }
  await until(() => echoes.length === 5, 3000, 'echoes');

  // --- README example continues ---
  console.log(call.statistics().packetsReceived); // 5; also loss, jitter, the remote's RTCP view of us
  await call.hangUp('normal clearing'); // RTCP BYE, stop, unregister, then the signalling BYE
  await mux.close();
  // --- README example ends ---

  await peerMux.close();
  expect(echoes).toEqual([1, 2, 3, 4, 5]);
  expect(log).toEqual([['a=rtpmap:0 PCMU/8000'], 5, 'SIP BYE to sip:alice@example.com: normal clearing']);
});
