#!/usr/bin/env node
// Installs the Debian packages that the interop tests need, when they are missing and this process may
// (root with apt-get). Otherwise it says which tests will be skipped; under CI (CI=true) a missing peer
// is an error, never a silent skip.
import { execFileSync } from 'node:child_process';
import { PEERS } from './peers.mjs';

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
  const pkgs = absent.map((p) => p.debian);
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

if (absent.length === 0) {
  console.log(`peers: all present (${Object.keys(PEERS).join(', ')})`);
} else {
  const list = absent.map((p) => `${p.name} (Debian ${p.debian})`).join(', ');
  if (process.env.CI === 'true') {
    console.error(`peers: missing under CI: ${list}`);
    process.exit(1);
  }
  console.warn(`peers: missing ${list}; the interop tests that need them will be skipped (not as root, or no apt-get)`);
}
