/**
 * The answerer's side of SDES (RFC 4568 §7.1.2, https://www.rfc-editor.org/rfc/rfc4568#section-7.1.2):
 * walk the offered `a=crypto` lines in order, skip each one that cannot be honoured (with the reason),
 * echo the chosen line's tag and suite with a freshly generated key.
 * @module
 */
import { serializeCryptoAttribute, parseCryptoAttribute, type CryptoAttribute } from './crypto-attribute.js';
import { DEFAULT_ANSWER_SUITES, getCryptoSuite } from './crypto-suite.js';
import type { CryptoSuiteInfo } from './crypto-suite.js';
import { SdpCryptoError, isSdpCryptoError } from './errors.js';
import { formatLifetime, formatMki, lifetimeValue } from './key-param.js';
import type { SrtpKeyingMaterial, SrtpMasterKey } from './keying-material.js';
import { DEFAULT_MIN_LIFETIME, isList, toBigInt } from './internal/checks.js';
import { toKeyingMaterial } from './internal/material.js';
import { constantTimeEqual, randomBytes } from './internal/bytes.js';

/**
 * Why an offered line was skipped by the answerer (RFC 4568 §7.1.2,
 * https://www.rfc-editor.org/rfc/rfc4568#section-7.1.2). Stable codes (never renamed):
 * - `MALFORMED`: the line does not parse (`error` holds the {@link SdpCryptoError}).
 * - `UNKNOWN_SUITE`: a suite name this package does not know.
 * - `UNSUPPORTED_SUITE`: a known suite outside the answerer's `suites` (e.g. `AEAD_AES_256_GCM_8`, F8), or
 *   a refused one (`AES_CM_128_NULL_AUTH`: no authentication, so no integrity and no replay protection).
 * - `BAD_KEY_LENGTH`: key‖salt length wrong for the suite.
 * - `UNSUPPORTED_SESSION_PARAM`: FEC_ORDER, FEC_KEY, an unknown parameter, or KDR / UNENCRYPTED_* /
 *   UNAUTHENTICATED_SRTP / WSH outside `acceptSessionParams` (RFC 4568 §6.3: a line whose parameters
 *   cannot be honoured must be refused as a whole).
 * - `MKI_NOT_ACCEPTED`: the line uses an MKI and `acceptMki` is false.
 * - `INCONSISTENT_MKI`: several keys without an MKI on each, with different MKI lengths, or repeated values.
 * - `LIFETIME_TOO_SHORT`: a key's lifetime is below `minLifetime`.
 * - `DUPLICATE_TAG`: an earlier offered line has the same tag (RFC 4568 §9.1: tags are unique).
 *
 * @example
 * ```ts
 * import { selectCryptoAnswer } from '@voip/sdp-crypto';
 * import type { CryptoRejectionCode } from '@voip/sdp-crypto';
 * const r = selectCryptoAnswer(['1 F8_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR']);
 * const code: CryptoRejectionCode | undefined = r.rejections[0]?.code; // 'UNSUPPORTED_SUITE'
 * ```
 */
export type CryptoRejectionCode =
  | 'MALFORMED'
  | 'UNKNOWN_SUITE'
  | 'UNSUPPORTED_SUITE'
  | 'BAD_KEY_LENGTH'
  | 'UNSUPPORTED_SESSION_PARAM'
  | 'MKI_NOT_ACCEPTED'
  | 'INCONSISTENT_MKI'
  | 'LIFETIME_TOO_SHORT'
  | 'DUPLICATE_TAG';

/**
 * One offered line the answerer skipped, and why (RFC 4568 §7.1.2).
 *
 * @example
 * ```ts
 * import { selectCryptoAnswer } from '@voip/sdp-crypto';
 * const r = selectCryptoAnswer(['7 AES_CM_128_HMAC_SHA1_80 inline:!!']);
 * r.rejections[0]; // { index: 0, tag: 7, code: 'MALFORMED', message: '...', error: SdpCryptoError }
 * ```
 */
