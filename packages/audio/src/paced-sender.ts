/**
 * A paced sender: the application writes PCM of any length, whenever it likes (a text-to-speech
 * engine's whole sentence, or 10 ms chunks); the sender cuts it into `ptimeMs` frames, encodes them and
 * hands them to `send` one per frame period, on a schedule of absolute deadlines (frame n is due at
 * `first + n × ptimeMs`, so a late timer does not delay the frames after it; `first` is the phase the
 * scheduler placed the sender at, within one period of `start()`), with the RTP sequence number,
 * timestamp and marker bit of each frame (RFC 3550 §5.1, RFC 3551 §4.1).
 * @module
 */
import type { AudioCodec, AudioEncoder } from './audio-codec.js';
import { MediaScheduler, type MediaTask } from './media-scheduler.js';
import { ComfortNoisePayload, COMFORT_NOISE_PAYLOAD_TYPE } from './codecs/comfort-noise.js';
import { Resampler } from './resampler.js';
import { SampleQueue } from './sample-queue.js';
import type { ResamplerRate } from './resampler.js';

/** One frame for the RTP layer: what an RTP packet of the stream needs besides SSRC and payload type. */
export interface PacedFrame {
  /**
   * The encoded audio. A new array per frame, unless the sender was made with `reuseFrames` (then a
   * buffer rewritten for every frame: copy it to keep it past `send`).
   */
  readonly payload: Uint8Array;
  /** RTP timestamp of its first sample, mod 2^32 (advances by the frame's clock ticks every slot, sent or not). */
  readonly timestamp: number;
  /** RTP sequence number, mod 2^16 (advances by one per frame sent). */
  readonly sequenceNumber: number;
  /**
   * The marker bit: the first frame of the stream and of every talkspurt after frames were not sent or
   * after comfort noise (RFC 3551 §4.1).
   */
  readonly marker: boolean;
  /**
   * Set only on an RFC 3389 comfort noise frame: its payload type (the `comfortNoise.payloadType`
   * option). Audio frames leave it undefined: they go out on the stream's audio payload type.
   */
  readonly payloadType?: number;
  /**
   * When this frame was due: the absolute deadline of its slot on the scheduler's clock (ms,
   * `performance.now()` by default), `first + n × ptimeMs`. `send` runs at or after it; how late is the
   * frame's deadline miss. Frames caught up after a late timer carry their own slots' deadlines.
   */
  readonly deadlineMs: number;
}

/**
 * RFC 3389 comfort noise instead of an idle fill: in the first idle slot after audio (or at the start)
 * one CN packet carries the level of the background noise (RFC 3389 §4), then one more every
 * `intervalMs` while the application stays quiet; the next audio frame starts a talkspurt (marker set).
 * @example
 * ```ts
 * import { PacedSender, PCMU } from '@voip/audio';
 * declare function sendRtp(payloadType: number, payload: Uint8Array, timestamp: number, marker: boolean): void;
 * const sender = new PacedSender({
 *   codec: PCMU,
 *   comfortNoise: { payloadType: 13, intervalMs: 1000 },
 *   send: (f) => sendRtp(f.payloadType ?? 0, f.payload, f.timestamp, f.marker),
 * });
 * ```
 */
export interface PacedComfortNoise {
  /** The CN payload type (default 13, `CN/8000` of RFC 3551 Table 4; a dynamic one when negotiated so). */
  readonly payloadType?: number;
  /**
   * Time between CN updates while quiet, ms (default 1000). RFC 3389 leaves the rate to the sender; one
   * update a second costs one packet where 50 would carry silence, lets a change of the background level
   * through within a second, and keeps NAT bindings and the RTP timeouts of peers and SBCs (seconds to
   * tens of seconds) fed with a wide margin. Rounded up to whole frame periods.
   */
  readonly intervalMs?: number;
  /**
   * A fixed level, `-dBov` 0..127. Default: measured, the quietest `ComfortNoisePayload.levelOf` of the
   * last 5 audio frames sent (the background between words), or 80 (-80 dBov) before any audio.
   */
  readonly level?: number;
}

