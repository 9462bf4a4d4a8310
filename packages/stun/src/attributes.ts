/**
 * STUN attributes: USERNAME, REALM, NONCE, SOFTWARE (RFC 5389 §15.3, §15.7, §15.8, §15.10), ERROR-CODE
 * (§15.6), UNKNOWN-ATTRIBUTES (§15.9), MAPPED-ADDRESS and XOR-MAPPED-ADDRESS (§15.1, §15.2), PRIORITY,
 * USE-CANDIDATE, ICE-CONTROLLED, ICE-CONTROLLING (RFC 8445 §7.1.1-7.1.3, §16.1).
 *
 * Every attribute has the same three kinds of function, named the same way:
 * - `xAttribute(...)` builds a whole attribute (`{ type, value }`) to put in a message;
 * - `getX(message)` finds it in a message and decodes it (undefined when absent);
 * - `decodeX(value)` / `encodeX(...)` work on a bare value (for attributes this package does not know
 *   by name, or a value already in hand).
 * Values are decoded only when asked for.
 * @module
 */
import { StunAttributeType } from './constants.js';
import { decodeAddressAttribute, decodeXorAddressAttribute, encodeAddressAttribute, encodeXorAddressAttribute } from './address.js';
import type { AddressLike, StunAddress } from './address.js';
import { StunError } from './errors.js';
import { readU32, utf8Decode, utf8Encode } from './internal/bytes.js';
import type { ParsedStunAttribute, StunAttribute, StunMessage } from './message.js';

/** A decoded ERROR-CODE, RFC 5389 §15.6. */
export interface StunErrorCodeValue {
  /** 300..699, e.g. 401. */
  readonly code: number;
  /** Reason phrase (UTF-8). */
  readonly reason: string;
}

/**
 * Standard reason phrases, RFC 8489 §14.8 (https://www.rfc-editor.org/rfc/rfc8489#section-14.8).
 * @example
 * ```ts
 * import { StunErrorReason } from '@voip/stun';
 * StunErrorReason[420]; // 'Unknown Attribute'
 * ```
 */
export const StunErrorReason: Readonly<Record<number, string>> = Object.freeze({
  300: 'Try Alternate',
  400: 'Bad Request',
  401: 'Unauthenticated',
  420: 'Unknown Attribute',
  438: 'Stale Nonce',
  487: 'Role Conflict',
  500: 'Server Error',
});

function findAttribute(msg: StunMessage, type: number): StunAttribute | undefined {
  const attrs = msg.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (a.type === type && (a as Partial<ParsedStunAttribute>).ignored !== true) {
      return a;
    }
  }
  return undefined;
}

/**
 * The value of the first attribute of `type`, skipping attributes the RFC says to ignore.
 * @param msg - a message
 * @param type - attribute type
 * @returns the value (a view), or undefined when absent
 * @example
 * ```ts
 * import { getAttribute, StunAttributeType } from '@voip/stun';
 * getAttribute({ type: 1, transactionId: new Uint8Array(12), attributes: [] }, StunAttributeType.Username); // undefined
 * ```
 */
export function getAttribute(msg: StunMessage, type: number): Uint8Array | undefined {
  return findAttribute(msg, type)?.value;
}

function offsetOf(a: StunAttribute): number {
  return (a as Partial<ParsedStunAttribute>).offset ?? 0;
}

/**
 * Decodes a UTF-8 text attribute (USERNAME, REALM, NONCE, SOFTWARE, ERROR-CODE reason).
 * @param value - the value
 * @param valueOffset - offset of the value in the message, for errors
 * @returns the text
 * @throws {StunError} `BAD_UTF8`
 * @example
 * ```ts
 * import { decodeTextAttribute } from '@voip/stun';
 * decodeTextAttribute(new TextEncoder().encode('evtj:h6vY')); // 'evtj:h6vY'
 * ```
 */
