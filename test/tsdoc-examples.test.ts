/**
 * Every TSDoc `@example` in packages/{name}/src type-checks against the packages (see tsdoc-examples.ts);
 * @voip/sdp-crypto's test/tsdoc-examples.test.ts also runs its own.
 */
import { describe, expect, it } from 'vitest';
import { examplesIn, tsdocExamples, typeCheckExamples } from './tsdoc-examples.js';

const examples = tsdocExamples();
const diagnostics = typeCheckExamples(examples);

describe('TSDoc @example blocks of every package', () => {
  it('finds the examples of every package', () => {
    const packages = new Set(examples.map((e) => e.file.split('/')[1]));
    expect([...packages].sort()).toEqual(expect.arrayContaining(['cli', 'rtp', 'sdp-crypto', 'srtp', 'stun']));
    expect(examples.length).toBeGreaterThan(100);
  });
  it('extracts the code without the comment stars, and only ```ts blocks', () => {
    const text = ['/**', ' * Hi.', ' * @example', ' * ```ts', " * const a = 1;", ' *   a + 1;', ' * ```', ' */', '/**', ' * @example', ' * ```sh', ' * ls', ' * ```', ' */'].join('\n');
    expect(examplesIn(text)).toEqual([{ line: 3, code: 'const a = 1;\n  a + 1;' }]);
  });
  it('reports an example that does not type-check', () => {
    const [bad, good] = typeCheckExamples([
      { file: 'x.ts', line: 1, code: "import { parseStunMessage } from '@voip/stun';\nconst n: number = parseStunMessage('no');" },
      { file: 'y.ts', line: 1, code: "import { parseStunMessage } from '@voip/stun';\nconsole.log(parseStunMessage(new Uint8Array(20)).type);" },
    ]);
    expect(bad?.length).toBeGreaterThan(0);
    expect(good).toEqual([]);
  });
  examples.forEach((e, i) => {
    it(`${e.file}:${e.line} type-checks`, () => {
      expect(diagnostics[i]).toEqual([]);
    });
  });
});
