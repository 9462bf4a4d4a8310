/**
 * The node:crypto AES-GCM path (every SRTCP packet, and SRTP with `nativeAesGcm`) must hand the whole
 * AAD to the cipher in one `setAAD` call. Node accepts the AAD in pieces, but Deno 2's node:crypto
 * computes another tag for a split AAD, so SRTCP protected on Node failed authentication on Deno
 * (`AUTH_FAILED`) and the reverse (issue #10). These tests record every `setAAD` call and check there
 * is exactly one per packet, carrying the RFC 7714 §9.1 (SRTCP) or §8.1 (SRTP) AAD.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SrtpSession } from '../src/index.js';
import { rtp } from './helpers.js';

const restore: (() => void)[] = [];
afterEach(() => {
  while (restore.length > 0) {
    restore.pop()!();
  }
});

/** Records the bytes of every setAAD call on node:crypto GCM ciphers and deciphers. */
function recordSetAad(): Uint8Array[] {
  const calls: Uint8Array[] = [];
  for (const make of [
    () => createCipheriv('aes-128-gcm', new Uint8Array(16), new Uint8Array(12)),
    () => createDecipheriv('aes-128-gcm', new Uint8Array(16), new Uint8Array(12)),
  ]) {
    let proto = Object.getPrototypeOf(make()) as object;
    while (!Object.prototype.hasOwnProperty.call(proto, 'setAAD')) {
      proto = Object.getPrototypeOf(proto) as object;
    }
    const p = proto as { setAAD: (buf: Uint8Array, ...rest: unknown[]) => unknown };
    const orig = p.setAAD;
    p.setAAD = function (this: unknown, buf: Uint8Array, ...rest: unknown[]) {
      calls.push(new Uint8Array(buf));
      return orig.call(this, buf, ...rest);
    };
    restore.push(() => {
      p.setAAD = orig;
    });
  }
  return calls;
}

const RTCP_RR = new Uint8Array([0x81, 0xc9, 0x00, 0x07, 0xde, 0xad, 0xbe, 0xef, ...new Array<number>(24).fill(0x5a)]);

for (const suite of ['AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'] as const) {
  describe(`${suite}: the AAD reaches node:crypto in one setAAD call`, () => {
    for (const unencryptedSrtcp of [false, true]) {
      it(`SRTCP, ${unencryptedSrtcp ? 'E=0 (the whole packet is AAD)' : 'E=1 (header is AAD)'}: protect and unprotect`, () => {
        const tx = SrtpSession.generate(suite, { unencryptedSrtcp });
        const rx = new SrtpSession(tx.keyingMaterial);
        const calls = recordSetAad();
        for (let i = 0; i < 3; i++) {
          const wire = tx.protectRtcp(RTCP_RR);
          const len = wire.length;
          const eword = wire.subarray(len - 4);
          // RFC 7714 §9.1: header (E=1) or the whole RTCP packet (E=0), then the E-flag/index word
          const aadHead = unencryptedSrtcp ? RTCP_RR : RTCP_RR.subarray(0, 8);
          const expected = new Uint8Array([...aadHead, ...eword]);
          expect(eword[0]! >> 7).toBe(unencryptedSrtcp ? 0 : 1);
          expect(calls).toEqual([expected]);
          calls.length = 0;
          const r = rx.unprotectRtcp(wire);
          expect(r.ok && Array.from(r.packet)).toEqual(Array.from(RTCP_RR));
          expect(calls).toEqual([expected]);
          calls.length = 0;
        }
      });
    }

    it('SRTP with nativeAesGcm: protect and unprotect, header is the AAD', () => {
      const tx = SrtpSession.generate(suite, { nativeAesGcm: true });
      const rx = new SrtpSession({ ...tx.keyingMaterial, nativeAesGcm: true });
      const calls = recordSetAad();
      for (let seq = 1; seq <= 3; seq++) {
        const pkt = rtp({ seq, ssrc: 0x1234, csrcs: [7], payload: new Uint8Array(200).fill(seq) });
        const wire = tx.protect(pkt);
        expect(calls).toEqual([pkt.subarray(0, 16)]);
        calls.length = 0;
        const r = rx.unprotect(wire);
        expect(r.ok && Array.from(r.packet)).toEqual(Array.from(pkt));
        expect(calls).toEqual([pkt.subarray(0, 16)]);
        calls.length = 0;
      }
    });
  });
}

describe('AEAD_AES_128_GCM SRTCP: joining the AAD allocates nothing per packet', () => {
  // Steady state, into reused buffers: the only JS-level views per round trip are the cipher's input
  // (protect: the plaintext; unprotect: the ciphertext) and the tag given to setAuthTag. A view or copy
  // of the AAD per packet (as the two setAAD calls needed before) would add to these counts.
  it.each([
    [false, 3],
    [true, 1],
  ])('unencryptedSrtcp %s: %i subarray views and no typed array per protect + unprotect', (unencryptedSrtcp, views) => {
    const tx = SrtpSession.generate('AEAD_AES_128_GCM', { unencryptedSrtcp });
    const rx = new SrtpSession(tx.keyingMaterial);
    const wire = new Uint8Array(100);
    const back = new Uint8Array(100);
    const n = tx.protectedRtcpLength(RTCP_RR.length);
    const wireView = wire.subarray(0, n);
    const step = (): void => {
      tx.protectRtcpInto(RTCP_RR, wire);
      const m = rx.unprotectRtcpInto(wireView, back);
      if (m !== RTCP_RR.length) {
        throw new Error(`unprotectRtcpInto: ${m}`);
      }
    };
    for (let i = 0; i < 20; i++) {
      step();
    }
    const typedProto = Object.getPrototypeOf(Uint8Array.prototype) as { subarray: (...a: unknown[]) => unknown };
    const sub = typedProto.subarray;
    let subarrays = 0;
    typedProto.subarray = function (this: unknown, ...a: unknown[]) {
      subarrays++;
      return sub.apply(this, a);
    };
    restore.push(() => {
      typedProto.subarray = sub;
    });
    const g = globalThis as unknown as Record<string, unknown>;
    const orig = g['Uint8Array'] as new (...a: unknown[]) => unknown;
    let constructed = 0;
    g['Uint8Array'] = new Proxy(orig, {
      construct(target, args, newTarget) {
        constructed++;
        return Reflect.construct(target, args, newTarget === g['Uint8Array'] ? target : newTarget) as object;
      },
    });
    restore.push(() => {
      g['Uint8Array'] = orig;
    });
    for (let i = 0; i < 100; i++) {
      step();
    }
    restore.pop()!();
    restore.pop()!();
    expect({ subarrays: subarrays / 100, constructed }).toEqual({ subarrays: views, constructed: 0 });
  });
});
