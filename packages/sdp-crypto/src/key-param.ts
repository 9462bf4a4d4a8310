/**
 * SRTP key params (RFC 4568 §6.1, https://www.rfc-editor.org/rfc/rfc4568#section-6.1):
 * ```text
 * key-param     = "inline:" key-salt ["|" lifetime] ["|" mki]
 * key-salt      = base64(master key || master salt)
 * lifetime      = ["2^"] 1*DIGIT          ; packets
 * mki           = mki-value ":" mki-length ; length 1..128 bytes
 * ```
 * Internal to the package: the public entry points are `parseCryptoAttribute` and `formatCryptoAttribute`.
 * @module
 */
import { decodeBase64, encodeBase64 } from './base64.js';
import type { CryptoSuiteInfo } from './crypto-suite.js';
import { SdpCryptoError } from './errors.js';
import type { SrtpMasterKey } from './keying-material.js';
import { isList } from './internal/checks.js';

/** Largest lifetime accepted: 2^64 packets (RFC 4568 §6.1 puts no bound; SRTP's own is 2^48). */
const MAX_LIFETIME = 1n << 64n;
const MAX_MKI_LENGTH = 128;

/**
 * Most key-params one a=crypto line may carry (RFC 4568 §9.2 sets no limit; real offers carry one or
 * two). The cap bounds what a hostile line costs to parse and to turn into an SRTP session (whose
 * master keys @voip/srtp caps at the same number).
 * @example
 * ```ts
 * import { MAX_KEY_PARAMS } from '@voip/sdp-crypto';
 * MAX_KEY_PARAMS; // 32
 * ```
 */
export const MAX_KEY_PARAMS = 32;
const TWO_POW_53 = 2 ** 53;

const isDigits = (s: string): boolean => s.length > 0 && /^[0-9]+$/.test(s);

/** A lifetime as the API hands it out: a number up to 2^53, a bigint above. */
export function lifetimeValue(v: bigint): number | bigint {
  return v <= BigInt(TWO_POW_53) ? Number(v) : v;
}

/**
 * Parses `2^n` or a decimal lifetime (RFC 4568 §6.1). `at` is the field's offset in the input.
 * @throws {SdpCryptoError} `BAD_LIFETIME`
 */
export function parseLifetime(text: string, at: number): number | bigint {
  let value: bigint;
  if (text.startsWith('2^')) {
    const exp = text.slice(2);
    if (!isDigits(exp) || exp.length > 3 || Number(exp) > 64) {
      throw new SdpCryptoError('BAD_LIFETIME', `lifetime field of ${text.length} characters: expected 2^n with n 0..64`, at);
    }
    value = 1n << BigInt(exp);
  } else {
    if (!isDigits(text) || text.length > 21) {
      throw new SdpCryptoError('BAD_LIFETIME', `lifetime field of ${text.length} characters: expected 2^n or a decimal`, at);
    }
    value = BigInt(text);
    if (value < 1n || value > MAX_LIFETIME) {
      throw new SdpCryptoError('BAD_LIFETIME', `lifetime field of ${text.length} digits: expected 1..2^64 packets`, at);
    }
  }
  return lifetimeValue(value);
}

/**
 * Parses `value:length` (RFC 4568 §6.1): length 1..128 bytes, value fitting in `length` bytes.
 * @throws {SdpCryptoError} `BAD_MKI`
 */
export function parseMki(text: string, at: number): { readonly value: bigint; readonly byteLength: number } {
  const colon = text.indexOf(':');
  const v = text.slice(0, colon);
  const l = text.slice(colon + 1);
  if (colon < 0 || !isDigits(v) || !isDigits(l) || l.length > 3 || v.length > 310) {
    throw new SdpCryptoError('BAD_MKI', `MKI field of ${text.length} characters: expected value:length in decimal`, at);
  }
  const byteLength = Number(l);
  if (byteLength < 1 || byteLength > MAX_MKI_LENGTH) {
    throw new SdpCryptoError('BAD_MKI', `MKI length ${byteLength}: expected 1..128 bytes`, at + colon + 1);
  }
  const value = BigInt(v);
  if (value >> BigInt(8 * byteLength) !== 0n) {
    throw new SdpCryptoError('BAD_MKI', `MKI value of ${v.length} digits does not fit in ${byteLength} bytes`, at);
  }
  return { value, byteLength };
}

