/**
 * unprotect / unprotectRtcp turn what a peer can send into a result, but a defect inside the package
 * must surface as an exception, not pass for a MALFORMED packet.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SrtpError, SrtpSession } from '../src/index.js';
import { SessionCore } from '../src/internal/session-core.js';
import { rtcp, rtp } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const packet = rtp({ seq: 1, ssrc: 7, payload: new Uint8Array(20) });

describe('unprotect / unprotectRtcp: only wire-format problems become results', () => {
  it('an internal failure is thrown, not reported as MALFORMED', () => {
    const tx = SrtpSession.generate();
    const rx = new SrtpSession(tx.keyingMaterial);
    const srtp = tx.protect(packet);
    const srtcp = tx.protectRtcp(rtcp(7));
    const bug = new TypeError('injected defect');
    vi.spyOn(SessionCore.prototype, 'keyForMki').mockImplementation(() => {
      throw bug;
    });
    expect(() => rx.unprotect(srtp)).toThrow(bug);
    expect(() => rx.unprotectRtcp(srtcp)).toThrow(bug);
    vi.restoreAllMocks();
    expect(rx.unprotect(srtp).ok).toBe(true);
    expect(rx.unprotectRtcp(srtcp).ok).toBe(true);
  });

  it("the package's own MALFORMED error still becomes a result; its other codes are thrown", () => {
    const rx = SrtpSession.generate();
    const srtp = SrtpSession.generate().protect(packet);
    vi.spyOn(SessionCore.prototype, 'keyForMki').mockImplementation(() => {
      throw new SrtpError('MALFORMED', 'injected wire-format error');
    });
    expect(rx.unprotect(srtp)).toEqual({ ok: false, reason: 'MALFORMED' });
    vi.spyOn(SessionCore.prototype, 'keyForMki').mockImplementation(() => {
      throw new SrtpError('SSRC_LIMIT', 'injected');
    });
    expect(() => rx.unprotect(srtp)).toThrow(/injected/);
  });

  it('malformed input and non-Uint8Array arguments still give MALFORMED, never a throw', () => {
    const rx = SrtpSession.generate();
    const badVersion = new Uint8Array(40); // version 0
    expect(rx.unprotect(badVersion)).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(rx.unprotectRtcp(badVersion)).toEqual({ ok: false, reason: 'MALFORMED' });
    const junks: unknown[] = [undefined, null, 'packet', 42, [0x80, 0, 0, 1], new Uint16Array(40), {}];
    for (const junk of junks) {
      expect(rx.unprotect(junk as Uint8Array)).toEqual({ ok: false, reason: 'MALFORMED' });
      expect(rx.unprotectRtcp(junk as Uint8Array)).toEqual({ ok: false, reason: 'MALFORMED' });
    }
  });
});
