/**
 * A playout (de-jitter) buffer for one received audio stream: RTP packets go in as they arrive, in any
 * order; PCM frames of a fixed duration come out, one per `pull()`, in timestamp order. It has no timer
 * of its own: the caller pulls once per frame period (its audio clock), so nothing in it keeps a
 * process alive. Timestamps and sequence numbers are unwrapped modulo 2^32 / 2^16 (RFC 3550 §5.1,
 * Appendix A.1).
 * @module
 */
import type { AudioCodec, AudioDecoder } from './audio-codec.js';
import { ComfortNoisePayload } from './codecs/comfort-noise.js';
import { isAudioError } from './errors.js';

/**
 * What the buffer needs of a received RTP packet (RFC 3550 §5.1), by shape: a parsed packet of
 * `@voip/rtp` with an arrival time added fits.
 */
export interface JitterPacket {
  /** RTP sequence number, 0..65535. */
  readonly sequenceNumber: number;
  /** RTP timestamp, 0..2^32-1, in the codec's clock rate. */
  readonly timestamp: number;
  /** Synchronisation source. A new one restarts the buffer. */
  readonly ssrc: number;
  /** The encoded audio. */
  readonly payload: Uint8Array;
  /** When it arrived, in milliseconds on any monotonic clock (`performance.now()`). */
  readonly arrivalMs: number;
  /** The RTP payload type; needed only to tell comfort noise (`comfortNoisePayloadType`) from audio. */
  readonly payloadType?: number;
}

/** How a missing frame is filled. */
export type JitterConcealment = 'repeat' | 'silence';

/** Options of a {@link JitterBuffer}. */
export interface JitterBufferOptions {
  /** The stream's codec: its decoder turns payloads into PCM, its rates convert timestamps. */
  readonly codec: AudioCodec;
  /** Frame duration of `pull()`, ms (default 20). `ptimeMs × sampleRate / 1000` must be whole samples. */
  readonly ptimeMs?: number;
  /** The initial target depth, ms (default 40). */
  readonly targetDelayMs?: number;
  /** The least the adaptive target goes, ms (default 20). */
  readonly minDelayMs?: number;
  /** The most the adaptive target goes, ms (default 200). */
  readonly maxDelayMs?: number;
  /** Adapt the target to the measured jitter (default true); false keeps `targetDelayMs`. */
  readonly adaptive?: boolean;
  /**
   * `repeat` (default): a missing frame repeats the last one, 6 dB quieter each time, silence after
   * `maxRepeats`; `silence`: a missing frame is silence.
   */
  readonly concealment?: JitterConcealment;
  /** Repeats before concealment turns to silence (default 3). */
  readonly maxRepeats?: number;
  /**
   * The payload type of RFC 3389 comfort noise (13, or the negotiated dynamic one). Packets pushed with
   * it are not audio: from their timestamp until the next audio the buffer plays white noise at the
   * signalled level (`comfort-noise` frames) instead of concealing or idling, and counts no loss.
   * Default: none (every packet is audio).
   */
  readonly comfortNoisePayloadType?: number;
}

/** What a pulled frame holds. */
export type JitterFrameKind =
  /** Decoded audio (a frame the packets only partly covered has silence in the gaps). */
  | 'audio'
  /** A frame filled in for a lost or not yet arrived packet (see {@link JitterConcealment}). */
  | 'concealed'
  /** Nothing to play: before the first packet, while filling to the target depth, or after the stream stopped. */
  | 'idle'
  /** White noise at the level of the last RFC 3389 comfort noise packet, until the next audio. */
  | 'comfort-noise';

/** One pulled frame. */
export interface JitterFrame {
  /** `ptimeMs` of PCM at the codec's sample rate. */
  readonly pcm: Int16Array;
  /** What it is. */
  readonly kind: JitterFrameKind;
  /** The RTP timestamp of its first sample (of an `idle` frame: where playout will go on), mod 2^32. */
  readonly timestamp: number;
}

