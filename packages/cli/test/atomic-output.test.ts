import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtpSession } from '@voip/srtp';
import { encodeBase64 } from '@voip/sdp-crypto';
import { serializeRtpPacket } from '@voip/rtp';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { LinkType, serializePcapRecord } from '../src/pcap/pcap-file.js';
import { PcapWriter } from '../src/pcap/pcap-writer.js';
import { buildUdpFrame } from '../src/pcap/udp-frame.js';

const root = mkdtempSync(join(tmpdir(), 'voip-cli-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const SALT = Uint8Array.from({ length: 14 }, (_, i) => 0xa0 + i);
const INLINE = `inline:${encodeBase64(new Uint8Array([...KEY, ...SALT]))}`;
const OTHER = `inline:${encodeBase64(new Uint8Array(30).fill(9))}`;
const ends = { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5004, dstPort: 5006 };

let n = 0;
/**
 * A fresh directory with an SRTP capture of 7000 packets (1.5 MB: more than one 1 MiB read chunk) in it;
 * `corrupt` appends a record claiming 1 GiB, found after output has begun.
 */
function setup(corrupt: boolean): { dir: string; input: string } {
  const dir = join(root, String(n++));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
  const input = join(dir, 'call.pcap');
  const w = PcapWriter.create(input, LinkType.ETHERNET);
  for (let i = 0; i < 7000; i++) {
    const p = serializeRtpPacket({ payloadType: 0, sequenceNumber: i, timestamp: i * 160, ssrc: 0x1234, marker: false, payload: new Uint8Array(160) });
    w.write(1 + Math.floor(i / 50), (i % 50) * 20_000_000, buildUdpFrame(LinkType.ETHERNET, ends, s.protect(p)));
  }
  w.close();
  if (corrupt) {
    const bad = serializePcapRecord(2, 0, new Uint8Array(4));
    new DataView(bad.buffer).setUint32(8, 2 ** 30, true);
    writeFileSync(input, Buffer.concat([readFileSync(input), bad]));
  }
  return { dir, input };
}

async function decrypt(args: string[]): Promise<number> {
  return runCli(['srtp', 'decrypt', ...args], captureIo());
}

describe('voip srtp decrypt writes its output only when it succeeds (#10 h)', () => {
  it('a run that fails midway leaves no output file and no temporary file', async () => {
    const { dir, input } = setup(true);
    const out = join(dir, 'plain.pcap');
    expect(await decrypt([input, '-o', out, '--key', INLINE])).toBe(1);
    expect(readdirSync(dir)).toEqual(['call.pcap']);
  });
  it('nor does it touch an existing output file', async () => {
    const { dir, input } = setup(true);
    const out = join(dir, 'plain.pcap');
    writeFileSync(out, 'keep me');
    expect(await decrypt([input, '-o', out, '--key', INLINE])).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect(readdirSync(dir).sort()).toEqual(['call.pcap', 'plain.pcap']);
  });
  it('with a wrong key (nothing decrypts) there is no output; hex output too', async () => {
    const { dir, input } = setup(false);
    expect(await decrypt([input, '-o', join(dir, 'plain.pcap'), '--key', OTHER])).toBe(1);
    expect(await decrypt([input, '-o', join(dir, 'plain.hex'), '--output-format', 'hex', '--key', OTHER])).toBe(1);
    expect(readdirSync(dir)).toEqual(['call.pcap']);
  });
  it('a successful run renames the output into place, even over its own input', async () => {
    const { dir, input } = setup(false);
    const out = join(dir, 'plain.pcap');
    expect(await decrypt([input, '-o', out, '--key', INLINE])).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['call.pcap', 'plain.pcap']);
    const size = readFileSync(out).length;
    expect(await decrypt([input, '-o', input, '--key', INLINE])).toBe(0);
    expect(readFileSync(input).length).toBe(size);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