/**
 * Parses `key-param *(";" key-param)` found at `input[start, end)`. With a known suite, each key‖salt
 * must have exactly the suite's length and is split into key and salt (views of one decoded array);
 * with an unknown suite, `masterKey` holds all of it and `masterSalt` is empty.
 * @throws {SdpCryptoError} `BAD_KEY_INFO` | `BAD_KEY_METHOD` | `BAD_BASE64` | `BAD_KEY_LENGTH` |
 *   `BAD_LIFETIME` | `BAD_MKI`
 */
export function parseKeyParams(
  input: string,
  start: number,
  end: number,
  info: CryptoSuiteInfo | undefined,
): SrtpMasterKey[] {
  const keys: SrtpMasterKey[] = [];
  let pos = start;
  while (pos <= end) {
    let stop = input.indexOf(';', pos);
    if (stop < 0 || stop > end) {
      stop = end;
    }
    if (keys.length === MAX_KEY_PARAMS) {
      throw new SdpCryptoError('TOO_MANY_KEYS', `more than ${MAX_KEY_PARAMS} key-params on one line`, pos);
    }
    keys.push(parseKeyParam(input.slice(pos, stop), pos, info));
    pos = stop + 1;
  }
  return keys;
}

function parseKeyParam(text: string, at: number, info: CryptoSuiteInfo | undefined): SrtpMasterKey {
  if (text.length === 0) {
    throw new SdpCryptoError('BAD_KEY_INFO', 'empty key-param', at);
  }
  const colon = text.indexOf(':');
  if (colon < 0) {
    throw new SdpCryptoError('BAD_KEY_METHOD', `key-param of ${text.length} characters: no "inline:" method`, at);
  }
  // RFC 4568 §9.2: "inline" is the only key method SRTP defines; ABNF literals are case-insensitive.
  if (text.slice(0, colon).toLowerCase() !== 'inline') {
    throw new SdpCryptoError(
      'BAD_KEY_METHOD',
      `key method ${describeMethod(text.slice(0, colon))}: only "inline" is defined for SRTP`,
      at,
    );
  }
  const infoAt = at + colon + 1;
  const fields = text.slice(colon + 1).split('|');
  if (fields.length > 3) {
    throw new SdpCryptoError('BAD_KEY_INFO', `key-info has ${fields.length} "|" fields, at most 3 allowed`, infoAt);
  }
  const keySalt = decodeBase64(fields[0] as string, infoAt);
  let fieldAt = infoAt + (fields[0] as string).length + 1;
  let lifetime: number | bigint | undefined;
  let mki: { readonly value: bigint; readonly byteLength: number } | undefined;
  for (let i = 1; i < fields.length; i++) {
    const f = fields[i] as string;
    // §6.1: lifetime comes before MKI; an MKI is told apart by its ":".
    if (f.includes(':')) {
      if (i !== fields.length - 1) {
        throw new SdpCryptoError('BAD_KEY_INFO', 'MKI must be the last key-info field', fieldAt);
      }
      mki = parseMki(f, fieldAt);
    } else if (i === 1) {
      lifetime = parseLifetime(f, fieldAt);
    } else {
      throw new SdpCryptoError('BAD_MKI', `third key-info field of ${f.length} characters: expected an MKI (value:length)`, fieldAt);
    }
    fieldAt += f.length + 1;
  }
  let masterKey: Uint8Array;
  let masterSalt: Uint8Array;
  if (info === undefined) {
    masterKey = keySalt;
    masterSalt = keySalt.subarray(keySalt.length);
  } else {
    const want = info.masterKeyLength + info.masterSaltLength;
    if (keySalt.length !== want) {
      throw new SdpCryptoError(
        'BAD_KEY_LENGTH',
        `${info.name} needs ${want} bytes of key||salt (${info.masterKeyLength}+${info.masterSaltLength}), got ${keySalt.length}`,
        infoAt,
      );
    }
    masterKey = keySalt.subarray(0, info.masterKeyLength);
    masterSalt = keySalt.subarray(info.masterKeyLength);
  }
  return {
    masterKey,
    masterSalt,
    ...(lifetime === undefined ? {} : { lifetime }),
    ...(mki === undefined ? {} : { mki }),
  };
}

