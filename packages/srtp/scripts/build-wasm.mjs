#!/usr/bin/env node
/**
 * Assembles wasm/kernel.wat into src/internal/wasm-kernel-binary.ts (the bytes as base64), so the
 * package ships no .wasm file and needs no loader. Run after editing the .wat:
 *   node scripts/build-wasm.mjs          write the file
 *   node scripts/build-wasm.mjs --check  exit 1 when the file is not what the .wat assembles to
 * wabt is a devDependency; nothing of it reaches the published package.
 */
import wabtInit from 'wabt';
import { buildWasmModule } from '../../../scripts/wasm-module.mjs';

await buildWasmModule({
  wabtInit,
  watUrl: new URL('../wasm/kernel.wat', import.meta.url),
  outUrl: new URL('../src/internal/wasm-kernel-binary.ts', import.meta.url),
  doc: ['/** The WebAssembly kernel (wasm/kernel.wat), base64. */'],
  exportName: 'WASM_KERNEL_BASE64',
});
