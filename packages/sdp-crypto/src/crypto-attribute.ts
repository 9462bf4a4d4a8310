/**
 * The parsed form of one SDP `a=crypto` attribute (RFC 4568 §4 and §9.1,
 * https://www.rfc-editor.org/rfc/rfc4568#section-9.1):
 * ```text
 * a=crypto:<tag> <crypto-suite> <key-params> [<session-param>]*
 * key-params = key-param *(";" key-param)
 * key-param  = "inline:" <base64 key||salt> ["|" lifetime] ["|" mki-value ":" mki-length]
 * ```
 *
 * This file holds the type and its codec: {@link parseCryptoAttribute} and {@link serializeCryptoAttribute}
 * (also under its first name, {@link formatCryptoAttribute}). An `a=crypto` attribute is a line of SDP
 * text, read from and written into a string that holds the whole session description, so the codec
 * works on strings: there is no `byteLength` / `serializeInto`, as a byte buffer is never where an SDP
 * attribute is written (the SDP is encoded to UTF-8 as a whole, once, by whoever sends it).
 * @module
 */
import { getCryptoSuite } from './crypto-suite.js';
import { SdpCryptoError } from './errors.js';
import { formatKeyParams, parseKeyParams } from './key-param.js';
import type { SrtpMasterKey } from './keying-material.js';
import { formatSessionParam, parseSessionParam, type SrtpSessionParam } from './session-param.js';
import { isList } from './internal/checks.js';
import { quoteField } from './internal/quote-field.js';

const MAX_TAG_DIGITS = 9;
const MAX_TAG = 999_999_999;

/** SP / HTAB between fields; CR / LF also trimmed around the line. */
const isFieldSpace = (c: number): boolean => c === 0x20 || c === 0x09;
const isLineSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * One `a=crypto` attribute (RFC 4568 §9.1).
 *
 * For a suite in `CRYPTO_SUITES`, each key param's `masterKey` and `masterSalt` have the suite's
 * exact lengths. For an unknown suite the split is unknowable: `masterKey` then holds the whole decoded
 * key‖salt and `masterSalt` is empty (length 0), which formats back to the same `inline:` value.
 *
 * @example
 * ```ts
 * import type { CryptoAttribute } from '@voip/sdp-crypto';
 * const attr: CryptoAttribute = {
 *   tag: 1,
 *   suite: 'AES_CM_128_HMAC_SHA1_80',
 *   keyParams: [{ masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14) }],
 *   sessionParams: [{ type: 'UNENCRYPTED_SRTCP' }],
 * };
 * ```
 */
export interface CryptoAttribute {
  /** Decimal tag, 0..999999999 (RFC 4568 §9.1: 1*9DIGIT); the answer echoes it. */
  readonly tag: number;
  /** Suite name as written (legacy aliases kept; see `getCryptoSuite` for the canonical name). */
  readonly suite: string;
  /** One or more `inline:` key params, in order. */
  readonly keyParams: readonly SrtpMasterKey[];
  /** Session parameters, in order. */
  readonly sessionParams: readonly SrtpSessionParam[];
}

/**
 * Parses an `a=crypto` attribute, with or without the `a=crypto:` prefix (RFC 4568 §9.1):
 * `<tag> <crypto-suite> <key-params> [<session-param>]*`.
 *
 * Tolerates surrounding whitespace and CRLF and runs of spaces or tabs between fields. For a suite in
 * `CRYPTO_SUITES` (aliases included) each key‖salt must have the suite's exact length; for an unknown
 * suite the line still parses, and each key param's `masterKey` holds the whole decoded key‖salt while
 * `masterSalt` is empty. `masterKey` / `masterSalt` are views of one decoded array per key param.
 * Unknown session parameters are kept verbatim as `{ type: 'EXTENSION', value }`.
 *
 * @param value - the attribute value (`1 AES_CM_128_HMAC_SHA1_80 inline:...`) or the whole SDP line.
 * @returns the parsed attribute.
 * @throws {SdpCryptoError} `NOT_CRYPTO_ATTRIBUTE` | `MISSING_TAG` | `BAD_TAG` | `MISSING_SUITE` |
 *   `BAD_SUITE` | `MISSING_KEY_PARAMS` | `BAD_KEY_METHOD` | `BAD_KEY_INFO` | `BAD_BASE64` |
 *   `BAD_KEY_LENGTH` | `BAD_LIFETIME` | `BAD_MKI` | `BAD_SESSION_PARAM`, with `offset` into `value`.
 *   Never anything else, whatever the string (a non-string argument is a `TypeError`).
 * @example
 * ```ts
 * import { parseCryptoAttribute } from '@voip/sdp-crypto';
 * const attr = parseCryptoAttribute(
 *   'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32',
 * );
 * attr.tag; // 1
 * attr.keyParams[0]?.masterKey.length; // 16
 * attr.keyParams[0]?.lifetime; // 1048576
 * attr.keyParams[0]?.mki; // { value: 1n, byteLength: 32 }
 * ```
 */
