import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SrtpSession } from '@voip/srtp';
import { encodeBase64 } from '@voip/sdp-crypto';
import { serializeRtpPacket } from '@voip/rtp';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { parseHexLines, toHex } from '../src/hex-io.js';
import { parseKeySpec } from '../src/key-spec.js';
import { LinkType, readPcapFile } from '../src/pcap/pcap-file.js';
import { PcapWriter } from '../src/pcap/pcap-writer.js';
import { buildUdpFrame, decodeUdpFrame } from '../src/pcap/udp-frame.js';
import { CliUsageError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-srtp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const SALT = Uint8Array.from({ length: 14 }, (_, i) => 0xa0 + i);
const INLINE = `inline:${encodeBase64(new Uint8Array([...KEY, ...SALT]))}`;
const KEY2 = Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i);
const INLINE2 = `inline:${encodeBase64(new Uint8Array([...KEY2, ...SALT]))}`;

function rtp(ssrc: number, seq: number, payload = Uint8Array.from({ length: 20 }, (_, i) => (seq + i) & 0xff)): Uint8Array {
  return serializeRtpPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc, marker: false, payload });
}
/** A minimal RTCP receiver report (RFC 3550 §6.4.2) with no report blocks. */
function rtcpRr(ssrc: number): Uint8Array {
  return Uint8Array.from([0x80, 201, 0, 1, ssrc >>> 24, (ssrc >>> 16) & 0xff, (ssrc >>> 8) & 0xff, ssrc & 0xff]);
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('--key forms (RFC 4568 §9.1)', () => {
  it('accepts a whole a=crypto line, its value, inline: and bare base64', () => {
    const line = parseKeySpec('srtp decrypt', `a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:${encodeBase64(new Uint8Array(46))}|2^31`);
    expect(line.suite).toBe('AES_256_CM_HMAC_SHA1_80');
    expect(line.masterKey.length).toBe(32);
    expect(parseKeySpec('x', `2 AES_CM_128_HMAC_SHA1_32 ${INLINE}`).suite).toBe('AES_CM_128_HMAC_SHA1_32');
    expect(Array.from(parseKeySpec('x', INLINE).masterKey)).toEqual(Array.from(KEY));
    expect(Array.from(parseKeySpec('x', INLINE.slice(7)).masterSalt)).toEqual(Array.from(SALT));
    expect(parseKeySpec('x', `${INLINE} UNENCRYPTED_SRTCP`.replace(/^/, '1 AES_CM_128_HMAC_SHA1_80 ')).unencryptedSrtcp).toBe(true);
  });
  it('refuses a wrong length for the suite, garbage, unknown suites and a conflicting --suite', () => {
    expect(() => parseKeySpec('x', INLINE, 'AEAD_AES_256_GCM')).toThrow(CliUsageError);
    expect(() => parseKeySpec('x', 'inline:!!!')).toThrow(/"--key"/);
    expect(() => parseKeySpec('x', INLINE, 'ROT13')).toThrow(/unknown suite "ROT13"; expected one of AES_CM_128_HMAC_SHA1_80/);
    expect(() => parseKeySpec('x', `1 AEAD_AES_128_GCM_8 inline:${encodeBase64(new Uint8Array(28))}`)).toThrow(/unimplemented suite/);
    expect(() => parseKeySpec('x', `1 AES_CM_128_HMAC_SHA1_80 ${INLINE}`, 'AES_CM_128_HMAC_SHA1_32')).toThrow(/contradicts/);
  });
});

describe('voip srtp decrypt / encrypt (hex)', () => {
  it('round-trips any RTP and RTCP through encrypt then decrypt (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ rtcp: fc.boolean(), seq: fc.constant(0), payload: fc.uint8Array({ maxLength: 40 }) }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.constantFrom('AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32', 'AEAD_AES_128_GCM'),
        async (items, seq0, suite) => {
          const key = suite === 'AEAD_AES_128_GCM' ? `inline:${encodeBase64(new Uint8Array(28).fill(3))}` : INLINE;
          // Increasing sequence numbers: a sender never reuses an index (RFC 3711 §9.2), encrypt refuses to.
          const clear = items.map((item, i) => (item.rtcp ? rtcpRr(0xabc) : rtp(0xabc, (seq0 + item.seq + i) & 0xffff, item.payload)));
          const path = join(dir, `prop-${suite}.hex`);
          writeFileSync(path, clear.map(toHex).join('\n'));
          const enc = await cli(['srtp', 'encrypt', path, '--suite', suite, '--key', key]);
          expect(enc.code).toBe(0);
          const encPath = join(dir, `prop-${suite}.enc.hex`);
          writeFileSync(encPath, enc.out);
          const dec = await cli(['srtp', 'decrypt', encPath, '--suite', suite, '--key', key]);
          expect(dec.code).toBe(0);
          expect(parseHexLines(dec.out).map((l) => toHex(l.bytes))).toEqual(clear.map(toHex));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('decrypts duplicates (replay protection is off) and both directions with two keys', async () => {
    const a = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    const b = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY2, masterSalt: SALT });
    const p1 = a.protect(rtp(1, 100));
    const p2 = b.protect(rtp(2, 7));
    const p3 = a.protect(rtp(1, 101));
    const path = join(dir, 'two-keys.hex');
    writeFileSync(path, [p1, p2, p3, p3, a.protectRtcp(rtcpRr(1))].map(toHex).join('\n'));
    const keyFile = join(dir, 'callee.key');
    writeFileSync(keyFile, `a=crypto:1 AES_CM_128_HMAC_SHA1_80 ${INLINE2}\n`);
    const r = await cli(['srtp', 'decrypt', path, '-k', INLINE, '-k', `@${keyFile}`]);
    expect(r.code).toBe(0);
    expect(parseHexLines(r.out).map((l) => toHex(l.bytes))).toEqual([rtp(1, 100), rtp(2, 7), rtp(1, 101), rtp(1, 101), rtcpRr(1)].map(toHex));
    expect(r.err).toMatch(/SSRC 0x00000001: RTP 3 ok, 0 failed; RTCP 1 ok/);
    expect(r.err).toMatch(/SSRC 0x00000002: RTP 1 ok/);
  });

  it('needs --roc for a capture that starts after a rollover, and says which packets failed', async () => {
    const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    s.setSendRolloverCounter(9, 2);
    const path = join(dir, 'roc.hex');
    writeFileSync(path, [s.protect(rtp(9, 500)), s.protect(rtp(9, 501))].map(toHex).join('\n'));
    const without = await cli(['srtp', 'decrypt', path, '-k', INLINE]);
    expect(without.code).toBe(1);
    expect(without.err).toMatch(/line 1: SRTP SSRC 0x00000009 seq 500: AUTH_FAILED/);
    expect(without.err).toMatch(/wrong key or suite\? \(or --roc/);
    expect(without.out).toBe('');
    const kept = await cli(['srtp', 'decrypt', path, '-k', INLINE, '--keep-failed']);
    expect(parseHexLines(kept.out)).toHaveLength(2);
    const withRoc = await cli(['srtp', 'decrypt', path, '-k', INLINE, '--roc', '2']);
    expect(withRoc.code).toBe(0);
    expect(parseHexLines(withRoc.out).map((l) => toHex(l.bytes))).toEqual([rtp(9, 500), rtp(9, 501)].map(toHex));
  });

  it('--srtcp-tag-length 4 takes and makes the 32-bit SRTCP tag of ffmpeg 5.1 for a _32 suite', async () => {
    const suite = 'AES_CM_128_HMAC_SHA1_32';
    const short = new SrtpSession({ suite, masterKey: KEY, masterSalt: SALT, srtcpTagLength: 4 });
    const path = join(dir, 'short-srtcp.hex');
    const secure = [short.protect(rtp(5, 1)), short.protectRtcp(rtcpRr(5))];
    writeFileSync(path, secure.map(toHex).join('\n'));
    const strict = await cli(['srtp', 'decrypt', path, '-k', INLINE, '-s', suite, '--srtcp-tag-length', '10']);
    expect(strict.code).toBe(1);
    // 8 + 4 + 4 bytes: shorter than the header, index and 10-byte tag an RFC receiver expects
    expect(strict.err).toMatch(/line 2: SRTCP SSRC 0x00000005: TOO_SHORT/);
    const taken = await cli(['srtp', 'decrypt', path, '-k', INLINE, '-s', suite, '--srtcp-tag-length', '4']);
    expect(taken.code).toBe(0);
    expect(parseHexLines(taken.out).map((l) => toHex(l.bytes))).toEqual([rtp(5, 1), rtcpRr(5)].map(toHex));
    // The default, auto, takes the 32-bit tag, and the 80-bit one from an RFC 4568 sender too.
    const auto = await cli(['srtp', 'decrypt', path, '-k', INLINE, '-s', suite]);
    expect(auto.code).toBe(0);
    expect(parseHexLines(auto.out).map((l) => toHex(l.bytes))).toEqual([rtp(5, 1), rtcpRr(5)].map(toHex));
    const long = new SrtpSession({ suite, masterKey: KEY, masterSalt: SALT });
    const longPath = join(dir, 'long-srtcp.hex');
    writeFileSync(longPath, [long.protect(rtp(5, 1)), long.protectRtcp(rtcpRr(5))].map(toHex).join('\n'));
    const autoLong = await cli(['srtp', 'decrypt', longPath, '-k', INLINE, '-s', suite]);
    expect(autoLong.code).toBe(0);
    expect(parseHexLines(autoLong.out).map((l) => toHex(l.bytes))).toEqual([rtp(5, 1), rtcpRr(5)].map(toHex));
    expect((await cli(['srtp', 'encrypt', path, '-k', INLINE, '-s', suite, '--srtcp-tag-length', 'auto'])).code).toBe(2);
    // encrypt with it: what a fresh sender with the same option makes, byte for byte
    const plain = join(dir, 'short-plain.hex');
    writeFileSync(plain, [rtp(5, 1), rtcpRr(5)].map(toHex).join('\n'));
    const made = await cli(['srtp', 'encrypt', plain, '-k', INLINE, '-s', suite, '--srtcp-tag-length', '4']);
    expect(made.code).toBe(0);
    const again = new SrtpSession({ suite, masterKey: KEY, masterSalt: SALT, srtcpTagLength: 4 });
    expect(parseHexLines(made.out).map((l) => toHex(l.bytes))).toEqual(
      [again.protect(rtp(5, 1)), again.protectRtcp(rtcpRr(5))].map(toHex),
    );
  });

  it('--ssrc leaves other streams untouched; non-RTP passes through', async () => {
    const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    const mine = s.protect(rtp(5, 1));
    const other = s.protect(rtp(6, 1));
    const stun = Uint8Array.from([0, 1, 0, 0, 0x21, 0x12, 0xa4, 0x42, ...new Array<number>(12).fill(7)]);
    const path = join(dir, 'filter.hex');
    writeFileSync(path, [mine, other, stun].map(toHex).join('\n'));
    const r = await cli(['srtp', 'decrypt', path, '-k', INLINE, '--ssrc', '0x5']);
    expect(r.code).toBe(0);
    expect(parseHexLines(r.out).map((l) => toHex(l.bytes))).toEqual([rtp(5, 1), other, stun].map(toHex));
    expect(r.err).toMatch(/1 not RTP \(passed through\)/);
  });
});

describe('hex to pcap', () => {
  it('wraps each datagram in a loopback UDP frame, RTCP on the odd ports, 20 ms apart', async () => {
    const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    const path = join(dir, 'to-pcap.hex');
    writeFileSync(path, [s.protect(rtp(8, 1)), s.protectRtcp(rtcpRr(8)), s.protect(rtp(8, 2))].map(toHex).join('\n'));
    const out = join(dir, 'from-hex.pcap');
    const r = await cli(['srtp', 'decrypt', path, '--output-format', 'pcap', '-o', out, '-k', INLINE]);
    expect(r.code).toBe(0);
    const got = [];
    for await (const rec of readPcapFile(out)) {
      const d = decodeUdpFrame(rec.data, rec.linkType);
      got.push(d.ok ? [rec.linkType, rec.timestampMicros, d.datagram.srcPort, d.datagram.dstPort, toHex(d.datagram.payload)] : []);
    }
    expect(got).toEqual([
      [LinkType.ETHERNET, 0, 5004, 5006, toHex(rtp(8, 1))],
      [LinkType.ETHERNET, 20_000, 5005, 5007, toHex(rtcpRr(8))],
      [LinkType.ETHERNET, 40_000, 5004, 5006, toHex(rtp(8, 2))],
    ]);
  });
});

describe('stdin', () => {
  it('reads hex and pcap from "-"', async () => {
    const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    const p1 = s.protect(rtp(4, 10));
    const hexIo = captureIo({ stdin: `${toHex(p1)}\n` });
    expect(await runCli(['srtp', 'decrypt', '-', '-k', INLINE], hexIo)).toBe(0);
    expect(hexIo.out()).toBe(`${toHex(rtp(4, 10))}\n`);
    const pcapPath = join(dir, 'stdin.pcap');
    const w = PcapWriter.create(pcapPath, LinkType.ETHERNET);
    w.write(1, 0, buildUdpFrame(LinkType.ETHERNET, { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1000, dstPort: 2000 }, s.protect(rtp(4, 11))));
    w.close();
    const pcapIo = captureIo({ stdin: readFileSync(pcapPath) });
    expect(await runCli(['srtp', 'decrypt', '-', '--input-format', 'pcap', '--output-format', 'hex', '-k', INLINE], pcapIo)).toBe(0);
    expect(pcapIo.out()).toBe(`${toHex(rtp(4, 11))}\n`);
    const statsIo = captureIo({ stdin: readFileSync(pcapPath) });
    expect(await runCli(['rtp', 'stats', '-', '--min-packets', '1', '--json'], statsIo)).toBe(0);
    expect(JSON.parse(statsIo.out())).toHaveLength(1);
    const textIo = captureIo({ stdin: 'hello' });
    expect(await runCli(['rtp', 'stats', '-'], textIo)).toBe(1);
    expect(textIo.err()).toMatch(/not a pcap file: "stdin" is a text stream/);
  });
});

describe('voip srtp decrypt (pcap)', () => {
  it('keeps link type, timestamps and other frames; RTCP on the odd port with --rtcp odd-port', async () => {
    const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT });
    const input = join(dir, 'sll.pcap');
    const output = join(dir, 'sll-out.pcap');
    const w = PcapWriter.create(input, LinkType.LINUX_SLL, true);
    const ends = { src: '2001:db8::1', dst: '2001:db8::2', srcPort: 5004, dstPort: 6000 };
    const rtcpEnds = { ...ends, srcPort: 5005, dstPort: 6001 };
    w.write(1, 123_456_789, buildUdpFrame(LinkType.LINUX_SLL, ends, s.protect(rtp(3, 1))));
    w.write(2, 5, buildUdpFrame(LinkType.LINUX_SLL, rtcpEnds, s.protectRtcp(rtcpRr(3))));
    w.write(3, 0, buildUdpFrame(LinkType.LINUX_SLL, { ...ends, dstPort: 53 }, Uint8Array.of(1, 2, 3)));
    w.close();
    const r = await cli(['srtp', 'decrypt', input, '-o', output, '-k', INLINE, '--rtcp', 'odd-port']);
    expect(r.err).toMatch(/3 UDP datagrams: 2 decrypted, 0 failed, 1 not RTP/);
    expect(r.code).toBe(0);
    const records = [];
    for await (const rec of readPcapFile(output)) {
      const d = decodeUdpFrame(rec.data, rec.linkType);
      records.push({ lt: rec.linkType, ns: rec.nanoseconds, s: rec.seconds, payload: d.ok ? toHex(d.datagram.payload) : '' });
    }
    expect(records).toEqual([
      { lt: LinkType.LINUX_SLL, ns: 123_456_789, s: 1, payload: toHex(rtp(3, 1)) },
      { lt: LinkType.LINUX_SLL, ns: 5, s: 2, payload: toHex(rtcpRr(3)) },
      { lt: LinkType.LINUX_SLL, ns: 0, s: 3, payload: '010203' },
    ]);
    const hex = await cli(['srtp', 'decrypt', input, '--output-format', 'hex', '-k', INLINE]);
    expect(hex.out.split('\n')[0]).toBe(toHex(rtp(3, 1)));
    const hexFile = join(dir, 'sll-out.hex');
    expect((await cli(['srtp', 'decrypt', input, '--output-format', 'hex', '-o', hexFile, '-k', INLINE])).code).toBe(0);
    expect(readFileSync(hexFile, 'utf8').trimEnd().split('\n')).toEqual([toHex(rtp(3, 1)), toHex(rtcpRr(3)), '010203']);
  });
});

