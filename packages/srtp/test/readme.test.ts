/** The README's examples, verbatim apart from the asserts, so they keep compiling and working. */
import { describe, expect, it } from 'vitest';
import { createSrtpSessionPair, generateSrtpKeyingMaterial, SrtpSession, type SrtpKeyingMaterial } from '@voip/srtp';

/** The interfaces @voip/rtp declares (packages/rtp/src/srtp-context.ts), copied to check the shape. */
type SrtpUnprotectResultContract =
  | { readonly ok: true; readonly packet: Uint8Array }
  | { readonly ok: false; readonly reason: string };
interface SrtpSendContext {
  protect(rtp: Uint8Array): Uint8Array;
  protectRtcp(rtcp: Uint8Array): Uint8Array;
}
interface SrtpReceiveContext {
  unprotect(srtp: Uint8Array): SrtpUnprotectResultContract;
  unprotectRtcp(srtcp: Uint8Array): SrtpUnprotectResultContract;
}

describe('README', () => {
  it('example: a pair per side, protect and unprotect', () => {
    const ours = generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_80');
    const theirs = generateSrtpKeyingMaterial('AES_CM_128_HMAC_SHA1_80');
    const alice = createSrtpSessionPair({ local: ours, remote: theirs });
    const bob = createSrtpSessionPair({ local: theirs, remote: ours });
    const rtp = new Uint8Array([0x80, 0x00, 0x12, 0x34, 0, 0, 0, 160, 0xca, 0xfe, 0xba, 0xbe, 1, 2, 3, 4]);
    const srtp = alice.send.protect(rtp);
    const r = bob.receive.unprotect(srtp);
    expect(r.ok && Array.from(r.packet)).toEqual(Array.from(rtp));
    expect(alice.receive.unprotect(srtp)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
  });

  it('coming from SDP: the sdp-crypto shape goes straight in', () => {
    const remote: SrtpKeyingMaterial = {
      suite: 'AES_CM_128_HMAC_SHA1_80',
      masterKey: new Uint8Array(16),
      masterSalt: new Uint8Array(14),
      lifetime: 2 ** 31,
      mki: { value: 1n, byteLength: 4 },
      unencryptedSrtcp: true,
    };
    const local: SrtpKeyingMaterial = { ...remote, masterKey: new Uint8Array(16).fill(1) };
    const warnings: unknown[] = [];
    const { send, receive } = createSrtpSessionPair({
      local: { ...local, onKeyLifetimeWarning: (w) => warnings.push(w) },
      remote: { ...remote, replayWindowSize: 1024 },
    });
    const peer = new SrtpSession(remote); // the other side sends with `remote`
    const rtcp = new Uint8Array([0x81, 0xc9, 0, 1, 0, 0, 0, 7]);
    expect(receive.unprotectRtcp(peer.protectRtcp(rtcp)).ok).toBe(true);
    expect(send.protect(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7])).length).toBe(12 + 4 + 10);
    expect(warnings).toEqual([]);
  });

  it('SrtpSession satisfies @voip/rtp SrtpSendContext / SrtpReceiveContext by shape', () => {
    const s = SrtpSession.generate();
    const tx: SrtpSendContext = s;
    const rx: SrtpReceiveContext = s;
    const pair = createSrtpSessionPair({ local: generateSrtpKeyingMaterial(), remote: generateSrtpKeyingMaterial() });
    const tx2: SrtpSendContext = pair.send;
    const rx2: SrtpReceiveContext = pair.receive;
    expect([tx, rx, tx2, rx2].every((x) => typeof x === 'object')).toBe(true);
  });
});
