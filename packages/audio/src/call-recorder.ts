/**
 * `CallRecorder`: a call recording from an {@link AudioCall}'s tap. A stereo 16-bit WAV at the call's
 * application sample rate, left what we sent and right what we played from the remote, both channels
 * on one media clock from the start of the recording (gaps filled with silence), streamed to a sink
 * as bytes; and, optionally, the call's RTP in the clear ({@link captureRtp}) for a capture file.
 * Platform-neutral: the caller writes the bytes where it likes.
 * @module
 */
import type { AudioDecoder } from './audio-codec.js';
import type { AudioCall } from './audio-call.js';
import type { AudioCallSentFrame, AudioCallTap } from './audio-call-tap.js';
import type { ResamplerRate } from './resampler.js';
import { RecordingChannel } from './recording-channel.js';
import { captureRtp, type CaptureContexts, type CaptureReceiveContext, type CaptureSendContext, type RecordedRtpPacket } from './srtp-capture.js';
import { encodeWavHeader } from './wav.js';

/** What a recorder needs of the call: an `AudioCall` fits. */
export type CallRecorderSource = Pick<AudioCall, 'codec' | 'sampleRate' | 'ptimeMs' | 'setTap'>;

/** Options of a {@link CallRecorder}. */
export interface CallRecorderOptions {
  /**
   * The call to record (the recorder sets itself as its tap). Absent: give it to
   * {@link CallRecorder.attach} later (the RTP call needs {@link CallRecorder.captureSrtp}'s contexts
   * before the `AudioCall` on it exists).
   */
  readonly call?: CallRecorderSource;
  /**
   * Gets the WAV file's bytes in order: first a 44-byte header whose sizes say "unknown" (0xFFFFFFFF,
   * which readers take as "to the end", so a file cut short is still readable), then the interleaved
   * samples as they are recorded. Write the header {@link CallRecorder.finish} returns at offset 0.
   */
  readonly onWav: (chunk: Uint8Array) => void;
  /** Gets the call's RTP packets in the clear, once the RTP call uses {@link CallRecorder.captureSrtp}'s contexts. */
  readonly onPacket?: (packet: RecordedRtpPacket) => void;
  /** The start of the recording, `performance.now()` ms (default: the nominal time of the first frame of either direction). */
  readonly startMs?: number;
  /**
   * How far one direction may fall behind the other before its missing span is written as silence, ms
   * (default 1000). Frames of that direction arriving later for the span are dropped; the channels
   * stay aligned either way. Bounds what the recorder holds.
   */
  readonly maxLagMs?: number;
}

/** What the recorder holds for its call. */
interface RecorderMedia {
  readonly call: CallRecorderSource;
  /** Left: what we sent, at the codec's rate, converted to the call's. */
  readonly sent: RecordingChannel;
  /** Right: what we played, at the call's rate. */
  readonly played: RecordingChannel;
  readonly decoder: AudioDecoder;
  /** PCM samples (codec rate) of one frame: the silence of a comfort noise slot. */
  readonly frameSamples: number;
}

