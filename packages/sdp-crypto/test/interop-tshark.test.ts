/**
 * Interop with Wireshark's SDP dissector (tshark): our formatted a=crypto lines, carried in a SIP INVITE
 * in a pcap file, are dissected by an independent parser into the same tag, suite, master key, master
 * salt, lifetime and MKI. A corrupted line is not dissected into our key (negative twin).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { createCryptoOffer, formatCryptoAttribute } from '../src/index.js';

let dir = '';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A one-packet pcap (LINKTYPE_RAW, IPv4/UDP 5060 -> 5060) carrying `payload`. */
function pcap(payload: Uint8Array): Uint8Array {
  const udpLen = 8 + payload.length;
  const ipLen = 20 + udpLen;
  const pkt = Buffer.alloc(ipLen);
  pkt.writeUInt8(0x45, 0); // IPv4, IHL 5
  pkt.writeUInt16BE(ipLen, 2);
  pkt.writeUInt8(64, 8); // TTL
  pkt.writeUInt8(17, 9); // UDP
  pkt.set([127, 0, 0, 1], 12);
  pkt.set([127, 0, 0, 1], 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) {
    sum += pkt.readUInt16BE(i);
  }
  while (sum > 0xffff) {
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  pkt.writeUInt16BE(~sum & 0xffff, 10);
  pkt.writeUInt16BE(5060, 20);
  pkt.writeUInt16BE(5060, 22);
  pkt.writeUInt16BE(udpLen, 24); // checksum 0: none
  pkt.set(payload, 28);
  const global = Buffer.alloc(24);
  global.writeUInt32LE(0xa1b2c3d4, 0);
  global.writeUInt16LE(2, 4);
  global.writeUInt16LE(4, 6);
  global.writeUInt32LE(65535, 16);
  global.writeUInt32LE(101, 20); // LINKTYPE_RAW
  const rec = Buffer.alloc(16);
  rec.writeUInt32LE(1_700_000_000, 0);
  rec.writeUInt32LE(pkt.length, 8);
  rec.writeUInt32LE(pkt.length, 12);
  return Buffer.concat([global, rec, pkt]);
}

function invite(cryptoLines: readonly string[]): Uint8Array {
  const sdp = ['v=0', 'o=alice 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/SAVP 0',
    'a=rtpmap:0 PCMU/8000', ...cryptoLines.map((l) => `a=crypto:${l}`), ''].join('\r\n');
  const sip = ['INVITE sip:bob@127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK776asdhds',
    'Max-Forwards: 70', 'To: <sip:bob@127.0.0.1>', 'From: <sip:alice@127.0.0.1>;tag=1928301774', 'Call-ID: a84b4c76e66710',
    'CSeq: 1 INVITE', 'Contact: <sip:alice@127.0.0.1>', 'Content-Type: application/sdp', `Content-Length: ${sdp.length}`, '', sdp].join('\r\n');
  return new TextEncoder().encode(sip);
}

/** tshark's view of the a=crypto lines: one row per line. */
function dissect(cryptoLines: readonly string[], name: string): string[][] {
  const file = join(dir, `${name}.pcap`);
  writeFileSync(file, pcap(invite(cryptoLines)));
  const fields = ['sdp.crypto.tag', 'sdp.crypto.crypto_suite', 'sdp.crypto.master_key', 'sdp.crypto.master_salt',
    'sdp.crypto.lifetime', 'sdp.crypto.mki-valu', 'sdp.crypto.mki_length'];
  const out = execFileSync('tshark', ['-r', file, '-o', 'sip.tcp.port:5060', '-T', 'fields', ...fields.flatMap((f) => ['-e', f]),
    '-E', 'occurrence=a', '-E', 'aggregator=;'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const columns = out.trimEnd().split('\t').map((c) => c.split(';'));
  return cryptoLines.map((_, i) => columns.map((c) => (c[i] ?? '').replace(/:/g, '')));
}

describeWithPeers(['tshark'], 'interop: Wireshark SDP dissector (tshark) reads our a=crypto lines', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sdp-crypto-tshark-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('dissects tag, suite, master key, master salt, lifetime and MKI as we wrote them', () => {
    const offer = createCryptoOffer({
      suites: ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'],
      lifetime: 2 ** 31,
      mki: { value: 1, byteLength: 4 },
    });
    const rows = dissect(offer.lines, 'offer');
    offer.entries.forEach((e, i) => {
      expect(rows[i]).toEqual([
        String(e.tag),
        e.attribute.suite,
        hex(e.local.masterKey),
        hex(e.local.masterSalt),
        '2^31',
        '1',
        '4',
      ]);
    });
  }, 40_000);

  it('dissects an unpadded line without lifetime or MKI', () => {
    const offer = createCryptoOffer({ suites: ['AES_CM_128_HMAC_SHA1_80'], padded: false, firstTag: 7 });
    const [row] = dissect(offer.lines, 'unpadded');
    const local = offer.entries[0]!.local;
    expect(row?.slice(0, 4)).toEqual(['7', 'AES_CM_128_HMAC_SHA1_80', hex(local.masterKey), hex(local.masterSalt)]);
  }, 40_000);

  it('negative twin: one changed base64 character changes the key tshark reads', () => {
    const offer = createCryptoOffer({ suites: ['AES_CM_128_HMAC_SHA1_80'] });
    const local = offer.entries[0]!.local;
    const line = formatCryptoAttribute(offer.entries[0]!.attribute);
    const at = line.indexOf('inline:') + 7;
    const flipped = `${line.slice(0, at)}${line[at] === 'A' ? 'B' : 'A'}${line.slice(at + 1)}`;
    const [row] = dissect([flipped], 'flipped');
    expect(row?.[2]).toMatch(/^[0-9a-f]{32}$/); // still dissected as a 16-byte key…
    expect(row?.[2]).not.toBe(hex(local.masterKey)); // …but not ours
    expect(row?.[3]).toBe(hex(local.masterSalt));
  }, 40_000);
});
