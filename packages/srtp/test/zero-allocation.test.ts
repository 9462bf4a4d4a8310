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
import { countTypedArrayAllocations } from '../../../test/allocation-counter.js';

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
  restore.push(countTypedArrayAllocations(c, ['Uint8Array', 'Int32Array', 'Uint32Array', 'DataView', 'ArrayBuffer']));
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
    // 1212 bytes takes AES-GCM through the WebAssembly GHASH and AES-CM's HMAC-SHA1 through the
    // kernel's SHA-1 (see wasm-kernel.ts); from 2048 bytes the HMAC is node:crypto's one-shot hash,
    // which returns a Buffer per call.
    it.each([172, 1212])('protectInto and unprotectInto, %i-byte packets, steady state', (size) => {
      const tx = SrtpSession.generate(suite);
      const rx = new SrtpSession(tx.keyingMaterial);
      const pkt = new Uint8Array(size);
      pkt[0] = 0x80;
      pkt[11] = 9;
      const wire = new Uint8Array(size + 64);
      const exact = new Uint8Array(tx.protectedLength(size));
      const back = new Uint8Array(size + 64);
      let seq = 0;
      const step = (): void => {
        seq++;
        pkt[2] = (seq >>> 8) & 0xff;
        pkt[3] = seq & 0xff;
        const n = tx.protectInto(pkt, wire);
        const r = rx.unprotectInto(wire.subarray(0, n), back);
        if (r !== size) {
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
        expect(r).toBe(size);
      }
      const counts = { ...c };
      // the test's own subarray per packet (to make `exact`) is the only view made
      expect(counts.subarray).toBe(N);
      // one native AES call per batch (16 KiB of keystream, at most 16 packets), each side
      const blocks = ((size - 12 + 15) >>> 4) + (suite === 'AEAD_AES_128_GCM' ? 1 : 0);
      const perBatch = Math.min(16, Math.floor(1024 / blocks));
      expect(counts.update).toBeLessThanOrEqual((2 * N) / perBatch + 4);
      // per batch at most one Int32Array view over the returned keystream Buffer
      expect(counts.constructed).toBeLessThanOrEqual(counts.update + 4);
    });
  });
}
