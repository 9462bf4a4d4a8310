/**
 * SRTP session parameters (RFC 4568 §6.3, https://www.rfc-editor.org/rfc/rfc4568#section-6.3):
 * ```text
 * srtp-session-param = kdr / "UNENCRYPTED_SRTP" / "UNENCRYPTED_SRTCP" / "UNAUTHENTICATED_SRTP"
 *                    / fec-order / fec-key / wsh / srtp-session-extension
 * kdr       = "KDR=" 1*2DIGIT                  ; 0..24 (§6.3.1)
 * fec-order = "FEC_ORDER=" ("FEC_SRTP" / "SRTP_FEC") (§6.3.4)
 * fec-key   = "FEC_KEY=" key-params            ; (§6.3.5)
 * wsh       = "WSH=" 2*DIGIT                   ; at least 64 (§6.3.6)
 * ```
 * The type `SrtpSessionParam` is public; its parse and format functions are internal to the package (the
 * public entry points are `parseCryptoAttribute` and `serializeCryptoAttribute`, in crypto-attribute.ts).
 * @module
 */
import type { CryptoSuiteInfo } from './crypto-suite.js';
import { SdpCryptoError } from './errors.js';
import { formatKeyParams, parseKeyParams } from './key-param.js';
import type { SrtpMasterKey } from './keying-material.js';
import { quoteField } from './internal/quote-field.js';

/**
 * One SRTP session parameter (RFC 4568 §6.3, https://www.rfc-editor.org/rfc/rfc4568#section-6.3).
 *
 * - `KDR`: `KDR=n`, key derivation rate 2^n, n 0..24 (§6.3.1).
 * - `UNENCRYPTED_SRTP` / `UNENCRYPTED_SRTCP` (§6.3.2), `UNAUTHENTICATED_SRTP` (§6.3.3).
 * - `FEC_ORDER`: `FEC_ORDER=FEC_SRTP|SRTP_FEC` (§6.3.4).
 * - `FEC_KEY`: `FEC_KEY=<key-params>`, master keys for the FEC stream (§6.3.5).
 * - `WSH`: `WSH=n`, replay window size hint, at least 64 (§6.3.6).
 * - `EXTENSION`: any other parameter, kept verbatim (§6.3.7 extensions).
 *
 * @example
 * ```ts
 * import type { SrtpSessionParam } from '@voip/sdp-crypto';
 * const params: SrtpSessionParam[] = [{ type: 'UNENCRYPTED_SRTCP' }, { type: 'KDR', exponent: 0 }];
 * ```
 */
export type SrtpSessionParam =
  | { readonly type: 'KDR'; readonly exponent: number }
  | { readonly type: 'UNENCRYPTED_SRTP' }
  | { readonly type: 'UNENCRYPTED_SRTCP' }
  | { readonly type: 'UNAUTHENTICATED_SRTP' }
  | { readonly type: 'FEC_ORDER'; readonly order: 'FEC_SRTP' | 'SRTP_FEC' }
  | { readonly type: 'FEC_KEY'; readonly keyParams: readonly SrtpMasterKey[] }
  | { readonly type: 'WSH'; readonly windowSize: number }
  | { readonly type: 'EXTENSION'; readonly value: string };

const MAX_KDR = 24;
const MIN_WSH = 64;
const MAX_WSH = 2 ** 32 - 1;

/** VCHAR, RFC 5234 B.1: %x21-7E. */
function firstNonVchar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      return i;
    }
  }
  return -1;
}

/**
 * Parses one whitespace-free session parameter found at `input[start, end)`.
 * Keywords match case-insensitively (RFC 5234 §2.3); anything unknown is kept verbatim as `EXTENSION`.
 * @throws {SdpCryptoError} `BAD_SESSION_PARAM`, and from `FEC_KEY=` the key-param codes
 */
