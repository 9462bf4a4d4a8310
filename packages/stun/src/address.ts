/**
 * Address attributes: MAPPED-ADDRESS (RFC 5389 §15.1), XOR-MAPPED-ADDRESS (RFC 5389 §15.2) and
 * ALTERNATE-SERVER (RFC 5389 §15.11, same format as MAPPED-ADDRESS).
 * ```text
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0 0 0 0 0|    Family     |     (X-)Port                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             (X-)Address (32 bits or 128 bits)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * X-Port is the port XOR the top 16 bits of the magic cookie; X-Address is the address XOR the magic
 * cookie (IPv4) or XOR the magic cookie followed by the 96-bit transaction ID (IPv6).
 * @module
 */
import { StunError } from './errors.js';
import { formatIpv4, formatIpv6, parseIp } from './internal/ip.js';
import { assertBytes } from './internal/bytes.js';

/** A decoded transport address. It has the shape of `@voip/rtp`'s `TransportAddress`. */
export interface StunAddress {
  /** Address family. */
  readonly family: 'IPv4' | 'IPv6';
  /** Literal address; IPv6 in RFC 5952 canonical form. */
  readonly address: string;
  /** UDP port. */
  readonly port: number;
}

/** Any object with a literal address and a port (family is derived from the address). */
export interface AddressLike {
  readonly address: string;
  readonly port: number;
}

const COOKIE_BYTES = Uint8Array.of(0x21, 0x12, 0xa4, 0x42);

const SCRATCH6 = new Uint8Array(16);

/** Decodes an address value; `transactionId` set means XOR-decoding (RFC 5389 §15.2). */
function decode(value: Uint8Array, transactionId: Uint8Array | undefined, valueOffset: number): StunAddress {
  if (value.length < 4) {
    throw new StunError('BAD_ATTRIBUTE_LENGTH', `address attribute: need at least 4 bytes, got ${value.length}`, valueOffset);
  }
  const family = value[1]!;
  let port = (value[2]! << 8) | value[3]!;
  const len = family === 0x01 ? 4 : family === 0x02 ? 16 : -1;
  if (len < 0) {
    throw new StunError('BAD_ADDRESS_FAMILY', `address attribute: unknown family 0x${family.toString(16).padStart(2, '0')}`, valueOffset + 1);
  }
  if (value.length !== 4 + len) {
    throw new StunError(
      'BAD_ATTRIBUTE_LENGTH',
      `address attribute: family ${family} needs ${4 + len} bytes, got ${value.length}`,
      valueOffset,
    );
  }
  if (transactionId === undefined) {
    return family === 0x01
      ? { family: 'IPv4', address: formatIpv4(value, 4), port }
      : { family: 'IPv6', address: formatIpv6(value, 4), port };
  }
  assertBytes(transactionId, 'transactionId', 12);
  // X-Port: XOR with the top 16 bits of the cookie; X-Address: XOR with cookie (|| transaction ID).
  port ^= 0x2112;
  if (family === 0x01) {
    const address = `${value[4]! ^ 0x21}.${value[5]! ^ 0x12}.${value[6]! ^ 0xa4}.${value[7]! ^ 0x42}`;
    return { family: 'IPv4', address, port };
  }
  const x = SCRATCH6;
  for (let i = 0; i < 4; i++) {
    x[i] = value[4 + i]! ^ COOKIE_BYTES[i]!;
  }
  for (let i = 4; i < 16; i++) {
    x[i] = value[4 + i]! ^ transactionId[i - 4]!;
  }
  return { family: 'IPv6', address: formatIpv6(x, 0), port };
}

function xorPadFor(transactionId: Uint8Array): Uint8Array {
  assertBytes(transactionId, 'transactionId', 12);
  const pad = new Uint8Array(16);
  pad.set(COOKIE_BYTES, 0);
  pad.set(transactionId, 4);
  return pad;
}

