/**
 * Interop with werift-rtp 0.8.9 (SRTP in TypeScript, an independent implementation) for the two suites
 * it has: AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM. Both directions, byte-exact, across the wrap.
 * werift's receiver is fed in order (loss only): its ROC tracking mishandles reordering around the
 * wrap (shinyoshiaki/werift-webrtc#94); ours gets loss and reordering.
 */
import { describe, expect, it } from 'vitest';
import {
  ProtectionProfileAeadAes128Gcm,
  ProtectionProfileAes128CmHmacSha1_80,
  RtpHeader,
  SrtcpSession,
  SrtpSession as WeriftSrtpSession,
} from 'werift-rtp';
import { SrtpSession, resolveSrtpSuite } from '../src/index.js';
import { rtpHeaderLength } from '../src/rtp-header.js';
import { toHex } from './helpers.js';
import { lossyNetwork, rtcpStream, wrappingStream } from './interop-helpers.js';

const SUITES = [
  ['AES_CM_128_HMAC_SHA1_80', ProtectionProfileAes128CmHmacSha1_80],
  ['AEAD_AES_128_GCM', ProtectionProfileAeadAes128Gcm],
] as const;

/** werift re-serializes headers itself; keep to packets it round-trips (no padding, no extension). */
const stream = (): Uint8Array[] =>
  wrappingStream(200).filter((p) => (p[0]! & 0x30) === 0);

for (const [suite, profile] of SUITES) {
  describe(`werift-rtp interop: ${suite}`, () => {
    const s = resolveSrtpSuite(suite);
    const key = Buffer.from(Uint8Array.from({ length: s.keyLength }, (_, i) => (i * 13 + 1) & 0xff));
    const salt = Buffer.from(Uint8Array.from({ length: s.saltLength }, (_, i) => (i * 7 + 5) & 0xff));
    const m = { suite, masterKey: new Uint8Array(key), masterSalt: new Uint8Array(salt) };
    const keys = { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt };

    it('SRTP: byte-exact with werift, and each side opens the other', () => {
      const packets = stream();
      const werift = new WeriftSrtpSession({ keys, profile });
      const ours = new SrtpSession(m);
      const theirs = packets.map((p) => {
        const b = Buffer.from(p);
        const h = rtpHeaderLength(p, 0, p.length);
        return new Uint8Array(werift.encrypt(b.subarray(h), RtpHeader.deSerialize(b)));
      });
      expect(theirs.map(toHex)).toEqual(packets.map((p) => toHex(ours.protect(p))));
      // ours receives werift's through loss and reordering
      const rx = new SrtpSession(m);
      for (const [i, w] of lossyNetwork(theirs, 11)) {
        const r = rx.unprotect(w);
        expect(r.ok && toHex(r.packet), `packet ${i}`).toBe(toHex(packets[i]!));
      }
      // werift receives ours in order with loss
      const tx = new SrtpSession(m);
      const wire = packets.map((p) => tx.protect(p));
      const wrx = new WeriftSrtpSession({ keys, profile });
      const kept = lossyNetwork(wire, 12).sort((a, b) => a[0] - b[0]);
      for (const [i, w] of kept) {
        expect(toHex(new Uint8Array(wrx.decrypt(Buffer.from(w)))), `packet ${i}`).toBe(toHex(packets[i]!));
      }
    });

    it('SRTCP: byte-exact with werift, and each side opens the other', () => {
      const reports = rtcpStream(10);
      const werift = new SrtcpSession({ keys, profile });
      const ours = new SrtpSession(m);
      const theirs = reports.map((r) => new Uint8Array(werift.encrypt(Buffer.from(r))));
      const mine = reports.map((r) => ours.protectRtcp(r));
      // werift, like libsrtp, numbers its first SRTCP packet 1; we start at 0 (RFC 3711 §3.4): align
      const w0 = theirs[0]!;
      const base = new DataView(w0.buffer).getUint32(s.cipher === 'AES_GCM' ? w0.length - 4 : w0.length - 14) & 0x7fffffff;
      expect([0, 1]).toContain(base);
      for (let j = 0; j + 2 * base < reports.length; j++) {
        expect(toHex(theirs[j]!)).toBe(toHex(mine[j + 2 * base]!));
      }
      const rx = new SrtpSession(m);
      for (const [i, w] of lossyNetwork(theirs, 13)) {
        const r = rx.unprotectRtcp(w);
        expect(r.ok && toHex(r.packet)).toBe(toHex(reports[i]!));
      }
      const wrx = new SrtcpSession({ keys, profile });
      for (const [i, w] of mine.entries()) {
        expect(toHex(new Uint8Array(wrx.decrypt(Buffer.from(w))))).toBe(toHex(reports[i]!));
      }
    });
  });
}
