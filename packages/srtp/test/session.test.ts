import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SRTP_SUITE_NAMES,
  SrtpError,
  SrtpSession,
  createSrtpSessionPair,
  generateSrtpKeyingMaterial,
  isSrtpError,
  isSupportedSrtpSuite,
  resolveSrtpSuite,
  type SrtpKeyLifetimeWarning,
} from '../src/index.js';
import { rtcp, rtp, toHex } from './helpers.js';
import { sessionCoreOf } from '../src/srtp-session.js';

const payload = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const pkt = (seq: number, ssrc = 0x11223344, n = 160): Uint8Array => rtp({ seq, ssrc, payload: payload(n, seq) });

describe('suites (RFC 4568 §6.2, RFC 6188, RFC 7714 §12)', () => {
  it('accepts legacy aliases and rejects GCM_8 / F8 with a clear error', () => {
    expect(resolveSrtpSuite('AES_CM_256_HMAC_SHA1_32').name).toBe('AES_256_CM_HMAC_SHA1_32');
    expect(resolveSrtpSuite('AES_CM_192_HMAC_SHA1_80').name).toBe('AES_192_CM_HMAC_SHA1_80');
    for (const n of ['AEAD_AES_128_GCM_8', 'AEAD_AES_256_GCM_8', 'F8_128_HMAC_SHA1_80']) {
      expect(isSupportedSrtpSuite(n)).toBe(false);
      expect(() => SrtpSession.generate(n)).toThrow(/recognised but not implemented/);
      try {
        SrtpSession.generate(n);
      } catch (e) {
        expect(isSrtpError(e) && e.code).toBe('UNSUPPORTED_SUITE');
      }
    }
  });
  it('refuses AES_CM_128_NULL_AUTH (no SRTP authentication) and unknown names with UNSUPPORTED_SUITE', () => {
    const codeOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return isSrtpError(e) ? [e.code, e.message] : e;
      }
      return 'no error';
    };
    expect(isSupportedSrtpSuite('AES_CM_128_NULL_AUTH')).toBe(false);
    for (const f of [
      () => resolveSrtpSuite('AES_CM_128_NULL_AUTH'),
      () => SrtpSession.generate('AES_CM_128_NULL_AUTH'),
      () => new SrtpSession({ suite: 'AES_CM_128_NULL_AUTH', masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14) }),
    ]) {
      expect(codeOf(f)).toEqual(['UNSUPPORTED_SUITE', expect.stringMatching(/refused: no SRTP authentication.*no integrity and no replay protection/)]);
    }
    for (const n of ['ROT13', '', 'aes_cm_128_hmac_sha1_80', 'AES_CM_128_HMAC_SHA1_81', 'constructor', 'x'.repeat(10_000)]) {
      expect(codeOf(() => resolveSrtpSuite(n))).toEqual(['UNSUPPORTED_SUITE', expect.stringMatching(/is unknown; expected one of AES_CM_128_HMAC_SHA1_80/)]);
      expect(codeOf(() => SrtpSession.generate(n))).toEqual(['UNSUPPORTED_SUITE', expect.any(String)]);
    }
    expect((codeOf(() => resolveSrtpSuite('x'.repeat(10_000))) as string[])[1]!.length).toBeLessThan(400);
    expect(() => resolveSrtpSuite(42 as unknown as string)).toThrow(TypeError);
    expect(() => resolveSrtpSuite(undefined as unknown as string)).toThrow(TypeError);
  });
  it('_32 suites: 4-byte SRTP tag, 10-byte SRTCP tag', () => {
    const s = SrtpSession.generate('AES_CM_128_HMAC_SHA1_32');
    expect(s.protect(pkt(1)).length).toBe(172 + 4);
    expect(s.protectRtcp(rtcp(1)).length).toBe(32 + 4 + 10);
    expect(s.protectedLength(172)).toBe(176);
    expect(s.protectedRtcpLength(32)).toBe(46);
  });
  it('checks key and salt lengths per suite', () => {
    expect(
      () => new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: new Uint8Array(15), masterSalt: new Uint8Array(14) }),
    ).toThrow('"masterKey" expected 16 bytes, got 15');
    expect(
      () => new SrtpSession({ suite: 'AEAD_AES_128_GCM', masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14) }),
    ).toThrow('"masterSalt" expected 12 bytes, got 14');
    expect(() => new SrtpSession({ ...generateSrtpKeyingMaterial('AEAD_AES_128_GCM'), unauthenticatedSrtp: true })).toThrow(
      RangeError,
    );
    expect(() => new SrtpSession({ ...generateSrtpKeyingMaterial(), keyDerivationRate: 3 })).toThrow(RangeError);
    expect(() => new SrtpSession({ ...generateSrtpKeyingMaterial(), replayWindowSize: 32769 })).toThrow(RangeError);
  });
  it('takes the replay window from the keying material (an SDES WSH hint) and reports it back', () => {
    const m = { ...generateSrtpKeyingMaterial(), replayWindowSize: 1024 };
    const tx = new SrtpSession(m);
    const rx = new SrtpSession(m);
    expect(rx.keyingMaterial.replayWindowSize).toBe(1024);
    expect(new SrtpSession(generateSrtpKeyingMaterial()).keyingMaterial.replayWindowSize).toBeUndefined();
    const wire = Array.from({ length: 1000 }, (_, i) => tx.protect(pkt(i + 1)));
    for (const w of wire.slice(1)) {
      expect(rx.unprotect(w).ok).toBe(true);
    }
    expect(rx.unprotect(wire[0]!).ok).toBe(true); // 999 behind: inside a 1024-packet window
  });
  it('generate() makes distinct random keys of the right lengths for every suite', () => {
    for (const n of SRTP_SUITE_NAMES) {
      const a = SrtpSession.generate(n).keyingMaterial;
      const b = SrtpSession.generate(n).keyingMaterial;
      expect(a.masterKey.length).toBe(resolveSrtpSuite(n).keyLength);
      expect(a.masterSalt.length).toBe(resolveSrtpSuite(n).saltLength);
      expect(toHex(a.masterKey)).not.toBe(toHex(b.masterKey));
    }
  });
});

