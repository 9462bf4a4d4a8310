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
 * the helpers in `attributes.ts` / `address.ts`. Serialization is in `serialize-message.ts`.
 * @module
 */
import { MAGIC_COOKIE, STUN_HEADER_LENGTH, StunAttributeType, isUnknownRequiredAttribute, stunClassOf, stunMethodOf } from './constants.js';
import type { StunClass } from './constants.js';
import { StunError } from './errors.js';

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
 * An attribute of a parsed message. `value` and `padding` are computed on first access (getters), so
 * copy an attribute field by field (`{ type: a.type, value: a.value }`), not with a spread.
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

/**
 * A parsed attribute. Its value view is created on first access (a getter on the prototype): most
 * attributes of most messages are never read, and a typed-array view costs more than the rest of the
 * attribute. Copy an attribute with `{ type: a.type, value: a.value }`, not with a spread.
 */
class ParsedAttribute implements ParsedStunAttribute {
  readonly type: number;
  readonly offset: number;
  readonly ignored: boolean;
  private readonly raw: Uint8Array;
  private readonly length: number;
  private view: Uint8Array | undefined;

  constructor(raw: Uint8Array, type: number, offset: number, length: number, ignored: boolean) {
    this.type = type;
    this.offset = offset;
    this.ignored = ignored;
    this.raw = raw;
    this.length = length;
    this.view = undefined;
  }

  get value(): Uint8Array {
    return (this.view ??= this.raw.subarray(this.offset, this.offset + this.length));
  }

  /** Non-zero padding bytes as received, else undefined (computed on access). */
  get padding(): Uint8Array | undefined {
    const end = this.offset + this.length;
    const next = this.offset + ((this.length + 3) & ~3);
    for (let i = end; i < next; i++) {
      if (this.raw[i] !== 0) {
        return this.raw.subarray(end, next);
      }
    }
    return undefined;
  }
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
  const cookie = ((bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!) >>> 0;
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
    attributes.push(new ParsedAttribute(bytes, at, vstart, alen, ignored));
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
