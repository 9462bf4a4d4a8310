import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtpSession } from '@voip/srtp';
import { encodeBase64 } from '@voip/sdp-crypto';
import { serializeRtpPacket } from '@voip/rtp';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { parseHexLines, toHex } from '../src/hex-io.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const SALT = Uint8Array.from({ length: 14 }, (_, i) => 0xa0 + i);
const INLINE = `inline:${encodeBase64(new Uint8Array([...KEY, ...SALT]))}`;

function rtp(ssrc: number, seq: number): Uint8Array {
  return serializeRtpPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc, marker: false, payload: new Uint8Array(20).fill(seq & 0xff) });
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A flood of forged SRTP from `n` distinct SSRCs, then `authentic` real packets of SSRC 0x1234 under ROC 1. */
function flood(n: number, authentic: number): { lines: string[]; clear: Uint8Array[] } {
  const sender = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
  sender.setSendRolloverCounter(0x1234, 1);
  const lines: string[] = [];
  const clear: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const forged = new Uint8Array(42);
    forged.set(rtp(0x10000000 + i, i & 0xffff));
    forged[40] = i & 0xff;
    lines.push(toHex(forged));
  }
  for (let i = 0; i < authentic; i++) {
    const p = rtp(0x1234, 100 + i);
    clear.push(p);
    lines.push(toHex(sender.protect(p)));
  }
  return { lines, clear };
}

describe('voip srtp decrypt on a flood of SSRCs', () => {
  it('with --roc, counts per-packet failures past 65,536 SSRCs and goes on to the end', async () => {
    const { lines } = flood(65_540, 0);
    const sender = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    sender.setSendRolloverCounter(0x1234, 1);
    // One authentic packet first (its SSRC is tracked before the flood), one after it.
    const first = rtp(0x1234, 7);
    const last = rtp(0x1234, 8);
    const path = join(dir, 'flood.hex');
    writeFileSync(path, [toHex(sender.protect(first)), ...lines, toHex(sender.protect(last))].join('\n'));
    const r = await cli(['srtp', 'decrypt', path, '--key', INLINE, '--roc', '1']);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    expect(parseHexLines(r.out).map((l) => toHex(l.bytes))).toEqual([toHex(first), toHex(last)]);
    expect(r.err).toMatch(/65540 failed/);
  }, 120_000);
});