export interface CryptoRejection {
  /** Position of the line in the offered list. */
  readonly index: number;
  /** The line's tag when it could be read. */
  readonly tag: number | undefined;
  /** Stable reason. */
  readonly code: CryptoRejectionCode;
  /** Human-readable reason. */
  readonly message: string;
  /** For `MALFORMED` and `BAD_KEY_LENGTH` from the parser: the parse error. */
  readonly error?: SdpCryptoError;
}

/**
 * Session parameters an answerer can agree to (RFC 4568 §6.3.1-6.3.3 and §6.3.6,
 * https://www.rfc-editor.org/rfc/rfc4568#section-6.3). `WSH` (the offerer's window size hint) becomes the
 * `replayWindowSize` of the answerer's inbound material.
 *
 * @example
 * ```ts
 * import type { AcceptableSessionParam } from '@voip/sdp-crypto';
 * const strict: AcceptableSessionParam[] = []; // refuse every line with session parameters
 * ```
 */
export type AcceptableSessionParam = 'KDR' | 'UNENCRYPTED_SRTP' | 'UNENCRYPTED_SRTCP' | 'UNAUTHENTICATED_SRTP' | 'WSH';

/**
 * Options of {@link selectCryptoAnswer}: what the answerer supports and its policies (RFC 4568 §7.1.2).
 *
 * @example
 * ```ts
 * import { selectCryptoAnswer } from '@voip/sdp-crypto';
 * import type { CryptoAnswerOptions } from '@voip/sdp-crypto';
 * const asteriskLike: CryptoAnswerOptions = {
 *   suites: ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'],
 *   acceptSessionParams: [],
 *   acceptMki: false,
 * };
 * selectCryptoAnswer([], asteriskLike);
 * ```
 */
export interface CryptoAnswerOptions {
  /** Suites the answerer supports (aliases accepted). Default {@link DEFAULT_ANSWER_SUITES}. */
  readonly suites?: readonly string[];
  /** Choose by the order of `suites` rather than by the offer's order (default `false`: the offerer's
   * preference wins, RFC 4568 §7.1.2). */
  readonly preferLocalOrder?: boolean;
  /** Session parameters that may be agreed to. Default `['UNENCRYPTED_SRTCP', 'WSH']` (RTCP stays
   * authenticated; Linphone, livekit/media-sdk#71; WSH is only a hint, RFC 4568 §6.3.6). Opt-in:
   * UNENCRYPTED_SRTP (media in clear, Acme SBCs configured so), UNAUTHENTICATED_SRTP (RFC 4568 §6.3.3
   * discourages it) and KDR (pion and libsrtp refuse KDR != 0). */
  readonly acceptSessionParams?: readonly AcceptableSessionParam[];
  /** Accept lines whose keys carry an MKI (RFC 4568 §6.1). Default `true`. */
  readonly acceptMki?: boolean;
  /** Skip lines whose key lifetime is below this many packets. Default 2^20 (as Asterisk); 1 keeps all. */
  readonly minLifetime?: number | bigint;
  /** Lifetime to write on the answer's key. Default: none. */
  readonly lifetime?: number | bigint;
  /** MKI to write on the answer's key (the offerer then expects it in our packets). Default: none. */
  readonly mki?: { readonly value: bigint | number; readonly byteLength: number };
  /** Pad the answer's base64 key. Default `true`. */
  readonly padded?: boolean;
}

/**
 * The result of {@link selectCryptoAnswer} (RFC 4568 §7.1.2).
 *
 * @example
 * ```ts
 * import { selectCryptoAnswer } from '@voip/sdp-crypto';
 * import type { CryptoAnswerResult } from '@voip/sdp-crypto';
 * const r: CryptoAnswerResult = selectCryptoAnswer([]);
 * const line = r.ok ? `a=crypto:${r.line}` : undefined; // no a=crypto line: refuse the media stream
 * ```
 */
