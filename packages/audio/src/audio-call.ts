/**
 * `AudioCall`: PCM in and out of an RTP call. It meets `@voip/rtp` only by shape ({@link AudioCallRtp}:
 * an `RtpCall` satisfies it), picks the codec from the call's negotiated media, sends what the
 * application writes through a {@link PacedSender} (ptime frames on absolute deadlines) and plays what
 * arrives through a {@link JitterBuffer}, converting between the application's sample rate and the
 * codec's with a {@link Resampler}. DTMF stays with the call (RFC 4733 in `@voip/rtp`); `sendDigits` is
 * passed through when the call has it.
 * @module
 */
import type { AudioCodec } from './audio-codec.js';
import type { AudioCallTap } from './audio-call-tap.js';
import { AudioError } from './errors.js';
import { PCMA, PCMU } from './codecs/g711.js';
import { G722 } from './codecs/g722.js';
import { l16 } from './codecs/l16.js';
import { MediaTimeout } from './media-timeout.js';
import { JitterBuffer, type JitterBufferOptions, type JitterBufferStats } from './jitter-buffer.js';
import { PacedSender, type PacedIdle, type PacedSenderStats } from './paced-sender.js';
import { MediaScheduler } from './media-scheduler.js';
import { Resampler, type ResamplerRate } from './resampler.js';

/** One negotiated format of the call, as SDP gives it (`a=rtpmap:<pt> <name>/<rate>[/<channels>]`). */
export interface AudioCallMedia {
  readonly payloadType: number;
  readonly encodingName: string;
  readonly clockRate: number;
  readonly channels?: number;
}

/** An RTP packet as the call hands it over (a parsed `RtpPacket` fits). */
export interface AudioCallPacket {
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
}

/**
 * What `AudioCall` needs of an RTP call: its negotiated media, a way to send a packet (numbered by the
 * call, so audio and DTMF share one sequence space), and optionally DTMF. `@voip/rtp`'s `RtpCall` has
 * this shape.
 * @example
 * ```ts
 * import type { AudioCallRtp } from '@voip/audio';
 * const loopback: AudioCallRtp = {
 *   media: [{ payloadType: 0, encodingName: 'PCMU', clockRate: 8000 }],
 *   sendPacket: (packet) => packet.payload.length > 0,
 * };
 * ```
 */
export interface AudioCallRtp {
  readonly media: readonly AudioCallMedia[];
  sendPacket(packet: { readonly payloadType: number; readonly timestamp: number; readonly marker?: boolean; readonly payload: Uint8Array }): boolean;
  sendDigits?(digits: string): Promise<boolean>;
}

/** The codec an `AudioCall` uses and its payload type. */
export interface AudioCallCodecChoice {
  readonly payloadType: number;
  readonly codec: AudioCodec;
  /**
   * The payload type of RFC 3389 comfort noise (`CN` at the codec's clock rate, 13 or a dynamic one)
   * when the call's media has it; absent otherwise.
   */
  readonly comfortNoisePayloadType?: number;
}

/**
 * Picks the audio codec from a call's media descriptions: the first one (the answer's order of
 * preference) that this package implements: PCMU, PCMA, G722/8000 (16 kHz audio, RFC 3551 §4.5.2), or L16
 * at 8, 16, 24 or 48 kHz (RFC 3551 §4.5.11, §4.5.14). When the media also has comfort noise at the
 * codec's RTP clock rate (`CN/8000`, static payload type 13 or a dynamic one, RFC 3389 §4, §5), its
 * payload type is in the choice: the media of a call is what both sides offered, so CN is there only
 * when both support it.
 * @param media - The call's negotiated formats (telephone-event and unknown ones are passed over).
 * @returns The choice, or undefined when none is implemented.
 * @example
 * ```ts
 * import { selectAudioCodec } from '@voip/audio';
 * selectAudioCodec([{ payloadType: 18, encodingName: 'G729', clockRate: 8000 }, { payloadType: 9, encodingName: 'G722', clockRate: 8000 }]);
 * // { payloadType: 9, codec: G722 }
 * ```
 */
export function selectAudioCodec(media: readonly AudioCallMedia[]): AudioCallCodecChoice | undefined {
  const choice = selectCodec(media);
  if (choice === undefined) {
    return undefined;
  }
  const cn = media.find((m) => m.encodingName.toUpperCase() === 'CN' && m.clockRate === choice.codec.clockRate && m.payloadType !== choice.payloadType);
  return cn === undefined ? choice : { ...choice, comfortNoisePayloadType: cn.payloadType };
}

