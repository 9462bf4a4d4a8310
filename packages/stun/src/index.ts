/**
 * @voip/stun: STUN (RFC 5389 / RFC 8489) message codec, RFC 7983 demultiplexing, address discovery on
 * a shared media socket, and a small STUN server.
 * @module
 */
export { StunError, isStunError } from './errors.js';
export type { StunErrorCode, StunErrorOptions } from './errors.js';
export {
  MAGIC_COOKIE,
  STUN_HEADER_LENGTH,
  StunClass,
  StunMethod,
  StunMessageType,
  StunAttributeType,
  isUnknownRequiredAttribute,
  stunMessageType,
  stunMethodOf,
  stunClassOf,
} from './constants.js';
export { FINGERPRINT_XOR, parseStunMessage } from './message.js';
export type { StunAttribute, StunMessage, ParsedStunAttribute, ParsedStunMessage, ParseStunOptions } from './message.js';
export { stunMessageByteLength, serializeStunMessageInto, serializeStunMessage } from './message.js';
export type { StunSecurityOptions } from './message.js';
export {
  decodeAddressAttribute,
  decodeXorAddressAttribute,
  encodeAddressAttribute,
  encodeXorAddressAttribute,
} from './address.js';
export type { StunAddress, AddressLike } from './address.js';
export {
  StunErrorReason,
  getAttribute,
  decodeTextAttribute,
  getTextAttribute,
  textAttribute,
  MAX_TEXT_ATTRIBUTE_CHARACTERS,
  MAX_USERNAME_BYTES,
  decodeErrorCodeAttribute,
  getErrorCode,
  errorCodeAttribute,
  decodeUnknownAttributes,
  unknownAttributesAttribute,
  getXorMappedAddress,
  getMappedAddress,
  xorMappedAddressAttribute,
  mappedAddressAttribute,
  decodeUint32Attribute,
  priorityAttribute,
  decodeUint64Attribute,
  iceRoleAttribute,
  useCandidateAttribute,
} from './attributes.js';
export type { StunErrorCodeValue } from './attributes.js';
export { StunKey, saslprepLite, shortTermKey, longTermKey } from './stun-key.js';
export { verifyMessageIntegrity, verifyMessageIntegritySha256, verifyFingerprint } from './integrity.js';
export { classifyDatagram, isStunMessage } from './classify.js';
export type { DatagramKind } from './classify.js';
export {
  DEFAULT_RTO,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_FINAL_TIMEOUT_FACTOR,
  DNS_TIMEOUT_MS,
  MAX_TIMER_DELAY_MS,
  resolveRetransmission,
  retransmissionSchedule,
} from './retransmission.js';
export type { RetransmissionOptions, RetransmissionSchedule } from './retransmission.js';
export type { StunCredentials, BindingOutcome } from './binding-responder.js';
