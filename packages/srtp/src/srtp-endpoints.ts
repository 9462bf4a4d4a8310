/**
 * The two halves of an SRTP session, RFC 3711 §3.3 and §3.4 (https://www.rfc-editor.org/rfc/rfc3711#section-3.3):
 * what a sender and a receiver can do. SDES keys are per direction (RFC 4568 §6.1), so a call holds an
 * {@link SrtpSender} keyed with the local key and an {@link SrtpReceiver} keyed with the remote key.
 * @module
 */
import type { SrtpFailureReason } from './errors.js';
import type { SrtpSuite } from './suites.js';

/**
 * Result of `unprotect` / `unprotectRtcp`: the packet, or why it was refused. Never an exception
 * (RFC 3711 §3.3: a packet that fails authentication or the replay check is discarded).
 *
 * @example
 * ```ts
 * import type { SrtpUnprotectResult } from '@voip/srtp';
 * const show = (r: SrtpUnprotectResult): string => (r.ok ? `${r.packet.length} bytes` : r.reason);
 * ```
 */
export type SrtpUnprotectResult =
  | { readonly ok: true; readonly packet: Uint8Array }
  | { readonly ok: false; readonly reason: SrtpFailureReason };

/**
 * Result of the `…Into` receive variants: bytes written (a number) or the failure reason (a string);
 * neither allocates (RFC 3711 §3.3).
 *
 * @example
 * ```ts
 * import type { SrtpIntoResult } from '@voip/srtp';
 * const ok = (r: SrtpIntoResult): boolean => typeof r === 'number';
 * ```
 */
export type SrtpIntoResult = number | SrtpFailureReason;

/**
 * Sending half: protects RTP and RTCP (RFC 3711 §3.3, §3.4). Methods throw `SrtpError` for local
 * problems only (`MALFORMED`, `KEY_EXPIRED`, `INDEX_REUSED`, `SSRC_LIMIT`).
 *
 * @example
 * ```ts
 * import { SrtpSession, type SrtpSender } from '@voip/srtp';
 * const send: SrtpSender = SrtpSession.generate();
 * const wire = send.protect(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]));
 * ```
 */
export interface SrtpSender {
  /** The negotiated suite. */
  readonly suite: SrtpSuite;
  /** Returns a new SRTP packet for one RTP packet. */
  protect(rtp: Uint8Array): Uint8Array;
  /** Writes the SRTP packet to `out[offset..)` and returns its length; allocates nothing in steady state. */
  protectInto(rtp: Uint8Array, out: Uint8Array, offset?: number): number;
  /** Returns a new SRTCP packet for one (compound) RTCP packet. */
  protectRtcp(rtcp: Uint8Array): Uint8Array;
  /** Writes the SRTCP packet to `out[offset..)` and returns its length. */
  protectRtcpInto(rtcp: Uint8Array, out: Uint8Array, offset?: number): number;
  /** Bytes an RTP packet of `rtpLength` bytes takes once protected. */
  protectedLength(rtpLength: number): number;
  /** Bytes an RTCP packet of `rtcpLength` bytes takes once protected. */
  protectedRtcpLength(rtcpLength: number): number;
  /** The SRTP rollover counter `ssrc` is sent under, or undefined for an unknown SSRC. */
  getSendRolloverCounter(ssrc: number): number | undefined;
  /** Sets the ROC `ssrc` is sent under (RFC 4568 §7.1.4); refuses to lower it (`INDEX_REUSED`: that
   * would reuse keystream); re-stating it never re-opens a used index. */
  setSendRolloverCounter(ssrc: number, roc: number): void;
  /** Zeroizes the keys; the session refuses every packet afterwards. */
  dispose(): void;
}

/**
 * Receiving half: authenticates and decrypts SRTP and SRTCP (RFC 3711 §3.3, §3.4); never throws for
 * what a peer sends.
 *
 * @example
 * ```ts
 * import { SrtpSession, type SrtpReceiver } from '@voip/srtp';
 * const receive: SrtpReceiver = SrtpSession.generate();
 * receive.unprotect(new Uint8Array(40)).ok; // false
 * ```
 */
export interface SrtpReceiver {
  /** The negotiated suite. */
  readonly suite: SrtpSuite;
  /** Returns `{ ok: true, packet }` (a new buffer) or `{ ok: false, reason }`. */
  unprotect(srtp: Uint8Array): SrtpUnprotectResult;
  /** Writes the RTP packet to `out[offset..)`: its length, or the failure reason. */
  unprotectInto(srtp: Uint8Array, out: Uint8Array, offset?: number): SrtpIntoResult;
  /** Returns `{ ok: true, packet }` (a new buffer) or `{ ok: false, reason }`. */
  unprotectRtcp(srtcp: Uint8Array): SrtpUnprotectResult;
  /** Writes the RTCP packet to `out[offset..)`: its length, or the failure reason. */
  unprotectRtcpInto(srtcp: Uint8Array, out: Uint8Array, offset?: number): SrtpIntoResult;
  /** The SRTP rollover counter of what is received from `ssrc`, or undefined for an unknown SSRC. */
  getReceiveRolloverCounter(ssrc: number): number | undefined;
  /** Sets the ROC of what is received from `ssrc` (RFC 4568 §7.1.4, late join), keeping the replay
   * window; lowering it is refused (`ROC_LOWERED`) unless `force` is set. */
  setReceiveRolloverCounter(ssrc: number, roc: number, options?: { readonly force?: boolean }): void;
  /** Zeroizes the keys; the session refuses every packet afterwards. */
  dispose(): void;
}

