import { describe, expect, it } from 'vitest';
import {
  SdpCryptoError,
  formatCryptoAttribute,
  getCryptoSuite,
  parseCryptoAttribute,
  selectCryptoAnswer,
} from '../src/index.js';
import type { SrtpSessionParam } from '../src/index.js';
import { concat, unb64, vectors } from './helpers.js';

interface VectorKey {
  method: string;
  key_salt_b64: string;
  lifetime: string | null;
  mki: number;
  mki_length: number;
}
interface VectorLine {
  where: string;
  line: string;
  expect: { tag: number; suite: string; keys: VectorKey[]; session_params: string[] };
}
interface Rfc4568Vectors {
  lines: VectorLine[];
  offer_sdp_example: string[];
  session_param_keywords_rfc4568_6_3: string[];
}

const V = vectors<Rfc4568Vectors>('rfc4568_sdes.json');

/** `2^20` -> 1048576, as the vector file writes lifetimes. */
const lifetimeOf = (text: string): number => (text.startsWith('2^') ? 2 ** Number(text.slice(2)) : Number(text));
const paramText = (p: SrtpSessionParam): string =>
  p.type === 'FEC_ORDER' ? `FEC_ORDER=${p.order}` : p.type === 'EXTENSION' ? p.value : p.type;

const expectThrowsCode = (f: () => unknown, code: string, offset?: number): void => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SdpCryptoError);
    expect((e as SdpCryptoError).code).toBe(code);
    if (offset !== undefined) {
      expect((e as SdpCryptoError).offset).toBe(offset);
    }
    return;
  }
  expect.unreachable(`expected SdpCryptoError ${code}`);
};

