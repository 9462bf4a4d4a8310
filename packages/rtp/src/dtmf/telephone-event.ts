/**
 * The RFC 4733 telephone-event payload, §2.3 (https://www.rfc-editor.org/rfc/rfc4733#section-2.3):
 * one event report is 4 bytes, and a packet may carry several of them (§2.5.1.5).
 *
 * ```text
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * @module
 */
import { RtpError } from '../errors.js';

/** Bytes of one event report (RFC 4733 §2.3). */
export const TELEPHONE_EVENT_LENGTH = 4;

/** The largest duration one report can carry (RFC 4733 §2.3.5); longer events are split, §2.5.1.3. */
export const TELEPHONE_EVENT_MAX_DURATION = 0xffff;

/**
 * One parsed event report (RFC 4733 §2.3).
 *
 * @example
 * ```ts
 * import { parseTelephoneEvent, type TelephoneEvent } from '@voip/rtp';
 * const e: TelephoneEvent = parseTelephoneEvent(new Uint8Array([5, 0x8a, 0x03, 0x20]));
 * e.event; // 5 (the digit '5')
 * e.end; // true
 * e.volume; // 10 (-10 dBm0)
 * e.duration; // 800 (100 ms at 8000 Hz)
 * ```
 */
export interface TelephoneEvent {
  /** The event code, 0-255 (§2.3.1); 0-15 are the DTMF digits (§3.2). */
  readonly event: number;
  /** The E bit: this report is the end of the event (§2.3.2). */
  readonly end: boolean;
  /** The R bit, reserved: senders set it to 0 and receivers ignore it (§2.3.3); reported as received. */
  readonly reserved: boolean;
  /** The power level as 0-63, meaning 0 to -63 dBm0 (§2.3.4); 0 for events that are not tones. */
  readonly volume: number;
  /** The duration so far, in RTP timestamp units from the event's timestamp, 0-65535 (§2.3.5). */
  readonly duration: number;
}

/**
 * What the serializers accept: an event code and a duration; `end` defaults to false and `volume`
 * to 0. The R bit is always written as 0 (RFC 4733 §2.3.3).
 *
 * @example
 * ```ts
 * import { serializeTelephoneEvent, type TelephoneEventInit } from '@voip/rtp';
 * const init: TelephoneEventInit = { event: 11, volume: 10, duration: 400 };
 * serializeTelephoneEvent(init); // Uint8Array [11, 10, 1, 144]
 * ```
 */
export interface TelephoneEventInit {
  /** The event code, an integer 0-255. */
  readonly event: number;
  /** The E bit; default false. */
  readonly end?: boolean;
  /** The volume, an integer 0-63 (0 to -63 dBm0); default 0. */
  readonly volume?: number;
  /** The duration in timestamp units, an integer 0-65535. */
  readonly duration: number;
}

function readEvent(payload: Uint8Array, offset: number): TelephoneEvent {
  const flags = payload[offset + 1] as number;
  return {
    event: payload[offset] as number,
    end: (flags & 0x80) !== 0,
    reserved: (flags & 0x40) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[offset + 2] as number) << 8) | (payload[offset + 3] as number),
  };
}

/**
 * Parses the first event report of a telephone-event payload (RFC 4733 §2.3). Bytes after the first
 * 4 (further reports, §2.5.1.5) are not looked at: {@link parseTelephoneEvents} returns them all.
 * @param payload - the RTP payload (without padding).
 * @returns the first event report.
 * @throws {RtpError} `TRUNCATED` when the payload is shorter than 4 bytes.
 * @example
 * ```ts
 * import { parseTelephoneEvent } from '@voip/rtp';
 * const e = parseTelephoneEvent(new Uint8Array([10, 0x0a, 0x01, 0x90]));
 * e.event; // 10 (the digit '*')
 * e.end; // false
 * e.duration; // 400
 * ```
 */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent {
  if (payload.length < TELEPHONE_EVENT_LENGTH) {
    throw new RtpError('TRUNCATED', `telephone-event payload needs 4 bytes, got ${payload.length}`, 0);
  }
  return readEvent(payload, 0);
}

/**
 * Parses every event report of a telephone-event payload: RFC 4733 §2.5.1.5 lets one packet carry
 * several consecutive reports, 4 bytes each, in the order of the events.
 * @param payload - the RTP payload (without padding).
 * @returns the reports, at least one.
 * @throws {RtpError} `TRUNCATED` when the payload is empty, shorter than 4 bytes, or ends inside a
 *   report (its length is not a multiple of 4); the offset is where the incomplete report starts.
 * @example
 * ```ts
 * import { parseTelephoneEvents } from '@voip/rtp';
 * const events = parseTelephoneEvents(new Uint8Array([1, 0x8a, 0x03, 0x20, 2, 0x0a, 0x00, 0xa0]));
 * events.map((e) => e.event); // [1, 2]
 * ```
 */
