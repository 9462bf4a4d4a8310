#!/usr/bin/env node
/**
 * CPU time per packet of @voip/srtp (the built dist) against libsrtp 2, in the same run: Debian's
 * libsrtp2 (libsrtp2-dev, linked against NSS) and, optionally, a libsrtp installed under
 * VOIP_LIBSRTP_DIR (a prefix, built with --enable-openssl). Rows: protect and unprotect,
 * AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM, 172 and 1212 bytes.
 *
 * Method as bench/cpu-ab.mjs (whose --child mode measures ours): every measurement is a fresh
 * process, WARM packets of warm-up then N timed (process CPU time), unprotect timing only the
 * unprotect of rings of 1024 packets protected untimed; the implementations alternate, ROUNDS rounds
 * each, medians. libsrtp is measured by bench/libsrtp-suite-cpu.c, compiled once per build against
 * that build's include and lib dirs.
 *
 *   pnpm --filter @voip/srtp build
 *   VOIP_LIBSRTP_DIR=/tmp/libsrtp-openssl node packages/srtp/bench/libsrtp-openssl.mjs [dist dir]
 *
 * Without VOIP_LIBSRTP_DIR the OpenSSL rows are skipped and the build commands are printed.
 * WARM, N, ROUNDS override 300000, 200000, 3; SUITES, SIZES, OPS (comma lists) narrow the rows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WARM = Number(process.env.WARM ?? 300_000);
const N = Number(process.env.N ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const list = (v, d) => (v === undefined || v === '' ? d : v.split(','));
const SUITES = list(process.env.SUITES, ['AES_CM_128_HMAC_SHA1_80', 'AEAD_AES_128_GCM']);
const SIZES = list(process.env.SIZES, ['172', '1212']);
const OPS = list(process.env.OPS, ['protect', 'unprotect']);

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = resolve(process.argv[2] ?? join(here, '..', 'dist'));
const cpuAb = join(here, 'cpu-ab.mjs');
const harness = join(here, 'libsrtp-suite-cpu.c');

const HOW_TO_BUILD = `To add the libsrtp + OpenSSL rows, build libsrtp 2.5.0 with OpenSSL (libssl-dev) and point
VOIP_LIBSRTP_DIR at its prefix:
  git clone --branch v2.5.0 https://github.com/cisco/libsrtp /tmp/libsrtp-src && cd /tmp/libsrtp-src
  ./configure --enable-openssl --prefix=/tmp/libsrtp-openssl && make -j2 && make install
  VOIP_LIBSRTP_DIR=/tmp/libsrtp-openssl node packages/srtp/bench/libsrtp-openssl.mjs`;

/** Compiler flags for the libsrtp under a prefix: its pkg-config file if it has one, else -I/-L. */
function prefixFlags(prefix) {
  const pc = join(prefix, 'lib', 'pkgconfig');
  const r = existsSync(join(pc, 'libsrtp2.pc'))
    ? spawnSync('pkg-config', ['--static', '--cflags', '--libs', 'libsrtp2'], {
        encoding: 'utf8',
        env: { ...process.env, PKG_CONFIG_PATH: pc, PKG_CONFIG_LIBDIR: pc },
      })
    : { status: 1 };
  const flags = r.status === 0 ? r.stdout.trim().split(/\s+/) : [`-I${join(prefix, 'include')}`, `-L${join(prefix, 'lib')}`, '-lsrtp2', '-lcrypto'];
  // A shared libsrtp2.so under the prefix must win over Debian's at run time too.
  return [...flags, `-Wl,-rpath,${join(prefix, 'lib')}`];
}

/** Compiles the harness; returns the binary's path, or a reason why not. */
function compile(dir, name, flags) {
  const bin = join(dir, name);
  // The source first and the libraries after it, so that a static libsrtp2.a links.
  const libs = flags.filter((f) => !f.startsWith('-I'));
  const incs = flags.filter((f) => f.startsWith('-I'));
  const cc = spawnSync('cc', ['-O2', ...incs, '-o', bin, harness, ...libs], { encoding: 'utf8' });
  if (cc.status !== 0) {
    return { reason: `cc failed: ${(cc.stderr || cc.error?.message || '').trim().split('\n').slice(0, 3).join(' / ')}` };
  }
  return { bin };
}

