/**
 * Node 20 cannot run TypeScript in a worker thread, so a worker script written in TypeScript (the
 * bench's, the tests') is bundled with esbuild into one ES module in a temp dir first, with the
 * `@voip/*` imports resolved to the packages' sources (as vitest's aliases do).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const PACKAGES = fileURLToPath(new URL('../packages/', import.meta.url));

/** A bundled worker script and how to remove it. */
export interface BundledWorker {
  readonly url: URL;
  dispose(): Promise<void>;
}

/**
 * Bundles the TypeScript worker script `entry` (a file URL or path) into a temp `.mjs`.
 * `options.dir`: where the temp dir goes (default the OS temp dir). `options.external`: packages left
 * to Node's resolution (they must then resolve from `dir`).
 */
export async function bundleWorker(entry: string | URL, options: { dir?: string; external?: string[] } = {}): Promise<BundledWorker> {
  const dir = await mkdtemp(join(options.dir ?? tmpdir(), 'voip-worker-'));
  const outfile = join(dir, 'worker.mjs');
  await build({
    entryPoints: [entry instanceof URL ? fileURLToPath(entry) : entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    external: options.external ?? [],
    plugins: [
      {
        name: 'voip-sources',
        setup(b) {
          b.onResolve({ filter: /^@voip\// }, (args) => {
            const [, name, sub] = /^@voip\/([^/]+)(?:\/(.+))?$/.exec(args.path) ?? [];
            return { path: join(PACKAGES, name ?? '', 'src', `${sub ?? 'index'}.ts`) };
          });
        },
      },
    ],
  });
  return { url: pathToFileURL(outfile), dispose: () => rm(dir, { recursive: true, force: true }) };
}
