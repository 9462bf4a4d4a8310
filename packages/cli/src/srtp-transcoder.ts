/**
 * The core of `voip srtp decrypt|encrypt`: classifies each UDP payload (RFC 7983 §7: first byte
 * 128..191 is RTP/RTCP; RFC 5761 §4: second byte 192..223 is RTCP, or RFC 3550 §11: RTCP on the odd
 * port) and unprotects or protects it with the SDES keys, keeping per-SSRC counts and verdicts.
 * @module
 */
import { SrtpSession, isSrtpError, type SrtpKeyingMaterial } from '@voip/srtp';

/** How RTCP is told from RTP. */
export type RtcpRule = 'pt' | 'odd-port';

/** Per-SSRC counts, for the summary. */
export interface SsrcCounts {
  readonly ssrc: number;
  ok: number;
  failed: number;
  rtcpOk: number;
  rtcpFailed: number;
  /** Failure reasons and how often each occurred. */
  readonly reasons: Record<string, number>;
}

/** The outcome for one datagram. */
export type TranscodeResult =
  | { readonly action: 'pass'; readonly why: 'not-rtp' | 'filtered' }
  | { readonly action: 'ok'; readonly kind: 'rtp' | 'rtcp'; readonly ssrc: number; readonly bytes: Uint8Array }
  | {
      readonly action: 'fail';
      readonly kind: 'rtp' | 'rtcp';
      readonly ssrc: number;
      readonly sequenceNumber: number | undefined;
      readonly reason: string;
    };

/** Options of {@link SrtpTranscoder}. */
export interface SrtpTranscoderOptions {
  /** `decrypt` (SRTP → RTP, replay protection off) or `encrypt` (RTP → SRTP). */
  readonly direction: 'decrypt' | 'encrypt';
  /** One key per direction of the call; decrypt tries each on a new SSRC and keeps the one that works. */
  readonly keys: readonly SrtpKeyingMaterial[];
  /** Initial rollover counter for every SSRC (RFC 3711 §3.3.1), for captures that start mid-call. */
  readonly rolloverCounter?: number;
  /** SRTCP tag length of the `_32` suites: 10 (RFC 4568) or 4 (ffmpeg 5.1, libav); see @voip/srtp. */
  readonly srtcpTagLength?: 4 | 10;
  /** Only these SSRCs are transformed; others pass unchanged. Empty or absent: all. */
  readonly ssrcs?: ReadonlySet<number>;
  /** How RTCP is recognised. Default `'pt'`. */
  readonly rtcp?: RtcpRule;
}

const u32 = (b: Uint8Array, o: number): number =>
  (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0)) >>> 0;

/**
 * The stable reason for a failure thrown while transforming one packet: the @voip/srtp error code,
 * `SSRC_LIMIT` when a session cannot track one SSRC more, `MALFORMED` for other argument errors,
 * else `INTERNAL`.
 */
function failureReason(e: unknown): string {
  if (isSrtpError(e)) {
    return e.code;
  }
  if (e instanceof RangeError && /maxSsrcs/.test(e.message)) {
    return 'SSRC_LIMIT';
  }
  if (e instanceof RangeError || e instanceof TypeError) {
    return 'MALFORMED';
  }
  return 'INTERNAL';
}

/**
 * Transforms datagrams one at a time.
 *
 * @example
 * ```ts
 * import { SrtpTranscoder } from '@voip/cli';
 * import type { SrtpKeyingMaterial } from '@voip/srtp';
 * declare const material: SrtpKeyingMaterial, udpPayload: Uint8Array, write: (bytes: Uint8Array) => void;
 * const t = new SrtpTranscoder({ direction: 'decrypt', keys: [material] });
 * const r = t.process(udpPayload, { srcPort: 5004, dstPort: 6000 });
 * if (r.action === 'ok') write(r.bytes);
 * ```
 */
export class SrtpTranscoder {
  readonly #direction: 'decrypt' | 'encrypt';
  readonly #sessions: SrtpSession[];
  readonly #ssrcs: ReadonlySet<number> | undefined;
  readonly #rule: RtcpRule;
  /** SSRC → index of the session that authenticated it. */
  readonly #bound = new Map<number, number>();
  /** Per-SSRC counts, in order of first appearance. */
  readonly counts: Map<number, SsrcCounts> = new Map();
  /** Datagrams passed unchanged because they are not RTP/RTCP. */
  passedThrough = 0;

