/**
 * STUN message codec, RFC 5389 §6 and §15 / RFC 8489 §5 and §14
 * (https://www.rfc-editor.org/rfc/rfc8489#section-5).
 * ```text
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |  attributes, each padded
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  to 4 bytes (RFC 5389 §15)
 * ```
 * Parsing is zero-copy: attribute values are `subarray` views of the input; decode them lazily with
 * the helpers in `attributes.ts` / `address.ts`. Serialization (`stunMessageByteLength`,
 * `serializeStunMessageInto`, `serializeStunMessage`) pads attributes to 4 bytes and appends
 * MESSAGE-INTEGRITY (RFC 5389 §15.4), MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) and FINGERPRINT
 * (RFC 5389 §15.5) with the header length field each one requires.
 * @module
 */
import { MAGIC_COOKIE, STUN_HEADER_LENGTH, StunAttributeType, isUnknownRequiredAttribute, stunClassOf, stunMethodOf } from './constants.js';
import type { StunClass } from './constants.js';
import { StunError } from './errors.js';
import { assertBytes, readU32 } from './internal/bytes.js';
import { crc32 } from './internal/crc32.js';
import { hmacSha256Stun } from './internal/sha256.js';
import { toStunKey } from './stun-key.js';
import type { StunKey } from './stun-key.js';

/** One attribute: its type and its value (without padding). */
export interface StunAttribute {
  /** Attribute type (u16), e.g. `StunAttributeType.Software`. */
  readonly type: number;
  /** Attribute value, without padding. For a parsed message a view into the input. */
  readonly value: Uint8Array;
  /**
   * The padding bytes as received, when they were not all zero (RFC 5389 §15 lets senders put any
   * value there, and MESSAGE-INTEGRITY covers them). The serializer writes them back so that a parsed
   * message re-serializes byte for byte; otherwise it pads with zeros.
   */
  readonly padding?: Uint8Array;
}

/** A STUN message to serialize. */
export interface StunMessage {
  /** 14-bit message type, e.g. `StunMessageType.BindingRequest`. */
  readonly type: number;
  /**
   * 12-byte transaction ID (RFC 5389 §6). A 16-byte ID makes an RFC 3489 message: its first four
   * bytes take the place of the magic cookie.
   */
  readonly transactionId: Uint8Array;
  /** Attributes in wire order. */
  readonly attributes: readonly StunAttribute[];
}

/**
 * An attribute of a parsed message: plain data (`value` and `padding` are views into the parsed input),
 * so `{ ...attribute }` and `structuredClone` copy it whole.
 */
export interface ParsedStunAttribute extends StunAttribute {
  /** Offset of the value within the message. */
  readonly offset: number;
  /**
   * True for an attribute the RFC says to ignore: anything after MESSAGE-INTEGRITY except
   * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, anything after MESSAGE-INTEGRITY-SHA256 except
   * FINGERPRINT, and anything after FINGERPRINT (RFC 8489 §14.5, §14.6, §14.7).
   */
  readonly ignored: boolean;
}

/** A parsed STUN message. Every `Uint8Array` in it is a view into the parsed input. */
export interface ParsedStunMessage extends StunMessage {
  /** Method, e.g. `StunMethod.Binding`. */
  readonly method: number;
  /** Class, one of `StunClass`. */
  readonly cls: StunClass;
  /** True when the message has no magic cookie (RFC 3489); its `transactionId` then has 16 bytes. */
  readonly rfc3489: boolean;
  readonly attributes: readonly ParsedStunAttribute[];
  /**
   * Comprehension-required attribute types (0x0000-0x7FFF) this package does not understand, in
   * order of appearance, ignored ones excepted. A server answers a request with any 420 (RFC 5389 §7.3.1).
   */
  readonly unknownRequiredAttributes: readonly number[];
  /** The whole message (a view into the input). */
  readonly raw: Uint8Array;
  /** Offset of the MESSAGE-INTEGRITY attribute header, or -1. */
  readonly integrityOffset: number;
  /** Offset of the MESSAGE-INTEGRITY-SHA256 attribute header, or -1. */
  readonly integritySha256Offset: number;
  /** Offset of the FINGERPRINT attribute header, or -1. */
  readonly fingerprintOffset: number;
}

