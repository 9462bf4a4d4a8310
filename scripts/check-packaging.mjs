#!/usr/bin/env node
// Packaging gate for every workspace package, run on the built packages (`pnpm build` first):
// - publint --strict (package.json and files) and @arethetypeswrong/cli (types resolve for import and
//   require under every module resolution);
// - the house rules: no runtime dependencies (except @voip/cli, which composes the four),
//   sideEffects: false, engines.node, MIT licence, repository / homepage / bugs metadata;
// - the packed tarball (as `pnpm pack` makes it) holds LICENSE, README.md, CHANGELOG.md and the
//   builds, and no `src/` (the source maps embed the sources);
// - no file in `dist` imports a Node builtin without `node:`, or an @voip package that is not one of
//   the package's `dependencies` (the libraries never import each other);
// - the lowest TypeScript the types support (scripts/ts-floor.mjs): a consumer project compiles
//   against every packed package with that TypeScript version.
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { checkTypeScriptFloor } from './ts-floor.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
/** The one repository every package.json names (a placeholder until the project's home is confirmed). */
export const REPOSITORY = 'https://github.com/voip-ts/voip';
const builtins = new Set(builtinModules.filter((m) => !m.startsWith('node:') && !m.startsWith('_')));

/**
 * The module specifiers a built file imports: ESM imports and re-exports, `import()`, `require()`, and
 * `import("…")` / `import x = require()` types in declarations. TypeScript's own pre-processor finds
 * them, so examples in doc comments do not count.
 */
export function importSpecifiers(text) {
  const info = ts.preProcessFile(text, true, true);
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((f) => f.fileName);
}

/** What is wrong with the imports of one built file: bare builtins and foreign @voip packages. */
export function importProblems(file, text, allowedVoip) {
  const problems = [];
  for (const spec of importSpecifiers(text)) {
    if (builtins.has(spec) || builtins.has(spec.split('/')[0])) {
      problems.push(`${file} imports the builtin '${spec}' without 'node:' (write 'node:${spec}')`);
    }
    if (spec.startsWith('@voip/') && !allowedVoip.includes(spec.split('/').slice(0, 2).join('/'))) {
      problems.push(`${file} imports ${spec}, which is not one of its dependencies (the @voip libraries never import each other)`);
    }
  }
  return problems;
}

/** What is wrong with the metadata of one package.json in packages/<dir>. */
export function metadataProblems(pkg, dir) {
  const problems = [];
  const deps = Object.keys(pkg.dependencies ?? {});
  if (pkg.name !== '@voip/cli' && deps.length > 0) {problems.push(`runtime dependencies ${deps.join(', ')}`);}
  if (pkg.name === '@voip/cli' && deps.some((d) => !d.startsWith('@voip/')))
    {problems.push(`@voip/cli may depend only on @voip packages, has ${deps.join(', ')}`);}
  if (pkg.sideEffects !== false) {problems.push('sideEffects is not false');}
  if (!pkg.engines?.node) {problems.push('no engines.node');}
  if (pkg.license !== 'MIT') {problems.push(`license is ${JSON.stringify(pkg.license)}, not "MIT"`);}
  const repo = pkg.repository;
  if (repo?.type !== 'git' || repo.url !== `git+${REPOSITORY}.git` || repo.directory !== `packages/${dir}`) {
    problems.push(`repository must be { "type": "git", "url": "git+${REPOSITORY}.git", "directory": "packages/${dir}" }`);
  }
  if (pkg.homepage !== `${REPOSITORY}/tree/main/packages/${dir}#readme`) {
    problems.push(`homepage must be "${REPOSITORY}/tree/main/packages/${dir}#readme"`);
  }
  if (pkg.bugs?.url !== `${REPOSITORY}/issues`) {problems.push(`bugs.url must be "${REPOSITORY}/issues"`);}
  for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md']) {
    if (!(pkg.files ?? []).includes(f)) {problems.push(`"files" does not list ${f}`);}
  }
  return problems;
}

/** Packs packages/<dir> as publishing would; returns the tarball's path. */
function pack(pkgDir, dest) {
  execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: pkgDir, stdio: 'pipe' });
  const tgz = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
  if (tgz.length !== 1) {throw new Error(`pnpm pack in ${pkgDir} made ${tgz.length} tarballs`);}
  return join(dest, tgz[0]);
}

/** What is wrong with the packed files of one package. */
function tarballProblems(pkg, pkgDir, tarball) {
  const problems = [];
  const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']) {
    if (!entries.includes(`package/${f}`)) {problems.push(`the tarball has no ${f}`);}
  }
  if (entries.some((e) => e.startsWith('package/src/'))) {
    problems.push('the tarball ships src/ (the source maps embed the sources: drop "src" from "files")');
  }
  const allowedVoip = Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith('@voip/'));
  const built = entries.filter((e) => e.startsWith('package/dist/')).map((e) => e.slice('package/'.length));
  if (built.length === 0) {problems.push('the tarball has no dist/ (run pnpm build first)');}
  for (const file of built) {
    const text = readFileSync(join(pkgDir, file), 'utf8');
    if (file.endsWith('.map')) {
      const map = JSON.parse(text);
      if (map.sources.length > 0 && (!Array.isArray(map.sourcesContent) || map.sourcesContent.length !== map.sources.length)) {
        problems.push(`${file} does not embed its sources (sourcesContent), and src/ is not shipped`);
      }
    } else if (/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) {
      problems.push(...importProblems(file, text, allowedVoip));
    }
  }
  return problems;
}

async function main() {
  let failed = 0;
  const scratch = mkdtempSync(join(tmpdir(), 'voip-packaging-'));
  const tarballs = [];
  try {
    for (const dir of readdirSync(join(root, 'packages')).sort()) {
      const pkgDir = join(root, 'packages', dir);
      const manifestPath = join(pkgDir, 'package.json');
      if (!existsSync(manifestPath)) {continue;}
      const pkg = JSON.parse(readFileSync(manifestPath, 'utf8'));
      const problems = metadataProblems(pkg, dir);
      for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE']) {if (!existsSync(join(pkgDir, f))) {problems.push(`no ${f}`);}}
      try {
        const dest = mkdtempSync(join(scratch, `${dir}-`));
        const tarball = pack(pkgDir, dest);
        tarballs.push({ name: pkg.name, tarball, exports: pkg.exports });
        problems.push(...tarballProblems(pkg, pkgDir, tarball));
      } catch (e) {
        problems.push(`pnpm pack failed: ${e.stderr?.toString() ?? e.message}`);
      }
      for (const [tool, args] of [
        [bin('publint'), ['--strict']],
        [bin('attw'), ['--pack', '.', '--format', 'table-flipped', ...(pkg.bin ? ['--entrypoints', '.'] : [])]],
      ]) {
        try {
          execFileSync(tool, args, { cwd: pkgDir, stdio: 'pipe' });
        } catch (e) {
          problems.push(`${tool.split('/').pop()} failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
        }
      }
      if (problems.length === 0) {console.log(`packaging ok: ${pkg.name}`);}
      else {
        failed++;
        console.error(`packaging FAILED: ${pkg.name}\n  - ${problems.join('\n  - ')}`);
      }
    }
    const floor = checkTypeScriptFloor(tarballs, join(scratch, 'consumer'));
    if (floor.ok) {console.log(`packaging ok: a consumer compiles against every packed package with TypeScript ${floor.version}`);}
    else {
      failed++;
      console.error(`packaging FAILED: TypeScript ${floor.version} consumer (the README's stated floor):\n${floor.output}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failed > 0) {process.exit(1);}
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
