import { describe, expect, it } from 'vitest';
import { SrtpSession, type SrtpSessionOptions } from '../src/index.js';
import { sessionCoreOf } from '../src/srtp-session.js';
import { AesCtr } from '../src/internal/aes-ctr.js';
import { AesGcm } from '../src/internal/aes-gcm-js.js';
import { RtcpStreamState } from '../src/internal/stream-state.js';
import { hex, toHex, vectors } from './helpers.js';

interface Gcm {
  key: string;
  srtp_encrypted: string;
  srtcp_encrypted_E1: string;
  srtcp_tag_only_E0: string;
  srtp_null_cipher_tag_only_pion: string;
}
interface V7714 {
  common: { salt: string; rtp_packet: string; rtcp_packet: string; rtcp_ssrc: string; rtcp_index: string };
  AEAD_AES_128_GCM: Gcm;
  AEAD_AES_256_GCM: Gcm;
}
const v = vectors<V7714>('rfc7714_sections16_17');

/** RFC 7714 §16-17 give session keys directly: build a session, then overwrite its derived keys. */
function session(suite: 'AEAD_AES_128_GCM' | 'AEAD_AES_256_GCM', extra: Partial<SrtpSessionOptions> = {}): SrtpSession {
  const key = hex(v[suite].key);
  const s = new SrtpSession({ suite, masterKey: new Uint8Array(key.length), masterSalt: new Uint8Array(12), ...extra });
  const core = sessionCoreOf(s);
  for (const sk of [core.keys[0]!.srtpKeys(0), core.keys[0]!.srtcpKeys(0)]) {
    sk.encKey.set(key); // used by the node:crypto path (large SRTP packets, all SRTCP)
    sk.salt.set(hex(v.common.salt));
  }
  // SRTP's JavaScript GHASH path over its ECB cipher (SRTCP keeps no cipher: node:crypto per packet)
  const ctr = new AesCtr(key);
  Object.assign(core.keys[0]!.srtpKeys(0), { ctr, gcmJs: new AesGcm(ctr) });
  return s;
}

function flipEachBit(s: SrtpSession, wire: Uint8Array, rtcp: boolean): void {
  for (let bit = 0; bit < wire.length * 8; bit++) {
    const bad = new Uint8Array(wire);
    bad[bit >>> 3]! ^= 0x80 >>> (bit & 7);
    const r = rtcp ? s.unprotectRtcp(bad) : s.unprotect(bad);
    expect(r.ok, `bit ${bit}`).toBe(false);
  }
}

for (const suite of ['AEAD_AES_128_GCM', 'AEAD_AES_256_GCM'] as const) {
  const vs = v[suite];
  // RFC 7714 §16.1 (128) / §16.2 (256): https://www.rfc-editor.org/rfc/rfc7714#section-16
  describe(`RFC 7714 §16 SRTP ${suite}`, () => {
    it('protects the RTP packet byte for byte', () => {
      expect(toHex(session(suite).protect(hex(v.common.rtp_packet)))).toBe(vs.srtp_encrypted);
    });
    it('unprotects it, also at a nonzero offset in a larger buffer', () => {
      const r = session(suite).unprotect(hex(vs.srtp_encrypted));
      expect(r.ok && toHex(r.packet)).toBe(v.common.rtp_packet);
      const big = new Uint8Array(200).fill(0xff);
      const n = session(suite).unprotectInto(hex(vs.srtp_encrypted), big, 7);
      expect(n).toBe(hex(v.common.rtp_packet).length);
      expect(toHex(big.subarray(7, 7 + (n as number)))).toBe(v.common.rtp_packet);
      expect(big[6]).toBe(0xff);
      const out = new Uint8Array(200);
      const m = session(suite).protectInto(hex(v.common.rtp_packet), out, 5);
      expect(toHex(out.subarray(5, 5 + m))).toBe(vs.srtp_encrypted);
    });
    it('negative twin: every single-bit flip and every truncation is refused', () => {
      const s = session(suite);
      flipEachBit(s, hex(vs.srtp_encrypted), false);
      const wire = hex(vs.srtp_encrypted);
      for (let n = 0; n < wire.length; n++) {
        expect(s.unprotect(wire.subarray(0, n)).ok).toBe(false);
      }
      expect(s.unprotect(wire).ok).toBe(true); // state untouched by all those failures
    });
    it('UNENCRYPTED_SRTP: whole packet as AAD, tag only', () => {
      expect(toHex(session(suite, { unencryptedSrtp: true }).protect(hex(v.common.rtp_packet)))).toBe(
        vs.srtp_null_cipher_tag_only_pion,
      );
      const s = session(suite, { unencryptedSrtp: true });
      const r = s.unprotect(hex(vs.srtp_null_cipher_tag_only_pion));
      expect(r.ok && toHex(r.packet)).toBe(v.common.rtp_packet);
      flipEachBit(s, hex(vs.srtp_null_cipher_tag_only_pion), false);
    });
  });

  // RFC 7714 §17: https://www.rfc-editor.org/rfc/rfc7714#section-17
  describe(`RFC 7714 §17 SRTCP ${suite}`, () => {
    const ssrc = parseInt(v.common.rtcp_ssrc, 16);
    const index = parseInt(v.common.rtcp_index, 16);
    const atIndex = (s: SrtpSession): SrtpSession => {
      const st = new RtcpStreamState(64);
      st.next = index;
      sessionCoreOf(s).txRtcp.set(ssrc, st);
      return s;
    };
    it('E=1: protects and unprotects', () => {
      expect(toHex(atIndex(session(suite)).protectRtcp(hex(v.common.rtcp_packet)))).toBe(vs.srtcp_encrypted_E1);
      const r = session(suite).unprotectRtcp(hex(vs.srtcp_encrypted_E1));
      expect(r.ok && toHex(r.packet)).toBe(v.common.rtcp_packet);
    });
    it('E=0 (UNENCRYPTED_SRTCP): authenticated with the RFC 7714 §9.2 AAD', () => {
      expect(toHex(atIndex(session(suite, { unencryptedSrtcp: true })).protectRtcp(hex(v.common.rtcp_packet)))).toBe(
        vs.srtcp_tag_only_E0,
      );
      const r = session(suite, { unencryptedSrtcp: true }).unprotectRtcp(hex(vs.srtcp_tag_only_E0));
      expect(r.ok && toHex(r.packet)).toBe(v.common.rtcp_packet);
    });
    it('negative twins: bit flips (incl. the E bit), truncations, replay', () => {
      const s = session(suite);
      flipEachBit(s, hex(vs.srtcp_encrypted_E1), true);
      flipEachBit(s, hex(vs.srtcp_tag_only_E0), true);
      const wire = hex(vs.srtcp_encrypted_E1);
      for (let n = 0; n < wire.length; n++) {
        expect(s.unprotectRtcp(wire.subarray(0, n)).ok).toBe(false);
      }
      expect(s.unprotectRtcp(wire).ok).toBe(true);
      expect(s.unprotectRtcp(wire)).toEqual({ ok: false, reason: 'REPLAYED' });
    });
  });
}