/**
 * What the sender does in a frame slot with nothing queued:
 * - `none` (default): sends nothing (silence suppression; the next audio starts a talkspurt, marker set);
 * - `silence`: sends encoded digital silence;
 * - `noise`: sends low-level white noise encoded in the codec (comfort noise generated locally; this is
 *   not the RFC 3389 CN payload format).
 */
export type PacedIdle = 'none' | 'silence' | 'noise';

/** Options of a {@link PacedSender}. */
export interface PacedSenderOptions {
  /** The codec frames are encoded with. */
  readonly codec: AudioCodec;
  /** Called with each frame when it is due. */
  readonly send: (frame: PacedFrame) => void;
  /** Frame duration, ms (default 20). */
  readonly ptimeMs?: number;
  /**
   * The sample rate of the PCM given to `write` (default the codec's). Another rate (8, 16, 24 or
   * 48 kHz) is converted with a {@link Resampler}.
   */
  readonly inputRate?: number;
  /** What to send when nothing is queued (default `none`; ignored when `comfortNoise` is given). */
  readonly idle?: PacedIdle;
  /** Send RFC 3389 comfort noise packets when nothing is queued (default off: the `idle` fill). */
  readonly comfortNoise?: PacedComfortNoise;
  /** Level of the `noise` idle fill, dBov (default -60). */
  readonly noiseLevelDb?: number;
  /** The first sequence number (default random, RFC 3550 §5.1). */
  readonly sequenceNumber?: number;
  /** The first timestamp (default random, RFC 3550 §5.1). */
  readonly timestamp?: number;
  /** Most frames sent at once to catch up after the timer ran late (default 5); older slots are skipped. */
  readonly maxBurst?: number;
  /**
   * The scheduler whose one timer paces this sender (default `MediaScheduler.shared`, one timer for
   * every sender of the process; `new MediaScheduler()` for a private one). Deadlines are on its clock.
   */
  readonly scheduler?: MediaScheduler;
  /**
   * The clock, ms. Given without `scheduler`, the sender runs on a private {@link MediaScheduler} of
   * this clock (deadlines on another clock than the shared scheduler's cannot share its queue); ignored
   * with `scheduler`. Default: the scheduler's clock (`performance.now()`).
   */
  readonly now?: () => number;
  /** Called when `send` throws (default: rethrown, as an uncaught exception of the timer). */
  readonly onError?: (error: unknown) => void;
  /**
   * Give `send` the same frame object and payload buffer every time, rewritten for each frame, instead
   * of new ones (default false). Nothing is then allocated per audio frame (500 senders make 25 000
   * frames a second, and their garbage is collected in pauses that delay every sender); but the frame
   * and its payload are only valid during the `send` call: copy what you keep (a jitter buffer or a
   * queue keeps the payload it is given; an RTP packet serialized in `send` does not). Comfort noise
   * frames (one a second at most) are still new objects.
   */
  readonly reuseFrames?: boolean;
}

/** Counters of a {@link PacedSender}. */
export interface PacedSenderStats {
  /** Frames given to `send` (audio, idle fill and comfort noise). */
  readonly framesSent: number;
  /** Of them, RFC 3389 comfort noise frames. */
  readonly comfortNoiseSent: number;
  /** Frame slots that passed without a frame (idle `none`, between comfort noise updates, or skipped catching up). */
  readonly slotsSkipped: number;
  /** Timer callbacks that ran a frame period or more after their deadline. */
  readonly lateTicks: number;
  /** Samples dropped by `flush()`. */
  readonly flushedSamples: number;
}

/** A frame the sender rewrites (`reuseFrames`). */
type MutableFrame = { -readonly [K in keyof PacedFrame]: PacedFrame[K] };

/** The checked comfort noise settings. */
interface CnConfig {
  readonly payloadType: number;
  readonly intervalSlots: number;
  readonly level: number | undefined;
}

