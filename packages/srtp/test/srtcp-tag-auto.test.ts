/**
 * `srtcpTagLength: 'auto'`: receive SRTCP from peers that send the RFC 3711 80-bit tag and from those
 * (ffmpeg 5.1, baresip) that send 32 bits with the `_32` suites, one tag length tried per packet.
 */
import { describe, expect, it } from 'vitest';
import { SrtpSession, generateSrtpKeyingMaterial } from '../src/index.js';
import { rtcp, toHex } from './helpers.js';

const material = generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_32');
const sender = (tag: 4 | 10, extra = {}): SrtpSession => new SrtpSession({ ...material, ...extra, srtcpTagLength: tag });
const auto = (extra = {}): SrtpSession => new SrtpSession({ ...material, ...extra, srtcpTagLength: 'auto' });

/** An RTCP compound: a receiver report and an SDES packet of `sdesWords` words (RFC 3550 §6.1). */
function compound(ssrc: number, sdesWords: number): Uint8Array {
  const rr = rtcp(ssrc, 6);
  const sdes = new Uint8Array(4 + 4 * sdesWords);
  sdes[0] = 0x81;
  sdes[1] = 202;
  sdes[3] = sdesWords;
  sdes.fill(0x5a, 4);
  const out = new Uint8Array(rr.length + sdes.length);
  out.set(rr);
  out.set(sdes, rr.length);
  return out;
}

describe("srtcpTagLength: 'auto' (_32 suites)", () => {
  for (const tag of [4, 10] as const) {
    it(`receives a peer that sends ${tag}-byte SRTCP tags, and reports ${tag} once one has authenticated`, () => {
      const tx = sender(tag);
      const rx = auto();
      expect(rx.srtcpTagLengthInUse).toBeUndefined();
      for (let i = 0; i < 5; i++) {
        const p = i % 2 === 0 ? rtcp(0x0a0b0c0d, 1 + i) : compound(0x0a0b0c0d, i);
        const wire = tx.protectRtcp(p);
        expect(wire.length).toBe(p.length + 4 + tag);
        const r = rx.unprotectRtcp(wire);
        expect(r.ok && toHex(r.packet)).toBe(toHex(p));
        expect(rx.srtcpTagLengthInUse).toBe(tag);
      }
    });
  }

  it('works with an MKI and with UNENCRYPTED_SRTCP (the whole compound in clear)', () => {
    for (const extra of [{ mki: { value: 5n, byteLength: 3 } }, { unencryptedSrtcp: true }]) {
      for (const tag of [4, 10] as const) {
        const rx = auto(extra);
        const p = compound(9, 2);
        const r = rx.unprotectRtcp(sender(tag, extra).protectRtcp(p));
        expect([tag, r.ok && toHex(r.packet)]).toEqual([tag, toHex(p)]);
        expect(rx.srtcpTagLengthInUse).toBe(tag);
      }
    }
  });

  it('locks the length of the first authentic packet: the other length is refused afterwards', () => {
    const rx = auto();
    expect(rx.unprotectRtcp(sender(10).protectRtcp(rtcp(1))).ok).toBe(true);
    const short = sender(4).protectRtcp(rtcp(2));
    expect(rx.unprotectRtcp(short)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    expect(rx.srtcpTagLengthInUse).toBe(10);

    const rx4 = auto();
    expect(rx4.unprotectRtcp(sender(4).protectRtcp(rtcp(1))).ok).toBe(true);
    expect(rx4.unprotectRtcp(sender(10).protectRtcp(rtcp(2))).ok).toBe(false);
    expect(rx4.srtcpTagLengthInUse).toBe(4);
  });

  it('a failed packet locks nothing; a size that leaves no whole-word compound is MALFORMED', () => {
    const rx = auto();
    const forged = sender(4).protectRtcp(rtcp(1));
    forged[forged.length - 1]! ^= 1;
    expect(rx.unprotectRtcp(forged)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    expect(rx.srtcpTagLengthInUse).toBeUndefined();
    const good = sender(10).protectRtcp(rtcp(1));
    for (const cut of [1, 3]) {
      expect(rx.unprotectRtcp(good.subarray(0, good.length - cut))).toEqual({ ok: false, reason: 'MALFORMED' });
    }
    expect(rx.unprotectRtcp(new Uint8Array([0x80, 0xc9, 0, 1, 0, 0, 0, 1, 0, 0, 0]))).toEqual({ ok: false, reason: 'TOO_SHORT' });
    expect(rx.srtcpTagLengthInUse).toBeUndefined();
    expect(rx.unprotectRtcp(good).ok).toBe(true);
    expect(rx.srtcpTagLengthInUse).toBe(10);
  });

  it('tries one length per packet: a 10-byte-tag packet with 2 bytes appended is checked as a 4-byte tag, and fails', () => {
    const rx = auto();
    const good = sender(10).protectRtcp(rtcp(1, 3));
    const padded = new Uint8Array(good.length + 2);
    padded.set(good);
    expect(rx.unprotectRtcp(padded)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    expect(rx.unprotectRtcpInto(padded, new Uint8Array(100))).toBe('AUTH_FAILED');
    expect(rx.srtcpTagLengthInUse).toBeUndefined();
  });

  it("protects with the suite's 10 bytes; explicit lengths report themselves", () => {
    const s = auto();
    expect(s.protectRtcp(rtcp(1)).length).toBe(32 + 4 + 10);
    expect(s.protectedRtcpLength(32)).toBe(46);
    expect(sender(4).srtcpTagLengthInUse).toBe(4);
    expect(new SrtpSession(material).srtcpTagLengthInUse).toBe(10);
  });

  it('is the suite length for other suites (nothing to choose)', () => {
    for (const [suite, tag] of [['AES_CM_128_HMAC_SHA1_80', 10], ['AEAD_AES_128_GCM', 16]] as const) {
      const m = generateSrtpKeyingMaterial(suite);
      const rx = new SrtpSession({ ...m, srtcpTagLength: 'auto' });
      expect(rx.srtcpTagLengthInUse).toBe(tag);
      const r = rx.unprotectRtcp(new SrtpSession(m).protectRtcp(rtcp(3)));
      expect(r.ok).toBe(true);
    }
  });
});
