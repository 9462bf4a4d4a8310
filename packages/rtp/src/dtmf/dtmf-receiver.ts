/**
 * Receiving DTMF as RFC 4733 telephone events (https://www.rfc-editor.org/rfc/rfc4733#section-2.5.2):
 * {@link DtmfReceiver} turns the event packets of a stream into one start and one end per key press,
 * through loss, duplication, reordering and long events. No timers: the caller passes the time.
 * @module
 */
import type { RtpError } from '../errors.js';
import { isRtpError } from '../errors.js';
import { DTMF_DIGITS, type DtmfDigit } from './dtmf-digit.js';
import { parseTelephoneEvents, TELEPHONE_EVENT_MAX_DURATION, type TelephoneEvent } from './telephone-event.js';

/**
 * A payload type the SDP maps to `telephone-event`: a number (at the receiver's
 * default clock rate), or the number with its clock rate (`a=rtpmap:110 telephone-event/48000`).
 *
 * @example
 * ```ts
 * import type { DtmfPayloadFormat } from '@voip/rtp';
 * const formats: DtmfPayloadFormat[] = [101, { payloadType: 110, clockRate: 48000 }];
 * ```
 */
export type DtmfPayloadFormat = number | { readonly payloadType: number; readonly clockRate: number };

/**
 * A key press as it starts.
 *
 * @example
 * ```ts
 * import type { DtmfDigitStart } from '@voip/rtp';
 * const onDigitStart = (e: DtmfDigitStart): void => console.log(`key ${e.digit ?? e.event} down`);
 * ```
 */
export interface DtmfDigitStart {
  /** The DTMF digit, or `undefined` for an event code that is not one (16-255). */
  readonly digit: DtmfDigit | undefined;
  /** The event code, 0-255. */
  readonly event: number;
  /** The RTP timestamp of the event's start (of its first segment). */
  readonly timestamp: number;
  /** The SSRC of the stream. */
  readonly ssrc: number;
  /** The payload type it came on. */
  readonly payloadType: number;
  /**
   * True when `payloadType` is not one the receiver was told is telephone-event: the packet was
   * handed to the receiver anyway, and the event is reported, marked, rather than dropped.
   */
  readonly unexpectedPayloadType: boolean;
  /** The volume in the latest report, 0-63 (0 to -63 dBm0). */
  readonly volume: number;
  /** The caller's time of the packet (or of the poll) that caused this report. */
  readonly atMs: number;
}

/**
 * How a key press was found to have ended: `'end'` an end report (the E bit, RFC 4733 §2.3.2),
 * `'next-event'` a new event began first, `'timeout'` no packet for `timeoutMs`.
 *
 * @example
 * ```ts
 * import type { DtmfEndReason } from '@voip/rtp';
 * const reason: DtmfEndReason = 'timeout';
 * ```
 */
export type DtmfEndReason = 'end' | 'next-event' | 'timeout';

/**
 * A key press as it ends, with its length.
 *
 * @example
 * ```ts
 * import type { DtmfDigitEnd } from '@voip/rtp';
 * const onDigitEnd = (e: DtmfDigitEnd): void => console.log(`key ${e.digit} for ${e.durationMs} ms${e.endInferred ? ' (end inferred)' : ''}`);
 * ```
 */
export interface DtmfDigitEnd extends DtmfDigitStart {
  /** The length in timestamp units, all segments of a long event added up (RFC 4733 §2.5.2.3). */
  readonly duration: number;
  /** The length in milliseconds at the payload type's clock rate. */
  readonly durationMs: number;
  /** Why it ended. */
  readonly reason: DtmfEndReason;
  /** True unless an end report was received (`reason` is not `'end'`): the length is the last known. */
  readonly endInferred: boolean;
}

/**
 * What the receiver needs of an RTP packet: a parsed `RtpPacket` will do. `marker` and
 * `sequenceNumber` are not needed (a lost first packet or a missing M bit still starts the event).
 *
 * @example
 * ```ts
 * import { parseRtpPacket, type DtmfReceivedPacket } from '@voip/rtp';
 * const packet: DtmfReceivedPacket = parseRtpPacket(new Uint8Array([0x80, 0xe5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 1, 10, 0, 160]));
 * ```
 */
