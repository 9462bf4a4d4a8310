/**
 * `voip srtp decrypt|encrypt` against libsrtp 2 (Debian libsrtp2-dev) through a small C harness
 * (fixtures/srtp-harness.c), for the suites ffmpeg lacks: AES-256 (RFC 6188) and AEAD GCM (RFC 7714).
 * AES-192 is left out on purpose: Debian's libsrtp 2.5.0 derives its keys wrongly (cisco/libsrtp#763).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { serializeRtpPacket } from '@voip/rtp';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { parseHexLines, toHex } from '../src/hex-io.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-libsrtp-'));
const harness = join(dir, 'srtp-harness');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY_LENGTHS: Record<string, number> = {
  AES_CM_128_HMAC_SHA1_80: 30,
  AES_256_CM_HMAC_SHA1_80: 46,
  AES_256_CM_HMAC_SHA1_32: 46,
  AEAD_AES_128_GCM: 28,
  AEAD_AES_256_GCM: 44,
};

function libsrtp(mode: 'protect' | 'unprotect', suite: string, key: Uint8Array, lines: readonly string[]): string[] {
  const out = execFileSync(harness, [mode, suite, toHex(key)], { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  return out.trimEnd().split('\n');
}

async function cli(args: string[], input: string): Promise<{ code: number; lines: string[]; err: string }> {
  const path = join(dir, `in-${Math.random().toString(36).slice(2)}.hex`);
  writeFileSync(path, input);
  const io = captureIo();
  const code = await runCli([...args, path], io);
  return { code, lines: parseHexLines(io.out()).map((l) => toHex(l.bytes)), err: io.err() };
}

/** RTP packets with CSRCs, a header extension and odd payload sizes; two RTCP receiver reports. */
function traffic(ssrc: number, count: number): { rtp: string[]; rtcp: string[] } {
  const rtp = Array.from({ length: count }, (_, k) =>
    toHex(
      serializeRtpPacket({
        payloadType: 0,
        sequenceNumber: (65530 + k) & 0xffff, // crosses the rollover (RFC 3711 §3.3.1)
        timestamp: k * 160,
        ssrc,
        marker: k === 0,
        csrcs: k % 3 === 0 ? [0x01020304] : [],
        ...(k % 4 === 1 ? { extension: { profile: 0xbede, data: Uint8Array.of(0x10, 0xff, 0, 0) } } : {}),
        payload: randomBytes(20 + k),
      }),
    ),
  );
  const s = [ssrc >>> 24, (ssrc >>> 16) & 0xff, (ssrc >>> 8) & 0xff, ssrc & 0xff];
  const rtcp = [0, 1].map(() => toHex(Uint8Array.from([0x80, 201, 0, 1, ...s])));
  return { rtp, rtcp };
}

describeWithPeers(['libsrtp'], 'interop: voip srtp against libsrtp 2', () => {
  beforeAll(() => {
    const source = fileURLToPath(new URL('./fixtures/srtp-harness.c', import.meta.url));
    execFileSync('cc', ['-O1', '-o', harness, source, '-lsrtp2']);
  });

  for (const suite of Object.keys(KEY_LENGTHS)) {
    it(`${suite}: decrypts what libsrtp protects; libsrtp unprotects what we encrypt; RTP bytes identical`, async () => {
      const key = randomBytes(KEY_LENGTHS[suite]!);
      const inline = `inline:${key.toString('base64')}`;
      const { rtp, rtcp } = traffic(0x5eed0000 + key[0]!, 12);
      const srtp = libsrtp('protect', suite, key, rtp.map((h) => `rtp ${h}`));
      const srtcp = libsrtp('protect', suite, key, rtcp.map((h) => `rtcp ${h}`));
      expect(srtp.some((l) => l.startsWith('FAIL'))).toBe(false);

      const dec = await cli(['srtp', 'decrypt', '--suite', suite, '--key', inline], [...srtp, ...srtcp].join('\n'));
      expect(dec.err).toMatch(/0 failed/);
      expect(dec.code).toBe(0);
      expect(dec.lines).toEqual([...rtp, ...rtcp]);

      const enc = await cli(['srtp', 'encrypt', '--suite', suite, '--key', inline], [...rtp, ...rtcp].join('\n'));
      expect(enc.code).toBe(0);
      expect(enc.lines.slice(0, rtp.length)).toEqual(srtp); // SRTP is deterministic for a given index
      const back = libsrtp('unprotect', suite, key, [
        ...enc.lines.slice(0, rtp.length).map((h) => `rtp ${h}`),
        ...enc.lines.slice(rtp.length).map((h) => `rtcp ${h}`),
      ]);
      expect(back).toEqual([...rtp, ...rtcp]);
    });
  }

  it('a flipped bit anywhere in a libsrtp packet fails authentication (AEAD_AES_128_GCM, property)', async () => {
    const key = randomBytes(28);
    const { rtp } = traffic(0x777, 1);
    const [srtp] = libsrtp('protect', 'AEAD_AES_128_GCM', key, [`rtp ${rtp[0]!}`]);
    const bytes = parseHexLines(srtp!)[0]!.bytes;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length * 8 - 1 }), async (bit) => {
        const bad = bytes.slice();
        bad[bit >> 3] = (bad[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        // Bits 0-1 of byte 0 are the version: flipped, it is no longer RTP and passes through.
        const r = await cli(['srtp', 'decrypt', '--suite', 'AEAD_AES_128_GCM', '--key', `inline:${key.toString('base64')}`], toHex(bad));
        expect(r.code).toBe(1);
      }),
      { numRuns: 40 },
    );
  });
});