export function decodeTextAttribute(value: Uint8Array, valueOffset = 0): string {
  try {
    return utf8Decode(value);
  } catch (e) {
    throw new StunError('BAD_UTF8', 'text attribute is not valid UTF-8', valueOffset, { cause: e });
  }
}

/**
 * The text of a USERNAME, REALM, NONCE or SOFTWARE attribute.
 * @param msg - a message
 * @param type - the attribute type
 * @returns the text, or undefined when absent
 * @throws {StunError} `BAD_UTF8`
 * @example
 * ```ts
 * import { getTextAttribute, StunAttributeType } from '@voip/stun';
 * declare const msg: import('@voip/stun').ParsedStunMessage;
 * getTextAttribute(msg, StunAttributeType.Software);
 * ```
 */
export function getTextAttribute(msg: StunMessage, type: number): string | undefined {
  const a = findAttribute(msg, type);
  return a === undefined ? undefined : decodeTextAttribute(a.value, offsetOf(a));
}

/**
 * A text attribute (USERNAME, REALM, NONCE, SOFTWARE).
 * @param type - the attribute type
 * @param text - the text
 * @returns the attribute
 * @throws {RangeError} when the text is longer than RFC 8489 allows for that attribute
 * @example
 * ```ts
 * import { textAttribute, StunAttributeType } from '@voip/stun';
 * textAttribute(StunAttributeType.Software, '@voip/stun');
 * ```
 */
export function textAttribute(type: number, text: string): StunAttribute {
  checkTextLength(type, text);
  return { type, value: utf8Encode(text) };
}

/**
 * Characters allowed in SOFTWARE, REALM and NONCE (RFC 8489 §14.14, §14.9, §14.10: "fewer than 128
 * characters"). USERNAME is counted in bytes instead ({@link MAX_USERNAME_BYTES}).
 * @example
 * ```ts
 * import { MAX_TEXT_ATTRIBUTE_CHARACTERS } from '@voip/stun';
 * MAX_TEXT_ATTRIBUTE_CHARACTERS; // 127
 * ```
 */
export const MAX_TEXT_ATTRIBUTE_CHARACTERS = 127;

/**
 * Bytes allowed in USERNAME (RFC 8489 §14.3: "fewer than 509 bytes").
 * @example
 * ```ts
 * import { MAX_USERNAME_BYTES } from '@voip/stun';
 * MAX_USERNAME_BYTES; // 508
 * ```
 */
export const MAX_USERNAME_BYTES = 508;

/**
 * Refuses text longer than RFC 8489 allows for the attribute `type` (what we send; what we receive
 * is decoded leniently, whatever its length).
 * @throws {RangeError} naming the attribute, the limit and the length
 */
export function checkTextLength(type: number, text: string): void {
  if (type === StunAttributeType.Username) {
    const bytes = utf8Encode(text).length;
    if (bytes > MAX_USERNAME_BYTES) {
      throw new RangeError(`USERNAME expected at most ${MAX_USERNAME_BYTES} UTF-8 bytes (RFC 8489 §14.3), got ${bytes}`);
    }
    return;
  }
  if (type === StunAttributeType.Software || type === StunAttributeType.Realm || type === StunAttributeType.Nonce) {
    let characters = 0;
    for (const _ of text) {
      characters++;
    }
    if (characters > MAX_TEXT_ATTRIBUTE_CHARACTERS) {
      throw new RangeError(`${TEXT_NAMES[type]} expected fewer than 128 characters (RFC 8489 §14), got ${characters}`);
    }
  }
}

const TEXT_NAMES: Record<number, string> = {
  [StunAttributeType.Software]: 'SOFTWARE',
  [StunAttributeType.Realm]: 'REALM',
  [StunAttributeType.Nonce]: 'NONCE',
};

/**
 * Decodes an ERROR-CODE value, RFC 5389 §15.6: 21 reserved bits, class (3 bits), number (8 bits), reason.
 * @param value - the value
 * @param valueOffset - offset of the value in the message, for errors
 * @returns code and reason
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH` | `BAD_ERROR_CODE` | `BAD_UTF8`
 * @example
 * ```ts
 * import { decodeErrorCodeAttribute } from '@voip/stun';
 * decodeErrorCodeAttribute(Uint8Array.of(0, 0, 4, 1)); // { code: 401, reason: '' }
 * ```
 */