export type CryptoAnswerResult =
  | {
      readonly ok: true;
      /** The echoed tag. */
      readonly tag: number;
      /** The answer's attribute value, without `a=crypto:`. */
      readonly line: string;
      /** The answer, parsed form. */
      readonly attribute: CryptoAttribute;
      /** The chosen offered line, parsed. */
      readonly offered: CryptoAttribute;
      /** Position of the chosen line in the offer. */
      readonly index: number;
      /** What the offerer sends with: build the answerer's inbound SRTP session from it. */
      readonly remote: SrtpKeyingMaterial;
      /** What the answerer sends with (fresh key): build its outbound SRTP session from it. */
      readonly local: SrtpKeyingMaterial;
      /** Lines examined and skipped, in order. */
      readonly rejections: readonly CryptoRejection[];
    }
  | { readonly ok: false; readonly rejections: readonly CryptoRejection[] };

const DEFAULT_ACCEPTED: readonly AcceptableSessionParam[] = ['UNENCRYPTED_SRTCP', 'WSH'];

/**
 * Answers an SDES offer (RFC 4568 §7.1.2). Walks the offered lines in order (or by `suites` order with
 * `preferLocalOrder`), skips every line it cannot honour instead of failing, echoes the chosen line's tag,
 * suite spelling and accepted session parameters, and generates a fresh local key for the same suite:
 * never the offerer's key (rvoip PR #43).
 *
 * @param offered - the offered lines: attribute values, whole `a=crypto:` lines, or parsed attributes.
 * @param options - supported suites and policies (session params, MKI, lifetime floor), answer formatting.
 * @returns `{ ok: true, tag, line, remote, local, ... }` or `{ ok: false, rejections }` with, for each
 *   offered line, why it was refused. Never throws for anything in `offered`.
 * @throws {TypeError} for an unknown or refused name (`AES_CM_128_NULL_AUTH`) in `options.suites` or a
 *   malformed option.
 * @throws {RangeError} for an out-of-range `lifetime`, `minLifetime` or `mki` option.
 * @example
 * ```ts
 * import { selectCryptoAnswer } from '@voip/sdp-crypto';
 * const answer = selectCryptoAnswer([
 *   'a=crypto:1 AEAD_AES_256_GCM_8 inline:gHL3VDbFo5+FHMhmw2MmnApKpSvrXbrzp8u6f+vhvTqi2S9YTjxgpxBypzE=',
 *   'a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR',
 * ]);
 * if (answer.ok) console.log(answer.tag, answer.rejections[0]?.code); // 2 'UNSUPPORTED_SUITE'
 * ```
 */