/** Checks a caller-supplied lifetime and writes it canonically: `2^n` for powers of two, else decimal. */
export function formatLifetime(lifetime: number | bigint, what: string): string {
  let v: bigint;
  if (typeof lifetime === 'bigint') {
    v = lifetime;
  } else if (typeof lifetime === 'number' && Number.isInteger(lifetime)) {
    v = BigInt(lifetime);
  } else {
    throw new TypeError(`"${what}" expected an integer number or bigint, got ${String(lifetime)}`);
  }
  if (v < 1n || v > MAX_LIFETIME) {
    throw new RangeError(`"${what}" expected 1..2^64 packets, got ${v}`);
  }
  if ((v & (v - 1n)) === 0n) {
    return `2^${v.toString(2).length - 1}`;
  }
  return v.toString();
}

/** Checks a caller-supplied MKI and writes `value:length`. */
export function formatMki(mki: { readonly value: bigint | number; readonly byteLength: number }, what: string): string {
  const { byteLength } = mki;
  if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > MAX_MKI_LENGTH) {
    throw new RangeError(`"${what}.byteLength" expected 1..128, got ${String(byteLength)}`);
  }
  const raw = mki.value;
  if (typeof raw !== 'bigint' && !(typeof raw === 'number' && Number.isSafeInteger(raw))) {
    throw new TypeError(`"${what}.value" expected a bigint or safe integer, got ${String(raw)}`);
  }
  const value = BigInt(raw);
  if (value < 0n || value >> BigInt(8 * byteLength) !== 0n) {
    throw new RangeError(`"${what}.value" expected 0..2^${8 * byteLength}-1, got ${value}`);
  }
  return `${value}:${byteLength}`;
}

/** Checks caller-supplied key params against the suite and writes `inline:...;inline:...`. */
export function formatKeyParams(
  keys: readonly SrtpMasterKey[],
  info: CryptoSuiteInfo | undefined,
  padded: boolean,
  what: string,
): string {
  if (!isList(keys) || keys.length === 0) {
    throw new TypeError(`"${what}" expected at least one key param`);
  }
  return keys
    .map((k, i) => {
      const name = `${what}[${i}]`;
      if (!(k.masterKey instanceof Uint8Array) || !(k.masterSalt instanceof Uint8Array)) {
        throw new TypeError(`"${name}.masterKey" and "${name}.masterSalt" expected Uint8Array`);
      }
      if (info !== undefined) {
        if (k.masterKey.length !== info.masterKeyLength) {
          throw new RangeError(`"${name}.masterKey" expected ${info.masterKeyLength} bytes, got ${k.masterKey.length}`);
        }
        if (k.masterSalt.length !== info.masterSaltLength) {
          throw new RangeError(`"${name}.masterSalt" expected ${info.masterSaltLength} bytes, got ${k.masterSalt.length}`);
        }
      } else if (k.masterKey.length + k.masterSalt.length === 0) {
        throw new RangeError(`"${name}" expected a non-empty key||salt, got 0 bytes`);
      }
      const keySalt = new Uint8Array(k.masterKey.length + k.masterSalt.length);
      keySalt.set(k.masterKey, 0);
      keySalt.set(k.masterSalt, k.masterKey.length);
      let out = `inline:${encodeBase64(keySalt, { padded })}`;
      keySalt.fill(0); // zeroize the temporary copy of key material
      if (k.lifetime !== undefined) {
        out += `|${formatLifetime(k.lifetime, `${name}.lifetime`)}`;
      }
      if (k.mki !== undefined) {
        out += `|${formatMki(k.mki, `${name}.mki`)}`;
      }
      return out;
    })
    .join(';');
}

/**
 * Names a key method in an error without echoing what may be key material: a method is a short
 * alphabetic token (RFC 4568 §9.2); anything else (a key pasted without "inline:") is described by its
 * length only.
 */
function describeMethod(method: string): string {
  return /^[A-Za-z][A-Za-z0-9-]{0,15}$/.test(method) && !/\d{3}/.test(method)
    ? JSON.stringify(method)
    : `of ${method.length} characters`;
}