export interface DtmfReceivedPacket {
  /** The payload type. */
  readonly payloadType: number;
  /** The RTP timestamp: the start of the event (or segment) it reports. */
  readonly timestamp: number;
  /** The SSRC. */
  readonly ssrc: number;
  /** The payload: one or more 4-byte event reports (RFC 4733 §2.3). */
  readonly payload: Uint8Array;
  /** The M bit; not relied on. */
  readonly marker?: boolean;
  /** The sequence number; not relied on. */
  readonly sequenceNumber?: number;
}

/**
 * What {@link DtmfReceiver.receive} did with a packet:
 * - `started`: a new event (onDigitStart was called);
 * - `updated`: a report of the event in progress (a longer duration, or a new segment of a long one);
 * - `ended`: the event's end report (onDigitEnd was called; onDigitStart too if it was also new);
 * - `duplicate`: a report of an event or segment that has already ended, e.g. a repeated end report;
 * - `late`: a report older than the newest event of the SSRC, which would start an event out of order;
 * - `malformed`: a payload that is not whole event reports (see `error`).
 *
 * @example
 * ```ts
 * import type { DtmfReceiveOutcome } from '@voip/rtp';
 * const counted = (o: DtmfReceiveOutcome): boolean => o === 'started';
 * ```
 */
export type DtmfReceiveOutcome = 'started' | 'updated' | 'ended' | 'duplicate' | 'late' | 'malformed';

/**
 * The result of {@link DtmfReceiver.receive}.
 *
 * @example
 * ```ts
 * import { DtmfReceiver, type DtmfReceiveResult } from '@voip/rtp';
 * const r: DtmfReceiveResult = new DtmfReceiver({ payloadTypes: [101] }).receive(
 *   { payloadType: 101, timestamp: 0, ssrc: 1, payload: new Uint8Array(2) }, 0);
 * r.outcome; // 'malformed'
 * r.error?.code; // 'TRUNCATED'
 * ```
 */
export interface DtmfReceiveResult {
  /** What happened. */
  readonly outcome: DtmfReceiveOutcome;
  /**
   * Every report in the payload (RFC 4733 §2.5.1.5, §2.5.2.4 allow several); the first one drives the digit
   * detection. Empty when malformed.
   */
  readonly reports: readonly TelephoneEvent[];
  /** For `malformed`: the parse error (`TRUNCATED`). */
  readonly error?: RtpError;
}

/**
 * Counts of what a {@link DtmfReceiver} has seen.
 *
 * @example
 * ```ts
 * import { DtmfReceiver, type DtmfReceiverStats } from '@voip/rtp';
 * const c: DtmfReceiverStats = new DtmfReceiver({ payloadTypes: [101] }).stats;
 * c.digits; // 0
 * ```
 */
export interface DtmfReceiverStats {
  /** Packets handed to `receive`. */
  readonly packets: number;
  /** Events started. */
  readonly digits: number;
  /** Events whose end was inferred (next event or timeout) rather than received. */
  readonly endsInferred: number;
  /** Packets that were duplicates of ended events or segments. */
  readonly duplicates: number;
  /** Packets too old to start an event in order. */
  readonly late: number;
  /** Malformed payloads. */
  readonly malformed: number;
  /** Packets on a payload type that is not telephone-event. */
  readonly unexpectedPayloadType: number;
}

/**
 * Options of a {@link DtmfReceiver}.
 *
 * @example
 * ```ts
 * import type { DtmfReceiverOptions } from '@voip/rtp';
 * const options: DtmfReceiverOptions = {
 *   payloadTypes: [101],
 *   onDigitEnd: (e) => console.log(e.digit, e.durationMs),
 * };
 * ```
 */
export interface DtmfReceiverOptions {
  /** The payload types negotiated as telephone-event. */
  readonly payloadTypes: readonly DtmfPayloadFormat[];
  /** Clock rate for payload types given as a bare number and for unexpected ones; default 8000. */
  readonly clockRate?: number;
  /**
   * An event with no packet for this long ends (`reason: 'timeout'`) at the next {@link DtmfReceiver.poll};
   * default 1000 ms (20 lost updates at the usual 50 ms).
   */
  readonly timeoutMs?: number;
  /** Called once per event, when its first packet (whichever arrives first) is received. */
  readonly onDigitStart?: (start: DtmfDigitStart) => void;
  /** Called once per event, when it ends. */
  readonly onDigitEnd?: (end: DtmfDigitEnd) => void;
}

