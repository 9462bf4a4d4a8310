/**
 * The resampler's FIR kernels (src/polyphase-kernel.ts, src/polyphase-kernel-wasm.ts,
 * wasm/polyphase-kernel.wat): the shipped WebAssembly bytes are what the .wat assembles to; the bank
 * layout is the phases reversed and zero-padded to a multiple of 16 taps; the JavaScript kernel is the
 * polyphase filter (against a direct sum written here, within 1); both round halves up, clip, and add
 * in single precision in the stated order; the WebAssembly kernel gives the JavaScript kernel's values
 * bit for bit, on random banks and through every resampler preset and pair, its memory grown in between.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Resampler } from '../src/index.js';
import type { ResamplerQuality, ResamplerRate } from '../src/index.js';
import { layoutBank, runKernelJs } from '../src/polyphase-kernel.js';
import { polyphaseWasmKernel, setPolyphaseWasmEnabled } from '../src/polyphase-kernel-wasm.js';
import { processAndFlush } from './resampler-quality.js';

const RATES: ResamplerRate[] = [8000, 16000, 24000, 48000];
const PAIRS = RATES.flatMap((from) => RATES.filter((to) => to !== from).map((to) => ({ from, to })));

afterEach(() => {
  setPolyphaseWasmEnabled(true);
});

/** Random phases (1 to 8 of them, lengths 1 to 40) with taps in ±1. */
const phasesArb = fc
  .integer({ min: 1, max: 8 })
  .chain((l) => fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), { minLength: l, maxLength: l }))
  .map((ps) => ps.map((p) => Float64Array.from(p)));

/** A run over a bank: its phases, a history, the first phase and window, the count and M. */
const runArb = phasesArb.chain((phases) => {
  const l = phases.length;
  return fc.record({
    phases: fc.constant(phases),
    step: fc.integer({ min: 1, max: 12 }),
    phase: fc.integer({ min: 0, max: l - 1 }),
    start: fc.integer({ min: 0, max: 5 }),
    count: fc.integer({ min: 0, max: 60 }),
    // up to 3 × full scale, so the sums clip
    scale: fc.constantFrom(1000, 32768, 98304),
    seed: fc.integer(),
  });
});

/** The history a run needs (its last window included), deterministic noise from `seed`. */
function historyFor(width: number, l: number, r: { step: number; start: number; count: number; scale: number; seed: number }): Float32Array {
  const n = r.start + width + Math.ceil(((r.count + 1) * r.step) / l) + 2;
  let s = r.seed | 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return Math.round(((s >>> 8) / 2 ** 24 - 0.5) * 2 * r.scale);
  });
}

