/**
 * Interop with libsrtp 2.5.0 (Debian libsrtp2-dev) through test/fixtures/libsrtp-harness.c, compiled
 * with `cc` into a temp dir. Both directions, byte-exact where the two must agree, streams crossing
 * the sequence wrap with loss and reordering.
 *
 * AES_192_CM_* is deliberately NOT tested here: Debian's libsrtp 2.5.0 derives AES-192 session keys
 * with the AES-256 routine (cisco/libsrtp#763), so a correct implementation cannot interoperate with
 * it; test/key-derivation.rfc3711.test.ts checks AES-192 against the RFC 6188 §7.4 vectors instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { SrtpSession, resolveSrtpSuite, type SrtpSessionOptions } from '../src/index.js';
import { toHex } from './helpers.js';
import { lossyNetwork, rtcpStream, SSRC_A, SSRC_B, wrappingStream } from './interop-helpers.js';

const SUITES = [
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
  'AES_256_CM_HMAC_SHA1_80',
  'AES_256_CM_HMAC_SHA1_32',
  'AEAD_AES_128_GCM',
  'AEAD_AES_256_GCM',
  'NULL_HMAC_SHA1_80',
] as const;

describeWithPeers(['libsrtp'], 'libsrtp 2.5.0 interop (C harness)', () => {
  let dir = '';
  let bin = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voip-srtp-libsrtp-'));
    bin = join(dir, 'harness');
    const src = fileURLToPath(new URL('./fixtures/libsrtp-harness.c', import.meta.url));
    const cc = spawnSync('cc', ['-O1', '-o', bin, src, '-lsrtp2'], { encoding: 'utf8' });
    if (cc.status !== 0) {
      throw new Error(`cc failed: ${cc.stderr}`);
    }
  });
  afterAll(() => {
    if (dir !== '') {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Runs one harness session; returns one answer per packet command (hex string or 'err N'). */
  function libsrtp(session: string, commands: string[]): string[] {
    const r = spawnSync(bin, { input: [session, ...commands, ''].join('\n'), encoding: 'utf8', timeout: 20_000, maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('ready');
    return lines.slice(1).filter((l) => l !== 'ready').map((l) => (l.startsWith('ok ') ? l.slice(3) : l));
  }

  const keyHex = (o: SrtpSessionOptions): string => toHex(o.masterKey) + toHex(o.masterSalt);
  const material = (suite: string, fill: number): SrtpSessionOptions => {
    const s = resolveSrtpSuite(suite);
    return {
      suite,
      masterKey: Uint8Array.from({ length: s.keyLength }, (_, i) => (i * 29 + fill) & 0xff),
      masterSalt: Uint8Array.from({ length: s.saltLength }, (_, i) => (i * 17 + fill * 3) & 0xff),
    };
  };
  const sessionLine = (o: SrtpSessionOptions, flags = '-'): string =>
    `session ${o.suite} ${flags} ${SSRC_A},${SSRC_B} 1024 ${keyHex(o)}`;

  for (const suite of SUITES) {
    it(`${suite}: SRTP both ways across the wrap with loss and reordering, byte-exact`, () => {
      const m = material(suite, suite.length);
      const packets = wrappingStream();
      const ours = new SrtpSession({ ...m, replayWindowSize: 1024 });
      const ourWire = packets.map((p) => ours.protect(p));
      const theirWire = libsrtp(sessionLine(m), packets.map((p) => `protect - ${toHex(p)}`));
      expect(theirWire).toEqual(ourWire.map(toHex));
      // libsrtp receives ours through a lossy, reordering network
      const net = lossyNetwork(ourWire, 1);
      const opened = libsrtp(sessionLine(m), net.map(([, w]) => `unprotect ${toHex(w)}`));
      expect(opened).toEqual(net.map(([i]) => toHex(packets[i]!)));
      // we receive theirs the same way
      const rx = new SrtpSession({ ...m, replayWindowSize: 1024 });
      for (const [i, w] of lossyNetwork(theirWire, 2)) {
        const r = rx.unprotect(Uint8Array.from(Buffer.from(w, 'hex')));
        expect(r.ok && toHex(r.packet), `packet ${i}`).toBe(toHex(packets[i]!));
      }
      expect(rx.getReceiveRolloverCounter(SSRC_A)).toBe(1);
      expect(rx.getReceiveRolloverCounter(SSRC_B)).toBe(1);
    });

    it(`${suite}: SRTCP both ways; byte-exact once the index bases are aligned (libsrtp starts at 1)`, () => {
      const m = material(suite, 7);
      const reports = rtcpStream();
      const ours = new SrtpSession(m);
      const ourWire = reports.map((p) => ours.protectRtcp(p));
      const theirWire = libsrtp(sessionLine(m), reports.map((p) => `protect_rtcp - ${toHex(p)}`)).map(
        (h) => Uint8Array.from(Buffer.from(h, 'hex')),
      );
      const aead = resolveSrtpSuite(suite).cipher === 'AES_GCM';
      const indexOf = (w: Uint8Array): number => {
        const at = aead ? w.length - 4 : w.length - 14;
        return new DataView(w.buffer, w.byteOffset).getUint32(at) & 0x7fffffff;
      };
      const base = indexOf(theirWire[0]!);
      expect([0, 1]).toContain(base);
      // reports alternate A, B with per-SSRC indices: their k-th report of an SSRC has index k + base
      for (let j = 0; j + 2 * base < reports.length; j++) {
        expect(toHex(theirWire[j]!)).toBe(toHex(ourWire[j + 2 * base]!));
      }
      const net = lossyNetwork(ourWire, 3);
      const opened = libsrtp(sessionLine(m), net.map(([, w]) => `unprotect_rtcp ${toHex(w)}`));
      expect(opened).toEqual(net.map(([i]) => toHex(reports[i]!)));
      const rx = new SrtpSession(m);
      for (const [i, w] of lossyNetwork(theirWire, 4)) {
        const r = rx.unprotectRtcp(w);
        expect(r.ok && toHex(r.packet)).toBe(toHex(reports[i]!));
      }
    });
  }

  // libsrtp 2.5's AEAD path ignores sec_serv for SRTP (it encrypts anyway), so UNENCRYPTED_SRTP is
  // interop-tested with AES-CM only; the GCM tag-only form is checked against RFC 7714 vectors.
  for (const [suite, flags] of [
    ['AES_CM_128_HMAC_SHA1_80', 'unencrypted_srtp,unencrypted_srtcp'],
    ['AEAD_AES_128_GCM', 'unencrypted_srtcp'],
  ] as const) {
    it(`${suite} with ${flags}, both ways`, () => {
      const m = {
        ...material(suite, 3),
        unencryptedSrtcp: true,
        ...(flags.includes('unencrypted_srtp,') ? { unencryptedSrtp: true } : {}),
      };
      const packets = wrappingStream(30);
      const reports = rtcpStream(3);
      const ours = new SrtpSession(m);
      const line = sessionLine(m, flags);
      const theirs = libsrtp(line, packets.map((p) => `protect - ${toHex(p)}`));
      expect(theirs).toEqual(packets.map((p) => toHex(ours.protect(p))));
      if (m.unencryptedSrtp === true) {
        expect(theirs[0]!.slice(24, 40)).toBe(toHex(packets[0]!).slice(24, 40)); // payload in the clear
      }
      const ourRtcp = reports.map((r) => ours.protectRtcp(r));
      expect(libsrtp(line, ourRtcp.map((w) => `unprotect_rtcp ${toHex(w)}`))).toEqual(reports.map(toHex));
      const rx = new SrtpSession(m);
      for (const [i, h] of libsrtp(line, reports.map((r) => `protect_rtcp - ${toHex(r)}`)).entries()) {
        const w = Uint8Array.from(Buffer.from(h, 'hex'));
        expect(toHex(w.subarray(0, 32))).toBe(toHex(reports[i]!)); // E=0: RTCP in the clear
        expect(rx.unprotectRtcp(w).ok).toBe(true);
      }
    });
  }

  it('MKI: two master keys, each side sends with the second, byte-exact (AES-CM and GCM)', () => {
    for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AEAD_AES_128_GCM']) {
      const k1 = { ...material(suite, 1), mki: { value: 0xa1a2a3a4n, byteLength: 4 } };
      const k2 = { ...material(suite, 2), mki: { value: 0xb1b2b3b4n, byteLength: 4 } };
      const o: SrtpSessionOptions = { ...k1, keys: [k1, k2] };
      const line = `session ${suite} - ${SSRC_A},${SSRC_B} 1024 ${keyHex(k1)}:a1a2a3a4,${keyHex(k2)}:b1b2b3b4`;
      const packets = wrappingStream(20);
      const reports = rtcpStream(2);
      const ours = new SrtpSession({ ...o, sendMki: 0xb1b2b3b4n });
      const ourWire = packets.map((p) => ours.protect(p));
      expect(libsrtp(line, packets.map((p) => `protect 1 ${toHex(p)}`))).toEqual(ourWire.map(toHex));
      expect(libsrtp(line, ourWire.map((w) => `unprotect ${toHex(w)}`))).toEqual(packets.map(toHex));
      const ourRtcp = reports.map((r) => ours.protectRtcp(r));
      expect(libsrtp(line, ourRtcp.map((w) => `unprotect_rtcp ${toHex(w)}`))).toEqual(reports.map(toHex));
      const rx = new SrtpSession(o);
      for (const h of libsrtp(line, reports.map((r) => `protect_rtcp 0 ${toHex(r)}`))) {
        expect(rx.unprotectRtcp(Uint8Array.from(Buffer.from(h, 'hex'))).ok).toBe(true);
      }
    }
  });

  it('ROC set explicitly on both sides (late join, RFC 4568 §7.1.4)', () => {
    const m = material('AES_CM_128_HMAC_SHA1_80', 9);
    const packets = wrappingStream(150);
    const line = sessionLine(m);
    const theirs = libsrtp(line, [`roc ${SSRC_A} 5`, `roc ${SSRC_B} 77`, ...packets.map((p) => `protect - ${toHex(p)}`)]);
    const ours = new SrtpSession(m);
    ours.setSendRolloverCounter(SSRC_A, 5);
    ours.setSendRolloverCounter(SSRC_B, 77);
    expect(theirs).toEqual(packets.map((p) => toHex(ours.protect(p))));
    const rx = new SrtpSession(m);
    rx.setReceiveRolloverCounter(SSRC_A, 5);
    rx.setReceiveRolloverCounter(SSRC_B, 77);
    for (const h of theirs) {
      expect(rx.unprotect(Uint8Array.from(Buffer.from(h, 'hex'))).ok).toBe(true);
    }
    expect(rx.getReceiveRolloverCounter(SSRC_A)).toBe(6);
  });
});
