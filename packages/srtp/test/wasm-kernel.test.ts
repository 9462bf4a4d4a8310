/**
 * The WebAssembly kernel (src/internal/wasm-kernel.ts, wasm/kernel.wat): the shipped bytes are what
 * the .wat assembles to; AES-GCM through it equals node:crypto for many keys at once (tables in
 * several slots, memory grown in between), offsets that defeat the word copies, AAD past its room;
 * tables are zeroed and reused after dispose; the AES-CM XOR equals aes-ctr; HMAC-SHA1 equals
 * createHmac and its key states leave the memory on dispose; with the kernel switched off (the
 * JavaScript fallback) sessions make the same packets.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AesCtr } from '../src/internal/aes-ctr.js';
import { AesGcm } from '../src/internal/aes-gcm-js.js';
import { HmacSha1 } from '../src/internal/hmac-sha1.js';
import {
  GHASH_BYTE_TABLES_MAX,
  GHASH_TABLE_BYTES,
  ghashTableBytes,
  wasmKernel,
  setWasmKernelEnabled,
} from '../src/internal/wasm-kernel.js';
import { SrtpSession } from '../src/index.js';
import { toHex } from './helpers.js';
import { PacketOperands } from '../src/internal/packet-operands.js';
/** AesGcm.seal with its operands spelt out (the transforms fill a PacketOperands the same way). */
function seal(
  g: AesGcm, ks: Uint8Array, ksOff: number, a1: Uint8Array, a1Off: number, a1Len: number, a2: Uint8Array | undefined,
  src: Uint8Array, srcOff: number, n: number, dst: Uint8Array, dstOff: number,
): void {
  const op = new PacketOperands();
  op.ks = ks;
  op.ksOff = ksOff;
  g.seal(op.gcm(a1, a1Off, a1Len, a2, src, srcOff, n, dst, dstOff));
}

/** AesGcm.open with its operands spelt out. */
function open(
  g: AesGcm, ks: Uint8Array, ksOff: number, a1: Uint8Array, a1Off: number, a1Len: number, a2: Uint8Array | undefined,
  src: Uint8Array, srcOff: number, n: number, tagOff: number, dst: Uint8Array, dstOff: number, scratch: Uint8Array,
): boolean {
  const op = new PacketOperands();
  op.ks = ks;
  op.ksOff = ksOff;
  op.gcm(a1, a1Off, a1Len, a2, src, srcOff, n, dst, dstOff).tagOff = tagOff;
  return g.open(op, scratch);
}

afterEach(() => {
  setWasmKernelEnabled(true);
});

/** AES-GCM by node:crypto: ciphertext || tag. */
function reference(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, pt: Uint8Array): string {
  const c = createCipheriv(key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key, iv);
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]).toString('hex');
}

/** `bytes` copied to offset `off` of a larger buffer, so the copy's byteOffset is `off`. */
function at(bytes: Uint8Array, off: number): Uint8Array {
  const b = new Uint8Array(off + bytes.length + 7);
  b.set(bytes, off);
  return b.subarray(off, off + bytes.length);
}

