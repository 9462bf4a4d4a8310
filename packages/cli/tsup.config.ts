import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    define: { __VOIP_CLI_VERSION__: JSON.stringify(version) },
  },
  {
    // The `voip` executable: ESM with a shebang; the @voip packages stay external (dependencies).
    entry: { voip: 'src/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: { __VOIP_CLI_VERSION__: JSON.stringify(version) },
  },
]);
