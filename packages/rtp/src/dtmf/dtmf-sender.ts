/**
 * Sending DTMF as RFC 4733 telephone events (https://www.rfc-editor.org/rfc/rfc4733#section-2.5.1):
 * {@link DtmfSender} plans the RTP packets of a digit sequence, and the stream that owns the sequence
 * numbers and the SSRC sends each at its time.
 * @module
 */
import { DTMF_DIGITS, dtmfEventCode, type DtmfDigit } from './dtmf-digit.js';
import { serializeTelephoneEvent, TELEPHONE_EVENT_MAX_DURATION } from './telephone-event.js';

/**
 * Options of a {@link DtmfSender}. Only the payload type is required.
 *
 * @example
 * ```ts
 * import type { DtmfSenderOptions } from '@voip/rtp';
 * // a=rtpmap:101 telephone-event/8000
 * const options: DtmfSenderOptions = { payloadType: 101, clockRate: 8000, durationMs: 120 };
 * ```
 */
export interface DtmfSenderOptions {
  /** The payload type the SDP maps to `telephone-event` (`a=rtpmap:101 telephone-event/8000`), 0-127. */
  readonly payloadType: number;
  /**
   * The RTP clock rate of that payload type, normally the rate of the audio it goes with: 8000
   * (default) for PCMU/PCMA, 48000 with Opus.
   */
  readonly clockRate?: number;
  /**
   * Milliseconds between the updates of an event (RFC 4733 §2.5.1.2 leaves the rate to the sender;
   * 50 ms, the default, is the common choice). Also the spacing of the three end packets (§2.5.1.4).
   */
  readonly packetIntervalMs?: number;
  /** Tone power as 0-63, meaning 0 to -63 dBm0 (RFC 4733 §2.3.4); default 10 (-10 dBm0). */
  readonly volume?: number;
  /** How long each digit sounds, in milliseconds; default 100. */
  readonly durationMs?: number;
  /** Silence between the end of one digit and the start of the next, in milliseconds; default 70. */
  readonly pauseMs?: number;
}

/**
 * One RTP packet of a plan: the RTP fields the sender decides (`payloadType`, `marker`, `timestamp`,
 * `payload`), what it reports, and `atMs`, when to send it. The stream adds the sequence number and
 * the SSRC: `serializeRtpPacket({ ...packet, sequenceNumber, ssrc })`, each packet (the repeats of a
 * final report too) with the stream's next sequence number (RFC 4733 §2.5.1.6).
 *
 * @example
 * ```ts
 * import { DtmfSender, serializeRtpPacket, type DtmfPlannedPacket } from '@voip/rtp';
 * const [first]: readonly DtmfPlannedPacket[] = new DtmfSender({ payloadType: 101 }).planDigits('1', 0, 0).packets;
 * if (first) serializeRtpPacket({ ...first, sequenceNumber: 1, ssrc: 0x1234 });
 * ```
 */
export interface DtmfPlannedPacket {
  /** When to send it, in the milliseconds of the `startMs` given to the plan. */
  readonly atMs: number;
  /** The telephone-event payload type. */
  readonly payloadType: number;
  /** The M bit: set on the first packet of each event only (RFC 4733 §2.5.1.2). */
  readonly marker: boolean;
  /** The RTP timestamp: the start of the event, or of its segment for a long one (§2.5.1.3). */
  readonly timestamp: number;
  /** The 4-byte event report (RFC 4733 §2.3); the repeats of a report share one buffer, do not modify it. */
  readonly payload: Uint8Array;
  /** The event code, 0-255. */
  readonly event: number;
  /** The digit, when the event is a DTMF digit. */
  readonly digit: DtmfDigit | undefined;
  /** The E bit of the report. */
  readonly end: boolean;
  /** The duration in the report, in timestamp units since `timestamp`. */
  readonly duration: number;
  /** 0 for the first transmission of a report, 1 and 2 for the repeats of a final report (§2.5.1.4). */
  readonly retransmission: number;
}

/**
 * The packets of a digit sequence, in sending order, and where the sequence ends.
 *
 * @example
 * ```ts
 * import { DtmfSender, type DtmfPlan } from '@voip/rtp';
 * const plan: DtmfPlan = new DtmfSender({ payloadType: 101 }).planDigits('12', 1000, 0);
 * plan.endMs; // 340: two digits of 100 ms, each followed by 70 ms of pause
 * plan.endTimestamp; // 3720: 1000 + 340 ms at 8000 Hz
 * ```
 */
export interface DtmfPlan {
  /** The packets, sorted by `atMs` (packets of the same time in the order to send them). */
  readonly packets: readonly DtmfPlannedPacket[];
  /** When the pause after the last digit is over: the earliest start of a following plan. */
  readonly endMs: number;
  /** The RTP timestamp of `endMs` (the start timestamp plus the elapsed time, modulo 2^32). */
  readonly endTimestamp: number;
}

function positiveNumber(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`"${name}" expected a positive number, got ${value}`);
  }
  return value;
}