/** The event in progress on one SSRC. */
interface ActiveEvent {
  readonly event: number;
  readonly timestamp: number;
  readonly payloadType: number;
  readonly clockRate: number;
  readonly unexpectedPayloadType: boolean;
  /** The timestamp of the current segment (RFC 4733 §2.5.1.3). */
  segmentTimestamp: number;
  /** Timestamp units of the segments before the current one. */
  base: number;
  /** The largest duration reported in the current segment (reports may arrive out of order). */
  duration: number;
  volume: number;
  lastPacketMs: number;
}

interface SourceState {
  readonly ssrc: number;
  active: ActiveEvent | undefined;
  /** Timestamps of recently ended events and segments, newest last. */
  readonly ended: number[];
  /** The newest event or segment timestamp seen. */
  newest: number | undefined;
}

/** The most segments of a long event that may be lost whole between two received packets. */
const MAX_SEGMENT_SKIP = 8;

/** How many ended timestamps a source remembers for duplicate detection. */
const ENDED_MEMORY = 32;

/** True when `a` is before `b` in RTP timestamp order (modulo 2^32, RFC 3550 §5.1). */
function isBefore(a: number, b: number): boolean {
  const d = (b - a) >>> 0;
  return d !== 0 && d < 0x8000_0000;
}

/**
 * Detects DTMF key presses in RFC 4733 telephone-event packets (§2.5.2), per SSRC, one event at a
 * time. The rules:
 *
 * - Events are keyed by (SSRC, RTP timestamp). The first packet received of an event starts it,
 *   whether or not it has the M bit (the first packet may be lost).
 * - The end report (E bit) ends it once: its repeats (§2.5.1.4), and any late report of an ended
 *   event, are `duplicate`s.
 * - A report with the timestamp of the current segment plus 0xFFFF and the same event code continues
 *   a long event (§2.5.2.3): one key press, whose duration adds up the segments. (Up to 8 × 0xFFFF
 *   ahead is accepted, for segments lost whole.)
 * - A new event (a newer timestamp) before the current one ended ends that one (`endInferred`).
 * - {@link DtmfReceiver.poll} ends an event without packets for `timeoutMs` (`endInferred`), the soft
 *   state of §2.5.2.5.
 * - A packet on a payload type that is not telephone-event is still processed, and its events say
 *   `unexpectedPayloadType: true`; use {@link DtmfReceiver.isTelephoneEvent} to route packets.
 * - A report older than the newest event of its SSRC does not start an event (`late`), so digits are
 *   reported in order.
 *
 * @example
 * ```ts
 * import { DtmfReceiver, DtmfSender } from '@voip/rtp';
 * const digits: string[] = [];
 * const receiver = new DtmfReceiver({ payloadTypes: [101], onDigitEnd: (e) => digits.push(e.digit ?? '?') });
 * const plan = new DtmfSender({ payloadType: 101 }).planDigits('123#', 0);
 * for (const p of plan.packets) receiver.receive({ ...p, ssrc: 0x1234 }, p.atMs);
 * digits.join(''); // '123#'
 * ```
 */
export class DtmfReceiver {
  private readonly formats = new Map<number, number>();
  private readonly clockRate: number;
  private readonly timeoutMs: number;
  private readonly onDigitStart: ((start: DtmfDigitStart) => void) | undefined;
  private readonly onDigitEnd: ((end: DtmfDigitEnd) => void) | undefined;
  private readonly sources = new Map<number, SourceState>();
  private readonly count = { packets: 0, digits: 0, endsInferred: 0, duplicates: 0, late: 0, malformed: 0, unexpectedPayloadType: 0 };