/** Options of {@link parseStunMessage}. */
export interface ParseStunOptions {
  /** Accept messages without the magic cookie (RFC 3489 clients). Default false. */
  readonly allowRfc3489?: boolean;
}

/**
 * XOR constant of FINGERPRINT, RFC 5389 §15.5 (https://www.rfc-editor.org/rfc/rfc5389#section-15.5).
 * @example
 * ```ts
 * import { FINGERPRINT_XOR } from '@voip/stun';
 * FINGERPRINT_XOR.toString(16); // '5354554e' ("STUN")
 * ```
 */
export const FINGERPRINT_XOR = 0x5354554e;

const EMPTY: readonly number[] = Object.freeze([]);

/** The padding bytes after a value, as received, when not all zero (RFC 5389 §15 lets senders fill them). */
function nonZeroPadding(bytes: Uint8Array, end: number, next: number): Uint8Array | undefined {
  for (let i = end; i < next; i++) {
    if (bytes[i] !== 0) {
      return bytes.subarray(end, next);
    }
  }
  return undefined;
}

/**
 * Parses one STUN message. The input must hold exactly one message.
 * Attribute values are views into `bytes`: copy them to keep them past the input's lifetime.
 * @param bytes - the datagram
 * @param options - accept RFC 3489 messages
 * @returns the parsed message
 * @throws {StunError} `TRUNCATED` | `NOT_STUN` | `BAD_MAGIC_COOKIE` | `BAD_LENGTH` | `BAD_ATTRIBUTE_LENGTH`
 * @example
 * ```ts
 * import { parseStunMessage, serializeStunMessage, StunMessageType } from '@voip/stun';
 * const bytes = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12), attributes: [] });
 * parseStunMessage(bytes).method; // 1 (Binding)
 * ```
 */
