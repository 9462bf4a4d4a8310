/**
 * Test support: gate interop tests on a real peer being installed. Outside CI a missing peer skips the
 * tests with a visible reason; under CI (`CI=true`) it fails them, never a silent skip.
 */
import { describe, it } from 'vitest';
// @ts-expect-error -- plain ESM helper shared with scripts/ensure-peers.mjs, no declaration file
import { PEERS, DEBIAN_PYTHON } from './peers.mjs';

export type PeerName = 'ffmpeg' | 'tshark' | 'coturn' | 'libsrtp' | 'aioice';

interface Peer {
  name: string;
  debian: string;
  what: string;
  present: () => boolean;
}

const cache = new Map<PeerName, boolean>();

/** True when the peer is installed on this machine. */
export function hasPeer(name: PeerName): boolean {
  let ok = cache.get(name);
  if (ok === undefined) {
    ok = (PEERS as Record<PeerName, Peer>)[name].present();
    cache.set(name, ok);
  }
  return ok;
}

/** Path to Debian's python3, which has python3-aioice. */
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
  const reason = absent
    .map((n) => `${n} (Debian ${(PEERS as Record<PeerName, Peer>)[n].debian})`)
    .join(', ');
  describe(title, () => {
    if (process.env.CI === 'true') {
      it(`needs ${reason}, missing under CI`, () => {
        throw new Error(`interop peer missing under CI: ${reason}; run pnpm peers as root`);
      });
    } else {
      it.skip(`SKIPPED: needs ${reason}; install it (pnpm peers as root) to run these interop tests`, () => {});
    }
  });
}
