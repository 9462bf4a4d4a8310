/**
 * A capture of a call's RTP in the clear: SRTP contexts (of the shape `@voip/rtp`'s `RtpCall` takes)
 * wrapped so that every RTP packet is reported before it is protected and after it is unprotected and
 * authenticated (RFC 3711 §3.3), with its time and direction. RTCP passes through unreported. The
 * allocation-free forms (`protectInto`, `unprotectInto` and their RTCP twins) are wrapped too, when the
 * call's contexts have them, so a recorded call keeps its zero-copy SRTP path.
 * @module
 */

/**
 * Protects outgoing RTP and RTCP (`@voip/srtp`'s `SrtpSession` fits). The `…Into` forms are optional,
 * as in `@voip/rtp`'s `SrtpSendContext`: write the protected packet into `out` from `offset` and return
 * its length (a `RangeError` when `out` has too little room).
 * @example
 * ```ts
 * import type { CaptureSendContext } from '@voip/audio';
 * const identity: CaptureSendContext = { protect: (rtp) => rtp, protectRtcp: (rtcp) => rtcp };
 * ```
 */
export interface CaptureSendContext {
  protect(rtp: Uint8Array): Uint8Array;
  protectRtcp(rtcp: Uint8Array): Uint8Array;
  protectInto?(rtp: Uint8Array, out: Uint8Array, offset?: number): number;
  protectRtcpInto?(rtcp: Uint8Array, out: Uint8Array, offset?: number): number;
  dispose?(): void;
}

/** The outcome of unprotecting one packet. */
export type CaptureUnprotectResult = { readonly ok: true; readonly packet: Uint8Array } | { readonly ok: false; readonly reason: string };

/**
 * The outcome of unprotecting one packet into a caller's buffer: the bytes written, or why it failed.
 * @example
 * ```ts
 * import type { CaptureUnprotectIntoResult } from '@voip/audio';
 * const opened = (r: CaptureUnprotectIntoResult): r is number => typeof r === 'number';
 * ```
 */
export type CaptureUnprotectIntoResult = number | string;

/**
 * Unprotects incoming SRTP and SRTCP (`@voip/srtp`'s `SrtpSession` fits). The `…Into` forms are
 * optional, as in `@voip/rtp`'s `SrtpReceiveContext`: authenticate, write the packet into `out` from
 * `offset` (`out` may be the input itself) and return its length, or the reason it failed.
 * @example
 * ```ts
 * import type { CaptureReceiveContext } from '@voip/audio';
 * const identity: CaptureReceiveContext = { unprotect: (p) => ({ ok: true, packet: p }), unprotectRtcp: (p) => ({ ok: true, packet: p }) };
 * ```
 */
export interface CaptureReceiveContext {
  unprotect(srtp: Uint8Array): CaptureUnprotectResult;
  unprotectRtcp(srtcp: Uint8Array): CaptureUnprotectResult;
  unprotectInto?(srtp: Uint8Array, out: Uint8Array, offset?: number): CaptureUnprotectIntoResult;
  unprotectRtcpInto?(srtcp: Uint8Array, out: Uint8Array, offset?: number): CaptureUnprotectIntoResult;
  dispose?(): void;
}

/** One RTP packet of the call, in the clear. */
export interface RecordedRtpPacket {
  /** `sent`: handed to SRTP protection; `received`: unprotected and authenticated. */
  readonly direction: 'sent' | 'received';
  /** When it passed, `performance.now()` ms (add `performance.timeOrigin` for the Unix time). */
  readonly atMs: number;
  /** The RTP packet (header and payload), a copy the sink may keep. */
  readonly packet: Uint8Array;
}

/** The wrapped contexts: pass them to the RTP call as its `srtp`. */
export interface CaptureContexts {
  readonly send: CaptureSendContext;
  readonly receive: CaptureReceiveContext;
}

/** Copies `bytes` into `out` from `offset` (the identity's `…Into`); `RangeError` when it does not fit. */
function copyInto(bytes: Uint8Array, out: Uint8Array, offset = 0): number {
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < bytes.length) {
    throw new RangeError(`${bytes.length} bytes do not fit in ${out.length} from offset ${offset}`);
  }
  if (out !== bytes || offset !== 0) {
    out.set(bytes, offset);
  }
  return bytes.length;
}

