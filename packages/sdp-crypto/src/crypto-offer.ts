/**
 * The offerer's side of SDES (RFC 4568 §7.1.1, https://www.rfc-editor.org/rfc/rfc4568#section-7.1.1):
 * one `a=crypto` line per suite, tags 1..n, each with a fresh random master key and salt.
 * @module
 */
import { serializeCryptoAttribute, type CryptoAttribute } from './crypto-attribute.js';
import type { SrtpSessionParam } from './session-param.js';
import { getCryptoSuite } from './crypto-suite.js';
import { formatLifetime, formatMki, lifetimeValue } from './key-param.js';
import type { SrtpKeyingMaterial, SrtpMasterKey } from './keying-material.js';
import { isList } from './internal/checks.js';
import { toKeyingMaterial } from './internal/material.js';
import { randomBytes } from './internal/bytes.js';

/**
 * Offered by default: the two suites every SDES peer supports (RFC 4568 §6.2; Asterisk and Twilio offer
 * nothing else). Pass `suites` to offer stronger ones first: answerers take the first line they support.
 *
 * @example
 * ```ts
 * import { DEFAULT_OFFER_SUITES, createCryptoOffer } from '@voip/sdp-crypto';
 * createCryptoOffer({ suites: ['AEAD_AES_256_GCM', 'AES_256_CM_HMAC_SHA1_80', ...DEFAULT_OFFER_SUITES] });
 * ```
 */
export const DEFAULT_OFFER_SUITES: readonly string[] = Object.freeze([
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
]);

/**
 * Options of {@link createCryptoOffer} (RFC 4568 §7.1.1, https://www.rfc-editor.org/rfc/rfc4568#section-7.1.1).
 *
 * @example
 * ```ts
 * import { createCryptoOffer } from '@voip/sdp-crypto';
 * import type { CryptoOfferOptions } from '@voip/sdp-crypto';
 * const options: CryptoOfferOptions = { lifetime: 2 ** 31, padded: false };
 * createCryptoOffer(options).lines; // ['1 AES_CM_128_HMAC_SHA1_80 inline:...|2^31', '2 ...']
 * ```
 */
export interface CryptoOfferOptions {
  /** Suites to offer, most preferred first (aliases accepted; written canonically). Default
   * {@link DEFAULT_OFFER_SUITES}. */
  readonly suites?: readonly string[];
  /** Key lifetime to write (`|2^31` as AudioCodes and rtpengine `SDES-lifetime` do). Default: none. */
  readonly lifetime?: number | bigint;
  /** MKI to write on every line (`|value:length`). Default: none. */
  readonly mki?: { readonly value: bigint | number; readonly byteLength: number };
  /** Session parameters to write on every line (declarative for both directions). Default: none. */
  readonly sessionParams?: readonly SrtpSessionParam[];
  /** Pad base64 keys with `=`. Default `true`. */
  readonly padded?: boolean;
  /** Tag of the first line; the others follow. Default 1. */
  readonly firstTag?: number;
}

/**
 * One offered line and the offerer's own keying material for it (RFC 4568 §7.1.1).
 *
 * @example
 * ```ts
 * import { createCryptoOffer } from '@voip/sdp-crypto';
 * const [entry] = createCryptoOffer().entries;
 * entry?.tag; // 1
 * entry?.local.suite; // 'AES_CM_128_HMAC_SHA1_80'
 * ```
 */
export interface CryptoOfferEntry {
  /** The line's tag. */
  readonly tag: number;
  /** The attribute value, without `a=crypto:`. */
  readonly line: string;
  /** The same line, parsed form. */
  readonly attribute: CryptoAttribute;
  /** What the offerer sends with if this line is chosen: build its outbound SRTP session from it. */
  readonly local: SrtpKeyingMaterial;
}

/**
 * The result of {@link createCryptoOffer}: keep it until the answer arrives (RFC 4568 §7.1.3).
 *
 * @example
 * ```ts
 * import { createCryptoOffer } from '@voip/sdp-crypto';
 * const offer = createCryptoOffer();
 * const sdpLines = offer.lines.map((l) => `a=crypto:${l}`);
 * ```
 */
