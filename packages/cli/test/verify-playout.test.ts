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

describe('verifyPlayout on a loaded event loop (many calls): the sender skipped slots, the playout lag grows', () => {
  it('a lag that grows past 100 frames through gaps of concealment is still followed: every sent frame exact', () => {
    const ref = reference(300);
    const played: Int16Array[] = [new Int16Array(N), new Int16Array(N)];
    for (let k = 0; k < 300; k++) {
      played.push(frame(ref, k));
      if (k % 2 === 1) {
        // A skipped slot: the receiver fills the gap with the last frame, quieter (concealment).
        played.push(frame(ref, k).map((s) => s >> 1));
      }
    }
    const check = verifyPlayout(played, ref, N);
    expect(check.exactFrames).toBe(300);
    expect(check.lagFrames).toBe(2 + 149);
    expect(check.medianSnrDb).toBe(100);
  });

  it('a repeated note (identical frames) matches in order, and frames never played score low', () => {
    const base = reference(10);
    // Sent: frames 0..9, then 0..9 again (the same note twice), then 10 fresh ones.
    const fresh = reference(30).subarray(20 * N);
    const ref = Int16Array.from([...base, ...base, ...fresh]);
    // Played: the first pass, a long gap, then only the second pass: the fresh frames never play.
    const played = [...Array.from({ length: 10 }, (_, k) => frame(ref, k)), ...Array.from({ length: 150 }, () => new Int16Array(N)), ...Array.from({ length: 10 }, (_, k) => frame(ref, 10 + k))];
    const check = verifyPlayout(played, ref, N);
    expect(check.exactFrames).toBe(20);
    expect(check.lagFrames).toBe(150);
    expect(check.medianSnrDb).toBe(100); // 20 of 30 sent frames exact
    const half = verifyPlayout(played.slice(0, 160), ref, N); // only the first pass played
    expect(half.exactFrames).toBe(10);
    expect(half.medianSnrDb).toBeLessThan(20);
  });
});

describe('verifyPlayout when the playout passed over slots after a stall (fewer played frames than sent)', () => {
  it('a played frame may come before its sent index: the lag goes negative and every frame still matches', () => {
    const ref = reference(40);
    // The first 10 frames, then (the playout skipped 10 slots while the jitter buffer kept the audio,
    // then dropped 10 frames to shrink) frames 20..39 at played indexes 10..29.
    const played = [...Array.from({ length: 10 }, (_, k) => frame(ref, k)), ...Array.from({ length: 20 }, (_, k) => frame(ref, 20 + k))];
    const check = verifyPlayout(played, ref, N);
    expect(check.exactFrames).toBe(30);
    expect(check.lagFrames).toBe(-10);
    expect(check.medianSnrDb).toBe(100); // 30 of 40 sent frames played exactly
  });
});
