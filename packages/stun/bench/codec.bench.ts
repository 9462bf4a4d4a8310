/**
 * Our codec side by side with the npm `stun` package (2.1.0). Decode includes verifying
 * MESSAGE-INTEGRITY and FINGERPRINT when present, and reading the values a user needs (USERNAME for a
 * request, XOR-MAPPED-ADDRESS for a response), since `stun` decodes every attribute eagerly.
 */
import stun from 'stun';
import { bench, describe } from 'vitest';
import {
  StunAttributeType,
  StunMessageType,
  encodeXorAddressAttribute,
  getTextAttribute,
  getXorMappedAddress,
  iceRoleAttribute,
  parseStunMessage,
  priorityAttribute,
  serializeStunMessage,
  shortTermKey,
  textAttribute,
  verifyFingerprint,
  verifyMessageIntegrity,
} from '../src/index.js';

const PASSWORD = 'VOkJxbRl1RmTxUk/WvJxBt';
const KEY = shortTermKey(PASSWORD); // one precomputed key per credential, reused
const TID = Uint8Array.from({ length: 12 }, (_, i) => i * 17);
const TID_BUF = Buffer.from(TID);
const TIE = 0x932ff9b151263b36n;
const MAPPED = { address: '192.0.2.1', port: 32853 };

function oursRequest(secure: boolean): Uint8Array {
  return serializeStunMessage(
    {
      type: StunMessageType.BindingRequest,
      transactionId: TID,
      attributes: [
        textAttribute(StunAttributeType.Username, 'evtj:h6vY'),
        priorityAttribute(0x6e0001ff),
        iceRoleAttribute(StunAttributeType.IceControlling, TIE),
      ],
    },
    secure ? { integrity: KEY, fingerprint: true } : undefined,
  );
}
function oursResponse(secure: boolean): Uint8Array {
  return serializeStunMessage(
    {
      type: StunMessageType.BindingSuccessResponse,
      transactionId: TID,
      attributes: [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute(MAPPED, TID) }],
    },
    secure ? { integrity: KEY, fingerprint: true } : undefined,
  );
}
function theirsRequest(secure: boolean): Buffer {
  const m = stun.createMessage(stun.constants.STUN_BINDING_REQUEST, TID_BUF);
  m.addAttribute(stun.constants.STUN_ATTR_USERNAME, 'evtj:h6vY');
  m.addAttribute(stun.constants.STUN_ATTR_PRIORITY, 0x6e0001ff);
  m.addAttribute(stun.constants.STUN_ATTR_ICE_CONTROLLING, Buffer.from('932ff9b151263b36', 'hex'));
  if (secure) {
    m.addMessageIntegrity(PASSWORD);
    m.addFingerprint();
  }
  return m.toBuffer();
}
function theirsResponse(secure: boolean): Buffer {
  const m = stun.createMessage(stun.constants.STUN_BINDING_RESPONSE, TID_BUF);
  m.addAttribute(stun.constants.STUN_ATTR_XOR_MAPPED_ADDRESS, MAPPED.address, MAPPED.port);
  if (secure) {
    m.addMessageIntegrity(PASSWORD);
    m.addFingerprint();
  }
  return m.toBuffer();
}

function oursDecodeRequest(bytes: Uint8Array, secure: boolean): unknown {
  const msg = parseStunMessage(bytes);
  if (secure && !(verifyMessageIntegrity(msg, KEY) && verifyFingerprint(msg))) {
    throw new Error('verification failed');
  }
  return getTextAttribute(msg, StunAttributeType.Username);
}
function oursDecodeResponse(bytes: Uint8Array, secure: boolean): unknown {
  const msg = parseStunMessage(bytes);
  if (secure && !(verifyMessageIntegrity(msg, KEY) && verifyFingerprint(msg))) {
    throw new Error('verification failed');
  }
  return getXorMappedAddress(msg);
}
function theirsDecode(buf: Buffer, secure: boolean, attr: number): unknown {
  const msg = stun.decode(buf);
  if (secure && !(stun.validateMessageIntegrity(msg, PASSWORD) && stun.validateFingerprint(msg))) {
    throw new Error('verification failed');
  }
  return msg.getAttribute(attr)?.value;
}