export function parseStunMessage(bytes: Uint8Array, options?: ParseStunOptions): ParsedStunMessage {
  const n = bytes.length;
  if (n < STUN_HEADER_LENGTH) {
    throw new StunError('TRUNCATED', `STUN header needs 20 bytes, got ${n}`, 0);
  }
  const b0 = bytes[0]!;
  if ((b0 & 0xc0) !== 0) {
    throw new StunError('NOT_STUN', `first two bits must be zero, got 0x${b0.toString(16)}`, 0);
  }
  const type = (b0 << 8) | bytes[1]!;
  const length = (bytes[2]! << 8) | bytes[3]!;
  // RFC 5389 §6: the length excludes the header and is a multiple of 4.
  if ((length & 3) !== 0) {
    throw new StunError('BAD_LENGTH', `message length ${length} is not a multiple of 4`, 2);
  }
  if (STUN_HEADER_LENGTH + length > n) {
    throw new StunError('TRUNCATED', `message length ${length} exceeds the ${n - STUN_HEADER_LENGTH} bytes after the header`, 2);
  }
  if (STUN_HEADER_LENGTH + length !== n) {
    throw new StunError('BAD_LENGTH', `message length ${length} leaves ${n - STUN_HEADER_LENGTH - length} trailing bytes`, 2);
  }
  const cookie = readU32(bytes, 4);
  const rfc3489 = cookie !== MAGIC_COOKIE;
  if (rfc3489 && options?.allowRfc3489 !== true) {
    throw new StunError('BAD_MAGIC_COOKIE', `magic cookie 0x${cookie.toString(16).padStart(8, '0')} is not 0x2112a442`, 4);
  }

  const attributes: ParsedStunAttribute[] = [];
  let unknown: number[] | undefined;
  let integrityOffset = -1;
  let integritySha256Offset = -1;
  let fingerprintOffset = -1;
  let pos = STUN_HEADER_LENGTH;
  while (pos < n) {
    // RFC 5389 §15: type (16), length (16), value, padding to a multiple of 4.
    if (n - pos < 4) {
      throw new StunError('TRUNCATED', `attribute header at offset ${pos} needs 4 bytes, got ${n - pos}`, pos);
    }
    const at = (bytes[pos]! << 8) | bytes[pos + 1]!;
    const alen = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    const vstart = pos + 4;
    const padded = (alen + 3) & ~3;
    if (padded > n - vstart) {
      throw new StunError(
        'BAD_ATTRIBUTE_LENGTH',
        `attribute 0x${at.toString(16).padStart(4, '0')} at offset ${pos}: length ${alen} exceeds remaining ${n - vstart} bytes`,
        pos,
      );
    }
    // RFC 8489 §14.5-14.7: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT
    // count; after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT; FINGERPRINT is last.
    let ignored = false;
    if (fingerprintOffset >= 0) {
      ignored = true;
    } else if (integritySha256Offset >= 0) {
      ignored = at !== StunAttributeType.Fingerprint;
    } else if (integrityOffset >= 0) {
      ignored = at !== StunAttributeType.Fingerprint && at !== StunAttributeType.MessageIntegritySha256;
    }
    if (!ignored) {
      if (at === StunAttributeType.MessageIntegrity) {
        if (alen !== 20) {
          throw new StunError('BAD_ATTRIBUTE_LENGTH', `MESSAGE-INTEGRITY at offset ${pos}: length ${alen}, expected 20`, pos);
        }
        integrityOffset = pos;
      } else if (at === StunAttributeType.MessageIntegritySha256) {
        // RFC 8489 §14.6: 16 to 32 bytes, a multiple of 4.
        if (alen < 16 || alen > 32 || (alen & 3) !== 0) {
          throw new StunError('BAD_ATTRIBUTE_LENGTH', `MESSAGE-INTEGRITY-SHA256 at offset ${pos}: length ${alen}, expected 16..32 in steps of 4`, pos);
        }
        integritySha256Offset = pos;
      } else if (at === StunAttributeType.Fingerprint) {
        if (alen !== 4) {
          throw new StunError('BAD_ATTRIBUTE_LENGTH', `FINGERPRINT at offset ${pos}: length ${alen}, expected 4`, pos);
        }
        fingerprintOffset = pos;
      } else if (isUnknownRequiredAttribute(at)) {
        (unknown ??= []).push(at);
      }
    }
    const next = vstart + padded;
    const value = bytes.subarray(vstart, vstart + alen);
    const padding = alen === padded ? undefined : nonZeroPadding(bytes, vstart + alen, next);
    // Plain data (no getters), so a spread or structuredClone copies every field.
    attributes.push(padding === undefined ? { type: at, value, offset: vstart, ignored } : { type: at, value, padding, offset: vstart, ignored });
    pos = next;
  }
  return {
    type,
    method: stunMethodOf(type),
    cls: stunClassOf(type),
    rfc3489,
    transactionId: bytes.subarray(rfc3489 ? 4 : 8, 20),
    attributes,
    unknownRequiredAttributes: unknown ?? EMPTY,
    raw: bytes,
    integrityOffset,
    integritySha256Offset,
    fingerprintOffset,
  };
}

/** What the serializer appends after the attributes (RFC 5389 §15.4, §15.5; RFC 8489 §14.6). */
export interface StunSecurityOptions {
  /** Add MESSAGE-INTEGRITY (HMAC-SHA1) with this key (see `shortTermKey`, `longTermKey`). */
  readonly integrity?: StunKey | Uint8Array;
  /** Add MESSAGE-INTEGRITY-SHA256 (full 32-byte HMAC-SHA256) with this key. */
  readonly integritySha256?: StunKey | Uint8Array;
  /** Add FINGERPRINT. */
  readonly fingerprint?: boolean;
}

