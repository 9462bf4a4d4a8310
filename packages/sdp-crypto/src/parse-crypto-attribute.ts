/**
 * Parses one SDP `a=crypto` attribute (RFC 4568 §9.1, https://www.rfc-editor.org/rfc/rfc4568#section-9.1).
 * @module
 */
import type { CryptoAttribute, SrtpSessionParam } from './crypto-attribute.js';
import { getCryptoSuite } from './crypto-suite.js';
import { SdpCryptoError } from './errors.js';
import { parseKeyParams } from './key-param.js';
import { parseSessionParam } from './session-param.js';
import { quoteField } from './internal/quote-field.js';

const MAX_TAG_DIGITS = 9;

/** SP / HTAB between fields; CR / LF also trimmed around the line. */
const isFieldSpace = (c: number): boolean => c === 0x20 || c === 0x09;
const isLineSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

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