/** Audio frames whose levels the measured CN level is taken from. */
const CN_LEVEL_FRAMES = 5;
/** The CN level before any audio was sent, -dBov. */
const CN_DEFAULT_LEVEL = 80;

function random32(): number {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (c?.getRandomValues !== undefined) {
    return c.getRandomValues(new Uint32Array(1))[0]!;
  }
  return Math.floor(Math.random() * 0x100000000);
}

/**
 * Paces PCM out as RTP-ready frames. `write()` queues audio (at `inputRate`); while started, every
 * `ptimeMs` one frame is cut from the queue (padded with silence when less than a frame is left),
 * encoded and given to `send` with its sequence number, timestamp, marker and deadline. Deadlines are
 * absolute (`first + n × ptimeMs`): a timer that fires late sends the frames that are due (at most
 * `maxBurst`) and the next deadline stays where it was. The deadlines wait in a {@link MediaScheduler}:
 * by default the process's shared one, so every sender of the process is paced by one unref'd timer
 * (it does not keep Node.js alive) that sends every frame due in one turn. `start()` lets the scheduler
 * place the sender at the least loaded 1 ms phase of its ptime, so `first` is within one ptime of
 * `start()` and senders started together are spread over the ptime instead of all due in one turn.
 * `flush()` drops what is queued (barge-in: the caller started talking); `queuedMs` tells how far
 * ahead of real time the application has written. The sender knows nothing of sockets or RTP
 * sessions: `send` builds and sends the packet.
 * @example
 * ```ts
 * import { PacedSender, PCMU } from '@voip/audio';
 * declare function sendRtp(payload: Uint8Array, timestamp: number, sequenceNumber: number, marker: boolean): void;
 * declare const speech: Int16Array; // 16 kHz from a TTS engine
 * const sender = new PacedSender({
 *   codec: PCMU,
 *   inputRate: 16000,
 *   send: (f) => sendRtp(f.payload, f.timestamp, f.sequenceNumber, f.marker),
 * });
 * sender.start();
 * sender.write(speech);
 * // the caller barged in:
 * sender.flush();
 * ```
 */
export class PacedSender {
  /** Frame duration, ms. */
  readonly ptimeMs: number;
  readonly #codec: AudioCodec;
  readonly #encoder: AudioEncoder;
  readonly #send: (frame: PacedFrame) => void;
  /** The reused frame and payload (`reuseFrames`), or undefined. */
  readonly #reused: { frame: MutableFrame; payload: Uint8Array } | undefined;
  readonly #idle: PacedIdle;
  readonly #noiseAmplitude: number;
  readonly #frameSamples: number;
  readonly #frameTicks: number;
  readonly #maxBurst: number;
  readonly #scheduler: MediaScheduler;
  readonly #task: MediaTask;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #resampler: Resampler | undefined;
  /** Samples queued to send (codec rate), copied in by `write`. */
  readonly #queue = new SampleQueue();
  /** Whether the resampler holds input since its last flush. */
  #resamplerPending = false;
  #seq: number;
  readonly #ts0: number;
  #startMs = 0;
  /** The next frame slot (slot n of the run is due at first + n × ptime, `first` being `#startMs`). */
  #slot = 0;
  /** Slots since `start()`. */
  #slotInRun = 0;
  #running = false;
  #talking = false;
  #first = true;
  #noiseState = 0x12345678;
  readonly #cn: CnConfig | undefined;
  /** Levels of the last audio frames sent (for the measured CN level). */
  #recentLevels: number[] = [];
  /** Slots until the next CN update; undefined while talking (the next quiet slot sends CN at once). */
  #cnCountdown: number | undefined;
  /**
   * One frame of PCM to encode (the tick allocates no PCM per frame: 500 senders × 50 frames a second
   * of short-lived buffers feed the garbage collector, whose pauses delay every sender), and digital
   * silence (never written).
   */
  #scratch: Int16Array | undefined;
  #silence: Int16Array | undefined;
  #stats = { framesSent: 0, comfortNoiseSent: 0, slotsSkipped: 0, lateTicks: 0, flushedSamples: 0 };

