// The real, independent peers the interop tests run against on loopback, and how to
// tell whether each is installed. Shared by scripts/ensure-peers.mjs and the tests (test-peers.ts).
// Debian peers come from apt-get; the other JavaScript runtimes (Bun, Deno) from npm, pinned, into the
// ignored folder .peers/runtimes.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @typedef {{ name: string, debian: string, what: string, present: () => boolean }} Peer */
// `debian` is one Debian package name, or several separated by spaces.
/** @typedef {{ name: string, npm: string, version: string, what: string, bin: string, present: () => boolean }} RuntimePeer */

const hasCommand = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Debian's Chromium, the browser the browser tests drive (never a browser downloaded by puppeteer). */
export const CHROMIUM = '/usr/bin/chromium';

/** Debian's own python3 (the machine's default python3 may be another build without Debian modules). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** @type {Record<string, Peer>} */
export const PEERS = {
  ffmpeg: { name: 'ffmpeg', debian: 'ffmpeg', what: 'ffmpeg with its own SRTP', present: () => hasCommand('ffmpeg') },
  tshark: { name: 'tshark', debian: 'tshark', what: 'Wireshark dissectors', present: () => hasCommand('tshark') },
  sox: { name: 'sox', debian: 'sox', what: 'SoX, the reference resampler for @voip/audio', present: () => hasCommand('sox') },
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
  chromium: {
    name: 'chromium',
    debian: 'chromium',
    what: 'headless Chromium (driven by puppeteer-core) for the browser bundle tests',
    present: () => existsSync(CHROMIUM),
  },
  gstreamer: {
    name: 'gstreamer',
    debian: 'gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good python3-gi gir1.2-gstreamer-1.0',
    what: 'GStreamer 1.x: gst-launch-1.0 with rtpdtmfdepay, and rtpdtmfsrc driven from Debian python3 (PyGObject)',
    present: () => {
      if (!hasCommand('gst-launch-1.0') || !hasCommand('gst-inspect-1.0')) {
        return false;
      }
      try {
        execFileSync('gst-inspect-1.0', ['--exists', 'rtpdtmfsrc'], { stdio: 'ignore' });
        execFileSync('gst-inspect-1.0', ['--exists', 'rtpdtmfdepay'], { stdio: 'ignore' });
        execFileSync('gst-inspect-1.0', ['--exists', 'udpsrc'], { stdio: 'ignore' });
        execFileSync(DEBIAN_PYTHON, ['-c', "import gi; gi.require_version('Gst', '1.0'); from gi.repository import Gst"], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    },
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

/** Where scripts/ensure-peers.mjs installs the npm runtimes (`npm i --prefix`); ignored by git. */
export const RUNTIMES_DIR = fileURLToPath(new URL('../.peers/runtimes', import.meta.url));

/** The installed binary's `--version` output, or undefined when it does not run. */
const versionOf = (bin) => {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
};

/** @returns {RuntimePeer} */
const runtime = (name, version, what, matches) => {
  const bin = `${RUNTIMES_DIR}/node_modules/.bin/${name}`;
  return {
    name,
    npm: name,
    version,
    what,
    bin,
    present: () => {
      const v = existsSync(bin) ? versionOf(bin) : undefined;
      return v !== undefined && matches(v.trim());
    },
  };
};

/**
 * Other JavaScript runtimes the cross-runtime tests run the built packages in, pinned; present only
 * when the pinned version is the one installed in .peers/runtimes.
 * @type {Record<string, RuntimePeer>}
 */
export const RUNTIMES = {
  bun: runtime('bun', '1.4.5', 'Bun (npm bun)', (v) => v === '1.4.5'),
  deno: runtime('deno', '2.9.6', 'Deno (npm deno)', (v) => v.startsWith('deno 2.9.6 ')),
};
