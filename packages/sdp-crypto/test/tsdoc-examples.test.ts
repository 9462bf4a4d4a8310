/**
 * Every `@example` in the TSDoc of src/ runs: each block is transpiled with TypeScript and executed with
 * `@voip/sdp-crypto` bound to this package's source. Results shown in comments are checked by the
 * dedicated tests; this guards the examples against drifting from the API (they must not throw).
 */
import { readFileSync, readdirSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';

const srcDir = new URL('../src/', import.meta.url);
const files = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));

function examples(file: string): string[] {
  const text = readFileSync(new URL(file, srcDir), 'utf8');
  const out: string[] = [];
  const re = /@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push((m[1] ?? '').replace(/^\s*\* ?/gm, ''));
  }
  return out;
}

const all = files.flatMap((f) => examples(f).map((code, i) => ({ name: `${f} #${i + 1}`, code })));

describe('TSDoc @example blocks', () => {
  it('covers every source file with public exports', () => {
    const withExamples = new Set(all.map((e) => e.name.split(' ')[0]));
    const index = readFileSync(new URL('index.ts', srcDir), 'utf8');
    const exported = files.filter((f) => index.includes(`'./${f.replace(/\.ts$/, '.js')}'`));
    expect(exported.length).toBeGreaterThan(8);
    for (const f of exported) {
      expect([f, withExamples.has(f)]).toEqual([f, true]);
    }
  });
  for (const { name, code } of all) {
    it(`${name} runs`, () => {
      const body = code
        .replace(/^import type .*;$/gm, '')
        .replace(/^import (\{[^}]*\}) from '@voip\/sdp-crypto';$/gm, 'const $1 = lib;');
      expect(body).not.toMatch(/^import /m);
      const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
      const console = { log: (): void => undefined };
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const run = new Function('lib', 'console', js) as (l: typeof lib, c: typeof console) => void;
      expect(() => run(lib, console)).not.toThrow();
    });
  }
});