  /**
   * @param options - direction, keys, ROC, SRTCP tag length, SSRC filter, RTCP rule
   * @throws {TypeError} when no key is given, or several for encrypt; {RangeError} for an SRTCP tag
   * length the keys' suite does not allow
   */
  constructor(options: SrtpTranscoderOptions) {
    if (options.keys.length === 0) {
      throw new TypeError('"keys" expected at least one key');
    }
    if (options.direction === 'encrypt' && options.keys.length > 1) {
      throw new TypeError('"keys" expected one key to encrypt with');
    }
    this.#direction = options.direction;
    // Receive side with replay protection OFF: a capture may hold duplicates (retransmissions, two
    // capture points) and every authentic copy should decrypt.
    this.#sessions = options.keys.map(
      (k) =>
        new SrtpSession({
          ...k,
          replayProtection: false,
          maxSsrcs: 1 << 16,
          // --roc: the ROC of every SSRC not seen yet, which becomes state only when a packet of that
          // SSRC authenticates, so a flood of garbage SSRCs creates nothing and cannot fill maxSsrcs.
          ...(options.rolloverCounter === undefined ? {} : { initialRolloverCounter: options.rolloverCounter }),
          ...(options.srtcpTagLength === undefined ? {} : { srtcpTagLength: options.srtcpTagLength }),
        }),
    );
    this.#ssrcs = options.ssrcs !== undefined && options.ssrcs.size > 0 ? options.ssrcs : undefined;
    this.#rule = options.rtcp ?? 'pt';
  }

  /**
   * Decides what `payload` is and transforms it.
   * @param payload - one UDP payload
   * @param ports - the UDP ports when known (for the odd-port RTCP rule)
   * @returns pass, ok with the new bytes, or fail with the reason; never throws for any input
   */
  process(payload: Uint8Array, ports?: { readonly srcPort: number; readonly dstPort: number }): TranscodeResult {
    const first = payload[0] ?? 0;
    // RFC 7983 §7: 128..191 is RTP or RTCP (version 2).
    if (first < 128 || first > 191 || payload.length < 8) {
      this.passedThrough++;
      return { action: 'pass', why: 'not-rtp' };
    }
    const pt = payload[1] ?? 0;
    const rtcp =
      this.#rule === 'odd-port' && ports !== undefined ? ports.dstPort % 2 === 1 : pt >= 192 && pt <= 223;
    if (!rtcp && payload.length < 12) {
      this.passedThrough++;
      return { action: 'pass', why: 'not-rtp' };
    }
    const ssrc = rtcp ? u32(payload, 4) : u32(payload, 8);
    if (this.#ssrcs !== undefined && !this.#ssrcs.has(ssrc)) {
      return { action: 'pass', why: 'filtered' };
    }
    const kind = rtcp ? 'rtcp' : 'rtp';
    let counts = this.counts.get(ssrc);
    if (counts === undefined) {
      counts = { ssrc, ok: 0, failed: 0, rtcpOk: 0, rtcpFailed: 0, reasons: {} };
      this.counts.set(ssrc, counts);
    }
    const seq = rtcp ? undefined : ((payload[2] ?? 0) << 8) | (payload[3] ?? 0);
    let result: Uint8Array | string;
    try {
      result = this.#direction === 'decrypt' ? this.#decrypt(payload, ssrc, rtcp) : this.#encrypt(payload, ssrc, rtcp);
    } catch (e) {
      // Whatever one packet does, it is that packet's failure: the run goes on.
      result = failureReason(e);
    }
    if (typeof result === 'string') {
      if (rtcp) {
        counts.rtcpFailed++;
      } else {
        counts.failed++;
      }
      counts.reasons[result] = (counts.reasons[result] ?? 0) + 1;
      return { action: 'fail', kind, ssrc, sequenceNumber: seq, reason: result };
    }
    if (rtcp) {
      counts.rtcpOk++;
    } else {
      counts.ok++;
    }
    return { action: 'ok', kind, ssrc, bytes: result };
  }

  #decrypt(payload: Uint8Array, ssrc: number, rtcp: boolean): Uint8Array | string {
    const bound = this.#bound.get(ssrc);
    const order = bound !== undefined ? [bound] : this.#sessions.map((_, i) => i);
    let reason = 'AUTH_FAILED';
    for (const i of order) {
      const session = this.#sessions[i] as SrtpSession;
      const r = rtcp ? session.unprotectRtcp(payload) : session.unprotect(payload);
      if (r.ok) {
        this.#bound.set(ssrc, i);
        return r.packet;
      }
      reason = r.reason;
    }
    return reason;
  }

  #encrypt(payload: Uint8Array, ssrc: number, rtcp: boolean): Uint8Array | string {
    const session = this.#sessions[0] as SrtpSession;
    return rtcp ? session.protectRtcp(payload) : session.protect(payload);
  }

  /** Zeroizes the session keys. */
  dispose(): void {
    for (const s of this.#sessions) {
      s.dispose();
    }
  }
}