/**
 * Decodes a MAPPED-ADDRESS or ALTERNATE-SERVER value, RFC 5389 §15.1.
 * @param value - the attribute value (a view is fine)
 * @param valueOffset - offset of `value` in the message, used in error offsets
 * @returns the address
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH` | `BAD_ADDRESS_FAMILY`
 * @example
 * ```ts
 * import { decodeAddressAttribute } from '@voip/stun';
 * decodeAddressAttribute(Uint8Array.of(0, 1, 0x0d, 0x96, 192, 0, 2, 1)); // { family: 'IPv4', address: '192.0.2.1', port: 3478 }
 * ```
 */
export function decodeAddressAttribute(value: Uint8Array, valueOffset = 0): StunAddress {
  return decode(value, undefined, valueOffset);
}

/**
 * Decodes an XOR-MAPPED-ADDRESS value, RFC 5389 §15.2.
 * @param value - the attribute value
 * @param transactionId - the message's 12-byte transaction ID (used by IPv6)
 * @param valueOffset - offset of `value` in the message, used in error offsets
 * @returns the address
 * @throws {StunError} `BAD_ATTRIBUTE_LENGTH` | `BAD_ADDRESS_FAMILY`
 * @throws {RangeError} when the transaction ID is not 12 bytes
 * @example
 * ```ts
 * import { decodeXorAddressAttribute, encodeXorAddressAttribute } from '@voip/stun';
 * const tid = new Uint8Array(12);
 * decodeXorAddressAttribute(encodeXorAddressAttribute({ address: '::1', port: 5000 }, tid), tid).address; // '::1'
 * ```
 */
export function decodeXorAddressAttribute(value: Uint8Array, transactionId: Uint8Array, valueOffset = 0): StunAddress {
  return decode(value, transactionId, valueOffset);
}

function encode(address: AddressLike, xorPad: Uint8Array | undefined): Uint8Array<ArrayBuffer> {
  const ip = parseIp(address.address);
  if (ip === undefined) {
    throw new TypeError(`"address" expected a literal IPv4 or IPv6 address, got ${JSON.stringify(address.address)}`);
  }
  const port = address.port;
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) {
    throw new RangeError(`"port" expected an integer in 0..65535, got ${port}`);
  }
  const out = new Uint8Array(4 + ip.length);
  out[1] = ip.length === 4 ? 0x01 : 0x02;
  const p = xorPad === undefined ? port : port ^ 0x2112;
  out[2] = p >>> 8;
  out[3] = p & 0xff;
  for (let i = 0; i < ip.length; i++) {
    out[4 + i] = xorPad === undefined ? ip[i]! : ip[i]! ^ xorPad[i]!;
  }
  return out;
}

/**
 * Encodes a MAPPED-ADDRESS or ALTERNATE-SERVER value, RFC 5389 §15.1.
 * @param address - literal address and port
 * @returns the 8- or 20-byte value
 * @throws {TypeError} when the address is not a literal IP address
 * @throws {RangeError} when the port is not 0..65535
 * @example
 * ```ts
 * import { encodeAddressAttribute } from '@voip/stun';
 * encodeAddressAttribute({ address: '192.0.2.1', port: 3478 }).length; // 8
 * ```
 */
export function encodeAddressAttribute(address: AddressLike): Uint8Array<ArrayBuffer> {
  return encode(address, undefined);
}

/**
 * Encodes an XOR-MAPPED-ADDRESS value, RFC 5389 §15.2.
 * @param address - literal address and port
 * @param transactionId - the message's 12-byte transaction ID
 * @returns the 8- or 20-byte value
 * @throws {TypeError} when the address is not a literal IP address
 * @throws {RangeError} when the port is out of range or the transaction ID is not 12 bytes
 * @example
 * ```ts
 * import { encodeXorAddressAttribute } from '@voip/stun';
 * encodeXorAddressAttribute({ address: '::1', port: 5000 }, new Uint8Array(12)).length; // 20
 * ```
 */
export function encodeXorAddressAttribute(address: AddressLike, transactionId: Uint8Array): Uint8Array<ArrayBuffer> {
  return encode(address, xorPadFor(transactionId));
}
