/**
 * The runtime and browser tests run what a user installs: the packages' built `dist`. `pnpm test`
 * builds before vitest runs; when vitest is run on its own and a package's dist is missing or older
 * than its src, this builds that package first (with the package's own `build` script), so the tests
 * never run against a stale build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The packages whose dist these tests load. */
export const BUILT_PACKAGES = ['srtp', 'rtp', 'stun', 'sdp-crypto'] as const;

/** Path of a package's built ESM entry. */
export function distEntry(pkg: (typeof BUILT_PACKAGES)[number]): string {
  return join(root, 'packages', pkg, 'dist', 'index.js');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  for (const pkg of BUILT_PACKAGES) {
    const entry = distEntry(pkg);
    const stale = !existsSync(entry) || statSync(entry).mtimeMs < newestMtime(join(root, 'packages', pkg, 'src'));
    if (!stale) {
      continue;
    }
    console.log(`test-runtimes: building @voip/${pkg} (its dist is missing or older than its src)`);
    try {
      execFileSync('pnpm', ['--filter', `@voip/${pkg}`, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (e) {
      throw new Error(
        `test-runtimes: @voip/${pkg} has no current dist and building it failed (${e instanceof Error ? e.message : String(e)}); run pnpm build`,
      );
    }
  }
}