export interface CryptoOffer {
  /** Attribute values to put in the SDP as `a=crypto:<line>`, in preference order. */
  readonly lines: readonly string[];
  /** Per line: tag, line, parsed attribute and local keying material. Keep it for `acceptCryptoAnswer`. */
  readonly entries: readonly CryptoOfferEntry[];
}

/**
 * Creates SDES offer lines (RFC 4568 §7.1.1): one per suite, tags `firstTag`.., each with a fresh master
 * key and salt from `crypto.getRandomValues`, and returns the local keying material per tag.
 *
 * @param options - suites, lifetime, MKI, session params, padding, first tag.
 * @returns the lines and, per tag, the offerer's keying material.
 * @throws {TypeError} for an unknown or refused suite name (`AES_CM_128_NULL_AUTH`) or malformed options.
 * @throws {RangeError} for an out-of-range lifetime, MKI or tag.
 * @example
 * ```ts
 * import { createCryptoOffer } from '@voip/sdp-crypto';
 * const offer = createCryptoOffer({ suites: ['AEAD_AES_256_GCM', 'AES_CM_128_HMAC_SHA1_80'] });
 * offer.lines[0]; // '1 AEAD_AES_256_GCM inline:<44 random bytes in base64>'
 * offer.entries[0]?.local.masterKey.length; // 32
 * ```
 */
export function createCryptoOffer(options: CryptoOfferOptions = {}): CryptoOffer {
  const suites = options.suites ?? DEFAULT_OFFER_SUITES;
  if (!isList(suites) || suites.length === 0) {
    throw new TypeError('"suites" expected a non-empty array of suite names');
  }
  const firstTag = options.firstTag ?? 1;
  if (!Number.isInteger(firstTag) || firstTag < 0 || firstTag + suites.length - 1 > 999_999_999) {
    throw new RangeError(`"firstTag" expected an integer 0..999999999, got ${String(firstTag)}`);
  }
  // Validate once up front (errors name the option, not a key param).
  const lifetime =
    options.lifetime === undefined ? undefined : lifetimeValue(BigInt(checkedLifetime(options.lifetime)));
  let mki: SrtpMasterKey['mki'];
  if (options.mki !== undefined) {
    formatMki(options.mki, 'mki');
    mki = { value: BigInt(options.mki.value), byteLength: options.mki.byteLength };
  }
  const sessionParams = [...(options.sessionParams ?? [])];
  const padded = options.padded ?? true;

  const entries = suites.map((name, i): CryptoOfferEntry => {
    const info = getCryptoSuite(name);
    if (info === undefined) {
      throw new TypeError(`"suites[${i}]" unknown crypto suite ${JSON.stringify(name)}`);
    }
    if (info.refusal !== undefined) {
      throw new TypeError(`"suites[${i}]" ${info.name} is refused: ${info.refusal}`);
    }
    const key: SrtpMasterKey = {
      masterKey: randomBytes(info.masterKeyLength),
      masterSalt: randomBytes(info.masterSaltLength),
      ...(lifetime === undefined ? {} : { lifetime }),
      ...(mki === undefined ? {} : { mki }),
    };
    const attribute: CryptoAttribute = { tag: firstTag + i, suite: info.name, keyParams: [key], sessionParams };
    const line = serializeCryptoAttribute(attribute, { padded });
    return { tag: attribute.tag, line, attribute, local: toKeyingMaterial(info.name, [key], sessionParams) };
  });
  return { lines: entries.map((e) => e.line), entries };
}

/** The lifetime as a bigint, after the same checks `formatCryptoAttribute` makes. */
function checkedLifetime(lifetime: number | bigint): bigint {
  const text = formatLifetime(lifetime, 'lifetime');
  return text.startsWith('2^') ? 1n << BigInt(text.slice(2)) : BigInt(text);
}
