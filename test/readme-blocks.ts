/**
 * README code blocks as runnable modules, so a package's README example tests run the README's own text
 * (never a hand copy that can drift from it).
 *
 * `readmeBlocks(readme)` returns the ```ts blocks of a README in order. `loadReadmeBlock(block, file)`
 * writes one of them to `file` as a module whose `run(console, later)` executes the block's statements
 * with `console` replaced by the test's, and where the block has a `// ... later` line, awaits
 * `later(scope)` there, `scope` holding the block's top-level `const`s declared before that line (the test
 * drives a peer with them, then the rest of the block runs); names in `expose` are handed to `later` at
 * the end of the block instead. Imports stay as written: vitest resolves
 * `@voip/x` to the package source.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A README block as a module: `run` executes it. */
export interface ReadmeBlockModule {
  run(console: Pick<Console, 'log' | 'warn' | 'error' | 'debug'>, later?: (scope: Record<string, unknown>) => Promise<void>): Promise<void>;
}

/** The ```ts blocks of a README, in order. */
export function readmeBlocks(readme: string): string[] {
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

const IMPORT = /^import\s[\s\S]*?\sfrom\s'[^']+';\n/gm;
const LATER = /^\/\/ \.\.\. later.*$/m;

/**
 * Writes `block` as a {@link ReadmeBlockModule} to a temporary file named after `name` (outside the
 * repository, so neither the type checker nor the linter sees generated code) and imports it.
 */
export async function loadReadmeBlock(block: string, name: string, expose: readonly string[] = []): Promise<ReadmeBlockModule> {
  const file = join(tmpdir(), `voip-readme-blocks-${process.pid}`, `${name}.ts`);
  const imports = block.match(IMPORT) ?? [];
  let body = block.replace(IMPORT, '');
  const later = LATER.exec(body);
  if (later !== null) {
    const before = body.slice(0, later.index);
    const names = [...before.matchAll(/^const (\w+)\b/gm)].map((m) => m[1]);
    body = `${before}await later?.({ ${names.join(', ')} });\n${body.slice(later.index + later[0].length)}`;
  }
  if (expose.length > 0) {
    // The names the test asks for, handed to `later` once the whole block has run.
    body = `${body}\nawait later?.({ ${expose.join(', ')} });\n`;
  }
  const source = [
    '// Generated from a README block by test/readme-blocks.ts; not committed.',
    ...imports.map((i) => i.trimEnd()),
    '',
    'export async function run(console: Pick<Console, "log" | "warn" | "error" | "debug">, later?: (scope: Record<string, unknown>) => Promise<void>): Promise<void> {',
    body,
    '}',
    '',
  ].join('\n');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as ReadmeBlockModule;
}