export function decodeErrorCodeAttribute(value: Uint8Array, valueOffset = 0): StunErrorCodeValue {
  if (value.length < 4) {
    throw new StunError('BAD_ATTRIBUTE_LENGTH', `ERROR-CODE needs at least 4 bytes, got ${value.length}`, valueOffset);
  }
  const cls = value[2]! & 0x07;
  const num = value[3]!;
  if (cls < 3 || cls > 6 || num > 99) {
    throw new StunError('BAD_ERROR_CODE', `ERROR-CODE class ${cls} number ${num} is not 300..699`, valueOffset + 2);
  }
  return { code: cls * 100 + num, reason: decodeTextAttribute(value.subarray(4), valueOffset + 4) };
}

/**
 * The decoded ERROR-CODE of a message.
 * @param msg - a message
 * @returns code and reason, or undefined when absent
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH` | `BAD_ERROR_CODE` | `BAD_UTF8`
 * @example
 * ```ts
 * import { getErrorCode } from '@voip/stun';
 * declare const msg: import('@voip/stun').ParsedStunMessage;
 * getErrorCode(msg)?.code;
 * ```
 */
export function getErrorCode(msg: StunMessage): StunErrorCodeValue | undefined {
  const a = findAttribute(msg, StunAttributeType.ErrorCode);
  return a === undefined ? undefined : decodeErrorCodeAttribute(a.value, offsetOf(a));
}

/**
 * An ERROR-CODE attribute, RFC 5389 §15.6.
 * @param code - 300..699
 * @param reason - reason phrase; defaults to the standard one
 * @returns the attribute
 * @throws {RangeError} when `code` is not an integer in 300..699
 * @example
 * ```ts
 * import { errorCodeAttribute } from '@voip/stun';
 * errorCodeAttribute(420);
 * ```
 */
export function errorCodeAttribute(code: number, reason?: string): StunAttribute {
  if (!Number.isInteger(code) || code < 300 || code > 699) {
    throw new RangeError(`"code" expected an integer in 300..699, got ${code}`);
  }
  const text = utf8Encode(reason ?? StunErrorReason[code] ?? '');
  const value = new Uint8Array(4 + text.length);
  value[2] = Math.floor(code / 100);
  value[3] = code % 100;
  value.set(text, 4);
  return { type: StunAttributeType.ErrorCode, value };
}

/**
 * Decodes UNKNOWN-ATTRIBUTES, RFC 5389 §15.9: a list of u16 attribute types.
 * @param value - the value
 * @param valueOffset - offset of the value in the message, for errors
 * @returns the attribute types
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH` when the length is odd
 * @example
 * ```ts
 * import { decodeUnknownAttributes } from '@voip/stun';
 * decodeUnknownAttributes(Uint8Array.of(0, 3)); // [3]
 * ```
 */
export function decodeUnknownAttributes(value: Uint8Array, valueOffset = 0): number[] {
  if ((value.length & 1) !== 0) {
    throw new StunError('BAD_ATTRIBUTE_LENGTH', `UNKNOWN-ATTRIBUTES length ${value.length} is odd`, valueOffset);
  }
  const out: number[] = [];
  for (let i = 0; i < value.length; i += 2) {
    out.push((value[i]! << 8) | value[i + 1]!);
  }
  return out;
}

/**
 * An UNKNOWN-ATTRIBUTES attribute, RFC 5389 §15.9.
 * @param types - the attribute types the request carried and the server did not understand
 * @returns the attribute
 * @example
 * ```ts
 * import { unknownAttributesAttribute } from '@voip/stun';
 * unknownAttributesAttribute([0x0003]);
 * ```
 */
