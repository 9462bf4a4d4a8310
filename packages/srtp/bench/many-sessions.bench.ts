/**
 * CPU per packet with many sessions live (the server case) against one call alone: the same work per
 * packet, but with 1,000 sessions taking turns every packet finds its session's state (keys, stream
 * state, replay window, keystream batch) out of cache, as in a media server, while one call keeps it
 * all warm. The ratio of the two is what the per-session working set costs.
 *
 * A call is two sessions with the same keys, each protecting its own SSRC's packets and unprotecting
 * the other's (replay protection on). One bench iteration is one round: every call once, 172-byte
 * packets, protectInto and unprotectInto once each way, so an iteration is 4 packet operations per
 * call; divide the time of an iteration by 2 x calls for the cost of one packet protected and
 * unprotected.
 */
import { bench, describe } from 'vitest';
import { SrtpSession, type SrtpSuiteName } from '../src/index.js';

/** Longer runs than the default: the shared 2-core machine is noisy. */
const OPTS = { time: 2000, warmupTime: 500 };
const SIZE = 172;

interface Call {
  readonly a: SrtpSession;
  readonly b: SrtpSession;
  readonly rtp: Uint8Array;
  seq: number;
}

/** `n` calls, each with its own keys and SSRC. */
function makeCalls(suite: SrtpSuiteName, n: number): Call[] {
  const calls: Call[] = [];
  for (let c = 0; c < n; c++) {
    const material = {
      suite,
      masterKey: Uint8Array.from({ length: suite.includes('256') ? 32 : 16 }, (_, i) => (i * 7 + c) & 0xff),
      masterSalt: new Uint8Array(suite.startsWith('AEAD') ? 12 : 14).fill(c & 0xff),
    };
    const rtp = Uint8Array.from({ length: SIZE }, (_, i) => (i * 3) & 0xff);
    rtp.set([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, c >>> 8, c & 0xff]);
    calls.push({ a: new SrtpSession(material), b: new SrtpSession(material), rtp, seq: 0 });
  }
  return calls;
}

/** One round: each call sends its next packet each way and the other side opens it. */
function round(calls: readonly Call[], wire: Uint8Array, back: Uint8Array): void {
  for (const c of calls) {
    c.rtp[2] = c.seq >>> 8;
    c.rtp[3] = c.seq & 0xff;
    c.seq = (c.seq + 1) & 0xffff;
    c.a.protectInto(c.rtp, wire);
    if (c.b.unprotectInto(wire, back) !== SIZE) {
      throw new Error('unprotect failed');
    }
    c.b.protectInto(c.rtp, wire);
    if (c.a.unprotectInto(wire, back) !== SIZE) {
      throw new Error('unprotect failed');
    }
  }
}

for (const suite of ['AES_CM_128_HMAC_SHA1_80', 'AEAD_AES_128_GCM'] as const) {
  describe(`many sessions, ${suite} ${SIZE} bytes (protect + unprotect each way per call)`, () => {
    // `wire` is exactly one SRTP packet long: unprotectInto takes the whole array
    const wire = new Uint8Array(makeCalls(suite, 1)[0]!.a.protectedLength(SIZE));
    const back = new Uint8Array(SIZE + 64);
    for (const n of [1, 500]) {
      const calls = makeCalls(suite, n);
      // 500 rounds of one call, one round of 500: the same packets per iteration either way
      const rounds = 500 / n;
      bench(`${n === 1 ? 'one call, 500 rounds' : '500 calls (1,000 sessions), one round'}`, () => {
        for (let r = 0; r < rounds; r++) {
          round(calls, wire, back);
        }
      }, OPTS);
    }
  });
}
