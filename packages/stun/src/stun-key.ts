/**
 * Credentials and keys for MESSAGE-INTEGRITY, RFC 5389 §15.4 / RFC 8489 §9
 * (https://www.rfc-editor.org/rfc/rfc8489#section-9).
 *
 * - short-term: key = the password (RFC 8489 §9.1.1, after OpaqueString; ICE passwords are ASCII);
 * - long-term: key = MD5(username ":" realm ":" password) (RFC 5389 §15.4, RFC 8489 §9.2.2).
 *
 * SASLprep / OpaqueString (RFC 4013 / RFC 8265) is NOT fully implemented: passwords are NFKC-normalised
 * with the RFC 3454 B.1 "map to nothing" characters removed and non-ASCII spaces mapped to U+0020, which
 * covers RFC 5769 §2.4, but prohibited-character and bidi checks are not done.
 * @module
 */
import { utf8Encode } from './internal/bytes.js';
import { md5 } from './internal/md5.js';
import { HmacSha1Key } from './internal/sha1.js';

/**
 * A MESSAGE-INTEGRITY key with its HMAC-SHA1 state precomputed: build it once per credential and
 * reuse it for every message (about twice as fast as passing raw key bytes).
 *
 * @example
 * ```ts
 * import { StunKey, serializeStunMessage, StunMessageType } from '@voip/stun';
 * const key = new StunKey(new TextEncoder().encode('password'));
 * serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12), attributes: [] }, { integrity: key });
 * key.zeroize();
 * ```
 */
export class StunKey {
  /** A private copy of the key bytes. */
  readonly bytes: Uint8Array;
  /** @internal precomputed HMAC-SHA1 state */
  readonly sha1: HmacSha1Key;

  /**
   * @param key - the HMAC key (any length)
   * @throws {TypeError} when `key` is not a Uint8Array
   */
  constructor(key: Uint8Array) {
    if (!(key instanceof Uint8Array)) {
      throw new TypeError(`"key" expected Uint8Array, got ${typeof key}`);
    }
    this.bytes = key.slice();
    this.sha1 = new HmacSha1Key(this.bytes);
  }

  /** Overwrites the key copy and the precomputed state. The key is unusable afterwards. */
  zeroize(): void {
    this.bytes.fill(0);
    this.sha1.zeroize();
  }
}

/** @internal A StunKey for a key given either way. */
export function toStunKey(key: StunKey | Uint8Array): StunKey {
  return key instanceof StunKey ? key : new StunKey(key);
}

// RFC 3454 B.1: commonly mapped to nothing (several are combining marks, hence a code point test).
function mappedToNothing(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x1806 ||
    (cp >= 0x180b && cp <= 0x180d) ||
    (cp >= 0x200b && cp <= 0x200d) ||
    cp === 0x2060 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  );
}

// RFC 3454 C.1.2: non-ASCII space characters, mapped to SPACE by SASLprep (RFC 4013 §2.1).
function nonAsciiSpace(cp: number): boolean {
  return cp === 0x00a0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/**
 * A practical subset of SASLprep (RFC 4013 §2.1-2.2): mapping and NFKC normalisation, without the
 * prohibited-output and bidi checks.
 * @param password - the password as the user typed it
 * @returns the prepared string
 * @example
 * ```ts
 * import { saslprepLite } from '@voip/stun';
 * saslprepLite('The\u00adM\u00aatr\u2168'); // 'TheMatrIX' (RFC 5769 §2.4)
 * ```
 */
export function saslprepLite(password: string): string {
  let out = '';
  for (const ch of password) {
    const cp = ch.codePointAt(0)!;
    if (mappedToNothing(cp)) {
      continue;
    }
    out += nonAsciiSpace(cp) ? ' ' : ch;
  }
  return out.normalize('NFKC');
}

/**
 * The short-term credential key, RFC 8489 §9.1.1: the UTF-8 password (ICE's ice-pwd), used as is.
 * @param password - the password
 * @returns a reusable key
 * @example
 * ```ts
 * import { shortTermKey } from '@voip/stun';
 * const key = shortTermKey('VOkJxbRl1RmTxUk/WvJxBt'); // RFC 5769 §2.1
 * ```
 */
export function shortTermKey(password: string): StunKey {
  const bytes = utf8Encode(password);
  const key = new StunKey(bytes);
  bytes.fill(0);
  return key;
}

/**
 * The long-term credential key, RFC 5389 §15.4: MD5(username ":" realm ":" SASLprep(password)),
 * with {@link saslprepLite} standing in for SASLprep.
 * @param username - the USERNAME value
 * @param realm - the REALM value
 * @param password - the password
 * @returns a reusable key
 * @example
 * ```ts
 * import { longTermKey } from '@voip/stun';
 * const key = longTermKey('\u30de\u30c8\u30ea\u30c3\u30af\u30b9', 'example.org', 'The\u00adM\u00aatr\u2168'); // RFC 5769 §2.4
 * ```
 */
export function longTermKey(username: string, realm: string, password: string): StunKey {
  const digest = md5(utf8Encode(`${username}:${realm}:${saslprepLite(password)}`));
  const key = new StunKey(digest);
  digest.fill(0);
  return key;
}
