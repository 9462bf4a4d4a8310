/**
 * The rule that the libraries never import each other is enforced: eslint (eslint.config.js, per
 * package), the build (tsup.shared.ts's import guard) and the packaging gate (scripts/check-packaging.mjs)
 * each reject an @voip import in a library, and let @voip/cli import the four.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { voipImportGuard } from '../tsup.shared.js';
// @ts-expect-error the packaging script is plain JavaScript without declarations
import { importProblems } from '../scripts/check-packaging.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function ruleMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('no @voip imports between libraries', () => {
  it.each([
    ['packages/rtp/src/index.ts', "import { SrtpSession } from '@voip/srtp';\nexport const s = SrtpSession;\n"],
    ['packages/rtp/src/index.ts', "import type { StunSocket } from '@voip/stun';\nexport type S = StunSocket;\n"],
    ['packages/srtp/src/index.ts', "export { parseCryptoAttribute } from '@voip/sdp-crypto';\n"],
    ['packages/stun/src/index.ts', "import { runCli } from '@voip/cli';\nexport const r = runCli;\n"],
    ['packages/sdp-crypto/src/index.ts', "import type { RtpPacket } from '@voip/rtp/node';\nexport type P = RtpPacket;\n"],
    ['packages/audio/src/index.ts', "import { RtpError } from '@voip/rtp';\nexport const e = RtpError;\n"],
  ])('eslint rejects it in %s: %s', async (file, code) => {
    const messages = await ruleMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/must not import other @voip packages/);
  });

  it('eslint allows relative imports in a library and @voip imports in @voip/cli and in tests', async () => {
    expect(await ruleMessages('packages/rtp/src/index.ts', "export { RtpError } from './errors.js';\n")).toEqual([]);
    expect(await ruleMessages('packages/cli/src/index.ts', "export { SrtpSession } from '@voip/srtp';\n")).toEqual([]);
    expect(await ruleMessages('packages/rtp/test/contract.test-d.ts', "import type { SrtpSession } from '@voip/srtp';\nexport type S = SrtpSession;\n")).toEqual([]);
  });

  it('the build fails on it, and passes a dependency through', () => {
    // The esbuild plugin's resolve hook, called as esbuild calls it.
    type Hook = (args: { path: string; importer: string }) => { errors?: { text: string }[] } | undefined;
    const hook = (packageName: string, deps: string[]): Hook => {
      let registered: Hook | undefined;
      const plugin = voipImportGuard(packageName, deps);
      void plugin.setup({ onResolve: (_options: unknown, callback: Hook) => (registered = callback) } as never);
      return registered!;
    };
    const args = { path: '@voip/srtp', importer: 'src/index.ts' };
    expect(hook('@voip/rtp', [])(args)?.errors?.[0]?.text).toMatch(/@voip\/rtp must not import @voip\/srtp/);
    expect(hook('@voip/rtp', [])({ ...args, path: '@voip/stun/node' })?.errors).toHaveLength(1);
    expect(hook('@voip/cli', ['@voip/srtp'])(args)).toBeUndefined();
  });

  it('the packaging gate finds it, and bare builtins, in built files (not in doc comments)', () => {
    const text = [
      "import { a } from '@voip/srtp';",
      "const b = require('@voip/stun/node');",
      "import * as c from 'dgram';",
      "export * from 'node:crypto';",
      "const d = await import('fs/promises');",
      "/** @example import { e } from '@voip/sdp-crypto'; */",
    ].join('\n');
    const problems = importProblems('dist/index.js', text, []) as string[];
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/imports @voip\/srtp/),
      expect.stringMatching(/imports the builtin 'dgram' without 'node:'/),
      expect.stringMatching(/imports the builtin 'fs\/promises' without 'node:'/),
      expect.stringMatching(/imports @voip\/stun\/node/),
    ]));
    expect(importProblems('dist/index.js', "import { a } from '@voip/srtp';", ['@voip/srtp'])).toEqual([]);
  });
});