export function unknownAttributesAttribute(types: readonly number[]): StunAttribute {
  const value = new Uint8Array(types.length * 2);
  types.forEach((t, i) => {
    value[2 * i] = (t >>> 8) & 0xff;
    value[2 * i + 1] = t & 0xff;
  });
  return { type: StunAttributeType.UnknownAttributes, value };
}

/**
 * The address of XOR-MAPPED-ADDRESS (RFC 5389 §15.2), or undefined when absent.
 * @param msg - a message with a 12-byte transaction ID
 * @returns the address
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH` | `BAD_ADDRESS_FAMILY`
 * @example
 * ```ts
 * import { getXorMappedAddress } from '@voip/stun';
 * declare const msg: import('@voip/stun').ParsedStunMessage;
 * getXorMappedAddress(msg)?.port;
 * ```
 */
export function getXorMappedAddress(msg: StunMessage): StunAddress | undefined {
  const a = findAttribute(msg, StunAttributeType.XorMappedAddress);
  if (a === undefined || msg.transactionId.length !== 12) {
    return undefined;
  }
  return decodeXorAddressAttribute(a.value, msg.transactionId, offsetOf(a));
}

/**
 * The address of MAPPED-ADDRESS (RFC 5389 §15.1), or undefined when absent.
 * @param msg - a message
 * @returns the address
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH` | `BAD_ADDRESS_FAMILY`
 * @example
 * ```ts
 * import { getMappedAddress } from '@voip/stun';
 * declare const msg: import('@voip/stun').ParsedStunMessage;
 * getMappedAddress(msg)?.address;
 * ```
 */
export function getMappedAddress(msg: StunMessage): StunAddress | undefined {
  const a = findAttribute(msg, StunAttributeType.MappedAddress);
  return a === undefined ? undefined : decodeAddressAttribute(a.value, offsetOf(a));
}

/**
 * Decodes a 32-bit value (PRIORITY, RFC 8445 §7.1.1).
 * @param value - the 4-byte value
 * @param valueOffset - offset of the value in the message, for errors
 * @returns the u32
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH`
 * @example
 * ```ts
 * import { decodeUint32Attribute } from '@voip/stun';
 * decodeUint32Attribute(Uint8Array.of(0x6e, 0, 1, 0xff)); // 1845494271
 * ```
 */
export function decodeUint32Attribute(value: Uint8Array, valueOffset = 0): number {
  if (value.length !== 4) {
    throw new StunError('BAD_ATTRIBUTE_LENGTH', `expected a 4-byte value, got ${value.length}`, valueOffset);
  }
  return readU32(value, 0);
}

/**
 * A PRIORITY attribute, RFC 8445 §7.1.1.
 * @param priority - u32 candidate priority
 * @returns the attribute
 * @throws {RangeError} when not a u32
 * @example
 * ```ts
 * import { priorityAttribute } from '@voip/stun';
 * priorityAttribute(0x6e0001ff);
 * ```
 */
export function priorityAttribute(priority: number): StunAttribute {
  if (!Number.isInteger(priority) || priority < 0 || priority > 0xffffffff) {
    throw new RangeError(`"priority" expected a u32, got ${priority}`);
  }
  const value = new Uint8Array(4);
  value[0] = priority >>> 24;
  value[1] = priority >>> 16;
  value[2] = priority >>> 8;
  value[3] = priority;
  return { type: StunAttributeType.Priority, value };
}

/**
 * Decodes the 64-bit tie-breaker of ICE-CONTROLLED / ICE-CONTROLLING, RFC 8445 §7.1.3.
 * @param value - the 8-byte value
 * @param valueOffset - offset of the value in the message, for errors
 * @returns the tie-breaker
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH`
 * @example
 * ```ts
 * import { decodeUint64Attribute } from '@voip/stun';
 * decodeUint64Attribute(new Uint8Array(8)); // 0n
 * ```
 */
