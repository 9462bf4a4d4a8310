/**
 * The keying-material shape shared by shape (never by import) with `@voip/sdp-crypto`, which returns it
 * for each direction of a negotiated `a=crypto` line (RFC 4568 §6.1, https://www.rfc-editor.org/rfc/rfc4568#section-6.1).
 * @module
 */

/**
 * One SDES master key: `inline:<key||salt>[|lifetime][|mki:length]` (RFC 4568 §6.1).
 *
 * @example
 * ```ts
 * import type { SrtpMasterKey } from '@voip/srtp';
 * const k: SrtpMasterKey = { masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14), lifetime: 2 ** 31 };
 * ```
 */
export interface SrtpMasterKey {
  /** 16, 24 or 32 bytes per suite. */
  readonly masterKey: Uint8Array;
  /** 14 bytes (AES-CM and NULL suites) or 12 bytes (AEAD GCM suites). */
  readonly masterSalt: Uint8Array;
  /** Packets, from `2^n` or decimal (RFC 4568 §6.1); absent: the RFC 3711 §9.2 maxima. */
  readonly lifetime?: number | bigint;
  /** From `|value:length`, 1..128 bytes (RFC 3711 §3.1 MKI). */
  readonly mki?: { readonly value: bigint; readonly byteLength: number };
}

/**
 * What one direction of a call needs to build an SRTP session (RFC 4568 §6).
 *
 * @example
 * ```ts
 * import type { SrtpKeyingMaterial } from '@voip/srtp';
 * const m: SrtpKeyingMaterial = {
 *   suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14),
 * };
 * ```
 */
export interface SrtpKeyingMaterial extends SrtpMasterKey {
  /** Canonical suite name, e.g. `'AES_CM_128_HMAC_SHA1_80'` (typed as string; see {@link SrtpSuiteName}). */
  readonly suite: string;
  /** When the line carries several `inline:` key params: all of them in order (the first is the one in
   * the top-level fields). Absent when there is one key. */
  readonly keys?: readonly SrtpMasterKey[];
  /** From the SDES `KDR=n` session param: the key derivation rate 2^n (RFC 4568 §6.3.1). Absent: 0. */
  readonly keyDerivationRate?: number;
  /** UNENCRYPTED_SRTP: NULL cipher for SRTP (RFC 4568 §6.3.2). */
  readonly unencryptedSrtp?: boolean;
  /** UNENCRYPTED_SRTCP: E=0, NULL cipher for SRTCP (RFC 4568 §6.3.2). */
  readonly unencryptedSrtcp?: boolean;
  /** UNAUTHENTICATED_SRTP: no SRTP auth tag; SRTCP stays authenticated (RFC 4568 §6.3.3). */
  readonly unauthenticatedSrtp?: boolean;
  /** Replay window in packets, 64..32768 (RFC 3711 §3.3.2), e.g. from the SDES `WSH=n` window size
   * hint (RFC 4568 §6.3.6) of the line whose sender this key belongs to. Default 64; the same size for
   * SRTCP. Only the receiving direction uses it. */
  readonly replayWindowSize?: number;
}
