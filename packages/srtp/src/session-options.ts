/**
 * Options of an SRTP session and their validation: the SDES keying material (RFC 4568 §6) plus the
 * receiver and lifetime policy knobs.
 * @module
 */
import type { SrtpKeyingMaterial } from './keying-material.js';

/**
 * What {@link SrtpSessionOptions.onKeyLifetimeWarning} receives (RFC 3711 §9.2 key lifetime).
 *
 * @example
 * ```ts
 * import type { SrtpKeyLifetimeWarning } from '@voip/srtp';
 * const log = (w: SrtpKeyLifetimeWarning): void => console.warn(`${w.family} key ${w.keyIndex}: ${w.remaining} left`);
 * ```
 */
export interface SrtpKeyLifetimeWarning {
  /** `'srtp'` or `'srtcp'`: which packet count approaches its limit. */
  readonly family: 'srtp' | 'srtcp';
  /** Index of the master key in the session's key list (0 = the first `inline:`). */
  readonly keyIndex: number;
  /** The key's MKI value, when the session uses MKIs. */
  readonly mki: bigint | undefined;
  /** Packets processed under this key so far (in this family). */
  readonly used: number;
  /** The limit: the SDES lifetime, capped at 2^48 (SRTP) or 2^31 (SRTCP) (RFC 3711 §9.2). */
  readonly limit: number;
  /** `limit - used`. */
  readonly remaining: number;
}

/**
 * Options for `new SrtpSession(options)`: the keying material `@voip/sdp-crypto` returns, plus policy.
 *
 * @example
 * ```ts
 * import type { SrtpSessionOptions } from '@voip/srtp';
 * const o: SrtpSessionOptions = {
 *   suite: 'AES_CM_128_HMAC_SHA1_80', masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14),
 *   replayWindowSize: 1024,
 * };
 * ```
 */
export interface SrtpSessionOptions extends SrtpKeyingMaterial {
  /**
   * Reject replayed and too-old packets on receive (RFC 3711 §3.3.2). Default true. Set false for a
   * translator that legitimately sees repeats (libsrtp's `allow_repeat`): then every authentic packet
   * is accepted, the ROC still follows the highest index, and a sender's refusal to reuse an index is
   * unaffected.
   */
  readonly replayProtection?: boolean;
  /**
   * Most SSRCs tracked per direction and per protocol (SRTP, SRTCP). Default 64. Forged packets never
   * create state (state is created only after authentication); an authentic packet of one SSRC more is
   * refused with `SSRC_LIMIT` (never evicts, so an old SSRC's replay window cannot be reset).
   */
  readonly maxSsrcs?: number;
  /**
   * The rollover counter assumed for an SSRC this session has not seen yet, in both directions (a u32,
   * default 0): for joining a stream whose ROC the signalling gave (RFC 4568 §7.1.4) without knowing
   * its SSRC in advance. On receive it is used for the first packet's index estimate and becomes state
   * only when that packet authenticates, so forged packets of fresh SSRCs create nothing. A ROC set per
   * SSRC with `setSendRolloverCounter` / `setReceiveRolloverCounter` takes precedence.
   */
  readonly initialRolloverCounter?: number;
  /**
   * SRTCP authentication tag length in bytes for the `_32` suites: 10, as RFC 3711 §5.2 and RFC 4568
   * §6.2.1 keep it for SRTCP (the default), or 4 to talk to peers that cut it to the SRTP tag's
   * length: ffmpeg builds whose srtp.c has one HMAC size for both (Debian 12's ffmpeg 5.1, for one),
   * baresip, and code derived from libav's srtp.c. 4 is refused with other suites.
   *
   * `'auto'` receives from either kind of peer: `protectRtcp` writes the suite's 10 bytes, and
   * `unprotectRtcp` authenticates each packet against exactly one length, never both:
   * - until a packet has authenticated, the length the packet's size implies. An RTCP compound is a
   *   whole number of 32-bit words (RFC 3550 §6.4.1), so `length - 4 (E, index) - MKI - tag` must be a
   *   multiple of 4, and since 10 and 4 differ by 6 exactly one of them can fit (a size that fits
   *   neither is `MALFORMED`). The RTCP lengths themselves cannot be used: all but the first header are
   *   encrypted.
   * - from the first authentic packet on, that packet's length only (locked for the session), read by
   *   {@link SrtpSession.srtcpTagLengthInUse}.
   *
   * Why this is safe: a forger picks the packet size, so before the lock it can choose the 32-bit tag,
   * and each forged packet then succeeds with probability 2^-32: the bound of `srtcpTagLength: 4`, and
   * of the SRTP packets of the same `_32` suite. Never trying both lengths keeps it there (two tries
   * would double it). Once the peer's first authentic packet locks 10, forgeries face the 80-bit tag
   * again (2^-80); a forgery that locked 4 first would have had to beat 2^-32 before the peer's first
   * report (sent every few seconds, RFC 3550 §6.2). With other suites `'auto'` is the suite's length.
   */
  readonly srtcpTagLength?: 4 | 10 | 'auto';
  /**
   * AES-GCM suites: seal and open every SRTP packet with a node:crypto AES-GCM cipher instead of this
   * package's own GCM (node:crypto's AES-ECB keystream plus table-driven GHASH in WebAssembly or
   * JavaScript). Table lookups are indexed by secret-dependent bytes, so a cache-timing observer on the
   * same machine could learn about the GHASH key; OpenSSL's GHASH uses carry-less multiply where the
   * CPU has it. Costs a cipher object per packet (about 2-4x the time, as werift-rtp pays). Default
   * false; no effect on other suites. SRTCP always uses node:crypto's AES-GCM.
   */
  readonly nativeAesGcm?: boolean;
  /** MKI value of the master key used to protect (RFC 3711 §3.1). Default: the first key. */
  readonly sendMki?: bigint | number;
  /**
   * How many packets before a key's limit the warning fires. Default: min(2^20, 10% of the limit).
   */
  readonly keyLifetimeWarningThreshold?: number;
  /**
   * Called once per master key and family when its remaining packets drop to the threshold, so the
   * caller can re-key (RFC 3711 §9.2). Called synchronously; exceptions it throws are ignored.
   */
  readonly onKeyLifetimeWarning?: (info: SrtpKeyLifetimeWarning) => void;
}

/**
 * Default {@link SrtpSessionOptions.maxSsrcs}: SSRCs tracked per direction (RFC 3711 §3.2.1 contexts).
 * @example
 * ```ts
 * import { DEFAULT_MAX_SSRCS } from '@voip/srtp';
 * DEFAULT_MAX_SSRCS; // 64
 * ```
 */
export const DEFAULT_MAX_SSRCS = 64;

/**
 * Most master keys one session takes (`keys`, each with its MKI, RFC 3711 §3.1). A few dozen is
 * generous (SDES offers carry one or two per line; @voip/sdp-crypto caps key parameters per line at the
 * same number); the cap bounds what a hostile offer can make the session build.
 * @example
 * ```ts
 * import { MAX_MASTER_KEYS } from '@voip/srtp';
 * MAX_MASTER_KEYS; // 32
 * ```
 */
export const MAX_MASTER_KEYS = 32;
/**
 * Default {@link SrtpKeyingMaterial.replayWindowSize} (RFC 3711 §3.3.2 minimum).
 * @example
 * ```ts
 * import { DEFAULT_REPLAY_WINDOW } from '@voip/srtp';
 * DEFAULT_REPLAY_WINDOW; // 64
 * ```
 */
export const DEFAULT_REPLAY_WINDOW = 64;
