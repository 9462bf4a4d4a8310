/**
 * Base64 (RFC 4648 §4, https://www.rfc-editor.org/rfc/rfc4648#section-4) for SDES key‖salt strings,
 * written here so the package needs neither `Buffer` nor `atob`.
 *
 * RFC 4568 §6.1 encodes `inline:` keys in standard base64. Peers differ on padding: rtpengine omits the
 * `=` by default (rtpengine's `SDES-pad` option), so {@link decodeBase64} accepts both forms while
 * rejecting anything outside the alphabet with a typed error.
 * @module
 */
import { SdpCryptoError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='

/** 12-bit value -> its two base64 characters (4096 entries): halves the string work of the encoder. */
const PAIRS: readonly string[] = Array.from({ length: 4096 }, (_, i) => ALPHABET.charAt(i >>> 6) + ALPHABET.charAt(i & 63));

/** char code -> 6-bit value, or -1 outside the alphabet. */
const DECODE: Int8Array = ((): Int8Array => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) {
    table[ALPHABET.charCodeAt(i)] = i;
  }
  return table;
})();

/**
 * Options of {@link encodeBase64} (RFC 4648 §3.2, https://www.rfc-editor.org/rfc/rfc4648#section-3.2).
 *
 * @example
 * ```ts
 * import { encodeBase64 } from '@voip/sdp-crypto';
 * import type { Base64EncodeOptions } from '@voip/sdp-crypto';
 * const unpadded: Base64EncodeOptions = { padded: false };
 * encodeBase64(new Uint8Array(1), unpadded); // 'AA'
 * ```
 */
export interface Base64EncodeOptions {
  /** Append `=` padding to a multiple of 4 characters (RFC 4648 §3.2). Default `true`. */
  readonly padded?: boolean;
}

/**
 * Encodes bytes as standard base64 (RFC 4648 §4), padded by default.
 *
 * @param bytes - the data.
 * @param options - `padded: false` omits the trailing `=` as rtpengine does.
 * @returns the base64 text.
 * @throws {TypeError} when `bytes` is not a `Uint8Array`.
 * @example
 * ```ts
 * import { encodeBase64 } from '@voip/sdp-crypto';
 * encodeBase64(new Uint8Array([1, 2])); // 'AQI='
 * encodeBase64(new Uint8Array([1, 2]), { padded: false }); // 'AQI'
 * ```
 */
export function encodeBase64(bytes: Uint8Array, options: Base64EncodeOptions = {}): string {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`"bytes" expected Uint8Array, got ${typeof bytes}`);
  }
  const padded = options.padded ?? true;
  let out = '';
  const full = bytes.length - (bytes.length % 3);
  let i = 0;
  for (; i < full; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += (PAIRS[n >>> 12] as string) + (PAIRS[n & 4095] as string);
  }
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63) + (padded ? '==' : '');
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out +=
      ALPHABET.charAt(n >>> 18) +
      ALPHABET.charAt((n >>> 12) & 63) +
      ALPHABET.charAt((n >>> 6) & 63) +
      (padded ? '=' : '');
  }
  return out;
}

/**
 * Decodes standard base64 (RFC 4648 §4), padded or not.
 *
 * Rejects characters outside `A-Z a-z 0-9 + /`, `=` anywhere but at the end, more than two `=`, padding
 * that does not complete a 4-character group, and lengths no encoder produces (4k+1). Non-zero bits in
 * the last character's unused low bits are tolerated (RFC 4648 §3.5 leaves this to the decoder), as
 * libsrtp and node's `Buffer` do.
 *
 * @param text - the base64 text (no whitespace).
 * @param offset - where `text` starts in a larger string; added to error offsets. Default 0.
 * @returns the decoded bytes (a fresh array).
 * @throws {SdpCryptoError} `BAD_BASE64`, with `offset` at the offending character.
 * @example
 * ```ts
 * import { decodeBase64 } from '@voip/sdp-crypto';
 * decodeBase64('AQI='); // Uint8Array [1, 2]
 * decodeBase64('AQI');  // Uint8Array [1, 2]
 * ```
 */
export function decodeBase64(text: string, offset = 0): Uint8Array<ArrayBuffer> {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === PAD) {
    end--;
  }
  const padding = text.length - end;
  if (end === 0) {
    throw new SdpCryptoError('BAD_BASE64', 'empty base64 value', offset);
  }
  if (padding > 2) {
    throw new SdpCryptoError('BAD_BASE64', `base64: ${padding} "=" characters, at most 2 allowed`, offset + end + 2);
  }
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || DECODE[c] === -1) {
      const what = c === PAD ? '"=" before the end' : `character ${JSON.stringify(text.charAt(i))}`;
      throw new SdpCryptoError('BAD_BASE64', `base64: ${what} at ${offset + i}`, offset + i);
    }
  }
  const tail = end % 4;
  if (tail === 1) {
    throw new SdpCryptoError('BAD_BASE64', `base64: ${end} characters cannot encode whole bytes`, offset + end - 1);
  }
  if (padding > 0 && (tail === 0 || tail + padding !== 4)) {
    throw new SdpCryptoError('BAD_BASE64', `base64: wrong padding (${padding} "=" after ${end} characters)`, offset + end);
  }
  const out = new Uint8Array(((end >>> 2) * 3) + (tail === 0 ? 0 : tail - 1));
  const d = (i: number): number => DECODE[text.charCodeAt(i)] as number;
  let o = 0;
  const full = end - tail;
  let i = 0;
  for (; i < full; i += 4) {
    const n = (d(i) << 18) | (d(i + 1) << 12) | (d(i + 2) << 6) | d(i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (tail === 2) {
    out[o] = ((d(i) << 18) | (d(i + 1) << 12)) >>> 16;
  } else if (tail === 3) {
    const n = (d(i) << 18) | (d(i + 1) << 12) | (d(i + 2) << 6);
    out[o++] = n >>> 16;
    out[o] = (n >>> 8) & 0xff;
  }
  return out;
}
