import { describe, expect, it } from 'vitest';
import { verifyPlayout } from '../src/demo/verify-playout.js';

const N = 160;
/** A reference of `frames` distinct non-silent frames. */
function reference(frames: number): Int16Array {
  return Int16Array.from({ length: frames * N }, (_, i) => ((i * 37 + Math.floor(i / N) * 1001) % 20000) - 10000 || 1);
}
const frame = (ref: Int16Array, k: number): Int16Array => ref.slice(k * N, (k + 1) * N);

describe('verifyPlayout: the played PCM against the decode of what was sent', () => {
  it('finds the lag behind leading silence and counts identical frames', () => {
    const ref = reference(20);
    const played = [new Int16Array(N), new Int16Array(N), new Int16Array(N), ...Array.from({ length: 20 }, (_, k) => frame(ref, k))];
    expect(verifyPlayout(played, ref, N)).toEqual({ frames: 23, exactFrames: 20, lagFrames: 3, medianSnrDb: 100 });
  });

  it('follows a lag that grows mid-stream (the jitter buffer deepens) and scores a concealed frame low', () => {
    const ref = reference(20);
    const played = [
      ...Array.from({ length: 10 }, (_, k) => frame(ref, k)),
      new Int16Array(N), // a frame the buffer inserted: the lag grows by one
      ...Array.from({ length: 10 }, (_, k) => frame(ref, 10 + k)),
    ];
    const check = verifyPlayout(played, ref, N);
    expect(check).toMatchObject({ exactFrames: 20, lagFrames: 1, medianSnrDb: 100 });
  });

  it('noise instead of the audio gives a median SNR far below 20 dB', () => {
    const ref = reference(20);
    const played = Array.from({ length: 20 }, (_, k) => frame(ref, (k + 7) % 20).map((s) => -s));
    const check = verifyPlayout(played, ref, N);
    expect(check.exactFrames).toBe(0);
    expect(check.medianSnrDb).toBeLessThan(20);
  });
});
