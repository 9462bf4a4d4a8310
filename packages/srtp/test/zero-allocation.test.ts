/**
 * Steady-state allocation check of the into-buffer hot path (how: count, while 1600 packets go through
 * protectInto / unprotectInto on reused buffers, every JS-level typed array / DataView / ArrayBuffer /
 * Buffer construction, every `subarray` view, and every native AES `update` call). What remains is
 * one native AES call (and the one Buffer it returns, plus one cached Int32Array view of it) per
 * keystream batch of up to 16 packets: nothing per packet.
 */
import { createCipheriv } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SrtpSession } from '../src/index.js';

interface Counts {
  constructed: number;
  subarray: number;
  update: number;
}

const restore: (() => void)[] = [];
afterEach(() => {
  while (restore.length > 0) {
    restore.pop()!();
  }
});

function instrument(): Counts {
  const c: Counts = { constructed: 0, subarray: 0, update: 0 };
  const g = globalThis as unknown as Record<string, unknown>;
  for (const name of ['Uint8Array', 'Int32Array', 'Uint32Array', 'DataView', 'ArrayBuffer']) {
    const orig = g[name] as new (...a: unknown[]) => unknown;
    g[name] = new Proxy(orig, {
      construct(target, args, newTarget) {
        c.constructed++;
        return Reflect.construct(target, args, newTarget === g[name] ? target : newTarget) as object;
      },
    });
    restore.push(() => {
      g[name] = orig;
    });
  }
  const typedProto = Object.getPrototypeOf(Uint8Array.prototype) as { subarray: (...a: unknown[]) => unknown };
  const sub = typedProto.subarray;
  typedProto.subarray = function (this: unknown, ...a: unknown[]) {
    c.subarray++;
    return sub.apply(this, a);
  };
  restore.push(() => {
    typedProto.subarray = sub;
  });
  let proto = Object.getPrototypeOf(createCipheriv('aes-128-ecb', new Uint8Array(16), null)) as object;
  while (!Object.prototype.hasOwnProperty.call(proto, 'update')) {
    proto = Object.getPrototypeOf(proto) as object;
  }
  const p = proto as { update: (...a: unknown[]) => unknown };
  const upd = p.update;
  p.update = function (this: unknown, ...a: unknown[]) {
    c.update++;
    return upd.apply(this, a);
  };
  restore.push(() => {
    p.update = upd;
  });
  return c;
}

for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AEAD_AES_128_GCM'] as const) {
  describe(`${suite}: into-buffer hot path allocates nothing per packet`, () => {
    it('protectInto and unprotectInto, 172-byte packets, steady state', () => {
      const tx = SrtpSession.generate(suite);
      const rx = new SrtpSession(tx.keyingMaterial);
      const pkt = new Uint8Array(172);
      pkt[0] = 0x80;
      pkt[11] = 9;
      const wire = new Uint8Array(256);
      const exact = new Uint8Array(tx.protectedLength(172));
      const back = new Uint8Array(256);
      let seq = 0;
      const step = (): void => {
        seq++;
        pkt[2] = (seq >>> 8) & 0xff;
        pkt[3] = seq & 0xff;
        const n = tx.protectInto(pkt, wire);
        const r = rx.unprotectInto(wire.subarray(0, n), back);
        if (r !== 172) {
          throw new Error(`unprotect: ${String(r)}`);
        }
      };
      // warm-up: derives the session keys, creates the streams and the cached views
      for (let i = 0; i < 200; i++) {
        step();
      }
      const c = instrument();
      const N = 1600;
      for (let i = 0; i < N; i++) {
        seq++;
        pkt[2] = (seq >>> 8) & 0xff;
        pkt[3] = seq & 0xff;
        const n = tx.protectInto(pkt, wire);
        // the receiver gets a length-exact buffer without a view: copy into a reused exact-size buffer
        exact.set(wire.subarray(0, n));
        const r = rx.unprotectInto(exact, back);
        expect(r).toBe(172);
      }
      const counts = { ...c };
      // the test's own subarray per packet (to make `exact`) is the only view made
      expect(counts.subarray).toBe(N);
      // one native AES call per batch of 16 packets, each side
      expect(counts.update).toBeLessThanOrEqual((2 * N) / 16 + 4);
      // per batch at most one Int32Array view over the returned keystream Buffer
      expect(counts.constructed).toBeLessThanOrEqual(counts.update + 4);
    });
  });
}
