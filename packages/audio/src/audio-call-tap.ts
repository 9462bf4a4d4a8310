/**
 * The tap of an `AudioCall`: what a recorder (or a meter, a speech recogniser on both sides) gets of
 * each frame the call sends and plays, with the frame's place on the call's media clock.
 * @module
 */

/** One frame the call handed to its RTP call, as the paced sender made it (before SRTP). */
export interface AudioCallSentFrame {
  /** The payload type it went out on: the audio codec's, or comfort noise's (RFC 3389). */
  readonly payloadType: number;
  /** RTP timestamp of its first sample. */
  readonly timestamp: number;
  /** The encoded payload (a view the tap must copy to keep). */
  readonly payload: Uint8Array;
}

/**
 * What `AudioCall.setTap` takes. Each method gets the frame's nominal time: when its slot was due on the
 * call's own schedule (`performance.now()` clock, ms), not when a late timer ran, so frames of both
 * directions at the same instant carry the same time. A throw is reported to the call's `onError`.
 * @example
 * ```ts
 * import type { AudioCallTap } from '@voip/audio';
 * const meter: AudioCallTap = {
 *   sent: (frame, atMs) => console.log('sent', frame.payload.length, 'bytes at', atMs),
 *   played: (pcm, atMs) => console.log('played', pcm.length, 'samples at', atMs),
 * };
 * ```
 */
export interface AudioCallTap {
  /** A frame the RTP call took (`sendPacket` returned true): audio or comfort noise; DTMF goes out through the RTP call, not here. */
  sent(frame: AudioCallSentFrame, atMs: number): void;
  /** A frame played: the PCM given to `onAudio`, at the application's sample rate, one ptime long. */
  played(pcm: Int16Array, atMs: number): void;
}