export function selectCryptoAnswer(
  offered: readonly (string | CryptoAttribute)[],
  options: CryptoAnswerOptions = {},
): CryptoAnswerResult {
  if (!isList(offered)) {
    throw new TypeError('"offered" expected an array of a=crypto lines or attributes');
  }
  const supported = (options.suites ?? DEFAULT_ANSWER_SUITES).map((name, i) => {
    const info = getCryptoSuite(name);
    if (info === undefined) {
      throw new TypeError(`"suites[${i}]" unknown crypto suite ${JSON.stringify(name)}`);
    }
    if (info.refusal !== undefined) {
      throw new TypeError(`"suites[${i}]" ${info.name} is refused: ${info.refusal}`);
    }
    return info.name;
  });
  const accepted = new Set<string>(options.acceptSessionParams ?? DEFAULT_ACCEPTED);
  const acceptMki = options.acceptMki ?? true;
  const minLifetime = options.minLifetime === undefined ? DEFAULT_MIN_LIFETIME : toBigInt(options.minLifetime, 'minLifetime');
  const ownLifetime = options.lifetime === undefined ? undefined : lifetimeValue(toBigInt(options.lifetime, 'lifetime'));
  if (ownLifetime !== undefined) {
    formatLifetime(ownLifetime, 'lifetime');
  }
  let ownMki: SrtpMasterKey['mki'];
  if (options.mki !== undefined) {
    formatMki(options.mki, 'mki');
    ownMki = { value: BigInt(options.mki.value), byteLength: options.mki.byteLength };
  }

  const rejections: CryptoRejection[] = [];
  const candidates: { index: number; attr: CryptoAttribute; info: CryptoSuiteInfo }[] = [];
  const seenTags = new Set<number>();
  for (let index = 0; index < offered.length; index++) {
    const item = offered[index] as string | CryptoAttribute;
    let attr: CryptoAttribute;
    try {
      attr = typeof item === 'string' ? parseCryptoAttribute(item) : checkedAttribute(item);
    } catch (e) {
      const error = isSdpCryptoError(e) ? e : undefined;
      rejections.push({
        index,
        tag: readTag(item),
        code: error?.code === 'BAD_KEY_LENGTH' ? 'BAD_KEY_LENGTH' : 'MALFORMED',
        message: e instanceof Error ? e.message : String(e),
        ...(error === undefined ? {} : { error }),
      });
      continue;
    }
    const reject = (code: CryptoRejectionCode, message: string): void => {
      rejections.push({ index, tag: attr.tag, code, message });
    };
    if (seenTags.has(attr.tag)) {
      reject('DUPLICATE_TAG', `tag ${attr.tag} already used by an earlier line`);
      continue;
    }
    seenTags.add(attr.tag);
    const info = getCryptoSuite(attr.suite);
    if (info === undefined) {
      reject('UNKNOWN_SUITE', `unknown crypto suite ${attr.suite}`);
      continue;
    }
    if (info.refusal !== undefined) {
      reject('UNSUPPORTED_SUITE', `${attr.suite} is refused: ${info.refusal}`);
      continue;
    }
    if (!supported.includes(info.name)) {
      reject('UNSUPPORTED_SUITE', `${attr.suite} is not among the supported suites`);
      continue;
    }
    const why = refusal(attr, info, accepted, acceptMki, minLifetime);
    if (why !== undefined) {
      reject(why[0], why[1]);
      continue;
    }
    candidates.push({ index, attr, info });
    if (options.preferLocalOrder !== true) {
      break; // RFC 4568 §7.1.2: the offerer's order is its preference
    }
  }
  if (options.preferLocalOrder === true) {
    candidates.sort((a, b) => supported.indexOf(a.info.name) - supported.indexOf(b.info.name) || a.index - b.index);
  }
  const chosen = candidates[0];
  if (chosen === undefined) {
    return { ok: false, rejections };
  }
  const { attr, info } = chosen;
  // RFC 4568 §6.3: declarative session parameters are echoed; all others were refused above but WSH,
  // which is the offerer's hint for receiving its media (§6.3.6): it shapes `remote`, and is not echoed.
  const echoed = attr.sessionParams.filter((p) => p.type !== 'EXTENSION' && p.type !== 'WSH');
  const remote = toKeyingMaterial(info.name, attr.keyParams, attr.sessionParams);
  const offeredKey = attr.keyParams[0] as SrtpMasterKey;
  let masterKey = randomBytes(info.masterKeyLength);
  while (constantTimeEqual(masterKey, offeredKey.masterKey)) {
    masterKey = randomBytes(info.masterKeyLength); // never echo the offerer's key (rvoip PR #43)
  }
  const key: SrtpMasterKey = {
    masterKey,
    masterSalt: randomBytes(info.masterSaltLength),
    ...(ownLifetime === undefined ? {} : { lifetime: ownLifetime }),
    ...(ownMki === undefined ? {} : { mki: ownMki }),
  };
  const attribute: CryptoAttribute = { tag: attr.tag, suite: attr.suite, keyParams: [key], sessionParams: echoed };
  const line = serializeCryptoAttribute(attribute, { padded: options.padded ?? true });
  return {
    ok: true,
    tag: attr.tag,
    line,
    attribute,
    offered: attr,
    index: chosen.index,
    remote,
    local: toKeyingMaterial(info.name, [key], echoed),
    rejections,
  };
}

