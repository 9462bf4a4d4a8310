/**
 * `@voip/sdp-crypto`: SDP Security Descriptions for media streams (RFC 4568,
 * https://www.rfc-editor.org/rfc/rfc4568): parse and format `a=crypto` attributes, the SDES suite table,
 * and the offer/answer exchange that yields SRTP keying material for both directions.
 * @module
 */
export { SdpCryptoError, isSdpCryptoError } from './errors.js';
export type { SdpCryptoErrorCode } from './errors.js';

export { encodeBase64, decodeBase64 } from './base64.js';
export type { Base64EncodeOptions } from './base64.js';

export { CRYPTO_SUITES, CryptoSuiteStatus, DEFAULT_ANSWER_SUITES, getCryptoSuite } from './crypto-suite.js';
export type { CryptoSuiteInfo } from './crypto-suite.js';

export type { SrtpMasterKey, SrtpKeyingMaterial } from './keying-material.js';
export { parseCryptoAttribute, serializeCryptoAttribute, formatCryptoAttribute } from './crypto-attribute.js';
export type { CryptoAttribute, FormatCryptoAttributeOptions } from './crypto-attribute.js';
export type { SrtpSessionParam } from './session-param.js';
export { MAX_KEY_PARAMS } from './key-param.js';

export { createCryptoOffer, DEFAULT_OFFER_SUITES } from './crypto-offer.js';
export type { CryptoOffer, CryptoOfferEntry, CryptoOfferOptions } from './crypto-offer.js';

export { selectCryptoAnswer } from './crypto-answer.js';
export type {
  AcceptableSessionParam,
  CryptoAnswerOptions,
  CryptoAnswerResult,
  CryptoRejection,
  CryptoRejectionCode,
} from './crypto-answer.js';

export { acceptCryptoAnswer } from './accept-crypto-answer.js';
export { keyingMaterialFromAttribute } from './keying-material-from-attribute.js';
export type { CryptoAnswerAcceptance, CryptoAnswerAcceptOptions } from './accept-crypto-answer.js';
