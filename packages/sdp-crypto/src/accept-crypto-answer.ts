/**
 * The offerer's side of an SDES answer (RFC 4568 §7.1.3, https://www.rfc-editor.org/rfc/rfc4568#section-7.1.3):
 * find the offered line by the answer's tag, check the suite and session parameters, and hand out the
 * keying material for both directions.
 * @module
 */
import { serializeCryptoAttribute, parseCryptoAttribute, type CryptoAttribute } from './crypto-attribute.js';
import type { CryptoOffer } from './crypto-offer.js';
import { getCryptoSuite } from './crypto-suite.js';
import { SdpCryptoError, isSdpCryptoError } from './errors.js';
import type { SrtpKeyingMaterial } from './keying-material.js';
import { declarativeParams, toKeyingMaterial } from './internal/material.js';
import { constantTimeEqual } from './internal/bytes.js';
import { DEFAULT_MIN_LIFETIME, toBigInt } from './internal/checks.js';

/**
 * The result of {@link acceptCryptoAnswer} (RFC 4568 §7.1.3, https://www.rfc-editor.org/rfc/rfc4568#section-7.1.3).
 *
 * @example
 * ```ts
 * import { acceptCryptoAnswer, createCryptoOffer } from '@voip/sdp-crypto';
 * import type { CryptoAnswerAcceptance } from '@voip/sdp-crypto';
 * const r: CryptoAnswerAcceptance = acceptCryptoAnswer(createCryptoOffer(), '9 AES_CM_128_HMAC_SHA1_80 inline:AAAA');
 * if (!r.ok) console.log(r.error.code); // 'BAD_KEY_LENGTH'
 * ```
 */
export type CryptoAnswerAcceptance =
  | {
      readonly ok: true;
      /** The answered tag. */
      readonly tag: number;
      /** The answer, parsed. */
      readonly attribute: CryptoAttribute;
      /** The offerer's own key for that tag: build the offerer's outbound SRTP session from it. */
      readonly local: SrtpKeyingMaterial;
      /** The answerer's key: build the offerer's inbound SRTP session from it. */
      readonly remote: SrtpKeyingMaterial;
    }
  | { readonly ok: false; readonly error: SdpCryptoError };

/**
 * Options of {@link acceptCryptoAnswer}: the offerer's policies, named and defaulted as the answerer's
 * (`selectCryptoAnswer`'s `CryptoAnswerOptions`) so both sides of a negotiation hold the other to the same rules.
 *
 * @example
 * ```ts
 * import type { CryptoAnswerAcceptOptions } from '@voip/sdp-crypto';
 * const strict: CryptoAnswerAcceptOptions = { minLifetime: 2 ** 31, acceptMki: false };
 * ```
 */
export interface CryptoAnswerAcceptOptions {
  /** Refuse an answer whose key lifetime is below this many packets (`LIFETIME_TOO_SHORT`). Default
   * 2^20, as the answerer's default; 1 keeps all. */
  readonly minLifetime?: number | bigint;
  /** Accept an answer whose key carries an MKI (RFC 4568 §6.1). Default `true`: see
   * {@link acceptCryptoAnswer} for why an answer may use an MKI the offer did not. */
  readonly acceptMki?: boolean;
}

/**
 * Processes the answer to an offer made with `createCryptoOffer` (RFC 4568 §7.1.3): matches the answer's
 * tag to the offered line, checks the suite is the same (aliases compare equal), checks the declarative
 * session parameters (KDR, UNENCRYPTED_SRTP/SRTCP, UNAUTHENTICATED_SRTP) are those offered, refuses an
 * answer that echoes the offerer's own key, refuses an answered key whose lifetime is below `minLifetime`
 * (default 2^20 packets, the floor the answerer applies to the offer), and returns both directions'
 * keying material.
 *
 * MKI: an answer may carry an MKI although the offer did not, or one of another length, and is accepted.
 * RFC 4568 §6.1 makes the MKI part of each key-param, and each side declares the keys it sends with
 * (§7.1.2: the answerer supplies its own key), so the answer's MKI only describes the answerer's SRTP
 * packets, which the offerer receives with `remote` (which carries it); nothing in the offer's direction
 * changes. Pass `acceptMki: false` to refuse such answers (`MKI_NOT_ACCEPTED`), as the answerer's
 * `acceptMki` refuses offered lines with an MKI. The answer's
 * `WSH=n` (RFC 4568 §6.3.6, the answerer's hint for receiving its media) becomes `remote.replayWindowSize`.
 *
 * @param offer - what `createCryptoOffer` returned.
 * @param answer - the answer's attribute value, its whole `a=crypto:` line, or its parsed form.
 * @returns `{ ok: true, tag, local, remote }`, or `{ ok: false, error }` with an {@link SdpCryptoError}:
 *   a parse code, or `UNKNOWN_TAG` | `SUITE_MISMATCH` | `SESSION_PARAM_MISMATCH` | `ECHOED_KEY` |
 *   `LIFETIME_TOO_SHORT` | `MKI_NOT_ACCEPTED`, or `BAD_MKI` for several keys without distinct MKIs of
 *   one length. Never throws for any answer text.
 * @param options - the offerer's policies: `minLifetime` (default 2^20), `acceptMki` (default true).
 * @throws {TypeError} (or `RangeError`) for a malformed parsed `answer` object or a non-string, or a
 *   malformed option.
 * @example
 * ```ts
 * import { acceptCryptoAnswer, createCryptoOffer, selectCryptoAnswer } from '@voip/sdp-crypto';
 * const offer = createCryptoOffer();
 * const answer = selectCryptoAnswer(offer.lines);
 * if (answer.ok) {
 *   const result = acceptCryptoAnswer(offer, answer.line);
 *   if (result.ok) console.log(result.tag, result.remote.suite); // 1 'AES_CM_128_HMAC_SHA1_80'
 * }
 * ```
 */
