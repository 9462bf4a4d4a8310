#!/usr/bin/env node
// Packaging gate for every workspace package: publint (package.json and files) and
// @arethetypeswrong/cli (types resolve for import and require under every module resolution).
// Also enforces the house rules: no runtime dependencies (except @voip/cli, which composes the four),
// sideEffects: false, engines.node.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = 0;

for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  const manifestPath = join(pkgDir, 'package.json');
  if (!existsSync(manifestPath)) {continue;}
  const pkg = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const problems = [];
  const deps = Object.keys(pkg.dependencies ?? {});
  if (pkg.name !== '@voip/cli' && deps.length > 0) {problems.push(`runtime dependencies ${deps.join(', ')}`);}
  if (pkg.name === '@voip/cli' && deps.some((d) => !d.startsWith('@voip/')))
    {problems.push(`@voip/cli may depend only on @voip packages, has ${deps.join(', ')}`);}
  if (pkg.sideEffects !== false) {problems.push('sideEffects is not false');}
  if (!pkg.engines?.node) {problems.push('no engines.node');}
  for (const f of ['README.md', 'CHANGELOG.md']) {if (!existsSync(join(pkgDir, f))) {problems.push(`no ${f}`);}}
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
if (failed > 0) {process.exit(1);}