/** Counters and state of a {@link JitterBuffer} (since it was made; `depthMs` and `targetMs` now). */
export interface JitterBufferStats {
  /** Packets pushed. */
  readonly received: number;
  /** Packets dropped because their audio was already played past (too late). */
  readonly late: number;
  /** Packets dropped because their payload is empty or not whole samples of the codec. */
  readonly malformed: number;
  /** Packets dropped as duplicates of a buffered one (a copy of one already played counts as late). */
  readonly duplicates: number;
  /** Frames lost: missing when their turn came while later audio was there. */
  readonly lost: number;
  /** Frames concealed (lost ones, and ones missing because the buffer ran empty). */
  readonly concealed: number;
  /** Frames of audio skipped to bring the depth down to the target. */
  readonly skipped: number;
  /** Restarts: a new SSRC, or a sequence number or timestamp jump. */
  readonly resyncs: number;
  /** RFC 3389 comfort noise packets accepted (malformed ones count as `malformed`, stale ones as `late`). */
  readonly comfortNoise: number;
  /** Frames of comfort noise played. */
  readonly comfortNoiseFrames: number;
  /** Buffered audio ahead of the playout point, ms. */
  readonly depthMs: number;
  /** The depth the buffer is aiming for, ms. */
  readonly targetMs: number;
}

/** RFC 3550 Appendix A.1: a sequence number this far from the expected one starts a new stream. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
/** Transit-time samples of the jitter estimate. */
const WINDOW = 100;
/** Pulls the depth must stay above target + one frame before a frame is skipped. */
const SHRINK_AFTER = 25;

interface Buffered {
  /** Unwrapped timestamp. */
  readonly ts: number;
  /** Duration in clock units. */
  readonly duration: number;
  readonly payload: Uint8Array;
  pcm: Int16Array | undefined;
}

/**
 * A playout buffer for one audio stream. `push` each received packet (any order, duplicates and
 * late ones are dropped and counted); `pull` once per `ptimeMs` for the next frame of PCM. It reorders
 * by timestamp, conceals a missing frame (repeat, attenuated, or silence), drops packets that arrive
 * after their audio was due, restarts on an SSRC change or a sequence/timestamp jump, and adapts its
 * depth between `minDelayMs` and `maxDelayMs` to the jitter it measures (the spread of transit times
 * over the last 100 packets, plus a frame): it grows by waiting when it runs empty and shrinks by
 * skipping a frame when it stayed a frame above the target for half a second.
 * @example
 * ```ts
 * import { JitterBuffer, PCMU } from '@voip/audio';
 * import type { JitterPacket } from '@voip/audio';
 * const jb = new JitterBuffer({ codec: PCMU, ptimeMs: 20 });
 * declare function onRtp(cb: (p: JitterPacket) => void): void;
 * declare function play(pcm: Int16Array): void;
 * onRtp((packet) => jb.push(packet));
 * setInterval(() => play(jb.pull().pcm), 20).unref(); // or the sound card's callback
 * console.log(jb.stats.lost, jb.stats.depthMs);
 * ```
 */
export class JitterBuffer {
  /** Frame duration of `pull()`, ms. */
  readonly ptimeMs: number;
  readonly #codec: AudioCodec;
  readonly #decoder: AudioDecoder;
  readonly #frameSamples: number;
  readonly #frameTicks: number;
  readonly #ticksPerSample: number;
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #adaptive: boolean;
  readonly #concealment: JitterConcealment;
  readonly #maxRepeats: number;
  #targetMs: number;
  #ssrc: number | undefined;
  /** Highest extended sequence number seen. */
  #maxSeq = 0;
  /** Reference for unwrapping timestamps (the last unwrapped one). */
  #lastTs = 0;
  /** Unwrapped timestamp of the next frame to play. */
  #playTs = 0;
  #playing = false;
  #buffer: Buffered[] = [];
  #transits: number[] = [];
  #last: Int16Array | undefined;
  #repeats = 0;
  #above = 0;
  #empty = 0;
  readonly #cnPayloadType: number | undefined;
  /** The comfort noise in force: its unwrapped timestamp and level; cleared when audio after it plays. */
  #cn: { ts: number; level: number } | undefined;
  /** Unwrapped timestamp of the last audio frame played (a CN packet before it is stale). */
  #audioPlayedTs: number | undefined;
  #counts = { received: 0, late: 0, malformed: 0, duplicates: 0, lost: 0, concealed: 0, skipped: 0, resyncs: 0, comfortNoise: 0, comfortNoiseFrames: 0 };

