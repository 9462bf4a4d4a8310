/**
 * Internal helpers shared by the RTCP packet types: the common header of RFC 3550 §6.4.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1) and bounds-checked reads.
 *
 * ```text
 * |V=2|P|  count  |      PT       |             length            |
 * ```
 * `length` is the packet length in 32-bit words minus one, header and padding included.
 * @module
 */
import { RtpError } from '../errors.js';

/** Bytes of the common RTCP header. */
export const RTCP_HEADER_LENGTH = 4;

/** A DataView over exactly `bytes`. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Throws BAD_RTCP_PACKET unless `need` bytes are available at `offset` before `end`. */
export function need(offset: number, count: number, end: number, what: string): void {
  if (offset + count > end) {
    throw new RtpError('BAD_RTCP_PACKET', `${what} at offset ${offset} needs ${count} bytes, ${end - offset} left`, offset);
  }
}

/** Throws a RangeError unless `value` is an integer in 0..2^bits-1. */
export function checkUint(name: string, value: number, bits: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 2 ** bits - 1) {
    throw new RangeError(`"${name}" expected an integer 0..2^${bits}-1, got ${value}`);
  }
}

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 bytes of `text` (or `raw` when given), checked to fit an 8-bit length. */
export function utf8Bytes(name: string, text: string, raw?: Uint8Array): Uint8Array {
  const bytes = raw ?? encoder.encode(text);
  if (bytes.length > 255) {
    throw new RangeError(`"${name}" expected at most 255 UTF-8 bytes, got ${bytes.length}`);
  }
  return bytes;
}

/**
 * Decodes UTF-8 text from the wire. Malformed sequences never throw: `text` then has U+FFFD in their
 * place and `raw` keeps the original bytes (a view) so the packet still re-serializes byte for byte.
 */
export function utf8Text(bytes: Uint8Array): { text: string; raw?: Uint8Array } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    return { text: lossy.decode(bytes), raw: bytes };
  }
}

/**
 * Cuts `text` so its UTF-8 encoding fits in `max` bytes, at a character boundary (RFC 3550 §6.6: the BYE
 * reason and SDES items have an 8-bit length). Linear in the text: one encode, one backward scan of at most
 * three continuation bytes, one decode of the kept prefix. Returns the bytes too, so callers encode once.
 */
export function clipUtf8(text: string, max: number): { text: string; bytes: Uint8Array } {
  const bytes = encoder.encode(text);
  if (bytes.length <= max) {
    return { text, bytes };
  }
  let cut = max;
  // A byte 10xxxxxx continues the character before it: back up to the start of that character.
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) {
    cut--;
  }
  const kept = bytes.subarray(0, cut);
  return { text: strict.decode(kept), bytes: kept };
}

/** `n` rounded up to a multiple of 4. */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * How one RTCP packet type reads and writes its body (everything after the 4-byte common header,
 * padding excluded). `view` spans the whole input / output buffer; offsets are absolute.
 */
export interface RtcpBodyCodec<T> {
  /** The 5-bit count / subtype / FMT field to write. */
  count(packet: T): number;
  /** Body bytes, a multiple of 4. */
  bodyLength(packet: T): number;
  /** Throws TypeError / RangeError for caller mistakes. */
  check(packet: T): void;
  /** Writes the body at `offset`. */
  write(packet: T, out: Uint8Array, view: DataView, offset: number): void;
  /** Reads the body from `start` to `end`; throws RtpError. */
  read(bytes: Uint8Array, view: DataView, start: number, end: number, count: number): T;
}

/** Fields every RTCP packet may carry. */
export interface RtcpPacketCommon {
  /**
   * Padding octets after the body, count octet included (RFC 3550 §6.4.1 P bit); absent or 0 = none.
   * Only the last packet of a compound may be padded (§6.1).
   */
  readonly paddingLength?: number;
}
