/**
 * A capture of a call's RTP in the clear: SRTP contexts (of the shape `@voip/rtp`'s `RtpCall` takes)
 * wrapped so that every RTP packet is reported before it is protected and after it is unprotected and
 * authenticated (RFC 3711 §3.3), with its time and direction. RTCP passes through unreported.
 * @module
 */

/** Protects outgoing RTP and RTCP (`@voip/srtp`'s `SrtpSession` fits). */
export interface CaptureSendContext {
  protect(rtp: Uint8Array): Uint8Array;
  protectRtcp(rtcp: Uint8Array): Uint8Array;
  dispose?(): void;
}

/** The outcome of unprotecting one packet. */
export type CaptureUnprotectResult = { readonly ok: true; readonly packet: Uint8Array } | { readonly ok: false; readonly reason: string };

/** Unprotects incoming SRTP and SRTCP (`@voip/srtp`'s `SrtpSession` fits). */
export interface CaptureReceiveContext {
  unprotect(srtp: Uint8Array): CaptureUnprotectResult;
  unprotectRtcp(srtcp: Uint8Array): CaptureUnprotectResult;
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

/**
 * Wraps a call's SRTP contexts so that `onPacket` sees each RTP packet in the clear. Without a context
 * (a call without SRTP) the wrapper passes the bytes through unchanged. `dispose` is passed on. A
 * packet that fails authentication is not reported. The wrapper never throws for what `onPacket`
 * throws: such an error is dropped with the packet's report, and the packet goes on.
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
  return {
    send: {
      protect: (rtp) => {
        const clear = rtp.slice(); // before protection, which may work in place
        const wire = send === undefined ? rtp : send.protect(rtp);
        report('sent', clear); // only what was protected (a spent key throws above)
        return wire;
      },
      protectRtcp: (rtcp) => (send === undefined ? rtcp : send.protectRtcp(rtcp)),
      dispose: () => send?.dispose?.(),
    },
    receive: {
      unprotect: (srtp) => {
        const result: CaptureUnprotectResult = receive === undefined ? { ok: true, packet: srtp } : receive.unprotect(srtp);
        if (result.ok) {
          report('received', result.packet.slice());
        }
        return result;
      },
      unprotectRtcp: (srtcp) => (receive === undefined ? { ok: true, packet: srtcp } : receive.unprotectRtcp(srtcp)),
      dispose: () => receive?.dispose?.(),
    },
  };
}
