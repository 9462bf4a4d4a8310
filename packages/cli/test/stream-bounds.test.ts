import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtpSession } from '@voip/srtp';
import { encodeBase64 } from '@voip/sdp-crypto';
import { serializeRtpPacket } from '@voip/rtp';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { writeCapture, type Captured } from './helpers/capture.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const SALT = Uint8Array.from({ length: 14 }, (_, i) => 0xa0 + i);
const INLINE = `inline:${encodeBase64(new Uint8Array([...KEY, ...SALT]))}`;
const FLOOD = 5000;

function rtp(ssrc: number, seq: number, extra = 0): Uint8Array {
  return serializeRtpPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc, marker: false, payload: new Uint8Array(20 + extra).fill(seq & 0xff) });
}

/** `FLOOD` distinct pseudo-random SSRCs (a fixed LCG, never 0x1234 or 0x5678). */
function randomSsrcs(): number[] {
  const out = new Set<number>();
  let x = 12345;
  while (out.size < FLOOD) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    if (x !== 0x1234 && x !== 0x5678) {
      out.add(x);
    }
  }
  return [...out];
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('a flood of garbage SSRCs is summarised, with bounded output and state (#15.9)', () => {
  it('voip srtp decrypt: one line per tracked stream, the rest in summary lines, the real stream reported', async () => {
    const sender = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    const packets: Captured[] = [];
    let t = 1_700_000_000_000_000;
    const add = (data: Uint8Array): void => {
      packets.push({ micros: (t += 100), src: '127.0.0.1', srcPort: 4000, dstPort: 5000, data });
    };
    let valid = 0;
    randomSsrcs().forEach((ssrc, i) => {
      add(rtp(ssrc, i & 0xffff, 10)); // forged: 10 bytes where a tag would be
      // The real stream starts once the table is full of failed-only SSRCs, and must displace one.
      if (i >= 2000 && i % 30 === 0 && valid < 100) {
        add(sender.protect(rtp(0x1234, 1 + valid++)));
      }
    });
    expect(valid).toBe(100);
    const path = join(dir, 'flood.pcap');
    writeCapture(path, packets);
    const r = await cli(['srtp', 'decrypt', path, '-o', join(dir, 'plain.pcap'), '--key', INLINE]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines.length).toBeLessThan(30);
    expect(r.err).toContain(`${FLOOD + 100} UDP datagrams: 100 decrypted, ${FLOOD} failed`);
    expect(r.err).toMatch(/SSRC 0x00001234: RTP 100 ok, 0 failed/);
    // 1024 tracked: the real stream and 1023 forged ones (10 listed, 1013 in a line); 3977 untracked.
    expect(r.err).toContain('... 1013 more SSRCs with only failures (1013 packets');
    expect(r.err).toContain('3977 more SSRCs with 3977 packets not tracked (over --max-streams): 0 ok, 3977 failed (AUTH_FAILED 3977)');
    const small = await cli(['srtp', 'decrypt', path, '-o', join(dir, 'plain2.pcap'), '--key', INLINE, '--max-streams', '2']);
    expect(small.err).toMatch(/SSRC 0x00001234: RTP 100 ok/);
    expect(small.err).toContain(`${FLOOD - 1} more SSRCs with ${FLOOD - 1} packets not tracked`);
    expect((await cli(['srtp', 'decrypt', path, '--key', INLINE, '-o', 'x', '--max-streams', '0'])).code).toBe(2);
  }, 60_000);

  it('voip rtp stats --json --min-packets 1: at most --max-streams rows, the real streams kept, the rest counted', async () => {
    const packets: Captured[] = [];
    let t = 1_700_000_000_000_000;
    const add = (ssrc: number, seq: number): void => {
      packets.push({ micros: (t += 100), src: '127.0.0.1', srcPort: 4000, dstPort: 5000, data: rtp(ssrc, seq) });
    };
    randomSsrcs().forEach((ssrc, i) => {
      if (i % 50 === 0) {
        add(0x1234, i / 50);
        add(0x5678, i / 50);
      }
      add(ssrc, 7);
    });
    const path = join(dir, 'rtp-flood.pcap');
    writeCapture(path, packets);
    const r = await cli(['rtp', 'stats', path, '--json', '--min-packets', '1']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { ssrc: number; packets: number }[];
    expect(rows).toHaveLength(1024);
    expect(rows.filter((s) => s.ssrc === 0x1234 || s.ssrc === 0x5678).map((s) => s.packets)).toEqual([100, 100]);
    // 1022 one-packet streams fit beside the two real ones; 3978 are only counted.
    expect(r.err).toContain('3978 more RTP streams with 3978 packets not tracked (over --max-streams 1024)');
    // A new stream survives as long as fewer new one-packet streams than the free room arrive before its
    // second packet: 98 here, 50 in this capture.
    const table = await cli(['rtp', 'stats', path, '--max-streams', '100']);
    expect(table.out.trim().split('\n')).toHaveLength(3); // heading and the two real streams
    expect(table.err).toContain(`${FLOOD - 98} more RTP streams with ${FLOOD - 98} packets not tracked (over --max-streams 100)`);
  }, 60_000);
});
