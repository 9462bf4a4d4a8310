/**
 * STUN message and attribute types, RFC 5389 §6 and §18.2 (https://www.rfc-editor.org/rfc/rfc5389#section-6),
 * updated by RFC 8489 §18.3 and the ICE attributes of RFC 8445 §16.1.
 * ```text
 *  0                 1
 *  2  3  4 5 6 7 8 9 0 1 2 3 4 5
 * +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 * |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 * +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * @module
 */

/**
 * The magic cookie, RFC 5389 §6 (https://www.rfc-editor.org/rfc/rfc5389#section-6).
 * @example
 * ```ts
 * import { MAGIC_COOKIE } from '@voip/stun';
 * MAGIC_COOKIE.toString(16); // '2112a442'
 * ```
 */
export const MAGIC_COOKIE = 0x2112a442;

/**
 * Length of the STUN header in bytes, RFC 5389 §6 (https://www.rfc-editor.org/rfc/rfc5389#section-6).
 * @example
 * ```ts
 * import { STUN_HEADER_LENGTH } from '@voip/stun';
 * STUN_HEADER_LENGTH; // 20
 * ```
 */
export const STUN_HEADER_LENGTH = 20;

/**
 * Message classes (the C1 C0 bits), RFC 5389 §6 (https://www.rfc-editor.org/rfc/rfc5389#section-6).
 * @example
 * ```ts
 * import { StunClass, stunClassOf } from '@voip/stun';
 * stunClassOf(0x0111) === StunClass.ErrorResponse; // true
 * ```
 */
export const StunClass = {
  Request: 0b00,
  Indication: 0b01,
  SuccessResponse: 0b10,
  ErrorResponse: 0b11,
} as const;
/** A message class value. */
export type StunClass = (typeof StunClass)[keyof typeof StunClass];

/**
 * Methods, RFC 5389 §18.1 (https://www.rfc-editor.org/rfc/rfc5389#section-18.1) and RFC 8489 §18.2. Binding is the only STUN
 * method; the others are TURN's (RFC 8656 §17), listed so their messages can be named.
 * @example
 * ```ts
 * import { StunMethod, stunMethodOf } from '@voip/stun';
 * stunMethodOf(0x0003) === StunMethod.Allocate; // true
 * ```
 */
export const StunMethod = {
  Binding: 0x001,
  Allocate: 0x003,
  Refresh: 0x004,
  Send: 0x006,
  Data: 0x007,
  CreatePermission: 0x008,
  ChannelBind: 0x009,
} as const;
/** A known method value. */
export type StunMethod = (typeof StunMethod)[keyof typeof StunMethod];

/**
 * The message types of the Binding method in each class, RFC 5389 §6 (https://www.rfc-editor.org/rfc/rfc5389#section-6).
 * @example
 * ```ts
 * import { StunMessageType } from '@voip/stun';
 * StunMessageType.BindingErrorResponse; // 0x0111
 * ```
 */
export const StunMessageType = {
  BindingRequest: 0x0001,
  BindingIndication: 0x0011,
  BindingSuccessResponse: 0x0101,
  BindingErrorResponse: 0x0111,
} as const;
/** A Binding message type value. */
export type StunMessageType = (typeof StunMessageType)[keyof typeof StunMessageType];

/**
 * Attribute types. 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF comprehension-optional
 * (RFC 5389 §15, https://www.rfc-editor.org/rfc/rfc5389#section-15). Registries: RFC 5389 §18.2, RFC 8489 §18.3, RFC 8445 §16.1.
 * @example
 * ```ts
 * import { StunAttributeType } from '@voip/stun';
 * StunAttributeType.XorMappedAddress; // 0x0020
 * ```
 */
