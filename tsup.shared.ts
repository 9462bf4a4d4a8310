/**
 * The one tsup build every package uses: each entry `x` is `src/x.ts`, built as ESM (`dist/x.js`,
 * `dist/x.d.ts`) and CommonJS (`dist/x.cjs`, `dist/x.d.cts`) for Node 20, with source maps that embed
 * the sources (so `src/` is not shipped), `node:` kept on builtin imports, and a build error for any
 * `@voip/*` import that is not one of the package's own `dependencies` (the four libraries never
 * import each other; only `@voip/cli` composes them).
 *
 * A package's `tsup.config.ts` is one line, e.g. `export default packageBuild(['index', 'node']);`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/** Extra build settings for the few packages that need them. */
export interface PackageBuildOptions {
  /** Executables, `{ name: 'src/file.ts' }`: ESM only, sharing chunks with the entries (never a second copy of the code). The source file starts with its own `#!/usr/bin/env node`. */
  readonly bin?: Readonly<Record<string, string>>;
  /** Compile-time constants (esbuild `define`). */
  readonly define?: Readonly<Record<string, string>>;
}

/**
 * Fails the build on an import of a `@voip/*` package the importing package does not list in
 * `dependencies` (the contract type tests use the others as devDependencies, never from `src`).
 */
export function voipImportGuard(packageName: string, dependencies: readonly string[]): EsbuildPlugin {
  return {
    name: 'voip-import-guard',
    setup(build) {
      build.onResolve({ filter: /^@voip\// }, (args) => {
        const target = args.path.split('/').slice(0, 2).join('/');
        if (dependencies.includes(target)) {
          return undefined;
        }
        return {
          errors: [
            {
              text: `${packageName} must not import ${args.path} (from ${args.importer}): the @voip libraries meet only through the interfaces @voip/rtp defines, by shape`,
            },
          ],
        };
      });
    },
  };
}

/**
 * The tsup configuration of the package in the current directory.
 * @param entries - entry names: `'index'` builds `src/index.ts`; adding `'node'` adds `src/node.ts`
 * @param options - executables and constants, for `@voip/cli`
 * @example
 * ```ts
 * // packages/rtp/tsup.config.ts
 * import { packageBuild } from '../../tsup.shared.js';
 * export default packageBuild(['index', 'node']);
 * ```
 */
export function packageBuild(entries: readonly string[], options: PackageBuildOptions = {}): Options[] {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  const entry = Object.fromEntries(entries.map((name) => [name, `src/${name}.ts`]));
  const common: Options = {
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    treeshake: true,
    removeNodeProtocol: false,
    esbuildPlugins: [voipImportGuard(manifest.name, Object.keys(manifest.dependencies ?? {}))],
    ...(options.define ? { define: { ...options.define } } : {}),
  };
  if (!options.bin) {
    return [{ ...common, entry, format: ['esm', 'cjs'], dts: true, clean: true }];
  }
  return [
    // ESM: the entries and the executables in one build, so shared code lands in one chunk.
    { ...common, entry: { ...entry, ...options.bin }, format: ['esm'], splitting: true, dts: { entry }, clean: true },
    { ...common, entry, format: ['cjs'], dts: { entry } },
  ];
}
