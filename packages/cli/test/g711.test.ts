import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  alawToLinearSample,
  decodeG711,
  encodeG711,
  linearToAlaw,
  linearToMulaw,
  mulawToLinearSample,
} from '../src/g711.js';

// ITU-T G.711 Table 2a (μ-law) and Table 1a (A-law) reconstruction values, in 16-bit units.
describe('ITU-T G.711 μ-law (PCMU)', () => {
  it('decodes the table corners', () => {
    expect(mulawToLinearSample(0xff)).toBe(0);
    expect(mulawToLinearSample(0x7f)).toBe(0);
    expect(mulawToLinearSample(0x00)).toBe(-32124);
    expect(mulawToLinearSample(0x80)).toBe(32124);
    expect(mulawToLinearSample(0xfe)).toBe(8);
    expect(mulawToLinearSample(0x7e)).toBe(-8);
    expect(mulawToLinearSample(0xf0)).toBe(120);
    expect(mulawToLinearSample(0xef)).toBe(132);
  });
  it('encodes silence, the extremes and clipping', () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToMulaw(-1)).toBe(0x7f);
    expect(linearToMulaw(32767)).toBe(0x80);
    expect(linearToMulaw(-32768)).toBe(0x00);
    expect(linearToMulaw(40000)).toBe(0x80);
  });
  it('re-encodes every code to itself (except -0, which becomes +0)', () => {
    for (let b = 0; b < 256; b++) {
      expect(linearToMulaw(mulawToLinearSample(b))).toBe(b === 0x7f ? 0xff : b);
    }
  });
  it('decoding is strictly monotonic over the positive codes', () => {
    for (let b = 0x80; b < 0xff; b++) {
      expect(mulawToLinearSample(b)).toBeGreaterThan(mulawToLinearSample(b + 1));
    }
  });
  it('quantisation error stays within half a step of the segment (property)', () =>
    fc.assert(
      fc.property(fc.integer({ min: -32124, max: 32124 }), (x) => {
        const y = mulawToLinearSample(linearToMulaw(x));
        const step = Math.max(8, 2 ** Math.floor(Math.log2(Math.abs(x) + 132)) / 16);
        expect(Math.abs(y - x)).toBeLessThanOrEqual(step);
        expect(Math.sign(y) * Math.sign(x)).toBeGreaterThanOrEqual(0);
      }),
    ));
});

describe('ITU-T G.711 A-law (PCMA)', () => {
  it('decodes the table corners', () => {
    expect(alawToLinearSample(0xd5)).toBe(8);
    expect(alawToLinearSample(0x55)).toBe(-8);
    expect(alawToLinearSample(0xaa)).toBe(32256);
    expect(alawToLinearSample(0x2a)).toBe(-32256);
  });
  it('encodes silence and the extremes', () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToAlaw(-1)).toBe(0x55);
    expect(linearToAlaw(32767)).toBe(0xaa);
    expect(linearToAlaw(-32768)).toBe(0x2a);
  });
  it('re-encodes every code to itself', () => {
    for (let b = 0; b < 256; b++) {
      expect(linearToAlaw(alawToLinearSample(b))).toBe(b);
    }
  });
  it('encoding is monotonic (property)', () =>
    fc.assert(
      fc.property(fc.integer({ min: -32768, max: 32766 }), (x) => {
        expect(alawToLinearSample(linearToAlaw(x + 1))).toBeGreaterThanOrEqual(alawToLinearSample(linearToAlaw(x)));
      }),
    ));
});

describe('buffer codecs', () => {
  it('encode then decode matches the per-sample functions, into a larger output', () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 400 }), fc.constantFrom('PCMU', 'PCMA' as const), (xs, law) => {
        const pcm = Int16Array.from(xs);
        const out = new Uint8Array(pcm.length + 3);
        encodeG711(law, pcm, out);
        const back = decodeG711(law, out.subarray(0, pcm.length));
        for (let i = 0; i < pcm.length; i++) {
          const one = law === 'PCMU' ? linearToMulaw(xs[i] ?? 0) : linearToAlaw(xs[i] ?? 0);
          expect(out[i]).toBe(one);
          expect(back[i]).toBe(law === 'PCMU' ? mulawToLinearSample(one) : alawToLinearSample(one));
        }
      }),
    ));
  it('rejects a short output buffer', () => {
    expect(() => encodeG711('PCMU', new Int16Array(4), new Uint8Array(3))).toThrow(/expected at least 4 bytes, got 3/);
    expect(() => decodeG711('PCMA', new Uint8Array(4), new Int16Array(2))).toThrow(RangeError);
  });
});