describe('the shipped WebAssembly bytes', () => {
  it('are what wasm/polyphase-kernel.wat assembles to (scripts/build-wasm.mjs --check)', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('are not used where there is no WebAssembly: the resampler runs the JavaScript kernel, same output', async () => {
    const input = Int16Array.from({ length: 3000 }, (_, i) => Math.round(12000 * Math.sin(i / 5) + 3000 * Math.sin(i / 1.3)));
    const withWasm = processAndFlush(new Resampler({ from: 8000, to: 48000, quality: 'fast' }), input);
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    try {
      const fresh = await import('../src/polyphase-kernel-wasm.js');
      expect(fresh.polyphaseWasmKernel()).toBeUndefined();
      const { Resampler: FreshResampler } = await import('../src/index.js');
      expect([...processAndFlush(new FreshResampler({ from: 8000, to: 48000, quality: 'fast' }), input)]).toEqual([...withWasm]);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('compile and run here (Node 20 has WebAssembly SIMD)', () => {
    expect(polyphaseWasmKernel()).toBeDefined();
    setPolyphaseWasmEnabled(false);
    expect(polyphaseWasmKernel()).toBeUndefined();
  });
});

describe('layoutBank', () => {
  it('stores each phase reversed in single precision, its oldest end padded with zeros, to a common width that is a multiple of 16', () => {
    const bank = layoutBank([Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(6, 7, 8, 9)]);
    expect(bank.width).toBe(16);
    expect(bank.phases).toBe(2);
    const zeros = (n: number) => new Array<number>(n).fill(0);
    expect([...bank.coefficients]).toEqual([...zeros(11), 5, 4, 3, 2, 1, ...zeros(12), 9, 8, 7, 6]);
    expect(layoutBank([new Float64Array(17)]).width).toBe(32);
    // single precision
    expect(layoutBank([Float64Array.of(0.1)]).coefficients[15]).toBe(Math.fround(0.1));
  });
});

describe('runKernelJs', () => {
  it('property: is the polyphase filter, output k = sum over t of phase[t] × x[newest - t], rounded and clipped (within 1 of a direct sum)', () => {
    fc.assert(
      fc.property(runArb, (r) => {
        const bank = layoutBank(r.phases);
        const l = r.phases.length;
        const x = historyFor(bank.width, l, r);
        const out = new Int16Array(r.count);
        runKernelJs(bank, x, r.phase, r.start, r.count, r.step, out);
        for (let o = 0; o < r.count; o++) {
          // output o is at position (phase + o·M) / L phases past the first window's newest sample
          const p = (r.phase + o * r.step) % l;
          const newest = r.start + bank.width - 1 + Math.floor((r.phase + o * r.step) / l);
          let sum = 0;
          r.phases[p]!.forEach((tap, t) => {
            sum += tap * x[newest - t]!;
          });
          const expected = Math.max(-32768, Math.min(32767, Math.round(sum)));
          expect(Math.abs(out[o]! - expected), `output ${o}`).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Both kernels, JavaScript and WebAssembly, on one run. */
function bothKernels(phases: Float64Array[], x: Float32Array, count: number, step: number): { js: number[]; wasm: number[] } {
  const bank = layoutBank(phases);
  const js = new Int16Array(count);
  const wasm = new Int16Array(count);
  runKernelJs(bank, x, 0, 0, count, step, js);
  expect(polyphaseWasmKernel()!.run(bank, x, x.length, 0, 0, count, step, wasm)).toBe(true);
  return { js: [...js], wasm: [...wasm] };
}

describe('both kernels', () => {
  it('round halves up (as Math.round) and clip to 16 bits', () => {
    // one tap of 0.5, the newest of a window of 16: outputs are x[15..] / 2
    // (9 outputs: two groups of four in the WebAssembly kernel, then one alone)
    const x = Float32Array.of(...new Array<number>(15).fill(0), 1, -1, 3, -3, 5, -5, 70000, -70000, 7);
    const expected = [1, 0, 2, -1, 3, -2, 32767, -32768, 4];
    expect(bothKernels([Float64Array.of(0.5)], x, 9, 1)).toEqual({ js: expected, wasm: expected });
  });

  it('add in single precision in the stated order: sums of taps j mod 16, vectors (v0 + v2) + (v1 + v3), then lanes (0 + 2) + (1 + 3)', () => {
    // B = 2^30: in single precision B + 1 is B. Taps j = 0..15 (given newest first, so reversed here);
    // vector k holds sums 4k .. 4k + 3.
    const B = 2 ** 30;
    // 5 outputs over ones (each the same sum): four together in the WebAssembly kernel, then one alone
    const ones = new Float32Array(20).fill(1);
    const run = (taps: number[]) => {
      const { js, wasm } = bothKernels([Float64Array.from(taps.reverse())], ones, 5, 1);
      expect(new Set(js).size).toBe(1);
      return { js: js.slice(0, 1), wasm: [...new Set(wasm)] };
    };
    const zeros = (n: number) => new Array<number>(n).fill(0);
    // v0 = B, 1, -B, 1: lanes (B - B) + (1 + 1) = 2; as (0 + 1) + (2 + 3) it would be 0, in tap order 1
    expect(run([B, 1, -B, 1, ...zeros(12)])).toEqual({ js: [2], wasm: [2] });
    // v0 = B, 0, -B, 0 and v2 = 1, 0, 0, 0: lane 0 is B + 1 = B in single precision, so 0; in double
    // precision, or with v1 added to v0 before v2, or in tap order, it would be 1
    expect(run([B, 0, -B, 0, ...zeros(4), 1, ...zeros(7)])).toEqual({ js: [0], wasm: [0] });
    // v0 = B, v1 = 1, v2 = -B, v3 = 1 (lane 0): (B - B) + (1 + 1) = 2, where (v0 + v1) + (v2 + v3) gives 0
    expect(run([B, 0, 0, 0, 1, 0, 0, 0, -B, 0, 0, 0, 1, 0, 0, 0])).toEqual({ js: [2], wasm: [2] });
  });
});

describe('the WebAssembly kernel', () => {
  it('property: gives runKernelJs values, bit for bit, on random banks and runs', () => {
    const kernel = polyphaseWasmKernel()!;
    fc.assert(
      fc.property(runArb, (r) => {
        const bank = layoutBank(r.phases);
        const x = historyFor(bank.width, r.phases.length, r);
        const js = new Int16Array(r.count);
        const wasm = new Int16Array(r.count).fill(12345);
        runKernelJs(bank, x, r.phase, r.start, r.count, r.step, js);
        expect(kernel.run(bank, x, x.length, r.phase, r.start, r.count, r.step, wasm)).toBe(true);
        expect([...wasm]).toEqual([...js]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every preset and pair the JavaScript kernel output, sample for sample, growing its memory for long blocks', () => {
    const before = polyphaseWasmKernel()!.memoryBytes;
    let s = 7;
    const noise = (n: number): Int16Array =>
      Int16Array.from({ length: n }, () => {
        s = (Math.imul(s, 1103515245) + 12345) | 0;
        return (s >> 16) & 0xffff;
      });
    for (const { from, to } of PAIRS) {
      // 2 s: the whole block goes through the memory in one run
      const input = noise(2 * from);
      for (const quality of ['short', 'low', 'fast', 'medium', 'high'] satisfies ResamplerQuality[]) {
        setPolyphaseWasmEnabled(true);
        const wasm = processAndFlush(new Resampler({ from, to, quality }), input);
        setPolyphaseWasmEnabled(false);
        const js = processAndFlush(new Resampler({ from, to, quality }), input);
        expect(wasm.length, `${from}->${to} ${quality}`).toBe(js.length);
        expect(wasm.every((v, i) => v === js[i]), `${from}->${to} ${quality}`).toBe(true);
      }
    }
    setPolyphaseWasmEnabled(true);
    expect(polyphaseWasmKernel()!.memoryBytes).toBeGreaterThan(before);
  });
});