/** The policy checks of RFC 4568 §6.1 / §6.3 for a line with a supported suite. */
function refusal(
  attr: CryptoAttribute,
  info: CryptoSuiteInfo,
  accepted: ReadonlySet<string>,
  acceptMki: boolean,
  minLifetime: bigint,
): [CryptoRejectionCode, string] | undefined {
  for (const p of attr.sessionParams) {
    const name = p.type === 'EXTENSION' ? p.value : p.type;
    if (!accepted.has(p.type)) {
      return ['UNSUPPORTED_SESSION_PARAM', `session parameter ${name} not supported`];
    }
    if (p.type === 'UNAUTHENTICATED_SRTP' && info.cipher === 'AES_GCM') {
      return ['UNSUPPORTED_SESSION_PARAM', `UNAUTHENTICATED_SRTP is meaningless with AEAD suite ${info.name}`];
    }
  }
  const keys = attr.keyParams;
  const withMki = keys.filter((k) => k.mki !== undefined);
  if (withMki.length > 0 && !acceptMki) {
    return ['MKI_NOT_ACCEPTED', 'the line uses an MKI and MKIs are not accepted'];
  }
  if (keys.length > 1) {
    // RFC 4568 §6.1: with several keys the receiver tells them apart by MKI, so every key needs one,
    // all of the same length, with distinct values.
    const lengths = new Set(keys.map((k) => k.mki?.byteLength));
    const values = new Set(keys.map((k) => k.mki?.value));
    if (withMki.length !== keys.length || lengths.size !== 1 || values.size !== keys.length) {
      return ['INCONSISTENT_MKI', `${keys.length} keys need distinct MKIs of one length`];
    }
  }
  for (const k of keys) {
    if (k.lifetime !== undefined && BigInt(k.lifetime) < minLifetime) {
      return ['LIFETIME_TOO_SHORT', `key lifetime ${k.lifetime} is below the floor of ${minLifetime} packets`];
    }
  }
  return undefined;
}

/** Validates a caller-supplied parsed attribute as the parser would validate text, and copies it. */
function checkedAttribute(attr: CryptoAttribute): CryptoAttribute {
  if (typeof attr !== 'object' || (attr as unknown) === null || !isList(attr.keyParams) || !isList(attr.sessionParams)) {
    throw new TypeError('offered attribute expected { tag, suite, keyParams, sessionParams }');
  }
  const info = getCryptoSuite(String(attr.suite));
  if (info !== undefined) {
    for (const k of attr.keyParams) {
      const got = (k.masterKey as Uint8Array | undefined)?.length;
      const salt = (k.masterSalt as Uint8Array | undefined)?.length;
      if (got !== info.masterKeyLength || salt !== info.masterSaltLength) {
        throw new SdpCryptoError(
          'BAD_KEY_LENGTH',
          `${info.name} needs a ${info.masterKeyLength}-byte key and ${info.masterSaltLength}-byte salt, got ${String(got)} and ${String(salt)}`,
        );
      }
    }
  }
  // Round trip through formatter and parser: every other check, and no aliasing of the caller's arrays.
  return parseCryptoAttribute(serializeCryptoAttribute(attr));
}

/** The tag of a line that failed to parse, when it can still be read (for the rejection report). */
function readTag(item: unknown): number | undefined {
  if (typeof item === 'object' && item !== null) {
    const tag = (item as { tag?: unknown }).tag;
    return typeof tag === 'number' && Number.isInteger(tag) && tag >= 0 && tag <= 999_999_999 ? tag : undefined;
  }
  if (typeof item !== 'string') {
    return undefined;
  }
  const m = /^\s*(?:a=crypto:)?\s*([0-9]{1,9})[ \t]/i.exec(item);
  return m === null ? undefined : Number(m[1]);
}
