/**
 * The only file of the codec that imports node:crypto: MD5 for long-term keys (RFC 5389 §15.4) and
 * HMAC-SHA256 for MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6). Not exported from the package.
 * @module
 */
import { createHash, createHmac } from 'node:crypto';

/** MD5 digest of `data`. */
export function md5(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const d = createHash('md5').update(data).digest();
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
}

const LENGTH_FIELD = new Uint8Array(2);

/**
 * HMAC-SHA256 of `data[0..end)` with the STUN length field (bytes 2..3) replaced by `lengthField`.
 * Returns the 32-byte digest.
 */
export function hmacSha256Stun(key: Uint8Array, data: Uint8Array, end: number, lengthField: number): Uint8Array {
  LENGTH_FIELD[0] = lengthField >>> 8;
  LENGTH_FIELD[1] = lengthField;
  const h = createHmac('sha256', key);
  h.update(data.subarray(0, 2));
  h.update(LENGTH_FIELD);
  h.update(data.subarray(4, end));
  return h.digest();
}