function checkMessage(msg: StunMessage): void {
  if (!Number.isInteger(msg.type) || msg.type < 0 || msg.type > 0x3fff) {
    throw new RangeError(`"type" expected an integer in 0..0x3fff, got ${msg.type}`);
  }
  assertBytes(msg.transactionId, 'transactionId');
  if (msg.transactionId.length !== 12 && msg.transactionId.length !== 16) {
    throw new RangeError(`"transactionId" expected 12 bytes (or 16 for RFC 3489), got ${msg.transactionId.length}`);
  }
}

/**
 * Number of bytes {@link serializeStunMessageInto} writes for `msg` with `security`.
 * @param msg - the message
 * @param security - MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT to append
 * @returns the serialized length
 * @example
 * ```ts
 * import { stunMessageByteLength } from '@voip/stun';
 * stunMessageByteLength({ type: 1, transactionId: new Uint8Array(12), attributes: [] }, { fingerprint: true }); // 28
 * ```
 */
export function stunMessageByteLength(msg: StunMessage, security?: StunSecurityOptions): number {
  let len = STUN_HEADER_LENGTH;
  const attrs = msg.attributes;
  for (let i = 0; i < attrs.length; i++) {
    len += 4 + ((attrs[i]!.value.length + 3) & ~3);
  }
  if (security !== undefined) {
    if (security.integrity !== undefined) {
      len += 24;
    }
    if (security.integritySha256 !== undefined) {
      len += 36;
    }
    if (security.fingerprint === true) {
      len += 8;
    }
  }
  return len;
}

function writeLength(m: Uint8Array, bodyLength: number): void {
  m[2] = bodyLength >>> 8;
  m[3] = bodyLength & 0xff;
}

/**
 * Writes `msg` into `out` at `offset`, appending MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and
 * FINGERPRINT as asked, each with the header length field set as RFC 5389 §15.4/§15.5 require.
 * Allocates nothing for SHA-1 integrity and fingerprint.
 * @param msg - the message; its attributes must not already hold the security attributes asked for
 * @param out - destination buffer
 * @param offset - where to write
 * @param security - what to append
 * @returns the number of bytes written
 * @throws {RangeError} when `out` is too small, a value exceeds 65535 bytes, or the type / transaction ID is invalid
 * @example
 * ```ts
 * import { serializeStunMessageInto, StunMessageType } from '@voip/stun';
 * const out = new Uint8Array(1500);
 * const n = serializeStunMessageInto({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12), attributes: [] }, out, 0, { fingerprint: true });
 * // n === 28
 * ```
 */
export function serializeStunMessageInto(msg: StunMessage, out: Uint8Array, offset = 0, security?: StunSecurityOptions): number {
  checkMessage(msg);
  const total = stunMessageByteLength(msg, security);
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < total) {
    throw new RangeError(`"out" expected at least ${total} bytes after offset ${offset}, got ${out.length - offset}`);
  }
  return write(msg, offset === 0 && out.length === total ? out : out.subarray(offset, offset + total), total, security);
}

