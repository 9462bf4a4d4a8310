import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { functionLengths, importCycles, sourceFiles } from './source-structure.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = readdirSync(`${root}packages`).filter((p) => !p.startsWith('.'));

/** The longest a function in a library's or the CLI's source may be, in lines. */
const MAX_FUNCTION_LINES = 150;

describe('source structure of every package', () => {
  it.each(packages)('packages/%s/src has no import cycle (type-only imports included)', (pkg) => {
    expect(importCycles(sourceFiles(`${root}packages/${pkg}/src`), root)).toEqual([]);
  });

  it.each(packages)(`packages/%s/src has no function over ${MAX_FUNCTION_LINES} lines`, (pkg) => {
    const long = sourceFiles(`${root}packages/${pkg}/src`)
      .flatMap((f) => functionLengths(f, root))
      .filter((f) => f.lines > MAX_FUNCTION_LINES)
      .map((f) => `${f.where}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  it('the checks find what they look for (a cycle, a long function)', () => {
    // Fixtures: two files that import each other (type-only), and one function of 153 lines.
    const fixture = `${root}test/fixtures/source-structure`;
    expect(importCycles(sourceFiles(fixture), root)).toEqual([
      ['test/fixtures/source-structure/a.ts', 'test/fixtures/source-structure/b.ts'],
    ]);
    expect(functionLengths(`${fixture}/long.ts`, root).map((f) => f.lines)).toEqual([153]);
  });
});