export function parseTelephoneEvents(payload: Uint8Array): readonly TelephoneEvent[] {
  const length = payload.length;
  if (length < TELEPHONE_EVENT_LENGTH || length % TELEPHONE_EVENT_LENGTH !== 0) {
    const at = length - (length % TELEPHONE_EVENT_LENGTH);
    throw new RtpError(
      'TRUNCATED',
      `telephone-event payload of ${length} bytes is not a whole number of 4-byte reports (incomplete report at offset ${at})`,
      length < TELEPHONE_EVENT_LENGTH ? 0 : at,
    );
  }
  const events: TelephoneEvent[] = [];
  for (let offset = 0; offset < length; offset += TELEPHONE_EVENT_LENGTH) {
    events.push(readEvent(payload, offset));
  }
  return events;
}

function asList(events: TelephoneEventInit | readonly TelephoneEventInit[]): readonly TelephoneEventInit[] {
  return Array.isArray(events) ? (events as readonly TelephoneEventInit[]) : [events as TelephoneEventInit];
}

/**
 * Number of bytes {@link serializeTelephoneEventInto} writes: 4 per report.
 * @param events - one report or several (RFC 4733 §2.5.1.5).
 * @returns 4 × the number of reports.
 * @example
 * ```ts
 * import { telephoneEventByteLength } from '@voip/rtp';
 * telephoneEventByteLength({ event: 1, duration: 160 }); // 4
 * telephoneEventByteLength([{ event: 1, end: true, duration: 800 }, { event: 2, duration: 160 }]); // 8
 * ```
 */
export function telephoneEventByteLength(events: TelephoneEventInit | readonly TelephoneEventInit[]): number {
  return asList(events).length * TELEPHONE_EVENT_LENGTH;
}

function checkEvent(e: TelephoneEventInit, index: number): void {
  const where = index === 0 ? '' : ` (report ${index})`;
  if (!Number.isInteger(e.event) || e.event < 0 || e.event > 255) {
    throw new RangeError(`"event" expected an integer 0..255, got ${e.event}${where}`);
  }
  const volume = e.volume ?? 0;
  if (!Number.isInteger(volume) || volume < 0 || volume > 63) {
    throw new RangeError(`"volume" expected an integer 0..63, got ${volume}${where}`);
  }
  if (!Number.isInteger(e.duration) || e.duration < 0 || e.duration > TELEPHONE_EVENT_MAX_DURATION) {
    throw new RangeError(`"duration" expected an integer 0..65535, got ${e.duration}${where}`);
  }
}

/**
 * Writes event reports into `out` at `offset` (RFC 4733 §2.3) and returns the number of bytes
 * written. Allocates nothing; the R bit is written as 0 (§2.3.3).
 * @param events - one report or several, in event order (§2.5.1.5).
 * @param out - destination buffer.
 * @param offset - where to start writing, default 0.
 * @returns bytes written, {@link telephoneEventByteLength}.
 * @throws {RangeError} a field out of range (event over 255, volume over 63, duration over 65535),
 *   no reports, or `out` too small.
 * @example
 * ```ts
 * import { serializeTelephoneEventInto } from '@voip/rtp';
 * const out = new Uint8Array(4);
 * serializeTelephoneEventInto({ event: 5, end: true, volume: 10, duration: 800 }, out); // 4
 * out; // Uint8Array [5, 138, 3, 32]
 * ```
 */
export function serializeTelephoneEventInto(
  events: TelephoneEventInit | readonly TelephoneEventInit[],
  out: Uint8Array,
  offset = 0,
): number {
  const list = asList(events);
  if (list.length === 0) {
    throw new RangeError('"events" expected at least one event report');
  }
  list.forEach(checkEvent);
  const total = list.length * TELEPHONE_EVENT_LENGTH;
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < total) {
    throw new RangeError(`"out" expected ${total} bytes from offset ${offset}, got ${out.length - offset}`);
  }
  let o = offset;
  for (const e of list) {
    out[o] = e.event;
    out[o + 1] = (e.end === true ? 0x80 : 0) | (e.volume ?? 0);
    out[o + 2] = e.duration >>> 8;
    out[o + 3] = e.duration & 0xff;
    o += TELEPHONE_EVENT_LENGTH;
  }
  return total;
}

/**
 * Serializes event reports into a new buffer (RFC 4733 §2.3): the payload of a telephone-event RTP
 * packet.
 * @param events - one report or several (§2.5.1.5).
 * @returns the payload bytes.
 * @throws {RangeError} as {@link serializeTelephoneEventInto}.
 * @example
 * ```ts
 * import { serializeTelephoneEvent, serializeRtpPacket } from '@voip/rtp';
 * const payload = serializeTelephoneEvent({ event: 1, volume: 10, duration: 400 });
 * serializeRtpPacket({ payloadType: 101, sequenceNumber: 1, timestamp: 8000, ssrc: 7, marker: true, payload });
 * ```
 */
export function serializeTelephoneEvent(events: TelephoneEventInit | readonly TelephoneEventInit[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(telephoneEventByteLength(events));
  serializeTelephoneEventInto(events, out, 0);
  return out;
}