  /**
   * @param options - the codec, frame duration, depth limits and concealment.
   * @throws RangeError for a ptime that is not whole samples or limits out of order.
   */
  constructor(options: JitterBufferOptions) {
    const { codec, ptimeMs = 20, targetDelayMs = 40, minDelayMs = 20, maxDelayMs = 200, adaptive = true, concealment = 'repeat', maxRepeats = 3 } = options;
    const frameSamples = (ptimeMs * codec.sampleRate) / 1000;
    const frameTicks = (ptimeMs * codec.clockRate) / 1000;
    if (!(ptimeMs > 0) || !Number.isInteger(frameSamples) || !Number.isInteger(frameTicks)) {
      throw new RangeError(`ptime ${ptimeMs} ms is not a whole number of samples at ${codec.sampleRate} Hz`);
    }
    if (!(minDelayMs >= 0 && minDelayMs <= targetDelayMs && targetDelayMs <= maxDelayMs)) {
      throw new RangeError(`jitter buffer delays must satisfy 0 <= min (${minDelayMs}) <= target (${targetDelayMs}) <= max (${maxDelayMs})`);
    }
    if (concealment !== 'repeat' && concealment !== 'silence') {
      throw new RangeError(`concealment must be 'repeat' or 'silence', got ${String(concealment)}`);
    }
    this.ptimeMs = ptimeMs;
    this.#codec = codec;
    this.#decoder = codec.createDecoder();
    this.#frameSamples = frameSamples;
    this.#frameTicks = frameTicks;
    this.#ticksPerSample = codec.clockRate / codec.sampleRate;
    this.#minMs = minDelayMs;
    this.#maxMs = maxDelayMs;
    this.#adaptive = adaptive;
    this.#concealment = concealment;
    this.#maxRepeats = maxRepeats;
    this.#targetMs = targetDelayMs;
    this.#cnPayloadType = options.comfortNoisePayloadType;
  }