function selectCodec(media: readonly AudioCallMedia[]): AudioCallCodecChoice | undefined {
  for (const m of media) {
    const name = m.encodingName.toUpperCase();
    if (name === 'PCMU' && m.clockRate === 8000) {
      return { payloadType: m.payloadType, codec: PCMU };
    }
    if (name === 'PCMA' && m.clockRate === 8000) {
      return { payloadType: m.payloadType, codec: PCMA };
    }
    if (name === 'G722' && m.clockRate === 8000) {
      return { payloadType: m.payloadType, codec: G722 };
    }
    if (name === 'L16' && [8000, 16000, 24000, 48000].includes(m.clockRate)) {
      return { payloadType: m.payloadType, codec: l16(m.clockRate, m.channels ?? 1) };
    }
  }
  return undefined;
}

/** Options of an {@link AudioCall}. */
export interface AudioCallOptions {
  /** The RTP call (an `RtpCall`). Feed its received packets to {@link AudioCall.packetReceived}. */
  readonly call: AudioCallRtp;
  /** The application's PCM sample rate, in and out: 8000, 16000, 24000 or 48000 (default 8000). */
  readonly sampleRate?: ResamplerRate;
  /** Frame duration, ms (default 20). */
  readonly ptimeMs?: number;
  /** Called with each played frame (Int16Array at `sampleRate`, one ptime long), silence included. */
  readonly onAudio?: (pcm: Int16Array) => void;
  /**
   * What to send while the application is quiet: `'silence'` (default, keeps NAT bindings and carrier
   * media timers alive), `'noise'` or `'none'`. When the call negotiated comfort noise (`CN`, see
   * {@link selectAudioCodec}) and `comfortNoise` is not false, RFC 3389 CN packets are sent instead.
   */
  readonly idle?: PacedIdle;
  /**
   * Use RFC 3389 comfort noise when the call negotiated it (default true): send CN while quiet (a packet
   * at the start of the silence, then one a second) and play noise at the received level. False keeps
   * the `idle` fill and leaves received CN packets to the call.
   */
  readonly comfortNoise?: boolean;
  /** Jitter buffer depth settings (the codec and ptime come from the call). */
  readonly jitter?: Omit<JitterBufferOptions, 'codec' | 'ptimeMs'>;
  /**
   * No RTP for this long (ms) after `start()` or the last packet calls `onMediaTimeout`, once per
   * silence (default 30000; `0` off). 30 s is well above the gaps of a live peer (a few seconds at most
   * between RFC 3389 comfort noise updates) and short enough that a bot does not hold a dead call (and
   * its resources) for minutes; it is also the figure many carriers and SBCs use for their own RTP timeout.
   */
  readonly mediaTimeoutMs?: number;
  /** Called when no RTP has arrived for `mediaTimeoutMs`, with the silence's length, ms. */
  readonly onMediaTimeout?: (silentMs: number) => void;
  /** Errors from the send or play path (a throwing `onAudio`, a failed send), which never stop the call. */
  readonly onError?: (error: unknown) => void;
}

/** Counters of an {@link AudioCall}: the jitter buffer's and the paced sender's. */
export interface AudioCallStats {
  readonly received: JitterBufferStats;
  readonly sent: PacedSenderStats;
  /** Packets handed to `packetReceived` on another payload type than the audio codec's and comfort noise's (DTMF). */
  readonly otherPayloadTypes: number;
}

/**
 * PCM in and out of an RTP call: `write(pcm)` to speak, `onAudio(pcm)` to listen, `flush()` for
 * barge-in, `queuedMs` for back-pressure, `sendDigits` for DTMF.
 *
 * @example
 * ```ts
 * import { AudioCall, type AudioCallRtp } from '@voip/audio';
 * declare const rtpCall: AudioCallRtp; // an RtpCall of @voip/rtp, e.g. with media PCMU and telephone-event
 * const audio = new AudioCall({ call: rtpCall, sampleRate: 16000, onAudio: (pcm) => console.log(pcm.length) });
 * // new RtpCall({ ..., onPacket: (packet) => audio.packetReceived(packet) })
 * audio.start();
 * audio.write(new Int16Array(16000)); // one second of (silent) speech at 16 kHz
 * ```
 */
