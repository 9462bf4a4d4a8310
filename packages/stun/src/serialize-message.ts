/**
 * STUN message serialization, RFC 5389 §6 and §15 / RFC 8489 §5 and §14: attributes padded to 4
 * bytes, and MESSAGE-INTEGRITY (RFC 5389 §15.4), MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) and
 * FINGERPRINT (RFC 5389 §15.5) appended with the header length field each one requires.
 * @module
 */
import { STUN_HEADER_LENGTH, StunAttributeType } from './constants.js';
import { assertBytes } from './internal/bytes.js';
import { crc32 } from './internal/crc32.js';
import { hmacSha256Stun } from './internal/sha256.js';
import { FINGERPRINT_XOR } from './message.js';
import type { StunMessage } from './message.js';
import { toStunKey } from './stun-key.js';
import type { StunKey } from './stun-key.js';

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