/** 4 GiB less the RIFF header: the most sample bytes a WAV file holds. */
const MAX_DATA_BYTES = 0xffffffff - 36;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Records an {@link AudioCall}: a stereo 16-bit WAV at the call's application sample rate. The left
 * channel is what we sent (each sent frame decoded and converted to the application's rate), the right
 * what we played from the remote (the PCM the call gave `onAudio`). Both are placed by each frame's
 * nominal time on the call's schedule, so they share one media clock from the start of the recording:
 * a direction that is silent or has gaps (loss not concealed, DTMF-only or comfort noise spans, idle
 * time with nothing sent, skipped frames) gets silence of the gap's length, and the channels never
 * slide against each other. At `finish()` both are padded to the same length.
 *
 * @example
 * ```ts
 * import { AudioCall, CallRecorder, type AudioCallRtp } from '@voip/audio';
 * declare const rtpCall: AudioCallRtp;
 * declare function write(bytes: Uint8Array, at?: number): void;
 * const audio = new AudioCall({ call: rtpCall, sampleRate: 16000 });
 * const recorder = new CallRecorder({ call: audio, onWav: (chunk) => write(chunk) });
 * audio.start();
 * // ... at hang-up:
 * write(recorder.finish(), 0); // the header with the final sizes
 * ```
 */
export class CallRecorder {
  readonly #onWav: (chunk: Uint8Array) => void;
  readonly #onPacket: ((packet: RecordedRtpPacket) => void) | undefined;
  readonly #maxLagMs: number;
  /** Set by attach. */
  #media: RecorderMedia | undefined;
  #originMs: number | undefined;
  #dataBytes = 0;
  #truncated = false;
  #finished = false;

  /**
   * @param options - the call, the WAV sink, the packet sink, the start.
   * @throws {TypeError} when `call` is given without `setTap`, or `onWav` / `onPacket` is not a function.
   * @throws {RangeError} when `maxLagMs` is not a positive number or `startMs` not finite.
   */
  constructor(options: CallRecorderOptions) {
    const { call, onWav, onPacket, startMs, maxLagMs = 1000 } = options;
    if (typeof onWav !== 'function' || (onPacket !== undefined && typeof onPacket !== 'function')) {
      throw new TypeError('"onWav" and "onPacket" expected functions');
    }
    if (typeof maxLagMs !== 'number' || !(maxLagMs > 0)) {
      throw new RangeError(`"maxLagMs" expected a positive number, got ${String(maxLagMs)}`);
    }
    if (startMs !== undefined && !Number.isFinite(startMs)) {
      throw new RangeError(`"startMs" expected a finite number, got ${String(startMs)}`);
    }
    this.#onWav = onWav;
    this.#onPacket = onPacket;
    this.#maxLagMs = maxLagMs;
    this.#originMs = startMs;
    if (call !== undefined) {
      this.attach(call);
    }
  }

  /** The recording's sample rate (the call's application rate), once attached. */
  get sampleRate(): ResamplerRate | undefined {
    return this.#media?.call.sampleRate;
  }

  /**
   * Starts recording `call` (when the options had none): writes the WAV header to `onWav` and sets
   * the recorder as the call's tap.
   * @param call - the `AudioCall`.
   * @throws {TypeError} when `call` has no `setTap`, or the recorder already has a call or is finished.
   * @example
   * ```ts
   * import { AudioCall, CallRecorder, type AudioCallRtp } from '@voip/audio';
   * declare const rtpCall: AudioCallRtp;
   * const recorder = new CallRecorder({ onWav: (chunk) => console.log(chunk.length) });
   * recorder.attach(new AudioCall({ call: rtpCall })); // logs 44: the header
   * ```
   */
  attach(call: CallRecorderSource): void {
    if (typeof call?.setTap !== 'function') {
      throw new TypeError('"call" expected an AudioCall (with setTap)');
    }
    if (this.#media !== undefined || this.#finished) {
      throw new TypeError('the recorder already has a call (one recorder per call)');
    }
    const codec = call.codec.codec;
    const rate = call.sampleRate;
    // Three quarters of a frame: timer and rounding slack, and a resampler's held-back latency, are
    // contiguous; a missing frame is a gap.
    const slack = (r: number): number => Math.floor((r * call.ptimeMs * 3) / 4000);
    this.#media = {
      call,
      sent: new RecordingChannel(codec.sampleRate as ResamplerRate, rate, slack(codec.sampleRate)),
      played: new RecordingChannel(rate, rate, slack(rate)),
      decoder: codec.createDecoder(),
      frameSamples: Math.round((codec.sampleRate * call.ptimeMs) / 1000),
    };
    const header = encodeWavHeader(rate, 2, 0);
    header.fill(0xff, 4, 8);
    header.fill(0xff, 40, 44);
    this.#onWav(header);
    const tap: AudioCallTap = {
      sent: (frame, atMs) => this.#sentFrame(frame, atMs),
      played: (pcm, atMs) => this.#playedFrame(pcm, atMs),
    };
    call.setTap(tap);
  }

  /** Sample frames (one sample per channel) written so far. */
  get frames(): number {
    return this.#dataBytes / 4;
  }

  /** True when the recording reached the 4 GiB a WAV file holds and stopped there. */
  get truncated(): boolean {
    return this.#truncated;
  }

  /**
   * SRTP contexts for the RTP call that report each RTP packet in the clear to `onPacket` (see
   * {@link captureRtp}): sent ones before protection, received ones after authentication. Nothing is
   * reported after `finish()`.
   * @param contexts - the call's SRTP contexts; none for a call without SRTP.
   * @returns the contexts to give the RTP call.
   * @example
   * ```ts
   * import { CallRecorder } from '@voip/audio';
   * declare const recorder: CallRecorder;
   * const srtp = recorder.captureSrtp(); // new RtpCall({ ..., srtp })
   * ```
   */
  captureSrtp(contexts: { readonly send?: CaptureSendContext | undefined; readonly receive?: CaptureReceiveContext | undefined } = {}): CaptureContexts {
    return captureRtp((packet) => {
      if (!this.#finished) {
        this.#onPacket?.(packet);
      }
    }, contexts);
  }

  /**
   * Ends the recording: detaches from the call, pads the channels to the same length, writes the rest
   * of the samples and returns the final 44-byte header (RIFF and data sizes) to write at offset 0.
   * A second call returns the same header.
   * @returns the header.
   * @throws {TypeError} when the recorder never had a call; whatever `onWav` throws for the last samples.
   */
  finish(): Uint8Array {
    const media = this.#media;
    if (media === undefined) {
      throw new TypeError('the recorder has no call: nothing was recorded');
    }
    if (!this.#finished) {
      this.#finished = true;
      media.call.setTap(undefined);
      const { sent, played } = media;
      const endMs = Math.max(msOf(sent), msOf(played));
      for (const channel of [sent, played]) {
        channel.padTo(Math.round((endMs * channel.inputRate) / 1000));
        channel.flush();
      }
      const longer = Math.max(sent.queued, played.queued);
      sent.pad(longer - sent.queued);
      played.pad(longer - played.queued);
      this.#drain(media);
    }
    return encodeWavHeader(media.call.sampleRate, 2, this.#dataBytes);
  }

  #sentFrame(frame: AudioCallSentFrame, atMs: number): void {
    const media = this.#media;
    if (media === undefined || this.#finished) {
      return;
    }
    const pcm = frame.payloadType === media.call.codec.payloadType ? media.decoder.decode(frame.payload) : new Int16Array(media.frameSamples); // comfort noise: silence
    this.#place(media, media.sent, pcm, atMs);
  }

  #playedFrame(pcm: Int16Array, atMs: number): void {
    const media = this.#media;
    if (media !== undefined && !this.#finished) {
      this.#place(media, media.played, pcm, atMs);
    }
  }

  #place(media: RecorderMedia, channel: RecordingChannel, pcm: Int16Array, atMs: number): void {
    this.#originMs ??= atMs;
    channel.place(pcm, Math.round(((atMs - this.#originMs) * channel.inputRate) / 1000));
    const other = channel === media.sent ? media.played : media.sent;
    if (msOf(channel) - msOf(other) > this.#maxLagMs) {
      other.padTo(Math.round(((msOf(channel) - this.#maxLagMs) * other.inputRate) / 1000));
    }
    this.#drain(media);
  }

  /** Writes the span both channels have, interleaved (left = sent, right = played), little-endian. */
  #drain(media: RecorderMedia): void {
    const { sent, played } = media;
    let n = Math.min(sent.queued, played.queued);
    if (n === 0) {
      return;
    }
    if (this.#truncated || this.#dataBytes + n * 4 > MAX_DATA_BYTES) {
      n = Math.max(0, Math.floor((MAX_DATA_BYTES - this.#dataBytes) / 4));
      this.#truncated = true;
    }
    const out = new Int16Array(n * 2);
    sent.takeInto(n, out, 0, 2);
    played.takeInto(n, out, 1, 2);
    if (this.#truncated) {
      // Past the limit: the rest is taken and dropped so the queues stay bounded.
      const rest = Math.min(sent.queued, played.queued);
      const sink = new Int16Array(rest * 2);
      sent.takeInto(rest, sink, 0, 2);
      played.takeInto(rest, sink, 1, 2);
    }
    if (n === 0) {
      return;
    }
    this.#dataBytes += n * 4;
    this.#onWav(LITTLE_ENDIAN ? new Uint8Array(out.buffer) : toLittleEndian(out));
  }
}

function toLittleEndian(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(i * 2, samples[i]!, true);
  }
  return out;
}

/** How far a channel has been placed, ms from the start of the recording. */
function msOf(channel: RecordingChannel): number {
  return (channel.placed * 1000) / channel.inputRate;
}
