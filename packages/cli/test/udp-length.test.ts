import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBase64 } from '@voip/sdp-crypto';
import { serializeRtpPacket } from '@voip/rtp';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { toHex } from '../src/hex-io.js';
import { LinkType, readPcapFile } from '../src/pcap/pcap-file.js';
import { PcapWriter } from '../src/pcap/pcap-writer.js';
import { buildUdpFrame, decodeUdpFrame, maxUdpPayload, replaceUdpPayload } from '../src/pcap/udp-frame.js';
import { CliError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-udplen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INLINE = `inline:${encodeBase64(Uint8Array.from({ length: 30 }, (_, i) => i + 1))}`;
const ends = { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5004, dstPort: 5006 };

/** An RTP packet of exactly `size` bytes. */
function rtpOfSize(seq: number, size: number): Uint8Array {
  return serializeRtpPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc: 0x1234, marker: false, payload: new Uint8Array(size - 12).fill(7) });
}

function typedCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof CliError ? e.code : `untyped ${String(e)}`;
  }
  return undefined;
}

describe('a datagram that does not fit 16-bit length fields is refused, not wrapped (#15.10)', () => {
  it('buildUdpFrame and replaceUdpPayload throw TOO_LARGE past 65,507 bytes over IPv4 (65,527 over IPv6)', () => {
    expect(maxUdpPayload({ family: 4, ipOffset: 14, udpOffset: 34 })).toBe(65507);
    expect(maxUdpPayload({ family: 6, ipOffset: 14, udpOffset: 54 })).toBe(65527);
    const fits = buildUdpFrame(LinkType.RAW, ends, new Uint8Array(65507));
    const d = decodeUdpFrame(fits, LinkType.RAW);
    expect(d.ok && d.datagram.payload.length).toBe(65507);
    expect(typedCode(() => buildUdpFrame(LinkType.RAW, ends, new Uint8Array(65508)))).toBe('TOO_LARGE');
    expect(typedCode(() => buildUdpFrame(LinkType.RAW, { ...ends, src: '::1', dst: '::2' }, new Uint8Array(65528)))).toBe('TOO_LARGE');
    expect(typedCode(() => buildUdpFrame(LinkType.RAW, { ...ends, src: '::1', dst: '::2' }, new Uint8Array(65527)))).toBeUndefined();
    if (d.ok) {
      expect(typedCode(() => replaceUdpPayload(fits, d.datagram, new Uint8Array(65517)))).toBe('TOO_LARGE');
    }
  });

  it('voip srtp encrypt of a 65,502-byte datagram in a pcap: a counted per-packet failure, the rest written', async () => {
    const input = join(dir, 'big.pcap');
    const w = PcapWriter.create(input, LinkType.ETHERNET);
    w.write(1, 0, buildUdpFrame(LinkType.ETHERNET, ends, rtpOfSize(1, 172)));
    w.write(1, 20_000_000, buildUdpFrame(LinkType.ETHERNET, ends, rtpOfSize(2, 65502)));
    w.write(1, 40_000_000, buildUdpFrame(LinkType.ETHERNET, ends, rtpOfSize(3, 172)));
    w.close();
    const output = join(dir, 'big-out.pcap');
    const io = captureIo();
    const code = await runCli(['srtp', 'encrypt', input, '-o', output, '--key', INLINE], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/RTP SSRC 0x00001234 seq 2: TOO_LARGE/);
    expect(io.err()).toMatch(/3 UDP datagrams: 2 encrypted, 1 failed/);
    const lengths: number[] = [];
    for await (const r of readPcapFile(output)) {
      const d = decodeUdpFrame(r.data, r.linkType);
      expect(d.ok).toBe(true);
      const totalLength = ((r.data[16] ?? 0) << 8) | (r.data[17] ?? 0);
      expect(totalLength).toBe(r.data.length - 14);
      lengths.push(d.ok ? d.datagram.payload.length : -1);
    }
    expect(lengths).toEqual([182, 182]);
  });

  it('voip srtp encrypt from hex to pcap: the too-large datagram fails, the others are written', async () => {
    const input = join(dir, 'big.hex');
    writeFileSync(input, [rtpOfSize(1, 100), rtpOfSize(2, 65502), rtpOfSize(3, 100)].map(toHex).join('\n'));
    const output = join(dir, 'big-hex-out.pcap');
    const io = captureIo();
    const code = await runCli(['srtp', 'encrypt', input, '-o', output, '--output-format', 'pcap', '--key', INLINE], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/line 2: RTP SSRC 0x00001234 seq 2: TOO_LARGE/);
    let n = 0;
    for await (const r of readPcapFile(output)) {
      expect(decodeUdpFrame(r.data, r.linkType).ok).toBe(true);
      n++;
    }
    expect(n).toBe(2);
  });
});