export const StunAttributeType = {
  MappedAddress: 0x0001,
  Username: 0x0006,
  MessageIntegrity: 0x0008,
  ErrorCode: 0x0009,
  UnknownAttributes: 0x000a,
  Realm: 0x0014,
  Nonce: 0x0015,
  MessageIntegritySha256: 0x001c,
  PasswordAlgorithm: 0x001d,
  Userhash: 0x001e,
  XorMappedAddress: 0x0020,
  Priority: 0x0024,
  UseCandidate: 0x0025,
  PasswordAlgorithms: 0x8002,
  AlternateDomain: 0x8003,
  Software: 0x8022,
  AlternateServer: 0x8023,
  Fingerprint: 0x8028,
  IceControlled: 0x8029,
  IceControlling: 0x802a,
} as const;
/** A known attribute type value. */
export type StunAttributeType = (typeof StunAttributeType)[keyof typeof StunAttributeType];

/**
 * Comprehension-required attributes this package understands (not reported as unknown), as a table
 * indexed by type: all of them are below 0x40.
 */
const UNDERSTOOD_REQUIRED = /* @__PURE__ */ (() => {
  const t = new Uint8Array(0x40);
  for (const type of [
    StunAttributeType.MappedAddress,
    StunAttributeType.Username,
    StunAttributeType.MessageIntegrity,
    StunAttributeType.ErrorCode,
    StunAttributeType.UnknownAttributes,
    StunAttributeType.Realm,
    StunAttributeType.Nonce,
    StunAttributeType.MessageIntegritySha256,
    StunAttributeType.XorMappedAddress,
    StunAttributeType.Priority,
    StunAttributeType.UseCandidate,
  ]) {
    t[type] = 1;
  }
  return t;
})();

/**
 * True for a comprehension-required attribute type (0x0000-0x7FFF) this package does not understand,
 * RFC 5389 §15 and §7.3.1: a server answers a request carrying one with 420 and UNKNOWN-ATTRIBUTES.
 * @param type - attribute type (u16)
 * @returns whether the type is an unknown comprehension-required one
 * @example
 * ```ts
 * import { isUnknownRequiredAttribute } from '@voip/stun';
 * isUnknownRequiredAttribute(0x0003); // true: CHANGE-REQUEST (RFC 5780) is not implemented
 * isUnknownRequiredAttribute(0x802b); // false: comprehension-optional
 * ```
 */
export function isUnknownRequiredAttribute(type: number): boolean {
  return type < 0x8000 && !(type < 0x40 && UNDERSTOOD_REQUIRED[type] === 1);
}

/**
 * Builds a 14-bit message type from a method and a class, RFC 5389 §6.
 * @param method - 12-bit method, e.g. `StunMethod.Binding`
 * @param cls - message class, e.g. `StunClass.SuccessResponse`
 * @returns the message type
 * @throws {RangeError} when the method does not fit 12 bits or the class 2 bits
 * @example
 * ```ts
 * import { stunMessageType, StunMethod, StunClass } from '@voip/stun';
 * stunMessageType(StunMethod.Binding, StunClass.ErrorResponse); // 0x0111
 * ```
 */
export function stunMessageType(method: number, cls: number): number {
  if (!Number.isInteger(method) || method < 0 || method > 0xfff) {
    throw new RangeError(`"method" expected an integer in 0..4095, got ${method}`);
  }
  if (!Number.isInteger(cls) || cls < 0 || cls > 3) {
    throw new RangeError(`"cls" expected an integer in 0..3, got ${cls}`);
  }
  return (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7);
}

/**
 * The method of a message type, RFC 5389 §6.
 * @param type - 14-bit message type
 * @returns the 12-bit method
 * @example
 * ```ts
 * import { stunMethodOf } from '@voip/stun';
 * stunMethodOf(0x0111); // 0x001 (Binding)
 * ```
 */
export function stunMethodOf(type: number): number {
  return (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
}

/**
 * The class of a message type, RFC 5389 §6.
 * @param type - 14-bit message type
 * @returns the class, one of {@link StunClass}
 * @example
 * ```ts
 * import { stunClassOf, StunClass } from '@voip/stun';
 * stunClassOf(0x0101) === StunClass.SuccessResponse; // true
 * ```
 */
export function stunClassOf(type: number): StunClass {
  return (((type >> 4) & 1) | ((type >> 7) & 2)) as StunClass;
}