  /**
   * @param options - the codec, the `send` callback, the frame duration, the input rate and the idle fill.
   * @throws TypeError for a `scheduler` that is not a {@link MediaScheduler}; RangeError for a ptime that is not whole samples, a bad burst size, or a comfort noise
   *   payload type, interval or level out of range; AudioError
   *   `UNSUPPORTED_RATE` for an input rate the resampler does not convert.
   */
  constructor(options: PacedSenderOptions) {
    const { codec, send, ptimeMs = 20, inputRate = codec.sampleRate, idle = 'none', noiseLevelDb = -60, maxBurst = 5, now, scheduler, onError, reuseFrames = false } = options;
    const frameSamples = (ptimeMs * codec.sampleRate) / 1000;
    const frameTicks = (ptimeMs * codec.clockRate) / 1000;
    if (!(ptimeMs > 0) || !Number.isInteger(frameSamples) || !Number.isInteger(frameTicks)) {
      throw new RangeError(`ptime ${ptimeMs} ms is not a whole number of samples at ${codec.sampleRate} Hz`);
    }
    if (!Number.isInteger(maxBurst) || maxBurst < 1) {
      throw new RangeError(`maxBurst must be a positive integer, got ${maxBurst}`);
    }
    if (idle !== 'none' && idle !== 'silence' && idle !== 'noise') {
      throw new RangeError(`idle must be 'none', 'silence' or 'noise', got ${String(idle)}`);
    }
    this.#cn = PacedSender.#comfortNoise(options.comfortNoise, ptimeMs);
    this.ptimeMs = ptimeMs;
    this.#codec = codec;
    this.#encoder = codec.createEncoder();
    this.#send = send;
    this.#reused = reuseFrames
      ? { frame: { payload: new Uint8Array(0), timestamp: 0, sequenceNumber: 0, marker: false, deadlineMs: 0 }, payload: new Uint8Array(codec.encodedLength(frameSamples)) }
      : undefined;
    this.#idle = idle;
    this.#noiseAmplitude = 32768 * 10 ** (noiseLevelDb / 20) * Math.sqrt(3); // uniform noise of that RMS
    this.#frameSamples = frameSamples;
    this.#frameTicks = frameTicks;
    this.#maxBurst = maxBurst;
    if (scheduler !== undefined && !(scheduler instanceof MediaScheduler)) {
      throw new TypeError('scheduler must be a MediaScheduler');
    }
    this.#scheduler = scheduler ?? (now === undefined ? MediaScheduler.shared : new MediaScheduler({ now }));
    this.#task = this.#scheduler.task((t) => this.#tick(t));
    this.#onError = onError;
    this.#resampler = inputRate === codec.sampleRate ? undefined : new Resampler({ from: inputRate as ResamplerRate, to: codec.sampleRate as ResamplerRate });
    this.#seq = (options.sequenceNumber ?? random32()) & 0xffff;
    this.#ts0 = (options.timestamp ?? random32()) >>> 0;
  }

