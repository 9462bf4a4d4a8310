/**
 * Test support: gate interop tests on a real peer being installed. Outside CI a missing peer skips the
 * tests with a visible reason; under CI (`CI=true`) it fails them, never a silent skip.
 */
import { describe, it } from 'vitest';
// @ts-expect-error -- plain ESM helper shared with scripts/ensure-peers.mjs, no declaration file
import { PEERS, DEBIAN_PYTHON, CHROMIUM, RUNTIMES } from './peers.mjs';

/** A Debian interop peer. */
export type DebianPeerName = 'ffmpeg' | 'tshark' | 'coturn' | 'libsrtp' | 'aioice' | 'chromium' | 'gstreamer';
/** A JavaScript runtime from npm (pinned, in .peers/runtimes). */
export type RuntimeName = 'bun' | 'deno';
export type PeerName = DebianPeerName | RuntimeName;

interface Peer {
  name: string;
  debian: string;
  what: string;
  present: () => boolean;
}

interface RuntimePeer {
  name: string;
  npm: string;
  version: string;
  what: string;
  bin: string;
  present: () => boolean;
}

const runtimes = RUNTIMES as Record<RuntimeName, RuntimePeer>;
const debianPeers = PEERS as Record<DebianPeerName, Peer>;
const isRuntime = (name: PeerName): name is RuntimeName => Object.prototype.hasOwnProperty.call(runtimes, name);

const cache = new Map<PeerName, boolean>();

/** True when the peer is installed on this machine. */
export function hasPeer(name: PeerName): boolean {
  let ok = cache.get(name);
  if (ok === undefined) {
    ok = isRuntime(name) ? runtimes[name].present() : debianPeers[name].present();
    cache.set(name, ok);
  }
  return ok;
}

/** Absolute path of a runtime's binary in .peers/runtimes (installed by `pnpm run peers`). */
export function runtimeBin(name: RuntimeName): string {
  return runtimes[name].bin;
}

/** Debian's Chromium. */
export const chromiumPath: string = CHROMIUM as string;

/** Where a missing peer comes from, for skip and failure messages. */
function source(name: PeerName): string {
  if (isRuntime(name)) {
    const r = runtimes[name];
    return `${name} (npm ${r.npm}@${r.version} in .peers/runtimes)`;
  }
  return `${name} (Debian ${debianPeers[name].debian})`;
}

/** Path to Debian's python3, which has python3-aioice and (for the GStreamer peer) python3-gi. */
export const debianPython: string = DEBIAN_PYTHON as string;

/**
 * `describe` that runs only when every named peer is installed. Otherwise it registers one test that is
 * skipped with the reason in its name, or, under CI, fails with that reason.
 */
export function describeWithPeers(names: readonly PeerName[], title: string, body: () => void): void {
  const absent = names.filter((n) => !hasPeer(n));
  if (absent.length === 0) {
    describe(title, body);
    return;
  }
  const reason = absent.map(source).join(', ');
  describe(title, () => {
    if (process.env.CI === 'true') {
      it(`needs ${reason}, missing under CI`, () => {
        throw new Error(`interop peer missing under CI: ${reason}; run pnpm run peers (as root for Debian peers)`);
      });
    } else {
      it.skip(`SKIPPED: needs ${reason}; install it (pnpm run peers, as root for Debian peers) to run these interop tests`, () => {});
    }
  });
}