export function acceptCryptoAnswer(
  offer: CryptoOffer,
  answer: string | CryptoAttribute,
  options: CryptoAnswerAcceptOptions = {},
): CryptoAnswerAcceptance {
  const minLifetime = options.minLifetime === undefined ? DEFAULT_MIN_LIFETIME : toBigInt(options.minLifetime, 'minLifetime');
  const acceptMki = options.acceptMki ?? true;
  // A parsed answer built by the caller is checked like text; its mistakes are TypeError / RangeError.
  const text = typeof answer === 'string' ? answer : serializeCryptoAttribute(answer);
  let attr: CryptoAttribute;
  try {
    attr = parseCryptoAttribute(text);
  } catch (e) {
    if (isSdpCryptoError(e)) {
      return { ok: false, error: e };
    }
    throw e;
  }
  const entry = offer.entries.find((e) => e.tag === attr.tag);
  if (entry === undefined) {
    return {
      ok: false,
      error: new SdpCryptoError('UNKNOWN_TAG', `answer tag ${attr.tag} matches no offered line`, tagOffset(answer)),
    };
  }
  const info = getCryptoSuite(attr.suite);
  if (info === undefined || info.name !== entry.local.suite) {
    return {
      ok: false,
      error: new SdpCryptoError('SUITE_MISMATCH', `answer suite ${attr.suite} differs from offered ${entry.attribute.suite} for tag ${attr.tag}`),
    };
  }
  // RFC 4568 §6.3: these parameters are declarative for both directions, so the answer must carry the
  // ones offered (an answerer that cannot honour one refuses the line instead).
  const offeredParams = declarativeParams(entry.attribute.sessionParams);
  const answeredParams = declarativeParams(attr.sessionParams);
  if (offeredParams !== answeredParams) {
    return {
      ok: false,
      error: new SdpCryptoError(
        'SESSION_PARAM_MISMATCH',
        `answer session parameters [${answeredParams}] differ from offered [${offeredParams}]`,
      ),
    };
  }
  // RFC 4568 §6.1: several keys are told apart by MKI, so each needs one, of one length, all distinct.
  const keys = attr.keyParams;
  if (keys.length > 1) {
    const lengths = new Set(keys.map((k) => k.mki?.byteLength));
    const values = new Set(keys.map((k) => k.mki?.value));
    if (keys.some((k) => k.mki === undefined) || lengths.size !== 1 || values.size !== keys.length) {
      return {
        ok: false,
        error: new SdpCryptoError('BAD_MKI', `answer has ${keys.length} keys without distinct MKIs of one length`),
      };
    }
  }
  if (!acceptMki && keys.some((k) => k.mki !== undefined)) {
    return {
      ok: false,
      error: new SdpCryptoError('MKI_NOT_ACCEPTED', 'the answer\'s key uses an MKI and MKIs are not accepted ("acceptMki": false)'),
    };
  }
  const short = keys.find((k) => k.lifetime !== undefined && BigInt(k.lifetime) < minLifetime);
  if (short !== undefined) {
    return {
      ok: false,
      error: new SdpCryptoError(
        'LIFETIME_TOO_SHORT',
        `answer key lifetime ${String(short.lifetime)} is below the floor of ${minLifetime} packets ("minLifetime")`,
      ),
    };
  }
  const echoed = attr.keyParams.some((k) => constantTimeEqual(k.masterKey, entry.local.masterKey));
  if (echoed) {
    return {
      ok: false,
      error: new SdpCryptoError('ECHOED_KEY', 'the answer reuses the offerer\'s own master key; a fresh key is required'),
    };
  }
  const params = attr.sessionParams.filter((p) => p.type !== 'EXTENSION');
  return {
    ok: true,
    tag: attr.tag,
    attribute: attr,
    local: entry.local,
    remote: toKeyingMaterial(info.name, attr.keyParams, params),
  };
}

function tagOffset(answer: string | CryptoAttribute): number | undefined {
  if (typeof answer !== 'string') {
    return undefined;
  }
  const m = /^[ \t\r\n]*(?:a=crypto:)?[ \t]*/i.exec(answer);
  return m === null ? undefined : m[0].length;
}
