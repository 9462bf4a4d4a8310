// The lowest TypeScript version the packages' types support, and the check that proves it: a consumer
// project outside the workspace, with the packed tarballs unpacked into its node_modules, imports every
// entry point of every package (ESM `import` and CommonJS `import = require`) and compiles with that
// TypeScript version, with skipLibCheck off so the shipped .d.ts files themselves are checked.
// 5.7 is the floor because the types use `Uint8Array<ArrayBuffer>` (generic typed arrays, TS 5.7).
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** The root devDependency alias that holds the floor version (package.json: `typescript-5.7`). */
const FLOOR_PACKAGE = 'typescript-5.7';

/** Import specifiers of a package: its name plus each `exports` subpath (not `./package.json`). */
export function entryPoints(name, exports) {
  const keys = exports && typeof exports === 'object' ? Object.keys(exports) : ['.'];
  return keys
    .filter((k) => k.startsWith('.') && !k.endsWith('.json') && !k.includes('*'))
    .map((k) => (k === '.' ? name : `${name}/${k.slice(2)}`));
}

/**
 * Builds the consumer project in `dir` and compiles it with the floor TypeScript.
 * @param {{ name: string, tarball: string, exports: unknown }[]} packages - the packed packages
 * @param {string} dir - an empty scratch folder
 * @returns {{ ok: boolean, version: string, output: string }}
 */
export function checkTypeScriptFloor(packages, dir) {
  const tsDir = join(root, 'node_modules', FLOOR_PACKAGE);
  const { version } = JSON.parse(readFileSync(join(tsDir, 'package.json'), 'utf8'));
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'));
  const specifiers = [];
  for (const p of packages) {
    const target = join(modules, ...p.name.split('/'));
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', p.tarball, '-C', target, '--strip-components', '1']);
    specifiers.push(...entryPoints(p.name, p.exports));
  }
  const id = (s) => s.replace(/[^a-zA-Z0-9]/g, '_');
  writeFileSync(
    join(dir, 'consumer.mts'),
    `${specifiers.map((s) => `import * as ${id(s)} from '${s}';`).join('\n')}\n` +
      `export type All = [${specifiers.map((s) => `typeof ${id(s)}`).join(', ')}];\n` +
      // A value through the types that need 5.7: a generic Uint8Array flows in and out.
      `export const bytes: Uint8Array<ArrayBuffer> = new Uint8Array(4);\n`,
  );
  writeFileSync(
    join(dir, 'consumer.cts'),
    `${specifiers.map((s) => `import ${id(s)} = require('${s}');`).join('\n')}\n` +
      `export type All = [${specifiers.map((s) => `typeof ${id(s)}`).join(', ')}];\n`,
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: ['consumer.mts', 'consumer.cts'],
    }),
  );
  try {
    const output = execFileSync(process.execPath, [join(tsDir, 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, version, output };
  } catch (e) {
    return { ok: false, version, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
