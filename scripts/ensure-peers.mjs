#!/usr/bin/env node
// Installs the Debian packages that the interop tests need, when they are missing and this process may
// (root with apt-get), and the pinned JavaScript runtimes (Bun, Deno) from npm into .peers/runtimes.
// Otherwise it says which tests will be skipped; under CI (CI=true) a missing peer is an error, never a
// silent skip.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { PEERS, RUNTIMES, RUNTIMES_DIR } from './peers.mjs';

const missing = () => Object.values(PEERS).filter((p) => !p.present());
let absent = missing();
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

if (absent.length > 0 && isRoot && hasApt) {
  const pkgs = absent.flatMap((p) => p.debian.split(' '));
  console.log(`peers: installing ${pkgs.join(' ')} from Debian`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs, 'pkg-config', 'gcc', 'libc6-dev'], {
      stdio: 'inherit',
      env,
    });
  } catch (e) {
    console.error(`peers: apt-get failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  absent = missing();
}

// The runtimes: all pinned versions in one npm install (no root needed), when any is missing or another
// version is there.
const missingRuntimes = () => Object.values(RUNTIMES).filter((r) => !r.present());
let absentRuntimes = missingRuntimes();
if (absentRuntimes.length > 0) {
  const specs = Object.values(RUNTIMES).map((r) => `${r.npm}@${r.version}`);
  console.log(`peers: installing ${specs.join(' ')} from npm into ${RUNTIMES_DIR}`);
  try {
    mkdirSync(RUNTIMES_DIR, { recursive: true });
    execFileSync('npm', ['install', '--prefix', RUNTIMES_DIR, '--no-audit', '--no-fund', '--save-exact', ...specs], {
      stdio: 'inherit',
    });
  } catch (e) {
    console.error(`peers: npm install failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  absentRuntimes = missingRuntimes();
}

const problems = [
  ...absent.map((p) => `${p.name} (Debian ${p.debian}; not as root, or no apt-get, or apt-get failed)`),
  ...absentRuntimes.map((r) => `${r.name} (npm ${r.npm}@${r.version} in .peers/runtimes; npm install failed)`),
];
if (problems.length === 0) {
  console.log(`peers: all present (${[...Object.keys(PEERS), ...Object.keys(RUNTIMES)].join(', ')})`);
} else {
  if (process.env.CI === 'true') {
    console.error(`peers: missing under CI: ${problems.join(', ')}`);
    process.exit(1);
  }
  console.warn(`peers: missing ${problems.join(', ')}; the tests that need them will be skipped`);
}