describe('RFC 3711 §3.1 packet layout', () => {
  it('encrypts after the CSRC list and header extension; header authenticated, never rewritten', () => {
    const p = rtp({
      seq: 7,
      ssrc: 9,
      csrcs: [1, 2, 3],
      extension: { profile: 0xbede, data: payload(8) },
      payload: payload(50),
      padding: 4,
    });
    const hdr = 12 + 12 + 4 + 8;
    const s = SrtpSession.generate();
    const wire = s.protect(p);
    expect(toHex(wire.subarray(0, hdr))).toBe(toHex(p.subarray(0, hdr)));
    expect(toHex(wire.subarray(hdr, p.length))).not.toBe(toHex(p.subarray(hdr)));
    const rx = new SrtpSession(s.keyingMaterial);
    const flipped = new Uint8Array(wire);
    flipped[hdr - 1]! ^= 1; // extension byte: authenticated
    expect(rx.unprotect(flipped)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    const r = rx.unprotect(wire);
    expect(r.ok && toHex(r.packet)).toBe(toHex(p));
  });
  it('protect throws MALFORMED for CSRC count or extension length past the end; unprotect says MALFORMED', () => {
    const s = SrtpSession.generate();
    const bad = pkt(1).subarray(0, 20);
    bad[0] = 0x8f; // 15 CSRCs in 20 bytes
    expect(() => s.protect(bad)).toThrow(SrtpError);
    try {
      s.protect(bad);
    } catch (e) {
      expect((e as SrtpError).code).toBe('MALFORMED');
    }
    const ext = rtp({ seq: 1, ssrc: 1, extension: { profile: 1, data: payload(4) }, payload: payload(4) });
    ext[15] = 200; // extension length 200 words
    expect(() => s.protect(ext)).toThrow(/header extension/);
    expect(() => s.protect(new Uint8Array(5))).toThrow(/12 bytes/);
    expect(s.unprotect(new Uint8Array([0x8f, ...new Uint8Array(40)]))).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(s.unprotect(new Uint8Array(30))).toEqual({ ok: false, reason: 'MALFORMED' }); // version 0
  });
  it('protect returns a new buffer each call; protectInto honours the offset and checks room', () => {
    const s = SrtpSession.generate();
    const a = s.protect(pkt(1));
    const b = s.protect(pkt(2));
    expect(a.buffer).not.toBe(b.buffer);
    const out = new Uint8Array(400).fill(0xee);
    const n = s.protectInto(pkt(3), out, 10);
    expect(n).toBe(182);
    expect(out[9]).toBe(0xee);
    expect(out[192]).toBe(0xee);
    expect(() => s.protectInto(pkt(4), new Uint8Array(100))).toThrow(RangeError);
  });
  it('unprotectInto works in place', () => {
    const tx = SrtpSession.generate('AES_256_CM_HMAC_SHA1_80');
    const rx = new SrtpSession(tx.keyingMaterial);
    const p = pkt(5);
    const wire = tx.protect(p);
    const n = rx.unprotectInto(wire, wire, 0);
    expect(n).toBe(p.length);
    expect(toHex(wire.subarray(0, p.length))).toBe(toHex(p));
  });
});

describe('negative cases', () => {
  for (const suite of SRTP_SUITE_NAMES) {
    it(`${suite}: every single-bit flip of an SRTP and an SRTCP packet is AUTH_FAILED`, () => {
      const tx = SrtpSession.generate(suite);
      const rx = new SrtpSession(tx.keyingMaterial);
      const wire = tx.protect(pkt(100, 5, 20));
      for (let bit = 0; bit < wire.length * 8; bit++) {
        const bad = new Uint8Array(wire);
        bad[bit >>> 3]! ^= 0x80 >>> (bit & 7);
        const r = rx.unprotect(bad);
        expect(r.ok).toBe(false);
        // flips of version / X / CC bits may make the header MALFORMED; every other bit is AUTH_FAILED
        expect(r.ok ? '' : r.reason).toBe(bit < 8 && !r.ok && r.reason === 'MALFORMED' ? 'MALFORMED' : 'AUTH_FAILED');
        if (bit < 2) {
          expect(r.ok ? '' : r.reason).toBe('MALFORMED');
        }
      }
      const c = tx.protectRtcp(rtcp(5, 2));
      for (let bit = 2; bit < c.length * 8; bit++) {
        const bad = new Uint8Array(c);
        bad[bit >>> 3]! ^= 0x80 >>> (bit & 7);
        expect(rx.unprotectRtcp(bad)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
      }
      expect(rx.unprotect(wire).ok).toBe(true);
      expect(rx.unprotectRtcp(c).ok).toBe(true);
    });
  }
  it('truncations are TOO_SHORT / AUTH_FAILED / MALFORMED, never ok', () => {
    const tx = SrtpSession.generate();
    const rx = new SrtpSession(tx.keyingMaterial);
    const wire = tx.protect(pkt(1));
    for (let n = 0; n < wire.length; n++) {
      const r = rx.unprotect(wire.subarray(0, n));
      expect(r.ok).toBe(false);
      if (n < 22) {
        expect(r.ok ? '' : r.reason).toBe(n < 12 ? 'TOO_SHORT' : 'TOO_SHORT');
      }
    }
    const c = tx.protectRtcp(rtcp(1));
    for (let n = 0; n < c.length; n++) {
      expect(rx.unprotectRtcp(c.subarray(0, n)).ok).toBe(false);
    }
  });
  it('replays are REPLAYED, SRTP and SRTCP', () => {
    const tx = SrtpSession.generate();
    const rx = new SrtpSession(tx.keyingMaterial);
    const w = tx.protect(pkt(1));
    const c = tx.protectRtcp(rtcp(1));
    expect(rx.unprotect(w).ok).toBe(true);
    expect(rx.unprotect(w)).toEqual({ ok: false, reason: 'REPLAYED' });
    expect(rx.unprotectRtcp(c).ok).toBe(true);
    expect(rx.unprotectRtcp(c)).toEqual({ ok: false, reason: 'REPLAYED' });
  });
  it('a wrong key is AUTH_FAILED', () => {
    const tx = SrtpSession.generate();
    const rx = SrtpSession.generate();
    expect(rx.unprotect(tx.protect(pkt(1)))).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    expect(rx.unprotectRtcp(tx.protectRtcp(rtcp(1)))).toEqual({ ok: false, reason: 'AUTH_FAILED' });
  });
  it('SRTCP E-bit flip is AUTH_FAILED (libsrtp#20)', () => {
    const tx = SrtpSession.generate();
    const rx = new SrtpSession(tx.keyingMaterial);
    const c = tx.protectRtcp(rtcp(1));
    const bad = new Uint8Array(c);
    bad[c.length - 14]! ^= 0x80;
    expect(rx.unprotectRtcp(bad)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
  });
  it('UNENCRYPTED_SRTCP sends E=0 and is still authenticated', () => {
    const m = { ...generateSrtpKeyingMaterial(), unencryptedSrtcp: true };
    const tx = new SrtpSession(m);
    const rx = new SrtpSession(m);
    const p = rtcp(3);
    const c = tx.protectRtcp(p);
    expect(toHex(c.subarray(0, p.length))).toBe(toHex(p));
    expect(c[p.length]! & 0x80).toBe(0);
    const bad = new Uint8Array(c);
    bad[10]! ^= 1;
    expect(rx.unprotectRtcp(bad)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    expect(rx.unprotectRtcp(c).ok).toBe(true);
  });
  it('UNAUTHENTICATED_SRTP: no SRTP tag, SRTCP keeps its tag', () => {
    const m = { ...generateSrtpKeyingMaterial(), unauthenticatedSrtp: true };
    const tx = new SrtpSession(m);
    expect(tx.protect(pkt(1)).length).toBe(172);
    expect(tx.protectRtcp(rtcp(1)).length).toBe(32 + 14);
    const r = new SrtpSession(m).unprotect(tx.protect(pkt(2)));
    expect(r.ok && toHex(r.packet)).toBe(toHex(pkt(2)));
  });
  it('never throws on a non-Uint8Array either', () => {
    const s = SrtpSession.generate();
    expect(s.unprotect(null as unknown as Uint8Array).ok).toBe(false);
    expect(s.unprotectRtcp({} as unknown as Uint8Array).ok).toBe(false);
  });
});

describe('MKI (RFC 3711 §3.1)', () => {
  const k = (v: bigint, fill: number) => ({
    masterKey: new Uint8Array(16).fill(fill),
    masterSalt: new Uint8Array(14).fill(fill),
    mki: { value: v, byteLength: 2 },
  });
  const opts = { suite: 'AES_CM_128_HMAC_SHA1_80', ...k(1n, 1), keys: [k(1n, 1), k(0x0203n, 2)] };
  it('places the MKI between payload and tag, selects the key by MKI on receive', () => {
    const tx = new SrtpSession({ ...opts, sendMki: 0x0203n });
    const rx = new SrtpSession(opts);
    const wire = tx.protect(pkt(1));
    expect(wire.length).toBe(172 + 2 + 10);
    expect(toHex(wire.subarray(172, 174))).toBe('0203');
    expect(rx.unprotect(wire).ok).toBe(true);
    tx.selectSendKey(1n);
    const w2 = tx.protect(pkt(2));
    expect(toHex(w2.subarray(172, 174))).toBe('0001');
    expect(rx.unprotect(w2).ok).toBe(true);
    // key 2 and key 1 encrypt differently
    expect(toHex(w2.subarray(12, 172))).not.toBe(toHex(new SrtpSession({ ...opts, sendMki: 0x0203n }).protect(pkt(2)).subarray(12, 172)));
    const c = tx.protectRtcp(rtcp(1));
    expect(toHex(c.subarray(36, 38))).toBe('0001');
    expect(rx.unprotectRtcp(c).ok).toBe(true);
  });
  it('an unknown MKI is UNKNOWN_MKI; an MKI pointing at the other key is AUTH_FAILED', () => {
    const tx = new SrtpSession(opts);
    const rx = new SrtpSession(opts);
    const wire = tx.protect(pkt(1));
    const bad = new Uint8Array(wire);
    bad[173] = 0x77;
    expect(rx.unprotect(bad)).toEqual({ ok: false, reason: 'UNKNOWN_MKI' });
    const other = new Uint8Array(wire);
    other[172] = 2;
    other[173] = 3;
    expect(rx.unprotect(other)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    const c = new Uint8Array(tx.protectRtcp(rtcp(1)));
    c[37] = 0x55;
    expect(rx.unprotectRtcp(c)).toEqual({ ok: false, reason: 'UNKNOWN_MKI' });
  });
  it('GCM: MKI after the tag', () => {
    const g = (v: bigint, fill: number) => ({ masterKey: new Uint8Array(16).fill(fill), masterSalt: new Uint8Array(12).fill(fill), mki: { value: v, byteLength: 1 } });
    const o = { suite: 'AEAD_AES_128_GCM', ...g(9n, 1), keys: [g(9n, 1), g(8n, 2)] };
    const tx = new SrtpSession(o);
    const wire = tx.protect(pkt(1));
    expect(wire.length).toBe(172 + 16 + 1);
    expect(wire[188]).toBe(9);
    expect(new SrtpSession(o).unprotect(wire).ok).toBe(true);
  });
  it('rejects several keys without MKI, mixed MKI lengths, an unknown sendMki', () => {
    const plain = { masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14) };
    expect(() => new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...plain, keys: [plain, plain] })).toThrow(RangeError);
    expect(
      () => new SrtpSession({ ...opts, keys: [k(1n, 1), { ...k(2n, 2), mki: { value: 2n, byteLength: 3 } }] }),
    ).toThrow(RangeError);
    expect(() => new SrtpSession({ ...opts, sendMki: 99 })).toThrow(RangeError);
  });
});

describe('key lifetime (RFC 3711 §9.2, RFC 4568 §6.1)', () => {
  it('warns at the threshold, refuses to protect past the lifetime, receiver says KEY_EXPIRED', () => {
    const warnings: SrtpKeyLifetimeWarning[] = [];
    const m = { ...generateSrtpKeyingMaterial(), lifetime: 10n };
    const tx = new SrtpSession({ ...m, keyLifetimeWarningThreshold: 3, onKeyLifetimeWarning: (w) => warnings.push(w) });
    const rx = new SrtpSession(m);
    const wires: Uint8Array[] = [];
    for (let i = 0; i < 10; i++) {
      wires.push(tx.protect(pkt(i)));
      expect(warnings.length).toBe(i >= 6 ? 1 : 0);
    }
    expect(warnings[0]).toEqual({ family: 'srtp', keyIndex: 0, mki: undefined, used: 7, limit: 10, remaining: 3 });
    expect(() => tx.protect(pkt(10))).toThrow(expect.objectContaining({ code: 'KEY_EXPIRED' }));
    for (const w of wires) {
      expect(rx.unprotect(w).ok).toBe(true);
    }
    // an 11th authentic packet (from a sender that ignored the lifetime) is refused
    const rogue = new SrtpSession(m);
    for (let i = 0; i < 10; i++) {
      rogue.protect(pkt(i));
    }
    const tx2 = new SrtpSession({ ...m, lifetime: 100 });
    for (let i = 0; i < 11; i++) {
      tx2.protect(pkt(i));
    }
    expect(rx.unprotect(tx2.protect(pkt(11)))).toEqual({ ok: false, reason: 'KEY_EXPIRED' });
  });
  it('re-keying by MKI: key 1 spent, key 2 carries on; SRTCP warns with its own family', () => {
    const warnings: SrtpKeyLifetimeWarning[] = [];
    const k = (v: bigint, fill: number) => ({
      masterKey: new Uint8Array(16).fill(fill),
      masterSalt: new Uint8Array(14).fill(fill),
      mki: { value: v, byteLength: 1 },
      lifetime: 4,
    });
    const o = { suite: 'AES_CM_128_HMAC_SHA1_80', ...k(1n, 1), keys: [k(1n, 1), k(2n, 2)] };
    const tx = new SrtpSession({ ...o, keyLifetimeWarningThreshold: 1, onKeyLifetimeWarning: (w) => warnings.push(w) });
    const rx = new SrtpSession(o);
    for (let i = 0; i < 4; i++) {
      expect(rx.unprotect(tx.protect(pkt(i))).ok).toBe(true);
      expect(rx.unprotectRtcp(tx.protectRtcp(rtcp(1))).ok).toBe(true);
    }
    expect(warnings.map((w) => [w.family, w.mki, w.remaining])).toEqual([
      ['srtp', 1n, 1],
      ['srtcp', 1n, 1],
    ]);
    expect(() => tx.protect(pkt(4))).toThrow(expect.objectContaining({ code: 'KEY_EXPIRED' }));
    tx.selectSendKey(2n);
    expect(rx.unprotect(tx.protect(pkt(4))).ok).toBe(true);
    expect(rx.unprotectRtcp(tx.protectRtcp(rtcp(1))).ok).toBe(true);
  });
  it('SRTCP counts separately; its index never wraps past 2^31-1', () => {
    const m = { ...generateSrtpKeyingMaterial(), lifetime: 3 };
    const tx = new SrtpSession(m);
    for (let i = 0; i < 3; i++) {
      tx.protectRtcp(rtcp(1));
    }
    expect(() => tx.protectRtcp(rtcp(1))).toThrow(/lifetime/);
    tx.protect(pkt(1)); // SRTP budget untouched
    const big = SrtpSession.generate();
    const core = sessionCoreOf(big);
    big.protectRtcp(rtcp(7));
    core.txRtcp.get(7)!.next = 0x7fffffff;
    big.protectRtcp(rtcp(7));
    expect(() => big.protectRtcp(rtcp(7))).toThrow(expect.objectContaining({ code: 'KEY_EXPIRED' }));
  });
  it('keyingMaterial is a copy: mutating it does not change the session', () => {
    const s = SrtpSession.generate();
    const rx = new SrtpSession(s.keyingMaterial);
    s.keyingMaterial.masterKey.fill(7);
    expect(rx.unprotect(s.protect(pkt(1))).ok).toBe(true);
  });
  it('dispose zeroizes keys and refuses packets', () => {
    const s = SrtpSession.generate();
    const km = s.keyingMaterial;
    s.dispose();
    expect(km.masterKey.every((b) => b === 0)).toBe(true);
    expect(() => s.protect(pkt(1))).toThrow(expect.objectContaining({ code: 'KEY_EXPIRED' }));
    expect(s.unprotect(pkt(1))).toEqual({ ok: false, reason: 'KEY_EXPIRED' });
  });
});

describe('session pair and SSRC limit', () => {
  it('send protects with local, receive unprotects with remote', () => {
    const a = generateSrtpKeyingMaterial();
    const b = generateSrtpKeyingMaterial();
    const alice = createSrtpSessionPair({ local: a, remote: b });
    const bob = createSrtpSessionPair({ local: b, remote: a });
    const r = bob.receive.unprotect(alice.send.protect(pkt(1)));
    expect(r.ok && toHex(r.packet)).toBe(toHex(pkt(1)));
    expect(alice.receive.unprotect(alice.send.protect(pkt(2))).ok).toBe(false);
    expect(() => createSrtpSessionPair({ local: a, remote: a })).toThrow(RangeError);
    // @ts-expect-error: the send half cannot unprotect
    expect(alice.send.unprotect).toBeDefined();
  });
  it('forged packets from many SSRCs create no state; authentic ones past maxSsrcs get SSRC_LIMIT', () => {
    const m = generateSrtpKeyingMaterial();
    const rx = new SrtpSession({ ...m, maxSsrcs: 2 });
    const forger = SrtpSession.generate(undefined, { maxSsrcs: 200 });
    for (let ssrc = 0; ssrc < 100; ssrc++) {
      expect(rx.unprotect(forger.protect(pkt(1, ssrc))).ok).toBe(false);
    }
    const tx = new SrtpSession(m);
    expect(rx.unprotect(tx.protect(pkt(1, 1))).ok).toBe(true);
    expect(rx.unprotect(tx.protect(pkt(1, 2))).ok).toBe(true);
    expect(rx.unprotect(tx.protect(pkt(1, 3)))).toEqual({ ok: false, reason: 'SSRC_LIMIT' });
    expect(rx.unprotect(tx.protect(pkt(2, 1))).ok).toBe(true);
    const small = new SrtpSession({ ...m, maxSsrcs: 1 });
    small.protect(pkt(1, 1));
    expect(() => small.protect(pkt(1, 2))).toThrow(expect.objectContaining({ code: 'SSRC_LIMIT' }));
  });
});

describe('SRTCP tag length of the _32 suites (srtcpTagLength)', () => {
  const material = generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_32');

  it('is 10 bytes by default and 4 when asked, the 4 being the first 4 of the 80-bit HMAC', () => {
    const p = rtcp(0x0a0b0c0d);
    const long = new SrtpSession(material).protectRtcp(p);
    const short = new SrtpSession({ ...material, srtcpTagLength: 4 }).protectRtcp(p);
    expect(long.length).toBe(p.length + 4 + 10);
    expect(short.length).toBe(p.length + 4 + 4);
    expect(new SrtpSession({ ...material, srtcpTagLength: 4 }).protectedRtcpLength(p.length)).toBe(short.length);
    expect(toHex(short)).toBe(toHex(long.subarray(0, short.length)));
  });

  it('round-trips with 4 on both sides; a receiver expecting the other length refuses', () => {
    const tx = new SrtpSession({ ...material, srtcpTagLength: 4 });
    const rx = new SrtpSession({ ...material, srtcpTagLength: 4 });
    const p = rtcp(7, 3);
    const r = rx.unprotectRtcp(tx.protectRtcp(p));
    expect(r.ok && toHex(r.packet)).toBe(toHex(p));
    expect(new SrtpSession(material).unprotectRtcp(tx.protectRtcp(p)).ok).toBe(false);
    expect(rx.unprotectRtcp(new SrtpSession(material).protectRtcp(p)).ok).toBe(false);
    // SRTP keeps its own 4-byte tag either way
    expect(tx.protect(pkt(1)).length).toBe(12 + 160 + 4);
  });

  it('is refused for suites other than _32, and for other lengths', () => {
    expect(() => new SrtpSession({ ...generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_80'), srtcpTagLength: 4 })).toThrow(
      /"srtcpTagLength" expected 10 for AES_CM_128_HMAC_SHA1_80, got 4/,
    );
    expect(() => new SrtpSession({ ...generateSrtpKeyingMaterial('AEAD_AES_128_GCM'), srtcpTagLength: 4 })).toThrow(RangeError);
    expect(() => new SrtpSession({ ...material, srtcpTagLength: 7 as 4 })).toThrow(/expected 10 or 4 for AES_CM_128_HMAC_SHA1_32, got 7/);
    expect(new SrtpSession({ ...material, srtcpTagLength: 10 }).protectRtcp(rtcp(1)).length).toBe(32 + 4 + 10);
    expect(new SrtpSession({ ...generateSrtpKeyingMaterial('NULL_HMAC_SHA1_32'), srtcpTagLength: 4 }).protectRtcp(rtcp(1)).length).toBe(32 + 4 + 4);
  });
});

describe('nativeAesGcm: every AES-GCM packet through a node:crypto cipher', () => {
  /** Counts native cipher `update` calls while `fn` runs. */
  function updatesDuring(fn: () => void): number {
    let proto = Object.getPrototypeOf(createCipheriv('aes-128-ecb', new Uint8Array(16), null)) as object;
    while (!Object.prototype.hasOwnProperty.call(proto, 'update')) {
      proto = Object.getPrototypeOf(proto) as object;
    }
    const p = proto as { update: (...a: unknown[]) => unknown };
    const update = p.update;
    let n = 0;
    p.update = function (this: unknown, ...a: unknown[]) {
      n++;
      return update.apply(this, a);
    };
    try {
      fn();
    } finally {
      p.update = update;
    }
    return n;
  }

  for (const suite of ['AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'] as const) {
    it(`${suite}: the same packets as the default path, both ways, at 172 and 1212 bytes`, () => {
      const material = generateSrtpKeyingMaterial(suite);
      const own = new SrtpSession(material);
      const native = new SrtpSession({ ...material, nativeAesGcm: true });
      const ownRx = new SrtpSession(material);
      const nativeRx = new SrtpSession({ ...material, nativeAesGcm: true });
      for (let seq = 1; seq <= 40; seq++) {
        const p = pkt(seq, 0x51, seq % 2 === 0 ? 160 : 1200);
        const a = own.protect(p);
        const b = native.protect(p);
        expect(toHex(b)).toBe(toHex(a));
        const r1 = nativeRx.unprotect(a);
        const r2 = ownRx.unprotect(b);
        expect(r1.ok && toHex(r1.packet)).toBe(toHex(p));
        expect(r2.ok && toHex(r2.packet)).toBe(toHex(p));
      }
      const bad = native.protect(pkt(41, 0x51));
      bad[20]! ^= 1;
      expect(nativeRx.unprotect(bad)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
    });
  }

  it('makes a cipher per packet (one native update at least per packet), the default one per batch', () => {
    const material = generateSrtpKeyingMaterial('AEAD_AES_128_GCM');
    const own = new SrtpSession(material);
    const native = new SrtpSession({ ...material, nativeAesGcm: true });
    const out = new Uint8Array(300);
    own.protectInto(pkt(1), out);
    native.protectInto(pkt(1), out);
    const ownUpdates = updatesDuring(() => {
      for (let seq = 2; seq < 66; seq++) {
        own.protectInto(pkt(seq), out);
      }
    });
    const nativeUpdates = updatesDuring(() => {
      for (let seq = 2; seq < 66; seq++) {
        native.protectInto(pkt(seq), out);
      }
    });
    expect(ownUpdates).toBeLessThanOrEqual(64 / 16 + 2);
    expect(nativeUpdates).toBeGreaterThanOrEqual(64);
  });

  it('changes nothing for AES-CM suites', () => {
    const material = generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_80');
    const p = pkt(9);
    expect(toHex(new SrtpSession({ ...material, nativeAesGcm: true }).protect(p))).toBe(toHex(new SrtpSession(material).protect(p)));
  });
});
