/**
 * The demo's check of what a receiver played: the PCM its `AudioCall` handed out (through the jitter
 * buffer, one frame per ptime, silence before the first packet and where nothing arrived in time)
 * against the decode of what the other side sent. The playout starts some frames after the send, so
 * the check follows that lag from the frames identical to a sent one, however far it grows: the jitter
 * buffer adapts its depth, and on a loaded machine (many calls on one event loop) a paced sender whose
 * timer ran late skips slots, so the receiver plays gaps between the frames. Each sent
 * frame is scored once: exact when it was played identically, else against what played in its place.
 * The median over the sent frames is the figure: a frame lost or skipped spoils one frame, not the
 * whole figure, and a gap the receiver filled does not count against the audio.
 * @module
 */

/** The outcome of {@link verifyPlayout}. */
export interface PlayoutCheck {
  /** Frames played (all of them, silence included). */
  readonly frames: number;
  /** Played frames identical to the decode of a sent frame, in order (each sent frame matched once). */
  readonly exactFrames: number;
  /**
   * Lag of the playout behind the send at the end, frames: played frames before the last one matched,
   * less sent frames before its match. Negative when the playout skipped more slots than the sender
   * (after a stall `AudioCall` plays at most 5 frames late and passes over the rest).
   */
  readonly lagFrames: number;
  /**
   * Median over the sent non-silent frames of each one's SNR, dB: 100 when it was played identically,
   * else the best of the played frames in its place at the lag then (-100 when none was).
   */
  readonly medianSnrDb: number;
}

/** The lowest median frame SNR, dB, for which the played audio counts as the sent audio. */
export const PLAYOUT_MIN_SNR_DB = 20;

/** A frame identical to the reference counts as this SNR, dB (a finite figure, for JSON). */
const MAX_SNR_DB = 100;

/**
 * Compares played PCM with the decode of the sent payloads.
 * @param played - the frames the receiver's AudioCall played, in order
 * @param expected - the decode of every sent frame, concatenated (frame k at k × frameSamples)
 * @param frameSamples - samples per frame (160 for 20 ms at 8 kHz)
 * @returns the lag, the number of exact frames and the median frame SNR
 */
export function verifyPlayout(played: readonly Int16Array[], expected: Int16Array, frameSamples: number): PlayoutCheck {
  const sentFrames = Math.floor(expected.length / frameSamples);
  const frameOf = (k: number): Int16Array => expected.subarray(k * frameSamples, (k + 1) * frameSamples);
  const isSilent = (k: number): boolean => frameOf(k).every((s) => s === 0);
  // Every non-silent sent frame by content (a repeated note is several frames of one content, in
  // order), so a played frame finds which one it is: the first of them after the last one matched.
  const byContent = new Map<string, number[]>();
  for (let k = 0; k < sentFrames; k++) {
    if (!isSilent(k)) {
      const key = frameOf(k).join(',');
      const ks = byContent.get(key);
      if (ks === undefined) {
        byContent.set(key, [k]);
      } else {
        ks.push(k);
      }
    }
  }
  // Follow the playout's lag behind the send, however far it grows (the jitter buffer adapts its
  // depth; a sender that ran late skipped slots, so the receiver plays gaps between frames): each
  // played frame identical to a sent one after the last matched sets it. The others (concealment, a
  // gap) are scored against the sent frame at the last lag; each sent frame keeps its best score.
  const best = new Float64Array(sentFrames).fill(-MAX_SNR_DB);
  let lag: number | undefined;
  let lastK = -1;
  let exact = 0;
  for (let m = 0; m < played.length; m++) {
    const frame = played[m] as Int16Array;
    const k = byContent.get(frame.join(','))?.find((c) => c > lastK);
    if (k !== undefined) {
      lag = m - k;
      lastK = k;
      exact++;
      best[k] = MAX_SNR_DB;
      continue;
    }
    const ref = lag === undefined ? -1 : m - lag;
    if (ref <= lastK || ref < 0 || ref >= sentFrames || isSilent(ref)) {
      continue; // before the first frame, after the last, a repeat, or a rest in the music
    }
    best[ref] = Math.max(best[ref] as number, frameSnrDb(frameOf(ref), frame));
  }
  const snrs: number[] = [];
  for (let k = 0; k < sentFrames; k++) {
    if (!isSilent(k)) {
      snrs.push(best[k] as number);
    }
  }
  snrs.sort((a, b) => a - b);
  const medianSnrDb = snrs.length === 0 ? -MAX_SNR_DB : (snrs[Math.floor(snrs.length / 2)] as number);
  return { frames: played.length, exactFrames: exact, lagFrames: lag ?? 0, medianSnrDb };
}

/** SNR of a played frame against the sent one, dB, within ±{@link MAX_SNR_DB}. */
function frameSnrDb(sent: Int16Array, played: Int16Array): number {
  let signal = 0;
  let noise = 0;
  for (let j = 0; j < sent.length; j++) {
    signal += (sent[j] ?? 0) ** 2;
    noise += ((sent[j] ?? 0) - (played[j] ?? 0)) ** 2;
  }
  return noise === 0 ? MAX_SNR_DB : Math.max(-MAX_SNR_DB, Math.min(MAX_SNR_DB, 10 * Math.log10(signal / noise)));
}