  /**
   * @param options - the telephone-event payload types, optionally the default clock rate, the
   *   timeout and the callbacks.
   * @throws {RangeError} a payload type outside 0-127, a clock rate that is not a positive integer, a
   *   timeout not positive.
   */
  constructor(options: DtmfReceiverOptions) {
    const clockRate = options.clockRate ?? 8000;
    checkClockRate(clockRate);
    this.clockRate = clockRate;
    for (const f of options.payloadTypes) {
      const pt = typeof f === 'number' ? f : f.payloadType;
      const rate = typeof f === 'number' ? clockRate : f.clockRate;
      if (!Number.isInteger(pt) || pt < 0 || pt > 127) {
        throw new RangeError(`"payloadTypes" expected integers 0..127, got ${pt}`);
      }
      checkClockRate(rate);
      this.formats.set(pt, rate);
    }
    const timeoutMs = options.timeoutMs ?? 1000;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
      throw new RangeError(`"timeoutMs" expected a positive number, got ${timeoutMs}`);
    }
    this.timeoutMs = timeoutMs;
    this.onDigitStart = options.onDigitStart;
    this.onDigitEnd = options.onDigitEnd;
  }

  /**
   * Whether a payload type was given as telephone-event.
   * @param payloadType - an RTP payload type.
   * @returns true for a negotiated telephone-event payload type.
   * @example
   * ```ts
   * import { DtmfReceiver } from '@voip/rtp';
   * new DtmfReceiver({ payloadTypes: [101] }).isTelephoneEvent(0); // false
   * ```
   */
  isTelephoneEvent(payloadType: number): boolean {
    return this.formats.has(payloadType);
  }

  /**
   * The counts so far (a snapshot).
   * @example
   * ```ts
   * import { DtmfReceiver } from '@voip/rtp';
   * new DtmfReceiver({ payloadTypes: [101] }).stats.duplicates; // 0
   * ```
   */
  get stats(): DtmfReceiverStats {
    return { ...this.count };
  }

  /**
   * Takes one telephone-event packet. Calls `onDigitStart` / `onDigitEnd` as the rules of the class
   * say, before returning. Never throws for what the packet holds: a malformed payload is the outcome
   * `malformed` with the {@link RtpError}.
   * @param packet - the packet (a parsed `RtpPacket`, or the fields listed in {@link DtmfReceivedPacket}).
   * @param nowMs - the caller's clock, in milliseconds (the same clock as for {@link DtmfReceiver.poll}).
   * @returns what was done with it, and the reports it carried.
   * @throws {RangeError} when `nowMs` is not a finite number.
   * @example
   * ```ts
   * import { DtmfReceiver, serializeTelephoneEvent } from '@voip/rtp';
   * const receiver = new DtmfReceiver({ payloadTypes: [101], onDigitStart: (e) => console.log(e.digit) });
   * const payload = serializeTelephoneEvent({ event: 7, volume: 10, duration: 400 });
   * receiver.receive({ payloadType: 101, timestamp: 8000, ssrc: 42, payload }, 1000).outcome; // 'started' (logs 7)
   * receiver.receive({ payloadType: 101, timestamp: 8000, ssrc: 42, payload }, 1050).outcome; // 'updated'
   * ```
   */
  receive(packet: DtmfReceivedPacket, nowMs: number): DtmfReceiveResult {
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
      throw new RangeError(`"nowMs" expected a finite number, got ${nowMs}`);
    }
    this.count.packets++;
    let reports: readonly TelephoneEvent[];
    try {
      reports = parseTelephoneEvents(packet.payload);
    } catch (e) {
      if (!isRtpError(e)) {
        throw e;
      }
      this.count.malformed++;
      return { outcome: 'malformed', reports: [], error: e };
    }
    const report = reports[0] as TelephoneEvent;
    const { payloadType, ssrc } = packet;
    const timestamp = packet.timestamp >>> 0;
    const rate = this.formats.get(payloadType);
    if (rate === undefined) {
      this.count.unexpectedPayloadType++;
    }
    let source = this.sources.get(ssrc);
    if (source === undefined) {
      source = { ssrc, active: undefined, ended: [], newest: undefined };
      this.sources.set(ssrc, source);
    }
    const active = source.active;
    if (active !== undefined && active.event === report.event) {
      if (timestamp === active.segmentTimestamp) {
        return { outcome: this.update(source, active, report, nowMs), reports };
      }
      const ahead = (timestamp - active.segmentTimestamp) >>> 0;
      const segments = ahead / TELEPHONE_EVENT_MAX_DURATION;
      if (Number.isInteger(segments) && segments >= 1 && segments <= MAX_SEGMENT_SKIP) {
        // RFC 4733 §2.5.2.3: a later segment of a long event, contiguous with the current one (each
        // segment before the last is 0xFFFF long, so segments whose packets were all lost count whole).
        for (let i = 0; i < segments; i++) {
          remember(source, (active.segmentTimestamp + i * TELEPHONE_EVENT_MAX_DURATION) >>> 0);
        }
        active.base += ahead;
        active.segmentTimestamp = timestamp;
        active.duration = 0;
        source.newest = timestamp;
        return { outcome: this.update(source, active, report, nowMs), reports };
      }
    }
    if (source.ended.includes(timestamp)) {
      this.count.duplicates++;
      return { outcome: 'duplicate', reports };
    }
    if (source.newest !== undefined && isBefore(timestamp, source.newest)) {
      this.count.late++;
      return { outcome: 'late', reports };
    }
    if (active !== undefined) {
      this.finish(source, active, 'next-event', nowMs);
    }
    const started: ActiveEvent = {
      event: report.event,
      timestamp,
      payloadType,
      clockRate: rate ?? this.clockRate,
      unexpectedPayloadType: rate === undefined,
      segmentTimestamp: timestamp,
      base: 0,
      duration: report.duration,
      volume: report.volume,
      lastPacketMs: nowMs,
    };
    source.active = started;
    source.newest = timestamp;
    this.count.digits++;
    this.onDigitStart?.(startOf(started, ssrc, nowMs));
    if (report.end) {
      this.finish(source, started, 'end', nowMs);
      return { outcome: 'ended', reports };
    }
    return { outcome: 'started', reports };
  }

  /**
   * Ends every event that has had no packet for `timeoutMs` (its `onDigitEnd` has `reason:
   * 'timeout'`). Call it now and then, e.g. with each audio packet or on a timer of your own.
   * @param nowMs - the caller's clock, as given to {@link DtmfReceiver.receive}.
   * @returns how many events it ended.
   * @throws {RangeError} when `nowMs` is not a finite number.
   * @example
   * ```ts
   * import { DtmfReceiver, serializeTelephoneEvent } from '@voip/rtp';
   * const receiver = new DtmfReceiver({ payloadTypes: [101], timeoutMs: 500 });
   * receiver.receive({ payloadType: 101, timestamp: 0, ssrc: 1, payload: serializeTelephoneEvent({ event: 1, duration: 400 }) }, 0);
   * receiver.poll(400); // 0
   * receiver.poll(500); // 1: the end packets never came
   * ```
   */
  poll(nowMs: number): number {
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
      throw new RangeError(`"nowMs" expected a finite number, got ${nowMs}`);
    }
    let ended = 0;
    for (const source of this.sources.values()) {
      const active = source.active;
      if (active !== undefined && nowMs - active.lastPacketMs >= this.timeoutMs) {
        this.finish(source, active, 'timeout', nowMs);
        ended++;
      }
    }
    return ended;
  }

  /**
   * Forgets an SSRC (e.g. when the stream it belongs to is gone), ending its event in progress as a
   * timeout first.
   * @param ssrc - the SSRC.
   * @param nowMs - the caller's clock, for the end report.
   * @example
   * ```ts
   * import { DtmfReceiver } from '@voip/rtp';
   * new DtmfReceiver({ payloadTypes: [101] }).forget(0x1234, 0);
   * ```
   */
  forget(ssrc: number, nowMs: number): void {
    const source = this.sources.get(ssrc);
    if (source?.active !== undefined) {
      this.finish(source, source.active, 'timeout', nowMs);
    }
    this.sources.delete(ssrc);
  }

  private update(source: SourceState, active: ActiveEvent, report: TelephoneEvent, nowMs: number): DtmfReceiveOutcome {
    // Reports may be reordered: the longest duration of the segment is the one that counts.
    active.duration = Math.max(active.duration, report.duration);
    active.volume = report.volume;
    active.lastPacketMs = nowMs;
    if (report.end) {
      this.finish(source, active, 'end', nowMs);
      return 'ended';
    }
    return 'updated';
  }

  private finish(source: SourceState, active: ActiveEvent, reason: DtmfEndReason, nowMs: number): void {
    source.active = undefined;
    remember(source, active.segmentTimestamp);
    if (reason !== 'end') {
      this.count.endsInferred++;
    }
    const duration = active.base + active.duration;
    this.onDigitEnd?.({
      ...startOf(active, source.ssrc, nowMs),
      duration,
      durationMs: (duration * 1000) / active.clockRate,
      reason,
      endInferred: reason !== 'end',
    });
  }
}

function checkClockRate(rate: number): void {
  if (!Number.isInteger(rate) || rate <= 0) {
    throw new RangeError(`"clockRate" expected a positive integer, got ${rate}`);
  }
}

function remember(source: SourceState, timestamp: number): void {
  if (!source.ended.includes(timestamp)) {
    source.ended.push(timestamp);
    if (source.ended.length > ENDED_MEMORY) {
      source.ended.shift();
    }
  }
}

function startOf(active: ActiveEvent, ssrc: number, atMs: number): DtmfDigitStart {
  return {
    digit: DTMF_DIGITS[active.event],
    event: active.event,
    timestamp: active.timestamp,
    ssrc,
    payloadType: active.payloadType,
    unexpectedPayloadType: active.unexpectedPayloadType,
    volume: active.volume,
    atMs,
  };
}
