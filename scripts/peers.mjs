// The real, independent peers the interop tests run against on loopback, and how to
// tell whether each is installed. Shared by scripts/ensure-peers.mjs and the tests (test-peers.ts).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** @typedef {{ name: string, debian: string, what: string, present: () => boolean }} Peer */

const hasCommand = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Debian's own python3 (the machine's default python3 may be another build without Debian modules). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** @type {Record<string, Peer>} */
export const PEERS = {
  ffmpeg: { name: 'ffmpeg', debian: 'ffmpeg', what: 'ffmpeg with its own SRTP', present: () => hasCommand('ffmpeg') },
  tshark: { name: 'tshark', debian: 'tshark', what: 'Wireshark dissectors', present: () => hasCommand('tshark') },
  coturn: {
    name: 'coturn',
    debian: 'coturn',
    what: 'coturn turnserver and turnutils_stunclient',
    present: () => hasCommand('turnserver') && hasCommand('turnutils_stunclient'),
  },
  libsrtp: {
    name: 'libsrtp',
    debian: 'libsrtp2-dev',
    what: 'libsrtp 2 headers and library, linked into a C harness',
    present: () => existsSync('/usr/include/srtp2/srtp.h') && hasCommand('cc'),
  },
  aioice: {
    name: 'aioice',
    debian: 'python3-aioice',
    what: "aioice's STUN codec (Debian python3)",
    present: () => {
      try {
        execFileSync(DEBIAN_PYTHON, ['-c', 'import aioice'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    },
  },
};