/**
 * Plans RFC 4733 telephone-event packets for DTMF digits (§2.5.1), without timers or sockets: the
 * caller, which owns the RTP stream's sequence numbers and SSRC, sends each planned packet at its
 * `atMs`.
 *
 * Per event: the first packet has the M bit (§2.5.1.2); every packet carries the RTP timestamp of the
 * event's start and the duration so far, updated every `packetIntervalMs` (§2.5.1.2); the final report
 * has the E bit and is sent three times, `packetIntervalMs` apart, with the same duration (§2.5.1.4).
 * An event longer than 0xFFFF timestamp units is split into segments (§2.5.1.3): a segment's final
 * report has duration 0xFFFF (sent three times, without the E bit), and the next segment has the
 * timestamp of the previous plus 0xFFFF, without the M bit, since the event goes on.
 *
 * A packet reports the tone of the interval just past, as a packetizing audio sender does: the first
 * update goes out `packetIntervalMs` after the tone starts, the end report when it stops.
 *
 * @example
 * ```ts
 * import { DtmfSender } from '@voip/rtp';
 * const sender = new DtmfSender({ payloadType: 101 }); // 8000 Hz, 50 ms updates, 100 ms digits
 * const plan = sender.planDigits('1#', 160_000, 0);
 * for (const p of plan.packets) console.log(p.atMs, p.digit, p.marker, p.timestamp, p.duration, p.end);
 * // 50 '1' true 160000 400 false
 * // 100 '1' false 160000 800 true   (and again at 150 and 200)
 * // 220 '#' true 161360 400 false ...
 * ```
 */
export class DtmfSender {
  /** The telephone-event payload type. */
  readonly payloadType: number;
  /** The RTP clock rate, Hz. */
  readonly clockRate: number;
  /** Milliseconds between updates and between the repeats of a final report. */
  readonly packetIntervalMs: number;
  /** The volume, 0-63 (0 to -63 dBm0). */
  readonly volume: number;
  /** The default tone length of a digit, ms. */
  readonly durationMs: number;
  /** The default pause after a digit, ms. */
  readonly pauseMs: number;