describe('RFC 4568 examples (test/vectors/rfc4568_sdes.json)', () => {
  it('has the expected vector count', () => expect(V.lines.length).toBe(7));

  for (const v of V.lines) {
    describe(`${v.where}: ${v.line.slice(0, 60)}…`, () => {
      const attr = parseCryptoAttribute(v.line);
      const info = getCryptoSuite(v.expect.suite);

      it('parses tag and suite', () => {
        expect(attr.tag).toBe(v.expect.tag);
        expect(attr.suite).toBe(v.expect.suite);
        expect(info).toBeDefined();
      });

      it('parses every key param: key, salt, lifetime, MKI', () => {
        expect(attr.keyParams).toHaveLength(v.expect.keys.length);
        v.expect.keys.forEach((k, i) => {
          const p = attr.keyParams[i];
          expect(k.method).toBe('inline');
          const raw = unb64(k.key_salt_b64);
          expect(raw.length).toBe(30);
          expect(p?.masterKey.length).toBe(info?.masterKeyLength);
          expect(p?.masterSalt.length).toBe(info?.masterSaltLength);
          expect(concat(p!.masterKey, p!.masterSalt)).toEqual(raw);
          expect(p?.lifetime).toBe(k.lifetime === null ? undefined : lifetimeOf(k.lifetime));
          expect(p?.mki).toEqual({ value: BigInt(k.mki), byteLength: k.mki_length });
        });
      });

      it('parses the session params', () => {
        expect(attr.sessionParams.map(paramText)).toEqual(v.expect.session_params);
      });

      it('formats back to the same line', () => {
        expect(formatCryptoAttribute(attr, { prefix: true })).toBe(v.line);
        expect(formatCryptoAttribute(attr)).toBe(v.line.slice('a=crypto:'.length));
      });

      it('parses the same inside a larger text (leading CRLF and spaces, trailing CRLF)', () => {
        const again = parseCryptoAttribute(`\r\n  ${v.line}\r\n`);
        expect(again).toEqual(attr);
      });

      // Negative twins: the same line, corrupted.
      const keyAt = v.line.indexOf('inline:') + 'inline:'.length;
      it('rejects a corrupted base64 character, at its offset', () => {
        const bad = `${v.line.slice(0, keyAt + 5)}!${v.line.slice(keyAt + 6)}`;
        expectThrowsCode(() => parseCryptoAttribute(bad), 'BAD_BASE64', keyAt + 5);
        expectThrowsCode(() => parseCryptoAttribute(`  ${bad}`), 'BAD_BASE64', keyAt + 7);
      });
      it('rejects a key four characters (three bytes) short', () => {
        const bad = `${v.line.slice(0, keyAt)}${v.line.slice(keyAt + 4)}`;
        expectThrowsCode(() => parseCryptoAttribute(bad), 'BAD_KEY_LENGTH', keyAt);
      });
      it('rejects a corrupted MKI length (0) and lifetime (2^65)', () => {
        expectThrowsCode(() => parseCryptoAttribute(v.line.replace(/\|(\d+):(\d+)/, '|$1:0')), 'BAD_MKI');
        if (v.line.includes('|2^20')) {
          expectThrowsCode(() => parseCryptoAttribute(v.line.replace('|2^20', '|2^65')), 'BAD_LIFETIME');
        }
      });
      it('rejects a non-numeric tag', () => {
        expectThrowsCode(() => parseCryptoAttribute(v.line.replace(/^a=crypto:\d+/, 'a=crypto:1x')), 'BAD_TAG', 9);
      });
    });
  }

  describe('the offer SDP example, answered with the default policy', () => {
    const lines = V.offer_sdp_example.filter((l) => l.startsWith('a=crypto:'));
    it('refuses both lines: FEC_ORDER is not supported, F8 is recognised only', () => {
      const result = selectCryptoAnswer(lines);
      expect(result.ok).toBe(false);
      expect(result.rejections.map((r) => [r.tag, r.code])).toEqual([
        [1, 'UNSUPPORTED_SESSION_PARAM'],
        [2, 'UNSUPPORTED_SUITE'],
      ]);
    });
    it('answers the FEC-free answer example, echoing tag 1 with a fresh key', () => {
      const example = V.lines.find((l) => l.where === 'answer example')!;
      const result = selectCryptoAnswer([example.line]);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.tag).toBe(1);
        expect(result.remote.mki).toEqual({ value: 1n, byteLength: 4 });
        expect(result.remote.lifetime).toBe(2 ** 20);
        expect(result.local.masterKey).not.toEqual(result.remote.masterKey);
      }
    });
  });

  it('knows every session parameter keyword of RFC 4568 §6.3', () => {
    const samples = ['KDR=10', 'UNENCRYPTED_SRTCP', 'UNENCRYPTED_SRTP', 'UNAUTHENTICATED_SRTP', 'FEC_ORDER=SRTP_FEC',
      'FEC_KEY=inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4', 'WSH=64'];
    expect(samples.map((s) => s.split('=')[0])).toEqual(
      V.session_param_keywords_rfc4568_6_3.map((k) => k.split(/[=<]/)[0]),
    );
    const attr = parseCryptoAttribute(
      `1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR ${samples.join(' ')}`,
    );
    expect(attr.sessionParams.map((p) => p.type)).toEqual([
      'KDR', 'UNENCRYPTED_SRTCP', 'UNENCRYPTED_SRTP', 'UNAUTHENTICATED_SRTP', 'FEC_ORDER', 'FEC_KEY', 'WSH',
    ]);
    expect(attr.sessionParams).toContainEqual({ type: 'KDR', exponent: 10 });
    expect(attr.sessionParams).toContainEqual({ type: 'WSH', windowSize: 64 });
    const fec = attr.sessionParams.find((p) => p.type === 'FEC_KEY');
    expect(fec?.type === 'FEC_KEY' && fec.keyParams[0]?.mki).toEqual({ value: 1n, byteLength: 4 });
    expect(formatCryptoAttribute(attr).endsWith(samples.join(' '))).toBe(true);
  });
});