/**
 * Wraps a call's SRTP contexts so that `onPacket` sees each RTP packet in the clear. Without a context
 * (a call without SRTP) the wrapper passes the bytes through unchanged. `dispose` is passed on. A
 * packet that fails authentication is not reported. The wrapper never throws for what `onPacket`
 * throws: such an error is dropped with the packet's report, and the packet goes on.
 *
 * The allocation-free forms a call prefers are kept: the wrapper has `protectInto` / `protectRtcpInto`
 * when the send context has them, `unprotectInto` / `unprotectRtcpInto` when the receive context has
 * them (and all of them for a missing context, the identity copying into `out`), and none it lacks, so
 * the call's choice of path is the same with the recording as without. Their reports are as the
 * allocating forms': a copy of the clear packet, sent ones taken before protection (which may work in
 * place) and only once protected, received ones only after authentication.
 * @param onPacket - gets each packet (direction, time, a copy of the bytes).
 * @param contexts - the call's SRTP send and receive contexts, if any.
 * @returns contexts for the RTP call.
 * @throws {TypeError} when `onPacket` is not a function.
 * @example
 * ```ts
 * import { captureRtp, type RecordedRtpPacket } from '@voip/audio';
 * const packets: RecordedRtpPacket[] = [];
 * const srtp = captureRtp((p) => packets.push(p)); // no SRTP here: identity contexts
 * srtp.send.protect(new Uint8Array(12)); // packets[0].direction === 'sent'
 * const out = new Uint8Array(1500);
 * srtp.send.protectInto?.(new Uint8Array(12), out, 0); // 12, and packets[1] is a copy of the packet
 * ```
 */
export function captureRtp(
  onPacket: (packet: RecordedRtpPacket) => void,
  contexts: { readonly send?: CaptureSendContext | undefined; readonly receive?: CaptureReceiveContext | undefined } = {},
): CaptureContexts {
  if (typeof onPacket !== 'function') {
    throw new TypeError(`"onPacket" expected a function, got ${typeof onPacket}`);
  }
  const report = (direction: 'sent' | 'received', packet: Uint8Array): void => {
    try {
      onPacket({ direction, atMs: performance.now(), packet });
    } catch {
      // The call's media must not fail because a recording sink did.
    }
  };
  const { send, receive } = contexts;
  const sendContext: CaptureSendContext = {
    protect: (rtp) => {
      const clear = rtp.slice(); // before protection, which may work in place
      const wire = send === undefined ? rtp : send.protect(rtp);
      report('sent', clear); // only what was protected (a spent key throws above)
      return wire;
    },
    protectRtcp: (rtcp) => (send === undefined ? rtcp : send.protectRtcp(rtcp)),
    dispose: () => send?.dispose?.(),
  };
  if (send === undefined || send.protectInto !== undefined) {
    sendContext.protectInto = (rtp, out, offset) => {
      const clear = rtp.slice();
      const length = send === undefined ? copyInto(rtp, out, offset) : send.protectInto!(rtp, out, offset);
      report('sent', clear);
      return length;
    };
  }
  if (send === undefined || send.protectRtcpInto !== undefined) {
    sendContext.protectRtcpInto = (rtcp, out, offset) => (send === undefined ? copyInto(rtcp, out, offset) : send.protectRtcpInto!(rtcp, out, offset));
  }
  const receiveContext: CaptureReceiveContext = {
    unprotect: (srtp) => {
      const result: CaptureUnprotectResult = receive === undefined ? { ok: true, packet: srtp } : receive.unprotect(srtp);
      if (result.ok) {
        report('received', result.packet.slice());
      }
      return result;
    },
    unprotectRtcp: (srtcp) => (receive === undefined ? { ok: true, packet: srtcp } : receive.unprotectRtcp(srtcp)),
    dispose: () => receive?.dispose?.(),
  };
  if (receive === undefined || receive.unprotectInto !== undefined) {
    receiveContext.unprotectInto = (srtp, out, offset) => {
      const result = receive === undefined ? copyInto(srtp, out, offset) : receive.unprotectInto!(srtp, out, offset);
      if (typeof result === 'number') {
        const from = offset ?? 0;
        report('received', out.slice(from, from + result)); // authenticated: a copy of the clear packet
      }
      return result;
    };
  }
  if (receive === undefined || receive.unprotectRtcpInto !== undefined) {
    receiveContext.unprotectRtcpInto = (srtcp, out, offset) =>
      receive === undefined ? copyInto(srtcp, out, offset) : receive.unprotectRtcpInto!(srtcp, out, offset);
  }
  return { send: sendContext, receive: receiveContext };
}
