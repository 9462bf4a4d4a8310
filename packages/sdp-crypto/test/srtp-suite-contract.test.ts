/**
 * Contract between @voip/sdp-crypto's suite table and @voip/srtp's (neither imports the other): the same
 * names, key and salt lengths, tag lengths, and the same verdict on whether sessions can be built.
 * RFC 4568 §6.2, RFC 6188 §3, RFC 7714 §12.
 */
import { SRTP_SUITE_NAMES, isSrtpError, isSupportedSrtpSuite, resolveSrtpSuite } from '@voip/srtp';
import { describe, expect, it } from 'vitest';
import { CRYPTO_SUITES, CryptoSuiteStatus } from '../src/index.js';

/** What resolveSrtpSuite says about a name: its lengths, or the SrtpError code and message. */
function srtpVerdict(name: string): Record<string, unknown> {
  try {
    const s = resolveSrtpSuite(name);
    return {
      name: s.name,
      keyLength: s.keyLength,
      saltLength: s.saltLength,
      srtpTagLength: s.srtpTagLength,
      srtcpTagLength: s.srtcpTagLength,
    };
  } catch (e) {
    return isSrtpError(e) ? { code: e.code, message: e.message } : { thrown: String(e) };
  }
}

describe('contract: the suite tables of @voip/sdp-crypto and @voip/srtp agree', () => {
  for (const info of CRYPTO_SUITES) {
    for (const name of [info.name, ...info.aliases]) {
      it(`${name} (${info.status})`, () => {
        if (info.status === CryptoSuiteStatus.IMPLEMENTED) {
          expect(isSupportedSrtpSuite(name)).toBe(true);
          expect(srtpVerdict(name)).toEqual({
            name: info.name,
            keyLength: info.masterKeyLength,
            saltLength: info.masterSaltLength,
            srtpTagLength: info.srtpAuthTagLength,
            srtcpTagLength: info.srtcpAuthTagLength,
          });
        } else {
          expect(isSupportedSrtpSuite(name)).toBe(false);
          expect(srtpVerdict(name)).toEqual({
            code: 'UNSUPPORTED_SUITE',
            message: info.status === CryptoSuiteStatus.REFUSED ? expect.stringMatching(/refused: no SRTP authentication/) : expect.stringMatching(/recognised but not implemented/),
          });
        }
      });
    }
  }
  it('@voip/srtp implements exactly the suites marked implemented, and refuses exactly the refused ones', () => {
    const implemented = CRYPTO_SUITES.filter((s) => s.status === CryptoSuiteStatus.IMPLEMENTED).map((s) => s.name);
    expect([...SRTP_SUITE_NAMES].sort()).toEqual([...implemented].sort());
    const refused = CRYPTO_SUITES.filter((s) => s.status === CryptoSuiteStatus.REFUSED);
    expect(refused.map((s) => s.name)).toEqual(['AES_CM_128_NULL_AUTH']);
    expect(refused.every((s) => s.srtpAuthTagLength === 0)).toBe(true);
  });
  it('a name neither table knows is UNSUPPORTED_SUITE in @voip/srtp', () => {
    expect(srtpVerdict('ROT13')).toMatchObject({ code: 'UNSUPPORTED_SUITE' });
  });
});
