/** The README's examples, run as written (extracted from README.md, never a hand copy), so they keep working. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadReadmeBlock, readmeBlocks } from '../../../test/readme-blocks.js';
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

const blocks = readmeBlocks(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));

describe('README', () => {
  it('has its two examples', () => {
    expect(blocks).toHaveLength(2);
  });

  it('example: a pair per side, protect and unprotect (run as written)', async () => {
    const logs: unknown[] = [];
    const example = await loadReadmeBlock(blocks[0]!, 'srtp-pair', ['alice', 'srtp', 'rtp']);
    let scope: Record<string, unknown> = {};
    await example.run({ ...console, log: (x: unknown) => void logs.push(x) }, (s) => {
      scope = s;
      return Promise.resolve();
    });
    const { alice, srtp, rtp } = scope as { alice: ReturnType<typeof createSrtpSessionPair>; srtp: Uint8Array; rtp: Uint8Array };
    expect(logs).toHaveLength(1);
    expect(Array.from(logs[0] as Uint8Array)).toEqual(Array.from(rtp));
    expect(alice.receive.unprotect(srtp)).toEqual({ ok: false, reason: 'AUTH_FAILED' });
  });

  it('coming from SDP: the sdp-crypto shape goes straight in (run as written)', async () => {
    const example = await loadReadmeBlock(blocks[1]!, 'srtp-from-sdp', ['send', 'receive', 'remote']);
    let scope: Record<string, unknown> = {};
    const warnings: unknown[] = [];
    await example.run({ ...console, warn: (...w: unknown[]) => void warnings.push(w) }, (s) => {
      scope = s;
      return Promise.resolve();
    });
    const { send, receive, remote } = scope as { send: SrtpSession; receive: SrtpSession; remote: SrtpKeyingMaterial };
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