/** Writes a checked message into `m`, which has exactly `total` bytes. */
function write(msg: StunMessage, m: Uint8Array, total: number, security: StunSecurityOptions | undefined): number {
  if (total - STUN_HEADER_LENGTH > 0xffff) {
    throw new RangeError(`message body expected at most 65535 bytes, got ${total - STUN_HEADER_LENGTH}`);
  }
  const type = msg.type;
  m[0] = type >>> 8;
  m[1] = type & 0xff;
  const tid = msg.transactionId;
  if (tid.length === 12) {
    m[4] = 0x21;
    m[5] = 0x12;
    m[6] = 0xa4;
    m[7] = 0x42;
    m.set(tid, 8);
  } else {
    m.set(tid, 4);
  }
  let pos = STUN_HEADER_LENGTH;
  const attrs = msg.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    const v = a.value;
    const len = v.length;
    if (len > 0xffff) {
      throw new RangeError(`attribute 0x${a.type.toString(16)} value expected at most 65535 bytes, got ${len}`);
    }
    m[pos] = a.type >>> 8;
    m[pos + 1] = a.type & 0xff;
    m[pos + 2] = len >>> 8;
    m[pos + 3] = len & 0xff;
    if (len <= 32) {
      for (let j = 0; j < len; j++) {
        m[pos + 4 + j] = v[j]!;
      }
    } else {
      m.set(v, pos + 4);
    }
    pos += 4 + len;
    const pad = (4 - (len & 3)) & 3;
    if (pad > 0) {
      const p = a.padding;
      if (p !== undefined && p.length === pad) {
        m.set(p, pos);
      } else {
        m.fill(0, pos, pos + pad);
      }
      pos += pad;
    }
  }
  if (security !== undefined) {
    // RFC 5389 §15.4: the length field covers up to and including MESSAGE-INTEGRITY when hashing.
    if (security.integrity !== undefined) {
      const key = toStunKey(security.integrity);
      writeAttrHeader(m, pos, StunAttributeType.MessageIntegrity, 20);
      writeLength(m, pos + 24 - STUN_HEADER_LENGTH);
      key.sha1.macStun(m, pos, pos + 24 - STUN_HEADER_LENGTH, m, pos + 4);
      pos += 24;
    }
    // RFC 8489 §14.6: likewise for MESSAGE-INTEGRITY-SHA256.
    if (security.integritySha256 !== undefined) {
      const key = toStunKey(security.integritySha256);
      writeAttrHeader(m, pos, StunAttributeType.MessageIntegritySha256, 32);
      const digest = hmacSha256Stun(key.bytes, m, pos, pos + 36 - STUN_HEADER_LENGTH);
      m.set(digest, pos + 4);
      pos += 36;
    }
    // RFC 5389 §15.5: CRC-32 of the message up to FINGERPRINT, length field including it, XOR 0x5354554e.
    if (security.fingerprint === true) {
      writeAttrHeader(m, pos, StunAttributeType.Fingerprint, 4);
      writeLength(m, pos + 8 - STUN_HEADER_LENGTH);
      const crc = (crc32(m, 0, pos) ^ FINGERPRINT_XOR) >>> 0;
      m[pos + 4] = crc >>> 24;
      m[pos + 5] = (crc >>> 16) & 0xff;
      m[pos + 6] = (crc >>> 8) & 0xff;
      m[pos + 7] = crc & 0xff;
      pos += 8;
    }
  }
  writeLength(m, pos - STUN_HEADER_LENGTH);
  return pos;
}

function writeAttrHeader(m: Uint8Array, pos: number, type: number, len: number): void {
  m[pos] = type >>> 8;
  m[pos + 1] = type & 0xff;
  m[pos + 2] = len >>> 8;
  m[pos + 3] = len & 0xff;
}

/**
 * Serializes `msg` into a new buffer, appending the security attributes asked for.
 * @param msg - the message
 * @param security - MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT to append
 * @returns the bytes
 * @throws {RangeError} when a value exceeds 65535 bytes or the type / transaction ID is invalid
 * @example
 * ```ts
 * import { serializeStunMessage, shortTermKey, StunMessageType } from '@voip/stun';
 * const bytes = serializeStunMessage(
 *   { type: StunMessageType.BindingRequest, transactionId: crypto.getRandomValues(new Uint8Array(12)), attributes: [] },
 *   { integrity: shortTermKey('secret'), fingerprint: true },
 * );
 * ```
 */
export function serializeStunMessage(msg: StunMessage, security?: StunSecurityOptions): Uint8Array<ArrayBuffer> {
  checkMessage(msg);
  const total = stunMessageByteLength(msg, security);
  const out = new Uint8Array(total);
  write(msg, out, total, security);
  return out;
}