export function parseSessionParam(
  input: string,
  start: number,
  end: number,
  info: CryptoSuiteInfo | undefined,
): SrtpSessionParam {
  const text = input.slice(start, end);
  const bad = firstNonVchar(text);
  if (bad >= 0) {
    throw new SdpCryptoError(
      'BAD_SESSION_PARAM',
      `session parameter: character ${JSON.stringify(text.charAt(bad))} is not visible ASCII`,
      start + bad,
    );
  }
  const upper = text.toUpperCase();
  if (upper === 'UNENCRYPTED_SRTP' || upper === 'UNENCRYPTED_SRTCP' || upper === 'UNAUTHENTICATED_SRTP') {
    return { type: upper };
  }
  const eq = text.indexOf('=');
  const name = eq < 0 ? upper : upper.slice(0, eq);
  const value = eq < 0 ? '' : text.slice(eq + 1);
  const valueAt = start + eq + 1;
  switch (name) {
    case 'KDR': {
      // RFC 4568 §6.3.1: KDR=n, the rate is 2^n with n in 0..24.
      if (!/^[0-9]{1,2}$/.test(value) || Number(value) > MAX_KDR) {
        throw new SdpCryptoError('BAD_SESSION_PARAM', `KDR ${quoteField(value)}: expected 0..24`, eq < 0 ? start : valueAt);
      }
      return { type: 'KDR', exponent: Number(value) };
    }
    case 'FEC_ORDER': {
      const order = value.toUpperCase();
      if (order !== 'FEC_SRTP' && order !== 'SRTP_FEC') {
        throw new SdpCryptoError(
          'BAD_SESSION_PARAM',
          `FEC_ORDER ${quoteField(value)}: expected FEC_SRTP or SRTP_FEC`,
          eq < 0 ? start : valueAt,
        );
      }
      return { type: 'FEC_ORDER', order };
    }
    case 'FEC_KEY': {
      if (eq < 0 || value.length === 0) {
        throw new SdpCryptoError('BAD_SESSION_PARAM', 'FEC_KEY without key params', start);
      }
      // RFC 4568 §6.3.5: the FEC key params use the line's crypto-suite.
      return { type: 'FEC_KEY', keyParams: parseKeyParams(input, valueAt, end, info) };
    }
    case 'WSH': {
      // RFC 4568 §6.3.6: a window size hint of at least 64.
      if (!/^[0-9]{2,10}$/.test(value) || Number(value) < MIN_WSH || Number(value) > MAX_WSH) {
        throw new SdpCryptoError('BAD_SESSION_PARAM', `WSH ${quoteField(value)}: expected 64..2^32-1`, eq < 0 ? start : valueAt);
      }
      return { type: 'WSH', windowSize: Number(value) };
    }
    default:
      return { type: 'EXTENSION', value: text };
  }
}

/** Checks a caller-supplied session parameter and writes it. */
export function formatSessionParam(
  param: SrtpSessionParam,
  info: CryptoSuiteInfo | undefined,
  padded: boolean,
  what: string,
): string {
  switch (param.type) {
    case 'UNENCRYPTED_SRTP':
    case 'UNENCRYPTED_SRTCP':
    case 'UNAUTHENTICATED_SRTP':
      return param.type;
    case 'KDR':
      if (!Number.isInteger(param.exponent) || param.exponent < 0 || param.exponent > MAX_KDR) {
        throw new RangeError(`"${what}.exponent" expected 0..24, got ${String(param.exponent)}`);
      }
      return `KDR=${param.exponent}`;
    case 'FEC_ORDER':
      if (param.order !== 'FEC_SRTP' && param.order !== 'SRTP_FEC') {
        throw new TypeError(`"${what}.order" expected FEC_SRTP or SRTP_FEC, got ${String(param.order)}`);
      }
      return `FEC_ORDER=${param.order}`;
    case 'FEC_KEY':
      return `FEC_KEY=${formatKeyParams(param.keyParams, info, padded, `${what}.keyParams`)}`;
    case 'WSH':
      if (!Number.isInteger(param.windowSize) || param.windowSize < MIN_WSH || param.windowSize > MAX_WSH) {
        throw new RangeError(`"${what}.windowSize" expected 64..2^32-1, got ${String(param.windowSize)}`);
      }
      return `WSH=${param.windowSize}`;
    case 'EXTENSION': {
      const v: unknown = param.value;
      if (typeof v !== 'string' || v.length === 0 || firstNonVchar(v) >= 0) {
        throw new TypeError(`"${what}.value" expected a non-empty string of visible ASCII, got ${JSON.stringify(v)}`);
      }
      let reparsed: SrtpSessionParam;
      try {
        reparsed = parseSessionParam(v, 0, v.length, undefined);
      } catch {
        reparsed = { type: 'KDR', exponent: 0 };
      }
      if (reparsed.type !== 'EXTENSION') {
        throw new TypeError(`"${what}.value" ${JSON.stringify(v)} is a known parameter; use its own type`);
      }
      return v;
    }
    default: {
      const unknownType: unknown = (param as { type: unknown }).type;
      throw new TypeError(`"${what}.type" unknown session parameter type ${String(unknownType)}`);
    }
  }
}
