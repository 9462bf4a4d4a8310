/**
 * The SRTP contexts an {@link RtpCall} uses to protect what it sends and unprotect what it receives.
 *
 * `@voip/srtp`'s `SrtpSession` satisfies both interfaces by shape; this package never imports it.
 * SDES keys are per direction (RFC 4568 §6.1), so a call holds one context for sending (keyed with the
 * local key) and another for receiving (keyed with the remote key).
 * @module
 */

/** Outcome of unprotecting one packet: routine failures are values, never exceptions. */
export type SrtpUnprotectResult =
  | { readonly ok: true; readonly packet: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/**
 * Outcome of unprotecting one packet into a caller's buffer: the number of bytes written, or the
 * reason it failed (a string, e.g. `'AUTH_FAILED'`). Routine failures are values, never exceptions.
 * @example
 * ```ts
 * import type { SrtpUnprotectIntoResult } from '@voip/rtp';
 * const ok = (r: SrtpUnprotectIntoResult): r is number => typeof r === 'number';
 * ```
 */
export type SrtpUnprotectIntoResult = number | string;

/**
 * Protects outgoing RTP and RTCP (RFC 3711 §3.3 and §3.4).
 *
 * @example
 * ```ts
 * import type { SrtpSendContext } from '@voip/rtp';
 * const wire = (ctx: SrtpSendContext, rtp: Uint8Array): Uint8Array => ctx.protect(rtp);
 * ```
 */
export interface SrtpSendContext {
  /** Returns the SRTP packet for one serialized RTP packet. Throws when the key is spent. */
  protect(rtp: Uint8Array): Uint8Array;
  /** Returns the SRTCP packet for one serialized (compound) RTCP packet. Throws when the key is spent. */
  protectRtcp(rtcp: Uint8Array): Uint8Array;
  /**
   * Optional allocation-free form of {@link protect}: writes the SRTP packet into `out` from `offset`
   * (RFC 3711 §3.3) and returns its length. A call uses it when present, with a reused buffer; it must
   * throw `RangeError` when `out` has too little room (the call then falls back to {@link protect}).
   */
  protectInto?(rtp: Uint8Array, out: Uint8Array, offset?: number): number;
  /** Optional allocation-free form of {@link protectRtcp} (RFC 3711 §3.4), like {@link protectInto}. */
  protectRtcpInto?(rtcp: Uint8Array, out: Uint8Array, offset?: number): number;
}

/**
 * Authenticates and decrypts incoming SRTP and SRTCP (RFC 3711 §3.3 and §3.4). Never throws for
 * anything a remote sends.
 *
 * @example
 * ```ts
 * import type { SrtpReceiveContext } from '@voip/rtp';
 * const open = (ctx: SrtpReceiveContext, srtp: Uint8Array): Uint8Array | undefined => {
 *   const r = ctx.unprotect(srtp);
 *   return r.ok ? r.packet : undefined;
 * };
 * ```
 */
export interface SrtpReceiveContext {
  /** Unprotects one SRTP packet: `{ ok: true, packet }` with the RTP packet, or the reason it failed. */
  unprotect(srtp: Uint8Array): SrtpUnprotectResult;
  /** Unprotects one SRTCP packet: `{ ok: true, packet }` with the RTCP packet, or the reason it failed. */
  unprotectRtcp(srtcp: Uint8Array): SrtpUnprotectResult;
  /**
   * Optional allocation-free form of {@link unprotect}: authenticates `srtp` and writes the RTP packet
   * into `out` from `offset`, returning its length or the failure reason. `out` has at least
   * `srtp.length` bytes from `offset` and may be `srtp` itself (decrypt in place, same offset). A call
   * uses it when present; it must not keep `out`.
   */
  unprotectInto?(srtp: Uint8Array, out: Uint8Array, offset?: number): SrtpUnprotectIntoResult;
  /** Optional allocation-free form of {@link unprotectRtcp} (RFC 3711 §3.4), like {@link unprotectInto}. */
  unprotectRtcpInto?(srtcp: Uint8Array, out: Uint8Array, offset?: number): SrtpUnprotectIntoResult;
}
