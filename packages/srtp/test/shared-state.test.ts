/**
 * Memory layout checks: scratch buffers (counter blocks, IVs, tags, HMAC and GHASH state, XOR views)
 * are shared by every session of the process, keystream batches stay per stream. Many sessions with
 * different keys, interleaved packet by packet over all the code paths (JS and native HMAC and GCM,
 * SRTCP with a cipher per packet, several SSRCs per session), must give exactly what the slow RFC
 * reference gives for each alone. And the memory a call keeps stays small.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSrtpSessionPair, generateSrtpKeyingMaterial, resolveSrtpSuite, SrtpSession } from '../src/index.js';
import { SsrcMap } from '../src/internal/ssrc-map.js';
import { rtp, toHex } from './helpers.js';
import { REF_SUITES, refProtect, refProtectRtcp, type RefKey } from './reference.js';

/** Sizes either side of the JS/native thresholds: GCM 320 bytes, HMAC 2048 bytes. */
const SIZES = [0, 7, 160, 290, 330, 460, 1200, 2100];

function rtcp(ssrc: number, extra: number): Uint8Array {
  const n = 8 + 4 * extra;
  const b = new Uint8Array(n);
  b[0] = 0x80;
  b[1] = 201;
  b[3] = n / 4 - 1;
  new DataView(b.buffer).setUint32(4, ssrc);
  for (let i = 8; i < n; i++) {
    b[i] = (i * 7) & 0xff;
  }
  return b;
}

for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_32', 'AEAD_AES_128_GCM', 'AEAD_AES_256_GCM', 'NULL_HMAC_SHA1_80']) {
  describe(`${suite}: interleaved sessions share scratch, never state`, () => {
    it('8 senders and 8 receivers, 2 SSRCs each, packets interleaved: byte-exact with the reference', () => {
      const s = resolveSrtpSuite(suite);
      const senders = Array.from({ length: 8 }, () => SrtpSession.generate(suite));
      const receivers = senders.map((tx) => new SrtpSession(tx.keyingMaterial));
      const refs: RefKey[] = senders.map((tx) => ({
        suite: REF_SUITES[s.name]!,
        masterKey: tx.keyingMaterial.masterKey,
        masterSalt: tx.keyingMaterial.masterSalt,
      }));
      const rtcpIndex = new Map<string, number>();
      for (let step = 0; step < 60; step++) {
        for (let k = 0; k < senders.length; k++) {
          const ssrc = 0x1000 * (k + 1) + (step % 2);
          const seq = 65500 + step; // crosses the sequence wrap: ROC 0 then 1
          const payload = new Uint8Array(SIZES[(step + k) % SIZES.length]!).map((_, i) => (i + step + k) & 0xff);
          const p = rtp({ seq: seq & 0xffff, ssrc, payload });
          const wire = senders[k]!.protect(p);
          expect(toHex(wire)).toBe(toHex(refProtect(refs[k]!, p, seq >= 65536 ? 1 : 0)));
          const back = receivers[k]!.unprotect(wire);
          expect(back.ok && toHex(back.packet)).toBe(toHex(p));
          if ((step + k) % 5 === 0) {
            const key = `${k}/${ssrc}`;
            const index = rtcpIndex.get(key) ?? 0;
            rtcpIndex.set(key, index + 1);
            const c = rtcp(ssrc, (step * 3 + k) % 90);
            const srtcp = senders[k]!.protectRtcp(c);
            expect(toHex(srtcp)).toBe(toHex(refProtectRtcp(refs[k]!, c, index)));
            const r = receivers[k]!.unprotectRtcp(srtcp);
            expect(r.ok && toHex(r.packet)).toBe(toHex(c));
          }
        }
        if (step === 30) {
          // disposing a session wipes shared scratch: the others must not notice
          SrtpSession.generate(suite).dispose();
        }
      }
    });
  });
}

describe('SsrcMap', () => {
  it('holds the first SSRC in fields and the rest in a Map', () => {
    const m = new SsrcMap<string>();
    expect(m.size).toBe(0);
    expect(m.get(0)).toBeUndefined();
    m.set(0, 'a');
    m.set(0, 'a2');
    m.set(0xffffffff, 'b');
    m.set(7, 'c');
    expect([m.size, m.get(0), m.get(0xffffffff), m.get(7), m.get(8)]).toEqual([3, 'a2', 'b', 'c', undefined]);
    expect(m.values()).toEqual(['a2', 'b', 'c']);
    m.clear();
    expect([m.size, m.get(0), m.values()]).toEqual([0, undefined, []]);
  });
});

describe('memory per call', () => {
  it('a send and a receive session (SRTP and SRTCP used) keep under 16 KiB of heap and buffers', () => {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g === undefined) {
      setFlagsFromString('--expose-gc');
    }
    const gc = g ?? (runInNewContext('gc') as () => void);
    const suite = 'AES_CM_128_HMAC_SHA1_80';
    const far = generateSrtpKeyingMaterial(suite);
    const farTx = new SrtpSession(far);
    const inbound = Array.from({ length: 40 }, (_, i) => farTx.protect(rtp({ seq: i, ssrc: 1, payload: new Uint8Array(160) })));
    const inboundRtcp = farTx.protectRtcp(rtcp(1, 6));
    const out = rtp({ seq: 0, ssrc: 2, payload: new Uint8Array(160) });
    const buf = new Uint8Array(256);
    const N = 500;
    const locals = Array.from({ length: N }, () => generateSrtpKeyingMaterial(suite));
    const kept: unknown[] = [];
    const used = (): number => {
      gc();
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    const before = used();
    for (let c = 0; c < N; c++) {
      const { send, receive } = createSrtpSessionPair({ local: locals[c]!, remote: far });
      for (let i = 0; i < 40; i++) {
        out[3] = i;
        send.protectInto(out, buf);
        expect(receive.unprotectInto(inbound[i]!, buf)).toBe(172);
      }
      send.protectRtcpInto(rtcp(2, 6), buf);
      expect(receive.unprotectRtcpInto(inboundRtcp, buf)).toBe(32);
      kept.push(send, receive);
    }
    const perCall = (used() - before) / N;
    expect(kept).toHaveLength(2 * N);
    // about 13.7 KiB here (issue #13: a whole call should keep at most about 23 KiB of heap)
    expect(perCall).toBeLessThan(16 * 1024);
  });
});