// Sanity: both sides produce the same bytes, so the comparison is like for like.
for (const secure of [false, true]) {
  if (Buffer.compare(Buffer.from(oursRequest(secure)), theirsRequest(secure)) !== 0) {
    throw new Error(`request bytes differ (secure=${secure})`);
  }
  if (Buffer.compare(Buffer.from(oursResponse(secure)), theirsResponse(secure)) !== 0) {
    throw new Error(`response bytes differ (secure=${secure})`);
  }
}

const REQ_PLAIN = oursRequest(false);
const REQ_SECURE = oursRequest(true);
const RESP_PLAIN = oursResponse(false);
const RESP_SECURE = oursResponse(true);
const B_REQ_PLAIN = Buffer.from(REQ_PLAIN);
const B_REQ_SECURE = Buffer.from(REQ_SECURE);
const B_RESP_PLAIN = Buffer.from(RESP_PLAIN);
const B_RESP_SECURE = Buffer.from(RESP_SECURE);
const USERNAME = stun.constants.STUN_ATTR_USERNAME;
const XOR = stun.constants.STUN_ATTR_XOR_MAPPED_ADDRESS;
/** Longer runs and warm-up than the defaults: the machine is shared and `stun` allocates a lot (GC pauses). */
const OPTS = { time: 1000, warmupTime: 300 };

describe(`encode ICE Binding request, plain (${REQ_PLAIN.length} bytes)`, () => {
  bench('@voip/stun', () => void oursRequest(false), OPTS);
  bench('stun@2.1.0', () => void theirsRequest(false), OPTS);
});
describe(`encode ICE Binding request + MESSAGE-INTEGRITY + FINGERPRINT (${REQ_SECURE.length} bytes)`, () => {
  bench('@voip/stun', () => void oursRequest(true), OPTS);
  bench('stun@2.1.0', () => void theirsRequest(true), OPTS);
});
describe(`encode Binding success response with XOR-MAPPED-ADDRESS, plain (${RESP_PLAIN.length} bytes)`, () => {
  bench('@voip/stun', () => void oursResponse(false), OPTS);
  bench('stun@2.1.0', () => void theirsResponse(false), OPTS);
});
describe(`encode Binding success response + MESSAGE-INTEGRITY + FINGERPRINT (${RESP_SECURE.length} bytes)`, () => {
  bench('@voip/stun', () => void oursResponse(true), OPTS);
  bench('stun@2.1.0', () => void theirsResponse(true), OPTS);
});
describe('decode ICE Binding request, plain', () => {
  bench('@voip/stun', () => void oursDecodeRequest(REQ_PLAIN, false), OPTS);
  bench('stun@2.1.0', () => void theirsDecode(B_REQ_PLAIN, false, USERNAME), OPTS);
});
describe('decode + verify ICE Binding request with MESSAGE-INTEGRITY + FINGERPRINT', () => {
  bench('@voip/stun', () => void oursDecodeRequest(REQ_SECURE, true), OPTS);
  bench('stun@2.1.0', () => void theirsDecode(B_REQ_SECURE, true, USERNAME), OPTS);
});
describe('decode Binding success response, plain', () => {
  bench('@voip/stun', () => void oursDecodeResponse(RESP_PLAIN, false), OPTS);
  bench('stun@2.1.0', () => void theirsDecode(B_RESP_PLAIN, false, XOR), OPTS);
});
describe('decode + verify Binding success response with MESSAGE-INTEGRITY + FINGERPRINT', () => {
  bench('@voip/stun', () => void oursDecodeResponse(RESP_SECURE, true), OPTS);
  bench('stun@2.1.0', () => void theirsDecode(B_RESP_SECURE, true, XOR), OPTS);
});