/** What the binary's crypto comes from: libcrypto (OpenSSL), NSS, or libsrtp's own code. */
function cryptoOf(bin) {
  const ldd = spawnSync('ldd', [bin], { encoding: 'utf8' }).stdout ?? '';
  const nm = spawnSync('nm', [bin], { encoding: 'utf8' }).stdout ?? '';
  if (/libcrypto/.test(ldd) && /\bU EVP_/.test(nm)) {
    return 'OpenSSL';
  }
  if (/libnss3/.test(ldd)) {
    return 'NSS';
  }
  return /libcrypto/.test(ldd) ? 'libcrypto' : 'built-in';
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const dir = mkdtempSync(join(tmpdir(), 'voip-libsrtp-openssl-'));
try {
  if (!existsSync(join(dist, 'index.js'))) {
    console.error(`no build at ${dist}: run pnpm --filter @voip/srtp build first`);
    process.exit(2);
  }
  const impls = [
    {
      name: '@voip/srtp',
      run: (suite, size, op) =>
        execFileSync(process.execPath, [cpuAb, '--child', dist, suite, size, op], {
          encoding: 'utf8',
          env: { ...process.env, WARM: String(WARM), N: String(N) },
        }),
    },
  ];
  const peers = [['libsrtp2 Debian', 'debian', ['-lsrtp2']]];
  const prefix = process.env.VOIP_LIBSRTP_DIR;
  if (prefix === undefined || prefix === '') {
    console.log(`VOIP_LIBSRTP_DIR is not set: skipping the libsrtp + OpenSSL rows.\n${HOW_TO_BUILD}\n`);
  } else {
    const lib = join(resolve(prefix), 'lib');
    if (!existsSync(join(resolve(prefix), 'include', 'srtp2', 'srtp.h')) || !['libsrtp2.a', 'libsrtp2.so'].some((f) => existsSync(join(lib, f)))) {
      // Else cc would quietly link Debian's libsrtp2 instead.
      console.log(`skipping libsrtp ${prefix}: no include/srtp2/srtp.h and lib/libsrtp2.{a,so} under it.\n${HOW_TO_BUILD}\n`);
    } else {
      peers.push([`libsrtp ${prefix}`, 'prefix', prefixFlags(resolve(prefix))]);
    }
  }
  for (const [name, file, flags] of peers) {
    const c = compile(dir, file, flags);
    if (c.bin === undefined) {
      console.log(`skipping ${name}: ${c.reason}`);
      continue;
    }
    const crypto = cryptoOf(c.bin);
    console.log(`${name}: ${c.bin} links its crypto from ${crypto}`);
    impls.push({
      name: `${name} (${crypto})`,
      run: (suite, size, op) => execFileSync(c.bin, [suite, size, op, String(WARM), String(N)], { encoding: 'utf8' }),
    });
  }
  console.log(`WARM ${WARM}, N ${N}, ${ROUNDS} rounds, fresh process per measurement; ns of CPU per packet\n`);
  const rows = [];
  for (const suite of SUITES) {
    for (const size of SIZES) {
      for (const op of OPS) {
        const ns = impls.map(() => []);
        for (let r = 0; r < ROUNDS; r++) {
          impls.forEach((impl, i) => ns[i].push(Number(impl.run(suite, size, op).trim())));
        }
        const m = ns.map(median);
        rows.push({ suite, size, op, m });
        console.log(`${op} ${suite} ${size} B: ` + impls.map((impl, i) => `${impl.name} ${ns[i].join(' ')}`).join(' | '));
      }
    }
  }
  // Ratio: ours in packets per CPU-second over theirs (>1: ours is faster).
  const head = impls.map((impl) => `${impl.name} µs (M/s)`);
  const ratios = impls.slice(1).map((impl) => `ours / ${impl.name}`);
  console.log(`\n| | ${[...head, ...ratios].join(' | ')} |`);
  console.log(`|---|${[...head, ...ratios].map(() => '---:').join('|')}|`);
  for (const { suite, size, op, m } of rows) {
    const cells = m.map((ns) => `${(ns / 1000).toFixed(2)} (${(1000 / ns).toFixed(2)})`);
    const rs = m.slice(1).map((ns) => `${(ns / m[0]).toFixed(2)}x`);
    console.log(`| ${op} ${suite}, ${size} B | ${[...cells, ...rs].join(' | ')} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