  static #comfortNoise(cn: PacedComfortNoise | undefined, ptimeMs: number): CnConfig | undefined {
    if (cn === undefined) {
      return undefined;
    }
    const { payloadType = COMFORT_NOISE_PAYLOAD_TYPE, intervalMs = 1000, level } = cn;
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
      throw new RangeError(`comfort noise payload type must be an integer 0..127, got ${payloadType}`);
    }
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) {
      throw new RangeError(`comfort noise intervalMs must be a positive number, got ${intervalMs}`);
    }
    if (level !== undefined && (!Number.isInteger(level) || level < 0 || level > 127)) {
      throw new RangeError(`comfort noise level must be an integer 0..127 (-dBov), got ${level}`);
    }
    return { payloadType, intervalSlots: Math.ceil(intervalMs / ptimeMs - 1e-9), level };
  }

  /** How much audio is queued, ms (what `write` put ahead of the schedule and is not sent yet). */
  get queuedMs(): number {
    return (this.#queue.length * 1000) / this.#codec.sampleRate;
  }

  /** The counters. */
  get stats(): PacedSenderStats {
    return { ...this.#stats };
  }

  /** Whether the schedule is running. */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Queues PCM (mono, at `inputRate`) after what is queued. Any length; a copy is kept.
   * @param pcm - the samples.
   * @example
   * ```ts
   * import { PacedSender, PCMA } from '@voip/audio';
   * const sender = new PacedSender({ codec: PCMA, send: () => undefined });
   * sender.write(new Int16Array(8000)); // 1 s
   * console.log(sender.queuedMs); // 1000
   * ```
   */
  write(pcm: Int16Array): void {
    const chunk = this.#resampler === undefined ? pcm : this.#resampler.process(pcm);
    this.#resamplerPending ||= this.#resampler !== undefined && pcm.length > 0;
    this.#queue.push(chunk);
  }

  /**
   * Drops everything queued (barge-in). The schedule, sequence numbers and timestamps go on; with idle
   * `none` the next audio starts a new talkspurt.
   * @example
   * ```ts
   * import { PacedSender, PCMU } from '@voip/audio';
   * const sender = new PacedSender({ codec: PCMU, send: () => undefined });
   * sender.write(new Int16Array(16000));
   * sender.flush();
   * console.log(sender.queuedMs); // 0
   * ```
   */
  flush(): void {
    this.#stats.flushedSamples += this.#queue.length;
    this.#queue.clear();
    this.#resampler?.reset();
    this.#resamplerPending = false;
  }

  /**
   * Starts the schedule. The scheduler places the sender at the least loaded phase of its period
   * ({@link MediaScheduler.placePeriodic}): the first frame is due at that phase's next instant, now or
   * up to one `ptimeMs` later (within a millisecond when the sender starts alone, since the soonest of
   * equally loaded phases is taken; at once when that instant is now), and frame n at first + n × ptimeMs. So senders started together do not all fall
   * due in one timer turn. Each frame's deadline is in its `deadlineMs`.
   * @example
   * ```ts
   * import { PacedSender, PCMU } from '@voip/audio';
   * const sender = new PacedSender({ codec: PCMU, send: (f) => console.log(f.sequenceNumber), idle: 'silence' });
   * sender.start();
   * setTimeout(() => sender.stop(), 100); // about 5 frames
   * ```
   */
  start(): void {
    if (this.#running) {
      return;
    }
    this.#running = true;
    this.#slotInRun = 0;
    this.#startMs = this.#scheduler.placePeriodic(this.#task, this.ptimeMs);
    const now = this.#scheduler.now();
    if (this.#startMs <= now) {
      this.#tick(now); // due now: the first frame goes out at once
    }
  }

  /** Stops the schedule (the queue stays; `start()` again resumes with a new talkspurt). */
  stop(): void {
    this.#running = false;
    this.#task.cancel();
    this.#talking = false;
    this.#cnCountdown = undefined;
  }

  /** A turn of the scheduler (or `start()`): sends the frames due at `now`, arms the next deadline. */
  #tick(now: number): void {
    if (!this.#running) {
      return;
    }
    const due = Math.floor((now - this.#startMs) / this.ptimeMs) - this.#slotInRun + 1; // slots due now
    if (due > 1) {
      this.#stats.lateTicks++;
    }
    const skip = Math.max(0, due - this.#maxBurst);
    if (skip > 0) {
      this.#stats.slotsSkipped += skip;
      this.#advance(skip);
      this.#talking = false;
    }
    for (let i = skip; i < due && this.#running; i++) {
      this.#emit();
    }
    if (this.#running) {
      this.#task.at(this.#startMs + this.#slotInRun * this.ptimeMs);
    }
  }

  #advance(slots: number): void {
    this.#slot += slots;
    this.#slotInRun += slots;
  }

  #emit(): void {
    const timestamp = (this.#ts0 + this.#slot * this.#frameTicks) >>> 0;
    const deadlineMs = this.#startMs + this.#slotInRun * this.ptimeMs;
    this.#advance(1);
    if (this.#queue.length < this.#frameSamples && this.#resampler !== undefined && this.#resamplerPending) {
      // Underrun: let the resampler's held-back tail out rather than keep it.
      this.#resamplerPending = false;
      const tail = this.#resampler.flush();
      this.#queue.push(tail);
    }
    let pcm: Int16Array;
    if (this.#queue.length > 0) {
      pcm = this.#take();
      this.#cnCountdown = undefined;
      if (this.#cn !== undefined) {
        this.#recentLevels.push(ComfortNoisePayload.levelOf(pcm));
        if (this.#recentLevels.length > CN_LEVEL_FRAMES) {
          this.#recentLevels.shift();
        }
      }
    } else if (this.#cn !== undefined) {
      this.#comfortNoiseSlot(timestamp, deadlineMs, this.#cn);
      return;
    } else if (this.#idle === 'none') {
      this.#stats.slotsSkipped++;
      this.#talking = false;
      return;
    } else {
      pcm = this.#idle === 'silence' ? (this.#silence ??= new Int16Array(this.#frameSamples)) : this.#noise();
    }
    const marker = this.#first || !this.#talking;
    this.#first = false;
    this.#talking = true;
    const reused = this.#reused;
    if (reused === undefined) {
      this.#deliver({ payload: this.#encoder.encode(pcm), timestamp, sequenceNumber: this.#seq, marker, deadlineMs });
      return;
    }
    const f = reused.frame;
    f.payload = this.#encoder.encode(pcm, reused.payload);
    f.timestamp = timestamp;
    f.sequenceNumber = this.#seq;
    f.marker = marker;
    f.deadlineMs = deadlineMs;
    this.#deliver(f);
  }

  /**
   * A quiet slot with comfort noise on: a CN packet at the start of the silence and every
   * `intervalSlots` after (RFC 3389 §4), otherwise nothing. The timestamp is the slot's.
   */
  #comfortNoiseSlot(timestamp: number, deadlineMs: number, cn: CnConfig): void {
    const starting = this.#cnCountdown === undefined || this.#first;
    if (!starting && --this.#cnCountdown! > 0) {
      this.#stats.slotsSkipped++;
      return;
    }
    this.#cnCountdown = cn.intervalSlots;
    this.#talking = false; // the next audio frame starts a talkspurt
    this.#first = false;
    const level = cn.level ?? (this.#recentLevels.length === 0 ? CN_DEFAULT_LEVEL : Math.max(...this.#recentLevels));
    const payload = ComfortNoisePayload.serialize({ level, reflectionCoefficients: new Uint8Array(0) });
    this.#stats.comfortNoiseSent++;
    this.#deliver({ payload, timestamp, sequenceNumber: this.#seq, marker: false, payloadType: cn.payloadType, deadlineMs });
  }

  #deliver(frame: PacedFrame): void {
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#stats.framesSent++;
    try {
      this.#send(frame);
    } catch (e) {
      if (this.#onError === undefined) {
        throw e;
      }
      this.#onError(e);
    }
  }

  /** The next frame from the queue, padded with silence (in the scratch frame: encoded at once, never kept). */
  #take(): Int16Array {
    const pcm = (this.#scratch ??= new Int16Array(this.#frameSamples));
    const filled = this.#queue.takeInto(pcm);
    pcm.fill(0, filled);
    return pcm;
  }

  /** White noise of the configured level (a xorshift generator: deterministic, platform-neutral). */
  #noise(): Int16Array {
    const pcm = (this.#scratch ??= new Int16Array(this.#frameSamples));
    let x = this.#noiseState;
    for (let i = 0; i < pcm.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      pcm[i] = Math.round(((x >>> 0) / 0x100000000 - 0.5) * 2 * this.#noiseAmplitude);
    }
    this.#noiseState = x;
    return pcm;
  }
}