describe('the shipped WebAssembly bytes', () => {
  it('are what wasm/kernel.wat assembles to (scripts/build-wasm.mjs --check)', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('come from a .wat that is what scripts/gen-kernel.mjs expands the template to (--check)', () => {
    const script = fileURLToPath(new URL('../scripts/gen-kernel.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
    // the expansion is there: W_0..W_15 loaded, the 64 schedule words W_16..W_79 each from W_t-3,
    // W_t-8, W_t-14 and W_t-16 (16 locals, W_t in $w(t mod 16)), 80 SHA-1 steps with K_t by groups of
    // 20, 16 GHASH lookups in the byte tables and 32 in the nibble tables, one per table
    const wat = readFileSync(fileURLToPath(new URL('../wasm/kernel.wat', import.meta.url)), 'utf8');
    const loads = [...wat.matchAll(/\(local\.set \$w(\d+) \(i32\.load offset=(\d+) \(local\.get \$w\)\)\)/g)];
    expect(loads.map((m) => [Number(m[1]), Number(m[2])])).toEqual(Array.from({ length: 16 }, (_, t) => [t, 4 * t]));
    const schedule = [
      ...wat.matchAll(
        /\(local\.set \$w(\d+) \(i32\.rotl \(i32\.xor \(i32\.xor \(local\.get \$w(\d+)\) \(local\.get \$w(\d+)\)\) \(i32\.xor \(local\.get \$w(\d+)\) \(local\.get \$w(\d+)\)\)\) \(i32\.const 1\)\)\)/g,
      ),
    ].map((m) => m.slice(1, 6).map(Number));
    expect(schedule).toEqual(Array.from({ length: 64 }, (_, i) => [i + 16, i + 13, i + 8, i + 2, i].map((t) => t & 15)));
    const k = [...wat.matchAll(/\(local\.get \$[a-e]\) \(i32\.const (0x[0-9a-f]{8})\)\)/g)].map((m) => m[1]);
    expect(k).toEqual(['0x5a827999', '0x6ed9eba1', '0x8f1bbcdc', '0xca62c1d6'].flatMap((c) => Array<string>(20).fill(c)));
    const lookups = [...wat.matchAll(/\(v128\.load offset=(\d+) \(i32\.add \(local\.get \$t\)/g)].map((m) => Number(m[1]));
    expect(lookups).toEqual([...Array.from({ length: 16 }, (_, j) => 4096 * j), ...Array.from({ length: 32 }, (_, j) => 256 * j)]);
    expect(wat).not.toMatch(/^ *;; @generate \S+$/m);
  });

  it('compile and run here (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmKernel()).toBeDefined();
  });
});

describe('AES-GCM with the WebAssembly GHASH against node:crypto', () => {
  it.each([true, false])('many keys interleaved, lengths 0..4200, any alignment (kernel on: %s)', (on) => {
    setWasmKernelEnabled(on);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.uint8Array({ minLength: 16, maxLength: 16 }),
            wide: fc.boolean(),
            extra: fc.uint8Array({ minLength: 16, maxLength: 16 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.array(
          fc.record({
            who: fc.nat(),
            iv: fc.uint8Array({ minLength: 12, maxLength: 12 }),
            aad: fc.uint8Array({ minLength: 0, maxLength: 90 }),
            a2: fc.option(fc.uint8Array({ minLength: 1, maxLength: 8 }), { nil: undefined }),
            n: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 4200 })),
            srcOff: fc.integer({ min: 0, max: 7 }),
            dstOff: fc.integer({ min: 0, max: 7 }),
            seed: fc.nat(255),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (keys, packets) => {
          const gcms = keys.map((k) => {
            const key = k.wide ? Uint8Array.from([...k.key, ...k.extra]) : k.key;
            return { key, g: new AesGcm(new AesCtr(key)) };
          });
          try {
            for (const p of packets) {
              const { key, g } = gcms[p.who % gcms.length]!;
              const pt = Uint8Array.from({ length: p.n }, (_, i) => (i * 31 + p.seed) & 0xff);
              const src = at(pt, p.srcOff);
              const a1 = at(p.aad, p.srcOff);
              const out = new Uint8Array(p.dstOff + p.n + 16);
              const ks = g.keystream(p.iv, p.n);
              seal(g, ks, 0, a1, 0, a1.length, p.a2, src, 0, p.n, out, p.dstOff);
              const aad = Uint8Array.from([...p.aad, ...(p.a2 ?? [])]);
              expect(toHex(out.subarray(p.dstOff))).toBe(reference(key, p.iv, aad, pt));
              const wire = at(out.subarray(p.dstOff), p.srcOff);
              const back = new Uint8Array(p.n + 3);
              const scratch = new Uint8Array(16);
              expect(open(g, ks, 0, a1, 0, a1.length, p.a2, wire, 0, p.n, p.n, back, 3, scratch)).toBe(true);
              expect(toHex(back.subarray(3))).toBe(toHex(pt));
              // one flipped bit anywhere: refused, and the output left as it was
              const bad = Uint8Array.from(wire);
              bad[(p.seed * 7) % (p.n + 16)]! ^= 1 << (p.seed % 8);
              const before = toHex(back);
              expect(open(g, ks, 0, a1, 0, a1.length, p.a2, bad, 0, p.n, p.n, back, 3, scratch)).toBe(false);
              expect(toHex(back)).toBe(before);
              g.wipe(ks);
            }
          } finally {
            for (const { g } of gcms) {
              g.dispose();
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each([true, false])('AAD that is the packet\'s own header (SRTP), any length, tag bits flipped (kernel on: %s)', (on) => {
    setWasmKernelEnabled(on);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ minLength: 0, maxLength: 80 }),
        fc.integer({ min: 0, max: 300 }),
        fc.nat(),
        (key, iv, hdr, n, seed) => {
          const g = new AesGcm(new AesCtr(key));
          try {
            const pt = Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 0xff);
            // header and text in one buffer, the AAD given as that buffer's prefix: the kernel reads
            // it from its copy of the packet; bytes around the packet must not count
            const packet = at(Uint8Array.from([...hdr, ...pt, 0xee, 0xee]), 5).subarray(0, hdr.length + n);
            const out = new Uint8Array(hdr.length + n + 16).fill(0x55);
            out.set(hdr);
            const ks = g.keystream(iv, n);
            seal(g, ks, 0, packet, 0, hdr.length, undefined, packet, hdr.length, n, out, hdr.length);
            expect(toHex(out.subarray(hdr.length))).toBe(reference(key, iv, hdr, pt));
            const back = new Uint8Array(n);
            const scratch = new Uint8Array(16);
            expect(open(g, ks, 0, out, 0, hdr.length, undefined, out, hdr.length, n, hdr.length + n, back, 0, scratch)).toBe(true);
            expect(toHex(back)).toBe(toHex(pt));
            // every bit of the tag and of the header counts
            const bit = seed % (8 * (hdr.length + 16));
            const pos = bit >>> 3 < hdr.length ? bit >>> 3 : hdr.length + n + (bit >>> 3) - hdr.length;
            const bad = Uint8Array.from(out);
            bad[pos]! ^= 1 << (bit & 7);
            back.fill(0xaa);
            expect(open(g, ks, 0, bad, 0, hdr.length, undefined, bad, hdr.length, n, hdr.length + n, back, 0, scratch)).toBe(false);
            expect(back.every((b) => b === 0xaa)).toBe(true);
            g.wipe(ks);
          } finally {
            g.dispose();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('AAD beyond the WebAssembly room (a 10,000-byte header) goes through JavaScript, same result', () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i);
    const iv = new Uint8Array(12).fill(7);
    const aad = Uint8Array.from({ length: 10_000 }, (_, i) => i & 0xff);
    const pt = Uint8Array.from({ length: 1200 }, (_, i) => (i * 5) & 0xff);
    const g = new AesGcm(new AesCtr(key));
    const out = new Uint8Array(1216);
    const ks = g.keystream(iv, 1200);
    seal(g, ks, 0, aad, 0, aad.length, undefined, pt, 0, 1200, out, 0);
    expect(toHex(out)).toBe(reference(key, iv, aad, pt));
    g.dispose();
  });

  it('dispose zeroes the key tables and frees their slot for the next key', () => {
    const w = wasmKernel()!;
    const key = new Uint8Array(16).fill(9);
    const iv = new Uint8Array(12);
    const pt = new Uint8Array(600);
    const a = new AesGcm(new AesCtr(key));
    const before = w.tablesInUse;
    seal(a, a.keystream(iv, 600), 0, new Uint8Array(12), 0, 12, undefined, pt, 0, 600, new Uint8Array(616), 0);
    expect(w.tablesInUse).toBe(before + 1);
    const slot = a.tableAddress;
    const bytes = (): Uint8Array => w.bytes.subarray(slot & ~1, (slot & ~1) + ghashTableBytes(slot));
    expect(bytes().some((b) => b !== 0)).toBe(true);
    a.dispose();
    expect(w.tablesInUse).toBe(before);
    expect(bytes().every((b) => b === 0)).toBe(true);
    const b = new AesGcm(new AesCtr(key));
    const out = new Uint8Array(616);
    seal(b, b.keystream(iv, 600), 0, new Uint8Array(12), 0, 12, undefined, pt, 0, 600, out, 0);
    expect(b.tableAddress).toBe(slot);
    expect(toHex(out)).toBe(reference(key, iv, new Uint8Array(12), pt));
    b.dispose();
  });

  it(`byte tables for up to ${GHASH_BYTE_TABLES_MAX} keys at once, nibble tables beyond; both equal node:crypto`, () => {
    const w = wasmKernel()!;
    const iv = new Uint8Array(12).fill(4);
    const aad = Uint8Array.from({ length: 20 }, (_, i) => i);
    const pt = Uint8Array.from({ length: 333 }, (_, i) => (i * 7) & 0xff);
    const gcms: AesGcm[] = [];
    const check = (g: AesGcm, key: Uint8Array): void => {
      const out = new Uint8Array(333 + 16);
      const ks = g.keystream(iv, 333);
      seal(g, ks, 0, aad, 0, 20, undefined, pt, 0, 333, out, 0);
      expect(toHex(out)).toBe(reference(key, iv, aad, pt));
      const back = new Uint8Array(333);
      expect(open(g, ks, 0, aad, 0, 20, undefined, out, 0, 333, 333, back, 0, new Uint8Array(16))).toBe(true);
      out[5]! ^= 0x10;
      expect(open(g, ks, 0, aad, 0, 20, undefined, out, 0, 333, 333, back, 0, new Uint8Array(16))).toBe(false);
      g.wipe(ks);
    };
    try {
      const kinds: number[] = [];
      for (let i = 0; i < GHASH_BYTE_TABLES_MAX + 3; i++) {
        const key = Uint8Array.from({ length: 16 }, (_, j) => (i * 17 + j) & 0xff);
        const g = new AesGcm(new AesCtr(key));
        gcms.push(g);
        check(g, key);
        kinds.push(g.tableAddress & 1);
      }
      // other tests' keys may still hold byte tables: from the first nibble table on, all are nibble
      const firstNibble = kinds.indexOf(0);
      expect(firstNibble).toBeGreaterThanOrEqual(0);
      expect(kinds.slice(firstNibble).every((k) => k === 0)).toBe(true);
      expect(kinds.filter((k) => k === 1).length).toBeGreaterThan(0);
      // a released byte table goes to the next key, zeroed
      const wide = gcms.find((g) => (g.tableAddress & 1) === 1)!;
      const slot = wide.tableAddress;
      wide.dispose();
      expect(w.bytes.subarray(slot - 1, slot - 1 + ghashTableBytes(slot)).every((b) => b === 0)).toBe(true);
      const key = new Uint8Array(16).fill(0xab);
      const next = new AesGcm(new AesCtr(key));
      gcms.push(next);
      check(next, key);
      expect(next.tableAddress).toBe(slot);
      expect(ghashTableBytes(slot)).toBe(8 * GHASH_TABLE_BYTES);
    } finally {
      for (const g of gcms) {
        g.dispose();
      }
    }
  });

  it('a key whose tables find no room (the memory cannot grow) hashes in JavaScript, same packets', () => {
    const w = wasmKernel()!;
    const memory = w.memory;
    memory.grow = () => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    };
    const gcms: AesGcm[] = [];
    try {
      const key = new Uint8Array(16).fill(5);
      const iv = new Uint8Array(12).fill(6);
      const pt = Uint8Array.from({ length: 900 }, (_, i) => i & 0xff);
      const aad = new Uint8Array(12).fill(7);
      const expected = reference(key, iv, aad, pt);
      // keys until the memory is full: the first one after that must fall back, not throw
      let fellBack = false;
      for (let i = 0; i < 20_000 && !fellBack; i++) {
        const g = new AesGcm(new AesCtr(key));
        gcms.push(g);
        const out = new Uint8Array(916);
        const ks = g.keystream(iv, 900);
        seal(g, ks, 0, aad, 0, 12, undefined, pt, 0, 900, out, 0);
        expect(toHex(out)).toBe(expected);
        const back = new Uint8Array(900);
        expect(open(g, ks, 0, aad, 0, 12, undefined, out, 0, 900, 900, back, 0, new Uint8Array(16))).toBe(true);
        fellBack = g.tableAddress < 0;
      }
      expect(fellBack).toBe(true);
    } finally {
      delete (memory as { grow?: unknown }).grow;
      for (const g of gcms) {
        g.dispose();
      }
    }
  });

  it('a wiped per-packet keystream leaves no copy in WebAssembly memory', () => {
    const w = wasmKernel()!;
    const g = new AesGcm(new AesCtr(new Uint8Array(16).fill(3)));
    const ks = g.keystream(new Uint8Array(12).fill(1), 800);
    const probe = toHex(ks.subarray(16, 48));
    // a non-zero text: with zeros the ciphertext (public, and left in the scratch) is the keystream
    const pt = new Uint8Array(800).fill(0x5a);
    seal(g, ks, 0, new Uint8Array(12), 0, 12, undefined, pt, 0, 800, new Uint8Array(816), 0);
    expect(toHex(w.bytes).includes(probe)).toBe(true);
    g.wipe(ks);
    expect(toHex(w.bytes).includes(probe)).toBe(false);
    g.dispose();
  });
});

describe('AES-CM keystream XOR in the kernel and in JavaScript words', () => {
  it.each([true, false])('equals aes-ctr for 0..3000 bytes at any offsets (kernel on: %s)', (on) => {
    setWasmKernelEnabled(on);
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32),
        fc.uint8Array({ minLength: 14, maxLength: 14 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        (kl, iv14, n, so, doff) => {
          const key = Uint8Array.from({ length: kl }, (_, i) => i * 7 + n);
          const iv = new Uint8Array(16);
          iv.set(iv14);
          const src = Uint8Array.from({ length: n + so }, (_, i) => i * 3);
          const dst = new Uint8Array(n + doff + 5).fill(0xee);
          new AesCtr(key).xor(iv, src, so, dst, doff, n);
          const ref = createCipheriv(`aes-${kl * 8}-ctr`, key, iv).update(src.subarray(so));
          expect(toHex(dst.subarray(doff, doff + n))).toBe(ref.toString('hex'));
          // nothing written around the text
          expect(dst.subarray(0, doff).every((b) => b === 0xee)).toBe(true);
          expect(dst.subarray(doff + n).every((b) => b === 0xee)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('releases its keystream: the copy in WebAssembly memory is zeroed, the next one reuses the place', () => {
    const w = wasmKernel()!;
    /** Where the first 32 bytes of `ks` sit in the kernel's memory, or -1. */
    const find = (ks: Uint8Array): number => Buffer.from(w.bytes.buffer).indexOf(Buffer.from(ks.subarray(0, 32)));
    const iv = new Uint8Array(16).fill(9);
    const keystreamOf = (key: Uint8Array): Uint8Array =>
      createCipheriv('aes-128-ctr', key, iv).update(new Uint8Array(512));
    const keys = [new Uint8Array(16).fill(0x31), new Uint8Array(16).fill(0x52)];
    const places = keys.map((key) => {
      const ks = keystreamOf(key);
      // a spy on the kernel's release: the copy is there while it runs, gone after it
      const release = w.release.bind(w);
      let during = -1;
      w.release = (secret) => {
        during = find(ks);
        release(secret);
      };
      try {
        // a text that is not zeros, so the ciphertext left in the text area is not the keystream
        const src = new Uint8Array(512).fill(0x5a);
        const dst = new Uint8Array(512);
        new AesCtr(key).xor(iv, src, 0, dst, 0, 512);
        expect(toHex(dst)).toBe(toHex(ks.map((b) => b ^ 0x5a)));
      } finally {
        w.release = release;
      }
      expect(during).toBeGreaterThanOrEqual(0);
      expect(find(ks)).toBe(-1);
      expect(w.bytes.subarray(during, during + 512).every((b) => b === 0)).toBe(true);
      return during;
    });
    expect(places[1]).toBe(places[0]);
  });
});

describe('HMAC-SHA1 in the kernel', () => {
  const ref = (key: Uint8Array, m: Uint8Array, roc: number | undefined): string => {
    const h = createHmac('sha1', key).update(m);
    if (roc !== undefined) {
      h.update(Uint8Array.from([roc >>> 24, (roc >>> 16) & 0xff, (roc >>> 8) & 0xff, roc & 0xff]));
    }
    return h.digest('hex');
  };

  it.each([true, false])('equals createHmac for every length 0..460, two keys alternating (kernel on: %s)', (on) => {
    setWasmKernelEnabled(on);
    const keys = [Uint8Array.from({ length: 20 }, (_, i) => i * 13), Uint8Array.from({ length: 20 }, (_, i) => 200 - i)];
    const macs = keys.map((k) => new HmacSha1(k));
    const data = Uint8Array.from({ length: 600 }, (_, i) => (i * 29 + 1) & 0xff);
    const out = new Uint8Array(24).fill(0xee);
    for (let n = 0; n <= 460; n++) {
      for (const roc of [undefined, 0x01020304]) {
        const k = n & 1;
        macs[k]!.mac(data, 5, 5 + n, roc !== undefined, roc ?? 0, out, 2, 20);
        expect(toHex(out.subarray(2, 22)), `n=${n}`).toBe(ref(keys[k]!, data.subarray(5, 5 + n), roc));
        expect(out[0]).toBe(0xee);
        expect(out[22]).toBe(0xee);
      }
    }
    // a short tag is the MAC's prefix (the _32 suites)
    macs[0]!.mac(data, 0, 100, true, 7, out, 0, 4);
    expect(toHex(out.subarray(0, 4))).toBe(ref(keys[0]!, data.subarray(0, 100), 7).slice(0, 8));
  });

  it('a message inside a large buffer (not copied whole) takes JavaScript, same MAC', () => {
    const key = new Uint8Array(20).fill(1);
    const big = Uint8Array.from({ length: 10_000 }, (_, i) => i & 0xff);
    const out = new Uint8Array(20);
    new HmacSha1(key).mac(big, 5000, 5172, true, 9, out, 0, 20);
    expect(toHex(out)).toBe(ref(key, big.subarray(5000, 5172), 9));
  });

  it('dispose zeroes the copy of the key states', () => {
    const w = wasmKernel()!;
    const h = new HmacSha1(new Uint8Array(20).fill(0x42));
    const st = h.keyStates;
    const probe = toHex(new Uint8Array(st.buffer, st.byteOffset, 40));
    h.mac(new Uint8Array(64), 0, 64, false, 0, new Uint8Array(20), 0, 20);
    expect(toHex(w.bytes).includes(probe)).toBe(true);
    h.dispose();
    expect(toHex(w.bytes).includes(probe)).toBe(false);
  });
});

describe.each([
  ['AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'],
  ['AES_CM_128_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_32'],
] as const)('SRTP %s / %s: kernel on and off give the same packets', (suite, otherSuite) => {
  it('1212-byte packets of two sessions, alternating, both ways', () => {
    const material = SrtpSession.generate(suite).keyingMaterial;
    const other = SrtpSession.generate(otherSuite).keyingMaterial;
    const run = (): string[] => {
      const txs = [new SrtpSession(material), new SrtpSession(other)];
      const rxs = [new SrtpSession(material), new SrtpSession(other)];
      const wires: string[] = [];
      for (let i = 0; i < 40; i++) {
        const pkt = new Uint8Array(1212);
        pkt[0] = 0x80;
        pkt[3] = i;
        pkt[11] = i & 1;
        pkt.fill(i, 12);
        const wire = txs[i & 1]!.protect(pkt);
        wires.push(toHex(wire));
        const r = rxs[i & 1]!.unprotect(wire);
        expect(r.ok && toHex(r.packet)).toBe(toHex(pkt));
      }
      for (const s of [...txs, ...rxs]) {
        s.dispose();
      }
      return wires;
    };
    const viaWasm = run();
    setWasmKernelEnabled(false);
    expect(wasmKernel()).toBeUndefined();
    const viaJs = run();
    expect(viaJs).toEqual(viaWasm);
  });
});

describe('AES-CM packets below the native HMAC threshold: one pass through the kernel', () => {
  /** An RTP packet of `len` bytes with `csrcs` CSRCs, sequence `seq`, payload from `seed`. */
  const packet = (len: number, csrcs: number, seq: number, seed: number): Uint8Array => {
    const p = Uint8Array.from({ length: len }, (_, i) => (i * 29 + seed) & 0xff);
    p[0] = 0x80 | csrcs;
    p[1] = 0;
    p[2] = seq >>> 8;
    p[3] = seq & 0xff;
    p.fill(0, 8, 11);
    p[11] = 5;
    return p;
  };

  it.each(['AES_CM_128_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_32'] as const)(
    '%s: the same packets and plaintexts as with the kernel off, reused buffers, in place, MKI',
    (suite) => {
      const material = { ...SrtpSession.generate(suite).keyingMaterial, mki: { value: 7n, byteLength: 2 } };
      const run = (): string[] => {
        const tx = new SrtpSession(material);
        const rx = new SrtpSession(material);
        const wire = new Uint8Array(600);
        const back = new Uint8Array(600);
        const seen: string[] = [];
        for (let i = 0; i < 120; i++) {
          const len = 12 + 4 * (i % 3) + ((i * 37) % 420);
          const rtp = packet(len, i % 3, i, i);
          const n = tx.protectInto(rtp, wire, 0);
          seen.push(toHex(wire.subarray(0, n)));
          // the same buffer object each time (a socket's), sometimes decrypted in place
          const view = wire.subarray(0, n);
          const r = i % 2 === 0 ? rx.unprotectInto(view, back, 0) : rx.unprotectInto(view, view, 0);
          expect(r).toBe(len);
          expect(toHex((i % 2 === 0 ? back : view).subarray(0, len))).toBe(toHex(rtp));
        }
        tx.dispose();
        rx.dispose();
        return seen;
      };
      const viaWasm = run();
      setWasmKernelEnabled(false);
      const viaJs = run();
      expect(viaJs).toEqual(viaWasm);
    },
  );

  it('a buffer refused by one session and rewritten is decrypted afresh by a session without SRTP auth', () => {
    const material = SrtpSession.generate('AES_CM_128_HMAC_SHA1_80').keyingMaterial;
    const tx = new SrtpSession(material);
    const rx = new SrtpSession(material);
    const plainTx = new SrtpSession({ ...material, unauthenticatedSrtp: true });
    const plainRx = new SrtpSession({ ...material, unauthenticatedSrtp: true });
    const buf = new Uint8Array(182);
    // a forged packet in `buf`: its MAC is computed in the kernel over a copy of `buf`, and refused
    tx.protectInto(packet(172, 0, 1, 1), buf, 0);
    buf[40]! ^= 1;
    expect(rx.unprotectInto(buf, new Uint8Array(200), 0)).toBe('AUTH_FAILED');
    // the same buffer now carries another packet, without auth tag: it must be read anew
    const rtp = packet(172, 0, 1, 99);
    const view = buf.subarray(0, plainTx.protectInto(rtp, buf, 0));
    const out = new Uint8Array(200);
    expect(plainRx.unprotectInto(view, out, 0)).toBe(172);
    expect(toHex(out.subarray(0, 172))).toBe(toHex(rtp));
    // and an authentic packet rewritten into the very array the kernel copied last
    const again = packet(172, 0, 2, 7);
    tx.protectInto(again, buf, 0);
    expect(rx.unprotectInto(buf, out, 0)).toBe(172);
    expect(toHex(out.subarray(0, 172))).toBe(toHex(again));
    for (const s of [tx, rx, plainTx, plainRx]) {
      s.dispose();
    }
  });
});