export function parseCryptoAttribute(value: string): CryptoAttribute {
  if (typeof value !== 'string') {
    throw new TypeError(`"value" expected string, got ${typeof value}`);
  }
  let start = 0;
  let end = value.length;
  while (start < end && isLineSpace(value.charCodeAt(start))) {
    start++;
  }
  while (end > start && isLineSpace(value.charCodeAt(end - 1))) {
    end--;
  }
  // Optional prefix: `a=crypto:` (SDP line, RFC 8866 §5.13) or `crypto:`.
  const head = value.slice(start, Math.min(end, start + 9)).toLowerCase();
  if (head === 'a=crypto') {
    throw new SdpCryptoError('MISSING_TAG', 'a=crypto without a value', end);
  }
  if (head === 'a=crypto:') {
    start += 9;
  } else if (head.startsWith('crypto:')) {
    start += 7;
  } else if (head.startsWith('a=')) {
    const colon = value.indexOf(':', start);
    const name = value.slice(start + 2, colon < 0 || colon > end ? end : colon);
    throw new SdpCryptoError('NOT_CRYPTO_ATTRIBUTE', `a=${name} is not an a=crypto attribute`, start);
  }
  const fields = splitFields(value, start, end);

  // tag = 1*9DIGIT (RFC 4568 §9.1)
  const tagField = fields[0];
  if (tagField === undefined) {
    throw new SdpCryptoError('MISSING_TAG', 'a=crypto without a tag', start);
  }
  const tagText = value.slice(tagField[0], tagField[1]);
  if (!/^[0-9]+$/.test(tagText) || tagText.length > MAX_TAG_DIGITS) {
    throw new SdpCryptoError('BAD_TAG', `tag ${quoteField(tagText)}: expected 1 to 9 digits`, tagField[0]);
  }

  // crypto-suite = 1*(ALPHA / DIGIT / "_") (RFC 4568 §9.1)
  const suiteField = fields[1];
  if (suiteField === undefined) {
    throw new SdpCryptoError('MISSING_SUITE', 'a=crypto without a crypto-suite', tagField[1]);
  }
  const suite = value.slice(suiteField[0], suiteField[1]);
  const badSuite = suite.search(/[^A-Za-z0-9_]/);
  if (badSuite >= 0) {
    throw new SdpCryptoError(
      'BAD_SUITE',
      `crypto-suite: character ${JSON.stringify(suite.charAt(badSuite))} not allowed`,
      suiteField[0] + badSuite,
    );
  }
  const info = getCryptoSuite(suite);

  const keyField = fields[2];
  if (keyField === undefined) {
    throw new SdpCryptoError('MISSING_KEY_PARAMS', 'a=crypto without key-params', suiteField[1]);
  }
  const keyParams = parseKeyParams(value, keyField[0], keyField[1], info);

  const sessionParams: SrtpSessionParam[] = [];
  for (let i = 3; i < fields.length; i++) {
    const f = fields[i] as readonly [number, number];
    sessionParams.push(parseSessionParam(value, f[0], f[1], info));
  }
  return { tag: Number(tagText), suite, keyParams, sessionParams };
}

/** [start, end) of each run of non-SP/HTAB characters in `value[start, end)`. */
function splitFields(value: string, start: number, end: number): (readonly [number, number])[] {
  const fields: (readonly [number, number])[] = [];
  let i = start;
  while (i < end) {
    while (i < end && isFieldSpace(value.charCodeAt(i))) {
      i++;
    }
    if (i >= end) {
      break;
    }
    const from = i;
    while (i < end && !isFieldSpace(value.charCodeAt(i))) {
      i++;
    }
    fields.push([from, i]);
  }
  return fields;
}