export class AudioCall {
  /** The codec and payload type in use. */
  readonly codec: AudioCallCodecChoice;
  /** The application's sample rate. */
  readonly sampleRate: ResamplerRate;
  /** Frame duration, ms. */
  readonly ptimeMs: number;
  readonly #call: AudioCallRtp;
  readonly #sender: PacedSender;
  readonly #jitter: JitterBuffer;
  readonly #toApplication: Resampler | undefined;
  readonly #onAudio: ((pcm: Int16Array) => void) | undefined;
  readonly #onError: ((error: unknown) => void) | undefined;
  /** The playout's ticks, on the shared scheduler with the senders (one timer for every call). */
  readonly #playTask = MediaScheduler.shared.task(() => this.#play());
  #playing = false;
  #playStart = 0;
  #framesPlayed = 0;
  #otherPayloadTypes = 0;
  readonly #cnPayloadType: number | undefined;
  readonly #mediaTimeout: MediaTimeout;
  #tap: AudioCallTap | undefined;

  /**
   * @param options - The call, the application's sample rate, ptime, playout callback, idle fill.
   * @throws {AudioError} `UNSUPPORTED_RATE` when the call has no audio codec this package implements.
   */
  constructor(options: AudioCallOptions) {
    const choice = selectAudioCodec(options.call.media);
    if (choice === undefined) {
      const names = options.call.media.map((m) => `${m.encodingName}/${m.clockRate}`).join(', ');
      throw new AudioError('UNSUPPORTED_RATE', `no audio codec of @voip/audio among the call's formats (${names || 'none'})`);
    }
    this.codec = choice;
    this.#call = options.call;
    this.sampleRate = options.sampleRate ?? 8000;
    this.ptimeMs = options.ptimeMs ?? 20;
    this.#onAudio = options.onAudio;
    this.#onError = options.onError;
    const { codec, payloadType } = choice;
    const cnPayloadType = options.comfortNoise === false ? undefined : choice.comfortNoisePayloadType;
    this.#cnPayloadType = cnPayloadType;
    this.#sender = new PacedSender({
      codec,
      ptimeMs: this.ptimeMs,
      inputRate: this.sampleRate,
      timestamp: randomUint32(),
      idle: options.idle ?? 'silence',
      ...(cnPayloadType === undefined ? {} : { comfortNoise: { payloadType: cnPayloadType } }),
      onError: options.onError,
      // No sequence number: the call numbers the packet, in the sequence its DTMF uses too.
      send: (frame) => {
        const pt = frame.payloadType ?? payloadType;
        const sent = this.#call.sendPacket({ payloadType: pt, timestamp: frame.timestamp, marker: frame.marker, payload: frame.payload });
        if (sent && this.#tap !== undefined) {
          this.#tapSent(this.#tap, { payloadType: pt, timestamp: frame.timestamp, payload: frame.payload }, frame.deadlineMs);
        }
      },
    });
    this.#jitter = new JitterBuffer({ ...options.jitter, codec, ptimeMs: this.ptimeMs, comfortNoisePayloadType: cnPayloadType });
    this.#mediaTimeout = new MediaTimeout({
      timeoutMs: options.mediaTimeoutMs ?? 30_000,
      onTimeout: (ms) => options.onMediaTimeout?.(ms),
      onError: options.onError,
    });
    this.#toApplication =
      codec.sampleRate === this.sampleRate ? undefined : new Resampler({ from: codec.sampleRate as ResamplerRate, to: this.sampleRate });
  }

  /**
   * Starts sending (frames or the idle fill) and playing (`onAudio` every ptime). Idempotent. Both run
   * on the shared scheduler at phases it spreads over the ptime ({@link MediaScheduler.placePeriodic}),
   * so the first frame is sent, and the first played, within one ptime of `start()`.
   */
  start(): void {
    this.#sender.start();
    this.#mediaTimeout.start();
    if (!this.#playing) {
      this.#playing = true;
      this.#framesPlayed = 0;
      // Frame n (from 1) plays at playStart + n × ptime: the first at the placed phase.
      this.#playStart = MediaScheduler.shared.placePeriodic(this.#playTask, this.ptimeMs) - this.ptimeMs;
    }
  }

  /** Stops sending, playing and the media timeout; what is queued stays queued. */
  stop(): void {
    this.#sender.stop();
    this.#mediaTimeout.stop();
    this.#playing = false;
    this.#playTask.cancel();
  }

  /** Queues PCM at the application's sample rate, any length: sent in ptime frames on schedule. */
  write(pcm: Int16Array): void {
    this.#sender.write(pcm);
  }

  /** Drops what is queued and not yet sent (barge-in: the caller spoke over the bot). */
  flush(): void {
    this.#sender.flush();
  }

  /** How far ahead of the schedule the written audio is queued, ms (back-pressure). */
  get queuedMs(): number {
    return this.#sender.queuedMs;
  }

  /**
   * Takes one received RTP packet (from the call's `onPacket`). Audio and, when negotiated, comfort
   * noise go to the jitter buffer; packets of other payload types (telephone-event) are counted and
   * left to the call. Never throws.
   * @param packet - The parsed packet; its payload is copied by the jitter buffer as needed.
   * @param nowMs - Arrival time on the monotonic clock (default `performance.now()`).
   */
  packetReceived(packet: AudioCallPacket, nowMs: number = performance.now()): void {
    this.#mediaTimeout.activity();
    if (packet.payloadType !== this.codec.payloadType && packet.payloadType !== this.#cnPayloadType) {
      this.#otherPayloadTypes++;
      return;
    }
    try {
      this.#jitter.push({ ...packet, payload: packet.payload.slice(), arrivalMs: nowMs });
    } catch (error) {
      this.#onError?.(error);
    }
  }

  /**
   * Sends DTMF digits through the call (RFC 4733, `RtpCall.sendDigits`).
   * @param digits - e.g. `'1234#'`.
   * @returns Resolves true when every packet was sent.
   * @throws {AudioError} `UNSUPPORTED_RATE` when the call cannot send DTMF.
   */
  sendDigits(digits: string): Promise<boolean> {
    if (this.#call.sendDigits === undefined) {
      throw new AudioError('UNSUPPORTED_RATE', 'the call has no sendDigits (RFC 4733 telephone events)');
    }
    return this.#call.sendDigits(digits);
  }

  /**
   * Sets (or with undefined, removes) the tap that sees every frame sent and played with its nominal
   * time on the call's schedule (a `CallRecorder` sets itself).
   * @param tap - the tap, or undefined.
   * @example
   * ```ts
   * import { AudioCall, type AudioCallRtp } from '@voip/audio';
   * declare const rtpCall: AudioCallRtp;
   * const audio = new AudioCall({ call: rtpCall });
   * audio.setTap({ sent: (f, at) => console.log('sent', f.timestamp, at), played: (pcm, at) => console.log('played', at) });
   * ```
   */
  setTap(tap: AudioCallTap | undefined): void {
    this.#tap = tap;
  }

  /** Counters of both directions. */
  get stats(): AudioCallStats {
    return { received: this.#jitter.stats, sent: this.#sender.stats, otherPayloadTypes: this.#otherPayloadTypes };
  }

  /** The sent frame to the tap, with its nominal time: its slot's deadline on the sender's schedule. */
  #tapSent(tap: AudioCallTap, frame: { payloadType: number; timestamp: number; payload: Uint8Array }, atMs: number): void {
    try {
      tap.sent(frame, atMs);
    } catch (error) {
      this.#onError?.(error);
    }
  }

  /** Playout on absolute deadlines (start + n × ptime), so timer lateness never accumulates. */
  #schedulePlayout(): void {
    const due = this.#playStart + (this.#framesPlayed + 1) * this.ptimeMs;
    this.#playTask.at(due);
  }

  #play(): void {
    const now = MediaScheduler.shared.now();
    // Catch up after a stall, but at most 5 frames at once (the rest are skipped, not played late).
    let behind = Math.floor((now - this.#playStart) / this.ptimeMs) - this.#framesPlayed;
    if (behind > 5) {
      this.#framesPlayed += behind - 5;
      behind = 5;
    }
    for (let i = 0; i < behind; i++) {
      this.#framesPlayed++;
      const frame = this.#jitter.pull();
      const pcm = this.#toApplication === undefined ? frame.pcm : this.#toApplication.process(frame.pcm);
      try {
        this.#onAudio?.(pcm);
      } catch (error) {
        this.#onError?.(error);
      }
      try {
        this.#tap?.played(pcm, this.#playStart + this.#framesPlayed * this.ptimeMs);
      } catch (error) {
        this.#onError?.(error);
      }
    }
    if (this.#playing) {
      this.#schedulePlayout();
    }
  }
}

function randomUint32(): number {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues !== undefined) {
    return c.getRandomValues(new Uint32Array(1))[0]!;
  }
  return Math.floor(Math.random() * 0x100000000);
}
