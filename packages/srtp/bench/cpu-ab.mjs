#!/usr/bin/env node
/**
 * A/B of two builds of this package in CPU time per packet (process.cpuUsage, all threads), for the
 * figures in the commit messages and the README: each measurement is a fresh process that runs
 * 300,000 packets of warm-up (JIT tiers, the sequence-number wrap) and then times 200,000; the builds
 * alternate, 3 rounds each, and the medians are compared. Unprotect times only unprotectInto: 1024
 * packet buffers are protected (untimed) before each timed pass, so they are warm in cache as a
 * socket's would be.
 *
 *   cp -r packages/srtp/dist /tmp/srtp-before       (before a change), then pnpm build
 *   node packages/srtp/bench/cpu-ab.mjs /tmp/srtp-before packages/srtp/dist AEAD_AES_128_GCM 172
 *
 * Arguments: dirA dirB [suite] [size] [protect|unprotect|both]; WARM and N override the counts.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WARM = Number(process.env.WARM ?? 300_000);
const N = Number(process.env.N ?? 200_000);

/** One measurement in this process: nanoseconds of CPU per packet. */
async function child(dir, suite, size, op) {
  const m = await import(pathToFileURL(resolve(dir, 'index.js')).href);
  const keying = {
    suite,
    masterKey: new Uint8Array(suite.includes('256') ? 32 : 16).fill(1),
    masterSalt: new Uint8Array(suite.startsWith('AEAD') ? 12 : 14).fill(2),
  };
  const tx = new m.SrtpSession(keying);
  const rx = new m.SrtpSession(keying);
  const rtp = Uint8Array.from({ length: size }, (_, i) => i & 0xff);
  rtp.set([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
  const out = new Uint8Array(size + 64);
  let seq = 0;
  const next = (into) => {
    rtp[2] = seq >>> 8;
    rtp[3] = seq & 0xff;
    seq = (seq + 1) & 0xffff;
    return tx.protectInto(rtp, into, 0);
  };
  let spent = 0;
  let run = (n) => {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      next(out);
    }
    const t = process.cpuUsage(t0);
    spent += t.user + t.system;
  };
  if (op === 'unprotect') {
    const ring = Array.from({ length: 1024 }, () => new Uint8Array(tx.protectedLength(size)));
    const back = new Uint8Array(size + 64);
    run = (n) => {
      for (let done = 0; done < n; done += ring.length) {
        for (const b of ring) {
          next(b);
        }
        const t0 = process.cpuUsage();
        for (const b of ring) {
          if (typeof rx.unprotectInto(b, back, 0) !== 'number') {
            throw new Error('unprotect failed');
          }
        }
        const t = process.cpuUsage(t0);
        spent += t.user + t.system;
      }
    };
  }
  run(WARM);
  spent = 0;
  run(N);
  return (spent * 1000) / N;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (process.argv[2] === '--child') {
  const [dir, suite, size, op] = process.argv.slice(3);
  console.log((await child(dir, suite, Number(size), op)).toFixed(1));
} else {
  const [a, b, suite = 'AEAD_AES_128_GCM', size = '172', which = 'both'] = process.argv.slice(2);
  if (a === undefined || b === undefined) {
    console.error('usage: cpu-ab.mjs dirA dirB [suite] [size] [protect|unprotect|both]');
    process.exit(2);
  }
  const self = fileURLToPath(import.meta.url);
  const measure = (dir, op) =>
    Number(execFileSync(process.execPath, [self, '--child', dir, suite, size, op], { encoding: 'utf8' }).trim());
  for (const op of which === 'both' ? ['protect', 'unprotect'] : [which]) {
    const ra = [];
    const rb = [];
    for (let r = 0; r < 3; r++) {
      ra.push(measure(a, op));
      rb.push(measure(b, op));
    }
    const ma = median(ra);
    const mb = median(rb);
    console.log(
      `${suite} ${size} B ${op}: A ${ra.join(' ')} | B ${rb.join(' ')} | medians ${ma} -> ${mb} ns ` +
        `(${(1000 / ma).toFixed(2)} -> ${(1000 / mb).toFixed(2)} M packets/CPU-s, x${(ma / mb).toFixed(3)})`,
    );
  }
}