/**
 * Options of {@link serializeCryptoAttribute} (and {@link formatCryptoAttribute}) (RFC 4568 §9.1, https://www.rfc-editor.org/rfc/rfc4568#section-9.1).
 *
 * @example
 * ```ts
 * import type { FormatCryptoAttributeOptions } from '@voip/sdp-crypto';
 * const rtpengineStyle: FormatCryptoAttributeOptions = { padded: false, prefix: true };
 * ```
 */
export interface FormatCryptoAttributeOptions {
  /** Pad base64 keys with `=` (default `true`); `false` writes them as rtpengine does. */
  readonly padded?: boolean;
  /** Start with `a=crypto:` (default `false`: the attribute value only). */
  readonly prefix?: boolean;
}

/**
 * Writes an `a=crypto` attribute value (RFC 4568 §9.1) in canonical form: single spaces, lifetimes that
 * are powers of two as `2^n` and others in decimal, MKI as `value:length`, the suite as given.
 * `parseCryptoAttribute(serializeCryptoAttribute(a))` gives back `a`.
 *
 * For a suite in `CRYPTO_SUITES`, key and salt lengths are checked exactly; for an unknown suite the
 * `inline:` value is `masterKey‖masterSalt` as given.
 *
 * @param attr - the attribute.
 * @param options - `padded` (default `true`), `prefix` (default `false`).
 * @returns the attribute value, or the whole `a=crypto:` line with `prefix: true` (no CRLF).
 * @throws {TypeError} for a malformed `attr` (wrong types, suite characters, empty key params).
 * @throws {RangeError} for out-of-range values, worded like `"keyParams[0].masterKey" expected 16 bytes, got 15`.
 * @example
 * ```ts
 * import { serializeCryptoAttribute } from '@voip/sdp-crypto';
 * serializeCryptoAttribute(
 *   {
 *     tag: 1,
 *     suite: 'AES_CM_128_HMAC_SHA1_80',
 *     keyParams: [{ masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14), lifetime: 2 ** 31 }],
 *     sessionParams: [],
 *   },
 *   { prefix: true },
 * ); // 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|2^31'
 * ```
 */
export function serializeCryptoAttribute(attr: CryptoAttribute, options: FormatCryptoAttributeOptions = {}): string {
  const padded = options.padded ?? true;
  if (!Number.isInteger(attr.tag) || attr.tag < 0 || attr.tag > MAX_TAG) {
    throw new RangeError(`"tag" expected an integer 0..999999999, got ${String(attr.tag)}`);
  }
  if (typeof attr.suite !== 'string' || !/^[A-Za-z0-9_]+$/.test(attr.suite)) {
    throw new TypeError(`"suite" expected 1*(ALPHA / DIGIT / "_"), got ${JSON.stringify(attr.suite)}`);
  }
  const info = getCryptoSuite(attr.suite);
  const parts = [String(attr.tag), attr.suite, formatKeyParams(attr.keyParams, info, padded, 'keyParams')];
  if (!isList(attr.sessionParams)) {
    throw new TypeError('"sessionParams" expected an array');
  }
  attr.sessionParams.forEach((p, i) => parts.push(formatSessionParam(p, info, padded, `sessionParams[${i}]`)));
  return (options.prefix === true ? 'a=crypto:' : '') + parts.join(' ');
}

/**
 * {@link serializeCryptoAttribute} under the name this package first gave it: the same function, the
 * same canonical `a=crypto` value (RFC 4568 §9.1, https://www.rfc-editor.org/rfc/rfc4568#section-9.1),
 * the same errors.
 *
 * @param attr - the attribute.
 * @param options - `padded` (default `true`), `prefix` (default `false`).
 * @returns the attribute value, or the whole `a=crypto:` line with `prefix: true` (no CRLF).
 * @throws {TypeError} for a malformed `attr` (wrong types, suite characters, empty key params).
 * @throws {RangeError} for out-of-range values.
 * @example
 * ```ts
 * import { formatCryptoAttribute, parseCryptoAttribute } from '@voip/sdp-crypto';
 * const line = 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32';
 * formatCryptoAttribute(parseCryptoAttribute(line), { prefix: true }) === line; // true
 * ```
 */
export function formatCryptoAttribute(attr: CryptoAttribute, options: FormatCryptoAttributeOptions = {}): string {
  return serializeCryptoAttribute(attr, options);
}
