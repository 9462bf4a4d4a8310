/**
 * The demo's check of what a receiver played: the PCM its `AudioCall` handed out (through the jitter
 * buffer, one frame per ptime, silence before the first packet and where nothing arrived in time)
 * against the decode of what the other side sent. The playout starts some frames after the send, so
 * the check follows that lag (it changes as the jitter buffer adapts) from the frames identical to a
 * sent one, and compares the others at the last lag found. The median frame SNR is the figure: a frame the playout skipped on a loaded machine spoils
 * one frame, not the whole figure.
 * @module
 */

/** The outcome of {@link verifyPlayout}. */
export interface PlayoutCheck {
  /** Frames played (all of them, silence included). */
  readonly frames: number;
  /** Played frames identical to the decode of a sent frame at the found lag. */
  readonly exactFrames: number;
  /** Lag of the playout behind the send at the end, frames. */
  readonly lagFrames: number;
  /** Median over the sent non-silent frames of the per-frame SNR at that lag, dB (at most 100: identical frames). */
  readonly medianSnrDb: number;
}

/** The lowest median frame SNR, dB, for which the played audio counts as the sent audio. */
export const PLAYOUT_MIN_SNR_DB = 20;

const MAX_LAG_FRAMES = 100;
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
  // Every distinct non-silent sent frame by content, so a played frame finds which one it is.
  const byContent = new Map<string, number>();
  for (let k = sentFrames - 1; k >= 0; k--) {
    if (!isSilent(k)) {
      byContent.set(frameOf(k).join(','), k);
    }
  }
  // Follow the playout's lag behind the send (the jitter buffer adapts its depth): each played frame
  // identical to a sent one after the last matched sets it; the others (concealment, a repeated note)
  // are compared at the last lag.
  let lag: number | undefined;
  let lastK = -1;
  let exact = 0;
  const snrs: number[] = [];
  for (let m = 0; m < played.length; m++) {
    const frame = played[m] as Int16Array;
    const k = byContent.get(frame.join(','));
    if (k !== undefined && k > lastK && m - k >= 0 && m - k <= MAX_LAG_FRAMES) {
      lag = m - k;
      lastK = k;
      exact++;
      snrs.push(MAX_SNR_DB);
      continue;
    }
    const ref = lag === undefined ? -1 : m - lag;
    if (ref <= lastK || ref >= sentFrames || isSilent(ref)) {
      continue; // before the first frame, after the last, a repeat, or a rest in the music
    }
    let signal = 0;
    let noise = 0;
    const e = frameOf(ref);
    for (let j = 0; j < frameSamples; j++) {
      signal += (e[j] ?? 0) ** 2;
      noise += ((e[j] ?? 0) - (frame[j] ?? 0)) ** 2;
    }
    if (noise === 0) {
      exact++; // a note repeated: identical to an earlier frame too
    }
    snrs.push(noise === 0 ? MAX_SNR_DB : Math.min(MAX_SNR_DB, 10 * Math.log10(signal / noise)));
  }
  snrs.sort((a, b) => a - b);
  const medianSnrDb = snrs.length === 0 ? -MAX_SNR_DB : (snrs[Math.floor(snrs.length / 2)] as number);
  return { frames: played.length, exactFrames: exact, lagFrames: lag ?? 0, medianSnrDb };
}
