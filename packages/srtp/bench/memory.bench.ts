/**
 * Memory per session pair (one call: a send and a receive session, one SSRC each way, 100 RTP and 2
 * RTCP packets each way), printed before the timing below; see memory.ts for the method. The timing
 * is what a call costs to set up and key: create a pair and push its first 10 packets each way.
 */
import { bench, describe } from 'vitest';
import { createSrtpSessionPair, generateSrtpKeyingMaterial, SrtpSession } from '../src/index.js';
import { formatMemory, measureMemoryPerPair } from './memory.js';

for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AEAD_AES_128_GCM'] as const) {
  describe(`memory per session pair, ${suite}`, () => {
    console.log(formatMemory(measureMemoryPerPair(suite)));

    const far = generateSrtpKeyingMaterial(suite);
    const farSender = new SrtpSession(far);
    const inbound = Array.from({ length: 10 }, (_, i) => {
      const p = new Uint8Array(172);
      p[0] = 0x80;
      p[3] = i;
      p[11] = 1;
      return farSender.protect(p);
    });
    const local = generateSrtpKeyingMaterial(suite);
    const pkt = new Uint8Array(172);
    pkt[0] = 0x80;
    pkt[11] = 2;
    const out = new Uint8Array(256);
    bench('create a session pair, 10 packets each way', () => {
      const { send, receive } = createSrtpSessionPair({ local, remote: far });
      for (let i = 0; i < 10; i++) {
        pkt[3] = i;
        send.protectInto(pkt, out);
        receive.unprotectInto(inbound[i]!, out);
      }
    }, { time: 1000, warmupTime: 200 });
  });
}