export function decodeUint64Attribute(value: Uint8Array, valueOffset = 0): bigint {
  if (value.length !== 8) {
    throw new StunError('BAD_ATTRIBUTE_LENGTH', `expected an 8-byte value, got ${value.length}`, valueOffset);
  }
  return new DataView(value.buffer, value.byteOffset, 8).getBigUint64(0);
}

const U64_BYTES = new Uint8Array(8);
const U64_VIEW = new DataView(U64_BYTES.buffer);

/**
 * An ICE-CONTROLLED or ICE-CONTROLLING attribute, RFC 8445 §7.1.3.
 * @param type - `StunAttributeType.IceControlled` or `StunAttributeType.IceControlling`
 * @param tieBreaker - u64 tie-breaker
 * @returns the attribute
 * @throws {RangeError} when `type` is not an ICE role attribute or the tie-breaker is not a u64
 * @example
 * ```ts
 * import { iceRoleAttribute, StunAttributeType } from '@voip/stun';
 * iceRoleAttribute(StunAttributeType.IceControlling, 0x932ff9b151263b36n);
 * ```
 */
export function iceRoleAttribute(type: number, tieBreaker: bigint): StunAttribute {
  if (type !== StunAttributeType.IceControlled && type !== StunAttributeType.IceControlling) {
    throw new RangeError(`"type" expected ICE-CONTROLLED (0x8029) or ICE-CONTROLLING (0x802a), got ${String(type)}`);
  }
  if (typeof tieBreaker !== 'bigint' || BigInt.asUintN(64, tieBreaker) !== tieBreaker) {
    throw new RangeError(`"tieBreaker" expected a u64, got ${String(tieBreaker)}`);
  }
  U64_VIEW.setBigUint64(0, tieBreaker);
  const value = U64_BYTES.slice();
  return { type, value };
}

/**
 * USE-CANDIDATE, RFC 8445 §7.1.2: an attribute with an empty value.
 * @returns the attribute
 * @example
 * ```ts
 * import { useCandidateAttribute } from '@voip/stun';
 * useCandidateAttribute().value.length; // 0
 * ```
 */
export function useCandidateAttribute(): StunAttribute {
  return { type: StunAttributeType.UseCandidate, value: new Uint8Array(0) };
}

/**
 * Builds a XOR-MAPPED-ADDRESS attribute (RFC 5389 §15.2): what a server answers a Binding request with.
 * @param address - The reflexive transport address.
 * @param transactionId - The transaction ID of the message it goes in (the address is XORed with it).
 * @returns The attribute.
 * @throws {TypeError} When the address is not a literal IPv4 or IPv6 address.
 * @throws {RangeError} When the port is not 0..65535.
 * @example
 * ```ts
 * import { StunMessageType, serializeStunMessage, xorMappedAddressAttribute } from '@voip/stun';
 * const transactionId = crypto.getRandomValues(new Uint8Array(12));
 * serializeStunMessage({
 *   type: StunMessageType.BindingSuccessResponse,
 *   transactionId,
 *   attributes: [xorMappedAddressAttribute({ address: '192.0.2.1', port: 32853 }, transactionId)],
 * });
 * ```
 */
export function xorMappedAddressAttribute(address: AddressLike, transactionId: Uint8Array): StunAttribute {
  return { type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute(address, transactionId) };
}

/**
 * Builds a MAPPED-ADDRESS attribute (RFC 5389 §15.1), which RFC 3489 clients read instead of
 * XOR-MAPPED-ADDRESS.
 * @param address - The reflexive transport address.
 * @returns The attribute.
 * @throws {TypeError} When the address is not a literal IPv4 or IPv6 address.
 * @throws {RangeError} When the port is not 0..65535.
 * @example
 * ```ts
 * import { mappedAddressAttribute } from '@voip/stun';
 * mappedAddressAttribute({ address: '192.0.2.1', port: 32853 }); // { type: 0x0001, value: Uint8Array(8) }
 * ```
 */
export function mappedAddressAttribute(address: AddressLike): StunAttribute {
  return { type: StunAttributeType.MappedAddress, value: encodeAddressAttribute(address) };
}
