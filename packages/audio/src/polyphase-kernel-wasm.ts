/**
 * The WebAssembly (128-bit SIMD, f32x4) kernel of the `Resampler`'s FIR presets: the module
 * wasm/polyphase-kernel.wat, carried as base64 in polyphase-kernel-wasm-binary.ts and compiled on first
 * use. It computes what `runKernelJs` computes, in the same order (so the output is the same, bit
 * for bit), two taps per instruction. Where WebAssembly or its SIMD is missing (`--jitless`, an old
 * engine) or the host is big-endian (the history is handed over as platform-order floats, which
 * WebAssembly reads little-endian), {@link polyphaseWasmKernel} returns undefined and the resampler runs
 * the JavaScript kernel.
 *
 * One instance and one memory serve every resampler of the process: the banks first (each written once,
 * on first use, and kept: there are at most 5 presets × 12 rate pairs of them, cached by the resampler),
 * then the scratch of the run being computed (its input window and output, written and read within one
 * synchronous call, so no two runs ever share it). The memory grows as the longest run needs and is
 * never returned.
 * @module
 * @internal
 */
import type { PolyphaseBank } from './polyphase-kernel.js';
import { POLYPHASE_KERNEL_WASM_BASE64 } from './polyphase-kernel-wasm-binary.js';

const PAGE = 65536;

// The parts of the WebAssembly JS API used here (the project's lib settings have no DOM types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: object };
};

interface KernelExports {
  readonly memory: WasmMemory;
  readonly run: (bank: number, width: number, phases: number, phase: number, hist: number, count: number, whole: number, frac: number, out: number) => void;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes of a base64 string (RFC 4648 §4, padded), without Buffer or atob (platform-neutral). */
function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const digit = BASE64.indexOf(clean[i]!);
    if (digit < 0) {
      throw new RangeError(`not base64: ${clean[i]!}`);
    }
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * The compiled kernel and its memory: the banks it holds and the runs it computes (see the module's
 * description).
 * @internal
 * @example
 * ```ts
 * import { layoutBank } from './polyphase-kernel.js';
 * import { polyphaseWasmKernel } from './polyphase-kernel-wasm.js';
 * const kernel = polyphaseWasmKernel();
 * const bank = layoutBank([Float64Array.of(1)]);
 * const out = new Int16Array(2);
 * kernel?.run(bank, Float32Array.from({ length: 17 }, (_, i) => i), 17, 0, 0, 2, 1, out); // true; out: 15, 16
 * ```
 */
export class PolyphaseWasmKernel {
  readonly #exports: KernelExports;
  #f32: Float32Array;
  #i16: Int16Array;
  /** Where each bank's coefficients are, in bytes. */
  readonly #banks = new Map<PolyphaseBank, number>();
  /** The first byte after the banks (16-byte aligned): the scratch starts there. */
  #top = 16;

  /** @param module - the compiled wasm/polyphase-kernel.wat. */
  constructor(module: object) {
    this.#exports = new WebAssembly.Instance(module).exports as KernelExports;
    this.#f32 = new Float32Array(this.#exports.memory.buffer);
    this.#i16 = new Int16Array(this.#exports.memory.buffer);
  }

  /** The memory's size in bytes (for tests). */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength;
  }

  /** Grows the memory to at least `bytes`; false when it cannot grow. */
  #reserve(bytes: number): boolean {
    const memory = this.#exports.memory;
    const short = bytes - memory.buffer.byteLength;
    if (short > 0) {
      try {
        // by at least a quarter at a time: each growth replaces the buffer
        memory.grow(Math.max(Math.ceil(short / PAGE), (memory.buffer.byteLength / PAGE / 4) | 0));
      } catch {
        return false;
      }
      this.#f32 = new Float32Array(memory.buffer);
      this.#i16 = new Int16Array(memory.buffer);
    }
    return true;
  }

  /** The byte address of `bank` in the memory (written there on first use), or -1 when it does not fit. */
  #bankAt(bank: PolyphaseBank): number {
    const known = this.#banks.get(bank);
    if (known !== undefined) {
      return known;
    }
    const at = this.#top;
    const end = at + bank.coefficients.length * 4;
    if (!this.#reserve(end)) {
      return -1;
    }
    this.#f32.set(bank.coefficients, at / 4);
    this.#banks.set(bank, at);
    this.#top = Math.ceil(end / 16) * 16;
    return at;
  }

  /**
   * Computes what `runKernelJs``(bank, history, phase, oldest, count, step, out)` computes, the
   * same values. `end` is where the history's samples end (the windows of the run lie in
   * `history[oldest .. end - 1]`).
   * @returns false (and nothing computed) when the memory cannot grow to hold the run.
   */
  run(bank: PolyphaseBank, history: Float32Array, end: number, phase: number, oldest: number, count: number, step: number, out: Int16Array): boolean {
    const bankAt = this.#bankAt(bank);
    const span = end - oldest;
    const histAt = this.#top;
    const outAt = histAt + span * 4;
    if (bankAt < 0 || !this.#reserve(outAt + count * 2)) {
      return false;
    }
    // The window in with one copy (the history is single precision already), the output out with another.
    this.#f32.set(history.subarray(oldest, end), histAt / 4);
    const whole = Math.floor(step / bank.phases);
    this.#exports.run(bankAt, bank.width, bank.phases, phase, histAt, count, whole, step - whole * bank.phases, outAt);
    const o0 = outAt / 2;
    out.set(this.#i16.subarray(o0, o0 + count));
    return true;
  }
}

/** Whether the platform stores numbers little-endian, as WebAssembly memory does. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The process's kernel: undefined before the first use, null where it cannot run. */
let instance: PolyphaseWasmKernel | null | undefined;
let enabled = true;

/**
 * The process's WebAssembly kernel, compiled on first use; undefined where WebAssembly or its SIMD is
 * missing, on a big-endian host, or while switched off ({@link setPolyphaseWasmEnabled}).
 * @returns the kernel, or undefined: then run `runKernelJs`.
 * @internal
 * @example
 * ```ts
 * import { polyphaseWasmKernel } from './polyphase-kernel-wasm.js';
 * const kernel = polyphaseWasmKernel(); // undefined under node --jitless
 * ```
 */
export function polyphaseWasmKernel(): PolyphaseWasmKernel | undefined {
  if (instance === undefined) {
    instance = null;
    if (LITTLE_ENDIAN && typeof WebAssembly === 'object') {
      try {
        instance = new PolyphaseWasmKernel(new WebAssembly.Module(decodeBase64(POLYPHASE_KERNEL_WASM_BASE64)));
      } catch {
        instance = null;
      }
    }
  }
  return enabled && instance !== null ? instance : undefined;
}

/**
 * Switches the WebAssembly kernel on or off for the resamplers' next runs (tests compare the two kernels
 * and exercise the JavaScript one where WebAssembly runs).
 * @param on - false to run the JavaScript kernel only.
 * @internal
 * @example
 * ```ts
 * import { setPolyphaseWasmEnabled } from './polyphase-kernel-wasm.js';
 * setPolyphaseWasmEnabled(false); // every resampler runs runKernelJs from now on
 * ```
 */
export function setPolyphaseWasmEnabled(on: boolean): void {
  enabled = on;
}
