import { fileURLToPath } from 'node:url';
import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Every workspace package under packages/, tested against its source (no build needed). */
const packages = readdirSync(`${root}packages`).filter((name) =>
  existsSync(`${root}packages/${name}/src/index.ts`),
);

/** `@voip/x` (and `@voip/x/node` where src/node.ts exists) resolves to packages/x/src/index.ts, as tsconfig.json's `paths` does for the type checker. */
const alias = [
  // Subpath entries first (`@voip/rtp/node` -> src/node.ts), or the package alias would swallow them.
  ...packages
    .filter((name) => existsSync(`${root}packages/${name}/src/node.ts`))
    .map((name) => ({ find: `@voip/${name}/node`, replacement: `${root}packages/${name}/src/node.ts` })),
  ...packages.map((name) => ({ find: `@voip/${name}`, replacement: `${root}packages/${name}/src/index.ts` })),
];

export default defineConfig({
  resolve: { alias },
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `${root}packages/${name}`,
          include: ['test/**/*.test.ts'],
          benchmark: { include: ['bench/**/*.bench.ts'] },
        },
      })),
      // The built packages (dist, what a user installs) in Bun, Deno and headless Chromium.
      {
        extends: true as const,
        test: {
          name: 'runtimes',
          root: `${root}test-runtimes`,
          include: ['**/*.test.ts'],
          globalSetup: [`${root}test-runtimes/global-setup.ts`],
        },
      },
      // The repository as a whole: TSDoc examples, lint rules, packaging and API-report checks.
      { extends: true as const, test: { name: 'repo', root, include: ['test/**/*.test.ts'], benchmark: { include: [] } } },
    ],
  },
});
