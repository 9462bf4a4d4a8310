#!/usr/bin/env node
/**
 * Assembles wasm/polyphase-kernel.wat into src/polyphase-kernel-wasm-binary.ts (the bytes as base64),
 * so the package ships no .wasm file and needs no loader. Run after editing the .wat:
 *   node scripts/build-wasm.mjs          write the file
 *   node scripts/build-wasm.mjs --check  exit 1 when the file is not what the .wat assembles to
 * wabt is a devDependency; nothing of it reaches the published package.
 */
import wabtInit from 'wabt';
import { buildWasmModule } from '../../../scripts/wasm-module.mjs';

await buildWasmModule({
  wabtInit,
  watUrl: new URL('../wasm/polyphase-kernel.wat', import.meta.url),
  outUrl: new URL('../src/polyphase-kernel-wasm-binary.ts', import.meta.url),
  doc: [
    '/**',
    ' * The WebAssembly kernel of the resampler (wasm/polyphase-kernel.wat), base64.',
    ' * @internal',
    ' * @example',
    ' * ```ts',
    " * import { POLYPHASE_KERNEL_WASM_BASE64 } from './polyphase-kernel-wasm-binary.js';",
    " * const size = Math.floor((POLYPHASE_KERNEL_WASM_BASE64.length * 3) / 4); // about the module's bytes",
    ' * ```',
    ' */',
  ],
  exportName: 'POLYPHASE_KERNEL_WASM_BASE64',
});