  /**
   * @param options - the payload type, and optionally clock rate, update interval, volume, tone and
   *   pause lengths.
   * @throws {RangeError} a payload type outside 0-127, a clock rate that is not a positive integer, an
   *   interval not positive or longer than 0xFFFF timestamp units, a volume outside 0-63, a duration
   *   not positive, a pause negative.
   */
  constructor(options: DtmfSenderOptions) {
    const { payloadType } = options;
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
      throw new RangeError(`"payloadType" expected an integer 0..127, got ${payloadType}`);
    }
    const clockRate = options.clockRate ?? 8000;
    if (!Number.isInteger(clockRate) || clockRate <= 0) {
      throw new RangeError(`"clockRate" expected a positive integer, got ${clockRate}`);
    }
    const packetIntervalMs = positiveNumber('packetIntervalMs', options.packetIntervalMs ?? 50);
    const intervalSamples = Math.round((packetIntervalMs * clockRate) / 1000);
    if (intervalSamples < 1 || intervalSamples > TELEPHONE_EVENT_MAX_DURATION) {
      throw new RangeError(
        `"packetIntervalMs" expected 1..65535 timestamp units at ${clockRate} Hz, got ${packetIntervalMs} ms (${intervalSamples} units)`,
      );
    }
    const volume = options.volume ?? 10;
    if (!Number.isInteger(volume) || volume < 0 || volume > 63) {
      throw new RangeError(`"volume" expected an integer 0..63, got ${volume}`);
    }
    this.payloadType = payloadType;
    this.clockRate = clockRate;
    this.packetIntervalMs = packetIntervalMs;
    this.volume = volume;
    this.durationMs = positiveNumber('durationMs', options.durationMs ?? 100);
    this.pauseMs = DtmfSender.checkPause(options.pauseMs ?? 70);
  }

  private static checkPause(pauseMs: number): number {
    if (typeof pauseMs !== 'number' || !Number.isFinite(pauseMs) || pauseMs < 0) {
      throw new RangeError(`"pauseMs" expected a number >= 0, got ${pauseMs}`);
    }
    return pauseMs;
  }

  /**
   * Plans the packets of a digit sequence: each digit sounds `durationMs`, then `pauseMs` of silence.
   * Digit `i` starts at `startMs + i × (durationMs + pauseMs)` with the RTP timestamp of that time.
   * @param digits - DTMF digits, '0'-'9', '*', '#', 'A'-'D' (lower-case 'a'-'d' too); may be empty.
   * @param startTimestamp - the RTP timestamp of `startMs` in the stream the packets go into.
   * @param startMs - when the first tone starts, in the caller's milliseconds; default 0.
   * @returns the packets in sending order, and the end of the sequence.
   * @throws {RangeError} an unknown digit (nothing is planned then), or a start timestamp that is not a
   *   32-bit unsigned integer.
   * @example
   * ```ts
   * import { DtmfSender } from '@voip/rtp';
   * const plan = new DtmfSender({ payloadType: 101, clockRate: 48000 }).planDigits('*9', 0, Date.now());
   * plan.packets.filter((p) => p.marker).length; // 2: one event per digit
   * ```
   */
  planDigits(digits: string, startTimestamp: number, startMs = 0): DtmfPlan {
    if (typeof digits !== 'string') {
      throw new TypeError(`"digits" expected a string, got ${typeof digits}`);
    }
    const codes = Array.from(digits, (d, i) => {
      try {
        return dtmfEventCode(d);
      } catch (e) {
        throw new RangeError(`"digits" has ${JSON.stringify(d)} at index ${i}, expected 0-9, *, #, A-D`, { cause: e });
      }
    });
    return this.planEvents(codes, this.durationMs, this.pauseMs, startTimestamp, startMs);
  }

  /**
   * Plans one telephone event of any code (RFC 4733 §2.3.1), e.g. 16 (flash), with
   * its own length; no pause follows (`endMs` is when the tone stops).
   * @param event - the event code, 0-255.
   * @param durationMs - how long it lasts, ms.
   * @param startTimestamp - the RTP timestamp of `startMs`.
   * @param startMs - when it starts; default 0.
   * @returns the packets in sending order, and the end of the event.
   * @throws {RangeError} an event outside 0-255, a duration not positive, a bad start timestamp.
   * @example
   * ```ts
   * import { DtmfSender } from '@voip/rtp';
   * const flash = new DtmfSender({ payloadType: 101 }).planEvent(16, 300, 0);
   * flash.packets.length; // 8: updates at 50..250 ms, then the end report three times
   * ```
   */
  planEvent(event: number, durationMs: number, startTimestamp: number, startMs = 0): DtmfPlan {
    if (!Number.isInteger(event) || event < 0 || event > 255) {
      throw new RangeError(`"event" expected an integer 0..255, got ${event}`);
    }
    return this.planEvents([event], positiveNumber('durationMs', durationMs), 0, startTimestamp, startMs);
  }

  private samples(ms: number): number {
    return Math.round((ms * this.clockRate) / 1000);
  }

  private planEvents(codes: readonly number[], durationMs: number, pauseMs: number, startTimestamp: number, startMs: number): DtmfPlan {
    if (startTimestamp >>> 0 !== startTimestamp) {
      throw new RangeError(`"startTimestamp" expected an integer 0..2^32-1, got ${startTimestamp}`);
    }
    if (typeof startMs !== 'number' || !Number.isFinite(startMs)) {
      throw new RangeError(`"startMs" expected a finite number, got ${startMs}`);
    }
    const packets: DtmfPlannedPacket[] = [];
    const step = durationMs + pauseMs;
    codes.forEach((code, i) => {
      const offsetMs = i * step;
      this.planOne(packets, code, durationMs, (startTimestamp + this.samples(offsetMs)) >>> 0, startMs + offsetMs);
    });
    // Stable: packets of one time stay in the order they were planned (older reports first).
    packets.sort((a, b) => a.atMs - b.atMs);
    const totalMs = codes.length * step;
    return { packets, endMs: startMs + totalMs, endTimestamp: (startTimestamp + this.samples(totalMs)) >>> 0 };
  }

  private planOne(out: DtmfPlannedPacket[], event: number, durationMs: number, timestamp: number, startMs: number): void {
    const M = TELEPHONE_EVENT_MAX_DURATION;
    const interval = this.packetIntervalMs;
    const total = Math.max(1, this.samples(durationMs));
    const digit = DTMF_DIGITS[event];
    let first = true;
    // How many segments have had their final report (duration 0xFFFF) planned, RFC 4733 §2.5.1.3.
    let finishedSegments = 0;
    const emit = (atMs: number, segment: number, duration: number, end: boolean, copies: number): void => {
      const segmentTimestamp = (timestamp + segment * M) >>> 0;
      const payload = serializeTelephoneEvent({ event, end, volume: this.volume, duration });
      for (let r = 0; r < copies; r++) {
        out.push({
          atMs: atMs + r * interval,
          payloadType: this.payloadType,
          marker: first && r === 0,
          timestamp: segmentTimestamp,
          payload,
          event,
          digit,
          end,
          duration,
          retransmission: r,
        });
      }
      first = false;
    };
    // A tick reports `elapsed` timestamp units since the event started.
    const tick = (atMs: number, elapsed: number, end: boolean): void => {
      // Segment s holds elapsed in (s·M, (s+1)·M]; its reports count from s·M.
      const segment = Math.floor((elapsed - 1) / M);
      while (finishedSegments < segment) {
        // A boundary passed since the last tick: the earlier segment's final report, three times (§2.5.1.4).
        emit(atMs, finishedSegments, M, false, 3);
        finishedSegments++;
      }
      const duration = elapsed - segment * M;
      if (end) {
        emit(atMs, segment, duration, true, 3);
      } else if (duration === M) {
        emit(atMs, segment, M, false, 3);
        finishedSegments++;
      } else {
        emit(atMs, segment, duration, false, 1);
      }
    };
    for (let k = 1; k * interval < durationMs; k++) {
      const elapsed = this.samples(k * interval);
      if (elapsed >= total) {
        break;
      }
      tick(startMs + k * interval, elapsed, false);
    }
    tick(startMs + durationMs, total, true);
  }
}