describe('usage and input errors: one line, exit 2 or 1, no stack', () => {
  const cases: [string[], number, RegExp][] = [
    [['srtp', 'decrypt', 'x.pcap'], 2, /missing --key/],
    [['srtp', 'decrypt', '--key', INLINE], 2, /missing <input>/],
    [['srtp', 'decrypt', 'x.hex', '--key', '@/nonexistent/key.txt'], 2, /"--key" cannot read "\/nonexistent\/key.txt": no such file/],
    [['srtp', 'decrypt', 'x.hex', '--key', INLINE, '--suite', 'AES_999'], 2, /unknown suite "AES_999"/],
    [['srtp', 'decrypt', 'x.hex', '--key', 'inline:AAAA'], 2, /"--key"/],
    [['srtp', 'decrypt', 'x.hex', '--key', INLINE, '--roc=-1'], 2, /"--roc" expected an integer/],
    [['srtp', 'decrypt', 'x.hex', '--key', INLINE, '--ssrc', 'zz'], 2, /"--ssrc" expected a 32-bit number/],
    [['srtp', 'decrypt', 'x.hex', '--key', INLINE, '--srtcp-tag-length', '7'], 2, /"--srtcp-tag-length" expected auto, 4 or 10, got "7"/],
    [['srtp', 'decrypt', 'x.hex', '--key', INLINE, '--srtcp-tag-length', '4'], 2, /"--srtcp-tag-length" 4 is for the _32 suites, not AES_CM_128_HMAC_SHA1_80/],
    [['srtp', 'decrypt', 'x.hex', '--key', INLINE, '--rtcp', 'magic'], 2, /"--rtcp" expected pt or odd-port/],
    [['srtp', 'encrypt', 'x.hex', '-k', INLINE, '-k', INLINE2], 2, /one --key/],
    [['srtp', 'decrypt', '/nonexistent/call.pcap', '--key', INLINE], 1, /cannot read "\/nonexistent\/call.pcap": no such file or directory/],
    [['srtp', 'decrypt', '/nonexistent/call.pcap', '--key', INLINE, '--input-format', 'pcap', '-o', join(dir, 'o.pcap')], 1, /no such file/],
    [['srtp', 'decrypt', 'in.hex', '--key', INLINE, '--output-format', 'pcap'], 2, /pcap output needs -o/],
    [['srtp', 'decrypt', '-', '--key', INLINE, '--input-format', 'pcap'], 2, /pcap output needs -o/],
    [['srtp'], 2, /"voip srtp" needs a subcommand: decrypt, encrypt/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
    [['demo', '--duration', 'abc'], 2, /"--duration" expected a number of seconds from 0.1 to 3600, got "abc"/],
    [['demo', '--calls', '0'], 2, /"--calls" expected an integer from 1 to 100/],
    [['demo', '--suite', 'AEAD_AES_128_GCM_8'], 2, /suite not implemented/],
    [['demo', '--codec', 'opus'], 2, /"--codec" expected PCMU or PCMA/],
    [['demo', '--bogus'], 2, /unknown option --bogus; see voip demo --help/],
    [['stun', 'host:99999'], 2, /port from 1 to 65535/],
    [['stun-server', '--host', 'localhost'], 2, /literal IPv4 or IPv6 address/],
    [['rtp', 'stats'], 2, /missing <capture.pcap>/],
    [['rtp', 'stats', 'x.pcap', '--clock-rate', '200=8000'], 2, /"--clock-rate" expected/],
    [['rtp', 'stats', '/nonexistent.pcap'], 1, /cannot read "\/nonexistent.pcap": no such file or directory/],
  ];
  for (const [args, code, message] of cases) {
    it(`voip ${args.join(' ')}`, async () => {
      const r = await cli(args);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
  it('a hex file with a bad line names the line', async () => {
    const path = join(dir, 'bad.hex');
    writeFileSync(path, '8000\nnot hex\n');
    const r = await cli(['srtp', 'decrypt', path, '-k', INLINE]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 2: "n" is not a hex digit/);
  });
  it('a non-pcap file given as pcap says so', async () => {
    const path = join(dir, 'text.pcap');
    writeFileSync(path, 'hello, this is not a capture at all');
    const r = await cli(['rtp', 'stats', path]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not a pcap file: magic 0x68656c6c/);
  });
});

describe('internal errors', () => {
  it('print one line and a --debug hint; --debug adds the stack', async () => {
    const path = join(dir, 'one.hex');
    writeFileSync(path, toHex(new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: KEY, masterSalt: SALT }).protect(rtp(1, 1))));
    for (const debug of [false, true]) {
      const err: string[] = [];
      const io = {
        stdout: { write: (): never => { throw new TypeError('stdout exploded'); } },
        stderr: { write: (t: string) => err.push(t) },
        isTTY: false,
      };
      const code = await runCli(['srtp', 'decrypt', path, '-k', INLINE, ...(debug ? ['--debug'] : [])], io);
      expect(code).toBe(1);
      expect(err[0]).toBe('voip srtp decrypt: internal error: stdout exploded\n');
      expect(err[1]).toMatch(debug ? /^TypeError: stdout exploded\n\s+at / : /^rerun with --debug for the stack trace/);
    }
  });
});

describe('--help', () => {
  for (const command of [['demo'], ['stun'], ['stun-server'], ['srtp', 'decrypt'], ['srtp', 'encrypt'], ['rtp', 'stats']]) {
    it(`voip ${command.join(' ')} --help shows usage and examples`, async () => {
      const r = await cli([...command, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: voip ${command.join(' ')}`));
      expect(r.out).toMatch(/\nExamples:\n {2}voip /);
      expect(r.err).toBe('');
    });
  }
  it('voip --help lists every command; no arguments is a usage error', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['demo', 'stun', 'stun-server', 'srtp decrypt', 'srtp encrypt', 'rtp stats']) {
      expect(r.out).toContain(`  ${c} `);
    }
    expect((await cli([])).code).toBe(2);
  });
  it('srtp decrypt --help says replay protection is off', async () => {
    expect((await cli(['srtp', 'decrypt', '-h'])).out).toMatch(/Replay protection is OFF/);
  });
});

