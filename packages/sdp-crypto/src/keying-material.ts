/**
 * The keying-material shape shared by shape (never by import) with `@voip/srtp`: this package returns it
 * for the local and the remote direction of a negotiated `a=crypto` line (RFC 4568 §6.1,
 * https://www.rfc-editor.org/rfc/rfc4568#section-6.1); `@voip/srtp` accepts it for its sessions.
 * @module
 */

/**
 * One SDES master key: `inline:<key||salt>[|lifetime][|mki:length]` (RFC 4568 §6.1).
 *
 * @example
 * ```ts
 * import type { SrtpMasterKey } from '@voip/sdp-crypto';
 * const k: SrtpMasterKey = { masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14), lifetime: 2 ** 31 };
 * ```
 */
export interface SrtpMasterKey {
  /** 16, 24 or 32 bytes per suite. */
  readonly masterKey: Uint8Array;
  /** 14 bytes (AES-CM suites) or 12 bytes (AEAD GCM suites). */
  readonly masterSalt: Uint8Array;
  /** Packets, from `2^n` or decimal (RFC 4568 §6.1): a number up to 2^53, a bigint above. */
  readonly lifetime?: number | bigint;
  /** From `|value:length`, 1..128 bytes (RFC 4568 §6.1, RFC 3711 §3.1 MKI). */
  readonly mki?: { readonly value: bigint; readonly byteLength: number };
}

/**
 * What one direction of a call needs to build an SRTP session (RFC 4568 §6, §7).
 *
 * @example
 * ```ts
 * import type { SrtpKeyingMaterial } from '@voip/sdp-crypto';
 * const m: SrtpKeyingMaterial = {
 *   suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14),
 * };
 * ```
 */
export interface SrtpKeyingMaterial extends SrtpMasterKey {
  /** Canonical suite name, e.g. `'AES_CM_128_HMAC_SHA1_80'` (typed as string so the two packages need
   * no shared union). */
  readonly suite: string;
  /** When the line carries several `inline:` key params: all of them in order (the first is the one in
   * the top-level fields). Absent when there is one key. */
  readonly keys?: readonly SrtpMasterKey[];
  /** From the SDES `KDR=n` session param: the key derivation rate 2^n (RFC 4568 §6.3.1). Absent means
   * 0: derive once (RFC 3711 §4.3.1). */
  readonly keyDerivationRate?: number;
  /** UNENCRYPTED_SRTP: NULL cipher for SRTP (RFC 4568 §6.3.2). */
  readonly unencryptedSrtp?: boolean;
  /** UNENCRYPTED_SRTCP: E=0, NULL cipher for SRTCP (RFC 4568 §6.3.2). */
  readonly unencryptedSrtcp?: boolean;
  /** UNAUTHENTICATED_SRTP: no SRTP auth tag; SRTCP stays authenticated (RFC 4568 §6.3.3). */
  readonly unauthenticatedSrtp?: boolean;
  /** From the SDES `WSH=n` window size hint (RFC 4568 §6.3.6): the SRTP replay window, in packets, that
   * the sender of the line (whose media this key protects) asks its receiver to use, clamped to the
   * 64..32768 `@voip/srtp` supports. A hint for the receiving direction only (not declarative). Absent:
   * the receiver's default. */
  readonly replayWindowSize?: number;
}