  /** The counters, the current depth and the target. */
  get stats(): JitterBufferStats {
    return { ...this.#counts, depthMs: this.#depthMs(), targetMs: this.#targetMs };
  }

  /**
   * Adds a received packet. Never throws for what the network sends: a late, duplicate, empty or
   * malformed packet is counted and dropped.
   * @param packet - the packet and its arrival time.
   * @example
   * ```ts
   * import { JitterBuffer, PCMA } from '@voip/audio';
   * const jb = new JitterBuffer({ codec: PCMA });
   * jb.push({ sequenceNumber: 1, timestamp: 160, ssrc: 0x1234, payload: new Uint8Array(160), arrivalMs: performance.now() });
   * ```
   */
  push(packet: JitterPacket): void {
    this.#counts.received++;
    if (packet.payloadType !== undefined && packet.payloadType === this.#cnPayloadType) {
      this.#pushComfortNoise(packet);
      return;
    }
    const samples = this.#codec.decodedLength(packet.payload.length);
    if (samples === 0 || this.#codec.encodedLength(samples) !== packet.payload.length) {
      this.#counts.malformed++; // empty, or not whole samples of the codec (an odd-length L16 payload)
      return;
    }
    const ts = this.#track(packet);
    const duration = samples * this.#ticksPerSample;
    const waitingTicks = (this.#targetMs * this.#codec.clockRate) / 1000;
    if (ts + duration <= this.#playTs && (this.#playing || this.#playTs - ts > waitingTicks)) {
      this.#counts.late++;
      return;
    }
    if (this.#buffer.some((b) => b.ts === ts)) {
      this.#counts.duplicates++;
      return;
    }
    this.#observeTransit(packet.arrivalMs, ts);
    const at = this.#buffer.findIndex((b) => b.ts > ts);
    const entry: Buffered = { ts, duration, payload: packet.payload, pcm: undefined };
    if (at < 0) {
      this.#buffer.push(entry);
    } else {
      this.#buffer.splice(at, 0, entry);
    }
    if (!this.#playing && this.#buffer.length === 1) {
      this.#playTs = ts;
    }
    if (!this.#playing && ts < this.#playTs) {
      this.#playTs = ts; // reordered while filling: play from the earliest
    }
  }

  /** Restarts on a new stream, follows the highest sequence number; returns the unwrapped timestamp. */
  #track(packet: JitterPacket): number {
    if (this.#ssrc !== packet.ssrc || !this.#plausible(packet)) {
      this.#restart(packet);
    }
    const seqDelta = ((packet.sequenceNumber - (this.#maxSeq & 0xffff) + 0x8000) & 0xffff) - 0x8000;
    if (seqDelta > 0) {
      this.#maxSeq += seqDelta;
    }
    return this.#unwrap(packet.timestamp);
  }

  /** An RFC 3389 CN packet: the level in force from its timestamp until the next audio (§4). */
  #pushComfortNoise(packet: JitterPacket): void {
    let level: number;
    try {
      level = ComfortNoisePayload.parse(packet.payload).level;
    } catch (error) {
      if (!isAudioError(error)) {
        throw error; // only a malformed payload is a result; anything else is a bug
      }
      this.#counts.malformed++;
      return;
    }
    const ts = this.#track(packet);
    if ((this.#audioPlayedTs !== undefined && ts <= this.#audioPlayedTs) || (this.#cn !== undefined && ts < this.#cn.ts)) {
      this.#counts.late++; // audio after it already played, or an older update
      return;
    }
    this.#counts.comfortNoise++;
    this.#cn = { ts, level };
  }

  /** Whether comfort noise is what plays now: a CN packet with no buffered audio before it. */
  #inComfortNoise(): boolean {
    const first = this.#buffer[0];
    return this.#cn !== undefined && (first === undefined || first.ts >= this.#cn.ts);
  }

  #comfortNoiseFrame(timestamp: number): JitterFrame {
    this.#counts.comfortNoiseFrames++;
    const pcm = ComfortNoisePayload.fill(new Int16Array(this.#frameSamples), this.#cn!.level);
    return { pcm, kind: 'comfort-noise', timestamp };
  }

  /**
   * The next frame: `ptimeMs` of PCM, decoded audio, a concealed frame, or silence while there is
   * nothing to play. Call it once per frame period.
   * @returns the frame.
   * @example
   * ```ts
   * import { JitterBuffer, PCMU } from '@voip/audio';
   * const jb = new JitterBuffer({ codec: PCMU });
   * const frame = jb.pull(); // { kind: 'idle', pcm: 160 samples of silence, ... }
   * ```
   */
  pull(): JitterFrame {
    const timestamp = this.#playTs >>> 0;
    if (!this.#playing) {
      if (this.#buffer.length === 0 || this.#depthMs() < this.#targetMs) {
        if (this.#inComfortNoise()) {
          return this.#comfortNoiseFrame(timestamp);
        }
        return { pcm: new Int16Array(this.#frameSamples), kind: 'idle', timestamp };
      }
      this.#playing = true;
    }
    this.#adaptDown();
    const first = this.#buffer[0];
    if (this.#inComfortNoise() && (first === undefined || first.ts >= this.#playTs + this.#frameTicks)) {
      // Comfort noise (RFC 3389 §4) until the next audio, which starts a talkspurt: fill to the target
      // again from its timestamp, as after a pause, playing noise meanwhile; nothing is lost.
      this.#playing = false;
      this.#empty = 0;
      if (first !== undefined) {
        this.#playTs = first.ts;
        return this.pull();
      }
      return this.#comfortNoiseFrame(timestamp);
    }
    if (first === undefined) {
      // Ran empty: wait (the playout point stays, so the depth grows by a frame) and conceal; after
      // maxDelayMs of nothing the stream has stopped (or paused): idle, and fill again when it resumes.
      this.#empty++;
      if (this.#empty * this.ptimeMs > this.#maxMs) {
        this.#playing = false;
        return { pcm: new Int16Array(this.#frameSamples), kind: 'idle', timestamp };
      }
      return this.#conceal(timestamp, false);
    }
    this.#empty = 0;
    if (first.ts >= this.#playTs + this.#frameTicks) {
      const gapMs = ((first.ts - this.#playTs) * 1000) / this.#codec.clockRate;
      if (gapMs > this.#maxMs) {
        // A pause in the stream (silence suppression) or a timestamp jump: start again at the next audio.
        this.#playing = false;
        this.#playTs = first.ts;
        return this.pull();
      }
      this.#playTs += this.#frameTicks;
      return this.#conceal(timestamp, true);
    }
    const pcm = this.#assemble(this.#playTs);
    this.#audioPlayedTs = this.#playTs;
    if (this.#cn !== undefined && this.#playTs >= this.#cn.ts) {
      this.#cn = undefined; // the talkspurt after the comfort noise has begun
    }
    this.#playTs += this.#frameTicks;
    this.#dropPlayed();
    this.#last = pcm;
    this.#repeats = 0;
    return { pcm, kind: 'audio', timestamp };
  }

  /** Forgets everything buffered and the stream (the counters stay): the next packet starts afresh. */
  reset(): void {
    this.#ssrc = undefined;
    this.#buffer = [];
    this.#playing = false;
    this.#last = undefined;
    this.#transits = [];
    this.#empty = 0;
    this.#cn = undefined;
    this.#audioPlayedTs = undefined;
    this.#decoder.reset();
  }

  #restart(packet: JitterPacket): void {
    if (this.#ssrc !== undefined) {
      this.#counts.resyncs++;
    }
    this.reset();
    this.#ssrc = packet.ssrc;
    this.#maxSeq = packet.sequenceNumber;
    this.#lastTs = packet.timestamp;
    this.#playTs = packet.timestamp;
  }

  /** RFC 3550 A.1-like: is this packet of the same stream (sequence number and timestamp near ours)? */
  #plausible(packet: JitterPacket): boolean {
    const seqDelta = ((packet.sequenceNumber - (this.#maxSeq & 0xffff) + 0x8000) & 0xffff) - 0x8000;
    if (seqDelta > MAX_DROPOUT || seqDelta < -MAX_MISORDER) {
      return false;
    }
    const tsDelta = this.#unwrap(packet.timestamp) - this.#lastTs;
    // Behind the playout point by more than the buffer can hold: the sender restarted its clock.
    return !(this.#playing && tsDelta < 0 && this.#playTs - this.#unwrap(packet.timestamp) > (this.#maxMs * 4 * this.#codec.clockRate) / 1000);
  }

  #unwrap(timestamp: number): number {
    const delta = ((timestamp - this.#lastTs) % 0x100000000 + 0x180000000) % 0x100000000 - 0x80000000;
    const ts = this.#lastTs + delta;
    if (delta > 0) {
      this.#lastTs = ts;
    }
    return ts;
  }

  #observeTransit(arrivalMs: number, ts: number): void {
    this.#transits.push(arrivalMs - (ts * 1000) / this.#codec.clockRate);
    if (this.#transits.length > WINDOW) {
      this.#transits.shift();
    }
    if (this.#adaptive && this.#transits.length >= 10) {
      // The spread of transit times (95th percentile above the fastest), plus one frame of margin.
      const sorted = [...this.#transits].sort((a, b) => a - b);
      const spread = sorted[Math.floor(0.95 * (sorted.length - 1))]! - sorted[0]!;
      this.#targetMs = Math.min(this.#maxMs, Math.max(this.#minMs, Math.ceil(spread + this.ptimeMs)));
    }
  }

  #depthMs(): number {
    let end = this.#playTs;
    for (const b of this.#buffer) {
      end = Math.max(end, b.ts + b.duration);
    }
    return ((end - this.#playTs) * 1000) / this.#codec.clockRate;
  }

  /** Skips a frame when the depth stayed over target + a frame for `SHRINK_AFTER` pulls. */
  #adaptDown(): void {
    if (this.#depthMs() > this.#targetMs + this.ptimeMs) {
      this.#above++;
    } else {
      this.#above = 0;
    }
    if (this.#above >= SHRINK_AFTER) {
      this.#above = 0;
      this.#playTs += this.#frameTicks;
      this.#counts.skipped++;
      this.#dropPlayed();
    }
  }

  #conceal(timestamp: number, lost: boolean): JitterFrame {
    if (lost) {
      this.#counts.lost++;
    }
    this.#counts.concealed++;
    const pcm = new Int16Array(this.#frameSamples);
    if (this.#concealment === 'repeat' && this.#last !== undefined && this.#repeats < this.#maxRepeats) {
      this.#repeats++;
      const shift = this.#repeats; // 6 dB per repeat
      for (let i = 0; i < pcm.length; i++) {
        pcm[i] = this.#last[i]! >> shift;
      }
    }
    return { pcm, kind: 'concealed', timestamp };
  }

  /** The frame at `playTs`, from the buffered packets that overlap it (gaps are silence). */
  #assemble(playTs: number): Int16Array {
    const pcm = new Int16Array(this.#frameSamples);
    const end = playTs + this.#frameTicks;
    for (const b of this.#buffer) {
      if (b.ts >= end) {
        break;
      }
      if (b.ts + b.duration <= playTs) {
        continue;
      }
      b.pcm ??= this.#decoder.decode(b.payload);
      const from = Math.max(b.ts, playTs);
      const to = Math.min(b.ts + b.duration, end);
      const src = Math.round((from - b.ts) / this.#ticksPerSample);
      const dst = Math.round((from - playTs) / this.#ticksPerSample);
      const n = Math.round((to - from) / this.#ticksPerSample);
      pcm.set(b.pcm.subarray(src, src + n), dst);
    }
    return pcm;
  }

  #dropPlayed(): void {
    while (this.#buffer.length > 0 && this.#buffer[0]!.ts + this.#buffer[0]!.duration <= this.#playTs) {
      this.#buffer.shift();
    }
  }
}
